"""Restore: the clean output plus the audit give back the input, byte for byte.

Through the Python API (``ocrfix.rebuild(result.edits, result.text)``) on every
sample and on random and mutated text (hypothesis), and through the command
line (``ocrfix clean ... --report DIR`` then ``ocrfix restore OUT --report DIR``)
on every sample and on inputs with CRLF line ends, a UTF-8 byte order mark,
form feeds and no final newline.

The 10,000-input run is marked slow: ``python -m pytest -q -m slow tests/test_restore.py``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ocrfix
from ocrfix.cli import main
from ocrfix.readers.text import decode

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").rglob("*.txt"))


def restore_ok(text: str, **options: object) -> ocrfix.Result:
    """Clean ``text`` and check that the record undoes every change exactly."""
    result = ocrfix.clean_text(text, **options)  # type: ignore[arg-type]
    back = ocrfix.rebuild(result.edits, result.text)
    assert back == text, f"restore differs: {back[:200]!r} != {text[:200]!r}"
    return result


def cli_round_trip(tmp_path: Path, data: bytes, *extra: str) -> bytes:
    """Bytes that ``ocrfix restore`` writes back for input ``data``."""
    src = tmp_path / "input.txt"
    src.write_bytes(data)
    out, rep, back = tmp_path / "clean.txt", tmp_path / "report", tmp_path / "restored.txt"
    assert main(["clean", str(src), "-o", str(out), "--report", str(rep), *extra]) == 0
    assert main(["restore", str(out), "--report", str(rep / "audit.json"), "-o", str(back)]) == 0
    return back.read_bytes()


# --- every sample ---------------------------------------------------------------------
@pytest.mark.parametrize("path", SAMPLES, ids=[str(p.relative_to(ROOT / "samples")) for p in SAMPLES])
def test_restore_sample_api(path: Path) -> None:
    raw = path.read_bytes()
    text = decode(raw, str(path))
    result = restore_ok(text)
    assert ocrfix.rebuild(result.edits, result.text).encode("utf-8") == raw


@pytest.mark.parametrize("path", SAMPLES, ids=[str(p.relative_to(ROOT / "samples")) for p in SAMPLES])
def test_restore_sample_cli(path: Path, tmp_path: Path) -> None:
    raw = path.read_bytes()
    assert cli_round_trip(tmp_path, raw) == raw


# --- bytes that a text editor would not show -----------------------------------------
SEED = (ROOT / "samples" / "seed-page.txt").read_bytes()
BYTE_CASES = {
    "crlf": SEED.replace(b"\n", b"\r\n"),
    "bom": b"\xef\xbb\xbf" + SEED,
    "bom+crlf": b"\xef\xbb\xbf" + SEED.replace(b"\n", b"\r\n"),
    "cr-only": SEED.replace(b"\n", b"\r"),
    "mixed-line-ends": b"The eort was great.\r\nA second line\nthird\rfourth\r\n\r\nLast rst line.",
    "no-final-newline": SEED.rstrip(b"\n"),
    "many-final-newlines": SEED + b"\n\n\n",
    "leading-blank-lines": b"\n\n\r\n  " + SEED,
    "form-feeds": b"Page one text.\f\fPage three text after an empty page.\f",
    "whitespace-only": b" \t\r\n\f \n",
    "bom-only": b"\xef\xbb\xbf",
    "bom-then-blank": b"\xef\xbb\xbf\n\n",
}


@pytest.mark.parametrize("name", list(BYTE_CASES))
def test_restore_bytes_cli(name: str, tmp_path: Path) -> None:
    data = BYTE_CASES[name]
    assert cli_round_trip(tmp_path, data) == data


@pytest.mark.parametrize("name", list(BYTE_CASES))
def test_restore_bytes_api(name: str) -> None:
    data = BYTE_CASES[name]
    result = restore_ok(decode(data, name))
    assert ocrfix.rebuild(result.edits, result.text).encode("utf-8") == data


def test_bom_is_a_recorded_edit() -> None:
    result = restore_ok("\ufeffThe eort.\n")
    assert not result.text.startswith("\ufeff")
    assert next((e.rule, e.old, e.new) for e in result.applied) == ("unicode.bom", "\ufeff", "")


def test_restore_crlf_kept_in_output(tmp_path: Path) -> None:
    data = b"line one\r\nline two\r\n"
    assert cli_round_trip(tmp_path, data, "--only", "unicode") == data


@pytest.mark.parametrize("stages", [["--only", "unicode,ligatures"], ["--skip", "paragraphs,spaces"], ["--min-confidence", "1"]])
def test_restore_with_fewer_stages(stages: list[str], tmp_path: Path) -> None:
    data = SEED  # LF only: see test_restore_crlf_kept_in_output for CRLF
    assert cli_round_trip(tmp_path, data, *stages) == data


def test_restore_refuses_a_changed_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(SEED)
    out, rep = tmp_path / "out.txt", tmp_path / "rep"
    assert main(["clean", str(src), "-o", str(out), "--report", str(rep)]) == 0
    out.write_text(out.read_text(encoding="utf-8").replace("influence", "inf1uence"), encoding="utf-8")
    back = tmp_path / "back.txt"
    code = main(["restore", str(out), "--report", str(rep), "-o", str(back)])
    assert code != 0 and not back.exists()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


# --- random text ----------------------------------------------------------------------
WORDS = ["the", "eort", "inuence", "rst", "o", "at", "De-", "pression", "US-", "Japanese", "famine.⁷There", "7",
         "199", "Conclusion", "(cid:12)", "\ufb01", "\ufb02", "cafÃ©", "“siege”", "In-t", "—", "1930s.", "a", "of",
         "dierent", ",", "\ufeff", "١٢٣", "שלום", "漢字", "e\u0301", "👩‍👩‍👧", "CHAPTER", "12", "iv", "*", "†", "Table",
         "3.14", "x = f(y);", "    ", "\t", "¹", "²³", "-", "--", "...", "\u00ad", "\u200b", "ﬀ", "ﬃ", "Ü"]
SEPS = ["", " ", " ", " ", "  ", "\n", "\n", "\n\n", "\f", "\t", "\r\n", "\r", "\u2028", "\u00a0", "\n\n\n"]

word_soup = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=80).map(
    lambda parts: "".join(w + s for w, s in parts)
)
random_text = st.text(max_size=400)
printable_lines = st.lists(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=60),
                           max_size=15).map("\n".join)


@st.composite
def mutated_sample(draw: st.DrawFn) -> str:
    """A slice of a sample, then a few random insertions, deletions and copies."""
    base = draw(st.sampled_from(SAMPLE_TEXTS))
    start = draw(st.integers(0, max(0, len(base) - 1)))
    text = base[start : start + draw(st.integers(0, 1500))]
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(("insert", "delete", "copy")))
        i = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:i] + draw(st.sampled_from(WORDS + SEPS)) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 20)) :]
        else:
            j = draw(st.integers(0, len(text)))
            text = text[:i] + text[j : j + draw(st.integers(1, 200))] + text[i:]
    return text


SAMPLE_TEXTS = [decode(p.read_bytes(), str(p)) for p in SAMPLES] or ["The eort."]
any_text = st.one_of(word_soup, random_text, printable_lines, mutated_sample())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(any_text)
def test_restore_random_text(text: str) -> None:
    restore_ok(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(any_text, st.sampled_from([{"min_confidence": 0.0}, {"min_confidence": 1.0}, {"only": ["unicode", "ligatures"]},
                                  {"skip": ["paragraphs"]}]))
def test_restore_random_text_other_settings(text: str, options: dict[str, object]) -> None:
    restore_ok(text, **options)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=st.one_of(word_soup, mutated_sample()), bom=st.sampled_from([b"", b"\xef\xbb\xbf"]), crlf=st.booleans())
def test_restore_random_text_cli(text: str, bom: bytes, crlf: bool, tmp_path_factory: pytest.TempPathFactory) -> None:
    body = text.replace("\r", "").replace("\n", "\r\n") if crlf else text
    data = bom + body.encode("utf-8")
    if not data:
        return  # an empty file is an error (exit 6), see test_robustness
    assert cli_round_trip(tmp_path_factory.mktemp("rt"), data) == data


_COUNT = {"n": 0}


@pytest.mark.slow
def test_restore_10000_random_inputs() -> None:
    """The acceptance run: restore exact on 10,000 random inputs."""
    started = time.perf_counter()

    @settings(max_examples=10_000, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(any_text)
    def run(text: str) -> None:
        _COUNT["n"] += 1
        restore_ok(text)

    run()
    elapsed = time.perf_counter() - started
    print(f"\nrestore exact on {_COUNT['n']} random inputs in {elapsed:.1f} s")
    assert _COUNT["n"] >= 10_000


@pytest.mark.parametrize(
    ("audit", "message"),
    [
        ("[]", "not an ocrfix audit"),
        ('{"edits": {"a": 1}}', "not an ocrfix audit"),
        ('{"edits": [1, 2]}', "damaged ocrfix audit"),
        ('{"edits": [{"id": 1}]}', "damaged ocrfix audit"),
        ('{"edits": [{"id": 0, "stage": "x", "rule": "x", "old": "a", "new": "b", "start": 0, "end": 1, "page": 1, '
         '"confidence": 1, "reason": "", "applied": true, "out_start": "zz", "out_end": 1}]}', "damaged ocrfix audit"),
        ("not json", "not readable as an ocrfix audit"),
    ],
)
def test_restore_with_a_damaged_audit_is_one_line(audit: str, message: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "clean.txt"
    out.write_text("The effort.\n", encoding="utf-8")
    rep = tmp_path / "audit.json"
    rep.write_text(audit, encoding="utf-8")
    back = tmp_path / "back.txt"
    assert main(["restore", str(out), "--report", str(rep), "-o", str(back)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert not back.exists()
