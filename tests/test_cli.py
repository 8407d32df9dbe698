"""The command line: formats, reports, restore, errors and exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ocrfix import errors
from ocrfix.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "seed-page.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "ocrfix.cli", *args], input=stdin, capture_output=True, timeout=120)


def test_clean_text_to_stdout() -> None:
    p = run("clean", str(SEED))
    assert p.returncode == 0, p.stderr
    out = p.stdout.decode()
    assert "influence" in out and "inuence" not in out


def test_json_format_fields(tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    assert main(["clean", str(SEED), "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"text", "paragraphs", "notes", "headers", "edits"} <= set(data)
    assert {"stage", "rule", "old", "new", "page", "confidence", "applied"} <= set(data["edits"][0])


def test_markdown_format(tmp_path: Path) -> None:
    out = tmp_path / "seed.md"
    assert main(["clean", str(SEED), "--format", "markdown", "-o", str(out)]) == 0
    assert "influence" in out.read_text(encoding="utf-8")


def test_report_and_restore_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "clean.txt"
    rep = tmp_path / "report"
    assert main(["clean", str(SEED), "-o", str(out), "--report", str(rep)]) == 0
    for name in ("audit.json", "changes.diff", "report.html"):
        assert (rep / name).stat().st_size > 0
    audit = json.loads((rep / "audit.json").read_text(encoding="utf-8"))
    assert audit["format"] == "ocrfix-audit/1"
    html = (rep / "report.html").read_text(encoding="utf-8")
    assert "ligatures.lost_glyph" in html and "<table>" in html
    diff = (rep / "changes.diff").read_text(encoding="utf-8")
    assert "-" in diff and "+" in diff and "influence" in diff
    restored = tmp_path / "restored.txt"
    assert main(["restore", str(out), "--report", str(rep), "-o", str(restored)]) == 0
    assert restored.read_bytes() == SEED.read_bytes()


def test_stdin_and_only_skip() -> None:
    p = run("clean", "-", "--only", "unicode", stdin=b"the eort and dierent rst\n")
    assert p.returncode == 0 and p.stdout.decode() == "the eort and dierent rst\n"


def test_stages_lists_rules() -> None:
    p = run("stages")
    assert p.returncode == 0
    out = p.stdout.decode()
    assert "ligatures.lost_glyph" in out and "option unicode.straighten_quotes" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["clean", "/no/such/file.txt"], errors.EXIT_NOT_FOUND, "no such file"),
        (["clean", "--only", "nope", "x"], errors.EXIT_USAGE, "valid stages"),
        (["clean", "--set", "bogus=1", "x"], errors.EXIT_USAGE, "valid options"),
        (["clean", "--min-confidence", "2", str(SEED)], errors.EXIT_USAGE, "between 0 and 1"),
    ],
)
def test_errors_are_one_line_with_status(args: list[str], code: int, message: str) -> None:
    p = run(*args)
    err = p.stderr.decode()
    assert p.returncode == code
    assert message in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_invalid_utf8_reports_byte_offset(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"good text\n\xff\xfe more")
    p = run("clean", str(bad))
    assert p.returncode == errors.EXIT_DECODE
    assert "byte 10" in p.stderr.decode() and "Traceback" not in p.stderr.decode()
    p = run("clean", str(bad), "--encoding", "latin-1")
    assert p.returncode == 0


def test_directory_and_binary_inputs(tmp_path: Path) -> None:
    p = run("clean", str(tmp_path))
    assert p.returncode == errors.EXIT_NOT_FOUND and "directory" in p.stderr.decode()
    nul = tmp_path / "nul.bin"
    nul.write_bytes(b"abc\x00def")
    p = run("clean", str(nul))
    assert p.returncode == errors.EXIT_DECODE and "NUL" in p.stderr.decode()


def test_many_inputs_continue_after_a_failure(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    p = run("clean", str(SEED), str(tmp_path / "missing.txt"), "-o", str(outdir))
    assert p.returncode == errors.EXIT_SOME_FAILED
    assert (outdir / "seed-page.txt").exists()


def test_crlf_and_form_feed_pages() -> None:
    p = run("clean", "-", "--format", "json", stdin=b"page one line\r\n\x0cpage two line\r\n")
    assert p.returncode == 0
    data = json.loads(p.stdout)
    assert data["pages"] == 2


def test_an_internal_error_is_one_line_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ocrfix.api

    real = ocrfix.api.clean_document

    def flaky(doc: object, **kw: object) -> object:
        if "boom" in str(getattr(doc, "source", "")):
            raise RuntimeError("stage bug")
        return real(doc, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(ocrfix.api, "clean_document", flaky)
    bad = tmp_path / "boom.txt"
    bad.write_text("text", encoding="utf-8")
    outdir = tmp_path / "out"
    code = main(["clean", str(bad), str(SEED), "-o", str(outdir)])
    err = capsys.readouterr().err
    assert code == errors.EXIT_SOME_FAILED
    assert "internal error (RuntimeError: stage bug)" in err and "Traceback" not in err
    assert (outdir / "seed-page.txt").exists()
    assert main(["clean", str(bad)]) == errors.EXIT_INTERNAL


def test_python_dash_m_runs_the_command_line(tmp_path: Path) -> None:
    src = tmp_path / "page.txt"
    src.write_text("The eort was worth it, and the eort showed.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "ocrfix", "clean", str(src)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == main_text(src)


def main_text(path: Path) -> str:
    import ocrfix

    return ocrfix.clean_text(path.read_text(encoding="utf-8")).text.strip()
