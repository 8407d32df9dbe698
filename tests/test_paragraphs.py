"""Paragraphs stage: printed lines reflowed into one line per paragraph."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import ocrfix
from ocrfix.stages.paragraphs import Paragraphs

HERE = Path(__file__).resolve().parent
CASES: list[dict[str, Any]] = json.loads((HERE / "cases" / "paragraphs" / "cases.json").read_text(encoding="utf-8"))["cases"]
EXPECTED: dict[str, Any] = json.loads((HERE.parent / "samples" / "seed-page.expected.json").read_text(encoding="utf-8"))
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def para(text: str) -> ocrfix.Result:
    return ocrfix.clean_text(text, only=["paragraphs"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    r = para(case["input"])
    assert r.text == case["output"]
    assert {e.rule for e in r.applied} == set(case["rules"])
    assert ocrfix.rebuild(r.edits, r.text) == case["input"]
    assert para(r.text).applied == []  # idempotent: one line per paragraph stays


def test_every_rule_has_a_case() -> None:
    covered = {rule for c in CASES for rule in c["rules"]}
    assert covered == set(Paragraphs.rules)
    assert any(not c["rules"] for c in CASES)


def test_result_paragraphs_split_on_blank_lines() -> None:
    c = CASES[0]
    assert para(c["input"]).paragraphs == c["output"].split("\n\n")


def seed_body(seed_text: str) -> str:
    """Body lines 2..24 of the seed page, as the headers and notes stages leave
    them: header and note lines out, note markers followed by a space."""
    lines = seed_text.split("\n")
    body = "\n".join(lines[1:24])
    return re.sub(f"([.,;:][{SUPERSCRIPTS}]+)(?=[^\\W\\d_{SUPERSCRIPTS}])", r"\1 ", body)


def test_seed_body_paragraphs(seed_text: str) -> None:
    r = ocrfix.clean_text(seed_body(seed_text))
    assert r.paragraphs == EXPECTED["body_paragraphs"]


def test_seed_body_evident_breaks(seed_text: str) -> None:
    r = ocrfix.clean_text(seed_body(seed_text))
    ends = [p[-20:] for p in r.paragraphs]
    for evident in ("against Japan.¹²", "noted in 1939:", "against it.¹³"):
        assert any(e.endswith(evident) for e in ends), evident
    assert any("disoriented. Stalin aptly noted" in p for p in r.paragraphs)
    breaks = [e for e in r.applied if e.rule == "paragraphs.break"]
    # Evident breaks are sure; the judged one ("Ostensibly", by its indent-like length) is not.
    judged = [e for e in breaks if e.confidence < 0.7]
    assert len(judged) == 1 and "indent" in judged[0].reason


def test_seed_page_whole_pipeline(seed_text: str) -> None:
    r = ocrfix.clean_text(seed_text)
    assert ocrfix.rebuild(r.edits, r.text) == seed_text
    if not any(e.stage == "notes" for e in r.applied):
        pytest.skip("notes stage not active")
    assert r.paragraphs == EXPECTED["body_paragraphs"]
    assert [n.text for n in r.notes] == [n["text"] for n in EXPECTED["notes"]]
    again = ocrfix.clean_text(r.text)
    assert again.text == r.text


def test_block_quotation_of_longer_lines_is_its_own_paragraph() -> None:
    main = (
        "The committee met on Tuesday to discuss the budget for the coming\n"
        "year, and after a long debate it agreed to raise the allocation and\n"
        "the chairman, who had argued for it for years, wrote in his diary:\n"
    )
    quote = (
        "We have at last given the schools what they need, and the town will thank us for\n"
        "it in twenty years, when the children of today run its offices and its shops and\n"
        "its courts, and remember who paid for their books and for their teachers too.\n"
    )
    after = (
        "He was wrong about the courts, as it turned out, but right about the\n"
        "schools, which flourished for a generation and more after his death.\n"
        "The library was built in the same years."
    )
    r = para(main + quote + after)
    assert len(r.paragraphs) == 3
    assert r.paragraphs[1].startswith("We have at last") and r.paragraphs[1].endswith("teachers too.")
    assert any("measure" in e.reason for e in r.applied if e.rule == "paragraphs.break")


def test_lengths_are_measured_on_printed_lines() -> None:
    # After the hyphenation stage joined two printed lines into one, the
    # line is still two full printed lines, not one very long line.
    text = (
        "The committee met on Tuesday to discuss the budget for the coming\n"
        "year, and after a long debate it agreed to raise the alloca-\n"
        "tion for schools by a tenth, which pleased almost every member.\n"
        "The second meeting was called for the following week, at which\n"
        "the members reviewed the plans for the library and the park.\n"
        "Nothing was decided."
    )
    r = ocrfix.clean_text(text, only=["hyphenation", "paragraphs"])
    assert len(r.paragraphs) == 1
    assert "allocation for schools" in r.text


def test_channel_items_are_cleaned() -> None:
    assert Paragraphs.cleans_channels


@pytest.mark.parametrize(
    ("text", "expected", "rules"),
    [
        ("Conclusion Ë 199", "Conclusion Ë 199", set()),  # a running header: one line, nothing to do
        ("", "", set()),
        ("  Conclusion 199 ", "Conclusion 199", {"paragraphs.trim"}),
        ("\u2003Notes\u00a0", "Notes", {"paragraphs.trim"}),  # Unicode spaces are whitespace too
        ("Header 12\f", "Header 12", {"paragraphs.trim"}),  # a page break is a line break
        ("one\ntwo", "one two", {"paragraphs.join"}),
    ],
)
def test_one_line_texts(text: str, expected: str, rules: set[str]) -> None:
    r = para(text)
    assert r.text == expected
    assert {e.rule for e in r.applied} == rules


def test_pdf_lines_in_typewriter_type_are_kept_as_lines() -> None:
    # A listing set in a typewriter font: code, each line kept; the prose
    # around it is reflowed.
    from .helpers import pdf_document

    roman, tt = "ABCDEF+CMR10", "QYKZHN+CMTT10"
    doc = pdf_document(
        [
            ("The function below adds a dialect as a synonym of the language", roman),
            ("that it names, and it is called once for each of them.", roman),
            ("local function adddialect(dialect, language)", tt),
            ("if dialect ~= '0' then", tt),
            ("data = lookupname(language)", tt),
            ("end", tt),
        ]
    )
    r = ocrfix.clean_document(doc, only=["paragraphs"])
    assert "local function adddialect(dialect, language)\nif dialect ~= '0' then\ndata = lookupname(language)\nend" in r.text
    assert r.text.startswith("The function below adds a dialect as a synonym of the language that it names,")


def _manual(junctions: list[str], quoted_lines: int) -> str:
    """60 full lines of a manual's prose (no line ends a sentence), with the
    junctions' lines in the middle and ``quoted_lines`` lines that open a
    quotation at the top."""
    filler = "the option is read from the configuration file when the program starts and"
    quoted = "“quoted” names of the options are read from the same configuration file and"
    lines = [quoted] * quoted_lines + [filler] * (30 - quoted_lines) + junctions + [filler] * 30
    return "\n".join(lines)


@pytest.mark.parametrize(
    "junction",
    [
        # a quotation ends a sentence, a capital starts the next line
        ["the manual calls this setting the program’s “safe default for new users.”",
         "The next section shows how to change it for every user of the machine and"],
        # a sentence ends, the next line opens a quotation
        ["the value is read again whenever the configuration file changes on disk.",
         "“Reload” is the name of the command that asks for it at any other time and"],
    ],
)
def test_speech_turns_need_a_text_that_sets_speech_in_paragraphs(junction: list[str]) -> None:
    # A manual (under 2 % of its lines open a quotation): the line break is
    # no turn of speech, the paragraph goes on.
    text = _manual(junction, quoted_lines=0)
    assert junction[0] + " " + junction[1] in para(text).text
    # The same lines in a text whose lines open quotations as dialogue's do
    # (5 of 62): a new paragraph.
    text = _manual(junction, quoted_lines=5)
    out = para(text).text
    assert junction[0] + "\n\n" + junction[1] in out
    assert out.count("\n\n") == 1
