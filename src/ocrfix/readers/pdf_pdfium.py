"""The fast PDF engine: characters and boxes from pypdfium2 (PDFium).

Produces the same :class:`~ocrfix.readers.pdf_layout.Char` records as the
pdfplumber engine, so the layout and the Document are built the same way.
Characters PDFium generates itself (spaces, line breaks) are skipped: the
reader makes its own.  PDFium does not expose glyph names, so lost glyphs
(no Unicode) come out empty and are only counted.
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


def pdfium_pages(
    path: Path,
    pages: str | Iterable[int] | None,
    password: str | None,
    name: str,
    parse_pages: Callable[..., list[int]],
) -> Iterable[Any]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        count = len(pdf)
        yield count, None
        rect = raw.FS_RECTF()
        matrix = raw.FS_MATRIX()
        fontbuf = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        for pageno in parse_pages(pages, count, name):
            page = pdf[pageno - 1]
            height = page.get_height()
            tp = page.get_textpage()
            fonts: dict[int, str] = {}
            chars: list[Char] = []
            last_obj = -1
            try:
                n = raw.FPDFText_CountChars(tp)
                for i in range(n):
                    if raw.FPDFText_IsGenerated(tp, i) == 1:
                        continue
                    code = raw.FPDFText_GetUnicode(tp, i)
                    if raw.FPDFText_HasUnicodeMapError(tp, i) == 1 or code == 0:
                        text = ""
                    elif 0xD800 <= code < 0xE000:
                        text = "\ufffd"
                    else:
                        text = chr(code)
                    if text in ("\r", "\n"):
                        continue
                    raw.FPDFText_GetLooseCharBox(tp, i, rect)
                    size = float(raw.FPDFText_GetFontSize(tp, i))
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
                    obj = raw.FPDFText_GetTextObject(tp, i)
                    key = ctypes.cast(obj, ctypes.c_void_p).value or 0
                    font = fonts.get(key)
                    if font is None:
                        ln = raw.FPDFText_GetFontInfo(tp, i, fontbuf, len(fontbuf), flags)
                        font = fontbuf.value.decode("utf-8", "replace") if ln else ""
                        fonts[key] = font
                    x0, x1 = min(rect.left, rect.right), max(rect.left, rect.right)
                    y0, y1 = min(rect.bottom, rect.top), max(rect.bottom, rect.top)
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
                    size = across if across > 0 else size
                    prev = chars[-1] if chars else None
                    if (
                        prev is not None
                        and prev.seq == i - 1
                        and key == last_obj
                        and (prev.x0, prev.x1, prev.top, prev.bottom) == (x0, x1, height - y1, height - y0)
                    ):
                        # One glyph PDFium reports as several characters (a
                        # ligature "ffi" in three boxes): keep it one glyph.
                        prev.text += text
                        prev.seq = i
                        continue
                    last_obj = key
                    chars.append(
                        Char(
                            text,
                            x0,
                            height - y1,
                            x1,
                            height - y0,
                            size,
                            font,
                            a * d > 0 and b * c <= 0,
                            dx,
                            dy,
                            ux,
                            uy,
                            seq=i,
                        )
                    )
            finally:
                tp.close()
                page.close()
            yield pageno, chars
    finally:
        pdf.close()
