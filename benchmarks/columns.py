"""Interleaved columns: how well the columns stage puts a text extract of
two- and three-column pages back in reading order.

    python -m benchmarks.columns [--write benchmarks/COLUMNS.md]
    python -m benchmarks.columns --calibrate TEXT... (the columns stage's table)

The documents (benchmarks/columns_data, see its SOURCES.md) were set with
LaTeX in eight multi-column layouts and three single-column controls, and
extracted with pdfplumber's ``page.extract_text()`` (``natural.txt``) and with
``pdftotext -layout`` (``layout.txt``, which keeps the columns side by side
with runs of spaces between them); ``truth.txt`` holds the body in reading
order.  For each document and extract:

* the extract as it is;
* pdfplumber's text of each column cropped out of the page (``halves.txt``:
  the reading order a PDF reader that knows the columns gets from the same
  extractor; it keeps running heads, footnotes and page numbers; pdfplumber
  rows only);
* ocrfix, the columns stage alone;
* ocrfix, the whole pipeline (``clean_text``).

Figures: CER against the truth (whitespace normalised; running heads,
footnotes and page numbers in the text count as errors), the share of the
truth's 16-character chunks of letters and digits found in the text (order,
insensitive to lost spaces and hyphenation), the pages the stage rewrote, and
the stage's time.  The single-column controls must have no page rewritten.

``--calibrate`` measures the continuation table of the columns stage
(``_LLR``, ``_PMI_LLR`` in src/ocrfix/stages/columns.py) on single-column
texts (pages split at form feeds): each pair of consecutive lines against a
pair of lines drawn at random from the same page.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import random
import re
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from benchmarks.evaluate import levenshtein, normalize_ws
from benchmarks.machine import cpu_model, ram_gib

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "columns_data"


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def cer(truth: str, text: str) -> float:
    t, h = normalize_ws(truth), normalize_ws(text)
    return levenshtein(t, h) / max(1, len(t))


def order(truth: str, text: str, size: int = 16) -> float:
    """Share of the truth's chunks of ``size`` letters and digits (multiset)
    that the text has."""
    t, h = _alnum(truth), _alnum(text)
    want = Counter(t[i : i + size] for i in range(0, max(0, len(t) - size + 1), size))
    have = Counter(h[i : i + size] for i in range(len(h) - size + 1))
    return sum(min(n, have[c]) for c, n in want.items()) / max(1, sum(want.values()))


# The extracts scored: the file in each document's folder, and its extractor.
INPUTS = (("natural.txt", "pdfplumber"), ("layout.txt", "pdftotext -layout"))
SYSTEMS = ("as extracted", "column crops", "columns stage", "clean_text")


def run(write: Path | None) -> int:
    import ocrfix
    from ocrfix.readers.text import document_from_text
    from ocrfix.stages.columns import Columns

    ocrfix.clean_text("warm up the dictionaries")
    sections: list[str] = []
    controls_touched = 0
    for filename, extractor in INPUTS:
        rows: list[list[str]] = []
        totals: Counter[str] = Counter()
        for folder in sorted(p for p in DATA.iterdir() if p.is_dir()):
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            text = (folder / filename).read_text(encoding="utf-8")
            truth = (folder / "truth.txt").read_text(encoding="utf-8")
            pages = len([p for p in text.split("\f") if p.strip()])
            t0 = time.perf_counter()
            edits = list(Columns()(document_from_text(text)))
            stage_s = time.perf_counter() - t0
            stage_only = ocrfix.clean_text(text, only=["columns"]).text
            full = ocrfix.clean_text(text).text
            halves_path = folder / "halves.txt"
            halves = halves_path.read_text(encoding="utf-8") if halves_path.exists() else text
            cols = int(meta["columns"])
            if cols == 1 and edits:
                controls_touched += len(edits)
            systems = (("as extracted", text), ("columns stage", stage_only), ("clean_text", full))
            if filename == "natural.txt":
                systems = (*systems[:1], ("column crops", halves), *systems[1:])
            scores = {name: (cer(truth, t), order(truth, t)) for name, t in systems}
            if cols > 1:
                for name, (c, o) in scores.items():
                    totals[f"{name} cer"] += c
                    totals[f"{name} order"] += o
                totals["docs"] += 1
            cells = [f"{scores[name][0] * 100:.1f} / {scores[name][1] * 100:.1f}" if name in scores else "-" for name in SYSTEMS]
            rows.append([folder.name, str(cols), f"{len(edits)}/{pages}", *cells, f"{stage_s / pages * 1000:.0f}"])
        n = totals["docs"]
        mean = ["mean of the multi-column documents", "", ""] + [
            f"{totals[f'{name} cer'] / n * 100:.1f} / {totals[f'{name} order'] / n * 100:.1f}" if totals[f"{name} cer"] else "-"
            for name in SYSTEMS
        ] + [""]
        header = "| document | columns | pages rewritten | " + " | ".join(SYSTEMS) + " | stage ms/page |"
        table = [header, "|" + "---|" * 8] + ["| " + " | ".join(r) + " |" for r in [*rows, mean]]
        sections += [f"## {extractor} (`{filename}`)", "", *table, ""]
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    report = "\n".join(
        [
            "# Interleaved columns (text mode)",
            "",
            "Command: `python -m benchmarks.columns --write benchmarks/COLUMNS.md`.",
            f"Date: {stamp}. Machine: {platform.system()} {platform.machine()}, {cpu_model()}, "
            f"{ram_gib()} RAM; Python {platform.python_version()}.",
            "",
            "Each cell: CER % against the truth / share % of the truth's 16-character chunks found (order). "
            "Running heads, footnotes and page numbers count as errors, so only clean_text, which moves them out, "
            "can come near 0 CER; the column crops are the order a reader that knows the columns gets from the "
            "same extractor (pdfplumber only). The stage's costs were chosen on the pdfplumber extracts. The "
            "pdftotext -layout extracts of the same PDFs were added after; two changes were made after reading "
            "the stage's output on them (a line is cut at a whole run of spaces, not at each space; a line that "
            "starts past half a column of spaces is not the first column's). See the module docstring of "
            "benchmarks/columns.py.",
            "",
            *sections,
            f"Single-column controls: {controls_touched} pages rewritten.",
            "",
        ]
    )
    print(report)
    if write is not None:
        write.write_text(report, encoding="utf-8")
    return 1 if controls_touched else 0


def calibrate(paths: list[Path], seed: int = 1) -> int:
    """Print the continuation log-likelihood ratios measured on ``paths``."""
    from ocrfix.lexicon import english
    from ocrfix.stages import columns as c

    lex = english()
    scorer = c._Scorer(lex)
    rng = random.Random(seed)
    pos: Counter[str] = Counter()
    neg: Counter[str] = Counter()
    pos_pmi: Counter[str] = Counter()
    neg_pmi: Counter[str] = Counter()
    for path in paths:
        for page in path.read_text(encoding="utf-8").split("\f"):
            lines = [ln for ln in page.split("\n") if len(ln.strip()) >= 2]
            for i in range(len(lines) - 1):
                j = rng.randrange(len(lines))
                if abs(j - i) <= 1:
                    continue
                for counts, pmi_counts, b in ((pos, pos_pmi, lines[i + 1]), (neg, neg_pmi, lines[j])):
                    end, bucket = scorer.features(lines[i], b)
                    counts[end] += 1
                    pmi_counts[bucket] += 1
    print(f"{sum(pos.values())} pairs of consecutive lines, as many drawn at random")
    for name, p, q in (("ends and starts", pos, neg), ("PMI bucket", pos_pmi, neg_pmi)):
        print(name)
        pt, qt = sum(p.values()), sum(q.values())
        for key in sorted(set(p) | set(q)):
            llr = math.log((p[key] + 1) / pt / ((q[key] + 1) / qt))
            print(f"  {key:14s} {p[key]:6d} {q[key]:6d}  {llr:+.2f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", type=Path, help="write the report here (markdown)")
    ap.add_argument("--calibrate", type=Path, nargs="+", metavar="TEXT", help="measure the continuation table on these texts")
    args = ap.parse_args(argv)
    if args.calibrate:
        return calibrate(args.calibrate)
    return run(args.write)


if __name__ == "__main__":
    sys.exit(main())
