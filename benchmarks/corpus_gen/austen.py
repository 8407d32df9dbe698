"""Read Jane Austen's novels from Debian's r-cran-janeaustenr package.

The package stores its data sets as an R lazy-load database (``Rdata.rdx`` index,
``Rdata.rdb`` blobs) in R's XDR serialisation format. This module reads the few
object types that database uses (character vectors, lists, integer vectors and
pairlists of attributes), so neither R nor any R reader is needed.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path
from typing import Any

PACKAGE = "r-cran-janeaustenr"
LIB_DIRS = (
    Path("/usr/lib/R/site-library/janeaustenr"),
    Path("/usr/share/R/site-library/janeaustenr"),
)
CACHE = Path(tempfile.gettempdir()) / "ocrfix-bench-janeaustenr"


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.refs: list[Any] = []

    def int(self) -> int:
        (v,) = struct.unpack_from(">i", self.data, self.pos)
        self.pos += 4
        return v

    def bytes(self, n: int) -> bytes:
        b = self.data[self.pos : self.pos + n]
        self.pos += n
        return b

    def header(self) -> None:
        fmt = self.bytes(2)
        if fmt != b"X\n":
            raise ValueError(f"unsupported R serialisation format {fmt!r}")
        version = self.int()
        self.int()  # writer's R version
        self.int()  # minimal R version
        if version == 3:
            n = self.int()
            self.bytes(n)  # native encoding

    def item(self) -> Any:
        flags = self.int()
        kind = flags & 0xFF
        has_attr = bool(flags & (1 << 9))
        has_tag = bool(flags & (1 << 10))
        if kind == 254:  # NILVALUE_SXP
            return None
        if kind in (242, 251, 252, 253):  # empty env, missing arg, base env...
            return None
        if kind == 255:  # REFSXP
            idx = flags >> 8
            if idx == 0:
                idx = self.int()
            return self.refs[idx - 1]
        if kind == 1:  # SYMSXP
            name = self.item()
            self.refs.append(name)
            return name
        if kind == 9:  # CHARSXP
            n = self.int()
            if n == -1:
                return None
            return self.bytes(n).decode("utf-8", errors="replace")
        if kind in (2, 17):  # LISTSXP (pairlist), ...
            out: dict[str, Any] = {}
            while kind in (2, 17):
                attr = self.item() if has_attr else None
                tag = self.item() if has_tag else None
                out[str(tag)] = self.item()
                del attr
                flags = self.int()
                kind = flags & 0xFF
                has_attr = bool(flags & (1 << 9))
                has_tag = bool(flags & (1 << 10))
            if kind != 254:
                raise ValueError(f"unexpected pairlist tail type {kind}")
            return out
        if kind in (10, 13):  # LGLSXP, INTSXP
            n = self.int()
            value: Any = list(struct.unpack_from(f">{n}i", self.data, self.pos))
            self.pos += 4 * n
        elif kind == 14:  # REALSXP
            n = self.int()
            value = list(struct.unpack_from(f">{n}d", self.data, self.pos))
            self.pos += 8 * n
        elif kind in (16, 19, 20):  # STRSXP, VECSXP, EXPRSXP
            n = self.int()
            value = [self.item() for _ in range(n)]
        else:
            raise ValueError(f"unsupported R object type {kind}")
        if has_attr:
            attrs = self.item()
            if isinstance(attrs, dict) and "names" in attrs and kind == 19:
                value = dict(zip(attrs["names"], value, strict=True))
        return value


def _unserialize(data: bytes) -> Any:
    r = _Reader(data)
    r.header()
    return r.item()


def _blob(rdb: bytes, offset: int, length: int) -> bytes:
    chunk = rdb[offset : offset + length]
    (size,) = struct.unpack(">i", chunk[:4])
    body = chunk[4:]
    if body[:1] in (b"Z", b"2", b"X", b"0") and size >= 0 and len(chunk) > 5:
        tag = body[:1]
        rest = body[1:]
        if tag == b"Z":
            return zlib.decompress(rest)
        if tag == b"2":
            return bz2.decompress(rest)
        if tag == b"X":
            return lzma.decompress(rest)
        if tag == b"0":
            return rest
    return zlib.decompress(body)


def find_package_dir() -> Path:
    """The installed package's folder, or an extracted copy of its .deb."""
    for d in LIB_DIRS:
        if (d / "data" / "Rdata.rdb").exists():
            return d
    extracted = CACHE / "root" / "usr/lib/R/site-library/janeaustenr"
    if (extracted / "data" / "Rdata.rdb").exists():
        return extracted
    CACHE.mkdir(parents=True, exist_ok=True)
    if shutil.which("apt-get") is None:
        raise RuntimeError(f"need Debian's {PACKAGE} (apt-get download {PACKAGE})")
    subprocess.run(["apt-get", "download", PACKAGE], cwd=CACHE, check=True)
    deb = sorted(CACHE.glob(f"{PACKAGE}_*.deb"))[-1]
    subprocess.run(["dpkg-deb", "-x", str(deb), str(CACHE / "root")], check=True)
    return extracted


def package_version() -> str:
    d = find_package_dir()
    for line in (d / "DESCRIPTION").read_text().splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    return "?"


def load_books() -> dict[str, list[str]]:
    """Every character-vector data set of the package: name -> lines of text."""
    d = find_package_dir() / "data"
    rdx = (d / "Rdata.rdx").read_bytes()
    index = _unserialize(gzip.decompress(rdx) if rdx[:2] == b"\x1f\x8b" else zlib.decompress(rdx[4:]))
    rdb = (d / "Rdata.rdb").read_bytes()
    out: dict[str, list[str]] = {}
    for name, (offset, length) in index["variables"].items():
        obj = _unserialize(_blob(rdb, offset, length))
        if isinstance(obj, list) and obj and all(isinstance(x, str) or x is None for x in obj):
            out[name] = [x or "" for x in obj]
    return out
