"""Fuzz ocrfix's PDF reader with mutated PDFs, for a fixed time.

    python tests/fuzz/fuzz_pdf.py --seconds 600 [--engines pdfplumber,pdfium]
                                  [--timeout 20] [--out DIR] [--mode auto|atheris|random]

Seeds are the small PDFs of the shared corpus (pdfplumber's test suite), the
PDFs in tests/pdfs and a few PDFs built by ``minipdf``.  Each input is written
to a file and read with ``ocrfix.readers.pdf.read_pdf`` (every engine given).
The contract checked: ``read_pdf`` returns a Document or raises an
``OcrfixError`` subclass, never another exception, and never takes longer than
``--timeout`` seconds.  An ``OcrfixError`` whose hidden cause was raised in
ocrfix's own code (not in pdfminer, pdfplumber or pypdfium2) is also a
finding: read_pdf's catch-all would otherwise disguise a bug as a damaged
PDF.  Anything else is a finding: its input is saved in
``--out`` with the traceback, and the run goes on.

With atheris installed (``pip install atheris``) the run is coverage-guided
(libFuzzer mutations of the seeds, ``-max_total_time``); otherwise (or with
``--mode random``) a seeded structure-aware byte mutator is used: bit flips,
byte runs, truncation, splices of two seeds, number and keyword changes.

A hang inside Python code is interrupted by a timer (reported, and the run
continues); a hang inside native code (pdfium) is caught by libFuzzer's own
``-timeout`` in atheris mode, which ends the run with the input saved.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
CORPUS = Path("/work/shared/corpus/pdfplumber-tests")
MAX_SEED = 160_000  # bytes: bigger seeds make each input too slow to parse


class InputTimeout(BaseException):
    """Raised by the timer; a BaseException so read_pdf's handlers let it through."""


def seeds() -> list[bytes]:
    from minipdf import LOREM, build_pdf

    out: list[bytes] = [build_pdf([LOREM]), build_pdf([LOREM, LOREM[::-1]]), build_pdf([]), build_pdf([[]])]
    for folder in (CORPUS, ROOT / "tests" / "pdfs"):
        if folder.is_dir():
            for p in sorted(folder.glob("*.pdf")):
                if 0 < p.stat().st_size <= MAX_SEED:
                    out.append(p.read_bytes())
    unique: dict[str, bytes] = {hashlib.sha1(b).hexdigest(): b for b in out}
    return list(unique.values())


# --- random mode: a structure-aware byte mutator --------------------------------------
_NUMBER = re.compile(rb"-?\d+")
_KEYWORDS = [b"obj", b"endobj", b"stream", b"endstream", b"xref", b"trailer", b"startxref", b"/Length", b"/Filter",
             b"/FlateDecode", b"/Count", b"/Kids", b"/Parent", b"/Type", b"/Page", b"/Pages", b"/Font", b"/Encrypt",
             b"<<", b">>", b"[", b"]", b"(", b")", b"R", b"null", b"/Contents", b"/Resources", b"/ToUnicode",
             b"BT", b"ET", b"Tj", b"TJ", b"Tf", b"Td", b"%%EOF"]
_NASTY_NUMBERS = [b"0", b"-1", b"1", b"2147483647", b"4294967296", b"99999999999999999999", b"1e308", b"-0", b"3.4"]


def mutate(data: bytes, rng: random.Random, pool: list[bytes]) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3, 5))):
        if not buf:
            buf = bytearray(rng.choice(pool))
        n = len(buf)
        op = rng.randrange(9)
        i = rng.randrange(n)
        if op == 0:  # flip bits
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1:  # random bytes
            k = rng.randint(1, 16)
            buf[i : i + k] = rng.randbytes(k)
        elif op == 2:  # truncate
            del buf[rng.randrange(n) :]
        elif op == 3:  # delete a chunk
            del buf[i : i + rng.randint(1, 512)]
        elif op == 4:  # duplicate a chunk
            k = rng.randint(1, 512)
            buf[i:i] = buf[i : i + k]
        elif op == 5:  # splice with another seed
            other = rng.choice(pool)
            j = rng.randrange(len(other)) if other else 0
            buf = buf[:i] + bytearray(other[j:])
        elif op == 6:  # change a number (lengths, offsets, counts, object numbers)
            nums = list(_NUMBER.finditer(bytes(buf[max(0, i - 2000) : i + 2000])))
            if nums:
                m = rng.choice(nums)
                base = max(0, i - 2000)
                buf[base + m.start() : base + m.end()] = rng.choice([*_NASTY_NUMBERS, str(rng.randint(0, 10**6)).encode()])
        elif op == 7:  # insert a keyword
            buf[i:i] = b" " + rng.choice(_KEYWORDS) + b" "
        else:  # repeat a byte many times (deep nesting, long tokens)
            buf[i:i] = bytes([rng.choice(b"[<(/0 \n%")]) * rng.choice((100, 1000, 10000))
    return bytes(buf)


def _raised_in_ocrfix(exc: BaseException) -> bool:
    """True when the innermost frame of ``exc`` is in ocrfix itself (not in a PDF library)."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return last is not None and f"{os.sep}ocrfix{os.sep}" in last


# --- the check ------------------------------------------------------------------------
class Checker:
    def __init__(self, engines: list[str], timeout: float, out: Path) -> None:
        from ocrfix.errors import OcrfixError
        from ocrfix.readers.pdf import read_pdf

        self.read_pdf = read_pdf
        self.ocrfix_error = OcrfixError
        self.engines = engines
        self.timeout = timeout
        self.out = out
        self.tried = 0
        self.outcomes: Counter[str] = Counter()
        self.findings: list[dict[str, Any]] = []
        self.slowest = 0.0
        fd, name = tempfile.mkstemp(suffix=".pdf", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
        os.close(fd)
        self.path = Path(name)
        signal.signal(signal.SIGALRM, self._alarm)

    @staticmethod
    def _alarm(signum: int, frame: FrameType | None) -> None:
        raise InputTimeout

    def __call__(self, data: bytes) -> None:
        self.tried += 1
        self.path.write_bytes(data)
        for engine in self.engines:
            t0 = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, self.timeout)
            try:
                self.read_pdf(self.path, engine=engine)
                outcome = "ok"
            except InputTimeout:
                outcome = "HANG"
                self._finding(data, engine, f"no answer within {self.timeout} s")
            except self.ocrfix_error as exc:
                outcome = f"{type(exc).__name__}(exit {exc.exit_code})"
                cause = exc.__context__  # read_pdf maps library exceptions with `raise ... from None`
                if cause is not None:
                    outcome += f" <- {type(cause).__name__}"
                    if _raised_in_ocrfix(cause):
                        # A bug in ocrfix's own code, hidden behind a "not a readable PDF" line.
                        outcome += " (in ocrfix code)"
                        self._finding(data, engine, "masked: " + "".join(traceback.format_exception(cause)))
            except Exception as exc:  # the bug this fuzzer looks for
                outcome = f"UNCAUGHT {type(exc).__name__}"
                self._finding(data, engine, "".join(traceback.format_exception(exc)))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            self.slowest = max(self.slowest, time.perf_counter() - t0)
            self.outcomes[f"{engine}: {outcome}"] += 1

    def _finding(self, data: bytes, engine: str, detail: str) -> None:
        digest = hashlib.sha1(data).hexdigest()[:12]
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / f"{digest}.pdf").write_bytes(data)
        (self.out / f"{digest}.{engine}.txt").write_text(detail, encoding="utf-8")
        last = detail.strip().splitlines()[-1] if detail.strip() else ""
        self.findings.append({"input": f"{digest}.pdf", "engine": engine, "error": last})
        print(f"FINDING {digest} [{engine}]: {last}", file=sys.stderr, flush=True)

    def summary(self, started: float, mode: str) -> str:
        lines = [
            f"mode: {mode}; engines: {', '.join(self.engines)}; per-input timeout {self.timeout} s",
            f"inputs tried: {self.tried} in {time.monotonic() - started:.0f} s; slowest read {self.slowest:.2f} s",
            "outcomes:",
            *(f"  {k}: {v}" for k, v in sorted(self.outcomes.items())),
            f"findings: {len(self.findings)}",
            *(f"  {f['input']} [{f['engine']}] {f['error']}" for f in self.findings),
        ]
        return "\n".join(lines)

    def close(self) -> None:
        self.path.unlink(missing_ok=True)


def run_random(check: Checker, seconds: float, seed: int) -> None:
    rng = random.Random(seed)
    pool = seeds()
    deadline = time.monotonic() + seconds
    for s in pool:  # the seeds themselves first
        check(s)
    while time.monotonic() < deadline:
        check(mutate(rng.choice(pool), rng, pool))


def run_atheris(check: Checker, seconds: float, seed: int, started: float, report: Callable[[], None]) -> None:
    import atheris

    with atheris.instrument_imports():
        import pdfminer.pdfdocument
        import pdfminer.pdfparser
        import pdfminer.psparser  # noqa: F401
    corpus_dir = Path(tempfile.mkdtemp(prefix="ocrfix-fuzz-"))
    for k, s in enumerate(seeds()):
        (corpus_dir / f"seed{k:03d}.pdf").write_bytes(s)
    check.out.mkdir(parents=True, exist_ok=True)
    argv = [
        sys.argv[0],
        str(corpus_dir),
        f"-max_total_time={int(seconds)}",
        f"-timeout={int(check.timeout * 3)}",
        f"-seed={seed}",
        f"-max_len={MAX_SEED}",
        f"-artifact_prefix={check.out}/",
        "-print_final_stats=1",
    ]
    deadline = started + seconds

    def one_input(data: bytes) -> None:
        # libFuzzer ends the process itself at -max_total_time, without running
        # Python's exit handlers: stop here first, with the summary.
        if time.monotonic() >= deadline:
            report()
            os._exit(1 if check.findings else 0)
        check(data)

    argv[2] = f"-max_total_time={int(seconds) + 60}"
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="time budget (default 60)")
    ap.add_argument("--engines", default="pdfplumber,pdfium", help="comma-separated read_pdf engines")
    ap.add_argument("--timeout", type=float, default=20.0, help="per-input time limit in seconds (default 20)")
    ap.add_argument("--out", default=str(HERE / "findings"), help="where inputs that break the contract are saved")
    ap.add_argument("--mode", choices=("auto", "atheris", "random"), default="auto")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--summary", help="also write the summary (JSON) to this file")
    args = ap.parse_args()
    logging.disable(logging.CRITICAL)  # pdfminer's warnings about damaged files are expected here
    mode = args.mode
    if mode == "auto":
        try:
            import atheris  # noqa: F401

            mode = "atheris"
        except ImportError:
            mode = "random"
    check = Checker([e.strip() for e in args.engines.split(",") if e.strip()], args.timeout, Path(args.out))
    started = time.monotonic()
    done = False

    def report() -> None:
        nonlocal done
        if done:
            return
        done = True
        text = check.summary(started, mode)
        print("\n" + text, flush=True)
        if args.summary:
            Path(args.summary).write_text(
                json.dumps(
                    {"mode": mode, "engines": check.engines, "tried": check.tried,
                     "seconds": round(time.monotonic() - started, 1), "outcomes": dict(check.outcomes),
                     "findings": check.findings, "slowest": round(check.slowest, 2)},
                    indent=1,
                ),
                encoding="utf-8",
            )
        check.close()

    try:
        if mode == "atheris":
            run_atheris(check, args.seconds, args.seed, started, report)
        else:
            run_random(check, args.seconds, args.seed)
    except KeyboardInterrupt:
        pass
    report()
    return 1 if check.findings else 0


if __name__ == "__main__":
    sys.exit(main())
