"""Peer baselines for ``python -m benchmarks``: pymupdf4llm and poppler's pdftotext.

They are registered with ``evaluate.system`` (PDF mode) so that they are scored in
the same run and the same table as ocrfix, and their speed is measured beside
ocrfix's in ``measure_speed`` (fresh interpreters, the same natural PDFs).

pymupdf4llm (PyMuPDF, AGPL) is a benchmark-only dependency: it is imported here,
lazily, and never by ocrfix. pdftotext is run as a subprocess. Either prints as
"n/a (not installed)" when it is missing. benchmarks/PEERS.md documents every
conversion step from their output to the scorer's input.

Also a small command line for looking at outputs (not part of the run)::

    python -m benchmarks.peers dump DOC VARIANT [SYSTEM ...]   # outputs + word diff vs truth
    python -m benchmarks.peers side-by-side RESULTS.json       # the PEERS.md tables
"""

from __future__ import annotations

import argparse
import atexit
import difflib
import fcntl
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .evaluate import (
    CORPUS,
    PDF_VARIANTS,
    SYSTEMS,
    TO_SUPERSCRIPT,
    Score,
    Truth,
    documents,
    normalize_ws,
    system,
)

PYMUPDF4LLM = "pymupdf4llm"
PYMUPDF_DEFAULTS = "pymupdf4llm to_markdown (defaults)"
PYMUPDF_NO_HF = "pymupdf4llm to_markdown (header=False, footer=False)"
PDFTOTEXT = "pdftotext (poppler)"  # plain reading-order mode; registered in evaluate.py
PDFTOTEXT_LAYOUT = "pdftotext -layout"
OCRFIX_PDF = "ocrfix clean_pdf"


# ---------------------------------------------------------------- availability


def _pymupdf4llm_reason() -> str | None:
    if importlib.util.find_spec(PYMUPDF4LLM) is None:
        return "not installed"
    return None


def _pdftotext_reason() -> str | None:
    return None if shutil.which("pdftotext") else "not installed"


# ---------------------------------------------------------------- pymupdf4llm

# Markdown that pymupdf4llm's layout mode writes (helpers/document_layout.py):
# "#"-headings, **bold**, _italic_, ~~strike~~, <u>, <mark>, `code`, ``` fences,
# "- " list items, "> " footnotes, <sup>N</sup> superscripts, ![](image).
_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_LIST_ITEM = re.compile(r"^[ \t]*- ", re.MULTILINE)
_QUOTE = re.compile(r"^> ?", re.MULTILINE)
_FENCE = re.compile(r"^```[^\n]*\n?", re.MULTILINE)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_SUP = re.compile(r"<sup>(.*?)</sup>", re.DOTALL)
_TAGS = re.compile(r"</?(?:u|mark|sup|sub|br)\s*/?>")
_ITALIC = re.compile(r"(?<!\w)_|_(?!\w)")


def markdown_to_text(md: str) -> str:
    """pymupdf4llm Markdown -> plain text: markup removed, nothing else changed.

    Callouts ``<sup>N</sup>`` become superscript digits (what the scorer expects);
    the spaces the library writes between spans are kept (they are its output).
    """
    text = _IMAGE.sub("", md)
    text = _FENCE.sub("", text)
    text = _SUP.sub(lambda m: m.group(1).strip().translate(TO_SUPERSCRIPT), text)
    text = _TAGS.sub("", text)
    text = _HEADING.sub("", text)
    text = _LIST_ITEM.sub("", text)
    text = _QUOTE.sub("", text)
    text = text.replace("**", "").replace("~~", "").replace("`", "")
    return _ITALIC.sub("", text)


def is_footnote_box(box: dict[str, Any], md: str) -> bool:
    """A page box the library itself labels a footnote.

    Either the layout model's class is "footnote", or the library rendered the
    box with its footnote writer (``footnote_to_md``, the only writer of "> " in
    layout mode: it is used for "text" boxes that start with a superscript).
    """
    return box.get("class") == "footnote" or md.startswith("> ")


def chunks_to_body(chunks: list[dict[str, Any]], header: bool = True, footer: bool = True) -> str:
    """The body from ``to_markdown(page_chunks=True)``: footnote boxes left out.

    ``header=False``/``footer=False`` leave out the "page-header"/"page-footer"
    boxes, which is exactly what the library's own flags do (it skips those boxes
    when it writes the Markdown); the run checks the two agree (speed section).
    """
    parts: list[str] = []
    for chunk in chunks:
        text = chunk["text"]
        for box in chunk["page_boxes"]:
            start, stop = box["pos"]
            md = text[start:stop]
            if is_footnote_box(box, md):
                continue
            if box.get("class") == "page-header" and not header:
                continue
            if box.get("class") == "page-footer" and not footer:
                continue
            parts.append(md)
    return markdown_to_text("".join(parts))


_CHUNKS: dict[str, tuple[list[dict[str, Any]], float]] = {}

# Both pymupdf4llm rows share one call per PDF, also when evaluate.py runs them in
# different worker processes: a cache folder for this run only (named in the
# environment, which forked workers inherit), one lock per PDF, removed at exit.
_RUN_VAR = "OCRFIX_BENCH_PEERS_RUN"
if _RUN_VAR not in os.environ:
    os.environ[_RUN_VAR] = f"{os.getpid()}-{time.time_ns()}"
    _CACHE = Path(tempfile.gettempdir()) / f"ocrfix-bench-peers-{os.environ[_RUN_VAR]}"
    _OWNER = os.getpid()
    atexit.register(lambda: shutil.rmtree(_CACHE, ignore_errors=True) if os.getpid() == _OWNER else None)
else:
    _CACHE = Path(tempfile.gettempdir()) / f"ocrfix-bench-peers-{os.environ[_RUN_VAR]}"


def pymupdf_chunks(path: Path) -> list[dict[str, Any]]:
    """One ``to_markdown(path, page_chunks=True)`` per PDF, shared by both rows."""
    key = str(path)
    if key in _CHUNKS:
        return _CHUNKS[key][0]
    _CACHE.mkdir(parents=True, exist_ok=True)
    stored = _CACHE / (hashlib.sha1(key.encode()).hexdigest() + ".json")
    with open(stored.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second process waits for the first's result
        if stored.exists():
            kept, secs = json.loads(stored.read_text(encoding="utf-8"))
        else:
            import pymupdf4llm

            start = time.perf_counter()
            chunks = pymupdf4llm.to_markdown(key, page_chunks=True)
            kept = [{"text": c["text"], "page_boxes": c["page_boxes"]} for c in chunks]
            secs = time.perf_counter() - start
            tmp = stored.with_suffix(".tmp")
            tmp.write_text(json.dumps([kept, secs], ensure_ascii=False), encoding="utf-8")
            tmp.replace(stored)
    _CHUNKS[key] = (kept, secs)
    return kept


def _stored_chunks(path: str) -> list[dict[str, Any]] | None:
    """This run's pymupdf4llm chunks of a PDF, if a row (any process) made them."""
    try:
        return pymupdf_chunks(Path(path)) if path in _CHUNKS or (
            _CACHE / (hashlib.sha1(path.encode()).hexdigest() + ".json")).exists() else None
    except (OSError, ValueError):
        return None


@system(PYMUPDF_DEFAULTS, "pdf", available=_pymupdf4llm_reason)
def pymupdf_defaults(path: Path) -> str:
    return chunks_to_body(pymupdf_chunks(path))


@system(PYMUPDF_NO_HF, "pdf", available=_pymupdf4llm_reason)
def pymupdf_no_header_footer(path: Path) -> str:
    return chunks_to_body(pymupdf_chunks(path), header=False, footer=False)


# ---------------------------------------------------------------- pdftotext


# The plain (reading-order) mode is evaluate.py's "pdftotext (poppler)" row; this
# is the same call with -layout. A form feed (page end) is whitespace to the scorer.
@system(PDFTOTEXT_LAYOUT, "pdf", available=_pdftotext_reason)
def pdftotext_layout(path: Path) -> str:
    res = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
                         capture_output=True, check=True, timeout=120)
    return res.stdout.decode("utf-8", errors="replace")


# ---------------------------------------------------------------- speed

SPEED_KEYS = (
    ("pdf:pdfplumber", "pdfplumber extract_text"),
    ("pdf:ocrfix", 'ocrfix clean_pdf(engine="pdfplumber")'),
    ("pdf:ocrfix-pdfium", 'ocrfix clean_pdf(engine="pdfium")'),
    ("pdf:pymupdf4llm", "pymupdf4llm to_markdown (defaults)"),
    ("pdf:pymupdf4llm-nohf", "pymupdf4llm to_markdown (header=False, footer=False)"),
    ("pdf:pdftotext", "pdftotext (poppler), plain mode"),
    ("pdf:pdftotext-layout", "pdftotext -layout"),
)


def measure_speed(pdfs: list[str], pages: int, child: Callable[..., dict[str, Any]],
                  log: Callable[[str], None]) -> dict[str, Any]:
    """pages/s of the peers on the same natural PDFs, each in a fresh interpreter.

    ``child`` is evaluate._child (imports and one warm-up call on a small PDF
    outside the timed loop, as for ocrfix; see evaluate.WARM_UP).  ``cores`` is
    CPU time over wall time in the loop: above 1 for a tool that runs threads.
    """
    from .evaluate import WARM_UP

    code = (
        "{imp}\n"
        f"{WARM_UP}"
        "t = time.perf_counter()\n"
        "c = time.process_time()\n"
        "_outs = []\n"
        "for p in {pdfs!r}:\n    _outs.append({call})\n"
        "OUT = dict(pages_per_s={pages} / (time.perf_counter() - t), pages={pages},\n"
        "           cores=(time.process_time() - c) / (time.perf_counter() - t){extra})\n"
    )
    from .evaluate import best_of_rounds

    jobs = {"pdf:ocrfix-pdfium": (code.format(imp="import ocrfix", pdfs=pdfs, pages=pages, extra="",
                                              call="ocrfix.clean_pdf(p, engine='pdfium')"), 600.0)}
    if _pymupdf4llm_reason() is None:
        # The header=False run also returns its bodies, to check that leaving out
        # the page-header/page-footer boxes of the defaults run is what the flags do.
        imp = "import pymupdf4llm\nfrom benchmarks.peers import chunks_to_body"
        jobs["pdf:pymupdf4llm"] = (code.format(
            imp=imp, pdfs=pdfs, pages=pages, extra="",
            call="pymupdf4llm.to_markdown(p, page_chunks=True)"), 900.0)
        jobs["pdf:pymupdf4llm-nohf"] = (code.format(
            imp=imp, pdfs=pdfs, pages=pages, extra=", bodies=[chunks_to_body(c) for c in _outs]",
            call="pymupdf4llm.to_markdown(p, page_chunks=True, header=False, footer=False)"), 900.0)
    out: dict[str, Any] = best_of_rounds(jobs, "pages_per_s")
    if _pymupdf4llm_reason() is None:
        bodies = out["pdf:pymupdf4llm-nohf"].pop("bodies", None)
        if bodies is not None:
            scored = [_stored_chunks(p) for p in pdfs]
            same = sum(1 for c, b in zip(scored, bodies, strict=True)
                       if c is not None and chunks_to_body(c, False, False) == b)
            out["pymupdf4llm-flags-check"] = {"same": same, "of": len(pdfs),
                                              "compared": sum(1 for c in scored if c is not None)}
    else:
        out["pdf:pymupdf4llm"] = out["pdf:pymupdf4llm-nohf"] = {"error": "n/a (not installed)"}
    log("speed: pymupdf4llm done")
    if _pdftotext_reason() is None:
        imp = "import subprocess"
        for key, flags in (("pdf:pdftotext", []), ("pdf:pdftotext-layout", ["-layout"])):
            out[key] = child(code.format(
                imp=imp, pdfs=pdfs, pages=pages, extra="",
                call=f"subprocess.run(['pdftotext', '-enc', 'UTF-8', *{flags!r}, p, '-'],"
                     " capture_output=True, check=True).stdout"))
    else:
        out["pdf:pdftotext"] = out["pdf:pdftotext-layout"] = {"error": "n/a (not installed)"}
    log("speed: pdftotext done")
    return out


def speed_lines(sp: dict[str, Any]) -> list[str]:
    """The PDF-mode speed table: every PDF tool on the same natural PDFs."""
    if not sp:
        return []
    lines = ["", "### PDF mode, all tools (same natural PDFs, same run, fresh interpreter each,"
             " imports and one warm-up PDF not timed; best of the rounds the tools took turns in)", "",
             "| tool | pages/s | every round | CPU cores used | peak RSS, MB |", "|---|---|---|---|---|"]
    for key, label in SPEED_KEYS:
        v = sp.get(key, {})
        if "pages_per_s" in v:
            own = key.startswith("pdf:pdftotext")
            rss = "(own process)" if own else f"{v.get('peak_rss_mb', 0):.0f}"
            cores = "(own process)" if own or "cores" not in v else f"{v['cores']:.2f}"
            rounds = ", ".join(f"{x:.2f}" for x in v.get("rounds", [v["pages_per_s"]]))
            lines.append(f"| {label} | {v['pages_per_s']:.2f} | {rounds} | {cores} | {rss} |")
        else:
            lines.append(f"| {label} | {v.get('error', 'n/a')} | | | |")
    chk = sp.get("pymupdf4llm-flags-check")
    if chk:
        lines += ["", f"pymupdf4llm header=False/footer=False run vs. the scored row (defaults run with"
                      f" its page-header/page-footer boxes left out): identical bodies for"
                      f" {chk['same']}/{chk['compared']} documents."]
    return lines


# ---------------------------------------------------------------- looking at outputs


def word_diff(truth: str, hyp: str, context: int = 4) -> list[str]:
    """Every place where the output's words differ from the truth's, with context."""
    ref, out = truth.split(), normalize_ws(hyp).split()
    sm = difflib.SequenceMatcher(None, ref, out, autojunk=False)
    lines = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(ref[max(0, i1 - context):i1])
        lines.append(f"{tag:7} …{before} [{' '.join(ref[i1:i2])}] -> [{' '.join(out[j1:j2])}]")
    return lines


def _runner(name: str) -> Callable[[Path], Any]:
    """A registered PDF-mode system by its table name."""
    for s in SYSTEMS:
        if s.name == name and s.mode == "pdf":
            return s.run
    raise SystemExit(f"no PDF-mode system {name!r}: {[s.name for s in SYSTEMS if s.mode == 'pdf']}")


def dump(doc: str, variant: str, names: list[str], out_dir: Path) -> None:
    truth = Truth.load(CORPUS / doc)
    pdf = CORPUS / doc / truth.data["variants"][variant]["pdf"]
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "truth.txt").write_text("\n\n".join(truth.data["body_paragraphs"]), encoding="utf-8")
    for name in names:
        out = _runner(name)(pdf)
        text = out[0] if isinstance(out, tuple) else out  # (body, notes) or body
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        (out_dir / f"{slug}.txt").write_text(text, encoding="utf-8")
        diff = word_diff(truth.body, text)
        (out_dir / f"{slug}.diff").write_text("\n".join(diff) + "\n", encoding="utf-8")
        print(f"{name}: {len(diff)} differing places -> {out_dir / slug}.txt/.diff")


MEASURES = (
    ("CER %", lambda s: f"{100 * s.cer:.2f}"),
    ("WER %", lambda s: f"{100 * s.wer:.2f}"),
    ("lig. recall %", lambda s: f"{100 * s.lig_recall:.2f}"),
    ("headers left", lambda s: f"{s.header_left}/{s.header_lines}"),
    ("notes left", lambda s: f"{s.notes_left}/{s.notes}"),
    ("callouts bad", lambda s: f"{s.callouts_bad}/{s.callouts}"),
    ("hyph. fragments", lambda s: f"{s.fragments_left}/{s.break_hyphens}"),
    ("real hyph. lost", lambda s: f"{s.real_lost}/{s.real_hyphens}"),
    ("right words changed", lambda s: f"{s.changed_right}/{s.input_right}"),
    ("paragraphs right", lambda s: f"{s.paragraphs_right}/{s.paragraphs}"),
)


def side_by_side(results: Path, systems: list[str]) -> str:
    """Markdown tables: one row per document x variant x measure, one column per system."""
    data = json.loads(results.read_text(encoding="utf-8"))
    scores: dict[tuple[str, str, str], Score] = {}
    for r in data["rows"]:
        if r["score"] is None:
            continue
        s = Score(**{k: r["score"][k] for k in Score.__dataclass_fields__})
        for key in ((r["system"], r["document"], r["variant"]), (r["system"], "all", r["variant"]),
                    (r["system"], r["document"], "all"), (r["system"], "all", "all")):
            scores.setdefault(key, Score()).add(s)
    docs = ["all", *[d.name for d in documents()]]
    out = []
    for doc in docs:
        out += [f"### {doc}", "", "| variant | measure | " + " | ".join(systems) + " |",
                "|---|---|" + "---|" * len(systems)]
        for v in [*PDF_VARIANTS, "all"]:
            for label, fmt in MEASURES:
                cells = [fmt(scores[(n, doc, v)]) if (n, doc, v) in scores else "n/a" for n in systems]
                out.append(f"| {v} | {label} | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.peers")
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="write each system's output and its word diff against the truth")
    d.add_argument("doc")
    d.add_argument("variant", choices=PDF_VARIANTS)
    d.add_argument("systems", nargs="*", default=[OCRFIX_PDF, PYMUPDF_NO_HF, PDFTOTEXT])
    d.add_argument("--out", type=Path, default=Path("/tmp/ocrfix-peers"))
    s = sub.add_parser("side-by-side", help="PEERS.md tables from `python -m benchmarks --json FILE`")
    s.add_argument("results", type=Path)
    s.add_argument("systems", nargs="*", default=[OCRFIX_PDF, PYMUPDF_NO_HF, PDFTOTEXT])
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        dump(args.doc, args.variant, args.systems, args.out / f"{args.doc}-{args.variant}")
    else:
        print(side_by_side(args.results, args.systems))
    return 0


if __name__ == "__main__":
    sys.exit(main())
