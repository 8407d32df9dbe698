"""A second evaluation set, typeset on the spot: text mode on seven
one-column documents that the evaluation corpus does not hold.

    python -m benchmarks.heldout [--baseline-src OTHER_TREE/src] [--keep DIR] [--write FILE]

The documents are built with the evaluation's own generator
(benchmarks/corpus_gen: Jane Austen's novels from Debian's r-cran-janeaustenr,
pdfLaTeX, truth from the LaTeX side), from other chapters and in other
classes, sizes and fonts than the evaluation's (Helvetica, Bookman, Utopia,
New Century Schoolbook, Palatino, Times on a wide A4 page, Computer Modern
at 12 pt); only the natural variant, pdfplumber's text.  Nothing of them is
committed: they are rebuilt each run (pdflatex and the fonts of TeX Live are
needed).  They were first made to check a change to the paragraphs stage on
documents it was not designed on; later changes were designed while reading
their output, so they are a second look, not a blind one.

Each system (this tree's ocrfix, and with ``--baseline-src`` another tree's)
runs in its own process; the scores are the evaluation's (benchmarks.evaluate).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchmarks.machine import cpu_model, ram_gib
from benchmarks.scale import _commit_of

ROOT = Path(__file__).resolve().parent.parent
T1 = "\\usepackage[T1]{fontenc}\n"
COLUMNS = ("CER %", "WER %", "paragraphs right", "headers left", "notes left", "hyphen fragments", "right words changed")


def specs() -> list[Any]:
    from benchmarks.corpus_gen.latex import DocSpec

    return [
        DocSpec(name="emma-book-helvet", book="emma", title="Emma", notes_book="persuasion", notes_title="Persuasion",
                documentclass="book", class_options="10pt,twoside,openany",
                fonts=T1 + "\\usepackage{helvet}\n\\renewcommand{\\familydefault}{\\sfdefault}",
                geometry="a5paper,margin=16mm,top=20mm", first_chapter=5, n_chapters=3, heading="chapter",
                header_style="A", separator_tex="--", separator_char="–", first_page=40, seed=11),
        DocSpec(name="emma-report-bookman", book="emma", title="Emma", notes_book="mansfieldpark",
                notes_title="Mansfield Park", documentclass="report", class_options="11pt,twoside",
                fonts=T1 + "\\usepackage{bookman}", geometry="a5paper,margin=15mm,top=20mm", first_chapter=20,
                n_chapters=3, heading="chapter", header_style="A", separator_tex="", separator_char="", first_page=101,
                seed=12),
        DocSpec(name="persuasion-memoir-utopia", book="persuasion", title="Persuasion", notes_book="emma",
                notes_title="Emma", documentclass="memoir", class_options="11pt,twoside,openany",
                fonts=T1 + "\\usepackage{utopia}", geometry="a5paper,margin=15mm,top=20mm", first_chapter=10,
                n_chapters=3, heading="chapter", header_style="C", separator_tex="\\textperiodcentered",
                separator_char="·", first_page=80, seed=13),
        DocSpec(name="northanger-book-newcent", book="northangerabbey", title="Northanger Abbey", notes_book="emma",
                notes_title="Emma", documentclass="book", class_options="11pt,twoside,openany",
                fonts=T1 + "\\usepackage{newcent}", geometry="b5paper,margin=20mm,top=24mm", first_chapter=20,
                n_chapters=3, heading="chapter", header_style="A", separator_tex="--", separator_char="–",
                first_page=150, seed=14),
        DocSpec(name="mansfield-scrbook-palatino", book="mansfieldpark", title="Mansfield Park",
                notes_book="prideprejudice", notes_title="Pride and Prejudice", documentclass="scrbook",
                class_options="fontsize=10pt,twoside,open=any", fonts=T1 + "\\usepackage{mathpazo}",
                geometry="a5paper,margin=16mm,top=20mm", first_chapter=30, n_chapters=2, heading="chapter",
                header_style="A", separator_tex="\\ding{117}", separator_char="◆", first_page=300, seed=15),
        DocSpec(name="pride-article-times-wide", book="prideprejudice", title="Pride and Prejudice",
                notes_book="sensesensibility", notes_title="Sense and Sensibility", documentclass="article",
                class_options="11pt,twoside", fonts=T1 + "\\usepackage{mathptmx}", geometry="a4paper,margin=25mm,top=28mm",
                first_chapter=40, n_chapters=3, heading="section", header_style="B", separator_tex="",
                separator_char="", first_page=1, seed=16),
        DocSpec(name="sense-book-lmodern-cm", book="sensesensibility", title="Sense and Sensibility", notes_book="emma",
                notes_title="Emma", documentclass="book", class_options="12pt,twoside,openany", fonts="",
                geometry="a5paper,margin=14mm,top=20mm", first_chapter=30, n_chapters=2, heading="chapter",
                header_style="A", separator_tex="--", separator_char="–", first_page=200, seed=17, tounicode=False),
    ]


def build(out: Path) -> list[Path]:
    """Typeset each document into ``out/<name>/`` (source.tex, natural.pdf, natural.txt, truth.json)."""
    from benchmarks.corpus_gen import austen
    from benchmarks.corpus_gen.__main__ import extract_pages, typeset
    from benchmarks.corpus_gen.truth import build_truth

    books = austen.load_books()
    folders = []
    for spec in specs():
        folder = out / spec.name
        blocks, pages_meta = typeset(spec, books, folder)
        pages = extract_pages(folder / "natural.pdf")
        (folder / "natural.txt").write_text("\f".join(pages), encoding="utf-8")
        truth = build_truth(spec, blocks, pages_meta, pages)
        truth["variants"] = {"natural": {"pdf": "natural.pdf", "text": "natural.txt"}}
        (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
        folders.append(folder)
        print(f"built {spec.name}: {truth['pages']} pages", file=sys.stderr)
    return folders


_CHILD = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from benchmarks.evaluate import Truth, ocrfix_text, score
out = {}
for d in sorted(p for p in Path(sys.argv[1]).iterdir() if (p / "truth.json").exists()):
    t = Truth.load(d)
    raw = (d / "natural.txt").read_text(encoding="utf-8")
    body, notes = ocrfix_text(raw)
    s = score(t, body, raw, notes)
    out[d.name] = {k: getattr(s, k) for k in ("chars", "char_errors", "words", "word_errors", "paragraphs",
        "paragraphs_right", "header_lines", "header_left", "notes", "notes_left", "break_hyphens",
        "fragments_left", "input_right", "changed_right")}
print(json.dumps(out))
"""


def evaluate(root: Path, src: str | None) -> dict[str, dict[str, int]]:
    env = dict(os.environ)
    env["PYTHONPATH"] = src or str(ROOT / "src")
    p = subprocess.run([sys.executable, "-c", _CHILD, str(root), str(ROOT)], capture_output=True, text=True,
                       check=True, env=env)
    result: dict[str, dict[str, int]] = json.loads(p.stdout)
    return result


def cells(s: dict[str, int]) -> list[str]:
    return [f"{100 * s['char_errors'] / s['chars']:.2f}", f"{100 * s['word_errors'] / s['words']:.2f}",
            f"{s['paragraphs_right']}/{s['paragraphs']}", f"{s['header_left']}/{s['header_lines']}",
            f"{s['notes_left']}/{s['notes']}", f"{s['fragments_left']}/{s['break_hyphens']}",
            f"{s['changed_right']}/{s['input_right']}"]


def total(rows: dict[str, dict[str, int]]) -> dict[str, int]:
    keys = next(iter(rows.values())).keys()
    return {k: sum(r[k] for r in rows.values()) for k in keys}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.heldout", description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline-src", help="another ocrfix tree's src/ directory, scored beside this one")
    ap.add_argument("--keep", type=Path, help="build the documents here (default: a temporary directory)")
    ap.add_argument("--write", type=Path, help="write the report (Markdown) to this file")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        build(root)
        systems = {"ocrfix": evaluate(root, None)}
        if args.baseline_src:
            systems["baseline"] = evaluate(root, args.baseline_src)
    header = "| document | system | " + " | ".join(COLUMNS) + " |"
    lines = [header, "|" + "---|" * (len(COLUMNS) + 2)]
    for name in systems["ocrfix"]:
        for sysname, rows in systems.items():
            lines.append(f"| {name} | {sysname} | " + " | ".join(cells(rows[name])) + " |")
    for sysname, rows in systems.items():
        lines.append(f"| all | {sysname} | " + " | ".join(cells(total(rows))) + " |")
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = "python -m benchmarks.heldout" + (f" --baseline-src {args.baseline_src}" if args.baseline_src else "")
    report = "\n".join([
        "# Held-out documents (text mode)",
        "",
        f"Command: `{command}`. Date: {stamp}. Machine: {platform.system()} {platform.machine()}, {cpu_model()}, "
        f"{ram_gib()} RAM; Python {platform.python_version()}.",
        "",
        "Seven one-column documents typeset from chapters, classes and fonts the evaluation corpus does not hold "
        "(see the module docstring of benchmarks/heldout.py: a second look, not a blind one); pdfplumber's text of "
        "each, cleaned by `clean_text`, scored as the evaluation scores (benchmarks/RESULTS.md explains each "
        "measure)." + (f" \"baseline\" is ocrfix {_commit_of(args.baseline_src)}." if args.baseline_src else ""),
        "",
        *lines,
        "",
    ])
    print(report)
    if args.write:
        args.write.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
