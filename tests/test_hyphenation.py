"""Hyphenation stage: words broken at line ends rejoined, real hyphens kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import ocrfix
from ocrfix.stages.hyphenation import Hyphenation

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parent / "cases" / "hyphenation" / "cases.json").read_text(encoding="utf-8")
)["cases"]


def hyph(text: str) -> ocrfix.Result:
    return ocrfix.clean_text(text, only=["hyphenation"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    r = hyph(case["input"])
    assert r.text == case["output"]
    assert {e.rule for e in r.applied} == set(case["rules"])
    assert ocrfix.rebuild(r.edits, r.text) == case["input"]


def test_every_rule_has_a_case() -> None:
    covered = {rule for c in CASES for rule in c["rules"]}
    assert covered == set(Hyphenation.rules)
    assert any(not c["rules"] for c in CASES)


def test_join_records_the_hyphen_and_the_break() -> None:
    r = hyph("the Great De-\npression")
    (e,) = r.applied
    assert e.rule == "hyphenation.join"
    assert e.old == "-\n" and e.new == ""
    assert "zipf" in e.reason and e.confidence >= 0.9


def test_keep_hyphen_removes_only_the_break() -> None:
    r = hyph("the now two-year-\nold war")
    (e,) = r.applied
    assert e.rule == "hyphenation.keep_hyphen"
    assert e.old == "\n"


def test_unknown_words_are_joined_with_less_confidence() -> None:
    (known,) = hyph("the in-\nformation").applied
    (unknown,) = hyph("Hiroaki Kuro-\nmiya").applied
    assert unknown.confidence < known.confidence


def test_document_evidence_beats_the_lexicon() -> None:
    # "co-operative" is written with its hyphen elsewhere: keep it.
    assert hyph("The co-operative. A co-\noperative.").text == "The co-operative. A co-operative."
    # Without that evidence the lexicon's "cooperative" wins.
    assert hyph("A co-\noperative.").text == "A cooperative."


def test_seed_page_breaks(seed_text: str) -> None:
    r = hyph(seed_text)
    joins = [(e.old, e.rule) for e in r.applied]
    assert joins == [("-\n", "hyphenation.join"), ("-\n", "hyphenation.join")]
    assert "Great Depression." in r.text and "US-Japanese relations." in r.text
    for keep in ("two-year-old", "US-Japanese", "In-t", "OLMA-PRESS", "full-scale", "American-Soviet"):
        assert keep in r.text


def test_channel_items_are_cleaned() -> None:
    assert Hyphenation.cleans_channels


def test_document_counts_plain_words_and_the_others() -> None:
    # Plain words count as they are (lowercased); a word with punctuation
    # around it counts without it; a hyphenated word gives its pairs, not a
    # word; a letter-digit run ("x86") is no word.
    from ocrfix.stages.hyphenation import _document_counts

    words, pairs = _document_counts("The two-year-old, twoyear. Two year (twoyear) café CAFÉ end-\nless x86")
    assert words == {"the": 1, "two": 1, "year": 1, "twoyear": 2, "café": 2, "end": 1, "less": 1}
    assert pairs == {"two-year": 1, "year-old": 1}


def test_pdf_hyphen_at_a_line_end_in_typewriter_type_is_not_a_break() -> None:
    # Typesetters do not hyphenate typewriter type: "-myfile-" is a file name
    # option, and the heading under it is not the rest of a word.
    from .helpers import pdf_document

    line = "The last argument is the file name, as in -foo -quux -myfile-"
    doc = pdf_document([(line, "QYKZHN+CMTT10"), ("3.2 Common options", "OIZVDH+CMBX12")])
    r = ocrfix.clean_document(doc, only=["hyphenation"])
    assert r.text == doc.original
    assert not r.applied
    # Set in a text face, the same lines are a hyphenated word broken at the line end.
    doc = pdf_document([(line, "ABCDEF+CMR10"), ("3.2 Common options", "OIZVDH+CMBX12")])
    assert ocrfix.clean_document(doc, only=["hyphenation"]).applied
