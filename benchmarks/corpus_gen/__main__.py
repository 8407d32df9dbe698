"""``python -m benchmarks.corpus_gen``: typeset, damage, extract and record truth.

Writes benchmarks/corpus/<document>/ with source.tex, natural.pdf, nolig.pdf,
cid.pdf, their pdfplumber texts and truth.json, plus corpus/manifest.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import austen
from .damage import damage
from .docs import SPECS, build_blocks
from .latex import DocSpec, document_tex, run_pdflatex
from .text import Block
from .truth import build_truth

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
VARIANTS = ("natural", "nolig", "cid")


def extract_pages(pdf_path: Path, drop_empty: bool = False, columns: int = 1) -> list[str]:
    """pdfplumber's text per page, default settings but ligature code points kept.

    ``columns=2`` extracts each half of the page on its own (used only to find
    where the printed lines end, for the hyphen truth of two-column documents).
    """
    import pdfplumber

    out = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            if drop_empty:
                page = page.filter(lambda o: o.get("object_type") != "char" or o.get("text") != "")
            if columns == 2:
                w, h = float(page.width), float(page.height)
                halves = [page.crop((0, 0, w / 2, h)), page.crop((w / 2, 0, w, h))]
                out.append("\n".join(x.extract_text(expand_ligatures=False) for x in halves))
            else:
                out.append(page.extract_text(expand_ligatures=False))
    return out


def _pgm_pixels(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    parts = data.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    return w, h, parts[4][-w * h :]


def render_diff(a: Path, b: Path, dpi: int = 50) -> float:
    """Largest fraction of differing pixels over the pages of two PDFs."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, pdf in (("a", a), ("b", b)):
            subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), f"{tmp}/{name}"],
                           check=True)
        pa = sorted(Path(tmp).glob("a-*.pgm"))
        pb = sorted(Path(tmp).glob("b-*.pgm"))
        if len(pa) != len(pb):
            return 1.0
        worst = 0.0
        for x, y in zip(pa, pb, strict=True):
            wx, hx, px = _pgm_pixels(x)
            wy, hy, py = _pgm_pixels(y)
            if (wx, hx) != (wy, hy):
                return 1.0
            diff = sum(1 for i, j in zip(px, py, strict=True) if abs(i - j) > 8)
            worst = max(worst, diff / len(px))
        return worst


def typeset(spec: DocSpec, books: dict[str, list[str]], out: Path) -> tuple[list[Block], str]:
    """Typeset ``spec`` into ``out`` (source.tex, natural.pdf); its blocks and
    the page/footnote record pdfLaTeX wrote (for build_truth)."""
    out.mkdir(parents=True, exist_ok=True)
    blocks = build_blocks(spec, books)
    tex = document_tex(spec, blocks)
    pdf, pages = run_pdflatex(tex, spec.name)
    (out / "source.tex").write_text(tex, encoding="utf-8")
    (out / "natural.pdf").write_bytes(pdf)
    return blocks, pages


def generate(names: list[str] | None = None) -> dict[str, Any]:
    books = austen.load_books()
    manifest: dict[str, Any] = {"source": {"package": austen.PACKAGE,
                                           "version": austen.package_version()},
                                "documents": []}
    for spec in SPECS:
        if names and spec.name not in names:
            continue
        out = CORPUS / spec.name
        blocks, pgs = typeset(spec, books, out)
        changed = {}
        for kind in ("nolig", "cid"):
            changed[kind] = damage(str(out / "natural.pdf"), str(out / f"{kind}.pdf"), kind)
        texts: dict[str, list[str]] = {}
        for v in VARIANTS:
            texts[v] = extract_pages(out / f"{v}.pdf")
            (out / f"{v}.txt").write_text("\f".join(texts[v]), encoding="utf-8")
        filtered = extract_pages(out / "nolig.pdf", drop_empty=True)
        (out / "nolig-filtered.txt").write_text("\f".join(filtered), encoding="utf-8")
        render = {v: render_diff(out / "natural.pdf", out / f"{v}.pdf") for v in VARIANTS[1:]}
        columns = 2 if "twocolumn" in spec.class_options else 1
        lines = texts["natural"] if columns == 1 else extract_pages(out / "natural.pdf", columns=2)
        truth = build_truth(spec, blocks, pgs, lines)
        truth["spec"] = {k: v for k, v in spec.__dict__.items() if k not in ("seed",)}
        truth["source"] = manifest["source"] | {"book": spec.book, "notes_book": spec.notes_book}
        truth["variants"] = {
            "natural": {"pdf": "natural.pdf", "text": "natural.txt"},
            "nolig": {"pdf": "nolig.pdf", "text": "nolig.txt", "changed_codes": changed["nolig"]},
            "nolig-filtered": {"pdf": "nolig.pdf", "text": "nolig-filtered.txt",
                               "extract": "pdfplumber, chars with empty text filtered out"},
            "cid": {"pdf": "cid.pdf", "text": "cid.txt", "changed_codes": changed["cid"]},
        }
        truth["render_diff"] = render
        (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
        n_hyph = {k: sum(1 for h in truth["hyphens"] if h["kind"] == k)
                  for k in ("break", "real", "unknown")}
        row = {"name": spec.name, "pages": truth["pages"], "notes": len(truth["notes"]),
               "blocks": len(blocks), "hyphens": n_hyph, "render_diff": render}
        manifest["documents"].append(row)
        print(json.dumps(row), file=sys.stderr)
        if any(d > 0.0005 for d in render.values()):
            raise SystemExit(f"{spec.name}: a damaged variant renders differently: {render}")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.corpus_gen", description=__doc__)
    ap.add_argument("documents", nargs="*", help="only these documents (default: all)")
    args = ap.parse_args(argv)
    manifest = generate(args.documents or None)
    if not args.documents:
        (CORPUS / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
