"""Spaces lost by the extractor.

PDF text has no space characters, only gaps between glyphs; extractors guess
spaces from the gaps and lose them at font changes ("Taylor,Stalin’s" where the
title is italic), before a parenthesis, and on tightly set lines whose gaps are
all small ("thesecases,youmaybebetterwritingPythoncode").  Rules:

* ``after_punctuation``: a comma, semicolon, colon, question or exclamation
  mark (or a full stop after a lowercase word) glued to the next word:
  "Edwards,The" -> "Edwards, The".  Numbers ("1,000"), abbreviations ("U.S.",
  "e.g.,"), times, addresses and identifiers are not prose and are left alone.
* ``before_paren``: a word glued to an opening parenthesis whose content is
  prose (has a space): "Moscow(New York:" -> "Moscow (New York:".  "f(x)",
  "Windows(R)", "word(s)" stay.
* ``case_boundary``: a very common lowercase word glued to a capitalised word:
  "inRuch" -> "in Ruch".  "iPhone", "eBay", "McDonald" stay (one-letter or
  capitalised prefixes, words the lexicon knows whole).
* ``segmented``: a long run of letters that no lexicon entry explains, whose
  best split into words (Viterbi over the lexicon's Zipf values) is far more
  probable than one unknown word, gets its spaces back.  Punctuation, case,
  digits and hyphens stay where they are.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from ..lexicon import Lexicon, english
from ..model import Document, Edit
from .base import Stage

# A whitespace-free run that is an address, a path or code, not prose.
_ADDRESS_RE = re.compile(r"(?:://|www\.|@|\.(?:com|org|net|edu|gov|html?|pdf|py)\b|[_\\/=<>{}#~|`$%^*+\[\]])", re.I)
_CHUNK_RE = re.compile(r"\S+")
_LONG_CHUNK_RE = re.compile(r"\S{15,}")
# Letters: word characters but digits, "_" and superscript / fraction digits.
_L = r"[^\W\d_\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f]"
_RUN_RE = re.compile(f"{_L}+(?:['\u2019]{_L}+)*")
_PUNCT_RE = re.compile(f"([,;:!?.])(?={_L})")
_PAREN_RE = re.compile(r"\((?=[^\W_])")
_CASE_RE = re.compile(r"[a-z][A-Z][a-z]{2}")
_CASE_WORD_RE = re.compile(r"([a-z]{2,})([A-Z][a-z]{2,})")
_LETTERS_BEFORE = re.compile(f"{_L}+$")
_LETTERS_AFTER = re.compile(f"{_L}+")

_WORD = 3.0  # Zipf value from which a string is a common word
# Function words (articles, prepositions, conjunctions): a closed class of the
# language, not of any document.  Verbs are left out on purpose: "getValue",
# "isValid" are identifiers.
_FUNCTION_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "into",
        "onto",
        "upon",
        "and",
        "or",
        "but",
        "nor",
        "as",
        "than",
        "to",
        "via",
        "per",
        "see",
        "about",
        "after",
        "before",
        "between",
        "during",
        "over",
        "under",
        "within",
        "without",
    }
)
_WORD_PENALTY = 1.0  # log10 cost of each extra word in a segmentation
_MAX_WORD = 24
_LN10 = 2.302585092994046


@dataclass(frozen=True)
class Spaces(Stage):
    """Restore spaces the extractor lost."""

    # Letters a space-free run needs before segmentation is tried.
    segment_min_letters: int = 15
    # How much more probable (log10) the segmentation must be than one unknown word.
    segment_margin: float = 8.0

    name: ClassVar[str] = "spaces"
    rules: ClassVar[dict[str, str]] = {
        "spaces.after_punctuation": "space lost after punctuation restored: 'Edwards,The' -> 'Edwards, The'",
        "spaces.before_paren": "space lost before a parenthesis restored: 'Moscow(New York' -> 'Moscow (New York'",
        "spaces.case_boundary": "space lost between a common word and a capitalised word restored: 'inRuch' -> 'in Ruch'",
        "spaces.segmented": "run of words with every space lost split back into words by word frequencies",
    }
    cleans_channels: ClassVar[bool] = True

    def __call__(self, doc: Document) -> Iterator[Edit]:
        text = doc.text
        lex = english()
        edits: list[Edit] = []
        taken: list[tuple[int, int]] = []
        for m in _LONG_CHUNK_RE.finditer(text):
            e = self._segment(lex, m.group(), m.start())
            if e is not None:
                edits.append(e)
                taken.append((e.start, e.end))

        starts = [s for s, _ in taken]  # sorted: chunks come in text order

        def free(i: int) -> bool:
            k = bisect.bisect_right(starts, i) - 1
            return k < 0 or i >= taken[k][1]

        for m in _PUNCT_RE.finditer(text):
            i = m.start()
            if i == 0 or not text[i - 1].isalpha() or (m.group(1) == "." and not text[max(0, i - 2) : i].islower()):
                continue
            if free(i):
                e2 = self._punct(lex, text, m.start(), m.group(1))
                if e2 is not None:
                    edits.append(e2)
        for m in _PAREN_RE.finditer(text):
            if m.start() < 2 or not text[m.start() - 2 : m.start()].isalpha():
                continue
            if free(m.start()):
                e3 = self._paren(text, m.start())
                if e3 is not None:
                    edits.append(e3)
        for m in _CASE_RE.finditer(text):
            # The whole glued word around the case change.
            ws = m.start()
            while ws > 0 and text[ws - 1].isalpha():
                ws -= 1
            we = m.end()
            while we < len(text) and text[we].isalpha():
                we += 1
            wm = _CASE_WORD_RE.fullmatch(text, ws, we)
            if (ws > 0 and text[ws - 1] in "'\u2019_") or (we < len(text) and text[we] == "_"):
                continue
            if wm is not None and free(ws):
                e4 = self._case(lex, text, wm)
                if e4 is not None:
                    edits.append(e4)
        edits.sort(key=lambda e: e.start)
        yield from edits

    # --- helpers ----------------------------------------------------------------
    @staticmethod
    def _chunk(text: str, i: int) -> str:
        """The whitespace-free run around position ``i``."""
        s = i
        while s > 0 and not text[s - 1].isspace() and i - s < 200:
            s -= 1
        e = i
        n = len(text)
        while e < n and not text[e].isspace() and e - i < 200:
            e += 1
        return text[s:e]

    def _punct(self, lex: Lexicon, text: str, i: int, p: str) -> Edit | None:
        chunk = self._chunk(text, i)
        if _ADDRESS_RE.search(chunk):
            return None
        bm = _LETTERS_BEFORE.search(text, max(0, i - 60), i)
        am = _LETTERS_AFTER.match(text, i + 1)
        if bm is None or am is None:
            return None
        left, right = bm.group(), am.group()
        if len(left) < 2 and p != ",":
            return None
        if bm.start() > 0 and text[bm.start() - 1] in ".":
            return None  # "e.g.,x", "U.S.A": abbreviations
        if right[0].isupper():
            if len(right) < 2 or (p == "." and not right[1:].islower()):
                return None  # "S.J", "ASP.NET"
            if p == "." and (lex.zipf(left.lower()) < _WORD or not left.islower()):
                return None
            conf = 0.9 if p != "." else 0.75
            why = f"'{p}' glued to the capitalised word '{right}'"
        else:
            if p in ".:":
                return None  # "example.com"-like or "a:b": not prose
            if len(left) < 2 or len(right) < 2 or lex.zipf(left.lower()) < _WORD or lex.zipf(right.lower()) < _WORD:
                return None
            conf = 0.7
            why = f"'{p}' between the words '{left}' and '{right}'"
        return Edit(i, i + 1, p + " ", "spaces.after_punctuation", conf, why)

    @staticmethod
    def _paren(text: str, i: int) -> Edit | None:
        chunk_start = i
        while chunk_start > 0 and not text[chunk_start - 1].isspace() and i - chunk_start < 200:
            chunk_start -= 1
        before = text[chunk_start:i]
        if _ADDRESS_RE.search(before) or "." in before or "(" in before:
            return None  # "obj.method(", "f(g(": code
        close = text.find(")", i + 1, i + 200)
        inside = text[i + 1 : close] if close != -1 else text[i + 1 : i + 200]
        if not any(c.isspace() for c in inside):
            return None  # "f(x)", "Windows(R)", "word(s)"
        return Edit(i, i, " ", "spaces.before_paren", 0.9, f"'{before}' glued to a parenthesis around prose")

    @staticmethod
    def _case(lex: Lexicon, text: str, m: re.Match[str]) -> Edit | None:
        prefix, rest = m.group(1), m.group(2)
        if prefix not in _FUNCTION_WORDS:
            return None
        if lex.zipf(m.group().lower()) >= 2.0:
            return None  # a word the lexicon knows whole
        chunk = Spaces._chunk(text, m.start())
        if _ADDRESS_RE.search(chunk) or "(" in chunk or "." in chunk.rstrip(".,;:!?)\u201d\u2019\"'"):
            return None  # identifiers: "obj.isValid", "toString()"
        # A common lowercase word after it may be a camelCase identifier ("toString").
        conf = 0.45 if lex.zipf(rest.lower()) >= 4.0 and prefix == "to" else 0.85
        return Edit(
            m.start(2),
            m.start(2),
            " ",
            "spaces.case_boundary",
            conf,
            f"the function word '{prefix}' glued to the capitalised word '{rest}'",
        )

    # --- segmentation -------------------------------------------------------------
    def _segment(self, lex: Lexicon, chunk: str, offset: int) -> Edit | None:
        if _ADDRESS_RE.search(chunk):
            return None
        runs = list(_RUN_RE.finditer(chunk))
        if sum(len(r.group()) for r in runs) < self.segment_min_letters:
            return None
        if not any(len(r.group()) >= 6 and _norm(r.group()) not in lex for r in runs):
            return None
        gain = 0.0
        split_runs: dict[int, list[str]] = {}
        for r in runs:
            run = r.group()
            if len(run) < 4:
                continue
            key = _norm(run)
            z = lex.zipf(key)
            keep_cost = (9.0 - z + _WORD_PENALTY) if z > 0 else _unknown_cost(len(run))
            seg = _viterbi(lex, run)
            if seg is None or len(seg[1]) < 2:
                continue
            cost, words = seg
            if keep_cost - cost <= 0:
                continue
            mean_z = sum(lex.zipf(_norm(w)) for w in words) / len(words)
            if mean_z < 3.8:
                continue
            gain += keep_cost - cost
            split_runs[r.start()] = words
        if not split_runs or gain < self.segment_margin:
            return None
        out: list[str] = []
        pos = 0
        for r in runs:
            out.append(chunk[pos : r.start()])
            split = split_runs.get(r.start())
            out.append(" ".join(split) if split else r.group())
            pos = r.end()
        out.append(chunk[pos:])
        new = "".join(out)
        # Punctuation glued to the next word inside the run.
        new = re.sub(r"(?<=[^\W_])([,;:!?])(?=[^\W\d_])", r"\1 ", new)

        # Words glued to numbers: "in1939" -> "in 1939", "1939which" -> "1939 which";
        # "1930s", "19th", "2nd" stay.
        def word_digit(m: re.Match[str]) -> str:
            return m.group(1) + (" " if lex.zipf(_norm(m.group(1))) >= _WORD else "") + m.group(2)

        def digit_word(m: re.Match[str]) -> str:
            return m.group(1) + (" " if lex.zipf(_norm(m.group(2))) >= _WORD else "") + m.group(2)

        new = re.sub(r"(?<![^\W\d_])([^\W\d_]{2,})(\d)", word_digit, new)
        new = re.sub(r"(\d)([^\W\d_]{3,})(?![^\W\d_])", digit_word, new)
        if new == chunk:
            return None
        conf = round(min(0.95, 0.6 + 0.02 * (gain - self.segment_margin)), 3)
        return Edit(
            offset,
            offset + len(chunk),
            new,
            "spaces.segmented",
            conf,
            f"'{chunk}' is unknown; as '{new}' it is 10^{gain:.0f} times more probable",
        )


def _norm(s: str) -> str:
    return s.lower().replace("\u2019", "'")


def _unknown_cost(n: int) -> float:
    """log10 cost of an unknown word of ``n`` letters (longer: less likely)."""
    return 6.0 + 1.3 * n


def _word_cost(lex: Lexicon, w: str) -> float | None:
    n = len(w)
    if n == 1 and w not in ("a", "i"):
        return None
    z = lex.zipf(w)
    if z < _WORD or (n == 2 and z < 4.5):
        return None
    return 9.0 - z + _WORD_PENALTY


def _viterbi(lex: Lexicon, run: str, beam: int = 4) -> tuple[float, list[str]] | None:
    """Cheapest split of ``run`` into lexicon words (as slices of ``run``), by
    word frequency and bigram association with the word before (a beam of the
    best ``beam`` last words at each position)."""
    key = _norm(run)
    n = len(key)
    # At each end position: last word -> (cost, start of that word, previous word).
    states: list[dict[str, tuple[float, int, str]]] = [{} for _ in range(n + 1)]
    states[0][""] = (0.0, 0, "")
    for i in range(n):
        if not states[i]:
            continue
        for j in range(i + 1, min(n, i + _MAX_WORD) + 1):
            piece = run[i:j]
            if any(piece[k].isupper() and piece[k - 1].islower() for k in range(1, len(piece))):
                break  # a lowercase letter before a capital ends a word
            w = key[i:j]
            c = _word_cost(lex, w)
            if c is None:
                continue
            target = states[j]
            for prev, (pc, _s, _p) in states[i].items():
                total = pc + c - (lex.pmi(prev, w) / _LN10 if prev else 0.0)
                old = target.get(w)
                if old is None or total < old[0]:
                    target[w] = (total, i, prev)
            if len(target) > beam:
                for k in sorted(target, key=lambda x: target[x][0])[beam:]:
                    del target[k]
    if not states[n]:
        return None
    last = min(states[n], key=lambda x: states[n][x][0])
    cost = states[n][last][0]
    words: list[str] = []
    j, w = n, last
    while j > 0:
        _c, i, prev = states[j][w]
        words.append(run[i:j])
        j, w = i, prev
    words.reverse()
    return cost, words
