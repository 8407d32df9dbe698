"""Batch mode: clean a whole corpus, resumably, on several cores or a Dask cluster.

Inputs are files (a directory, walked recursively for ``*.txt`` and ``*.pdf``;
a glob such as ``'corpus/**/*.txt'``; or file names) or the records of a
JSONL file.  Outputs are a mirrored tree (``OUT/sub/name.txt`` plus
``OUT/sub/name.audit.json``) or one JSONL file with a record per document.

* Streaming: inputs are listed and read lazily, at most a few chunks of
  documents are in flight, results are written as they arrive and dropped.
* Resumable: tree outputs are written atomically (temporary file in the same
  directory, then ``os.replace``) and a document counts as done when its audit
  (written last) exists and is newer than the input.  JSONL outputs are
  appended one whole line per ``write`` call; on restart the ids present are
  read back and a torn last line is truncated away.
* Failures are recorded in ``OUT/errors.jsonl`` (or ``OUT.errors.jsonl``) and
  the run goes on; the exit status is ``EXIT_SOME_FAILED`` if any failed.
* Workers load the dictionaries once: the parent warms
  :func:`ocrfix.lexicon.english` before forking (copy-on-write), and the pool's
  initializer warms it again where the start method is not fork.

The Python API over Dask bags is :func:`clean_bag`; see docs/batch.md.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .errors import EXIT_INTERNAL, EXIT_OK, EXIT_SOME_FAILED, OcrfixError, OutputError, UsageError
from .files import TMP_MARK, atomic_write

FILE_SUFFIXES = (".txt", ".pdf")
_SUFFIX = {"text": ".txt", "markdown": ".md", "json": ".json"}
AUDIT_SUFFIX = ".audit.json"
FSYNC_INTERVAL = 0.5  # seconds between fsyncs of a JSONL output (every line is flushed)


# --- options, tasks, outcomes ---------------------------------------------------


@dataclass(frozen=True)
class BatchOptions:
    """How to clean each document and what to write for it."""

    only: tuple[str, ...] | None = None
    skip: tuple[str, ...] | None = None
    min_confidence: float = 0.5
    stage_options: tuple[tuple[str, Any], ...] = ()
    encoding: str = "utf-8"
    reader_options: tuple[tuple[str, Any], ...] = ()  # PDF only: pages, password, engine
    fmt: str = "text"
    text_field: str = "text"
    id_field: str = "id"

    def validate(self) -> None:
        from .pipeline import build_stages

        build_stages(only=self.only, skip=self.skip, options=dict(self.stage_options))
        if not 0.0 <= self.min_confidence <= 1.0:
            raise UsageError(f"--min-confidence must be between 0 and 1, got {self.min_confidence}")
        if self.fmt not in _SUFFIX:
            raise UsageError(f"unknown format {self.fmt!r}; valid formats: {', '.join(_SUFFIX)}")


@dataclass
class Task:
    """One document to clean: a file (``path``) or a JSONL record (``record``)."""

    key: str  # the document's id: a relative path or the record's id (JSON-encoded)
    path: str | None = None
    stem: str | None = None  # tree output: relative path without suffix
    record: dict[str, Any] | None = None
    rid: Any = None  # the record's id as given (or the relative path)


@dataclass
class Outcome:
    key: str
    ok: bool
    rid: Any = None
    error: str | None = None
    exit_code: int = 0
    summary: dict[str, int] = field(default_factory=dict)
    chars: int = 0
    line: str | None = None  # JSONL output
    files: dict[str, str] | None = None  # tree output not yet written (Dask)
    stem: str | None = None
    rss_kb: int = 0
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds by stage (clean_text's timings)


# --- cleaning one document --------------------------------------------------------


def warm() -> None:
    """Load the dictionaries and indexes the stages use (once per process)."""
    from . import pipeline, stages  # noqa: F401  (import the stage modules too)
    from .lexicon import english

    lex = english()
    lex.ligature_candidates("")
    lex.core("")
    lex.pmi("of", "the")


def _clean(task: Task, opts: BatchOptions, timings: dict[str, float] | None = None) -> Any:
    from .api import clean_document, read_document
    from .readers import document_from_text

    if task.record is not None:
        text = task.record.get(opts.text_field)
        if not isinstance(text, str):
            raise UsageError(f"record has no string field {opts.text_field!r}")
        doc = document_from_text(text, source=str(task.rid))
    else:
        assert task.path is not None
        reader = dict(opts.reader_options) if task.path.lower().endswith(".pdf") else {}
        doc = read_document(task.path, encoding=opts.encoding, **reader)
    return clean_document(
        doc,
        only=opts.only,
        skip=opts.skip,
        min_confidence=opts.min_confidence,
        timings=timings,
        **dict(opts.stage_options),
    )


def result_record(result: Any, opts: BatchOptions, rid: Any = None, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSONL/bag record of a result: the input record's fields, its id, the
    clean text, notes, headers and edit counts (all edits with format json)."""
    out: dict[str, Any] = {}
    if rid is not None:
        out[opts.id_field] = rid
    for k, v in (base or {}).items():
        if k not in (opts.id_field, opts.text_field):
            out[k] = v
    out[opts.text_field] = result.text
    out["notes"] = [n.to_json() for n in result.notes]
    out["headers"] = [h.to_json() for h in result.headers]
    out["summary"] = result.summary()
    if opts.fmt == "json":
        out["edits"] = [e.to_json() for e in result.edits]
    return out


def tree_files(result: Any, opts: BatchOptions) -> dict[str, str]:
    """Suffix -> content of a tree output: the clean text, then its audit."""
    from .reports import render
    from .reports.audit import audit_json

    return {
        _SUFFIX[opts.fmt]: render(result, opts.fmt),
        AUDIT_SUFFIX: json.dumps(audit_json(result), ensure_ascii=False) + "\n",
    }


def _peak_rss_kb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss


def process(task: Task, opts: BatchOptions, out_root: str | None, jsonl: bool) -> Outcome:
    """Clean one document.  Tree outputs are written under ``out_root`` when it
    is given, else returned in ``files``; JSONL outputs are returned as a line."""
    timings: dict[str, float] = {}
    try:
        result = _clean(task, opts, timings)
        if jsonl:
            rec = result_record(result, opts, task.rid, task.record)
            line = json.dumps(rec, ensure_ascii=False)
            outcome = Outcome(task.key, True, task.rid, line=line)
        else:
            files = tree_files(result, opts)
            if out_root is not None:
                assert task.stem is not None
                write_tree(out_root, task.stem, files)
                outcome = Outcome(task.key, True, task.rid)
            else:
                outcome = Outcome(task.key, True, task.rid, files=files, stem=task.stem)
        outcome.summary = result.summary()
        outcome.chars = len(result.original)
        outcome.cpu = timings
    except OcrfixError as exc:
        outcome = Outcome(task.key, False, task.rid, error=exc.message, exit_code=exc.exit_code)
    except Exception as exc:  # a bug in a stage must not end the run
        error = f"internal error: {type(exc).__name__}: {exc}"
        outcome = Outcome(task.key, False, task.rid, error=error, exit_code=EXIT_INTERNAL)
    outcome.rss_kb = _peak_rss_kb()
    return outcome


def process_chunk(chunk: list[Task], opts: BatchOptions, out_root: str | None, jsonl: bool) -> list[Outcome]:
    return [process(t, opts, out_root, jsonl) for t in chunk]


# --- pool workers -------------------------------------------------------------------

_WORKER: tuple[BatchOptions, str | None, bool] | None = None


def _die_with_parent(parent_pid: int) -> None:
    """Linux: the worker gets SIGKILL when the parent dies (even by kill -9), so
    no orphan goes on writing outputs behind a rerun's back."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:
        os._exit(1)


def _init_worker(opts: BatchOptions, out_root: str | None, jsonl: bool, parent_pid: int) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _die_with_parent(parent_pid)
    warm()  # a no-op after fork (the parent warmed); loads once per worker otherwise
    _WORKER = (opts, out_root, jsonl)


def _pool_chunk(chunk: list[Task]) -> list[Outcome]:
    assert _WORKER is not None
    return process_chunk(chunk, *_WORKER)


# --- listing inputs -------------------------------------------------------------------


def _has_magic(s: str) -> bool:
    return any(c in s for c in "*?[")


def _glob_root(pattern: str) -> str:
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts:
        if _has_magic(part):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else "."


def _relpath_stem(rel: str) -> str:
    p = Path(rel)
    return str(p.with_suffix("")) if p.suffix else rel


def _clashing(paths: list[str]) -> set[str]:
    """Paths whose stem another path in the same directory shares (name.txt, name.pdf)."""
    seen: dict[str, int] = {}
    for p in paths:
        k = os.path.splitext(p)[0]
        seen[k] = seen.get(k, 0) + 1
    return {p for p in paths if seen[os.path.splitext(p)[0]] > 1}


def iter_files(inputs: Iterable[str]) -> Iterator[tuple[str, str, bool]]:
    """(path, relative path, stem clash) for every input file, directories
    walked in sorted order.  With several inputs, a directory's files are
    placed under its own name."""
    inputs = list(inputs)
    several = len(inputs) > 1
    for inp in inputs:
        if os.path.isdir(inp):
            base = Path(inp).resolve().name if several else ""
            for dirpath, dirnames, filenames in os.walk(inp):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                names = sorted(n for n in filenames if not n.startswith(".") and n.lower().endswith(FILE_SUFFIXES))
                clash = _clashing(names)
                for name in names:
                    path = os.path.join(dirpath, name)
                    rel = os.path.relpath(path, inp)
                    yield path, os.path.join(base, rel) if base else rel, name in clash
        elif _has_magic(inp) and not os.path.exists(inp):
            root = _glob_root(inp)
            paths = sorted(p for p in glob.iglob(inp, recursive=True) if os.path.isfile(p))
            clash = _clashing(paths)
            for path in paths:
                yield path, os.path.relpath(path, root), path in clash
        else:
            yield inp, os.path.basename(inp), False


def _file_tasks(inputs: list[str]) -> Iterator[Task | Outcome]:
    """Tasks for the input files.  A file's output keeps the input's relative
    path, without its suffix unless a sibling has the same stem."""
    keys: set[str] = set()
    for path, rel, clash in iter_files(inputs):
        rel = rel.replace(os.sep, "/")
        if rel in keys:
            yield Outcome(rel, False, rel, error=f"{path}: another input has the same relative path {rel!r}", exit_code=2)
            continue
        keys.add(rel)
        yield Task(_record_key(rel), path=path, stem=rel if clash else _relpath_stem(rel), rid=rel)


def _record_key(rid: Any) -> str:
    return json.dumps(rid, ensure_ascii=False, sort_keys=True)


def _record_tasks(inputs: list[str], opts: BatchOptions) -> Iterator[Task | Outcome]:
    for inp in inputs:
        try:
            f = open(inp, "rb")  # noqa: SIM115
        except OSError as exc:
            yield Outcome(inp, False, inp, error=f"{inp}: cannot read ({exc.strerror})", exit_code=3)
            continue
        with f:
            for lineno, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                where = f"{inp}:{lineno}"
                try:
                    rec = json.loads(raw)
                except ValueError as exc:
                    yield Outcome(where, False, where, error=f"{where}: not JSON ({exc})", exit_code=4)
                    continue
                if not isinstance(rec, dict):
                    yield Outcome(where, False, where, error=f"{where}: not a JSON object", exit_code=4)
                    continue
                rid = rec.get(opts.id_field, lineno)
                yield Task(_record_key(rid), record=rec, rid=rid)


def count_inputs(inputs: list[str], jsonl_in: bool) -> int:
    if not jsonl_in:
        return sum(1 for _ in iter_files(inputs))
    n = 0
    for inp in inputs:
        with contextlib.suppress(OSError), open(inp, "rb") as f:
            n += sum(1 for raw in f if raw.strip())
    return n


# --- outputs ----------------------------------------------------------------------------


def write_tree(root: str, stem: str, files: dict[str, str]) -> None:
    """Write a document's outputs, each atomically, the audit last."""
    base = Path(root) / stem
    try:
        base.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{base.parent}: cannot create directory ({exc.strerror})") from None
    for suffix in sorted(files, key=lambda s: s == AUDIT_SUFFIX):
        atomic_write(base.with_name(base.name + suffix), files[suffix])


def tree_done(root: str, task: Task, opts: BatchOptions) -> bool:
    assert task.stem is not None and task.path is not None
    base = Path(root) / task.stem
    try:
        audit = base.with_name(base.name + AUDIT_SUFFIX).stat()
        base.with_name(base.name + _SUFFIX[opts.fmt]).stat()
        return audit.st_mtime >= os.stat(task.path).st_mtime
    except OSError:
        return False


def _remove_stale_temporaries(root: str) -> None:
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if name.startswith(".") and TMP_MARK in name:
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(dirpath, name))


def jsonl_done(path: Path, id_field: str) -> set[str]:
    """Ids already in a JSONL output; a torn or corrupt tail is truncated away."""
    done: set[str] = set()
    if not path.exists():
        return done
    good = 0
    with open(path, "r+b") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break
            try:
                rec = json.loads(raw)
                done.add(_record_key(rec[id_field]))
            except (ValueError, KeyError, TypeError):
                break
            good += len(raw)
        f.truncate(good)
    return done


class LineWriter:
    """Appends whole lines: one ``write`` call per line, so a killed run leaves
    at most a torn last line; fsync at most every FSYNC_INTERVAL and at close."""

    def __init__(self, path: Path) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
        try:
            self.fd = os.open(path, flags, 0o644)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
        self.path = path
        self.lines = 0
        self._synced = time.monotonic()

    def lock(self) -> None:
        """Refuse to run while another run writes to the same output."""
        with contextlib.suppress(ImportError):
            import fcntl

            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise OutputError(f"{self.path}: another ocrfix run is writing here") from None

    def write(self, line: str) -> None:
        data = (line + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            n = os.write(self.fd, view)
            view = view[n:]
        self.lines += 1
        now = time.monotonic()
        if now - self._synced >= FSYNC_INTERVAL:
            os.fsync(self.fd)
            self._synced = now

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.fsync(self.fd)
        os.close(self.fd)


class ErrorLog:
    """The failures of this run, one JSON line each; the file of an earlier run
    is removed at the start (its documents are tried again) and a new one is
    created at the first failure only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: LineWriter | None = None
        with contextlib.suppress(FileNotFoundError):
            path.unlink()

    def write(self, line: str) -> None:
        if self._writer is None:
            self._writer = LineWriter(self.path)
        self._writer.write(line)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()


# --- progress and summary ------------------------------------------------------------------


def _hms(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class Progress:
    """A one-line progress bar on a terminal: documents, documents per second, ETA."""

    def __init__(self, stream: TextIO, total: int | None, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.start = time.monotonic()
        self._last = 0.0
        self._width = 0

    def update(self, done: int, processed: int, failed: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.2:
            return
        self._last = now
        elapsed = max(now - self.start, 1e-9)
        rate = processed / elapsed
        parts = []
        if self.total:
            frac = min(done / self.total, 1.0)
            filled = int(frac * 24)
            parts.append(f"[{'#' * filled}{'.' * (24 - filled)}] {done}/{self.total}")
        else:
            parts.append(f"{done} docs")
        parts.append(f"{rate:.1f} docs/s")
        if self.total and rate > 0 and done < self.total:
            parts.append(f"ETA {_hms((self.total - done) / rate)}")
        parts.append(f"elapsed {_hms(elapsed)}")
        if failed:
            parts.append(f"{failed} failed")
        line = "ocrfix: " + "  ".join(parts)
        pad = max(self._width - len(line), 0)
        self._width = len(line)
        self.stream.write("\r" + line + " " * pad)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()


@dataclass
class BatchStats:
    documents: int = 0  # seen, including those already done
    cleaned: int = 0
    skipped: int = 0  # already done by an earlier run
    failed: int = 0
    chars: int = 0
    edits: dict[str, int] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds by stage, over the cleaned documents
    seconds: float = 0.0
    peak_worker_rss_mb: float = 0.0
    errors_path: str | None = None

    @property
    def exit_code(self) -> int:
        return EXIT_SOME_FAILED if self.failed else EXIT_OK

    def summary(self) -> str:
        rate = self.cleaned / self.seconds if self.seconds else 0.0
        mbs = self.chars / 1e6 / self.seconds if self.seconds else 0.0
        lines = [
            f"ocrfix: {self.documents} documents: {self.cleaned} cleaned, {self.skipped} already done, "
            f"{self.failed} failed in {self.seconds:.1f} s ({rate:.1f} docs/s, {mbs:.2f} M chars/s)"
        ]
        if self.edits:
            from .stages import STAGE_ORDER

            order = {n: i for i, n in enumerate(STAGE_ORDER)}
            counts = ", ".join(f"{k} {v}" for k, v in sorted(self.edits.items(), key=lambda kv: order.get(kv[0], 99)))
            lines.append(f"ocrfix: edits applied per stage: {counts}")
        if self.cpu:
            # Where the time went, the costliest first: which stage to leave
            # out (--skip) if a corpus does not need it.
            costs = ", ".join(f"{k} {v:.1f}" for k, v in sorted(self.cpu.items(), key=lambda kv: -kv[1]))
            lines.append(f"ocrfix: CPU seconds per stage: {costs}")
        if self.failed and self.errors_path:
            lines.append(f"ocrfix: failures listed in {self.errors_path}")
        return "\n".join(lines) + "\n"


# --- the run ----------------------------------------------------------------------------------


def _chunks(items: Iterator[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for t in items:
        chunk.append(t)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _windowed(
    chunks: Iterator[list[Task]], submit: Callable[[list[Task]], Any], get: Callable[[Any], list[Outcome]], window: int
) -> Iterator[list[Outcome]]:
    """Results of ``submit`` in submission order, never more than ``window`` chunks in flight."""
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield get(pending.popleft())
    while pending:
        yield get(pending.popleft())


def default_jobs() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_batch(
    inputs: list[str],
    output: str,
    opts: BatchOptions | None = None,
    *,
    jobs: int = 1,
    dask: str | Any | None = None,
    chunksize: int = 4,
    progress: bool | None = None,
    stderr: TextIO | None = None,
) -> BatchStats:
    """Clean every input into ``output`` (a directory, or a ``.jsonl`` file).

    ``inputs`` are directories, globs and files, or JSONL files (all of them).
    ``dask`` is a scheduler address or a ``distributed.Client``.  Returns the
    run's statistics; failures are in ``stats.errors_path``.
    """
    opts = opts or BatchOptions()
    opts.validate()
    stream = stderr if stderr is not None else sys.stderr
    jsonl_in = bool(inputs) and all(i.lower().endswith(".jsonl") for i in inputs)
    if not inputs:
        raise UsageError("no inputs")
    if not jsonl_in and any(i.lower().endswith(".jsonl") for i in inputs):
        raise UsageError("give either JSONL files or documents (directories, globs, files), not both")
    jsonl_out = output.lower().endswith(".jsonl")
    if jsonl_in and not jsonl_out:
        raise UsageError(f"JSONL input needs a JSONL output (-o OUT.jsonl), got {output!r}")
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}")
    for inp in inputs:
        if not (os.path.exists(inp) or (_has_magic(inp) and not jsonl_in)):
            from .errors import InputNotFound

            raise InputNotFound(f"{inp}: no such file or directory")

    stats = BatchStats()
    out_path = Path(output)
    writer: LineWriter | None = None
    lock_fd: int | None = None
    done: set[str] = set()
    if jsonl_out:
        if not out_path.parent.exists():
            try:
                out_path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"{out_path.parent}: cannot create directory ({exc.strerror})") from None
        writer = LineWriter(out_path)
        writer.lock()
        done = jsonl_done(out_path, opts.id_field)
        errors_path = out_path.with_name(out_path.name[: -len(".jsonl")] + ".errors.jsonl")
    else:
        try:
            out_path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{output}: cannot create output directory ({exc.strerror})") from None
        lock = LineWriter(out_path / ".ocrfix.lock")
        lock.lock()
        lock_fd = lock.fd
        _remove_stale_temporaries(output)
        errors_path = out_path / "errors.jsonl"
    errors = ErrorLog(errors_path)
    stats.errors_path = str(errors_path)

    show = stream.isatty() if progress is None else progress
    total = count_inputs(inputs, jsonl_in) if show else None
    bar = Progress(stream, total, show)
    seen: set[str] = set()

    def fail(o: Outcome) -> None:
        stats.failed += 1
        errors.write(json.dumps({"id": o.rid, "error": o.error, "exit": o.exit_code}, ensure_ascii=False))

    def todo() -> Iterator[Task]:
        source = _record_tasks(inputs, opts) if jsonl_in else _file_tasks(inputs)
        for item in source:
            stats.documents += 1
            if isinstance(item, Outcome):
                fail(item)
                continue
            if jsonl_out and item.key in seen:
                fail(Outcome(item.key, False, item.rid, error=f"duplicate id {item.rid!r}", exit_code=2))
                continue
            seen.add(item.key)
            if (item.key in done) if jsonl_out else tree_done(output, item, opts):
                stats.skipped += 1
                continue
            yield item
            bar.update(stats.cleaned + stats.failed + stats.skipped, stats.cleaned + stats.failed, stats.failed)

    def collect(o: Outcome) -> None:
        if o.ok and o.files is not None and o.stem is not None:
            try:
                write_tree(output, o.stem, o.files)
            except OcrfixError as exc:
                o.ok, o.error, o.exit_code = False, exc.message, exc.exit_code
        if o.ok and o.line is not None and writer is not None:
            writer.write(o.line)
        if not o.ok:
            fail(o)
            return
        stats.cleaned += 1
        stats.chars += o.chars
        for k, v in o.summary.items():
            stats.edits[k] = stats.edits.get(k, 0) + v
        for k, t in o.cpu.items():
            stats.cpu[k] = stats.cpu.get(k, 0.0) + t
        stats.peak_worker_rss_mb = max(stats.peak_worker_rss_mb, o.rss_kb / 1024)

    start = time.monotonic()
    chunks = _chunks(todo(), max(chunksize, 1))
    try:
        if dask is not None:
            results = _dask_results(chunks, opts, jsonl_out, dask)
        elif jobs == 1:
            results = (process_chunk(c, opts, output if not jsonl_out else None, jsonl_out) for c in chunks)
        else:
            results = _pool_results(chunks, opts, output if not jsonl_out else None, jsonl_out, jobs)
        for outcomes in results:
            for o in outcomes:
                collect(o)
            bar.update(stats.cleaned + stats.failed + stats.skipped, stats.cleaned + stats.failed, stats.failed)
        bar.update(stats.cleaned + stats.failed + stats.skipped, stats.cleaned + stats.failed, stats.failed, force=True)
    finally:
        stats.seconds = time.monotonic() - start
        bar.close()
        errors.close()
        if writer is not None:
            writer.close()
        if lock_fd is not None:
            os.close(lock_fd)
    return stats


def _pool_results(
    chunks: Iterator[list[Task]], opts: BatchOptions, out_root: str | None, jsonl: bool, jobs: int
) -> Iterator[list[Outcome]]:
    """Chunks cleaned by ``jobs`` worker processes, in order.

    A worker that dies (killed, out of memory, a crash in a PDF library) breaks
    the pool: the chunks in flight are then run again one document at a time
    in a fresh pool, and a document that kills its worker once more is
    recorded as failed; the run goes on."""
    import itertools

    first = next(chunks, None)
    if first is None:
        return  # nothing to do: no pool, no dictionaries
    chunks = itertools.chain([first], chunks)
    pool = _WorkerPool(opts, out_root, jsonl, jobs)
    pending: deque[tuple[list[Task], Any]] = deque()
    try:
        for chunk in chunks:
            pending.append((chunk, pool.submit(chunk)))
            if len(pending) >= jobs * 3:
                yield from _settle(pool, pending)
        while pending:
            yield from _settle(pool, pending)
    finally:
        pool.shutdown()


def _settle(pool: _WorkerPool, pending: deque[tuple[list[Task], Any]]) -> Iterator[list[Outcome]]:
    """The oldest chunk's outcomes; after a worker died, every chunk in flight
    again, document by document."""
    from concurrent.futures.process import BrokenProcessPool

    chunk, future = pending.popleft()
    try:
        yield future.result()
        return
    except BrokenProcessPool:
        pass
    suspects = chunk + [t for c, _ in pending for t in c]
    pending.clear()
    pool.restart()
    for task in suspects:
        try:
            yield pool.submit([task]).result()
        except BrokenProcessPool:
            pool.restart()
            yield [
                Outcome(
                    task.key,
                    False,
                    task.rid,
                    error="the worker process cleaning this document died (killed, out of memory or crashed)",
                    exit_code=EXIT_INTERNAL,
                )
            ]


class _WorkerPool:
    """A process pool whose workers load the dictionaries once (shared with
    the parent through fork where the platform has it)."""

    def __init__(self, opts: BatchOptions, out_root: str | None, jsonl: bool, jobs: int) -> None:
        import multiprocessing as mp

        methods = mp.get_all_start_methods()
        self._ctx = mp.get_context("fork" if "fork" in methods and sys.platform.startswith("linux") else None)
        self._args = (opts, out_root, jsonl, os.getpid())
        self._jobs = jobs
        if self._ctx.get_start_method() == "fork":
            warm()  # load once here; forked workers share the pages
        self._executor = self._start()

    def _start(self) -> Any:
        import gc
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(self._jobs, mp_context=self._ctx, initializer=_init_worker, initargs=self._args)
        fork = self._ctx.get_start_method() == "fork"
        if fork:
            gc.freeze()  # keep the shared dictionaries' pages shared (no refcount writes by the collector)
        try:
            executor.submit(os.getpid).result()  # a fork pool starts all its workers on the first task
        finally:
            if fork:
                gc.unfreeze()
        return executor

    def submit(self, chunk: list[Task]) -> Any:
        return self._executor.submit(_pool_chunk, chunk)

    def restart(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._start()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


# --- Dask ----------------------------------------------------------------------------------------


def _dask_chunk(chunk: list[Task], opts: BatchOptions, jsonl: bool) -> list[Outcome]:
    return process_chunk(chunk, opts, None, jsonl)


def _dask_results(chunks: Iterator[list[Task]], opts: BatchOptions, jsonl: bool, dask: str | Any) -> Iterator[list[Outcome]]:
    import importlib

    distributed: Any = importlib.import_module("distributed")
    own = isinstance(dask, str)
    client: Any = distributed.Client(dask) if own else dask
    try:
        client.run(warm)  # each worker process loads the dictionaries once, now
        threads = sum(client.nthreads().values()) or 1
        yield from _windowed(
            chunks,
            lambda c: client.submit(_dask_chunk, c, opts, jsonl, pure=False),
            lambda fut: fut.result(),
            threads * 3,
        )
    finally:
        if own:
            client.close()


def _clean_partition(items: Iterable[Any], opts: BatchOptions) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, str):
            task = Task("", record={opts.text_field: item})
        elif isinstance(item, dict):
            task = Task("", record=item, rid=item.get(opts.id_field))
        else:
            out.append({"error": f"expected a str or a dict, got {type(item).__name__}"})
            continue
        o = process(task, opts, None, True)
        if o.ok and o.line is not None:
            out.append(json.loads(o.line))
        else:
            err: dict[str, Any] = {opts.id_field: task.rid} if task.rid is not None else {}
            err["error"] = o.error
            out.append(err)
    return out


def clean_bag(
    bag: Any,
    *,
    text_field: str = "text",
    id_field: str = "id",
    only: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    min_confidence: float = 0.5,
    include_edits: bool = False,
    **options: Any,
) -> Any:
    """Clean a ``dask.bag.Bag`` of texts or records; return a bag of result dicts.

    Each element is a str (the text) or a dict with ``text_field`` (and
    ``id_field``, kept).  Each result is the record ocrfix writes to JSONL: the
    input's other fields, the id, the clean text under ``text_field``,
    ``notes``, ``headers``, ``summary`` (edits applied per stage) and, with
    ``include_edits``, ``edits``.  A document that fails gives
    ``{id_field: id, "error": message}``.  ``options`` are stage options.
    """
    opts = BatchOptions(
        only=tuple(only) if only is not None else None,
        skip=tuple(skip) if skip is not None else None,
        min_confidence=min_confidence,
        stage_options=tuple(sorted(options.items())),
        fmt="json" if include_edits else "text",
        text_field=text_field,
        id_field=id_field,
    )
    opts.validate()
    return bag.map_partitions(_clean_partition, opts)


# --- the command line ------------------------------------------------------------------------------


def add_arguments(clean: argparse.ArgumentParser) -> None:
    """Batch options of ``ocrfix clean``."""
    clean.add_argument("--jobs", "-j", type=int, metavar="N",
                       help="batch mode: worker processes (default: all cores)")
    clean.add_argument("--dask", metavar="ADDRESS", help="batch mode: run on a Dask cluster (tcp://scheduler:8786)")
    clean.add_argument("--text-field", default="text", help="JSONL input: field with the text (default: text)")
    clean.add_argument("--id-field", default="id", help="JSONL input: field with the id (default: id)")


def wanted(args: argparse.Namespace) -> bool:
    """Batch mode: --jobs or --dask, or an output and a directory, glob or JSONL input."""
    if getattr(args, "jobs", None) is not None or getattr(args, "dask", None):
        return True
    if not args.output:
        return False
    return any(
        os.path.isdir(i) or i.lower().endswith(".jsonl") or (_has_magic(i) and not os.path.exists(i)) for i in args.inputs
    )


def run_cli(args: argparse.Namespace) -> int:
    from .cli import _options, _split_names

    if not args.output or args.output == "-":
        raise UsageError("batch mode needs -o OUTDIR (a mirrored tree) or -o OUT.jsonl")
    if args.report:
        raise UsageError("--report is not used in batch mode: each output gets NAME.audit.json beside it")
    if "-" in args.inputs:
        raise UsageError("batch mode reads files, not standard input")
    only, skip = _split_names(args.only), _split_names(args.skip)
    reader = {"pages": args.pages, "password": args.password, "engine": args.engine}
    opts = BatchOptions(
        only=tuple(only) if only is not None else None,
        skip=tuple(skip) if skip is not None else None,
        min_confidence=args.min_confidence,
        stage_options=tuple(_options(args.set).items()),
        encoding=args.encoding,
        reader_options=tuple((k, v) for k, v in reader.items() if v is not None),
        fmt=args.format,
        text_field=args.text_field,
        id_field=args.id_field,
    )
    jobs = args.jobs if args.jobs is not None else default_jobs()
    stats = run_batch(args.inputs, args.output, opts, jobs=jobs, dask=args.dask)
    sys.stderr.write(stats.summary())
    return stats.exit_code
