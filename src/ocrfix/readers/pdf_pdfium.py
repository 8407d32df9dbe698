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


# Per text object: (font size, font name, upright, dx, dy, ux, uy).
_ObjInfo = tuple[float, str, bool, float, float, float, float]


def pdfium_pages(
    path: Path,
    pages: str | Iterable[int] | None,
    password: str | None,
    name: str,
    parse_pages: Callable[..., list[int]],
) -> Iterable[Any]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    get_unicode = _bare(raw.FPDFText_GetUnicode, ctypes.c_uint)
    map_error = _bare(raw.FPDFText_HasUnicodeMapError, ctypes.c_int)
    is_generated = _bare(raw.FPDFText_IsGenerated, ctypes.c_int)
    loose_box = _bare(raw.FPDFText_GetLooseCharBox, ctypes.c_int)
    text_object = _bare(raw.FPDFText_GetTextObject, ctypes.c_void_p)
    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        count = len(pdf)
        yield count, None
        rect = raw.FS_RECTF()
        rect_ref = ctypes.byref(rect)
        matrix = raw.FS_MATRIX()
        fontbuf = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()

        def object_info(tp: Any, i: int) -> _ObjInfo:
            """What PDFium reports for character ``i`` that is the same for
            all characters of its text object."""
            size = float(raw.FPDFText_GetFontSize(tp, i))
            ln = raw.FPDFText_GetFontInfo(tp, i, fontbuf, len(fontbuf), flags)
            font = fontbuf.value.decode("utf-8", "replace") if ln else ""
            if raw.FPDFText_GetMatrix(tp, i, matrix):
                a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            else:
                a, b, c, d = 1.0, 0.0, 0.0, 1.0
            dx, dy = _unit(a, b)
            ux, uy = _unit(c, d)
            if dx == dy == 0.0:
                dx, dy = 1.0, 0.0
            if ux == uy == 0.0:
                ux, uy = -dy, dx
            return size, font, a * d > 0 and b * c <= 0, dx, dy, ux, uy

        for pageno in parse_pages(pages, count, name):
            page = pdf[pageno - 1]
            height = page.get_height()
            tp = page.get_textpage()
            handle = tp.raw
            objects: dict[int, _ObjInfo] = {}
            chars: list[Char] = []
            last_obj = -1
            try:
                n = raw.FPDFText_CountChars(handle)
                for i in range(n):
                    code = get_unicode(handle, i)
                    if code == 32 and is_generated(handle, i) == 1:
                        continue  # PDFium generates only spaces and line breaks
                    if code == 0 or map_error(handle, i) == 1:
                        text = ""
                    elif code == 13 or code == 10:
                        continue
                    elif 0xD800 <= code < 0xE000:
                        text = "\ufffd"
                    else:
                        text = chr(code)
                    key = text_object(handle, i) or 0
                    info = objects.get(key) if key else None
                    if info is None:
                        # A character of no text object (never seen: only
                        # generated ones have none) is asked about alone.
                        info = object_info(handle, i)
                        if key:
                            objects[key] = info
                    size, font, upright, dx, dy, ux, uy = info
                    loose_box(handle, i, rect_ref)
                    left, right, low, high = rect.left, rect.right, rect.bottom, rect.top
                    # min() and max() of each pair, without the calls.
                    x0 = right if right < left else left
                    x1 = right if right > left else left
                    y0 = high if high < low else low
                    y1 = high if high > low else low
                    if not math.isfinite(x0 + x1 + y0 + y1 + size):  # NaN or inf in any of them
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
                    across = (y1 - y0) if abs(uy) >= abs(ux) else (x1 - x0)
                    if across > 0:
                        size = across
                    top, bottom = height - y1, height - y0
                    if chars and key == last_obj:
                        prev = chars[-1]
                        if prev.seq == i - 1 and prev.x0 == x0 and prev.x1 == x1 and prev.top == top and prev.bottom == bottom:
                            # One glyph PDFium reports as several characters (a
                            # ligature "ffi" in three boxes): keep it one glyph.
                            prev.text += text
                            prev.seq = i
                            continue
                    last_obj = key
                    chars.append(Char(text, x0, top, x1, bottom, size, font, upright, dx, dy, ux, uy, seq=i))
            finally:
                tp.close()
                page.close()
            yield pageno, chars
    finally:
        pdf.close()
