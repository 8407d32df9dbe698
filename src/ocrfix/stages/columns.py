"""Columns: pages whose columns a text extractor interleaved, put back in
reading order (text input only; PDF input is read column by column).

pdfplumber's ``extract_text`` (and extractors like it) sorts a page's words
into lines by height alone.  On a page set in two or three columns, a line of
each column that shares a baseline with a line of the next becomes one line,
"LEFT RIGHT", and lines that do not share one alternate, left and right, in
the order of their heights.  Nothing in the text marks where a column's line
ends.

A page is read as ``k`` columns (2 or 3) by a beam search over its lines:
each line is either one column's line, or several columns' lines side by side
(split at spaces, each part about a column's width), or a full-width line
above the columns (a running head, a title) or below them (a page number).
A reading is scored by how well each column's lines continue one another:
log-likelihood ratios of what ends a line and what starts the next (a
hyphenated word completed, a sentence ended and a capital after it, the
bigram across the break), measured on consecutive lines against lines drawn
at random from the same page of single-column text (25 TeX Live manuals and
4 novels, pdfplumber's text; the figures are in ``_LLR`` and ``_PMI_LLR``).

How many columns, and how wide in characters, is read first off the page
with the most long lines (the columns' lines side by side): the column count
that reads its first 40 lines best, the width the median of that reading's
full lines.  A page is rewritten only when its best reading gains clearly
over the page as it stands: the scores of all the new page's pairs of lines
(where one column ends and the next begins included), less what the
reading's shape costs (parts well short of a column that end no paragraph,
full-width lines, changes of pattern), against those of the old page's pairs.
It needs ``min_gain`` plus ``gain_per_line`` per line; once two pages of the
document (or half of those looked at) gained that much, the document is set
in columns and ``min_gain_in_columns`` plus ``gain_per_line_in_columns`` do.
A single-column page read as columns gains nothing: on 30 single-column
documents (23 TeX Live manuals, the evaluation's 4 novels, the 3 controls
of benchmarks/columns_data) the first look already found no gain.  Pages that do not
look interleaved (their lines already continue one another well, and no line
holds a hyphenated word's first part in its middle) are not searched at all,
nor are "pages" of more than 300 lines (a text without page breaks: the
columns of a page begin and end on it, so without the breaks there is no
telling).  A column's trailing footnotes (lines starting with a number the
page's body calls) go to the page's foot, under all the columns; the lines
below the columns are read as columns too when they are the columns'
footnotes side by side; the notes stage looks for them there.

One edit per page (``columns.reorder``); its ``data`` holds the column count
and, for each piece of the new page text, where it was in the old.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations, pairwise
from operator import attrgetter, itemgetter
from typing import ClassVar

from ..errors import UsageError
from ..lexicon import Lexicon, english
from ..model import Document, Edit
from .base import Stage

_TERMINAL_RE = re.compile(r"[.!?][\"”’')\]]*[0-9⁰¹²³⁴⁵⁶⁷⁸⁹]*$")
_HYPHEN_END_RE = re.compile(r"([A-Za-z]+)-$")
_LOWER_START_RE = re.compile(r"[a-z]+")
_FIRST_WORD_RE = re.compile(r"[\"“‘(]*([A-Za-z']+)")
_LAST_WORD_RE = re.compile(r"([A-Za-z']+)[^A-Za-z']*$")
# A hyphenated word's first part in the middle of a line, followed by a space
# and more text: "affec- TheyarrivedatBath" (a column's line ends there).
_MID_HYPHEN_RE = re.compile(r"[a-z]- (?=\S)")
_SPACES_RE = re.compile(r" +")
_NOTE_LINE_RE = re.compile(r"([0-9]{1,2})(?=[ A-Z“\"‘])|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})")
_SUP_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

# Log-likelihood ratios, line b follows line a (against: b is another line
# of a's page), by what ends a and what starts b.  Ends: "hy" a hyphenated
# word's first part, completed by b's first letters into a known word
# ("known"), into no known word ("unknown"), or followed by no lowercase
# letter ("other"); "term" a sentence's end; "comma" a comma, colon,
# semicolon or dash; "word" a letter; "sym" anything else.  Starts: "lower",
# "upper" (or an opening quote or parenthesis), "other".  Measured with
# ``python -m benchmarks.columns --calibrate`` on pdfplumber's text of 25 TeX
# Live manuals (pages 2-13; /usr/share/doc/texlive-doc, drawn at random) and of
# the evaluation's four single-column novels: 11,242 pairs of consecutive
# lines, each against a pair drawn at random from the same page.
_LLR: dict[str, float] = {
    "hy_known": 3.22,
    "hy_unknown": -1.07,
    "hy_other": -2.05,
    "comma_lower": 0.05,
    "comma_other": 0.25,
    "comma_upper": -0.88,
    "sym_lower": -0.32,
    "sym_other": 0.08,
    "sym_upper": -0.08,
    "term_lower": -1.56,
    "term_other": 0.30,
    "term_upper": 0.79,
    "word_lower": 0.27,
    "word_other": -0.41,
    "word_upper": -0.53,
}
# The same for the pointwise mutual information of the last word of a and the
# first of b (both known words, a not ending a sentence), by PMI bucket.  (The
# bigram list's PMI reads about ln 57 = 4 high; see the README.)
_PMI_BUCKETS: tuple[tuple[float, str], ...] = (
    (0.0, "pmi<0"),
    (3.0, "pmi0-3"),
    (5.0, "pmi3-5"),
    (7.0, "pmi5-7"),
    (math.inf, "pmi>7"),
)
_PMI_LLR: dict[str, float] = {"pmi<0": -2.02, "pmi0-3": -0.26, "pmi3-5": 0.42, "pmi5-7": 1.69, "pmi>7": 3.00}

_Piece = tuple[int, int, int]  # line, start, end

# Most lines a page has (more: a text without page breaks, which is not read
# in columns; the columns of a page start and end on it).
_MOST_LINES = 300

# Widest column searched for, in characters (a newspaper's column holds about
# 35, a two-column paper's 50-60, a wide two-column page's 80).
_WIDEST = 100

# Cost of a line that stops short of the column's width mid-paragraph when
# the next line's first word would have fitted.
_FITTED = 1.5

# Continuations of one hypothesis kept to compete for the beam.
_PER_HYPOTHESIS = 4
_FIRST = itemgetter(0)
_COST = itemgetter(2)
# Ways to read one line searched at most (the cheapest by their lengths).
_MOST_OPTIONS = 48
_SCORE = attrgetter("score")

_FULL = -1  # the kind of a full-width line above the columns
_FOOT = -2  # ... below them
_FULL_ONLY = (_FULL,)
_FOOT_ONLY = (_FOOT,)


def _end(a: str) -> tuple[str, str | None]:
    """How a line ends: "hy" and the hyphenated word's first part
    (lowercase), "term" (a sentence's end), or "comma" / "word" / "sym" and
    its last word (lowercase, or None); "empty"."""
    a = a.rstrip()
    if not a:
        return "empty", None
    m = _HYPHEN_END_RE.search(a)
    if m:
        return "hy", m.group(1).lower()
    if _TERMINAL_RE.search(a) is not None:
        return "term", None
    last = a[-1]
    kind = "comma" if last in ",;:—–" else "word" if last.isalpha() else "sym"
    w = _LAST_WORD_RE.search(a)
    return kind, w.group(1).lower() if w else None


def _start(b: str) -> tuple[str, str | None, str | None]:
    """How a line starts: the class of its first character ("" when blank),
    its leading lowercase letters (or None) and its first word (lowercase, or
    None)."""
    b = b.lstrip()
    if not b:
        return "", None, None
    n = _LOWER_START_RE.match(b)
    w = _FIRST_WORD_RE.match(b)
    return _opens(b[0]), n.group() if n else None, w.group(1).lower() if w else None


def _opens(ch: str) -> str:
    if ch.islower():
        return "lower"
    if ch.isupper() or ch in "\"“‘(":
        return "upper"
    return "other"


class _Scorer:
    """Continuation scores, memoised per pair of lines and per pair of what
    ends the one and starts the other (many lines meet many others, and
    many pairs of lines end and start alike)."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.memo: dict[tuple[str, str], float] = {}
        self.by_kind: dict[tuple[tuple[str, str | None], tuple[str, str | None, str | None]], float] = {}
        self.open_length: dict[str, int] = {}  # of a line not ending a sentence (-1: it does)
        self.ends: dict[str, tuple[str, str | None]] = {}
        self.starts: dict[str, tuple[str, str | None, str | None]] = {}

    def cont(self, a: str | None, b: str) -> float:
        """How well ``b`` goes on from ``a`` in one column (0 for no ``a``)."""
        if a is None:
            return 0.0
        key = (a, b)
        got = self.memo.get(key)
        if got is None:
            # (What ends and starts a line, read within 30 characters: a line
            # that starts with a column's worth of spaces, pdftotext -layout's
            # right column, says nothing either way; reading past the spaces
            # scored worse, benchmarks.columns pdftotext CER 14.1 against 12.9 %.)
            got = self.memo[key] = self.cont_within(a[-30:], b[:30])
        return got

    def cont_within(self, a: str, b: str) -> float:
        """``cont`` of lines that end in ``a`` and start with ``b`` (their
        last and first 30 characters), by what ends and starts them."""
        kinds = (self._end(a), self._start(b))
        got = self.by_kind.get(kinds)
        if got is None:
            pair, bucket = self._features(*kinds)
            got = self.by_kind[kinds] = _LLR.get(pair, 0.0) + _PMI_LLR.get(bucket, 0.0)
        return got

    def step(self, a: str | None, b: str, room: float) -> float:
        """``cont``, less ``_FITTED`` when ``a`` stops mid-paragraph short of
        ``room`` (the column's longest line, less a margin) and ``b``'s first
        word would have fitted after it."""
        got = self.cont(a, b)
        if a is None or not room:
            return got
        n = self.open_length.get(a)
        if n is None:
            n = self.open_length[a] = -1 if self._end(a)[0] == "term" else _length(a)
        if 0 <= n < room:
            word = b.lstrip().split(" ", 1)[0]
            if word and n + 1 + len(word) <= room:
                got -= _FITTED
        return got

    def features(self, a: str, b: str) -> tuple[str, str]:
        """What ends ``a`` and starts ``b`` (a key of ``_LLR``), and the PMI
        bucket of the words on either side of the break (a key of
        ``_PMI_LLR``, or "none")."""
        return self._features(self._end(a), self._start(b))

    def _features(self, end: tuple[str, str | None], start: tuple[str, str | None, str | None]) -> tuple[str, str]:
        kind, word = end
        opens, lower_run, first = start
        if kind == "empty" or not opens:
            return "empty", "none"
        if kind == "hy":
            if lower_run is None:
                return "hy_other", "none"
            return ("hy_known" if self._completes(word or "", lower_run) else "hy_unknown"), "none"
        pair = f"{kind}_{opens}"
        if kind == "term" or word is None or first is None:
            return pair, "none"
        lex = self.lex
        if word not in lex or first not in lex:
            return pair, "unknown"
        pmi = lex.pmi(word, first)
        return pair, next(name for hi, name in _PMI_BUCKETS if pmi < hi)

    def _start(self, b: str) -> tuple[str, str | None, str | None]:
        start = self.starts.get(b)
        if start is None:
            start = self.starts[b] = _start(b)
        return start

    def _end(self, a: str) -> tuple[str, str | None]:
        end = self.ends.get(a)
        if end is None:
            end = self.ends[a] = _end(a)
        return end

    def _completes(self, head: str, rest: str) -> bool:
        """Does a hyphenated word's first part ``head`` and the letters that
        start the next line make a word?"""
        lex = self.lex
        if lex.zipf(head + rest) >= 1.5:
            return True
        if len(rest) >= 12 or len(head) >= 12:
            # Words the extractor ran together ("seehimsome-" /
            # "ionswiththefashions"): the last of the ones before the
            # hyphen and the first of the ones after make a word.
            heads = [head[-i:] for i in range(min(len(head), 12), 1, -1)] if len(head) >= 12 else [head]
            tails = [rest[:j] for j in range(min(len(rest), 16), 1, -1)] if len(rest) >= 12 else [rest]
            return any(len(h) + len(t) >= 5 and lex.zipf(h + t) >= 3.0 for h in heads for t in tails)
        return False

    def chain(self, lines: list[str]) -> float:
        return sum(self.cont(a, b) for a, b in pairwise(lines))


# An option for one line: the columns its parts go to (or _FULL / _FOOT), the
# parts' spans in the line, its cost and the share of it that is shape.
_Option = tuple[tuple[int, ...], tuple[tuple[int, int], ...], float, float]


@dataclass
class _Reading:
    """A page read as ``k`` columns: the pieces of its lines in each column,
    above the columns and below them, and what the reading gains."""

    gain: float
    k: int
    cols: list[list[_Piece]]
    full: list[_Piece]
    foot: list[_Piece]
    lines: int
    width: float
    fit: float | None


@dataclass
class _Hyp:
    score: float
    lasts: tuple[str | None, ...]  # the last line of each column, then of the full-width lines above and below
    kind: tuple[int, ...]
    back: _Hyp | None
    choice: tuple[tuple[int, ...], tuple[tuple[int, int], ...]] | None
    cost: float = 0.0  # what the reading's shape (its lines' options) and changes of pattern cost
    firsts: tuple[str | None, ...] = ()  # the first line of each column


@dataclass(frozen=True)
class Columns(Stage):
    """Put the lines of interleaved columns back in reading order."""

    # Most columns a page is read as (1: none, the stage is off).
    max_columns: int = 3
    # Gain in continuation score (natural log) a reading in columns needs over
    # the page as it stands: min_gain plus gain_per_line per line; in a
    # document with two pages or more that gain that much, the second pair.
    min_gain: float = 20.0
    gain_per_line: float = 0.1
    min_gain_in_columns: float = 8.0
    gain_per_line_in_columns: float = 0.05
    # Hypotheses kept per line in the search.
    beam: int = 12

    name: ClassVar[str] = "columns"
    rules: ClassVar[dict[str, str]] = {
        "columns.reorder": (
            "a page whose columns the extractor interleaved line by line ('LEFT RIGHT' on one line) rewritten column by column"
        ),
    }

    def __post_init__(self) -> None:
        if self.max_columns not in (1, 2, 3):
            raise UsageError(f"columns.max_columns must be 1 (no columns read), 2 or 3, got {self.max_columns!r}")
        if self.beam < 1:
            raise UsageError(f"columns.beam must be at least 1, got {self.beam!r}")

    def __call__(self, doc: Document) -> Iterator[Edit]:
        if doc.glyphs is not None:
            return  # PDF input: the reader orders columns from positions
        text = doc.text
        if text.count("\n") < 20:
            return
        scorer: _Scorer | None = None
        pages: list[tuple[int, str, list[str]]] = []
        pos = 0
        for page in text.split("\f"):
            start, pos = pos, pos + len(page) + 1
            lines = page.split("\n")
            if len(lines) > _MOST_LINES or not self._worth_a_look(lines, scorer):
                continue
            if scorer is None:
                scorer = _Scorer(english())
                if not self._worth_a_look(lines, scorer):
                    continue
            pages.append((start, page, lines))
        if scorer is None or not pages:
            return
        # A column's width in characters, from the longest lines (the lines of
        # all the columns side by side) of the pages that may be in columns.
        lengths = sorted(len(ln) for _s, _p, lines in pages for ln in lines if ln.strip())
        p90 = lengths[int(len(lengths) * 0.9)]
        if p90 > 2 * _WIDEST + 1:
            return  # no two columns side by side make lines this long
        widths = self._widths(scorer, [lines for _s, _p, lines in pages], p90)
        if not widths:
            return
        readings = [self._read(scorer, lines, widths) for _s, _p, lines in pages]
        # A page whose reading gains much is in columns; once two are (or
        # half the pages looked at), the document is set so, and a page that
        # gains less is taken too.
        strong = sum(1 for r in readings if r is not None and r.gain >= self._need(r, self.min_gain, self.gain_per_line))
        for (start, page, lines), r in zip(pages, readings, strict=True):
            if r is None or strong == 0:
                continue
            need = self._need(r, self.min_gain, self.gain_per_line)
            if strong >= 2 or 2 * strong >= len(pages):
                need = min(need, self._need(r, self.min_gain_in_columns, self.gain_per_line_in_columns))
            if r.gain >= need:
                yield self._edit(scorer, page, start, lines, r, need)

    @staticmethod
    def _worth_a_look(lines: list[str], scorer: _Scorer | None) -> bool:
        """Could this page be interleaved columns?  Lines holding a hyphenated
        word's first part in their middle say so; otherwise (``scorer``
        given), lines that do not go on from one another well."""
        long = [ln for ln in lines if len(ln) >= 20]
        if len(long) < 12:
            return False
        mid = 0
        for ln in long:
            m = _MID_HYPHEN_RE.search(ln, len(ln) // 4, 3 * len(ln) // 4)
            if m is not None:
                mid += 1
                if mid >= 2:
                    return True
        if scorer is None:
            return True  # ask again with a scorer
        kept = [ln for ln in lines if ln.strip()][2:27]  # (a sample: past a running head)
        return scorer.chain(kept) < 0.15 * (len(kept) - 1)

    @staticmethod
    def _need(r: _Reading, base: float, per_line: float) -> float:
        return base + per_line * r.lines

    def _widths(self, scorer: _Scorer, pages: list[list[str]], p90: int) -> dict[int, tuple[float, float | None]]:
        """How many columns, and how wide (characters in a full line): a first
        reading of the page with the most long lines, with the width guessed
        from the longest lines (all the columns' lines side by side), tells
        the column count; the width is then the median of the reading's lines
        that fill most of a column, and the longest line a column holds is
        their 95th percentile."""
        guess = {k: (p90 - (k - 1)) / (1.03 * k) for k in range(2, self.max_columns + 1)}
        guess = {k: w for k, w in guess.items() if w >= 12}
        # (the pages with the most long lines: columns side by side)
        def long_lines(lines: list[str]) -> int:
            return sum(1 for ln in lines if len(ln) >= 0.75 * p90)

        page = [ln for ln in max(pages, key=long_lines) if ln.strip()]
        if not guess:
            return {}
        # The column count that reads (the first 40 lines of) that page best...
        head = page[:40]
        first = {k: self._reading(scorer, head, k, w, None, scorer.chain(head)).gain for k, w in guess.items()}
        k = max(first, key=first.__getitem__)
        if first[k] <= 0:
            return {}  # not even that page reads better in columns
        # ... and the width of its lines.
        reading = self._reading(scorer, page, k, guess[k], None, scorer.chain(page))
        full = sorted(n for col in reading.cols for li, s, e in col if (n := _length(page[li][s:e])) >= 0.7 * guess[k])
        if len(full) < 10:
            return {k: (guess[k], None)}
        return {k: (full[len(full) // 2], full[len(full) * 95 // 100])}

    def _read(self, scorer: _Scorer, lines: list[str], widths: dict[int, tuple[float, float | None]]) -> _Reading | None:
        """The page's best reading in columns, if it has one."""
        texts = [ln for ln in lines if ln.strip()]
        as_is = scorer.chain(texts)
        best: _Reading | None = None
        for k, (width, fit) in widths.items():
            reading = self._reading(scorer, texts, k, width, fit, as_is)
            if sum(1 for col in reading.cols if col) >= 2 and (best is None or reading.gain > best.gain):
                best = reading
        return best

    def _edit(self, scorer: _Scorer, page: str, start: int, lines: list[str], r: _Reading, need: float) -> Edit:
        kept = [i for i, ln in enumerate(lines) if ln.strip()]
        texts = [lines[i] for i in kept]
        k = r.k
        cols, notes = _notes_to_foot(texts, r.cols)
        order = r.full + [p for col in cols for p in col] + notes + self._foot(scorer, texts, r)
        # The new page: each piece is a slice of a line; lines end in "\n".
        offsets = []
        o = 0
        for ln in lines:
            offsets.append(o)
            o += len(ln) + 1
        parts: list[str] = []
        pieces: list[list[int]] = []
        new_pos = 0
        for li, s, e in order:
            line_at = offsets[kept[li]]
            pieces.append([new_pos, line_at + s, e - s])
            parts.append(texts[li][s:e])
            new_pos += e - s + 1
        new = "\n".join(parts)
        if page.endswith("\n"):
            new += "\n"
        return Edit(
            start,
            start + len(page),
            new,
            self.rule("reorder"),
            confidence=0.9,
            reason=f"read as {k} columns interleaved line by line (continuation gain {r.gain:.0f}, needed {need:.0f})",
            data={"columns": k, "pieces": pieces},
        )

    def _foot(self, scorer: _Scorer, texts: list[str], r: _Reading) -> list[_Piece]:
        """The lines below the columns, read as columns themselves when they
        are the columns' footnotes side by side (set in smaller type: their
        lines are longer) and read better so."""
        foot = r.foot
        if len(foot) < 2 or not any(len(texts[li]) >= 1.5 * r.width for li, _s, _e in foot):
            return foot
        sub = [texts[li] for li, _s, _e in foot]
        width = 1.2 * r.width
        notes = self._reading(scorer, sub, r.k, width, 1.25 * r.fit if r.fit else None, scorer.chain(sub))
        if notes.gain <= 0 or sum(1 for col in notes.cols if col) < 2:
            return foot
        return [(foot[li][0], s, e) for li, s, e in _in_order(notes.full, notes.cols, notes.foot)]

    def _reading(
        self, scorer: _Scorer, texts: list[str], k: int, width: float, fit: float | None, as_is: float
    ) -> _Reading:
        """The best reading of the page as ``k`` columns, and its gain: how
        much better the new page's lines go on from one another than the old
        page's (every pair of lines, where one column ends and the next
        begins included), less what the reading's choices cost."""
        path, cost = self._search(scorer, texts, k, width, fit)
        cols, full, foot = _streams(texts, path, k)
        gain = scorer.chain([_piece(texts, p) for p in _in_order(full, cols, foot)]) - cost - as_is
        return _Reading(gain, k, cols, full, foot, len(texts), width, fit)

    def _search(
        self, scorer: _Scorer, texts: list[str], k: int, width: float, fit: float | None
    ) -> tuple[list[tuple[tuple[int, ...], tuple[tuple[int, int], ...]]], float]:
        """The best reading of the page's lines as ``k`` columns (beam
        search), and what its choices cost.  With ``fit`` (the longest line
        a column holds), a line that ends short of it mid-paragraph, when the
        next line's first word would have fitted, is unlikely to be followed
        by that line."""
        room = 0.92 * fit if fit is not None else 0.0
        hyps = [_Hyp(0.0, (None,) * (k + 2), (), None, None, 0.0, (None,) * k)]
        slot_of = {c: c for c in range(k)} | {_FULL: k, _FOOT: k + 1}
        transition: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = {}
        for line in texts:
            options = _options(line, k, width, fit, scorer)
            if len(options) > _MOST_OPTIONS:  # (a long line of short words: keep the likeliest)
                options = sorted(options, key=_COST)[:_MOST_OPTIONS]
            cheapest = min(o[2] for o in options)
            # Each option once: its parts as (key, column slot, text, room).
            prepared = [
                (cols, spans, cost, shape, [((c, sp), slot_of[c], line[sp[0] : sp[1]], room if c >= 0 else 0.0) for c, sp in zip(cols, spans, strict=True)])  # noqa: E501
                for cols, spans, cost, shape in options
                if cost <= cheapest + 6.0  # (never the best)
            ]
            cand: dict[tuple[tuple[str | None, ...], tuple[int, ...]], _Hyp] = {}
            # A part's score after a column's last line, shared by the
            # hypotheses (most end their columns alike).
            seen: dict[tuple[str | None, tuple[int, tuple[int, int]]], float] = {}
            for h in hyps:
                prev = h.kind
                lasts = h.lasts
                scored = []
                for cols, spans, cost, shape, parts in prepared:
                    if cols == _FULL_ONLY and prev and prev != _FULL_ONLY:
                        continue  # full-width lines above the columns come first
                    if prev == _FOOT_ONLY and cols != _FOOT_ONLY:
                        continue  # ... and those below them last
                    t = transition.get((prev, cols))
                    if t is None:
                        t = transition[(prev, cols)] = _transition(prev, cols, k)
                    score = h.score - cost - t
                    paid = shape + t
                    for key, slot, part, part_room in parts:
                        last = lasts[slot]
                        got = seen.get((last, key))
                        if got is None:
                            got = seen[(last, key)] = scorer.step(last, part, part_room)
                        score += got
                    scored.append((score, paid, cols, spans, parts))
                scored.sort(key=_FIRST, reverse=True)
                for score, paid, cols, spans, parts in scored[:_PER_HYPOTHESIS]:
                    new_lasts = list(lasts)
                    firsts = h.firsts
                    for _key, slot, part, _room in parts:
                        new_lasts[slot] = part
                        if slot < k and firsts[slot] is None:
                            firsts = (*firsts[:slot], part, *firsts[slot + 1 :])
                    # Nothing goes into the columns below their foot: there,
                    # hypotheses that differ only in the columns' last lines
                    # are one (the beam keeps room for readings that go on in
                    # columns).
                    state = ((*[None] * (k + 1), new_lasts[-1]) if cols == _FOOT_ONLY else tuple(new_lasts), cols)
                    old = cand.get(state)
                    if old is None or old.score < score:
                        cand[state] = _Hyp(score, tuple(new_lasts), cols, h, (cols, spans), h.cost + paid, firsts)
            hyps = sorted(cand.values(), key=_SCORE, reverse=True)[: self.beam]

        def read_on(h: _Hyp) -> float:
            """The score with where each column ends and the next begins."""
            ends = [(first, tail) for first, tail in zip(h.firsts, h.lasts[:k], strict=True) if first is not None]
            return h.score + sum(scorer.cont(a[1], b[0]) for a, b in pairwise(ends))

        path = []
        chosen = max(hyps, key=read_on)
        cost = chosen.cost
        step: _Hyp | None = chosen
        while step is not None and step.choice is not None:
            path.append(step.choice)
            step = step.back
        return path[::-1], cost


def _in_order(full: list[_Piece], cols: list[list[_Piece]], foot: list[_Piece]) -> list[_Piece]:
    """A reading's pieces in reading order: above the columns, each column,
    below them."""
    return full + [p for col in cols for p in col] + foot


def _piece(texts: list[str], p: tuple[int, int, int]) -> str:
    return texts[p[0]][p[1] : p[2]]


def _streams(
    texts: list[str], path: list[tuple[tuple[int, ...], tuple[tuple[int, int], ...]]], k: int
) -> tuple[list[list[tuple[int, int, int]]], list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    cols: list[list[tuple[int, int, int]]] = [[] for _ in range(k)]
    full: list[tuple[int, int, int]] = []
    foot: list[tuple[int, int, int]] = []
    for li, (which, spans) in enumerate(path):
        for c, (s, e) in zip(which, spans, strict=True):
            (full if c == _FULL else foot if c == _FOOT else cols[c]).append((li, s, e))
    return cols, full, foot


def _notes_to_foot(
    texts: list[str], cols: list[list[tuple[int, int, int]]]
) -> tuple[list[list[tuple[int, int, int]]], list[tuple[int, int, int]]]:
    """A column's trailing footnotes, moved under all the columns: the last
    run of lines, at the column's end, that starts with a number the page's
    other lines call (a digit glued after a word or punctuation)."""
    body = " ".join(_piece(texts, p) for col in cols for p in col)
    notes: list[tuple[int, int, int]] = []
    out = []
    for col in cols[:-1]:
        cut = len(col)
        for i in range(len(col) - 1, max(-1, len(col) - 12), -1):
            m = _NOTE_LINE_RE.match(_piece(texts, col[i]))
            if m is None:
                continue
            n = (m.group(1) or m.group(2)).translate(_SUP_DIGITS)
            called = re.search(rf"[a-z.,;:!?”’)]{n}(?![0-9])|{n.translate(str.maketrans('0123456789', '⁰¹²³⁴⁵⁶⁷⁸⁹'))}", body)
            if called is not None:
                cut = i
        notes += col[cut:]
        out.append(col[:cut])
    out.append(cols[-1])
    return out, notes


def _transition(prev: tuple[int, ...], cur: tuple[int, ...], k: int) -> float:
    """Cost of a line of columns ``cur`` after one of ``prev``: the columns
    go on side by side, or alternate (their baselines apart); a column's two
    lines in a row, or a change of pattern, cost something."""
    if not prev or cur == (_FULL,) or cur == (_FOOT,):
        return 0.0
    if cur == prev:
        return 0.0 if len(cur) == k else 1.5
    if not set(cur) & set(prev):
        return 0.0
    return 1.0


def _options(line: str, k: int, width: float, fit: float | None, scorer: _Scorer) -> list[_Option]:
    """Ways to read a line: one column's line, parts side by side (split at
    spaces, each part at most a column wide), or full width.  A split between
    words that go on from one another ("the | clock") costs what they do."""
    n = len(line)
    alone = 0.2 if n <= 0.7 * width else 1.0  # a running head or folio; a title, an abstract
    out: list[_Option] = [((_FULL,), ((0, n),), alone, alone), ((_FOOT,), ((0, n),), alone, alone)]
    single, shape = _part_cost(line, width, fit)
    # A line that starts past half a column's width of spaces lies right of
    # the first column (pdftotext -layout keeps text where it was).
    indent = n - len(line.lstrip(" "))
    first = 1 if indent >= 0.5 * width else 0
    if n - indent <= 1.45 * width + 2:
        out += [((c,), ((0, n),), single, shape) for c in range(first, k)]
    # Where a line can be cut: each run of spaces (one, or the many that
    # pdftotext -layout sets between columns), the part before ending where
    # it starts and the next beginning where it ends; not inside a row of
    # leader dots (". . . 79" is a contents line).
    gaps = [
        m.span()
        for m in _SPACES_RE.finditer(line)
        if not (m.end() - m.start() == 1 and 0 < m.start() < n - 1 and line[m.start() - 1] == line[m.end()] == ".")
    ]

    def splits(begin: int, parts: int) -> Iterator[list[tuple[int, int]]]:
        if parts == 1:
            if begin < n and n - begin <= 1.45 * width + 2:  # (not after trailing spaces)
                yield [(begin, n)]
            return
        for i, j in gaps:
            if i <= begin:
                continue
            if i - begin > 1.45 * width + 2:
                break
            if i - begin < 0.35 * width and _part_cost(line[begin:i], width, fit)[0] > 0.8:
                continue  # a short part ends a paragraph or is a heading
            for rest in splits(j, parts - 1):
                yield [(begin, i), *rest]

    part_costs: dict[tuple[int, int], tuple[float, float]] = {}  # (a part recurs in many splits)
    for parts in range(2, k + 1):
        for spans in splits(0, parts):
            cost = shape = 0.0
            for span in spans:
                got = part_costs.get(span)
                if got is None:
                    got = part_costs[span] = _part_cost(line[span[0] : span[1]], width, fit)
                cost += got[0]
                shape += got[1]
            # (what ends one part and starts the next, read within 30
            # characters as ``_Scorer.cont`` reads them)
            cost += sum(max(0.0, scorer.cont_within(line[max(a, b - 30) : b], line[c : min(d, c + 30)]))
                        for (a, b), (c, d) in pairwise(spans))
            for cols in _combinations(k, parts):
                out.append((cols, tuple(spans), cost, shape))
    return out


def _combinations(k: int, parts: int) -> list[tuple[int, ...]]:
    return list(combinations(range(k), parts))


def _length(part: str) -> int:
    """A line's length, counting the spaces a line of prose would have (one
    in six characters) where the extractor lost them."""
    part = part.strip(" ")
    n = len(part)
    return n + max(0, n // 6 - part.count(" "))


def _part_cost(part: str, width: float, fit: float | None = None) -> tuple[float, float]:
    """Cost of reading ``part`` as one column's line, and the part of it that
    is the reading's shape (what a reading of single-column text in columns
    would pay for its oddities; the rest only ranks the ways to split a line
    by their lengths): longer than a column (than its longest line, ``fit``,
    when known), not the usual length, or well short of a column without
    ending a paragraph (or being a heading: shape)."""
    n = _length(part)
    over = n / width - 1.15
    beyond = 0.0 if fit is None or n <= fit + 1 else 1.5 + 0.5 * (n - fit - 1)
    if over > 0:  # (a footnote's small type sets a longer line)
        return beyond + (8.0 * over if over < 0.2 else 1.6 + 20.0 * (over - 0.2)), 0.0
    if beyond:
        return beyond, 0.0
    if n >= 0.75 * width:
        return min(2.0, 0.1 * ((n - width) / (0.08 * width)) ** 2), 0.0
    p = part.strip()
    if not p or _TERMINAL_RE.search(p):
        shape = 0.2
    elif (p[0].isupper() or p[0].isdigit()) and len(p.split()) <= 6:
        shape = 0.8
    else:
        shape = 2.5
    return shape, shape
