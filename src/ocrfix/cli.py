"""The ``ocrfix`` command.

    ocrfix clean INPUT... [-o OUT] [--format text|markdown|json] [--report DIR]
                 [--only STAGES] [--skip STAGES] [--min-confidence X]
                 [--encoding ENC] [--set STAGE.OPTION=VALUE]...
                 [--pages 3-7] [--password PW] [--engine pdfplumber|pdfium]
    ocrfix clean DIR/ | 'GLOB' | IN.jsonl -o OUTDIR | OUT.jsonl [--jobs N] [--dask ADDRESS]
                 [--text-field text] [--id-field id]          (batch mode, docs/batch.md)
    ocrfix restore OUTPUT --report AUDIT.json [-o FILE]
    ocrfix stages

Errors are one line on stderr; exit statuses are listed in ``ocrfix.errors``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .errors import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    InputNotFound,
    OcrfixError,
    OutputError,
    UsageError,
)
from .files import atomic_write


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"ocrfix: error: {message} (see 'ocrfix {self.prog.split()[-1]} --help')\n")


def _split_names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def _parse_value(raw: str) -> Any:
    low = raw.lower()
    if low in ("true", "yes", "on"):
        return True
    if low in ("false", "no", "off"):
        return False
    if low in ("none", "null"):
        return None
    for conv in (int, float):
        try:
            return conv(raw)
        except ValueError:
            pass
    return raw


def _options(pairs: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--set takes STAGE.OPTION=VALUE, got {pair!r}")
        out[key.strip()] = _parse_value(value.strip())
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ocrfix", description="Repair text damaged by PDF extraction or OCR, and report every change.")
    parser.add_argument("--version", action="version", version=f"ocrfix {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    clean = sub.add_parser("clean", help="clean text files or PDFs")
    clean.add_argument("inputs", nargs="+", metavar="INPUT", help="text file, PDF, or - for standard input")
    clean.add_argument("-o", "--output", metavar="OUT", help="output file (one input) or directory (several)")
    clean.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    clean.add_argument("--report", metavar="DIR", help="write audit.json, changes.diff and report.html here")
    clean.add_argument("--only", metavar="STAGES", help="comma-separated stages to run (default: all)")
    clean.add_argument("--skip", metavar="STAGES", help="comma-separated stages to leave out")
    clean.add_argument("--min-confidence", type=float, default=0.5, metavar="X",
                       help="apply edits with at least this confidence; report the rest as suggestions (default 0.5)")
    clean.add_argument("--encoding", default="utf-8", help="encoding of text inputs (default utf-8)")
    clean.add_argument("--pages", metavar="RANGES", help="PDF pages to read, 1-based: 3-7 or 1,3,5- (default: all)")
    clean.add_argument("--password", help="password of an encrypted PDF")
    clean.add_argument("--engine", choices=("pdfplumber", "pdfium"), default="pdfplumber",
                       help="PDF engine: pdfplumber (default) or pdfium (faster)")
    clean.add_argument("--set", action="append", default=[], metavar="STAGE.OPTION=VALUE",
                       help="set a stage option (see 'ocrfix stages'); repeatable")
    from .batch import add_arguments as add_batch_arguments

    add_batch_arguments(clean)  # --jobs, --dask, --text-field, --id-field (docs/batch.md)
    restore = sub.add_parser("restore", help="rebuild the original input from an output and its audit")
    restore.add_argument("output", metavar="OUTPUT", help="the clean text ocrfix wrote (--format text)")
    restore.add_argument("--report", required=True, metavar="AUDIT", help="audit.json (or the report directory)")
    restore.add_argument("-o", "--out", metavar="FILE", help="where to write the original (default: stdout)")
    sub.add_parser("stages", help="list stages, their options and rules")
    return parser


def _err(message: str) -> None:
    sys.stderr.write(f"ocrfix: error: {message}\n")


def _write(path: str | None, data: str) -> None:
    if path is None or path == "-":
        sys.stdout.write(data)
        sys.stdout.flush()
        return
    atomic_write(path, data)


_SUFFIX = {"text": ".txt", "markdown": ".md", "json": ".json"}


def _cmd_clean(args: argparse.Namespace) -> int:
    from . import batch

    if batch.wanted(args):  # a directory, glob or JSONL with -o, or --jobs / --dask
        return batch.run_cli(args)
    from .api import clean_document, read_document
    from .pipeline import build_stages
    from .readers import document_from_text
    from .readers.text import decode
    from .reports import render, write_report

    options = _options(args.set)
    if args.format == "markdown" and not {"marker_format", "notes.marker_format"} & set(options):
        options["notes.marker_format"] = "markdown"  # markers as [^7], matching the [^7]: definitions
    only, skip = _split_names(args.only), _split_names(args.skip)
    build_stages(only=only, skip=skip, options=options)  # check names before reading anything
    if not 0.0 <= args.min_confidence <= 1.0:
        raise UsageError(f"--min-confidence must be between 0 and 1, got {args.min_confidence}")
    many = len(args.inputs) > 1
    outdir: Path | None = None
    if many and args.output:
        outdir = Path(args.output)
        try:
            outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{args.output}: cannot create output directory ({exc.strerror})") from None
    failures = 0
    last_code = EXIT_OK
    for inp in args.inputs:
        try:
            if inp == "-":
                doc = document_from_text(decode(sys.stdin.buffer.read(), "<stdin>", args.encoding), "<stdin>")
            else:
                if not os.path.exists(inp):
                    raise InputNotFound(f"{inp}: no such file")
                doc = read_document(inp, encoding=args.encoding, **_pdf_options(inp, args))
            result = clean_document(doc, only=only, skip=skip, min_confidence=args.min_confidence, **options)
            data = render(result, args.format)
            if outdir is not None:
                stem = Path(inp).stem if inp != "-" else "stdin"
                _write(str(outdir / (stem + _SUFFIX[args.format])), data)
            elif many and args.format == "json":
                _write(None, json.dumps(result.to_json(), ensure_ascii=False) + "\n")
            else:
                _write(args.output, data)
            if args.report:
                rdir = Path(args.report) / (Path(inp).stem if many else "")
                try:
                    write_report(result, rdir)
                except OSError as exc:
                    raise OutputError(f"{args.report}: cannot write report ({exc.strerror})") from None
        except OcrfixError as exc:
            msg = exc.message if exc.message.startswith(inp) or inp == "-" else f"{inp}: {exc.message}"
            _err(msg)
            failures += 1
            last_code = exc.exit_code
        except (KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as exc:  # a bug of ocrfix's own: one line, and the other inputs still run
            _err(f"{inp}: internal error ({type(exc).__name__}: {exc}); please report it with this input")
            failures += 1
            last_code = EXIT_INTERNAL
    if failures:
        return last_code if not many else EXIT_SOME_FAILED
    return EXIT_OK


def _pdf_options(inp: str, args: argparse.Namespace) -> dict[str, Any]:
    """Reader options for a PDF input (none for text inputs)."""
    from .api import _looks_like_pdf

    if not (inp.lower().endswith(".pdf") or _looks_like_pdf(Path(inp))):
        return {}
    return {"pages": args.pages, "password": args.password, "engine": args.engine}


def _cmd_restore(args: argparse.Namespace) -> int:
    from .pipeline import EditRecord, rebuild

    report = Path(args.report)
    if report.is_dir():
        report = report / "audit.json"
    try:
        audit = json.loads(report.read_text(encoding="utf-8"))
        # Bytes, not read_text: universal newlines would turn a kept CRLF into LF.
        output = Path(args.output).read_bytes().decode("utf-8")
    except FileNotFoundError as exc:
        raise InputNotFound(f"{exc.filename}: no such file") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"{report} or {args.output}: not readable as an ocrfix audit and its UTF-8 output ({exc})") from None
    if not isinstance(audit, dict) or not isinstance(audit.get("edits", []), list):
        raise UsageError(f"{report}: not an ocrfix audit (expected a JSON object with a list of edits)")
    names = {f for f in EditRecord.__dataclass_fields__}
    body = audit.get("text")
    if isinstance(body, str) and output.rstrip("\n") == body.rstrip("\n"):
        output = body  # the text format adds one final newline
    try:
        records = [EditRecord(**{k: v for k, v in e.items() if k in names}) for e in audit.get("edits", [])]
        original = rebuild(records, output)
    except ValueError as exc:
        raise UsageError(f"{args.output}: {exc}") from None
    except (TypeError, AttributeError) as exc:
        # Edits with missing fields or values of the wrong type: a damaged audit.
        raise UsageError(f"{report}: damaged ocrfix audit ({exc})") from None
    if args.out:
        _write(args.out, original)
    else:
        sys.stdout.write(original)
    return EXIT_OK


def _cmd_stages() -> int:
    from dataclasses import MISSING, fields

    from .stages import STAGE_ORDER, STAGES

    for name in STAGE_ORDER:
        cls = STAGES[name]
        doc = (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""
        print(f"{name}: {doc}")
        for f in fields(cls):
            default = f.default if f.default is not MISSING else "?"
            print(f"  option {name}.{f.name} = {default!r}")
        for rule, desc in cls.rules.items():
            print(f"  rule   {rule}: {desc}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "clean":
            return _cmd_clean(args)
        if args.command == "restore":
            return _cmd_restore(args)
        if args.command == "stages":
            return _cmd_stages()
        parser.print_help()
        return EXIT_USAGE
    except OcrfixError as exc:
        _err(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except Exception as exc:  # a bug of ocrfix's own: still one line, never a traceback
        _err(f"internal error ({type(exc).__name__}: {exc}); please report it with the input")
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
