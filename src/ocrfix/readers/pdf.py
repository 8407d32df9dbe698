"""PDF reader: a PDF file -> Document with one Glyph per character.

The only module (with its ``pdf_*`` helpers) that imports pdfplumber, pdfminer
or pypdfium2.  ``read_pdf`` builds the text itself from the PDF's characters
(see ``pdf_layout``): lines in reading order, column by column, text in other
orientations (vertical margin text) after the page body; spaces and line
breaks it inserts have no glyph.  Pages are separated by a form feed.

The reader reads; it does not correct.  What it notices and a stage should
change is left in ``doc.facts`` as evidence, by original offset:

* ``pdf.duplicate_chars``: offsets of characters drawn twice (fake bold);
* ``pdf.letter_spaced``: ``[start, end, joined]`` spans of letter-spaced words;
* ``pdf.margin_spans``: ``[start, end, page]`` spans of margin text;
* ``pdf.glyph_names_used``: characters whose text came from the glyph name;
* ``pdf.pages``: PDF page numbers read, ``pdf.engine``, ``pdf.empty_glyphs``.

Every failure is one :class:`~ocrfix.errors.OcrfixError` naming the file.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, overload

from ..errors import NoTextError, OcrfixError, PdfError, UsageError
from ..files import check_input
from ..model import Document, Glyph
from .pdf_layout import MIN_SPACE_GAP, Char, Line, is_duplicate, page_lines, space_between

ENGINES = ("pdfplumber", "pdfium")
# Fewer non-space characters than this per page (on average) is no text layer.
MIN_CHARS_PER_PAGE = 50


# --- page selection ---------------------------------------------------------------
def parse_pages(spec: str | Iterable[int] | None, count: int, name: str = "") -> list[int]:
    """1-based page numbers selected by ``spec`` ("3-7", "1,3,5-", "-2"), in
    order, without repeats.  ``None`` selects every page."""
    if spec is None:
        return list(range(1, count + 1))
    nums: list[int] = []
    if isinstance(spec, str):
        if not spec.strip():
            raise UsageError("--pages: empty page selection; use e.g. 3-7 or 1,3,5-")
        for part in spec.split(","):
            part = part.strip()
            m = re.fullmatch(r"(\d*)\s*-\s*(\d*)|(\d+)", part)
            if not m or part == "-":
                raise UsageError(f"--pages: bad page range {part!r} in {spec!r}; use e.g. 3-7 or 1,3,5-")
            if m.group(3):
                a = b = int(m.group(3))
            else:
                a = int(m.group(1)) if m.group(1) else 1
                b = int(m.group(2)) if m.group(2) else count
            if not m.group(3) and not m.group(2) and a > count:
                continue  # "30-" on a shorter PDF: selects nothing
            if a < 1 or b < a:
                raise UsageError(f"--pages: bad page range {part!r} in {spec!r} (pages count from 1)")
            nums.extend(range(a, min(b, count) + 1))
    else:
        for p in spec:
            if not isinstance(p, int) or p < 1:
                raise UsageError(f"pages: page numbers count from 1, got {p!r}")
            if p <= count:
                nums.append(p)
    out = list(dict.fromkeys(nums))
    if not out:
        where = f"{name}: " if name else ""
        raise UsageError(f"{where}page selection {spec!r} selects no page (the PDF has {count} page(s))")
    return out


# --- errors -------------------------------------------------------------------------
def _check_file(name: str, p: Path) -> None:
    size = check_input(p)
    if size == 0:
        raise NoTextError(f"{name}: empty file (0 bytes); nothing to clean")


def _pdf_error(name: str, exc: BaseException, password: str | None) -> OcrfixError:
    """Translate any exception of a PDF library into one user-facing line."""
    inner: BaseException = exc
    # pdfplumber wraps pdfminer's exceptions.
    while inner.args and isinstance(inner.args[0], BaseException):
        inner = inner.args[0]
    kind = type(inner).__name__
    text = str(inner).strip()
    low = (kind + " " + text).lower()
    if "password" in low or "encrypt" in low:
        if password:
            return PdfError(f"{name}: is encrypted and the password given does not open it")
        return PdfError(f"{name}: is encrypted; pass --password")
    if isinstance(inner, MemoryError):
        return PdfError(f"{name}: too large to read (out of memory)")
    detail = text.splitlines()[0][:120] if text else kind
    return PdfError(f"{name}: not a readable PDF ({detail}); the file may be damaged — try repairing it (e.g. qpdf)")


# --- assembly -----------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")
# Character text -> text written (control characters become spaces); a page
# repeats the same few hundred texts, so each is cleaned once.
_CLEAN: dict[str, str] = {}


def _clean(text: str) -> str:
    out = _CLEAN.get(text)
    if out is None:
        out = _CONTROL.sub(" ", text)
        if len(_CLEAN) < 10000:
            _CLEAN[text] = out
    return out


class _Glyphs(Sequence[Glyph | None]):
    """``doc.glyphs``: the Glyph of each character of the original text, made
    when a stage asks for it (stages ask for a few; a page has thousands)."""

    def __init__(self, chars: list[Char | None], starts: list[int], pagenos: list[int]) -> None:
        self._chars = chars  # the PDF character behind each offset, or None
        self._starts = starts  # offset where each page begins
        self._pagenos = pagenos  # its PDF page number

    def __len__(self) -> int:
        return len(self._chars)

    def _glyph(self, i: int) -> Glyph | None:
        c = self._chars[i]
        if c is None:
            return None
        if i < 0:
            i += len(self._chars)
        page = self._pagenos[bisect.bisect_right(self._starts, i) - 1]
        return Glyph(page, c.x0, c.top, c.x1, c.bottom, c.size, c.font, c.upright)

    def size_of(self, i: int) -> float | None:
        """``self[i].size`` without making the Glyph (``Document.type_sizes``
        asks for many)."""
        c = self._chars[i]
        return None if c is None else c.size

    def style_of(self, i: int) -> tuple[float, str] | None:
        """``(self[i].size, self[i].font)`` without making the Glyph."""
        c = self._chars[i]
        return None if c is None else (c.size, c.font)

    @overload
    def __getitem__(self, i: int) -> Glyph | None: ...

    @overload
    def __getitem__(self, i: slice) -> list[Glyph | None]: ...

    def __getitem__(self, i: int | slice) -> Glyph | list[Glyph | None] | None:
        if isinstance(i, slice):
            return [self._glyph(k) for k in range(*i.indices(len(self._chars)))]
        return self._glyph(i)


class _Builder:
    """Collects text, glyphs and evidence page by page."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.chars: list[Char | None] = []  # one per offset of the text
        self.length = 0
        self.page_starts: list[int] = []
        self.pagenos: list[int] = []
        self.duplicates: list[int] = []
        self.letter_spaced: list[list[Any]] = []
        self.margin_spans: list[list[int]] = []
        self.glyph_names: list[dict[str, Any]] = []
        self.ink = 0

    def _emit(self, s: str, c: Char | None) -> None:
        self.parts.append(s)
        if len(s) == 1:
            self.chars.append(c)
        else:
            self.chars.extend([c] * len(s))
        self.length += len(s)

    def add_page(self, pageno: int, lines: Sequence[Line]) -> None:
        if self.page_starts:
            self._emit("\f", None)
        self.page_starts.append(self.length)
        self.pagenos.append(pageno)
        margin_start: int | None = None
        for k, line in enumerate(lines):
            if k:
                self._emit("\n", None)
            if line.margin and margin_start is None:
                margin_start = self.length
            self._add_line(pageno, line)
        if margin_start is not None:
            self.margin_spans.append([margin_start, self.length, pageno])

    def _add_line(self, pageno: int, line: Line) -> None:
        prev: Char | None = None
        # Letter-spacing evidence: runs of one-glyph words.
        run: list[tuple[int, Char]] = []  # (offset, char) of single-letter tokens
        token_len = 0
        token_start = 0
        token_char: Char | None = None
        # What _emit does, written out: this loop runs once per character.
        parts, chars = self.parts, self.chars
        length = self.length
        ink = 0
        clean = _CLEAN
        for c in line.chars:
            text = clean.get(c.text) or _clean(c.text)
            if not text:
                continue
            # A gap wide enough, or (PDFium) a word space the engine saw
            # between these two neighbours in the stream: an overhanging glyph
            # ("f") can narrow the measured gap below the threshold.
            # (space_between needs a gap over MIN_SPACE_GAP, and is_duplicate
            # the same text: most neighbours have neither, and are not asked.)
            gap = prev is not None and (
                (c.u0 - prev.u1 > MIN_SPACE_GAP and space_between(prev, c))
                or (c.space_after >= 0 and prev.seq == c.space_after)
            )
            if gap:
                parts.append(" ")
                chars.append(None)
                length += 1
            elif prev is not None and prev.text == c.text and is_duplicate(prev, c):
                self.duplicates.extend(range(length, length + len(text)))
            if c.space:
                self._close_token(token_len, token_start, token_char, run)
                token_len = 0
                token_char = None
            else:
                if prev is None or prev.space or gap:
                    self._close_token(token_len, token_start, token_char, run)
                    token_len = 0
                    token_start = length
                token_len += 1
                token_char = c
                ink += 1
            if c.glyph_name is not None:
                self.glyph_names.append(
                    {"offset": length, "page": pageno, "font": c.font, "glyph": c.glyph_name, "text": text}
                )
            parts.append(text)
            if len(text) == 1:
                chars.append(c)
            else:
                chars.extend([c] * len(text))
            length += len(text)
            prev = c
        self.length = length
        self.ink += ink
        self._close_token(token_len, token_start, token_char, run)
        self._flush_run(run)

    def _close_token(self, n: int, start: int, c: Char | None, run: list[tuple[int, Char]]) -> None:
        if n == 0 or c is None:
            return
        if n == 1 and c.text.isalpha():
            run.append((start, c))
        else:
            self._flush_run(run)

    def _flush_run(self, run: list[tuple[int, Char]]) -> None:
        if len(run) >= 4:
            self._letter_spaced(run)
        run.clear()

    def _letter_spaced(self, run: list[tuple[int, Char]]) -> None:
        """Split a run of one-letter tokens into words by its gaps."""
        gaps = [b.u0 - a.u1 for (_, a), (_, b) in itertools.pairwise(run)]
        s = sorted(gaps)
        med = s[len(s) // 4]  # letter gaps are the common, small ones
        size = max(min(c.size for _, c in run), 1.0)
        # Letters of one word are at least as close as 1.5 em: farther is layout.
        if med > 1.5 * size:
            return
        words: list[list[tuple[int, Char]]] = [[run[0]]]
        for gap, item in zip(gaps, run[1:], strict=False):
            if gap > 1.6 * med + 0.1 * size:
                words.append([item])
            else:
                words[-1].append(item)
        for w in words:
            if len(w) < 2:
                continue
            start = w[0][0]
            end = w[-1][0] + len(w[-1][1].text)
            joined = "".join(c.text for _, c in w)
            self.letter_spaced.append([start, end, joined])

    def document(self, source: str) -> Document:
        text = "".join(self.parts)
        glyphs = _Glyphs(self.chars, self.page_starts, self.pagenos)
        return Document(text, source=source, page_starts=self.page_starts or [0], glyphs=glyphs)


# --- engines ------------------------------------------------------------------------
def _unit(x: float, y: float) -> tuple[float, float]:
    n = (x * x + y * y) ** 0.5
    return (x / n, y / n) if n > 1e-9 else (0.0, 0.0)


def _plumber_pages(path: Path, pages: str | Iterable[int] | None, password: str | None, name: str) -> Iterable[Any]:
    """Yield (count, None) first, then (pageno, chars) for each selected page."""
    import pdfplumber
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    from .pdf_glyphs import encoding_names, text_for_glyph_name

    class _Recorder(PDFPageAggregatorWithMarkedContent):
        """Remembers the font and code of every character it renders."""

        def render_char(self, *args: Any, **kwargs: Any) -> float:
            font = args[1] if len(args) > 1 else kwargs.get("font")
            cid = args[5] if len(args) > 5 else kwargs.get("cid", -1)
            adv: float = super().render_char(*args, **kwargs)
            if self.cur_item._objs:
                setattr(self.cur_item._objs[-1], "ocrfix_code", (font, cid))  # noqa: B010
            return adv

    with pdfplumber.open(path, password=password or "") as pdf:
        count = len(pdf.pages)
        yield count, None
        for pageno in parse_pages(pages, count, name):
            page = pdf.pages[pageno - 1]
            device = _Recorder(pdf.rsrcmgr, pageno=pageno, laparams=None)
            PDFPageInterpreter(pdf.rsrcmgr, device).process_page(page.page_obj)
            # The characters as pdfplumber's page.chars has them (same order,
            # same coordinates: top-based, shifted by the MediaBox origin),
            # read from the layout directly, which is about a third faster.
            raw: list[Any] = []
            _collect_chars(device.get_result(), raw)
            mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
            height = float(page.height)
            names_by_font: dict[str, dict[int, str]] = {}
            if any(_lost(c.get_text()) for c in raw):
                names_by_font = _font_encodings(page, encoding_names)
            chars: list[Char] = []
            for i, c in enumerate(raw):
                m = c.matrix
                dx, dy = _unit(m[0], m[1])
                ux, uy = _unit(m[2], m[3])
                if dx == dy == 0.0:
                    dx, dy = 1.0, 0.0
                if ux == uy == 0.0:
                    ux, uy = -dy, dx
                text = c.get_text() or ""
                glyph_name = None
                code = getattr(c, "ocrfix_code", None)
                if code is not None and _lost(text):
                    rec = _recover(code[0], code[1], names_by_font, text_for_glyph_name)
                    if rec is not None:
                        glyph_name, text = rec
                chars.append(
                    Char(
                        text,
                        float(c.x0) + mb_x0,
                        height - float(c.y1) + mb_top,
                        float(c.x1) + mb_x0,
                        height - float(c.y0) + mb_top,
                        float(c.size),
                        str(c.fontname),
                        bool(c.upright),
                        dx,
                        dy,
                        ux,
                        uy,
                        glyph_name,
                        seq=i,
                    )
                )
            page.close()
            yield pageno, chars


def _collect_chars(container: Any, out: list[Any]) -> None:
    from pdfminer.layout import LTChar, LTContainer

    for obj in container:
        if isinstance(obj, LTChar):
            out.append(obj)
        elif isinstance(obj, LTContainer):
            _collect_chars(obj, out)


def _lost(text: str) -> bool:
    return text == "" or (text.startswith("(cid:") and text.endswith(")"))


def _font_encodings(page: Any, encoding_names: Any) -> dict[str, dict[int, str]]:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import literal_name

    out: dict[str, dict[int, str]] = {}
    try:
        res = resolve1(page.page_obj.resources) or {}
        fonts = resolve1(res.get("Font")) or {}
        for spec in fonts.values():
            spec = resolve1(spec)
            if not isinstance(spec, dict):
                continue
            base = literal_name(resolve1(spec.get("BaseFont", "")))
            names = encoding_names(spec)
            if names:
                out[str(base)] = names
    except Exception:
        return out
    return out


def _recover(font: Any, cid: int, names_by_font: dict[str, dict[int, str]], to_text: Any) -> tuple[str, str] | None:
    """(glyph name, text) for a character the font maps to no text."""
    fontname = str(getattr(font, "fontname", "") or "")
    name = names_by_font.get(fontname, {}).get(cid)
    if name is None:
        # The font's own encoding (built-in or /Differences), read by pdfminer.
        cid2u = getattr(font, "cid2unicode", None)
        uni = cid2u.get(cid) if isinstance(cid2u, dict) else None
        if isinstance(uni, str) and uni:
            from .pdf_glyphs import LIGATURE_POINTS

            return f"encoding:{cid}", LIGATURE_POINTS.get(uni, uni)
        return None
    text = to_text(name)
    if isinstance(text, str) and text:
        return name, text
    return None


def _pdfium_pages(path: Path, pages: str | Iterable[int] | None, password: str | None, name: str) -> Iterable[Any]:
    from .pdf_pdfium import pdfium_pages

    yield from pdfium_pages(path, pages, password, name, parse_pages)


def _no_pages(path: Path, password: str | None) -> bool:
    """Does pdfminer open the PDF and find no pages in it?  PDFium refuses
    to load such a file, with no reason given ("Failed to load document
    (PDFium: Success)"): asked when it does, so that both engines name the
    cause alike."""
    import pdfplumber

    try:
        with pdfplumber.open(path, password=password or "") as pdf:
            return len(pdf.pages) == 0
    except Exception:
        return False  # pdfminer cannot read it either: damaged


# --- entry point --------------------------------------------------------------------
def read_pdf(
    path: str | os.PathLike[str],
    pages: str | Iterable[int] | None = None,
    password: str | None = None,
    engine: str = "pdfplumber",
) -> Document:
    """Read a PDF into a Document (see the module docstring)."""
    name = str(path)
    p = Path(path)
    if engine not in ENGINES:
        raise UsageError(f"unknown PDF engine {engine!r}; valid engines: {', '.join(ENGINES)}")
    _check_file(name, p)
    source = _plumber_pages if engine == "pdfplumber" else _pdfium_pages
    builder = _Builder()
    columns: list[list[float]] = []  # the document's column gutters, page to page
    read: list[int] = []
    count = 0
    empty = 0
    try:
        it = iter(source(p, pages, password, name))
        count = next(it)[0]
        if count == 0:
            raise PdfError(f"{name}: the PDF has no pages")
        for pageno, chars in it:
            empty += sum(1 for c in chars if c.text == "")
            builder.add_page(pageno, page_lines(chars, columns))
            read.append(pageno)
    except OcrfixError:
        raise
    except RecursionError:
        raise PdfError(f"{name}: not a readable PDF (structure nested too deeply)") from None
    except Exception as exc:
        if engine == "pdfium" and count == 0 and _no_pages(p, password):
            raise PdfError(f"{name}: the PDF has no pages") from None
        raise _pdf_error(name, exc, password) from None
    if builder.ink < MIN_CHARS_PER_PAGE * max(len(read), 1):
        raise NoTextError(
            f"{name}: has no text layer ({len(read)} page(s), {builder.ink} characters); run OCR first (e.g. ocrmypdf)"
        )
    doc = builder.document(name)
    doc.facts["pdf.engine"] = engine
    doc.facts["pdf.pages"] = read
    doc.facts["pdf.page_count"] = count
    doc.facts["pdf.duplicate_chars"] = builder.duplicates
    doc.facts["pdf.letter_spaced"] = builder.letter_spaced
    doc.facts["pdf.margin_spans"] = builder.margin_spans
    doc.facts["pdf.glyph_names_used"] = builder.glyph_names
    doc.facts["pdf.empty_glyphs"] = empty
    return doc


__all__ = ["ENGINES", "parse_pages", "read_pdf"]
