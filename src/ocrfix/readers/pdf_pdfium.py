"""The fast PDF engine: characters and boxes from pypdfium2 (PDFium).

Produces the same :class:`~ocrfix.readers.pdf_layout.Char` records as the
pdfplumber engine, so the layout and the Document are built the same way.
Characters PDFium generates itself (spaces, line breaks) are skipped: the
reader makes its own.  PDFium does not expose glyph names, so lost glyphs
(no Unicode) come out empty and are only counted.

Speed: a page has thousands of characters and each PDFium call goes through
ctypes, so the reader asks per character only what differs per character
(code point, map error, box, text object) through bare function pointers
(no argument conversion), and what belongs to the text object (matrix, font
size, font name) once per object.
"""

from __future__ import annotations

import ctypes
import math
import struct
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .pdf_layout import Char


def _unit(x: float, y: float) -> tuple[float, float]:
    n = (x * x + y * y) ** 0.5
    return (x / n, y / n) if n > 1e-9 else (0.0, 0.0)


def _bare(fn: Any, restype: Any) -> Any:
    """The PDFium function ``fn`` called without ctypes' argument conversion
    (every argument is a ctypes pointer or a Python int): about twice as fast
    per call.  Same library, same calling convention."""
    addr = ctypes.cast(fn, ctypes.c_void_p).value
    bare = type(fn)(addr)
    bare.argtypes = None
    bare.restype = restype
    return bare


# Per text object: (font size, font name, upright, dx, dy, ux, uy, whether
# the writing direction is horizontal: its size is then the box's height).
_ObjInfo = tuple[float, str, bool, float, float, float, float, bool]
# Text matrix (a, b, c, d) -> (upright, dx, dy, ux, uy): pages repeat a few matrices.
_FRAMES: dict[tuple[float, float, float, float], tuple[bool, float, float, float, float]] = {}


def _frame(a: float, b: float, c: float, d: float) -> tuple[bool, float, float, float, float]:
    """Whether the matrix is upright, and its unit writing and up vectors."""
    key = (a, b, c, d)
    got = _FRAMES.get(key)
    if got is None:
        dx, dy = _unit(a, b)
        ux, uy = _unit(c, d)
        if dx == dy == 0.0:
            dx, dy = 1.0, 0.0
        if ux == uy == 0.0:
            ux, uy = -dy, dx
        got = (a * d > 0 and b * c <= 0, dx, dy, ux, uy)
        if len(_FRAMES) < 10000:
            _FRAMES[key] = got
    return got


class _Calls:
    """The PDFium calls the reader makes, and their result buffers."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.get_unicode = _bare(raw.FPDFText_GetUnicode, ctypes.c_uint)
        self.map_error = _bare(raw.FPDFText_HasUnicodeMapError, ctypes.c_int)
        self.is_generated = _bare(raw.FPDFText_IsGenerated, ctypes.c_int)
        self.loose_box = _bare(raw.FPDFText_GetLooseCharBox, ctypes.c_int)
        self.text_object = _bare(raw.FPDFText_GetTextObject, ctypes.c_void_p)
        self.font_size = _bare(raw.FPDFText_GetFontSize, ctypes.c_double)
        self.get_matrix = _bare(raw.FPDFText_GetMatrix, ctypes.c_int)
        self.object_font = _bare(raw.FPDFTextObj_GetFont, ctypes.c_void_p)
        self.rect = raw.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.matrix = raw.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.fontbuf = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()

    def unmapped_text(self, tp: Any, i: int, code: int) -> str:
        """The text of character ``i``, whose glyph PDFium could not map to
        Unicode and reports by its code.  In a font with no name (a Type 3
        font: TeX's bitmap fonts, whose glyph names PDFium does not read) a
        printable ASCII code is that character, in TeX's text encodings too,
        but for the few places where OT1 puts other glyphs (quotes, dashes,
        accents); any other code is written as pdfminer writes it,
        "(cid:N)"."""
        if 33 <= code <= 126 and code not in _OT1_OTHER:
            buf = self.fontbuf
            if not self.raw.FPDFText_GetFontInfo(tp, i, buf, len(buf), self.flags) or not buf.value:
                return chr(code)
        return f"(cid:{code})"

    def object_info(self, tp: Any, i: int, key: int, fonts: dict[int, str]) -> _ObjInfo:
        """What PDFium reports for character ``i`` (of text object ``key``)
        that is the same for all characters of the object.  ``fonts`` caches
        font names by font for the page."""
        size = self.font_size(tp, i)
        fkey = (self.object_font(ctypes.c_void_p(key)) or 0) if key else 0
        font = fonts.get(fkey) if fkey else None
        if font is None:
            buf = self.fontbuf
            ln = self.raw.FPDFText_GetFontInfo(tp, i, buf, len(buf), self.flags)
            font = buf.value.decode("utf-8", "replace") if ln else ""
            if fkey:
                fonts[fkey] = font
        m = self.matrix
        frame = _frame(m.a, m.b, m.c, m.d) if self.get_matrix(tp, i, self.matrix_ref) else _frame(1.0, 0.0, 0.0, 1.0)
        upright, dx, dy, ux, uy = frame
        return (size, font, upright, dx, dy, ux, uy, abs(uy) >= abs(ux))


# Codes of printable ASCII where TeX's OT1 encoding has other glyphs (’’ ¡ ¿
# “ ˙ – — ˝ ˜): never read as ASCII.
_OT1_OTHER = frozenset((34, 60, 62, 92, 95, 123, 124, 125, 126))


def pdfium_pages(
    path: Path,
    pages: str | Iterable[int] | None,
    password: str | None,
    name: str,
    parse_pages: Callable[..., list[int]],
) -> Iterable[Any]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    api = _Calls(raw)
    get_unicode, map_error, is_generated = api.get_unicode, api.map_error, api.is_generated
    loose_box, text_object, rect, rect_ref = api.loose_box, api.text_object, api.rect, api.rect_ref
    # The four floats of the box in one call, not four field reads.
    read_rect = struct.Struct("4f").unpack_from
    isfinite = math.isfinite
    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        count = len(pdf)
        yield count, None
        for pageno in parse_pages(pages, count, name):
            page = pdf[pageno - 1]
            height = page.get_height()
            tp = page.get_textpage()
            handle = tp.raw
            objects: dict[int, _ObjInfo] = {}
            fonts: dict[int, str] = {}  # font handle -> name, on this page
            chars: list[Char] = []
            append = chars.append
            last_obj = -1  # text object of the last character kept
            generated_space = -2  # index of the last space PDFium generated
            info_key = -1  # text object that ``info`` describes
            info: _ObjInfo = (0.0, "", True, 1.0, 0.0, 0.0, 1.0, True)
            try:
                n = raw.FPDFText_CountChars(handle)
                for i in range(n):
                    code = get_unicode(handle, i)
                    if code == 32 and is_generated(handle, i) == 1:
                        generated_space = i  # PDFium generates only spaces and line breaks
                        continue
                    if code == 0:
                        text = ""
                    elif map_error(handle, i) == 1:
                        # No text for the glyph: PDFium passes its character
                        # code on.  Written as pdfminer writes it, so the
                        # ligature stage can learn what the code stands for;
                        # but see _unmapped_text.
                        text = api.unmapped_text(handle, i, code)
                    elif code == 13 or code == 10:
                        continue
                    elif 0xD800 <= code < 0xE000:
                        text = "\ufffd"
                    elif code == 2 and raw.FPDFText_IsHyphen(handle, i) == 1:
                        text = "-"  # PDFium's code for a hyphen it found at a line end
                    elif code < 32 and code != 9:
                        text = f"(cid:{code})"  # a control code as a glyph's text: no text either
                    else:
                        text = chr(code)
                    key = text_object(handle, i) or 0
                    if key != info_key or not key:
                        got = objects.get(key) if key else None
                        if got is None:
                            # A character of no text object (never seen: only
                            # generated ones have none) is asked about alone.
                            got = api.object_info(handle, i, key, fonts)
                            if key:
                                objects[key] = got
                        info = got
                        info_key = key
                    size, font, upright, dx, dy, ux, uy, horizontal = info
                    loose_box(handle, i, rect_ref)
                    left, high, right, low = read_rect(rect)  # FS_RECTF: left, top, right, bottom
                    # min() and max() of each pair, without the calls.
                    x0 = right if right < left else left
                    x1 = right if right > left else left
                    y0 = high if high < low else low
                    y1 = high if high > low else low
                    if not isfinite(x0 + x1 + y0 + y1 + size):  # NaN or inf in any of them
                        # A glyph with no position (a broken font matrix): keep
                        # its text, placed right after the character before it.
                        if chars:
                            p0 = chars[-1]
                            x0, x1, y0, y1, size = p0.x1, p0.x1, height - p0.bottom, height - p0.top, p0.size
                        else:
                            x0 = x1 = y0 = y1 = 0.0
                            size = size if math.isfinite(size) else 0.0
                    if x1 <= x0 and y1 <= y0 and text == " ":
                        continue  # a space PDFium places without a box
                    # The size as pdfminer measures it: the box across the
                    # writing direction (FPDFText_GetFontSize ignores the
                    # text matrix's scale).
                    across = (y1 - y0) if horizontal else (x1 - x0)
                    if across > 0:
                        size = across
                    top, bottom = height - y1, height - y0
                    if key == last_obj:
                        prev = chars[-1]
                        if prev.seq == i - 1 and prev.x0 == x0 and prev.x1 == x1 and prev.top == top and prev.bottom == bottom:
                            # One glyph PDFium reports as several characters (a
                            # ligature "ffi" in three boxes): keep it one glyph.
                            prev.text += text
                            prev.seq = i
                            continue
                    last_obj = key
                    after = i - 2 if generated_space == i - 1 else -1
                    # Positional (glyph name, seq, space_after): faster than keywords.
                    append(Char(text, x0, top, x1, bottom, size, font, upright, dx, dy, ux, uy, None, i, after))
            finally:
                tp.close()
                page.close()
            yield pageno, chars
    finally:
        pdf.close()
