"""Batch mode: mirrored trees and JSONL, resuming, failures, kill -9 and rerun."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ocrfix import errors
from ocrfix.batch import BatchOptions, jsonl_done, run_batch
from ocrfix.cli import main
from ocrfix.stages import STAGE_ORDER

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "samples" / "seed-page.txt",
    ROOT / "samples" / "multipage" / "book.txt",
    ROOT / "benchmarks" / "ligatures" / "data" / "austen_persuasion.txt",
]


def _texts(n: int, seed: int = 7, size: tuple[int, int] = (1500, 4000)) -> list[str]:
    """``n`` documents cut from the samples at line boundaries."""
    pool = [p.read_text(encoding="utf-8") for p in SOURCES if p.exists()]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        src = rng.choice(pool)
        start = src.find("\n", rng.randrange(max(len(src) - size[1], 1))) + 1
        end = src.find("\n", start + rng.randint(*size))
        out.append(src[start : end if end > 0 else len(src)])
    return out


def _corpus(root: Path, n: int) -> Path:
    for i, text in enumerate(_texts(n)):
        sub = root / f"part{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{i:03d}.txt").write_text(text, encoding="utf-8")
    return root


def _jsonl(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for i, text in enumerate(_texts(n)):
            f.write(json.dumps({"id": f"r{i}", "text": text, "lang": "en"}) + "\n")
    return path


def _tree(root: Path) -> dict[str, bytes]:
    """Every visible file under ``root`` (no lock, no temporaries)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.name.startswith("."):
            out[str(p.relative_to(root))] = p.read_bytes()
    return out


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- tree mode ----------------------------------------------------------------------------


def test_tree_mirrors_input_and_rerun_skips(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "in", 4)
    out = tmp_path / "out"
    stats = run_batch([str(src)], str(out), jobs=1, progress=False)
    assert (stats.documents, stats.cleaned, stats.failed) == (4, 4, 0)
    files = _tree(out)
    assert "part0/doc000.txt" in files and "part0/doc000.audit.json" in files
    assert len(files) == 8 and not (out / "errors.jsonl").exists()
    audit = json.loads(files["part1/doc001.audit.json"])
    assert audit["format"] == "ocrfix-audit/1" and audit["text"].rstrip("\n") == files["part1/doc001.txt"].decode().rstrip("\n")
    again = run_batch([str(src)], str(out), jobs=1, progress=False)
    assert (again.cleaned, again.skipped) == (0, 4)
    # A changed input is cleaned again; so is a document whose audit is missing.
    time.sleep(0.01)
    (src / "part0" / "doc000.txt").write_text("The eort was dierent.\n", encoding="utf-8")
    (out / "part1" / "doc001.audit.json").unlink()
    third = run_batch([str(src)], str(out), jobs=1, progress=False)
    assert (third.cleaned, third.skipped) == (2, 2)
    assert (out / "part0" / "doc000.txt").read_text(encoding="utf-8") == "The effort was different.\n"


def test_summary_gives_cpu_seconds_per_stage(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "in", 3)
    opts = BatchOptions(skip=("columns",))
    stats = run_batch([str(src)], str(tmp_path / "out"), opts, jobs=2, progress=False)
    assert stats.cleaned == 3
    # Every stage that ran, and the pipeline's own parts, measured in the
    # workers and added up in the parent; the stage left out is not there.
    assert set(stats.cpu) == ({*STAGE_ORDER} - {"columns"}) | {"(applying edits)", "(result)"}
    assert all(v >= 0.0 for v in stats.cpu.values()) and sum(stats.cpu.values()) > 0.0
    line = next(x for x in stats.summary().splitlines() if "CPU seconds per stage" in x)
    costliest = max(stats.cpu, key=lambda k: stats.cpu[k])
    assert line.split(": ", 2)[2].startswith(f"{costliest} ")
    # A rerun that cleans nothing has nothing to report.
    again = run_batch([str(src)], str(tmp_path / "out"), opts, jobs=1, progress=False)
    assert again.cpu == {} and "CPU seconds" not in again.summary()


def test_glob_input_markdown_format(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "in", 3)
    out = tmp_path / "out"
    code = main(["clean", str(src / "part*" / "*.txt"), "-o", str(out), "--format", "markdown", "--jobs", "1"])
    assert code == errors.EXIT_OK
    assert sorted(_tree(out)) == [
        "part0/doc000.audit.json", "part0/doc000.md", "part1/doc001.audit.json", "part1/doc001.md",
        "part2/doc002.audit.json", "part2/doc002.md",
    ]


def test_failures_are_recorded_and_the_run_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _corpus(tmp_path / "in", 2)
    (src / "part0" / "binary.txt").write_bytes(b"abc\x00def")
    (src / "same.txt").write_text("one", encoding="utf-8")
    (src / "same.pdf").write_bytes(b"%PDF-1.4 broken")
    out = tmp_path / "out"
    code = main(["clean", str(src), "-o", str(out), "--jobs", "1"])
    assert code == errors.EXIT_SOME_FAILED
    err = capsys.readouterr().err
    assert "5 documents: 3 cleaned" in err and "2 failed" in err and "errors.jsonl" in err
    failed = {r["id"]: r for r in _records(out / "errors.jsonl")}
    assert set(failed) == {"part0/binary.txt", "same.pdf"}
    assert failed["part0/binary.txt"]["exit"] == errors.EXIT_DECODE and "NUL" in str(failed["part0/binary.txt"]["error"])
    # same.txt and same.pdf share a stem: their outputs keep the suffix, nothing is overwritten.
    assert (out / "same.txt.txt").read_text(encoding="utf-8") == "one\n"
    assert (out / "part0" / "doc000.txt").exists()


def test_a_worker_that_dies_fails_its_document_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A document that kills the process cleaning it (as an out-of-memory kill
    or a crash in a PDF library would) is recorded as failed; the others in
    flight with it are cleaned, and the run ends."""
    import ocrfix.batch as batch

    real = batch._clean

    def deadly(task: batch.Task, opts: BatchOptions, timings: dict[str, float] | None = None) -> object:
        if task.path is not None and "KILLS-ITS-WORKER" in Path(task.path).read_text(encoding="utf-8"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(task, opts, timings)

    monkeypatch.setattr(batch, "_clean", deadly)  # forked workers inherit the patch
    src = _corpus(tmp_path / "in", 9)
    (src / "part1" / "deadly.txt").write_text("This text KILLS-ITS-WORKER.\n", encoding="utf-8")
    out = tmp_path / "out"
    stats = run_batch([str(src)], str(out), jobs=2, chunksize=3, progress=False, stderr=io.StringIO())
    assert (stats.documents, stats.cleaned, stats.failed) == (10, 9, 1)
    failed = _records(out / "errors.jsonl")
    assert [r["id"] for r in failed] == ["part1/deadly.txt"]
    assert failed[0]["exit"] == errors.EXIT_INTERNAL and "died" in str(failed[0]["error"])
    assert len([p for p in out.rglob("*.audit.json")]) == 9


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "in", 2)
    buf = io.StringIO()
    run_batch([str(src)], str(tmp_path / "a"), jobs=1, progress=True, stderr=buf)
    assert "docs/s" in buf.getvalue() and "2/2" in buf.getvalue()
    quiet = io.StringIO()  # not a terminal
    run_batch([str(src)], str(tmp_path / "b"), jobs=1, stderr=quiet)
    assert quiet.getvalue() == ""


def test_usage_errors(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "in", 1)
    assert main(["clean", str(src), "--jobs", "2"]) == errors.EXIT_USAGE  # no -o
    assert main(["clean", str(src), "-o", str(tmp_path / "o"), "--jobs", "0"]) == errors.EXIT_USAGE
    assert main(["clean", str(src), "-o", str(tmp_path / "o"), "--skip", "nosuch"]) == errors.EXIT_USAGE
    jl = _jsonl(tmp_path / "in.jsonl", 1)
    assert main(["clean", str(jl), "-o", str(tmp_path / "outdir")]) == errors.EXIT_USAGE
    assert main(["clean", str(tmp_path / "missing"), "-o", str(tmp_path / "o"), "--jobs", "1"]) == errors.EXIT_NOT_FOUND


# --- JSONL mode -----------------------------------------------------------------------------


def test_jsonl_records_keep_ids_and_fields(tmp_path: Path) -> None:
    jl = tmp_path / "in.jsonl"
    jl.write_text(
        json.dumps({"doc": 7, "body": "The eort was dierent.", "lang": "en"}) + "\n"
        + "\n"
        + "{broken\n"
        + json.dumps({"doc": 8, "title": "no body"}) + "\n"
        + json.dumps({"doc": 7, "body": "a duplicate"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    code = main(["clean", str(jl), "-o", str(out), "--text-field", "body", "--id-field", "doc", "--jobs", "1"])
    assert code == errors.EXIT_SOME_FAILED
    [rec] = _records(out)
    assert rec["doc"] == 7 and rec["body"] == "The effort was different." and rec["lang"] == "en"
    assert rec["notes"] == [] and rec["headers"] == [] and rec["summary"] == {"ligatures": 2}
    errs = _records(tmp_path / "out.errors.jsonl")
    assert sorted(str(e["id"]) for e in errs) == sorted([f"{jl}:3", "8", "7"])


def test_jsonl_from_files_and_torn_last_line(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"
    run_batch([str(src)], str(out), jobs=1, progress=False)
    whole = out.read_bytes()
    assert [r["id"] for r in _records(out)] == ["part0/doc000.txt", "part1/doc001.txt", "part2/doc002.txt"]
    # A run killed mid-write leaves a torn line: it is cut away and that record redone.
    lines = whole.splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:2]) + lines[2][:40])
    assert jsonl_done(out, "id") == {'"part0/doc000.txt"', '"part1/doc001.txt"'}
    assert out.read_bytes() == b"".join(lines[:2])
    stats = run_batch([str(src)], str(out), jobs=1, progress=False)
    assert (stats.cleaned, stats.skipped) == (1, 2)
    assert out.read_bytes() == whole


# --- kill -9 and rerun ------------------------------------------------------------------------

N_KILL = 36


def _kill_partway(cmd: list[str], progress: Callable[[], int], at_least: int = 3) -> None:
    """Start ``cmd``, SIGKILL it (the parent only: workers must die with it)
    once ``progress()`` reaches ``at_least``, and wait for it."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    try:
        while progress() < at_least and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    time.sleep(0.3)  # let the orphaned workers receive their SIGKILL


@pytest.mark.parametrize("mode", ["tree", "jsonl"])
def test_kill_9_then_rerun_gives_the_uninterrupted_result(tmp_path: Path, mode: str) -> None:
    if mode == "tree":
        src = str(_corpus(tmp_path / "in", N_KILL))
        out, ref = tmp_path / "out", tmp_path / "ref"
    else:
        src = str(_jsonl(tmp_path / "in.jsonl", N_KILL))
        out, ref = tmp_path / "out.jsonl", tmp_path / "ref.jsonl"
    run_batch([src], str(ref), BatchOptions(), jobs=1, progress=False)

    def done() -> int:
        if mode == "tree":
            return sum(1 for _ in out.rglob("*.audit.json")) if out.exists() else 0
        return out.read_bytes().count(b"\n") if out.exists() else 0

    cmd = [sys.executable, "-m", "ocrfix.cli", "clean", src, "-o", str(out), "--jobs", "2"]
    _kill_partway(cmd, done)
    first = done()
    assert 0 < first < N_KILL, "the kill should land partway"
    if mode == "tree":
        partial = _tree(out)
        reference = _tree(ref)
        for name, data in partial.items():  # whatever was left is complete
            assert data == reference[name], name
    p = subprocess.run(cmd, capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr
    summary = p.stderr.decode()
    assert f"{N_KILL} documents: {N_KILL - first} cleaned, {first} already done" in summary
    if mode == "tree":
        assert _tree(out) == _tree(ref)
        assert not [q for q in out.rglob(".*") if q.name != ".ocrfix.lock"], "temporary files left"
    else:
        got, want = _records(out), _records(ref)
        ids = [r["id"] for r in got]
        assert len(ids) == len(set(ids)) == N_KILL
        assert {r["id"]: r for r in got} == {r["id"]: r for r in want}
