"""Adversarial inputs at growing sizes: does cleaning time grow linearly?

    python -m benchmarks.adversarial [--sizes 0.5,1,2,4] [--long-line-mb 10]
                                     [--budget 120] [--cases a,b] [--write benchmarks/ADVERSARIAL.md]

Each case builds a text of the given size from a pattern that has hurt text
tools before (catastrophic regex backtracking, quadratic scans): long runs of
hyphens, digits, punctuation and spaces; one long line; many tiny lines;
repeated header-like lines on many pages; prose full of lost ligatures.  Each
(case, size) runs the whole pipeline (``ocrfix.clean_text``) in a fresh
process with a time budget; once a size overruns it, bigger sizes of that
case are skipped.  The table gives seconds and seconds per MB: for linear
time, seconds/MB stays roughly flat as the size doubles.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.machine import cpu_model

HERE = Path(__file__).resolve().parent
MB = 1_000_000

PROSE = [
    "the", "cause", "of", "the", "change", "was", "not", "known", "to", "those", "who", "read", "the", "report", "in",
    "the", "morning", "and", "they", "said", "that", "it", "would", "be", "hard", "to", "see", "how", "the", "work",
    "could", "go", "on", "without", "more", "help",
]


def _fill(n: int, unit: Callable[[random.Random], str]) -> str:
    rng = random.Random(n)
    parts: list[str] = []
    size = 0
    while size < n:
        s = unit(rng)
        parts.append(s)
        size += len(s)
    return "".join(parts)[:n]


def hyphens(n: int) -> str:
    """Runs of hyphens of every length, some at line ends (dehyphenation)."""
    return _fill(n, lambda r: "-" * r.choice((1, 2, 3, 50, 1000, 20000)) + r.choice(("\n", " ", "word-\n", "pre-\nsent ")))


def digits(n: int) -> str:
    """Long digit runs and tables of numbers (page numbers, note callouts)."""
    return _fill(n, lambda r: r.choice(("1234567890" * r.choice((1, 10, 500)), f"{r.randint(0, 999)}.{r.randint(0, 99)}"))
                 + r.choice((" ", "\t", "\n", "\n\n", "¹")))


def punctuation(n: int) -> str:
    """Runs of punctuation, quotes, note marks and brackets."""
    marks = ".,;:!?()[]{}\"'*†‡§¶“”‘’—–…"
    return _fill(n, lambda r: "".join(r.choice(marks) for _ in range(r.choice((1, 5, 200)))) + r.choice((" ", "\n", "a")))


def spaces(n: int) -> str:
    """Letters separated by long runs of spaces and tabs (letter-spacing, lost spaces)."""
    return _fill(n, lambda r: r.choice("abcdefghij") + r.choice((" ", "  ", " " * 1000, "\t" * 300, " \t " * 50)))


def long_line(n: int) -> str:
    """Prose on one line, no line break at all."""
    return _fill(n, lambda r: r.choice(PROSE) + " ")


def glued_lines(n: int) -> str:
    """Lines of prose, half of them with every space lost (runs of up to 150
    letters for the spaces stage to split)."""
    def line(r: random.Random) -> str:
        words = [r.choice(PROSE) for _ in range(r.randint(12, 28))]
        return ("".join(words) if r.random() < 0.5 else " ".join(words)) + "\n"
    return _fill(n, line)


def tiny_lines(n: int) -> str:
    """Many one- or two-character lines (numbers, letters, blanks)."""
    return _fill(n, lambda r: r.choice(("a", "1", "", "I", "-", "7", "ii")) + "\n")


def header_lines(n: int) -> str:
    """Pages that are nothing but repeated header-like lines."""
    def page(r: random.Random) -> str:
        p = r.randint(1, 999)
        lines = [f"CHAPTER {r.randint(1, 30)}. THE STORY OF THE YEAR {p}" for _ in range(30)]
        return f"{p}\n" + "\n".join(lines) + f"\n{p}\n\f"
    return _fill(n, page)


def lost_ligatures(n: int) -> str:
    """Prose where every ff/fi/fl was lost (many ligature proposals)."""
    words = [*PROSE, "eort", "rst", "oce", "dierent", "inuence", "eect", "ow", "nd", "o", "sta", "ocial"]
    return _fill(n, lambda r: " ".join(r.choice(words) for _ in range(12)) + ".\n")


def code_lines(n: int) -> str:
    """Lines that look like code or almost (assignments, braces, calls glued
    to words), some of them very long."""
    def line(r: random.Random) -> str:
        a = "a" * r.choice((1, 10, 5000))
        return r.choice((f"x = {a}", f"{a}(b,c, d) {{", "}", f"def f{a}(x):", f"word,word,{a}(x y)")) + "\n"
    return _fill(n, line)


def split_letters(n: int) -> str:
    """Ligature letters set apart by spaces everywhere: in English words,
    in made-up names (each a distinct pair of pieces), alone, and in very
    long runs of letters."""
    def unit(r: random.Random) -> str:
        name = "".join(r.choice("bcdklmnrst") + r.choice("aeiou") for _ in range(3))
        return r.choice(("signifi cant", "o ffi ce", "the fi rst", f"{name.title()}fi eld", "fi fi fl ff",
                         "a" * r.choice((5, 5000)) + "fi " + "b" * r.choice((5, 5000)), "in fl ows")) + r.choice((" ", "\n"))
    return _fill(n, unit)


CASES: dict[str, Callable[[int], str]] = {
    "hyphens": hyphens,
    "digits": digits,
    "punctuation": punctuation,
    "spaces": spaces,
    "long_line": long_line,
    "glued_lines": glued_lines,
    "tiny_lines": tiny_lines,
    "header_lines": header_lines,
    "lost_ligatures": lost_ligatures,
    "code_lines": code_lines,
    "split_letters": split_letters,
}


def measure_one(case: str, mb: float) -> dict[str, float]:
    """Run in a child process: clean one generated input, return timings."""
    import ocrfix

    text = CASES[case](int(mb * MB))
    ocrfix.clean_text("warm up the lexicon: the eort was dierent.")
    t0 = time.perf_counter()
    result = ocrfix.clean_text(text)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "chars": len(text), "edits": len(result.edits)}


def run(case: str, mb: float, budget: float) -> dict[str, float] | None:
    cmd = [sys.executable, "-m", "benchmarks.adversarial", "--one", case, str(mb)]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=budget, cwd=HERE.parent)
    except subprocess.TimeoutExpired:
        return None
    if p.returncode != 0:
        raise RuntimeError(f"{case} {mb} MB failed:\n{p.stderr[-2000:]}")
    out: dict[str, float] = json.loads(p.stdout.strip().splitlines()[-1])
    return out


def machine() -> str:
    cpu = cpu_model(platform.processor() or platform.machine())
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="0.5,1,2,4", help="sizes in MB (default 0.5,1,2,4)")
    ap.add_argument("--long-line-mb", type=float, default=10.0, help="extra size for long_line (default 10; 0: none)")
    ap.add_argument("--budget", type=float, default=120.0, help="seconds per run before giving up (default 120)")
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated cases")
    ap.add_argument("--write", metavar="FILE", help="also write the table (Markdown) to FILE")
    ap.add_argument("--one", nargs=2, metavar=("CASE", "MB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one[0], float(args.one[1]))))
        return 0
    sizes = [float(s) for s in args.sizes.split(",")]
    rows: list[str] = []
    header = "| case | MB | seconds | s/MB | edits |\n|---|---:|---:|---:|---:|"
    print(header, flush=True)
    for case in [c.strip() for c in args.cases.split(",")]:
        case_sizes = sizes + ([args.long_line_mb] if case == "long_line" and args.long_line_mb else [])
        over = False
        for mb in case_sizes:
            if over:
                row = f"| {case} | {mb:g} | skipped | | |"
            else:
                res = run(case, mb, args.budget)
                if res is None:
                    over = True
                    row = f"| {case} | {mb:g} | > {args.budget:g} (budget) | > {args.budget / mb:.1f} | |"
                else:
                    row = f"| {case} | {mb:g} | {res['seconds']:.2f} | {res['seconds'] / mb:.2f} | {int(res['edits'])} |"
            rows.append(row)
            print(row, flush=True)
    if args.write:
        stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        doc = [
            "# Adversarial inputs: time against size",
            "",
            f"Run `python -m benchmarks.adversarial` on {stamp}; machine: {machine()}.",
            f"Whole pipeline (`ocrfix.clean_text`, default stages), one fresh process per run, budget {args.budget:g} s.",
            "Linear time shows as a flat s/MB column as the size doubles.",
            "",
            header,
            *rows,
            "",
        ]
        Path(args.write).write_text("\n".join(doc), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
