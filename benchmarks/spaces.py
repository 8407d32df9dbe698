"""Glued lines: how well the spaces stage gives back the spaces of lines that lost them all.

    python -m benchmarks.spaces [--write benchmarks/SPACES.md] [--show-errors]

Extractors lose every space of a tightly set line ("herutteramazementshefound
thattoproceed").  This benchmark makes such lines from clean prose: the
paragraphs of the committed texts (the truth of benchmarks/corpus and the two
texts of benchmarks/ligatures/data) are wrapped at 68 characters, and 30 % of
the lines (seeded) lose all their spaces.  The spaces stage alone cleans the
text; each output line is compared with its clean line word by word.

Figures: word errors (words of the clean line that the output does not have,
or has more of: an edit distance over words), glued lines given back exactly,
and word errors on the lines that kept their spaces (changes that should not
happen).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import re
import textwrap
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLUED_SHARE = 0.3
WIDTH = 68


def sources() -> dict[str, list[str]]:
    """Paragraphs of clean prose per source."""
    out: dict[str, list[str]] = {}
    paragraphs: list[str] = []
    for truth in sorted((ROOT / "benchmarks" / "corpus").glob("*/truth.json")):
        paragraphs += json.loads(truth.read_text(encoding="utf-8"))["body_paragraphs"]
    out["benchmark corpus (truth)"] = paragraphs
    for name in ("gnu_standards", "austen_persuasion"):
        text = (ROOT / "benchmarks" / "ligatures" / "data" / f"{name}.txt").read_text(encoding="utf-8")
        out[name] = re.split(r"\n\s*\n", text)
    return out


def glue(paragraphs: list[str], rng: random.Random) -> tuple[list[str], list[tuple[str, bool]]]:
    """Wrapped lines, some with every space removed, and the clean lines."""
    damaged: list[str] = []
    clean: list[tuple[str, bool]] = []
    for p in paragraphs:
        p = " ".join(p.split())
        if len(p) < 80:
            continue  # headings, short lines: not set tightly
        for line in textwrap.wrap(p, WIDTH, break_long_words=False, break_on_hyphens=False):
            glued = rng.random() < GLUED_SHARE
            clean.append((line, glued))
            damaged.append(line.replace(" ", "") if glued else line)
    return damaged, clean


@dataclass
class Score:
    words: int = 0
    errors: int = 0
    glued_lines: int = 0
    glued_right: int = 0
    kept_lines: int = 0
    kept_errors: int = 0
    seconds: float = 0.0
    examples: list[tuple[str, str]] = field(default_factory=list)


def score(name: str, paragraphs: list[str], seed: int = 7) -> Score:
    import ocrfix

    damaged, clean = glue(paragraphs, random.Random(seed))
    t = time.perf_counter()
    result = ocrfix.clean_text("\n".join(damaged), only=["spaces"])
    s = Score(seconds=time.perf_counter() - t)
    out_lines = result.text.split("\n")
    if len(out_lines) != len(clean):
        raise SystemExit(f"{name}: the spaces stage changed the number of lines")
    for (truth, glued), out in zip(clean, out_lines, strict=True):
        tw, ow = truth.split(), out.split()
        ops = difflib.SequenceMatcher(None, tw, ow, autojunk=False).get_opcodes()
        errors = sum(max(a2 - a1, b2 - b1) for op, a1, a2, b1, b2 in ops if op != "equal")
        s.words += len(tw)
        s.errors += errors
        if glued:
            s.glued_lines += 1
            s.glued_right += errors == 0
        else:
            s.kept_lines += 1
            s.kept_errors += errors
        for op, a1, a2, b1, b2 in ops:
            if op != "equal":
                s.examples.append((" ".join(tw[a1:a2]), " ".join(ow[b1:b2])))
    return s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", type=Path, help="write the table to this Markdown file")
    ap.add_argument("--show-errors", action="store_true", help="print every word error (truth | output)")
    args = ap.parse_args()
    from benchmarks.machine import cpu_model, ram_gib

    rows = []
    for name, paragraphs in sources().items():
        s = score(name, paragraphs)
        rows.append(
            f"| {name} | {s.words} | {s.errors} | {100 * s.errors / max(s.words, 1):.2f} % | "
            f"{s.glued_right}/{s.glued_lines} | {s.kept_errors} on {s.kept_lines} lines | {s.seconds:.2f} |"
        )
        if args.show_errors:
            for truth, out in s.examples:
                print(f"{name}: {truth} | {out}")
    import platform

    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cpu = cpu_model(platform.processor() or platform.machine())
    lines = [
        "# Glued lines: spaces given back",
        "",
        f"`python -m benchmarks.spaces`, {stamp}; {cpu}, {os.cpu_count()} cores, {ram_gib()} RAM,"
        f" Python {platform.python_version()}.",
        "",
        f"Clean paragraphs wrapped at {WIDTH} characters; {GLUED_SHARE:.0%} of the lines (seed 7) lose every space;"
        " the spaces stage alone cleans the text (see the module docstring).",
        "",
        "| source | words | word errors | error rate | glued lines right | errors on lines that kept their spaces | s |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
    ]
    print("\n".join(lines))
    if args.write:
        args.write.write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
