"""Plain-text reader: bytes -> Document.  A form feed is a page break."""

from __future__ import annotations

import codecs
import os

from ..errors import DecodeError, NoTextError
from ..files import read_input
from ..model import Document


def decode(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """Decode ``data``; invalid bytes give a one-line error with the offset.

    Empty input is an error (:class:`NoTextError`, nothing to clean).  A UTF-8
    byte order mark is kept as U+FEFF at the start of the text, so that the
    original is exactly what was read; the unicode stage removes it with a
    recorded edit (``unicode.bom``), which ``ocrfix restore`` puts back.
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise DecodeError(f"{name}: unknown encoding {encoding!r}") from None
    if not data:
        raise NoTextError(f"{name}: empty file (0 bytes); nothing to clean")
    if encoding.replace("-", "").replace("_", "").lower() == "utf8sig":
        encoding = "utf-8"  # utf-8-sig would drop the BOM without a record
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 4]
        raise DecodeError(
            f"{name}: not valid {encoding} at byte {exc.start} (bytes {bad.hex(' ')}); "
            f"pass --encoding if the file uses another encoding"
        ) from None
    if "\x00" in text:
        at = text.index("\x00")
        raise DecodeError(f"{name}: contains NUL bytes (first at character {at}); this looks like a binary file, not text")
    return text


def page_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\f")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\f", pos + 1)
    return starts


def document_from_text(text: str, source: str = "<text>") -> Document:
    return Document(text, source=source, page_starts=page_starts(text))


def read_text_file(path: str | os.PathLike[str], encoding: str = "utf-8") -> Document:
    name = str(path)
    data = read_input(path)
    return document_from_text(decode(data, name, encoding), source=name)
