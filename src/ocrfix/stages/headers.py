"""Running headers, footers, page numbers and printer's slugs, moved out of the
body into the "headers" channel.

Evidence, strongest first:

* the page numbers run in sequence (printed number minus page index is the
  same on many pages, or, when pages are run together, the numbers go up by
  one every few lines);
* the line repeats at the top or bottom of many pages once digits are masked
  (fuzzy matched with difflib among the first/last lines of pages only);
* the line has the shape of a running header on its own: a title and a page
  number separated by a stray glyph ("Conclusion Ë 199"), a printer's slug,
  or a number alone at the bottom of a page.  A title and a number with
  nothing between ("202 Chapter Seven") needs the evidence of other pages.

Margin text the PDF reader set apart (another orientation than the body, line
numbers) follows the page body; it does not count as a page's edge line, and
it moves to the channel when it repeats on many pages or reads as codes or
numbers (a stamp, a figure label, a line number).

A short first line of a paragraph, a heading or a numbered list item lacks
this evidence and stays in the body.  For pages run together without form
feeds, the page breaks found are recorded as original offsets in
``doc.facts["headers.page_breaks"]``.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from ..model import Document, Edit, Line
from .base import Stage

_ROMAN_RE = re.compile(r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
_ARABIC_RE = re.compile(r"[0-9]{1,5}")
_SLUG_RE = re.compile(
    r"\S+\.[A-Za-z]{2,5}\s+[0-9]{1,5}\s+[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*[AaPp][Mm])?"
)
_WORD_RE = re.compile(r"[^\W\d_]+")
_PAGE_OF_RE = re.compile(r"(?:page|p\.|seite|página|pagina)\s*([0-9]{1,5})\s*(?:of|/|von|de|di|sur)\s*[0-9]{1,5}", re.I)
_DIGITS_RE = re.compile(r"[0-9]+")
_MAX_LEN = 140
_MAX_WORDS = 16


@dataclass(frozen=True)
class _Shape:
    kind: str  # "running", "page_number", "slug", "title"
    number: int | str | None
    separator: bool  # a stray glyph or punctuation stands between title and number
    key: str  # the line with digits and the page number masked, for repetition


def _page_number(token: str) -> int | str | None:
    if _ARABIC_RE.fullmatch(token):
        return int(token)
    if _ROMAN_RE.fullmatch(token):
        return token
    return None


_SENTENCE_PUNCT = set(".,;:!?()[]\"'’”“‘")


def _is_separator(token: str) -> bool:
    """A stray glyph between title and page number: one character that is not
    an ASCII letter or digit ("Ë", "|", "•"), or a run of such marks; never
    sentence punctuation (",", ".", ")")."""
    if any(c in _SENTENCE_PUNCT for c in token):
        return False
    if len(token) == 1:
        return not (token.isascii() and token.isalnum())
    return all(not c.isalnum() for c in token)


def _title_like(words: list[str]) -> bool:
    """Title case or capitals: most longer words start with a capital."""
    text = " ".join(words)
    if any(len(w) > 1 and w[-2].isalpha() and w.endswith(("-", "\u2010")) for w in words):
        return False  # a word broken at a line end: running text (a dash alone is a separator)
    if not text or text[-1] in ".,;:!?" or (not text[0].isupper() and not text[0].isdigit()):
        return False
    long_words = [w for w in _WORD_RE.findall(text) if len(w) >= 4]
    if not long_words:
        return bool(_WORD_RE.search(text))
    caps = sum(1 for w in long_words if w[0].isupper())
    return caps / len(long_words) >= 0.6


def _mask(text: str) -> str:
    return _DIGITS_RE.sub("#", text.lower().replace(" ", ""))


@functools.lru_cache(maxsize=4096)
def shape(text: str) -> _Shape | None:
    """What kind of header line ``text`` could be, or None."""
    s = text.strip()
    if not s or len(s) > _MAX_LEN:
        return None
    m = _SLUG_RE.search(s) if ":" in s else None
    if m and len(s) - len(m.group()) < 20:
        num = re.search(r"\s([0-9]{1,5})\s", m.group())
        return _Shape("slug", int(num.group(1)) if num else None, False, _mask(s))
    tokens = s.split()
    if len(tokens) > _MAX_WORDS:
        return None
    m = _PAGE_OF_RE.fullmatch(s) if len(tokens) <= 4 else None
    if m:
        # "Page 3 of 6": the page's number is the first ("of 6" counts them).
        return _Shape("page_number", int(m.group(1)), True, "page # of #")
    if len(tokens) == 1:
        n = _page_number(tokens[0])
        if n is not None:
            return _Shape("page_number", n, False, "#")
        # "- 12 -" style is split; a bare word is not a header by shape.
        return None
    if len(tokens) == 3 and _is_separator(tokens[0]) and tokens[0] == tokens[2]:
        n = _page_number(tokens[1])
        if n is not None:
            return _Shape("page_number", n, True, "#")
    for number_first in (False, True):
        num_tok = tokens[0] if number_first else tokens[-1]
        n = _page_number(num_tok)
        if n is None:
            continue
        rest = tokens[1:] if number_first else tokens[:-1]
        sep = False
        while rest and _is_separator(rest[0] if number_first else rest[-1]):
            sep = True
            rest = rest[1:] if number_first else rest[:-1]
        if not rest or not _title_like(rest):
            continue
        key = _mask(" ".join(rest))
        return _Shape("running", n, sep, ("#|" + key) if number_first else (key + "|#"))
    if _title_like(tokens) and len(tokens) <= 8:
        return _Shape("title", None, False, _mask(s))
    return None


_ORNAMENTS = frozenset("-\u2013\u2014\u2015\u2022\u00b7\u2219\u25c6\u25c7\u25a0\u25a1\u25cf\u25cb*~ ")


def _capitals_head(text: str) -> bool:
    """A short line in capitals with no closing punctuation: "CHAPTER 3.
    METHODS", "3.2. ORAL TESTIMONY" (up to eight words, four letters or more)."""
    s = text.strip()
    letters = [c for c in s if c.isalpha()]
    return 1 <= len(s.split()) <= 8 and len(letters) >= 4 and all(c.isupper() for c in letters) and s[-1] not in ".,;:!?"


def _ornament(text: str) -> bool:
    """A line of nothing but one to three dashes, bullets or stars."""
    s = text.strip()
    return 0 < len(s) <= 3 and all(ch in _ORNAMENTS for ch in s)


def _furniture(text: str) -> _Shape | None:
    """A page-edge line no header shape fits, as a candidate that only
    repetition on many pages can confirm (kind "title": never taken alone)."""
    s = text.strip()
    tokens = s.split()
    if not tokens or len(s) > 300 or (len(tokens) == 1 and len(s) < 6):
        return None
    # Codes, not prose: many tokens with digits or runs of capitals, and not a
    # sentence or a numbered note ("7 See f. 558, op. 11.").
    # (The cheap tests first: most page-edge lines are prose ending a sentence.)
    if s[-1] in ".!?;:,)" or _NOTE_LIKE.match(s):
        return None
    if len(tokens) == 1 and s.isalpha() and s[0].isupper():
        # One capitalised word ("Introduction", "NorthangerAbbey" with its
        # space lost): a running title, if it repeats as titles of more
        # words do (see shape()).
        return _Shape("title", None, False, "edge:" + _mask(s))
    if _STAMP_RE.search(s):
        # A web address, a DOI or a copyright sign: a download stamp or a
        # publisher's line ("Downloaded from https://... on 3 March 2025").
        return _Shape("title", None, False, "edge:" + _mask(s))
    coded = sum(1 for t in tokens if any(map(str.isdigit, t)) or _CODE_RE.search(t))
    if coded < 0.4 * len(tokens):
        return None
    return _Shape("title", None, False, "edge:" + _mask(s))


_CODE_RE = re.compile(r"[A-Z]{3,}|[<>\\|]")
_STAMP_RE = re.compile(r"https?://|www\.|\bdoi:|\u00a9")


def _type_size(doc: Document, line: Line) -> float | None:
    """Median type size of a line's characters (PDF input), else None."""
    sizes = doc.type_sizes(line.start, line.start + len(line.text))
    return sizes[len(sizes) // 2] if sizes else None


def _coded(text: str) -> bool:
    """Most tokens are codes (digits, runs of capitals, markup), not words."""
    tokens = text.split()
    coded = sum(1 for t in tokens if any(c.isdigit() for c in t) or _CODE_RE.search(t))
    return bool(tokens) and coded >= 0.6 * len(tokens)
_NOTE_LIKE = re.compile(r"[0-9\u00b9\u00b2\u00b3\u2070-\u2079]{1,3}\.?\s")


def _year_like(n: int | str | None) -> bool:
    return isinstance(n, int) and 1500 <= n <= 2100


@dataclass
class _Cand:
    line: int  # index into doc.lines()
    page: int  # 0-based page index (form-feed pages), or -1
    position: str
    shape: _Shape


class _Clusters:
    """Masked keys grouped by exact match, then fuzzy match among the few keys."""

    def __init__(self, ratio: float) -> None:
        self.ratio = ratio
        self.rep_of: dict[str, str] = {}
        self.reps: list[str] = []
        # One matcher per representative (its index of characters is built
        # once); quick_ratio, an upper bound of ratio, rules most pairs out.
        self.matchers: dict[str, difflib.SequenceMatcher[str]] = {}

    def rep(self, key: str) -> str:
        r = self.rep_of.get(key)
        if r is not None:
            return r
        for other in self.reps[:64]:
            if abs(len(other) - len(key)) <= max(3, len(key) // 5):
                sm = self.matchers.get(other)
                if sm is None:
                    sm = self.matchers[other] = difflib.SequenceMatcher(None, "", other, autojunk=False)
                sm.set_seq1(key)
                if sm.quick_ratio() >= self.ratio and sm.ratio() >= self.ratio:
                    self.rep_of[key] = other
                    return other
        self.reps.append(key)
        self.rep_of[key] = key
        return key


@dataclass(frozen=True)
class Headers(Stage):
    """Move running headers, footers, page numbers and printer's slugs out of the body."""

    # Fuzzy match threshold (difflib ratio) for repeated lines, digits masked.
    min_ratio: float = 0.85
    # Share of pages a line must repeat on to count as running (at least 3 pages).
    min_repeat: float = 0.25
    # Lines between two page numbers of run-together pages, at least.
    min_page_lines: int = 6

    name: ClassVar[str] = "headers"
    rules: ClassVar[dict[str, str]] = {
        "headers.running": "running header or footer (title and page number) moved to the headers channel",
        "headers.page_number": "line that is only a page number moved to the headers channel",
        "headers.slug": "printer's slug ('Book.indb 72 14/09/2018 10:37') moved to the headers channel",
        "headers.repeated": "title line repeated at the top or bottom of many pages moved to the headers channel",
        "headers.margin": (
            "margin text (set in another orientation than the body, or line numbers) that repeats on many pages"
            " or reads as codes or numbers moved to the headers channel"
        ),
        "headers.line_break": "line break left by a moved header removed so no empty line remains",
    }
    cleans_channels: ClassVar[bool] = False

    def __call__(self, doc: Document) -> Iterator[Edit]:
        lines = doc.lines()
        margin = self._margin_lines(doc, lines)
        # Pages with no text (a trailing form feed) count for nothing.
        pages = self._pages(lines)
        nonempty = [p for p in pages if any(lines[i].text.strip() for i in range(*p))]
        if len(nonempty) > 1:
            chosen = self._paged(lines, pages, margin, lambda i: _type_size(doc, lines[i]))
        else:
            chosen = self._run_together(doc, lines)
            if not chosen:
                chosen = self._single(lines, nonempty[0] if nonempty else (0, 0), margin=margin)
                chosen += self._margin_alone(lines, margin, {c.line for c in chosen})
        yield from self._edits(doc, lines, sorted(chosen, key=lambda c: c.line))

    # --- margin text ----------------------------------------------------------
    @staticmethod
    def _margin_lines(doc: Document, lines: list[Line]) -> set[int]:
        """Lines the PDF reader set apart as margin text (another orientation
        than the body, line numbers): they follow the page body, so they are
        not the page's edge lines, and they are furniture only by their own
        evidence."""
        spans = sorted((int(a), int(b)) for a, b, *_ in doc.facts.get("pdf.margin_spans") or [])
        if not spans:
            return set()
        starts = [a for a, _ in spans]
        out: set[int] = set()
        for i, ln in enumerate(lines):
            if not ln.text.strip():
                continue
            o = doc.align.orig_pos(ln.start + len(ln.text) - len(ln.text.lstrip()))
            k = bisect.bisect_right(starts, o) - 1
            if k >= 0 and o < spans[k][1]:
                out.add(i)
        return out

    @staticmethod
    def _margin_alone(lines: list[Line], margin: set[int], taken: set[int]) -> list[_Cand]:
        """Margin lines that are furniture on their own: line numbers, and
        codes (a stamp, a figure label: "EP06AU20.014</GPH>")."""
        out: list[_Cand] = []
        for i in sorted(margin - taken):
            t = lines[i].text.strip()
            if t.isascii() and t.isdigit() and len(t) <= 4:  # (not "19⁴⁶": int() reads no superscript)
                out.append(_Cand(i, -1, "margin", _Shape("margin", int(t), False, "#")))
                continue
            sh = _furniture(t)
            if sh is not None and _coded(t):
                out.append(_Cand(i, -1, "margin", _Shape("margin", None, False, sh.key)))
        return out

    # --- pages -----------------------------------------------------------------
    @staticmethod
    def _pages(lines: list[Line]) -> list[tuple[int, int]]:
        """Form-feed pages as (first line, end line) index ranges."""
        pages: list[tuple[int, int]] = []
        start = 0
        for i, ln in enumerate(lines):
            if ln.brk == "\f":
                pages.append((start, i + 1))
                start = i + 1
        pages.append((start, len(lines)))
        return pages

    @staticmethod
    def _page_index(pages: list[tuple[int, int]], line: int) -> int:
        return max(0, bisect.bisect_right([a for a, _ in pages], line) - 1)

    @staticmethod
    def _ends(
        lines: list[Line], first: int, end: int, k: int = 2, skip: set[int] | frozenset[int] = frozenset()
    ) -> tuple[list[int], list[int]]:
        # Ornaments alone on a line are skipped: they go with the line they
        # frame ("—" / "17" / "—", a folio "— 17 —" an extractor read as three
        # lines), see _edits.
        top: list[int] = []
        i = first
        while i < end and len(top) < k:
            if lines[i].text.strip() and i not in skip and not _ornament(lines[i].text):
                top.append(i)
            i += 1
        bottom: list[int] = []
        i = end - 1
        while i >= first and len(bottom) < k:
            if lines[i].text.strip() and i not in skip and not _ornament(lines[i].text):
                bottom.append(i)
            i -= 1
        return top, bottom

    def _paged(
        self,
        lines: list[Line],
        pages: list[tuple[int, int]],
        margin: set[int],
        size_of: Callable[[int], float | None] = lambda i: None,
    ) -> list[_Cand]:
        cands: list[_Cand] = []
        per_page: list[tuple[list[int], list[int]]] = []
        for p, (first, end) in enumerate(pages):
            top, bottom = self._ends(lines, first, end, k=3, skip=margin)
            per_page.append((top, bottom))
            side = [i for i in range(first, end) if i in margin]
            for pos, idxs in (("top", top), ("bottom", bottom), ("margin", side)):
                for i in idxs:
                    sh = shape(lines[i].text)
                    if sh is None:
                        # Any other line at a page edge (a printer's slug of
                        # codes and dates, a stamp in the margin) counts only
                        # by repeating, digits masked, on many pages.
                        sh = _furniture(lines[i].text)
                    if sh is not None and (pos == "top" or i not in top):
                        cands.append(_Cand(i, p, pos, sh))
        clusters = _Clusters(self.min_ratio)
        reps = [clusters.rep(c.position + ":" + c.shape.key) for c in cands]
        pages_of: dict[str, set[int]] = {}
        for c, r in zip(cands, reps, strict=True):
            pages_of.setdefault(r, set()).add(c.page)
        need = max(3, math.ceil(self.min_repeat * len(pages)))
        offsets = Counter(
            c.shape.number - c.page
            for c in cands
            if isinstance(c.shape.number, int) and c.shape.kind != "slug" and c.position != "margin"
        )
        best_offset, support = offsets.most_common(1)[0] if offsets else (None, 0)
        in_sequence = support >= max(2, math.ceil(0.3 * len(pages)))
        ok: dict[int, _Cand] = {}
        in_seq = [
            in_sequence and isinstance(c.shape.number, int) and c.shape.number - c.page == best_offset for c in cands
        ]
        # Clusters whose numbers are page numbers in sequence ("Chapter 4 ◆ 63"),
        # and pages whose number is on one of their lines.
        numbered: Counter[str] = Counter(r for r, seq in zip(reps, in_seq, strict=True) if seq)
        folio_pages = {c.page for c, seq in zip(cands, in_seq, strict=True) if seq}
        folio_elsewhere = {c.page for c, r, seq in zip(cands, reps, in_seq, strict=True) if seq and numbered[r] >= 2}
        for c, r, seq in zip(cands, reps, in_seq, strict=True):
            sh = c.shape
            repeated = len(pages_of[r]) >= need
            if (
                not seq
                and sh.kind != "slug"
                and c.page in folio_pages
                and numbered[r] >= 2
                and not self._strong(sh)
            ):
                # Like the running heads of its cluster, but without the page's
                # number, which another line of the page carries: the chapter
                # heading "Chapter 5" (or "Chapter II") above the chapter's
                # first page (folio "66" at its foot), not the running head
                # "Chapter 5 ◆ 67".
                continue
            # A title with a number in sequence, alone of its kind ("34
            # Mansfield Park" on the one page of a short excerpt), is a
            # running head, unless it does not repeat and the page has its
            # number on a line of a cluster in sequence already: then it is
            # a numbered heading at the top of the page ("1 Overview" above
            # the folio "Confidential — 1").
            if (
                seq
                and not repeated
                and numbered[r] < 2
                and sh.kind == "running"
                and not self._strong(sh)
                and c.page in folio_elsewhere
            ):
                continue
            if sh.kind == "slug" or seq or (repeated and sh.kind != "page_number") or self._strong(sh):
                ok[c.line] = c
        # A running head the extractor set on a line of its own beside a bare
        # folio ("42" / "CHAPTER 3. METHODS", "3.2. ORAL TESTIMONY" / "43":
        # pdftotext): a line in capitals right next to the page number in
        # sequence, at the same edge, on two pages or more (a heading in
        # capitals at a page top happens once or twice, not with the folio
        # beside it on page after page).
        beside: list[tuple[int, int, str]] = []
        seq_folio = {c.line for c, seq in zip(cands, in_seq, strict=True) if seq and c.shape.kind == "page_number"}
        for p, (top, bottom) in enumerate(per_page):
            for pos, idxs in (("top", top), ("bottom", bottom)):
                for k, i in enumerate(idxs):
                    if i in seq_folio:
                        for j in idxs[max(0, k - 1) : k + 2]:
                            if j != i and j not in ok and _capitals_head(lines[j].text):
                                beside.append((j, p, pos))
                        break
        if len({p for _, p, _ in beside}) >= 2:
            for j, p, pos in beside:
                ok[j] = _Cand(j, p, pos, _Shape("running", None, False, _mask(lines[j].text.strip())))
        # PDF: a line set clearly larger than the other lines of its cluster is
        # not one of them: the chapter heading "Chapter II" on the chapter's
        # first page repeats the running head "Chapter II 13" of the pages after.
        sized: dict[str, list[tuple[int, float]]] = {}
        for c, r in zip(cands, reps, strict=True):
            if c.line in ok and (z := size_of(c.line)) is not None:
                sized.setdefault(r, []).append((c.line, z))
        for members in sized.values():
            if len(members) >= 3:
                typical = sorted(z for _, z in members)[len(members) // 2]
                for line, z in members:
                    if z >= 1.2 * typical:
                        del ok[line]
        # What one page alone would show (the same rule as for a single page,
        # so that a later stage joining pages cannot make a second run differ).
        for page in pages:
            for c in self._single(lines, page, one_of_many=True, margin=margin):
                ok.setdefault(c.line, c)
        # Margin text: repeated on many pages (above), or furniture on its own.
        chosen: dict[int, _Cand] = {c.line: c for c in ok.values() if c.position == "margin"}
        for c in self._margin_alone(lines, margin, set(chosen)):
            chosen[c.line] = _Cand(c.line, self._page_index(pages, c.line), "margin", c.shape)
        # Only lines at the very edge of a page, or next to an accepted edge line.
        for top, bottom in per_page:
            for pos, idxs in (("top", top), ("bottom", bottom)):
                for i in idxs:
                    if i not in ok:
                        break
                    if i not in chosen:
                        c = ok[i]
                        chosen[i] = c if c.position == pos else _Cand(c.line, c.page, pos, c.shape)
        return sorted(chosen.values(), key=lambda c: c.line)

    @staticmethod
    def _strong(sh: _Shape) -> bool:
        """A header by shape alone: title and number split by a stray glyph."""
        return sh.kind == "running" and sh.separator and not _year_like(sh.number)

    def _single(
        self,
        lines: list[Line],
        page: tuple[int, int],
        *,
        one_of_many: bool = False,
        margin: set[int] | frozenset[int] = frozenset(),
    ) -> list[_Cand]:
        first, end = page
        # The first three and last three lines with text are all it looks at.
        top, bottom = self._ends(lines, first, end, k=3, skip=margin)
        nonblank = sorted(set(top) | set(bottom))
        if len(nonblank) == 1 and one_of_many:
            # A page of a longer document with nothing but its number: a blank page.
            sh = shape(lines[nonblank[0]].text)
            if sh is not None and sh.kind == "page_number" and not _year_like(sh.number):
                return [_Cand(nonblank[0], 0, "bottom", sh)]
        if len(nonblank) < 2:
            return []  # a header needs a body next to it
        chosen: list[_Cand] = []
        for pos, k, step in (("top", 0, 1), ("bottom", len(nonblank) - 1, -1)):
            i = nonblank[k]
            if pos == "bottom" and chosen and chosen[0].line == i:
                continue
            sh = self._single_ok(lines, nonblank, k, pos)
            if sh is None:
                continue
            # Not next to another candidate: two in a row are ambiguous, and
            # moving one would leave the other for a second run.
            if not self._single_ok(lines, nonblank, k + step, pos):
                chosen.append(_Cand(i, 0, pos, sh))
        return chosen

    def _single_ok(self, lines: list[Line], nonblank: list[int], k: int, pos: str) -> _Shape | None:
        """The shape of line ``nonblank[k]`` if it is a header by its shape alone."""
        sh = shape(lines[nonblank[k]].text)
        if sh is None or sh.kind == "title":
            return None
        if sh.kind == "slug" or self._strong(sh):
            return sh
        if _year_like(sh.number):
            return None
        if sh.kind == "page_number":
            # A number alone: a footer.  At the top of one page it could as well
            # be a list or table number, a marker or the end of a previous line;
            # below two or three lines it is as likely a note number or a
            # line of a list whose neighbours other stages move or join.
            return sh if pos == "bottom" and len(nonblank) >= 4 else None
        # A title and a number with nothing between ("202 Chapter Seven") is
        # left to the evidence of other pages: on one page alone it cannot be
        # told from a heading or from lines a later stage joins, and moving it
        # there would make a second run differ from the first.
        return None

    # --- pages run together --------------------------------------------------
    def _run_together(self, doc: Document, lines: list[Line]) -> list[_Cand]:
        cands: list[_Cand] = []
        slugs: list[_Cand] = []
        for i, ln in enumerate(lines):
            t = ln.text
            if not t or len(t) > _MAX_LEN or not any(ch.isdigit() for ch in t):
                continue
            sh = shape(t)
            if sh is None or sh.kind == "title":
                continue
            (slugs if sh.kind == "slug" else cands).append(_Cand(i, -1, "top", sh))
        # Chains of page numbers going up by one, at least min_page_lines apart.
        best_len: list[int] = [1] * len(cands)
        prev: list[int] = [-1] * len(cands)
        last_with: dict[int, int] = {}  # page number -> index of the latest candidate
        for k, c in enumerate(cands):
            n = c.shape.number
            if isinstance(n, int) and not _year_like(n):
                j = last_with.get(n - 1)
                if j is not None and c.line - cands[j].line >= self.min_page_lines:
                    best_len[k] = best_len[j] + 1
                    prev[k] = j
                old = last_with.get(n)
                if old is None or best_len[k] >= best_len[old]:
                    last_with[n] = k
        keep: set[int] = set()
        for k in range(len(cands)):
            if best_len[k] >= 3 and k not in keep:
                j = k
                while j != -1 and j not in keep:
                    keep.add(j)
                    j = prev[j]
        if not keep:
            return []
        # A footer right before the next page's header (or after the page's
        # header) that the spacing rule left out: its number is one apart.
        kept_lines = {cands[k].line: cands[k].shape.number for k in keep}
        for k, c in enumerate(cands):
            n = c.shape.number
            if k in keep or not isinstance(n, int):
                continue
            for d in (1, 2, 3):
                m = kept_lines.get(c.line + d)
                if isinstance(m, int) and m == n + 1:
                    keep.add(k)
                    break
                m = kept_lines.get(c.line - d)
                if isinstance(m, int) and m == n - 1:
                    keep.add(k)
                    break
        # A header and a footer on the same page both carry its number: a line
        # with the number of the kept line before or after it belongs too.
        order = sorted(keep, key=lambda k: cands[k].line)
        kept_at = [cands[k].line for k in order]
        for k, c in enumerate(cands):
            n = c.shape.number
            if k in keep or not isinstance(n, int):
                continue
            j = bisect.bisect_left(kept_at, c.line)
            before = cands[order[j - 1]].shape.number if j > 0 else None
            after = cands[order[j]].shape.number if j < len(order) else None
            lo = before if isinstance(before, int) else after
            hi = after if isinstance(after, int) else before
            if isinstance(lo, int) and isinstance(hi, int) and lo <= n <= hi and n in (lo, hi):
                keep.add(k)
        chosen = sorted([cands[k] for k in keep] + slugs, key=lambda c: c.line)
        # Position: lines grouped by adjacency; the default is "top" when the
        # first header opens the text.
        first_text = next((i for i, ln in enumerate(lines) if ln.text.strip()), 0)
        last_text = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].text.strip()), 0)
        default = "top" if chosen[0].line <= first_text + 1 else "bottom"
        groups: list[list[_Cand]] = []
        for c in chosen:
            if groups and all(not lines[j].text.strip() for j in range(groups[-1][-1].line + 1, c.line)):
                groups[-1].append(c)
            else:
                groups.append([c])
        breaks: list[int] = []
        for g in groups:
            nums = [c.shape.number for c in g if c.shape.kind != "slug" and isinstance(c.shape.number, int)]
            split: int | None = None
            for a in range(1, len(g)):
                nb = [c.shape.number for c in g[:a] if c.shape.kind != "slug" and isinstance(c.shape.number, int)]
                na = [c.shape.number for c in g[a:] if c.shape.kind != "slug" and isinstance(c.shape.number, int)]
                if nb and na and min(na) > max(nb):
                    split = a  # the last such split: slugs close the page before
            at_end = g[-1].line >= last_text
            if split is None and g[0].line <= first_text:
                split = 0
            elif split is None and at_end:
                split = len(g)
            elif split is None and len(set(nums)) <= 1:
                # One page number: slugs at the start of a group close the page before.
                split = 0
                while split < len(g) and g[split].shape.kind == "slug" and g[split].line > first_text:
                    split += 1
                if default == "bottom" and split == 0:
                    split = len(g)
            for a, c in enumerate(g):
                c.position = "bottom" if split is not None and a < split else "top"
            if split is not None and split < len(g):
                brk = lines[g[split].line].start
            else:
                ln = lines[g[-1].line]
                brk = ln.end + len(ln.brk)
            if 0 < brk < len(doc.text):
                breaks.append(doc.align.orig_pos(brk))
        doc.facts["headers.page_breaks"] = sorted(set(breaks))
        return chosen

    # --- edits -----------------------------------------------------------------
    def _edits(self, doc: Document, lines: list[Line], chosen: list[_Cand]) -> list[Edit]:
        text = doc.text
        edits: list[Edit] = []
        taken_until = 0
        for c in chosen:
            ln = lines[c.line]
            s = ln.start + (len(ln.text) - len(ln.text.lstrip()))
            e = ln.end - (len(ln.text) - len(ln.text.rstrip()))
            if c.position != "margin":
                # Ornaments on the lines right before and after go with it.
                i = c.line
                while i > 0 and lines[i - 1].brk != "\f" and _ornament(lines[i - 1].text):
                    i -= 1
                    s = lines[i].start + (len(lines[i].text) - len(lines[i].text.lstrip()))
                i = c.line
                while i + 1 < len(lines) and lines[i].brk != "\f" and _ornament(lines[i + 1].text):
                    i += 1
                    e = lines[i].end - (len(lines[i].text) - len(lines[i].text.rstrip()))
                s = max(s, taken_until)
            sh = c.shape
            rule = {
                "running": "headers.running",
                "page_number": "headers.page_number",
                "slug": "headers.slug",
                "title": "headers.repeated",
                "margin": "headers.margin",
            }[sh.kind]
            kind = "running" if sh.kind == "title" else sh.kind
            if c.position == "margin":
                rule, kind = "headers.margin", "margin"
            # The line break to drop with it: after a top line, before a bottom
            # line (margin lines follow the page body).
            if c.position == "top":
                bs, be = e, e
                while be < len(text) and text[be] in " \t\r\n":
                    be += 1
                if be >= len(text) or text[be] == "\f":
                    # Nothing follows on the page: drop the break before instead.
                    bs, be = self._before(text, s, taken_until)
            else:
                bs, be = self._before(text, s, taken_until)
                if bs == be:
                    bs, be = e, e
                    while be < len(text) and text[be] in " \t\r\n":
                        be += 1
            if bs < s:
                edits.append(Edit(bs, be, "", "headers.line_break", reason="line break left by the moved header"))
            edits.append(
                Edit(
                    s,
                    e,
                    "",
                    rule,
                    confidence=0.95,
                    reason=f"{c.position} line '{text[s:e]}' ({kind}, page number {sh.number!r})",
                    moved_to="headers",
                    data={"page_number": sh.number, "position": c.position, "kind": kind},
                )
            )
            if bs >= e and be > bs:
                edits.append(Edit(bs, be, "", "headers.line_break", reason="line break left by the moved header"))
            taken_until = max(e, be)
        return edits

    @staticmethod
    def _before(text: str, s: int, floor: int) -> tuple[int, int]:
        bs = s
        while bs > floor and text[bs - 1] in " \t\r\n":
            bs -= 1
        return bs, s
