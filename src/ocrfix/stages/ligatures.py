"""Ligature repair.

Extractors damage the fi/fl/ff/ffi/ffl ligature glyphs of typeset text in
three ways, each a rule here:

* ``codepoint``: the glyph came out as its Unicode ligature character ("ﬁ");
  it is expanded to its letters.
* ``cid``: the glyph came out as "(cid:N)" debris.  Which ligature code N
  stands for is learned per document from the words that only one reading
  explains ("e(cid:14)cient" can only be "efficient"); codes that no word
  explains stay, and are reported.
* ``split``: the glyph kept its letters but the extractor set them apart with
  a space ("signifi cant", "the fi rst", "o ffi ce"); the space goes when the
  whole reads far better than the pieces (an English word; for letters
  standing alone, a word the document also prints whole; the pieces of a
  name that come again, "Northfi eld").
* ``lost_glyph`` / ``lost_glyph_gap``: the glyph had no text at all, leaving
  "inuence" or, where the extractor put a space for its width, "in  uence",
  "the  rst".  Repaired from an index of damaged forms to English words, built
  from the lexicon (a lookup, not a search: a generic spelling corrector turns
  "eort" into "sort").

Lost glyphs are only repaired once the document as a whole shows that it loses
ligatures: enough distinct words that only ligature loss explains, compared
with the intact ligature words it also contains.  That estimate is the prior of
every decision, and bigram context decides between candidates and for the
damaged forms that are words themselves ("at"/"flat", "o"/"off").  A clean
document gets no lost-glyph edits at all.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from ..lexicon import LIGATURES, Lexicon, english
from ..model import Document, Edit
from .base import Stage

CODEPOINTS: dict[str, str] = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_EXPAND = str.maketrans(CODEPOINTS)
_CODEPOINT_RE = re.compile("[" + "".join(CODEPOINTS) + "]")
# "(cid:N)": a glyph code the extractor could not name (pdfplumber); or a
# control character U+001B-U+001F, the raw code of a font in TeX's T1
# encoding, whose ligatures sit there (pdftotext writes the code when the
# font names no character for it).
_CID_RE = re.compile(r"\(cid:(\d{1,5})\)|([\x1b-\x1f])")
_CONTROL = "\x1b\x1c\x1d\x1e\x1f"


def _code(m: re.Match[str]) -> int:
    """The code of a ``_CID_RE`` match: N of "(cid:N)", or minus the code
    point of a control character (the two are different fonts' codes)."""
    return int(m.group(1)) if m.group(1) is not None else -ord(m.group(2))


def _label(code: int) -> str:
    return f"(cid:{code})" if code >= 0 else f"control character U+{-code:04X}"
# A word: letters with inner apostrophes.
# A letter: a word character that is not a digit, not "_", and not one of the
# numbers Unicode files as "other" (superscript and subscript digits,
# fractions, circled numbers), which \w would take for letters.
_LETTER = r"[^\W\d_\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f\u2150-\u218f\u2460-\u24ff\u2776-\u2793]"
_WORD_RE = re.compile(rf"{_LETTER}+(?:['\u2019]{_LETTER}+)*")
_WORD_SPLIT_RE = re.compile(f"({_WORD_RE.pattern})")  # split keeps the words
_DIGITS_RE = re.compile(r"\d+")
_LETTER_RE = re.compile(_LETTER)
# A mark of an address or identifier in a run of non-space characters; a
# "." must also follow a letter ("x.org", "e.g"), which is checked apart: a
# look-behind on the letter class would cost a test at every position.
_ADDRESS_RE = re.compile(rf"(?:://|www\.|@|\.{_LETTER}{{1,4}}\b|[_\\/=<>{{}}#~|$%^*+\[\]])", re.I)
_QUOTES = "'\"`\u2018\u2019\u201c\u201d"
# Words after which a lone letter names something ("the x axis").
_NAMING_WORDS = frozenset({"a", "an", "the", "of"})
# Words after which it is a variable ("let x be", "x and y").
_STATING_WORDS = frozenset({"be", "is", "are", "was", "were", "and", "or"})
_CID_TOKEN_RE = re.compile(rf"(?:{_LETTER}|\(cid:\d{{1,5}}\)|[\x1b-\x1f])+")


def _case_like(template: str, word: str) -> str:
    """``word`` (lowercase) in the case pattern of ``template``."""
    letters = [c for c in template if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if letters and letters[0].isupper():
        return word[:1].upper() + word[1:]
    return word


def _cid_tokens(text: str) -> set[str]:
    """The distinct tokens (runs of letters and "(cid:N)" codes, as
    ``_CID_TOKEN_RE`` finds them) that hold a code: each found from its
    codes outwards, not by running the token pattern over every word."""
    found: set[str] = set()
    n = len(text)
    reach = 0  # the end of the last token found: later codes in it are done
    for m in _CID_RE.finditer(text):
        if m.start() < reach:
            continue
        lo = m.start()
        while lo > 0:
            if _LETTER_RE.match(text, lo - 1):
                lo -= 1
            elif text[lo - 1] == ")" and (u := _CID_BEFORE_RE.search(text, max(0, lo - 12), lo)) is not None:
                lo = u.start()
            elif text[lo - 1] in _CONTROL:
                lo -= 1
            else:
                break
        hi = m.end()
        while hi < n:
            if _LETTER_RE.match(text, hi):
                hi += 1
            elif (text[hi] == "(" or text[hi] in _CONTROL) and (u := _CID_RE.match(text, hi)) is not None:
                hi = u.end()
            else:
                break
        found.add(text[lo:hi])
        reach = hi
    return found


# A "(cid:N)" code that ends where the search window ends.
_CID_BEFORE_RE = re.compile(r"\(cid:\d{1,5}\)\Z")


def _substitute_cid(token: str, code: int, reading: str) -> str:
    """``token`` with (cid:code) read as ``reading`` and other codes as NUL."""

    def one(m: re.Match[str]) -> str:
        return reading if _code(m) == code else "\x00"

    return _CID_RE.sub(one, token)


def _norm(token: str) -> str:
    return token.lower().replace("\u2019", "'")


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    key: str  # lowercase lookup form
    prose: bool  # False inside addresses, identifiers, mixed letter-digit runs


def _tokens(text: str, parts: list[str] | None = None) -> list[_Token]:
    """The words of ``text``; ``parts`` is ``_WORD_SPLIT_RE.split(text)`` when
    the caller has it already."""
    # Built column by column, with no Python-level step per token (a text of
    # 50 KB has 8,000 of them): one split gives the words and what lies
    # between them, their lengths give the offsets, and the tokens that are
    # not prose are marked afterwards (they are few).
    if parts is None:
        parts = _WORD_SPLIT_RE.split(text)
    offsets = list(itertools.accumulate(map(len, parts), initial=0))
    words = parts[1::2]
    starts = offsets[1:-1:2]
    ends = offsets[2:-1:2]
    keys = list(map(str.lower, words))
    # Keys read a curly apostrophe as straight and a ligature character as
    # its letters (other letters stay as they are).
    curly = itertools.compress(range(len(keys)), map(operator.contains, keys, itertools.repeat("\u2019")))
    # The tokens holding a ligature character, found from the characters (a
    # search of each key would be a call per token).
    ligated: list[int] = []
    for m in _CODEPOINT_RE.finditer(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < ends[k] and (not ligated or ligated[-1] != k):
            ligated.append(k)
    for i in itertools.chain(curly, ligated):
        keys[i] = keys[i].replace("\u2019", "'").translate(_EXPAND)
    prose = [True] * len(words)
    # Letters glued to digits ("x86", "2nd") are identifiers.
    for m in _DIGITS_RE.finditer(text):
        p, q = m.span()
        k = bisect.bisect_right(starts, p) - 1  # the token ending at p, if any; k + 1 may start at q
        if k >= 0 and ends[k] == p:
            prose[k] = False
        if k + 1 < len(starts) and starts[k + 1] == q:
            prose[k + 1] = False
    # Runs of non-space characters that hold an address or identifier mark.
    last_hi = -1
    n = len(text)
    for m in _ADDRESS_RE.finditer(text):
        if m.start() < last_hi:
            continue
        if m.group()[0] == "." and not (m.start() and _LETTER_RE.match(text, m.start() - 1)):
            continue
        lo = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start()), text.rfind("\t", 0, m.start())) + 1
        hi = m.end()
        while hi < n and not text[hi].isspace():
            hi += 1
        last_hi = hi
        for k in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)):
            prose[k] = False
    new = tuple.__new__  # _Token's own __new__ is a Python call per token
    return list(map(new, itertools.repeat(_Token), zip(starts, ends, words, keys, prose, strict=True)))


@dataclass
class _Proposal:
    start: int
    end: int
    new: str
    rule: str
    logodds: float  # evidence for the repair, natural log, before the prior
    reason: str
    strong: bool  # would be damage evidence on its own (no real word loses to it)
    rank: float | None = None  # score to rank overlapping proposals (default: logodds)
    # How the reading says the glyph was lost: "joined" (inside a word, no
    # trace: "inuence"), "gap" (inside a word, it left a space: "in uence",
    # "in rm" read as "infirm"), "edge" (at a word's edge, next to a space
    # that stays a plain word space: "in rm" read as "in firm"), "edge_gap"
    # (at a word's edge, it left a space of its own: "the  rst", "o ,"), or
    # "either".
    form: str = "either"


@dataclass(frozen=True)
class Ligatures(Stage):
    """Repair ligatures lost or mangled by the extractor."""

    # Distinct damaged words needed before lost glyphs are repaired at all.
    min_evidence: int = 2
    # Repair glyphs lost without a code (off: only code points and (cid:N)).
    repair_lost: bool = True
    # Below this share of damaged ligature words (and fewer than 10 of them)
    # the document is taken as clean.
    min_loss_rate: float = 0.1

    name: ClassVar[str] = "ligatures"
    rules: ClassVar[dict[str, str]] = {
        "ligatures.codepoint": "ligature character expanded: 'ﬁ' -> 'fi'",
        "ligatures.cid": (
            "'(cid:N)' debris (or a T1 font's control-character code) replaced by the ligature the document shows it stands for"
        ),
        "ligatures.cid_unknown": "'(cid:N)' debris no word explains: kept and reported (never applied)",
        "ligatures.split": "ligature letters set apart by a space joined to their word: 'signifi cant' -> 'significant'",
        "ligatures.lost_glyph": "ligature glyph lost without trace restored: 'inuence' -> 'influence'",
        "ligatures.lost_glyph_gap": "ligature glyph lost leaving a space restored: 'in  uence' -> 'influence'",
    }
    cleans_channels: ClassVar[bool] = False

    def __call__(self, doc: Document) -> Iterator[Edit]:
        text = doc.text
        split, split_spans = self._split(text)
        edits: list[Edit] = list(split)
        for m in _CODEPOINT_RE.finditer(text):
            if split_spans and _inside(split_spans, m.start()):
                continue  # expanded by the split edit around it
            edits.append(
                Edit(
                    m.start(),
                    m.end(),
                    CODEPOINTS[m.group()],
                    "ligatures.codepoint",
                    confidence=1.0,
                    reason=f"U+{ord(m.group()):04X} is the '{CODEPOINTS[m.group()]}' ligature",
                )
            )
        if "(cid:" in text or any(c in text for c in _CONTROL):
            edits.extend(self._cid(text))
        if self.repair_lost:
            # Words with split letters are not read as lost glyphs, even when
            # too few to repair ("fi nancial" is not "fi financial").
            taken = [(e.start, e.end) for e in edits] + [sp for sp in split_spans if not split]
            edits.extend(self._lost(doc, text, taken))
        edits.sort(key=lambda e: e.start)
        yield from edits

    # --- letters set apart ------------------------------------------------------
    def _split(self, text: str) -> tuple[list[Edit], list[tuple[int, int]]]:
        """Edits joining ligature letters set apart by a space to their word
        ("signifi cant", "the fi rst", "o ffi ce"), and the spans of all the
        words found so.  The edits are only made once the document shows the
        damage ``min_evidence`` times (fewer: none, but the spans are still
        returned, so that no other rule reads the pieces)."""
        found = _split_words(english(), text)
        spans = [(start, end) for start, end, _w, _b, _how in found]
        words = sum(1 for *_x, how in found if how != "pieces")
        if words < self.min_evidence:
            return [], spans
        edits = []
        for start, end, word, letters, how in found:
            old = text[start:end]
            edits.append(
                Edit(
                    start,
                    end,
                    word,
                    "ligatures.split",
                    confidence={"lexicon": 0.95, "document": 0.9}.get(how, 0.75),
                    reason=f"'{letters}' set apart by a space in '{old}': "
                    + {
                        "lexicon": f"'{word}' is an English word",
                        "document": f"'{word}' is a word this document prints whole",
                    }.get(how, "neither piece is a word (a name)")
                    + f"; {words} words in the document split so",
                )
            )
        return edits, spans

    # --- (cid:N) ----------------------------------------------------------------
    def _cid(self, text: str) -> list[Edit]:
        lex = english()
        readings_of: dict[int, Counter[str]] = defaultdict(Counter)
        words_with: dict[int, set[str]] = defaultdict(set)
        for token in _cid_tokens(text):
            codes = {_code(m) for m in _CID_RE.finditer(token)}
            if not codes or _CID_RE.sub("", token) == "":
                continue
            for code in codes:
                words_with[code].add(token)
        for code, tokens in words_with.items():
            for token in tokens:
                if sum(map(str.isalpha, _CID_RE.sub("", token))) < 2:
                    continue  # "i(cid:36)": a letter and a code are no evidence of a word
                explained = []
                for reading in self._readings(code):
                    word = _substitute_cid(token, code, reading)
                    if "\x00" in word:
                        # Other codes in the same word: only the letters around count.
                        parts = [p for p in word.split("\x00") if p]
                        ok = all(_norm(p) in lex for p in parts) and any(
                            lex.zipf(_norm(p)) >= 2.0 for p in parts
                        )
                    else:
                        ok = lex.zipf(_norm(word)) >= 1.5
                    if ok:
                        explained.append(reading)
                if len(explained) == 1:
                    readings_of[code][explained[0]] += 1
                # The code read as nothing: a word of the spelling dictionary
                # ("provid(cid:105)ed"): a symbol the reader put between the
                # letters, not a glyph of the word.
                bare = _substitute_cid(token, code, "")
                if "\x00" not in bare and not explained and lex.core(_norm(bare)):
                    readings_of[code][""] += 1
        mapping: dict[int, tuple[str, int]] = {}
        for code, counts in readings_of.items():
            ranked = counts.most_common(2)
            best, support = ranked[0]
            if not best:
                continue  # the code is debris between letters, not a letter
            runner = ranked[1][1] if len(ranked) > 1 else 0
            if (support >= 2 and support >= 3 * runner) or (support == 1 and runner == 0 and len(words_with[code]) == 1):
                mapping[code] = (best, support)
        edits: list[Edit] = []
        for m in _CID_RE.finditer(text):
            code = _code(m)
            if code in mapping:
                reading, support = mapping[code]
                edits.append(
                    Edit(
                        m.start(),
                        m.end(),
                        reading,
                        "ligatures.cid",
                        confidence=0.99 if support >= 2 else 0.8,
                        reason=f"{_label(code)} reads '{reading}' in {support} word(s) only that reading explains",
                    )
                )
            else:
                edits.append(
                    Edit(
                        m.start(),
                        m.end(),
                        m.group(),
                        "ligatures.cid_unknown",
                        confidence=0.0,
                        reason=f"no word in this document shows what {_label(code)} stands for",
                    )
                )
        return edits

    @staticmethod
    def _readings(code: int) -> list[str]:
        readings = list(LIGATURES)
        if 33 <= code < 127:
            readings.append(chr(code))
        return readings

    # --- lost glyphs ------------------------------------------------------------
    def _lost(self, doc: Document, text: str, taken: list[tuple[int, int]]) -> list[Edit]:
        lex = english()
        parts = _WORD_SPLIT_RE.split(text)  # the words are parts[1::2]
        if not self._worth_a_look(lex, text, parts[1::2]):
            return []
        tokens = _tokens(text, parts)
        if taken:
            # Tokens inside or touching an edit already proposed are not
            # repaired here, but stay as context.
            starts, ends = list(map(_START, tokens)), list(map(_END, tokens))
            for s, e in taken:
                if e > s:
                    for k in range(bisect.bisect_left(ends, s), bisect.bisect_right(starts, e)):
                        tokens[k] = tokens[k]._replace(prose=False)
        if not tokens:
            return []
        # What the lexicon says of each distinct word, looked up once.  (Loops
        # over every token are mapped C functions here: a text has thousands.)
        key_list = list(map(_KEY, tokens))
        keys = set(key_list)
        index = lex.damaged_forms()
        cands_of = {k: index[k] for k in filter(index.__contains__, keys)}
        core = set(filter(lex.core_words().__contains__, keys))
        if self._possible_damage(lex, tokens, text, cands_of, core) < self.min_evidence:
            return []  # cannot reach the gate: skip the scoring
        intact = sum(n for k, n in Counter(key_list).items() if "f" in k and ("ff" in k or "fi" in k or "fl" in k))
        proposals: list[_Proposal] = []
        overrepresented = self._overrepresented(lex, tokens)
        symbols = self._letters_as_symbols(lex, tokens, text)
        # Pass 1: what can be evidence of loss (tokens outside the core
        # vocabulary, gaps); pass 2, only once the gate is open: words that
        # may be damaged forms themselves.
        later: list[tuple[int, list[str]]] = []
        for i in itertools.compress(range(len(tokens)), map(cands_of.__contains__, key_list)):
            t = tokens[i]
            cands = cands_of[t.key]
            if not t.prose or len(t.key) > 40:
                continue
            if t.key in core:
                later.append((i, cands))
                continue
            p = self._single(lex, tokens, i, cands, text, overrepresented, symbols)
            if p is not None:
                proposals.append(p)
        common = _common_among(lex, core)
        proposals += self._gaps(lex, tokens, text, _gap_pairs(lex, tokens, text), common)
        if len({text[p.start : p.end].strip().lower() for p in _best_non_overlapping(proposals) if p.strong}) < (
            self.min_evidence
        ):
            return []
        # The common words among them that _single would dismiss first are
        # dismissed here, without the call (they are thousands).
        dismissible: dict[str, str] = {}
        for key, cands in {key_list[i]: cands for i, cands in later}.items():
            likely = _likely(lex, key, cands)
            if key not in overrepresented and lex.zipf(key) >= lex.zipf(likely) - 1.0:
                dismissible[key] = likely
        # _dismissed's test, with the context read from the split (only
        # spaces between two words: they are neighbours) and the answer kept
        # per word and neighbours ("of the" comes hundreds of times).
        spaced = list(map(str.isspace, parts[2:-1:2]))  # between token k and k + 1
        last = len(tokens) - 1
        left_alone: dict[tuple[str, str | None, str | None], bool] = {}
        for i, cands in later:
            key = key_list[i]
            likely_or_none = dismissible.get(key)
            if likely_or_none is not None and not _by_hyphen(text, tokens[i].start, tokens[i].end):
                left = key_list[i - 1] if i and spaced[i - 1] else None
                right = key_list[i + 1] if i < last and spaced[i] else None
                ctx = (key, left, right)
                alone = left_alone.get(ctx)
                if alone is None:
                    alone = left_alone[ctx] = _left_alone(lex, key, likely_or_none, left, right)
                if alone:
                    continue
            p = self._single(lex, tokens, i, cands, text, overrepresented, symbols)
            if p is not None:
                proposals.append(p)
        shares = self._form_shares(text, proposals)
        doc.facts["ligatures.gap_share"] = round(shares["gap"], 3)
        doc.facts["ligatures.edge_gap_share"] = round(shares["edge_gap"], 3)
        doc.scratch["ligatures.shares"] = shares  # unrounded: a share can be near 0
        _weigh_forms(proposals, shares)
        proposals = _best_non_overlapping(proposals)
        damaged_types = {text[p.start : p.end].strip().lower() for p in proposals if p.strong}
        if len(damaged_types) < self.min_evidence:
            return []
        d = len(damaged_types)
        p_loss = min(0.99, (d + 0.5) / (d + intact + 1.0))
        if p_loss < self.min_loss_rate and d < 10:
            return []  # a few odd words among many intact ligatures: not a damaged document
        doc.facts["ligatures.loss_estimate"] = round(p_loss, 3)
        # For the second pass (ligatures_new_words).
        doc.scratch["ligatures.damaged_words"] = d
        doc.scratch["ligatures.symbols"] = symbols
        return _edits(proposals, p_loss, d)

    def _gaps(
        self, lex: Lexicon, tokens: list[_Token], text: str, pairs: Iterable[int], common: set[str]
    ) -> list[_Proposal]:
        """Proposals for the gaps after tokens ``pairs``: "in  uence",
        "di erent", "the  rst", "o  the".  Two ``common`` words and one space
        show no trace of a lost glyph."""
        out = []
        for i in pairs:
            a, b = tokens[i], tokens[i + 1]
            if b.start == a.end + 1 and a.key in common and b.key in common:
                continue
            if not (a.prose and b.prose) or b.start - a.end > 3:
                continue
            gap = text[a.end : b.start]
            if not gap or gap.strip(" ") != "":
                continue
            p = self._join(lex, tokens, i, gap, text)
            if p is not None:
                out.append(p)
        return out

    def lost_in_new_words(self, doc: Document) -> list[Edit]:
        """Lost glyphs in words that appeared since the first pass (see
        stages/ligatures_new_words.py): the words at the seams of the text,
        where later stages inserted or took out characters.  They are judged
        with what the first pass learned of the document: that it loses
        ligatures, how much, and how its extractor leaves gaps."""
        p_loss = doc.facts.get("ligatures.loss_estimate")
        if p_loss is None:
            return []  # the first pass did not run, or the document does not lose ligatures
        text = doc.text
        seams = doc.align.seams()
        if not seams:
            return []
        lex = english()
        symbols = bool(doc.scratch.get("ligatures.symbols", False))
        proposals: list[_Proposal] = []
        for lo, hi, inside in _windows(text, seams):
            sub = text[lo:hi]
            tokens = _tokens(sub)
            fresh = _holding(tokens, inside)
            found: list[_Proposal] = []
            for i in fresh:
                t = tokens[i]
                cands = lex.ligature_candidates(t.key)
                if cands and t.prose and len(t.key) <= 40:
                    p = self._single(lex, tokens, i, cands, sub, {}, symbols)
                    if p is not None:
                        found.append(p)
            near = sorted({j for i in fresh for j in (i - 1, i) if 0 <= j < len(tokens) - 1})
            common = _common_among(lex, {tokens[j].key for i in near for j in (i, i + 1)})
            found += self._gaps(lex, tokens, sub, near, common)
            for p in found:
                p.start += lo
                p.end += lo
            proposals += found
        _weigh_forms(proposals, doc.scratch.get("ligatures.shares", {"gap": 0.5, "edge_gap": 0.5}))
        return _edits(_best_non_overlapping(proposals), float(p_loss), int(doc.scratch.get("ligatures.damaged_words", 0)))

    @staticmethod
    def _form_shares(text: str, proposals: list[_Proposal]) -> dict[str, float]:
        """How this document's extractor loses a glyph, from the sites that
        are damage for sure (strong proposals):

        * inside a word: with a space ("in uence") or without ("inuence");
          the share of the first is ``gap``;
        * at a word's edge: with a space of its own ("the  rst") or with none
          beyond the word space ("the rst"; pdfplumber merges the two); the
          share of the first is ``edge_gap``.

        An extractor treats a given glyph the same way every time, so every
        site counts and the shares are smoothed only lightly towards 1/2;
        they tell which reading of an ambiguous site fits the document:
        where glyphs leave spaces of their own, "in rm" is "infirm"; where
        they leave none, "in firm"."""
        seen: Counter[str] = Counter()
        # A site that also reads as a split word ("in rm": "infirm") is the
        # question, not evidence.
        splits = sorted((p.start, p.end) for p in proposals if p.form == "gap")
        for p in _best_non_overlapping(proposals):
            if not p.strong or p.form == "either":
                continue
            if p.form == "edge":
                k = bisect.bisect_left(splits, (p.end, -1))
                if any(s < p.end and e > p.start for s, e in splits[max(0, k - 3) : k]):
                    continue
                if not _PLAIN_WORD_RE.fullmatch(_run_around(text, p.start, p.end)):
                    continue  # "'#de ne'", "'o _t'", "sh-while": code, not prose spacing
            seen[p.form] += 1

        def share(yes: str, no: str) -> float:
            return (seen[yes] + 0.1) / (seen[yes] + seen[no] + 0.2)

        return {"gap": share("gap", "joined"), "edge_gap": share("edge_gap", "edge")}

    def _worth_a_look(self, lex: Lexicon, text: str, words_found: list[str]) -> bool:
        """A quick scan of the distinct words (``words_found``: the text's
        words): could this text reach the gate?  Clean text usually cannot,
        and is spared the tokenising and scoring."""
        words = set(map(str.lower, set(words_found)))
        evidence = 0
        index, core = lex.damaged_forms(), lex.core_words()
        # (filter with the table's own lookup: set.intersection(dict) would
        # walk the whole table)
        for w in itertools.filterfalse(core.__contains__, filter(index.__contains__, words)):
            if any(lex.zipf(c) >= 3.0 for c in lex.ligature_candidates(w)):
                evidence += 1
                if evidence >= self.min_evidence:
                    return True
        # Gaps a lost glyph leaves: two or three spaces inside a line.
        return evidence + len(_DOUBLE_GAP.findall(text, 0, 200_000)) >= self.min_evidence

    @staticmethod
    def _possible_damage(
        lex: Lexicon, tokens: list[_Token], text: str, cands_of: dict[str, list[str]], core: set[str]
    ) -> int:
        """An upper bound on the distinct damaged words the gate will count:
        tokens outside the core vocabulary that a frequent word explains, and
        pairs split by a gap that join into a word."""
        prose_keys = set(itertools.compress(map(_KEY, tokens), map(_PROSE, tokens))).intersection(cands_of) - core
        possible = {k for k in prose_keys if any(lex.zipf(c) >= 3.0 for c in cands_of[k])}
        if len(possible) >= 2:
            return len(possible)
        for a, b in itertools.pairwise(tokens):
            if not (0 < b.start - a.end <= 3 and text[a.end : b.start].strip(" ") == ""):
                continue
            if any(lex.zipf(a.key + lg + b.key) >= 3.0 or lex.zipf(lg + b.key) >= 3.0 for lg in LIGATURES):
                possible.add(a.key + " " + b.key)
                if len(possible) >= 2:
                    break
        return len(possible)

    @staticmethod
    def _overrepresented(lex: Lexicon, tokens: list[_Token]) -> dict[str, float]:
        """Damaged forms that are words, used far more often than English uses
        them, whose repaired word never appears intact: observed / expected."""
        counts = Counter(itertools.compress(map(_KEY, tokens), map(_PROSE, tokens)))
        # Words seen with their ligature letters intact ("File" has none: a
        # capital F makes no ligature).
        intact: Counter[str] = Counter()
        for t in itertools.compress(tokens, map(operator.contains, map(_TEXT, tokens), itertools.repeat("f"))):
            if "ff" in t.text or "fi" in t.text or "fl" in t.text:
                intact[t.key] += 1
        n = len(tokens)
        out: dict[str, float] = {}
        for key, c in counts.items():
            if c < 3 or lex.zipf(key) < 3.0:
                continue  # rare tokens need no special evidence: they lose to the candidate anyway
            cands = lex.ligature_candidates(key)
            if not cands:
                continue
            top = max(cands, key=lex.zipf)
            if intact.get(top, 0) or lex.zipf(top) < lex.zipf(key) - 0.25:
                continue  # the word is there intact; "replace" is not a damaged "fireplace"
            expected = math.exp(lex.logp(key)) * n
            ratio = c / max(expected, 1e-9)
            if ratio >= 5.0:
                out[key] = ratio
        return out

    @staticmethod
    def _context(tokens: list[_Token], i: int, j: int, text: str) -> tuple[str | None, str | None]:
        """Words before token i and after token j, if only spaces separate them."""
        left = tokens[i - 1].key if i > 0 and text[tokens[i - 1].end : tokens[i].start].isspace() else None
        right = (
            tokens[j + 1].key if j + 1 < len(tokens) and text[tokens[j].end : tokens[j + 1].start].isspace() else None
        )
        return left, right

    @staticmethod
    def _keep_score(lex: Lexicon, token: _Token) -> float:
        """Log-probability that ``token`` is meant as it stands.

        Words of the core vocabulary count fully.  Other tokens the web-text
        list knows ("rst", "nd", "le") are mostly debris or foreign words in
        English prose and count 30 times less; unknown tokens get a floor,
        higher when capitalised (names).
        """
        if lex.core(token.key):
            return lex.logp(token.key)
        floor = -9.0 + (1.0 if token.text[:1].isupper() else 0.5)
        return max(lex.logp(token.key) - 1.5 * _LN10, floor * _LN10)

    @staticmethod
    def _letters_as_symbols(lex: Lexicon, tokens: list[_Token], text: str) -> bool:
        """Does the text use lone letters as symbols ("let n be", "k is zero")?
        Evidence: two or more distinct lone lowercase letters that no lost
        ligature of a common word explains ("n", "k"; not "x" from "fix", nor
        "a", "i", "o"), standing between spaces as words do (not quoted, not
        an option like "-p", not an abbreviation like "e.g.")."""
        seen: set[str] = set()
        for t in itertools.compress(tokens, map((1).__eq__, map(len, map(_KEY, tokens)))):
            if not t.text.islower() or t.key in "aio" or not t.key.isascii():
                continue
            before, after = text[t.start - 1 : t.start], text[t.end : t.end + 1]
            if not before.isspace() or not (after.isspace() or after in ",;:"):
                continue  # quoted, an option ("-p"), an abbreviation ("e.g."), "&c", "author(s)"
            if not any(lex.core(c) and lex.zipf(c) >= 4.0 for c in lex.ligature_candidates(t.key)):
                seen.add(t.key)
                if len(seen) >= 2:
                    return True
        return False

    @staticmethod
    def _lone_letter(
        lex: Lexicon, t: _Token, best: str, left: str | None, right: str | None, gain: float, symbols: bool
    ) -> bool:
        """A lone lowercase letter that stands for ``best``, a common word, with
        words on both sides, in a text that does not use letters as symbols,
        and no context against the repair.  After an article or "of" a letter
        is more often a name than a damaged word ("the x axis", "the key of g
        minor"), and before "be", "is", "and" a variable ("let x be", "x and
        y")."""
        return (
            not symbols
            and t.text.islower()
            and t.key not in "aio"
            and left is not None
            and right is not None
            and left not in _NAMING_WORDS
            and right not in _STATING_WORDS
            and gain >= 0.0
            and _common(lex, best)
        )

    @staticmethod
    def _common_neighbours(lex: Lexicon, left: str | None, right: str | None) -> bool:
        """At least one neighbouring word, and each one a common English word
        (not "wu gong ying she", a romanised title)."""
        near = [w for w in (left, right) if w is not None]
        return bool(near) and all(_common(lex, w) for w in near)

    @staticmethod
    def _both_sides_agree(lex: Lexicon, key: str, word: str, left: str | None, right: str | None) -> bool:
        """The words on both sides favour ``word`` over ``key``."""
        return (
            left is not None
            and right is not None
            and lex.pmi(left, word) > lex.pmi(left, key)
            and lex.pmi(word, right) > lex.pmi(key, right)
        )

    @staticmethod
    def _english_neighbours(lex: Lexicon, tokens: list[_Token], i: int, j: int) -> int:
        """How many of the two words on each side are common English words
        (0 when two are foreign, words the lexicon does not know and no lost
        glyph explains, and fewer than two are English)."""
        around = tokens[max(0, i - 2) : i] + tokens[j + 1 : j + 3]

        def common(word: str) -> bool:
            return lex.core(word) and lex.zipf(word) >= 3.0

        # A damaged neighbour counts as the word it stands for, so that the
        # answer does not change once it is repaired.
        english = sum(1 for t in around if common(t.key) or any(common(c) for c in lex.ligature_candidates(t.key)))
        foreign = sum(1 for t in around if not lex.core(t.key) and not lex.ligature_candidates(t.key))
        return 0 if foreign >= 2 and english < 2 else english

    def _single(
        self,
        lex: Lexicon,
        tokens: list[_Token],
        i: int,
        cands: list[str],
        text: str,
        overrepresented: dict[str, float],
        symbols: bool = False,
    ) -> _Proposal | None:
        t = tokens[i]
        after = text[t.end : t.end + 1]
        before = text[t.start - 1 : t.start] if t.start else ""
        known = lex.core(t.key)
        # A word of the core vocabulary that is not much rarer than the word
        # it could be damaged from ("at"/"flat", "led"/"fled") is ambiguous;
        # a rare one ("suer" against "suffer") is not.
        likely = _likely(lex, t.key, cands)
        ambiguous = known and lex.zipf(t.key) >= lex.zipf(likely) - 1.0
        if ambiguous and t.key not in overrepresented and self._dismissed(lex, tokens, i, likely, text):
            return None
        if before and after and before in _QUOTES and after in _QUOTES and len(t.key) <= 3:
            return None  # 'sh', 'ls': a quoted name or command
        if before == "-" and text[t.start - 2 : t.start - 1] in ("", " ", "-", *_QUOTES):
            return None  # "-o", "--output": a command-line option
        nxt = text[t.end + 1 : t.end + 3].lstrip(" ")[:1]
        if len(t.key) <= 3 and after == "." and t.text.islower() and (not nxt or nxt.islower() or nxt.isdigit()):
            return None  # "ed. by", "op. 11", "l. 43": an abbreviation, not a damaged word
        joined_before = before == "-" and text[t.start - 2 : t.start - 1].isalpha()
        joined_after = after == "-" and (text[t.end + 1 : t.end + 2].isalpha() or text[t.end + 1 : t.end + 2] in "\n\r")
        if known and (joined_before or joined_after):
            return None  # part of a compound or of a word broken at a line end ("--" is a dash)
        broken = self._line_end_fragment(lex, tokens, i, text)
        if broken is not None:
            return broken if isinstance(broken, _Proposal) else None
        left, right = self._context(tokens, i, i, text)
        if (ambiguous or len(t.key) == 1) and left is None and right is None and t.key not in overrepresented:
            return None  # a word (or letter) standing alone: nothing to go on
        if ambiguous and t.key not in overrepresented and not _context_asks(lex, t.key, likely, left, right):
            return None
        if self._english_neighbours(lex, tokens, i, i) == 0:
            return None  # foreign or non-prose context: not ours to change
        if t.text[:1].isupper():
            # "Fi", "Fl", "FF" are never ligatures: the glyph cannot start a
            # capitalised word or a word in capitals.
            cands = [c for c in cands if not c.startswith("f") or t.key.startswith("f")]
        if not cands:
            return None
        top = sorted(cands, key=lex.logp, reverse=True)[:4]
        scored = sorted(((self._score(lex, c, left, right), c) for c in top), reverse=True)
        s_best, best = scored[0]
        gain = (lex.pmi(left, best) + lex.pmi(best, right)) - (lex.pmi(left, t.key) + lex.pmi(t.key, right))
        if lex.zipf(t.key) >= 3.0 and lex.zipf(best) < 3.5 and gain < 3.0:
            return None  # a common token against a rare word, and no strong context for it
        s_keep = self._score(lex, t.key, left, right) - lex.logp(t.key) + self._keep_score(lex, t)
        over = overrepresented.get(t.key, 0.0)
        rank: float | None = None
        weak = False
        if over >= 5.0:
            # The document uses this form far more often than English does while
            # the repaired word never appears intact: most of its uses are damage.
            if gain < 0.0:
                return None
            # At least the odds the counts give, whatever the unigram prior says
            # (but overlapping proposals are still ranked on the plain scores).
            rank = s_best - s_keep
            s_keep = min(s_keep, s_best - math.log(over - 1.0))
        elif len(t.key) == 1 and self._lone_letter(lex, t, best, left, right, gain, symbols):
            # A lone lowercase letter between English words, in a text that
            # does not use letters as symbols: a word that lost its glyph
            # ("she could x on" -> "fix") unless the context says otherwise.
            # Not evidence of loss on its own: the gate must open without it.
            weak = True
        elif ambiguous or len(t.key) == 1:
            # The damaged form is a word itself ("at", "our", "led"), or a single
            # letter: only the context can speak for the repair.
            if (left is None and right is None) or gain <= 2.0:
                return None
            named = left in _NAMING_WORDS or right in _STATING_WORDS
            if len(t.key) == 1 and (symbols or named) and not self._both_sides_agree(lex, t.key, best, left, right):
                return None  # letters used as symbols: "the x axis" is not "the fix axis", "x and y"
            s_keep += math.log(5.0)  # and it must speak clearly
        elif lex.zipf(t.key) >= 3.0:
            # A token common on the web (a name, a foreign word): the context
            # must lean towards the repair, and more caution.  A lowercase
            # fragment far rarer than the word it completes ("ying"/"flying",
            # "rm"/"firm"), between common English words, needs only a context
            # that does not lean against it.
            fragment = (
                t.text.islower()
                and lex.core(best)
                and lex.zipf(best) >= lex.zipf(t.key) + 0.5
                and self._common_neighbours(lex, left, right)
            )
            if gain < 0.0 or (gain <= 0.5 and not fragment):
                return None
            s_keep += _LN10
        logodds = s_best - s_keep
        if len(scored) > 1:
            # Two candidates with similar evidence: less sure.
            logodds -= math.log1p(math.exp(scored[1][0] - s_best))
        strong = not known and not weak and lex.zipf(best) >= 3.0 and logodds > 4.0
        if rank is None:
            rank = logodds
        new = _case_like(t.text, best)
        start, end = t.start, t.end
        rule = "ligatures.lost_glyph"
        # Where the glyph left a space next to punctuation ("o ," "‘ le"), the
        # space goes with the glyph.
        if best.startswith(t.key) and not best.endswith(t.key) and text[t.end : t.end + 1] == " ":
            nxt = text[t.end + 1 : t.end + 2]
            beyond = text[t.end + 2 : t.end + 3]
            closing = nxt in _CLOSING and (nxt not in _QUOTES or not beyond or not beyond.isalnum())
            if closing or nxt in (" ", "\n", "\f", ""):
                end, rule = t.end + 1, "ligatures.lost_glyph_gap"
        elif best.endswith(t.key) and not best.startswith(t.key) and t.start >= 1 and text[t.start - 1] == " ":
            prv = text[t.start - 2] if t.start >= 2 else "\n"
            before_prv = text[t.start - 3 : t.start - 2]
            opening = prv in _OPENING and (not before_prv or before_prv.isspace() or before_prv in "([{")
            compound = prv == "-" and before_prv.isalpha()
            if opening or compound or prv in (" ", "\n", "\f"):
                start, rule = t.start - 1, "ligatures.lost_glyph_gap"
        if "\u2019" in t.text:
            new = new.replace("'", "\u2019")
        return _Proposal(
            start,
            end,
            new,
            rule,
            logodds,
            f"'{t.text}' is '{new}' without its ligature (log-odds {logodds:.1f} in context '{left or ''} _ {right or ''}')",
            strong,
            rank,
            form=_single_form(t.key, best, rule),
        )

    def _dismissed(self, lex: Lexicon, tokens: list[_Token], i: int, likely: str, text: str) -> bool:
        """For token ``i``, a common word a lost glyph could have made
        ("of"/"off", "in"/"fin"; ``likely``: its most frequent candidate),
        not over-represented: is it left as it is before any other test,
        standing alone or in a context that does not ask for the repair?
        Most tokens end here.  The look at the context is the same as the
        one ``_single`` makes later; only a fragment of a word broken at a
        line end, repaired whatever its context, must be looked at first."""
        t = tokens[i]
        if _by_hyphen(text, t.start, t.end):
            return False
        left, right = self._context(tokens, i, i, text)
        return _left_alone(lex, t.key, likely, left, right)

    @staticmethod
    def _line_end_fragment(lex: Lexicon, tokens: list[_Token], i: int, text: str) -> _Proposal | bool | None:
        """For a token next to a hyphen at a line end ("man-" / "ner"): None if
        it is not such a fragment, False if the broken word is fine as it is,
        or a proposal that repairs this fragment of the broken word."""
        t = tokens[i]
        before = _HYPHEN_BREAK_BEFORE.search(text, max(0, t.start - 4), t.start)
        after = _HYPHEN_BREAK_AFTER.match(text, t.end)
        if before is not None and before.end() == t.start and i > 0:
            head, tail, mine = tokens[i - 1].key, t.key, "tail"
        elif after is not None and i + 1 < len(tokens):
            head, tail, mine = t.key, tokens[i + 1].key, "head"
        else:
            return None
        joined = head + tail
        if lex.core(joined) or lex.zipf(joined) >= 3.0:
            return False
        cands = [c for c in lex.ligature_candidates(joined) if lex.zipf(c) >= 3.0]
        if not cands:
            # No word the two pieces make with a glyph: a name, or the head is
            # the end of a run that lost its spaces ("...SovietUnioninNovem-" /
            # "ber" is not "fiber").  Judged once the break is joined (the
            # second pass reads the words at the seams the join leaves).
            return False
        best = max(cands, key=lex.zipf)
        if mine == "tail" and best.startswith(head):
            piece = best[len(head) :]
        elif mine == "head" and best.endswith(tail):
            piece = best[: len(best) - len(tail)]
        else:
            return False  # the glyph was lost in the other piece
        new = _case_like(t.text, piece) if t.text[:1].isupper() else piece
        logodds = lex.logp(best) - (-8.5 * _LN10)
        return _Proposal(
            t.start,
            t.end,
            new,
            "ligatures.lost_glyph",
            logodds,
            f"'{t.text}' is part of '{best}', broken at a line end, without its ligature",
            True,
        )

    def _score(self, lex: Lexicon, word: str, left: str | None, right: str | None) -> float:
        return lex.logp(word) + lex.pmi(left, word) + lex.pmi(word, right)

    def _join(self, lex: Lexicon, tokens: list[_Token], i: int, gap: str, text: str) -> _Proposal | None:
        """Two tokens with a gap between them: one word whose ligature left the
        gap ("in  uence"), or a word whose ligature sat next to the space
        ("the  rst", "o  the")?  Each reading of the pair is scored whole, as
        a bigram model would, and the best is compared with keeping both."""
        a, b = tokens[i], tokens[i + 1]
        if len(gap) < 2 and not any(a.key + lg + b.key in lex for lg in LIGATURES):
            return None  # one space, and no word the pair joins into: nothing to score
        left = tokens[i - 1].key if i > 0 else None
        right = tokens[i + 2].key if i + 2 < len(tokens) else None
        keep_a, keep_b = self._keep_score(lex, a), self._keep_score(lex, b)
        keep = keep_a + keep_b + lex.pmi(left, a.key) + lex.pmi(a.key, b.key) + lex.pmi(b.key, right)
        fragment = not (lex.core(a.key) and lex.core(b.key))
        options: list[tuple[float, str, str]] = []  # total score, word, kind
        for lg in LIGATURES:
            w = a.key + lg + b.key
            if w in lex and (lex.core(w) or lex.zipf(w) >= (1.5 if fragment else 3.0)):
                total = lex.logp(w) + lex.pmi(left, w) + lex.pmi(w, right)
                if a.text[:1].isupper() and b.text.islower() and not _sentence_start(text, a.start):
                    # A capitalised word inside a sentence is a name, and a
                    # lowercase fragment right after it is more likely the rest
                    # of that name ("Make le" is "Makefile") than a word.
                    total += _LN10
                options.append((total, w, "join"))
        if len(gap) >= 2 and self._english_neighbours(lex, tokens, i, i + 1) > 0:
            for lg in LIGATURES:
                w = lg + b.key
                if lex.core(w) and not b.text[:1].isupper():
                    total = keep_a + lex.pmi(left, a.key) + lex.pmi(a.key, w) + lex.logp(w) + lex.pmi(w, right)
                    options.append((total, w, "right"))
                w = a.key + lg
                if lex.core(w):
                    total = lex.pmi(left, w) + lex.logp(w) + lex.pmi(w, b.key) + keep_b + lex.pmi(b.key, right)
                    options.append((total, w, "left"))
        if not options:
            return None
        total, word, kind = max(options)
        if len(gap) >= 2:
            total += math.log(20.0)  # a double space inside a line is rare in clean text
        if kind == "join":
            new_text = _case_like(a.text + b.text, word)
            span_start, span_end = a.start, b.end
        elif kind == "right":
            new_text = " " + _case_like(b.text, word)
            span_start, span_end = a.end, b.end
        else:
            new_text = _case_like(a.text, word) + " "
            span_start, span_end = a.start, b.start
        logodds = total - keep
        strong = lex.zipf(word) >= 3.0 and logodds > 4.0 and (len(gap) >= 2 or not lex.core(a.key) or not lex.core(b.key))
        return _Proposal(
            span_start,
            span_end,
            new_text,
            "ligatures.lost_glyph_gap",
            logodds,
            f"'{a.text}{gap}{b.text}' is '{word}' with a ligature lost as a gap (log-odds {logodds:.1f})",
            strong,
            form="gap" if kind == "join" else "edge_gap",
        )

_LN10 = math.log(10)
_DOUBLE_GAP = re.compile(rf"{_LETTER} {{2,3}}{_LETTER}")
# A hyphen that ends a line (before a token) / a token followed by one.
_HYPHEN_BREAK_BEFORE = re.compile(r"[-\u00ad][ \t]*(?:\r\n|\n|\r|\f)+[ \t]*")
_HYPHEN_BREAK_AFTER = re.compile(r"[-\u00ad][ \t]*(?:\r\n|\n|\r|\f)")
_CLOSING = set(",.;:!?)]}\u2019\u201d\"'")
_OPENING = set("([{\u2018\u201c\"'")


# Ligature letters (or characters) next to a space: the places where a
# ligature's letters may have been set apart.  Several patterns that each
# start with a literal character (a look-behind, or a set of first
# characters, would cost a test at every position of the text): a space
# before the letters, or the letters before a space and a letter.
_LIG_LETTERS = r"(?:[Ff][Ff][IiLl]?|[Ff][IiLl]|[\ufb00-\ufb04])"
_SPACE_LIG_RE = re.compile(f" {_LIG_LETTERS}")
_LIG_SPACE_RES = (
    re.compile(r"f(?:f[il]?|[il]) (?=[^\W\d_])"),
    re.compile(r"F(?:[Ff][IiLl]?|[IiLl]) (?=[^\W\d_])"),
)
_CODEPOINT_SPACE_RE = re.compile(r"[\ufb00-\ufb04] (?=[^\W\d_])")
_LIG_ONLY_RE = re.compile(rf"{_LIG_LETTERS}\Z")


def _split_sites(text: str) -> list[tuple[int, int]]:
    """The spans of ligature letters next to a space, in order."""
    sites = {(m.start() + 1, m.end()) for m in _SPACE_LIG_RE.finditer(text)}
    patterns = [*_LIG_SPACE_RES, _CODEPOINT_SPACE_RE] if _CODEPOINT_RE.search(text) else _LIG_SPACE_RES
    for rx in patterns:
        sites.update((m.start(), m.end() - 1) for m in rx.finditer(text))
    return sorted(sites)


_MAX_SPLIT_WORD = 40  # letters of a piece, at most (a longer run is no word)
_DOTTED_RE = re.compile(r"[^\W\d_]\.[^\W\d_]")  # "config.status", "e.g"


def _letters_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The run of letters around ``text[start:end]`` (None when it is longer
    than any word)."""
    lo, hi, n = start, end, len(text)
    while lo > 0 and text[lo - 1].isalpha():
        lo -= 1
        if end - lo > _MAX_SPLIT_WORD:
            return None
    while hi < n and text[hi].isalpha():
        hi += 1
        if hi - lo > _MAX_SPLIT_WORD:
            return None
    return lo, hi


def _split_words(lex: Lexicon, text: str) -> list[tuple[int, int, str, str, str]]:
    """Words whose ligature letters an extractor set apart with a space:
    ``(start, end, word, letters, how)``, ``text[start:end]`` read as
    ``word`` with the spaces out (and ligature characters expanded).

    The letters are at the edge of a piece, next to a space with a letter on
    its other side ("signifi cant", "fi rst", "o ffi ce").  The readings (as
    printed, and the pieces joined on either side of the letters or both)
    are weighed by word frequency (``_reading_cost``); a joined word must be
    English.  Where the pieces as printed are all words ("con figure", "in
    flow"), joining them must be a hundred times more likely, and so must
    joining a function word before the letters ("in fl ows" is "in flows").  Letters
    standing alone ("dé fi nir") are no word in any language: failing
    English, they join to a word the document also prints whole (how
    "document").  Where the first of two pieces is no word, the second is
    lowercase and rare, and the same two come again ("Northfi eld": names),
    they join too (how "pieces"), but only count in a document that shows
    the damage in words.
    Letters that would have made a longer ligature with the letter across the
    space ("off ice": "ffi") are no split."""
    out: list[tuple[int, int, str, str, str]] = []
    vocabulary: set[str] | None = None
    last_end = -1
    n = len(text)
    for p, q in _split_sites(text):
        if p < last_end:
            continue
        run = _letters_span(text, p, q)
        if run is None:
            continue
        b_lo, b_hi = run
        letters = text[p:q].translate(_EXPAND).lower()
        # The pieces across the space before and after the letters, unless
        # the letter across it would have made a longer ligature with them
        # ("of fice", "off ice": "ffi").
        before = after = None
        if (
            p == b_lo
            and b_lo >= 2
            and text[b_lo - 1] == " "
            and text[b_lo - 2].isalpha()
            and not (text[b_lo - 2] in "fF" and letters in ("fi", "fl"))
        ):
            before = _letters_span(text, b_lo - 2, b_lo - 1)
        if (
            q == b_hi
            and b_hi + 1 < n
            and text[b_hi] == " "
            and text[b_hi + 1].isalpha()
            and not (letters == "ff" and text[b_hi + 1] in "iIlL")
        ):
            after = _letters_span(text, b_hi + 1, b_hi + 2)
        if before is None and after is None:
            continue
        # The pieces, and the readings: which run of them joins into a word.
        spans = [sp for sp in (before, run, after) if sp is not None]
        pieces = [text[x:y] for x, y in spans]
        k = 1 if before is not None else 0  # the piece holding the letters
        joins = [(i, j) for i, j in dict.fromkeys(((0, 1), (k, len(pieces) - 1), (0, 2))) if i <= k <= j < len(pieces) and i < j]
        printed = _reading_cost(lex, pieces)
        # A reading must beat the pieces as printed; by a factor of 100
        # where they are all words.
        best: tuple[int, int] | None = None
        best_cost = printed - 2.0 if all(_is_word(lex, x) for x in pieces) else printed
        for i, j in joins:
            word = "".join(pieces[i : j + 1])
            if not _known(lex, word):
                continue
            if not all(_stands(lex, text, spans[x], last_end) for x in (*range(i), *range(j + 1, len(pieces)))):
                continue  # a fragment left beside it ("ldcon fig"): not this split
            cost = _reading_cost(lex, [*pieces[:i], word, *pieces[j + 1 :]])
            if i < k and lex.zipf(pieces[0].lower()) >= 6.0:
                # Joining a function word before ("in fl ows": "inflows") must
                # be a hundred times likelier than keeping it ("in flows").
                cost += 2.0
            if cost < best_cost:
                best, best_cost = (i, j), cost
        how = "lexicon"
        if best is None and len(pieces) == 3 and _LIG_ONLY_RE.match(pieces[1]):
            # All three only: a piece and the letters may be what is left of
            # another word split so ("defi" of "defi ne").
            if vocabulary is None:
                vocabulary = set(_WORD_RE.findall(text.lower()))
            if "".join(pieces).lower() in vocabulary:
                best, how = (0, 2), "document"
        if (
            best is None
            and len(pieces) == 2
            and k == 0
            and len(pieces[0]) >= len(letters) + 2
            and pieces[1].islower()
            and not (_is_word(lex, pieces[0]) or _known(lex, pieces[0]))
            and lex.zipf(pieces[1]) < 3.0
        ):
            # No word before the space, a rare one or none after it
            # ("Northfi eld", "Eastfi eld": names): joined where the same
            # pieces come again (counted below), and only in a document that
            # shows the damage in words (see _split).
            best, how = (0, 1), "pieces"
        if best is None:
            continue
        i, j = best
        start, end = spans[i][0], spans[j][1]
        # Not in an address or identifier ("con fi g.h", "con fi g.status"):
        # the characters up to the spaces around the joined pieces.
        ws_lo = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start), start - 40) + 1
        ws_hi = end
        while ws_hi < n and not text[ws_hi].isspace() and ws_hi - end < 40:
            ws_hi += 1
        if _ADDRESS_RE.search(text, ws_lo, ws_hi) or _DOTTED_RE.search(text, ws_lo, ws_hi):
            continue
        out.append((start, end, "".join(pieces[i : j + 1]).translate(_EXPAND), text[p:q].translate(_EXPAND), how))
        last_end = end
    if any(how == "pieces" for *_x, how in out):
        seen = Counter(text[s:e] for s, e, *_x, how in out if how == "pieces")
        out = [x for x in out if x[4] != "pieces" or seen[text[x[0] : x[1]]] >= 2]
    return out


def _stands(lex: Lexicon, text: str, span: tuple[int, int], joined_to: int) -> bool:
    """Can the piece at ``span`` stand beside a word joined next to it: a
    word, a name, part of a longer token ("don't", "and/or"), or part of the
    word joined just before (before ``joined_to``)?"""
    lo, hi = span
    piece = text[lo:hi]
    if _is_word(lex, piece) or piece[0].isupper() or lo < joined_to:
        return True
    return (lo >= 2 and text[lo - 1] in "'\u2019/-" and text[lo - 2].isalpha()) or (
        hi + 1 < len(text) and text[hi] in "'\u2019/-" and text[hi + 1].isalpha()
    )


def _is_word(lex: Lexicon, piece: str) -> bool:
    """A piece that reads as a word as printed: of the spelling list, more
    than one letter unless "a" or "I"."""
    w = piece.lower()
    return (len(w) > 1 or w in ("a", "i")) and lex.core(w)


def _known(lex: Lexicon, word: str) -> bool:
    """An English word, or its plural."""
    w = word.lower().translate(_EXPAND)
    return lex.core(w) or (len(w) > 4 and w.endswith("s") and lex.core(w[:-1]))


def _reading_cost(lex: Lexicon, words: list[str]) -> float:
    """-log10 of a reading's likelihood by word frequency: a word Zipf z
    costs 9 - z; a piece that is no word costs 12."""
    cost = 0.0
    for x in words:
        w = x.lower().translate(_EXPAND)
        known = _is_word(lex, x) or _known(lex, x)
        cost += 9.0 - lex.zipf(w) if known and lex.zipf(w) > 0 else 12.0
    return cost


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside one of ``spans`` (sorted, not overlapping)?"""
    k = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _likely(lex: Lexicon, key: str, cands: list[str]) -> str:
    """The most frequent of ``cands``, all the words ``key`` is a damaged
    form of (looked up once per form and lexicon: common words such as "of"
    come thousands of times)."""
    memo = lex.memo("ligatures.likely")
    likely: str | None = memo.get(key)
    if likely is None:
        likely = memo[key] = max(cands, key=lex.zipf)
    return likely


def _context_asks(lex: Lexicon, key: str, likely: str, left: str | None, right: str | None) -> bool:
    """A quick look before full scoring: do the neighbouring words favour
    the most frequent candidate, ``likely``, over ``key`` as it stands?"""
    return (lex.pmi(left, likely) + lex.pmi(likely, right)) - (lex.pmi(left, key) + lex.pmi(key, right)) > 0.0


def _left_alone(lex: Lexicon, key: str, likely: str, left: str | None, right: str | None) -> bool:
    """``_dismissed``'s answer for a word ``key`` whose most frequent
    candidate is ``likely``, between the words ``left`` and ``right`` (None:
    no word next to it): standing alone, or in a context that does not ask
    for the repair."""
    return (left is None and right is None) or not _context_asks(lex, key, likely, left, right)


def _by_hyphen(text: str, start: int, end: int) -> bool:
    """Could the token at ``start``-``end`` be next to a hyphen that breaks a
    line (a quick test that errs towards yes)?"""
    before = text[max(0, start - 4) : start]
    return text[end : end + 1] in ("-", "\u00ad") or "-" in before or "\u00ad" in before


def _gap_pairs(lex: Lexicon, tokens: list[_Token], text: str) -> list[int]:
    """The ``i`` of the neighbouring tokens ``i``, ``i + 1`` that ``_gaps``
    may read as one word: two or three spaces between them, or one space and
    a first token that comes before a ligature in some word and a second
    that comes after one.  Found with set lookups mapped over the tokens and
    a search for double spaces, not a Python step per pair."""
    if len(tokens) < 2:
        return []
    heads, tails = lex.ligature_edges()
    keys = list(map(_KEY, tokens))
    both = map(operator.and_, map(heads.__contains__, keys), map(tails.__contains__, itertools.islice(keys, 1, None)))
    pairs = set(itertools.compress(range(len(keys) - 1), both))
    starts, ends = list(map(_START, tokens)), list(map(_END, tokens))
    for m in _SPACES_RE.finditer(text):
        if m.end() - m.start() > 3:
            continue  # a run of two or three spaces, no more
        k = bisect.bisect_left(ends, m.start())
        if k + 1 < len(tokens) and ends[k] == m.start() and starts[k + 1] == m.end():
            pairs.add(k)
    return sorted(pairs)


# A token's fields, read without a Python call per token.
_START, _END, _TEXT, _KEY, _PROSE = (operator.itemgetter(k) for k in range(5))
# Runs of two spaces or more, whole (a look-behind would cost a test at every
# position of the text; the length is checked after).
_SPACES_RE = re.compile(r" {2,}")


def _common(lex: Lexicon, word: str) -> bool:
    """A common English word: in the core vocabulary, Zipf 4 or more."""
    return lex.core(word) and lex.zipf(word) >= 4.0


def _common_among(lex: Lexicon, words: set[str]) -> set[str]:
    """The words of ``words`` that ``_common`` accepts.  The answer for each
    word is kept with the lexicon (two sets, common and not), so a text's
    common words are set operations and only words no earlier text had are
    judged; the whole vocabulary is never walked (80,000 lookups in a table
    of 300,000 words: 40 ms for a text that has a few thousand words)."""
    memo = lex.memo("ligatures.common_words")
    yes: set[str] | None = memo.get("yes")
    no: set[str] | None = memo.get("no")
    if yes is None or no is None:
        yes, no = memo["yes"], memo["no"] = set(), set()
    if len(no) > 200_000:
        no.clear()  # (a corpus's debris and names: bounded)
    for w in words - yes - no:
        (yes if _common(lex, w) else no).add(w)
    return words & yes


def _sentence_start(text: str, i: int) -> bool:
    """True when position ``i`` starts a sentence (or the text, or a line)."""
    j = i - 1
    while j >= 0 and text[j] in " \t\"'\u2018\u201c([":
        j -= 1
    return j < 0 or text[j] in ".!?:\n\f"


# A run of non-space characters that is a plain word with punctuation around it.
_PLAIN_WORD_RE = re.compile(rf"[(\[\"'\u2018\u201c]*{_LETTER}+(?:['\u2019]{_LETTER}+)*[)\]\"'\u2019\u201d.,;:!?]*")


def _run_around(text: str, start: int, end: int) -> str:
    """The run of non-space characters holding ``text[start:end]``."""
    return text[_cut_before(text, start) : _cut_after(text, end)]


def _windows(text: str, seams: list[int], reach: int = 60) -> Iterator[tuple[int, int, list[int]]]:
    """Stretches of ``text`` around the seams, cut at whitespace about
    ``reach`` characters away on each side (merged where they overlap), with
    the seams each holds, relative to its start."""
    n = len(text)
    cur: list[int] = []  # lo, hi, then absolute seams
    for s in seams:
        if cur and s <= cur[1]:
            cur.append(s)
            cur[1] = max(cur[1], _cut_after(text, min(n, s + reach)))
            continue
        if cur:
            yield cur[0], cur[1], [x - cur[0] for x in cur[2:]]
        cur = [_cut_before(text, max(0, s - reach)), _cut_after(text, min(n, s + reach)), s]
    if cur:
        yield cur[0], cur[1], [x - cur[0] for x in cur[2:]]


def _holding(tokens: list[_Token], points: list[int]) -> list[int]:
    """The tokens (indices, in order) that hold one of ``points`` or touch
    it: ``start <= point <= end``.  (Tokens never touch each other: a point
    is in one token at most.)"""
    starts = list(map(_START, tokens))
    found = set()
    for x in points:
        k = bisect.bisect_right(starts, x) - 1
        if k >= 0 and tokens[k].end >= x:
            found.add(k)
    return sorted(found)


def _cut_before(text: str, i: int) -> int:
    """The start of the whitespace-separated run that holds ``i``."""
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return i


def _cut_after(text: str, i: int) -> int:
    """The end of the whitespace-separated run that holds ``i``."""
    m = _SPACE_RE.search(text, i)
    return m.start() if m else len(text)


_SPACE_RE = re.compile(r"\s+")


def _edits(proposals: list[_Proposal], p_loss: float, damaged: int) -> list[Edit]:
    """Edits for the chosen proposals, their confidence with the document's
    loss estimate as prior (proposals below 5 % are dropped)."""
    log_prior = math.log(p_loss)
    edits = []
    for p in proposals:
        lo = p.logodds + log_prior
        conf = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, lo))))
        if conf < 0.05:
            continue
        edits.append(
            Edit(
                p.start,
                p.end,
                p.new,
                p.rule,
                confidence=round(conf, 4),
                reason=f"{p.reason}; document loses ligatures (estimate {p_loss:.2f}, {damaged} damaged words)",
            )
        )
    return edits


def _single_form(key: str, word: str, rule: str) -> str:
    """The way of losing the glyph that reading token ``key`` as ``word`` implies."""
    if not word.startswith(key) and not word.endswith(key):
        return "joined"  # inside the token, no trace
    return "edge_gap" if rule == "ligatures.lost_glyph_gap" else "edge"


def _weigh_forms(proposals: list[_Proposal], shares: dict[str, float]) -> None:
    """Charge each reading the odds of its way of losing the glyph against the
    document's usual way (which costs nothing).  A glyph that left a space of
    its own at a word's edge ("edge_gap") is never charged: such a reading
    also fits a text whose gaps merge with word spaces, where a justified
    line can hold a double space."""
    cost = {"either": 0.0, "edge_gap": 0.0}
    for yes, no in (("gap", "joined"), ("edge_gap", "edge")):
        usual = max(shares[yes], 1.0 - shares[yes])
        cost[no] = math.log((1.0 - shares[yes]) / usual)
        if yes != "edge_gap":
            cost[yes] = math.log(shares[yes] / usual)
    for p in proposals:
        c = cost[p.form]
        if c:
            p.logodds += c
            if p.rank is not None:
                p.rank += c


def _best_non_overlapping(proposals: list[_Proposal]) -> list[_Proposal]:
    """Keep the most confident of overlapping proposals (linear in the text
    the proposals cover, after sorting)."""
    if not proposals:
        return []
    covered = bytearray(max(p.end for p in proposals) + 1)
    chosen: list[_Proposal] = []
    for p in sorted(proposals, key=lambda p: -(p.rank if p.rank is not None else p.logodds)):
        if covered.find(1, p.start, p.end) >= 0:
            continue
        covered[p.start : p.end] = b"\x01" * (p.end - p.start)
        chosen.append(p)
    chosen.sort(key=lambda p: p.start)
    return chosen
