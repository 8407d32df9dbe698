"""Prepare the prose corpus of the ligature benchmark.

Run once, on a Debian machine with apt (the output is committed, so the benchmark
itself needs neither apt nor network)::

    python -m benchmarks.ligatures.prepare [--deb-dir DIR]

Sources (see SOURCES.md):

* ``gnu-standards`` (Debian main, GFDL 1.3, no invariant sections): the plain-text
  renderings of "GNU Coding Standards" and "Information for Maintainers of GNU
  Software". Only paragraphs of running prose are kept: headings, menus, indented
  examples, lists of commands and index entries are dropped.
* ``r-cran-janeaustenr`` (Debian main, MIT packaging; the novels are in the public
  domain): the first chapters of "Persuasion" (whole chapters until about 60,000
  words), read from the R lazy-load database with the small R serialization reader
  below.

The .deb files are fetched with ``apt-get download`` (no install, no dependencies)
and unpacked with ``dpkg-deb -x``.
"""

from __future__ import annotations

import argparse
import gzip
import re
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
PACKAGES = ("gnu-standards", "r-cran-janeaustenr")
AUSTEN_BOOKS = ("persuasion",)
AUSTEN_WORD_BUDGET = 60_000  # stop adding chapters past this many words


# --------------------------------------------------------------------------- #
# fetching
# --------------------------------------------------------------------------- #


def fetch_debs(deb_dir: Path) -> dict[str, Path]:
    """Download (if needed) and unpack the source packages; return name -> root."""
    deb_dir.mkdir(parents=True, exist_ok=True)
    roots: dict[str, Path] = {}
    for name in PACKAGES:
        debs = sorted(deb_dir.glob(f"{name}_*.deb"))
        if not debs:
            subprocess.run(["apt-get", "download", name], cwd=deb_dir, check=True)
            debs = sorted(deb_dir.glob(f"{name}_*.deb"))
        root = deb_dir / "x" / name
        root.mkdir(parents=True, exist_ok=True)
        subprocess.run(["dpkg-deb", "-x", str(debs[-1]), str(root)], check=True)
        roots[name] = root
        print(f"{name}: {debs[-1].name}", file=sys.stderr)
    return roots


# --------------------------------------------------------------------------- #
# GNU manuals (makeinfo --plaintext output)
# --------------------------------------------------------------------------- #

_UNDERLINE = re.compile(r"^\s*([=\-*.])\1{2,}\s*$")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_CODEY = re.compile(r"[{}<>#$=;_/\\|]|\(\)|--[a-z]")


def _is_prose(par: str) -> bool:
    words = par.split()
    if len(words) < 12:
        return False
    alpha = sum(1 for w in words if _WORD.fullmatch(w.strip(".,;:!?\"'()")))
    if alpha / len(words) < 0.8:
        return False
    if len(_CODEY.findall(par)) > len(words) * 0.05:
        return False
    return par.rstrip()[-1:] in ".:?!)\"'"


def gnu_paragraphs(text: str) -> list[str]:
    """Running-prose paragraphs of a makeinfo plain-text manual."""
    # Drop the appendices that are not the manual's own prose (the GFDL text, the
    # suggested e-mail responses) and the index: everything from the first of them.
    cut = re.search(r"^(?:Appendix [A-Z] .*|Index)\n[=*]{3,}\n", text, flags=re.MULTILINE)
    if cut:
        text = text[: cut.start()]
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.split("\n")
        if not lines or not block.strip():
            continue
        if any(_UNDERLINE.match(ln) for ln in lines):
            continue  # heading
        first_indent = len(lines[0]) - len(lines[0].lstrip(" "))
        if first_indent > 3:
            continue  # example, display, quotation, list item
        if any(ln.startswith(" ") for ln in lines[1:]):
            continue  # indented continuation: list/table/example
        if lines[0].lstrip().startswith(("* ", "-- ", "File: ", "Copyright")):
            continue
        par = " ".join(ln.strip() for ln in lines)
        par = re.sub(r"\s+", " ", par).strip()
        if par.startswith("Permission is granted to copy"):
            continue  # the license notice, not the manual's prose
        # Cross references ("*note Foo::", "*note Label: (manual)Node.") are Info
        # syntax, not prose: drop the sentences that hold one.
        if "*note" in par.lower():
            sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z(\"'])", par)
            par = " ".join(s for s in sentences if "*note" not in s.lower())
        if _is_prose(par):
            out.append(par)
    return out


# --------------------------------------------------------------------------- #
# R serialization (enough of it to read character vectors from a lazy-load DB)
# --------------------------------------------------------------------------- #


class _RReader:
    """Minimal reader of R's XDR serialization format, version 2 or 3."""

    def __init__(self, data: bytes) -> None:
        if data[:2] != b"X\n":
            raise ValueError("not an XDR R serialization")
        self.d = data
        self.p = 2
        self.refs: list[Any] = []
        version = self.int()
        self.int()  # writer R version
        self.int()  # minimal reader R version
        if version == 3:
            n = self.int()
            self.p += n  # native encoding name

    def int(self) -> int:
        (v,) = struct.unpack_from(">i", self.d, self.p)
        self.p += 4
        return int(v)

    def length(self) -> int:
        n = self.int()
        if n == -1:
            hi, lo = self.int(), self.int()
            n = (hi << 32) + lo
        return n

    def item(self) -> Any:
        flags = self.int()
        kind = flags & 0xFF
        has_attr = bool(flags & (1 << 9))
        has_tag = bool(flags & (1 << 10))
        if kind in (254, 253, 242, 241, 251, 252):  # NULL, envs, missing, unbound
            return None
        if kind == 255:  # reference
            idx = flags >> 8 or self.int()
            return self.refs[idx - 1]
        if kind == 1:  # symbol
            sym = self.item()
            self.refs.append(sym)
            return sym
        if kind == 9:  # CHARSXP
            n = self.int()
            if n == -1:
                return None
            s = self.d[self.p : self.p + n]
            self.p += n
            return s.decode("utf-8", errors="replace")
        if kind in (2, 6, 17, 5):  # pairlist-like: attr, tag, car, cdr
            out: list[tuple[Any, Any]] = []
            while True:
                if has_attr:
                    self.item()
                tag = self.item() if has_tag else None
                out.append((tag, self.item()))
                flags = self.int()
                kind = flags & 0xFF
                has_attr = bool(flags & (1 << 9))
                has_tag = bool(flags & (1 << 10))
                if kind == 254:
                    return out
                if kind not in (2, 6, 17, 5):
                    raise ValueError(f"unexpected pairlist tail type {kind}")
        if kind == 238:  # ALTREP: info, state, attributes
            self.item()
            state = self.item()
            self.item()
            return state
        if kind in (16, 19, 20):  # character vector, list, expression
            n = self.length()
            value: Any = [self.item() for _ in range(n)]
        elif kind in (10, 13):  # logical, integer
            n = self.length()
            value = list(struct.unpack_from(f">{n}i", self.d, self.p))
            self.p += 4 * n
        elif kind == 14:  # double
            n = self.length()
            value = list(struct.unpack_from(f">{n}d", self.d, self.p))
            self.p += 8 * n
        else:
            raise ValueError(f"R type {kind} not supported by this reader")
        if has_attr:
            self.item()
        return value


def read_lazyload_db(rdx: Path, rdb: Path) -> dict[str, Any]:
    """Read every variable of an R lazy-load database (``*.rdx`` + ``*.rdb``)."""
    index = _RReader(gzip.decompress(rdx.read_bytes())).item()
    # index is a named list; its names attribute is skipped by the reader, so read
    # it again by position: variables, references, compressed.
    variables = index[0]
    raw = rdb.read_bytes()
    names = _names_of_first_element(rdx)
    out: dict[str, Any] = {}
    for name, (offset, length) in zip(names, variables, strict=True):
        chunk = raw[offset : offset + length]
        data = zlib.decompress(chunk[4:])
        out[name] = _RReader(data).item()
    return out


def _names_of_first_element(rdx: Path) -> list[str]:
    """Names of the 'variables' list of an .rdx index (its names attribute)."""
    data = gzip.decompress(rdx.read_bytes())
    rr = _RReader(data)
    rr.int()  # VECSXP flags of the index
    rr.length()
    flags = rr.int()  # first element: the variables list (with attributes)
    n = rr.length()
    for _ in range(n):
        rr.item()
    if not flags & (1 << 9):
        raise ValueError("variables list has no names")
    attrs = rr.item()
    for tag, value in attrs:
        if tag == "names":
            return list(value)
    raise ValueError("no names attribute")


# --------------------------------------------------------------------------- #
# Austen (Project Gutenberg lines, one element per printed line)
# --------------------------------------------------------------------------- #

_CHAPTER = re.compile(r"^\s*(CHAPTER|Chapter)\s+[0-9IVXLC]+\.?\s*$")


def austen_paragraphs(lines: list[str], budget: int) -> tuple[list[str], int]:
    """Paragraphs of whole chapters, from the first chapter, until ``budget`` words.

    Returns the paragraphs and the number of chapters taken.
    """
    chapters: list[list[str]] = []
    cur: list[str] | None = None
    par: list[str] = []

    def flush() -> None:
        if par and cur is not None:
            text = re.sub(r"\s+", " ", " ".join(par)).strip()
            # Gutenberg marks emphasis with underscores: drop the marks.
            text = text.replace("_", "")
            if text:
                cur.append(text)
        par.clear()

    for line in lines:
        line = line or ""
        if _CHAPTER.match(line) or re.match(r"^\s*(VOLUME|Volume)\s+[IVX]+\s*$", line):
            flush()
            if _CHAPTER.match(line):
                cur = []
                chapters.append(cur)
            continue
        if not line.strip():
            flush()
            continue
        par.append(line.strip())
    flush()
    out: list[str] = []
    words = 0
    taken = 0
    for ch in chapters:
        if words >= budget:
            break
        out.extend(ch)
        words += sum(len(p.split()) for p in ch)
        taken += 1
    return out, taken


# --------------------------------------------------------------------------- #


def _write(path: Path, paragraphs: list[str]) -> int:
    text = "\n\n".join(paragraphs) + "\n"
    path.write_text(text, encoding="utf-8")
    n = len(text.split())
    print(f"wrote {path.relative_to(DATA_DIR.parent)}: {n} words, "
          f"{len(paragraphs)} paragraphs", file=sys.stderr)
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.ligatures.prepare",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("--deb-dir", type=Path, default=None,
                    help="where to download/unpack the .deb files (default: a temp dir)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        roots = fetch_debs(args.deb_dir or Path(tmp))
        DATA_DIR.mkdir(exist_ok=True)

        doc = roots["gnu-standards"] / "usr/share/doc/gnu-standards"
        gnu: list[str] = []
        for name in ("standards.text.gz", "maintain.text.gz"):
            gnu.extend(gnu_paragraphs(gzip.decompress((doc / name).read_bytes())
                                      .decode("utf-8")))
        _write(DATA_DIR / "gnu_standards.txt", gnu)

        ddir = roots["r-cran-janeaustenr"] / "usr/lib/R/site-library/janeaustenr/data"
        books = read_lazyload_db(ddir / "Rdata.rdx", ddir / "Rdata.rdb")
        budget = AUSTEN_WORD_BUDGET
        for book in AUSTEN_BOOKS:
            pars, taken = austen_paragraphs(books[book], budget)
            print(f"{book}: {taken} chapters", file=sys.stderr)
            budget -= _write(DATA_DIR / f"austen_{book}.txt", pars)
            if budget <= 0:
                break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
