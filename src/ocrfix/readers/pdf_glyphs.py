"""Glyph names -> text, for characters a font maps to nothing (lost ligatures).

A font's ToUnicode map may send the ligature code to nothing (or the font has
none, giving "(cid:N)"), while the font's encoding still names the glyph:
"fi", "f_i", "uniFB01", "f_f_i.alt".  Ligatures come back as their Unicode
ligature code point so the ligature stage expands them and records it.
"""

from __future__ import annotations

import re
from typing import Any

LIGATURE_POINTS: dict[str, str] = {
    "ff": "\ufb00",
    "fi": "\ufb01",
    "fl": "\ufb02",
    "ffi": "\ufb03",
    "ffl": "\ufb04",
    "st": "\ufb06",
}
_SAFE = {"ff", "fi", "fl", "ffi", "ffl", "st"}
_UNI = re.compile(r"^uni([0-9A-Fa-f]{4})+$")
_U = re.compile(r"^u([0-9A-Fa-f]{4,6})$")


def text_for_glyph_name(name: str) -> str | None:
    """Text a glyph name stands for, or None if unknown.  Ligature names give
    the Unicode ligature code point."""
    base = name.split(".", 1)[0]
    if not base:
        return None
    m = _UNI.match(base)
    if m:
        hexes = base[3:]
        try:
            return "".join(chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4))
        except ValueError:
            return None
    m = _U.match(base)
    if m:
        try:
            return chr(int(m.group(1), 16))
        except (ValueError, OverflowError):
            return None
    letters = base.replace("_", "")
    if letters in _SAFE and (base == letters or "_" in base):
        return LIGATURE_POINTS[letters]
    try:
        from pdfminer.encodingdb import name2unicode

        text: str = name2unicode(base)
        return text
    except Exception:
        return None


def encoding_names(font_spec: Any) -> dict[int, str]:
    """Code -> glyph name from a simple font's /Encoding /Differences."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    out: dict[int, str] = {}
    try:
        enc = resolve1(font_spec.get("Encoding")) if isinstance(font_spec, dict) else None
        if not isinstance(enc, dict):
            return out
        diffs = resolve1(enc.get("Differences"))
        if not isinstance(diffs, list):
            return out
        code = 0
        for item in diffs:
            item = resolve1(item)
            if isinstance(item, int):
                code = item
            elif isinstance(item, PSLiteral):
                name = item.name if isinstance(item.name, str) else item.name.decode("latin-1")
                out[code] = name
                code += 1
    except Exception:
        return {}
    return out
