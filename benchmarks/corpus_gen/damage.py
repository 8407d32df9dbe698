"""Damage a PDF inside its fonts, the way real files are damaged.

* ``nolig``: the ToUnicode CMap maps the ligature codes (ff, fi, fl, ffi, ffl) to
  nothing, so extractors lose those letters.
* ``cid``: the ligature glyphs are renamed, in the embedded Type 1 font and in its
  encoding, to names that resolve to no character, and are dropped from ToUnicode,
  so pdfminer/pdfplumber print "(cid:N)". The header separator glyph (a symbol
  font's bullet, square, ...) is renamed to a letter's name ("Edieresis"), so it
  extracts as a stray "Ë".

Glyph outlines are never touched, so every variant renders like the original.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pikepdf
from fontTools import agl
from fontTools.misc import eexec
from pdfminer.cmapdb import CMapParser, FileUnicodeMap

LIGATURES = ("ff", "fi", "fl", "ffi", "ffl")
SEPARATORS = ("bullet", "periodcentered", "a71", "a78", "a74", "a73", "a110", "a109")
STRAY_NAME = "Edieresis"


def _fonts(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            yield font


def _fontfile(font: pikepdf.Dictionary) -> pikepdf.Stream | None:
    fd = font.get("/FontDescriptor")
    if fd is None:
        return None
    return fd.get("/FontFile")


def _builtin_names(font: pikepdf.Dictionary) -> dict[int, str]:
    ff = _fontfile(font)
    if ff is None:
        return {}
    clear = ff.read_bytes()[: int(ff.Length1)].decode("latin-1")
    return {int(c): n for c, n in re.findall(r"dup (\d+) /(\S+) put", clear)}


def code_names(font: pikepdf.Dictionary) -> dict[int, str]:
    """Character code -> glyph name, as a PDF reader would resolve it."""
    names = _builtin_names(font)
    enc = font.get("/Encoding")
    if isinstance(enc, pikepdf.Dictionary):
        code = 0
        for item in enc.get("/Differences", []):
            if isinstance(item, pikepdf.Name):
                names[code] = str(item)[1:]
                code += 1
            else:
                code = int(item)
    return names


def _read_tounicode(font: pikepdf.Dictionary, names: dict[int, str]) -> dict[int, str]:
    if "/ToUnicode" in font:
        cmap = FileUnicodeMap()
        CMapParser(cmap, io.BytesIO(font.ToUnicode.read_bytes())).run()
        return dict(cmap.cid2unichr)
    out = {}
    for code, name in names.items():
        u = agl.toUnicode(name)
        if u:
            out[code] = u
    return out


def _cmap_bytes(mapping: dict[int, str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<00> <FF>", "endcodespacerange",
    ]
    items = sorted(mapping.items())
    for i in range(0, len(items), 100):
        chunk = items[i : i + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        for code, text in chunk:
            hexed = "".join(f"{b:02X}" for b in text.encode("utf-16-be"))
            lines.append(f"<{code:02X}> <{hexed}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("ascii")


def _rename_in_fontfile(pdf: pikepdf.Pdf, font: pikepdf.Dictionary, renames: dict[str, str]) -> None:
    """Rename glyphs in an embedded Type 1 font (encoding and CharStrings)."""
    ff = _fontfile(font)
    if ff is None or not renames:
        return
    data = ff.read_bytes()
    l1, l2 = int(ff.Length1), int(ff.Length2)
    clear, enc, tail = data[:l1], data[l1 : l1 + l2], data[l1 + l2 :]
    for old, new in renames.items():
        clear = re.sub(rb"(dup \d+ )/" + re.escape(old.encode()) + rb"( put)",
                       rb"\1/" + new.encode() + rb"\2", clear)
    plain, _ = eexec.decrypt(enc, 55665)
    start = plain.find(b"/CharStrings")
    if start < 0:
        raise ValueError("no CharStrings in embedded font")
    out = bytearray(plain[:start])
    pos = start
    head = re.compile(rb"/(\S+) (\d+) (RD|-\|) ")
    while True:
        m = head.search(plain, pos)
        if m is None:
            break
        name = m.group(1).decode("latin-1")
        out += plain[pos : m.start()]
        new = renames.get(name, name).encode()
        out += b"/" + new + b" " + m.group(2) + b" " + m.group(3) + b" "
        n = int(m.group(2))
        out += plain[m.end() : m.end() + n]
        pos = m.end() + n
        if plain.startswith((b" ND", b" |-"), pos) and b"end" in plain[pos : pos + 40]:
            nxt = plain.find(b"/", pos)
            if nxt < 0 or b"end" in plain[pos:nxt]:
                break
    out += plain[pos:]
    new_enc, _ = eexec.encrypt(bytes(out), 55665)
    ff.write(clear + new_enc + tail)
    ff.Length1, ff.Length2, ff.Length3 = len(clear), len(new_enc), len(tail)
    fd = font.FontDescriptor
    if "/CharSet" in fd:
        charset = str(fd.CharSet)
        for old, new_name in renames.items():
            charset = re.sub("/" + re.escape(old) + r"(?=/|$)", "/" + new_name, charset)
        fd.CharSet = pikepdf.String(charset)
    del pdf


def _rename_in_encoding(font: pikepdf.Dictionary, renames: dict[str, str]) -> None:
    enc = font.get("/Encoding")
    if isinstance(enc, pikepdf.Dictionary) and "/Differences" in enc:
        diffs = [
            pikepdf.Name("/" + renames.get(str(x)[1:], str(x)[1:]))
            if isinstance(x, pikepdf.Name) else x
            for x in enc.Differences
        ]
        enc.Differences = pikepdf.Array(diffs)


def damage(src: str, dst: str, kind: str) -> dict[str, list[int]]:
    """Write the damaged variant; return the codes changed per font."""
    changed: dict[str, list[int]] = {}
    if kind not in ("nolig", "cid"):
        raise ValueError(f"unknown damage {kind!r}: nolig, cid")
    with pikepdf.open(src) as pdf:
        # Read every font's names first: fonts share Encoding objects.
        fonts = [
            (font, code_names(font)) for font in _fonts(pdf)
            if font.get("/Subtype") == "/Type1"
        ]
        for font, names in fonts:
            ligs = {c: n for c, n in names.items() if n in LIGATURES}
            seps = {c: n for c, n in names.items() if n in SEPARATORS}
            if kind == "nolig":
                if not ligs:
                    continue
                mapping = _read_tounicode(font, names)
                for c in ligs:
                    mapping[c] = ""
                font.ToUnicode = pdf.make_stream(_cmap_bytes(mapping))
                changed[str(font.BaseFont)] = sorted(ligs)
            else:
                if not ligs and not seps:
                    continue
                mapping = _read_tounicode(font, names)
                renames = {n: f"g{c:02X}x" for c, n in ligs.items()}
                renames.update({n: STRAY_NAME for n in seps.values()})
                for c in list(ligs) + list(seps):
                    mapping.pop(c, None)
                _rename_in_fontfile(pdf, font, renames)
                _rename_in_encoding(font, renames)
                font.ToUnicode = pdf.make_stream(_cmap_bytes(mapping))
                changed[str(font.BaseFont)] = sorted(list(ligs) + list(seps))
        pdf.save(dst, deterministic_id=True)
    return changed
