"""Page geometry for the PDF reader: characters -> lines in reading order.

Engine-independent: both PDF engines (pdfplumber, pdfium) produce
:class:`Char` records and this module turns one page of them into lines.

* Every character is placed in its own text frame: ``u`` runs along the
  writing direction (the text matrix's x axis), ``v`` along its "up" axis.  So
  rotated, mirrored and upside-down pages read like upright ones, and no
  character's order depends on how the page was drawn.
* The orientation shared by most characters of the page is the body; text in
  any other orientation (vertical margin text, stamps) becomes "margin" lines,
  kept after the body, never dropped.
* Columns: gutters are vertical white bands of the body (few characters cover
  them over the page's height, or, under a table or a figure, white inside the
  text of many more rows than cover them, with text mass on both sides).
  Lines are built inside each column; a line that runs across a gutter on the
  same baseline (a title, a footer) spans the columns and is ordered between
  the column bands above and below it.
* Footnotes at the foot of each column (type smaller than the body's, which
  is the size of the columns' upper half) go after all the columns, then the
  lines across the page below them (a slug) and the folio.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter


@dataclass
class Char:
    """One PDF character (one glyph; ``text`` may be several code points,
    e.g. "fi", or empty when the font does not say what the glyph is)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    font: str
    upright: bool
    # Unit vectors of the text frame in y-up page space.
    dx: float = 1.0
    dy: float = 0.0
    ux: float = 0.0
    uy: float = 1.0
    glyph_name: str | None = None  # set when text was recovered from the glyph name
    seq: int = 0  # position in the page's content stream
    # PDFium put a word space of its own between stream character
    # ``space_after`` and this one (-1: none), a second opinion for the gap
    # test.
    space_after: int = -1
    # Filled by frame():
    u0: float = 0.0
    u1: float = 0.0
    v: float = 0.0
    h: float = 0.0
    space: bool = False  # empty or whitespace text
    mid: float = 0.0  # (u0 + u1) / 2, the centre along the line

    def is_space(self) -> bool:
        return self.space


_ORIENT: dict[tuple[float, float, float, float], tuple[int, int]] = {}


def orientation(c: Char) -> tuple[int, int]:
    """Writing direction and up direction, each rounded to 15 degrees."""
    key = (c.dx, c.dy, c.ux, c.uy)
    got = _ORIENT.get(key)
    if got is None:
        got = _ORIENT[key] = _orientation(c)
        if len(_ORIENT) > 10000:
            _ORIENT.clear()
    return got


def _orientation(c: Char) -> tuple[int, int]:
    a = round(math.degrees(math.atan2(c.dy, c.dx)) / 15) % 24
    b = round(math.degrees(math.atan2(c.uy, c.ux)) / 15) % 24
    return a, b


def frame(c: Char) -> None:
    """Compute the character's extent in its own frame."""
    frames((c,))


def frames(chars: Iterable[Char]) -> None:
    """:func:`frame` for each character, in one call for a page (this loop
    runs once per character)."""
    for c in chars:
        text = c.text
        c.space = text == "" or text.isspace()
        if c.dx == 1.0 and c.uy == 1.0:  # upright: the common case
            top, bottom = c.top, c.bottom
            u0 = c.u0 = c.x0
            u1 = c.u1 = c.x1
            c.mid = (u0 + u1) / 2
            c.v = -(top + bottom) / 2
            h = bottom - top
            if h < 0.1:  # max(h, 0.1)
                h = 0.1
            c.h = h
            if c.size <= 0:
                c.size = h
            continue
        xs = (c.x0, c.x1)
        ys = (-c.top, -c.bottom)
        us = [x * c.dx + y * c.dy for x in xs for y in ys]
        vs = [x * c.ux + y * c.uy for x in xs for y in ys]
        c.u0, c.u1 = min(us), max(us)
        c.mid = (c.u0 + c.u1) / 2
        c.v = (min(vs) + max(vs)) / 2
        c.h = max(max(vs) - min(vs), 0.1)
        if c.size <= 0:
            c.size = c.h


@dataclass
class Line:
    chars: list[Char]
    col0: int = 0
    col1: int = 0
    margin: bool = False
    v: float = field(default=0.0)

    @property
    def u0(self) -> float:
        return self.chars[0].u0

    @property
    def u1(self) -> float:
        return max(c.u1 for c in self.chars)


def _rows(chars: Sequence[Char]) -> list[list[Char]]:
    """Cluster characters of one column into rows by vertical overlap.

    A row's vertical extent is that of its largest character, except one set
    far to the side of the row's text (a title in the margin, in larger type,
    beside two lines of the body): it joins the row it overlaps but does not
    stretch it over the next line, whose characters would be interleaved."""
    # Stable sort, top row first (reverse=True keeps equal keys in input order).
    order = sorted(chars, key=_V, reverse=True)
    rows: list[list[Char]] = []
    rlo = rhi = 0.0  # extent of the current row's largest char
    su0 = su1 = 0.0  # extent of the current row's text along the line
    for c in order:
        v, half = c.v, c.h / 2
        lo, hi = v - half, v + half
        if rows:
            # min() and max() written out (this loop runs once per character).
            overlap = (rhi if rhi < hi else hi) - (rlo if rlo > lo else lo)
            a, b = hi - lo, rhi - rlo
            if overlap >= 0.5 * (b if b < a else a):
                rows[-1].append(c)
                d1, d2, ch = c.u0 - su1, su0 - c.u1, c.h
                if (d1 if d1 > d2 else d2) > 2 * (ch if ch > b else b):
                    continue  # far to the side: joins the row, does not stretch it
                if c.u0 < su0:
                    su0 = c.u0
                if c.u1 > su1:
                    su1 = c.u1
                if a > b:
                    rlo, rhi = lo, hi
                continue
        rows.append([c])
        rlo, rhi = lo, hi
        su0, su1 = c.u0, c.u1
    return [_order_row(r) for r in rows]


_V = attrgetter("v")
_H = attrgetter("h")
_MID_SEQ = attrgetter("mid", "seq")


def _order_row(row: list[Char]) -> list[Char]:
    """Characters of a row along the writing direction.  A space drawn on top
    of a glyph (some PDFs draw a line's leading space at the first glyph's
    origin) keeps its content-stream side of that glyph."""
    ink = sorted([c for c in row if not c.space], key=_MID_SEQ)
    if len(ink) == len(row):
        return ink  # no spaces to place
    keyed: list[tuple[float, int, Char]] = [(c.mid, 0, c) for c in ink]
    centres = [k[0] for k in keyed]
    for sp in (c for c in row if c.space):
        key = (sp.mid, 0, sp)
        width = max(sp.u1 - sp.u0, 1e-6)
        i = bisect.bisect_left(centres, key[0])
        for j in (i - 1, i):
            if 0 <= j < len(ink):
                x = ink[j]
                if min(x.u1, sp.u1) - max(x.u0, sp.u0) > 0.5 * width:
                    key = (centres[j], -1 if sp.seq < x.seq else 1, sp)
                    break
        keyed.append(key)
    keyed.sort(key=lambda k: (k[0], k[1], k[2].seq))
    return [k[2] for k in keyed]


def _median(xs: Sequence[float]) -> float:
    s = sorted(xs)
    return s[len(s) // 2] if s else 0.0


def gutters(chars: Sequence[Char]) -> list[tuple[float, float]]:
    """Vertical white bands between text columns, as (u_start, u_end).

    First by coverage: few characters over the page's height.  A table or a
    running head set across the columns can fill a gutter's coverage on a
    page with little text; then a gutter is a band that is white inside the
    text of many consecutive rows of the page (see :func:`_row_gutters`)."""
    return _ink_gutters(_Ink(chars))


def _ink_gutters(ink: _Ink) -> list[tuple[float, float]]:
    found = _gutters(ink)
    for g in _row_gutters(ink):
        if all(g[1] <= a or g[0] >= b for a, b in found):
            found.append(g)
    return sorted(found)


class _Ink:
    """A page's ink (its characters that are not spaces) and what the column
    tests all measure on it: its median type size, its extent along the
    lines, and its slabs (see :meth:`slabs`), each measured once."""

    def __init__(self, chars: Sequence[Char]) -> None:
        self.chars = [c for c in chars if not c.space]
        self.size = _median([c.size for c in self.chars])
        self.umin = self.umax = 0.0
        if self.chars:
            self.umin = min(c.u0 for c in self.chars)
            self.umax = max(c.u1 for c in self.chars)
        self._slabs: dict[int, list[Char]] | None = None

    def extent(self) -> tuple[float, int] | None:
        """(leftmost u, width in points) of the ink, if it can have columns."""
        if len(self.chars) < 50:
            return None
        n = int(self.umax - self.umin) + 2
        return (self.umin, n) if 10 <= n <= 20000 else None

    def slabs(self) -> dict[int, list[Char]]:
        """The page cut into slabs one line high (1.2 times the median size),
        top-down by key: the characters of each, in page order."""
        if self._slabs is None:
            height = 1.2 * max(self.size, 1.0)
            floor = math.floor
            slabs: dict[int, list[Char]] = {}
            for c in self.chars:
                key = floor(-c.v / height)
                row = slabs.get(key)
                if row is None:
                    row = slabs[key] = []
                row.append(c)
            self._slabs = slabs
        return self._slabs


def _row_gutters(ink: _Ink) -> list[tuple[float, float]]:
    """Gutters as white bands inside the rows' text: the page is cut into
    slabs one line high; in each slab, the x positions between its leftmost
    and rightmost ink that no character covers are its inner gaps.  A band
    that is an inner gap of at least three slabs and of twice as many slabs
    as cover it (a running head, a table across the columns), wide enough
    and with text on both sides, is a gutter, if every column it makes is at
    least 12 em wide."""
    extent = ink.extent()
    if extent is None:
        return []
    umin, n = extent
    size = ink.size
    ceil = math.ceil
    covered = [0] * (n + 1)  # difference arrays over x
    spanned = [0] * (n + 1)
    mass = [0] * (n + 1)  # characters by the x of their centre
    for row in ink.slabs().values():
        spans: list[tuple[int, int]] = []
        for c in row:
            a = int(c.u0 - umin)
            b = ceil(c.u1 - umin)
            spans.append((a, b if b > a else a + 1))
            m = int(c.mid - umin)
            mass[0 if m < 0 else n if m > n else m] += 1  # min(n, max(0, m))
        spans.sort()
        lo, hi = spans[0]
        spanned[lo] += 1
        for a, b in spans[1:]:
            if a > hi:
                covered[lo] += 1
                covered[hi] -= 1
                lo = a
            if b > hi:
                hi = b
        covered[lo] += 1
        covered[min(hi, n)] -= 1
        spanned[min(hi, n)] -= 1
    total = len(ink.chars)
    min_width = max(0.7 * size, 4.0)
    out: list[tuple[float, float]] = []
    cov = span = 0
    start = -1
    left = 0
    cover: list[int] = []
    for x in range(n + 1):
        if x < n:
            cov += covered[x]
            span += spanned[x]
            cover.append(cov)
        white = x < n and span - cov >= max(3, 2 * cov)
        if white and start < 0:
            start = x
        elif not white and start >= 0:
            if x - start >= min_width:
                before = left
                right = total - before - sum(mass[start:x])
                if before >= 0.12 * total and right >= 0.12 * total:
                    out.append(_whitest(cover, start, x, umin))
            start = -1
        if start < 0 and x < n:
            left += mass[x]
    # Columns of running text are many words wide; narrower ones are the
    # cells of a table or a grid, read row by row.
    edges = [umin, *[(a + b) / 2 for a, b in out], umin + n]
    if any(b - a < 12 * size for a, b in itertools.pairwise(edges)):
        return []
    return out


def _whitest(cover: list[int], start: int, end: int, umin: float) -> tuple[float, float]:
    """The widest run of the least covered positions of ``cover[start:end]``,
    give or take one row (a ragged column edge next to a gutter is white only
    in some rows; a word space in a running head is one row whiter)."""
    least = min(cover[start:end]) + 1
    best = (start, start)
    i = start
    while i < end:
        if cover[i] <= least:
            j = i
            while j < end and cover[j] <= least:
                j += 1
            if j - i > best[1] - best[0]:
                best = (i, j)
            i = j
        else:
            i += 1
    return umin + best[0], umin + best[1]


def _gutters(ink: _Ink) -> list[tuple[float, float]]:
    extent = ink.extent()
    if extent is None:
        return []
    umin, n = extent
    diff = [0.0] * (n + 1)
    ceil = math.ceil
    for c in ink.chars:
        a = int(c.u0 - umin)
        b = ceil(c.u1 - umin)
        if b <= a:
            b = a + 1  # max(a + 1, b)
        h = c.h
        diff[a] += h
        diff[b if b < n else n] -= h
    cov: list[float] = []
    run = 0.0
    for d in diff[:n]:
        run += d
        cov.append(run)
    nonzero = [x for x in cov if x > 0]
    if not nonzero:
        return []
    level = 0.06 * _median(nonzero)
    size = ink.size
    min_width = max(0.7 * size, 4.0)
    total = sum(cov)
    out: list[tuple[float, float]] = []
    i = 0
    while i < n:
        if cov[i] <= level:
            j = i
            while j < n and cov[j] <= level:
                j += 1
            if i > 0 and j < n and j - i >= min_width:
                left = sum(cov[:i])
                right = sum(cov[j:])
                if left >= 0.12 * total and right >= 0.12 * total:
                    out.append((umin + i, umin + j))
            i = j
        else:
            i += 1
    # Each column must have real text mass between its gutters.
    bounds = [umin, *[(a + b) / 2 for a, b in out], ink.umax + 1]
    keep: list[tuple[float, float]] = []
    for k, g in enumerate(out):
        lo, hi = bounds[k], bounds[k + 2]
        mid = bounds[k + 1]
        lm = sum(cov[int(lo - umin) : int(mid - umin)])
        rm = sum(cov[int(mid - umin) : int(hi - umin)])
        if lm >= 0.08 * total and rm >= 0.08 * total:
            keep.append(g)
    return keep


def _orient_lines(chars: list[Char], margin: bool, known: list[list[float]] | None = None) -> list[Line]:
    """Lines of one orientation group in reading order, column by column.
    ``known``: gutters earlier pages of the document showed, as [start, end,
    pages]; this page's are counted in."""
    ink = None if margin else _Ink(chars)
    gut = [] if ink is None else _ink_gutters(ink)
    if known is not None and ink is not None:
        if gut:
            for g0, g1 in gut:
                same = next((k for k in known if g0 < k[1] and k[0] < g1), None)
                if same is None:
                    known.append([g0, g1, 1.0])
                else:
                    same[2] += 1
        else:
            # The document's grid: gutters two pages or more showed.
            grid = [(k[0], k[1]) for k in known if k[2] >= 2]
            if grid:
                gut = _known_gutters(ink, grid)
    cuts = [(a + b) / 2 for a, b in gut]
    ncols = len(cuts) + 1
    cols: list[list[Char]] = [[] for _ in range(ncols)]
    if not cuts:
        cols[0] = chars
    else:
        for c in chars:
            mid = c.mid
            k = 0
            while k < len(cuts) and mid > cuts[k]:
                k += 1
            cols[k].append(c)
    lines: list[Line] = []
    for k, cc in enumerate(cols):
        for r in _rows(cc):
            lines.append(Line(r, k, k, margin, _row_v(r)))
    if ncols > 1:
        lines = _join_spanning(lines, gut)
        return _notes_last(_order_bands(lines, ncols))
    lines.sort(key=lambda ln: -ln.v)
    return lines


def _known_gutters(ink: _Ink, known: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The document's gutters that this page's rows show too.  A page with
    too few rows to show its columns by itself (two rows of text under a
    figure) keeps the document's column grid (gutters two pages or more
    showed) where at least two rows are split there by a white gap as wide
    as a gutter and start again flush after it, one block of rows with no
    row running across the gutter between them (rows across it may only
    stand above or below the block: a running head, a slug), and both
    columns are at least 12 em wide.  A table's rows, crossed by its
    spanning rows, its figures right-aligned, do not pass."""
    if not ink.chars:
        return []
    size = ink.size
    slabs = ink.slabs()
    order = sorted(slabs)  # top row first
    umin, umax = ink.umin, ink.umax
    out: list[tuple[float, float]] = []
    for g0, g1 in known:
        mid = (g0 + g1) / 2
        if mid - umin < 12 * size or umax - mid < 12 * size:
            continue
        need = max(0.7 * size, 0.6 * (g1 - g0))
        kinds = []
        starts: list[float] = []  # where the split rows' text starts after the gutter
        for key in order:
            row = slabs[key]
            left = max((c.u1 for c in row if c.u1 <= mid), default=None)
            right = min((c.u0 for c in row if c.u0 >= mid), default=None)
            if any(c.u0 < mid < c.u1 for c in row):
                kinds.append("across")
            elif left is not None and right is not None and right - left >= need:
                kinds.append("split")
                starts.append(right)
            else:
                kinds.append("side")
        rows = [k for k, kind in enumerate(kinds) if kind == "split"]
        if len(rows) < 2 or "across" in kinds[rows[0] : rows[-1]]:
            continue
        # A column of running text starts its lines flush; a table's
        # right-aligned figures do not.
        if max(starts) - min(starts) <= 0.5 * size:
            out.append((g0, g1))
    return out


def _row_v(r: Sequence[Char]) -> float:
    big = max(r, key=_H)
    return big.v


def _join_spanning(lines: list[Line], gut: Sequence[tuple[float, float]]) -> list[Line]:
    """Join a line with the line in the next column on the same baseline when
    the text runs across the gutter (no white band between them)."""
    by_col: dict[int, list[Line]] = {}
    for ln in lines:
        by_col.setdefault(ln.col0, []).append(ln)
    ncols = len(gut) + 1
    merged: set[int] = set()
    result: list[Line] = []
    # A line set apart below (or above) all the other text of its column: a
    # page foot or head, which may have wide gaps ("Book.indb 77   14/09/2018").
    apart: set[int] = set()
    for col_lines in by_col.values():
        vs = sorted(ln.v for ln in col_lines)
        for ln in col_lines:
            size = max((c.size for c in ln.chars), default=0.0)
            if len(vs) == 1 or (ln.v == vs[0] and vs[1] - ln.v > 2 * size) or (
                ln.v == vs[-1] and ln.v - vs[-2] > 2 * size
            ):
                apart.add(id(ln))
    for k in range(ncols):
        for ln in by_col.get(k, []):
            if id(ln) in merged:
                continue
            cur = ln
            while cur.col1 + 1 < ncols:
                nxt_col = cur.col1 + 1
                width = gut[cur.col1][1] - gut[cur.col1][0]
                size = max(c.size for c in cur.chars)
                cand = None
                for other in by_col.get(nxt_col, []):
                    if id(other) in merged:
                        continue
                    if abs(other.v - cur.v) <= 0.3 * size:
                        gap = _ink_u0(other) - _ink_u1(cur)  # a trailing space is not text
                        if gap < min(0.6 * width, 1.2 * size) or (id(other) in apart and id(ln) in apart):
                            cand = other
                            break
                if cand is None and id(ln) in apart:
                    # A page foot or head reaches over empty columns.
                    cand = next(
                        (
                            o
                            for k2 in range(nxt_col + 1, ncols)
                            for o in by_col.get(k2, [])
                            if id(o) not in merged and id(o) in apart and abs(o.v - cur.v) <= 0.3 * size
                        ),
                        None,
                    )
                if cand is None:
                    break
                merged.add(id(cand))
                cur = Line(cur.chars + cand.chars, cur.col0, cand.col1, False, cur.v)
            result.append(cur)
    return result


def _ink_u0(ln: Line) -> float:
    return min((c.u0 for c in ln.chars if not c.space), default=ln.u0)


def _ink_u1(ln: Line) -> float:
    return max((c.u1 for c in ln.chars if not c.space), default=ln.u1)


def _order_bands(lines: list[Line], ncols: int) -> list[Line]:
    """Column lines band by band; spanning lines separate the bands."""
    spanning = sorted((ln for ln in lines if ln.col1 > ln.col0), key=lambda ln: -ln.v)
    single = [ln for ln in lines if ln.col1 == ln.col0]
    out: list[Line] = []
    upper = math.inf
    for sp in [*spanning, None]:
        lower = sp.v if sp is not None else -math.inf
        band = [ln for ln in single if lower < ln.v <= upper]
        band.sort(key=lambda ln: (ln.col0, -ln.v))
        out.extend(band)
        if sp is not None:
            out.append(sp)
        upper = lower
    # Lines exactly on a spanning line's v that were not in any band.
    placed = {id(ln) for ln in out}
    out.extend(ln for ln in single if id(ln) not in placed)
    return out


def _notes_last(lines: list[Line]) -> list[Line]:
    """On a page of columns, each column ends with its own footnotes (smaller
    type) and perhaps a page number; read column by column they would sit in
    the middle of the text.  Those column tails go after all the columns, where
    a one-column page has its notes and folio."""
    sizes = [c.size for ln in lines for c in ln.chars if not c.space and c.size > 0]
    if not sizes:
        return lines
    body = _body_size(lines)

    def tail_line(ln: Line) -> bool:
        own = [c.size for c in ln.chars if not c.space and c.size > 0]
        text = "".join(c.text for c in ln.chars).strip()
        return (bool(own) and _median(own) < 0.88 * body) or (text.isdigit() and len(text) <= 4)

    def folio(ln: Line) -> bool:
        text = "".join(c.text for c in ln.chars).strip()
        return text.isdigit() and len(text) <= 4

    kept: list[Line] = []
    tails: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (lines[j].col0, lines[j].col1) == (lines[i].col0, lines[i].col1):
            j += 1
        block = lines[i:j]
        k = len(block)
        if block[0].col0 == block[0].col1:  # a column, not a spanning line
            while k > 1 and tail_line(block[k - 1]):
                k -= 1
        kept.extend(block[:k])
        tails.extend(block[k:])
        i = j
    # A column's first line that stands above all the text of the other
    # columns is the page's head line (a running head set in one column).
    heads: list[Line] = []
    if kept:
        top_others: dict[int, float] = {}
        for ln in kept:
            top_others[ln.col0] = max(top_others.get(ln.col0, -math.inf), ln.v)
        for col in sorted(top_others):
            firsts = [ln for ln in kept if ln.col0 == col and ln.col1 == col]
            if not firsts:
                continue
            first = max(firsts, key=lambda ln: ln.v)
            second = max((ln.v for ln in firsts if ln is not first), default=-math.inf)
            others = max((v for c, v in top_others.items() if c != col), default=-math.inf)
            height = max((c.h for c in first.chars), default=0.0)
            if height > 0 and first.v > others + 0.5 * height and first.v - second > 1.5 * height:
                heads.append(first)
        kept = [ln for ln in kept if all(ln is not h for h in heads)]
    # Lines across the columns below all the notes (a printer's slug, a
    # footer) stay at the foot of the page, after the notes.
    foot: list[Line] = []
    if tails:
        lowest = min(ln.v for ln in tails)
        while kept and kept[-1].col1 > kept[-1].col0 and kept[-1].v < lowest:
            foot.append(kept.pop())
    # The folio last, after the notes.
    bottom = sorted([ln for ln in tails if folio(ln)] + foot, key=lambda ln: -ln.v)
    tails = [ln for ln in tails if not folio(ln)] + bottom
    return heads + kept + tails


def _body_size(lines: Sequence[Line]) -> float:
    """The body's type size on a page of columns: the median size of the
    characters in the upper half of the column lines.  Footnotes sit at the
    foot of the columns, so on a page that is mostly notes the median of the
    whole page would be the notes' size."""
    cols = [ln for ln in lines if ln.col0 == ln.col1]
    if cols:
        top = max(ln.v for ln in cols)
        mid = (top + min(ln.v for ln in cols)) / 2
        upper = [c.size for ln in cols if ln.v >= mid for c in ln.chars if not c.space and c.size > 0]
        if upper:
            return _median(upper)
    return _median([c.size for ln in lines for c in ln.chars if not c.space and c.size > 0])


def page_lines(chars: Sequence[Char], columns: list[list[float]] | None = None) -> list[Line]:
    """All lines of a page: body lines in reading order, then margin lines.
    ``columns`` carries the document's column gutters from page to page (see
    :func:`_known_gutters`); give the same list for every page of a document."""
    if not chars:
        return []
    frames(chars)
    groups: dict[tuple[int, int], list[Char]] = {}
    # Neighbours in the stream mostly share their frame: look its group up
    # only when the frame changes.
    last: tuple[float, float, float, float] | None = None
    group: list[Char] = []
    for c in chars:
        frame_key = (c.dx, c.dy, c.ux, c.uy)
        if frame_key != last:
            key = _ORIENT.get(frame_key)
            group = groups.setdefault(orientation(c) if key is None else key, [])
            last = frame_key
        group.append(c)
    ranked = sorted(groups.items(), key=lambda kv: -sum(1 for c in kv[1] if not c.space))
    body, numbers = split_line_numbers(_orient_lines(ranked[0][1], margin=False, known=columns))
    out = body + numbers
    for _key, gchars in ranked[1:]:
        out.extend(_orient_lines(gchars, margin=True))
    return out


def split_line_numbers(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Take the line numbers of a numbered page (transcripts, legal briefs)
    out of the body lines: leading numbers in one vertical alignment that
    count up by one.  Returns (body lines, line-number lines)."""
    cands: list[tuple[int, list[Char], int]] = []
    for k, ln in enumerate(lines):
        tok: list[Char] = []
        for c in ln.chars:
            if c.space or (tok and space_between(tok[-1], c)):
                break
            tok.append(c)
        digits = "".join(c.text for c in tok)
        if tok and digits.isascii() and digits.isdigit() and len(digits) <= 4:
            cands.append((k, tok, int(digits)))
    if len(cands) < 5:
        return lines, []
    size = _median([t[1][0].size for t in cands])
    right = _median([t[1][-1].u1 for t in cands])
    aligned = [t for t in cands if abs(t[1][-1].u1 - right) <= 0.6 * size]
    aligned.sort(key=lambda t: -lines[t[0]].v)
    steps = sum(1 for a, b in itertools.pairwise(aligned) if b[2] == a[2] + 1)
    if len(aligned) < 5 or steps < 0.8 * (len(aligned) - 1):
        return lines, []
    # Line numbers number every line of a stretch (a listing between
    # paragraphs of prose is one): most numbers are on the line right after
    # the one before.  The chapter numbers of a table of contents, or the
    # items of a numbered list, have unnumbered lines between them.
    vs = sorted(ln.v for ln in lines)
    adjacent = 0
    for a, b in itertools.pairwise(aligned):
        lo, hi = sorted((lines[a[0]].v, lines[b[0]].v))
        adjacent += bisect.bisect_left(vs, hi) - bisect.bisect_right(vs, lo) == 0
    if adjacent < 0.6 * (len(aligned) - 1):
        return lines, []
    # The numbers must stand apart from the text: to its left, in their own band.
    body: list[Line] = []
    numbers: list[Line] = []
    take = {t[0]: t[1] for t in aligned}
    for k, ln in enumerate(lines):
        number = take.get(k)
        if number is None:
            body.append(ln)
            continue
        rest = ln.chars[len(number) :]
        numbers.append(Line(list(number), ln.col0, ln.col1, True, ln.v))
        if rest:
            body.append(Line(rest, ln.col0, ln.col1, ln.margin, ln.v))
    return body, numbers


SPACE_EM = 0.15  # a gap wider than this share of the type size is a word space
MIN_SPACE_GAP = SPACE_EM * 1.0  # ... and of at least 1 pt: no narrower gap is one


def space_between(a: Char, b: Char) -> bool:
    """Whether the reader should put a space between neighbours a and b: a gap
    wider than 0.15 em.  Letter gaps (kerning) stay below 0.1 em; word spaces
    of tightly justified lines shrink to 0.16-0.2 em (Times: "I am" read as
    "Iam" with a 0.2 em bound)."""
    if a.space or b.space:
        return False
    # max(min(a.size, b.size), 1.0), written out: called once per character.
    size = b.size if b.size < a.size else a.size
    if size < 1.0:
        size = 1.0
    return b.u0 - a.u1 > SPACE_EM * size


def is_duplicate(a: Char, b: Char) -> bool:
    """b is the same character drawn again at (almost) the same place (fake bold)."""
    if a.text != b.text or not a.text:
        return False
    size = max(min(a.size, b.size), 1.0)
    return abs(a.u0 - b.u0) < 0.15 * size and abs(a.v - b.v) < 0.15 * size and abs(a.size - b.size) < 0.1 * size
