"""Score a repaired text against the truth, token by token.

The unit is the truth token (a whitespace-separated word with its punctuation).
Each truth token ends up in exactly one class:

* restored   - it was damaged and the output has exactly the truth token;
* missed     - it was damaged and the output still has the damaged form (no edit);
* wrong_word - it was damaged and the output has something else (a wrong edit);
* wrong_clean- it was not damaged and the output changed it (a wrong edit);
* kept       - it was not damaged and the output has it unchanged.

recall = restored / damaged; wrong edits = wrong_word + wrong_clean;
precision = restored / (restored + wrong edits), i.e. correct token changes over all
token changes (an edit that merges two good words counts once per word it spoils).

Alignment goes through offsets, not a re-diff of the whole text: the damaged text's
tokens ("pieces") are tied to truth tokens by the damage generator's spans. The output
is aligned to the pieces line by line (difflib on lines, then on the tokens of lines
that differ, ``autojunk=False``), so whitespace changes inside a line (gap spaces
removed) do not matter. The sequence is then cut only where both sides are in sync
at a truth-token boundary, and each segment between cuts is judged on its own.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .damage import TOKEN_RE, Damaged


@dataclass(frozen=True)
class Case:
    kind: str  # "missed", "wrong_word", "wrong_clean", "inserted" (counted as wrong_clean)
    damaged: str
    got: str
    expected: str
    context: str


# Code, not prose: a token wrapped in single quotes as manuals mark code
# ('diff', ‘goffice’), or holding a mark no English word holds ('off_t',
# 'config.h', '#define', files/functions, diff3).  The issue leaves
# identifiers untouched by design, so recall is also given without them.
_QUOTED_RE = re.compile(r"^[(\[]*(?:'[^'\s]+'|\u2018[^\u2019\s]+\u2019)[).,;:!?\]]*$")
_CODE_MARK_RE = re.compile(r"[_#/\\=<>{}$%@|~]|\w\.\w|[^\W\d_]\d|\d[^\W\d_]")


def is_code(token: str) -> bool:
    """Is this truth token an identifier or code rather than a prose word?"""
    return bool(_QUOTED_RE.match(token) or _CODE_MARK_RE.search(token))


@dataclass
class Score:
    words: int = 0
    damaged: int = 0
    restored: int = 0
    missed: int = 0
    wrong_word: int = 0
    wrong_clean: int = 0
    damaged_code: int = 0  # damaged tokens that are identifiers or code (is_code)
    restored_code: int = 0
    cases: list[Case] = field(default_factory=list)

    @property
    def wrong(self) -> int:
        return self.wrong_word + self.wrong_clean

    @property
    def applied(self) -> int:
        return self.restored + self.wrong

    @property
    def recall(self) -> float:
        return self.restored / self.damaged if self.damaged else 1.0

    @property
    def prose_recall(self) -> float:
        """Recall over damaged prose words (identifiers and code left out)."""
        n = self.damaged - self.damaged_code
        return (self.restored - self.restored_code) / n if n else 1.0

    @property
    def precision(self) -> float:
        return self.restored / self.applied if self.applied else 1.0

    @property
    def wrong_per_10k(self) -> float:
        return self.wrong * 10_000 / self.words if self.words else 0.0

    def add(self, other: Score) -> None:
        for name in ("words", "damaged", "restored", "missed", "wrong_word", "wrong_clean", "damaged_code",
                     "restored_code"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.cases.extend(other.cases)


def _pieces(d: Damaged) -> tuple[list[str], list[int], list[list[int]]]:
    """Tokens of the damaged text, the truth token owning each, and lines of them."""
    starts = [a for a, _ in d.damaged_spans]
    texts: list[str] = []
    owner: list[int] = []
    lines: list[list[int]] = []
    line_ends = [i for i, ch in enumerate(d.text) if ch == "\n"] + [len(d.text)]
    li = 0
    cur: list[int] = []
    for m in TOKEN_RE.finditer(d.text):
        while m.start() > line_ends[li]:
            if cur:
                lines.append(cur)
            cur = []
            li += 1
        i = bisect.bisect_right(starts, m.start()) - 1
        if i < 0 or not (d.damaged_spans[i][0] <= m.start() < d.damaged_spans[i][1]):
            raise AssertionError(f"piece at {m.start()} owned by no truth token")
        cur.append(len(texts))
        texts.append(m.group())
        owner.append(i)
    if cur:
        lines.append(cur)
    return texts, owner, lines


def _output_lines(output: str) -> tuple[list[str], list[list[int]]]:
    toks: list[str] = []
    lines: list[list[int]] = []
    for line in output.split("\n"):
        words = line.split()
        if words:
            lines.append(list(range(len(toks), len(toks) + len(words))))
            toks.extend(words)
    return toks, lines


def _match_pieces(p_texts: list[str], p_lines: list[list[int]],
                  o_texts: list[str], o_lines: list[list[int]]) -> list[int]:
    """For each piece, the index of the identical output token it aligns to, or -1."""
    om = [-1] * len(p_texts)
    a = [tuple(p_texts[k] for k in ln) for ln in p_lines]
    b = [tuple(o_texts[k] for k in ln) for ln in o_lines]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            for pl, ol in zip(p_lines[i1:i2], o_lines[j1:j2], strict=True):
                for k, m in zip(pl, ol, strict=True):
                    om[k] = m
            continue
        # Lines that differ: align line by line when the counts agree, else as a block.
        if i2 - i1 == j2 - j1:
            pairs = list(zip(p_lines[i1:i2], o_lines[j1:j2], strict=True))
        else:
            pairs = [([k for ln in p_lines[i1:i2] for k in ln],
                      [m for ln in o_lines[j1:j2] for m in ln])]
        for pl, ol in pairs:
            sm = SequenceMatcher(None, [p_texts[k] for k in pl], [o_texts[m] for m in ol],
                                 autojunk=False)
            for t2, x1, x2, y1, _y2 in sm.get_opcodes():
                if t2 == "equal":
                    for off in range(x2 - x1):
                        om[pl[x1 + off]] = ol[y1 + off]
    return om


def score(d: Damaged, output: str, context_words: int = 4) -> Score:
    """Score ``output`` (the repair of ``d.text``) against ``d.truth``."""
    truth = d.truth_tokens
    damaged = set(d.damaged_token_indices)
    p_texts, owner, p_lines = _pieces(d)
    o_texts, o_lines = _output_lines(output)
    om = _match_pieces(p_texts, p_lines, o_texts, o_lines)

    n_pieces_of = [0] * len(truth)
    changed = [False] * len(truth)  # some piece of the token did not survive as is
    for k, i in enumerate(owner):
        n_pieces_of[i] += 1
        if om[k] < 0:
            changed[i] = True

    # Cuts: piece boundaries where both sides are in sync and the owner changes.
    cuts = [0]
    for k in range(1, len(p_texts)):
        if owner[k] != owner[k - 1] and om[k - 1] >= 0 and om[k] == om[k - 1] + 1:
            cuts.append(k)
    cuts.append(len(p_texts))

    sc = Score(words=len(truth), damaged=len(damaged))

    def ctx(i: int) -> str:
        lo, hi = max(0, i - context_words), min(len(truth), i + context_words + 1)
        return " ".join([*truth[lo:i], f"[{truth[i]}]", *truth[i + 1 : hi]])

    def judge(i: int, got: str) -> None:
        was_damaged = i in damaged
        # A token with no piece (it was only a ligature) is unchanged if nothing
        # was printed for it.
        unchanged = not changed[i] and (n_pieces_of[i] > 0 or not got)
        if was_damaged and unchanged:
            sc.missed += 1
            kind = "missed"
        elif was_damaged:
            sc.wrong_word += 1
            kind = "wrong_word"
        elif not unchanged:
            sc.wrong_clean += 1
            kind = "wrong_clean"
        else:
            return
        sc.cases.append(Case(kind, d.damaged_token(i), got, truth[i], ctx(i)))

    prev_last_owner = -1
    for s, (a, b) in enumerate(itertools.pairwise(cuts)):
        if a == b:
            continue
        last_seg = s == len(cuts) - 2
        o_lo = om[a] if a > 0 else 0
        o_hi = om[b] if b < len(p_texts) else len(o_texts)
        hi_owner = len(truth) - 1 if last_seg else owner[b - 1]
        owners = list(range(prev_last_owner + 1, hi_owner + 1))
        prev_last_owner = hi_owner
        seg_out = o_texts[o_lo:o_hi]
        tt = [truth[i] for i in owners]
        if tt == seg_out:
            sc.restored += sum(1 for i in owners if i in damaged)
            continue
        if all(om[k] >= 0 for k in range(a, b)) and o_hi - o_lo == b - a:
            for i in owners:  # untouched segment: damaged tokens were missed
                if i in damaged:
                    judge(i, " ".join(d.damaged_token(i).split()))
            continue
        sm = SequenceMatcher(None, tt, seg_out, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                sc.restored += sum(1 for i in owners[i1:i2] if i in damaged)
                continue
            got = " ".join(seg_out[j1:j2])
            for i in owners[i1:i2]:
                judge(i, got)
            if tag == "insert" and i1 > 0:  # output with no truth token: blame the left
                i = owners[i1 - 1]
                sc.cases.append(Case("inserted", d.damaged_token(i), got, truth[i], ctx(i)))
                sc.wrong_clean += 1
    if len(p_texts) == 0:  # empty damaged text
        for i in range(len(truth)):
            judge(i, "")
    code = [i for i in damaged if is_code(truth[i])]
    sc.damaged_code = len(code)
    unrestored = sum(1 for c in sc.cases if c.kind in ("missed", "wrong_word") and is_code(c.expected))
    sc.restored_code = len(code) - unrestored
    return sc
