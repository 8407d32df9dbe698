"""Spaces stage: spaces lost at font changes and on tight lines restored."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

import ocrfix
from ocrfix.stages.spaces import Spaces, _viterbi

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parent / "cases" / "spaces" / "cases.json").read_text(encoding="utf-8")
)["cases"]


def spaces(text: str) -> ocrfix.Result:
    return ocrfix.clean_text(text, only=["spaces"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    r = spaces(case["input"])
    assert r.text == case["output"]
    assert {e.rule for e in r.applied} == set(case["rules"])
    assert ocrfix.rebuild(r.edits, r.text) == case["input"]
    assert spaces(r.text).applied == []  # idempotent


def test_every_rule_has_a_case() -> None:
    covered = {rule for c in CASES for rule in c["rules"]}
    assert covered == set(Spaces.rules)


def test_after_punctuation_edit_is_minimal() -> None:
    (e,) = spaces("Henry Edwards,The Dark Side").applied
    assert (e.rule, e.old, e.new) == ("spaces.after_punctuation", ",", ", ")


def test_before_paren_inserts_one_space() -> None:
    (e,) = spaces("in Moscow(New York: Oxford").applied
    assert (e.rule, e.old, e.new) == ("spaces.before_paren", "", " ")


def test_case_boundary_reason() -> None:
    (e,) = spaces("Diplomacy, inRuch Prometejski").applied
    assert e.rule == "spaces.case_boundary" and "'in'" in e.reason


def test_camel_case_after_to_is_only_a_suggestion() -> None:
    r = spaces("call toString on it")
    assert r.text == "call toString on it"
    assert [e.rule for e in r.suggestions] == ["spaces.case_boundary"]


def test_segmentation_keeps_case_punctuation_digits_and_hyphens() -> None:
    r = spaces("thetwo-yearoldwarin1939,whichwasnotwonbyJapan")
    assert r.text == "the two-year old war in 1939, which was not won by Japan"
    (e,) = r.applied
    assert e.rule == "spaces.segmented" and "more probable" in e.reason


FRENCH = (
    "Connaître les caractéristiques du déséquilibre métabolique et respiratoire. La bicarbonatémie "
    "calculée correspond respectivement aux pertes digestives ou rénales de bicarbonates.\n"
)


def test_words_of_another_language_are_not_cut_into_english_pieces() -> None:
    r = spaces(FRENCH + "Voir Edwards,The Cold War.\n")
    assert r.text.startswith(FRENCH.strip())  # "métabolique" is not "m étabolique"
    assert not [e for e in r.applied if e.rule == "spaces.segmented"]
    assert "Edwards, The" in r.text  # the other rules still run


def test_english_text_with_a_foreign_phrase_is_still_segmented() -> None:
    english = "The committee met in the morning and the members discussed the annual report at length.\n"
    r = spaces(english * 2 + "Le déséquilibre métabolique.\nthetwo-yearoldwarin1939,whichwasnotwonbyJapan\n")
    assert "the two-year old war in 1939, which was not won by Japan" in r.text


def test_viterbi_prefers_bigrams() -> None:
    from ocrfix.lexicon import english

    seg = _viterbi(english(), "youmaybebetter")
    assert seg is not None and seg[1] == ["you", "may", "be", "better"]


def test_seed_page_lost_spaces(seed_text: str) -> None:
    r = ocrfix.clean_text(seed_text)
    changed = {(e.rule, e.old, e.new) for e in r.applied if e.stage == "spaces"}
    assert ("spaces.case_boundary", "", " ") in changed
    notes = " ".join(n.text for n in r.notes)
    for fixed in (
        "Taylor, Stalin",
        "Moscow (New",
        "Edwards, The Dark Side of Power: The",
        "Hammer (New",
        "Edwards, The Dark Side of Power, 48",
        "Sudoplatov, Raznye",
        "god (Moscow",
        "in Ruch",
    ):
        assert fixed in notes
    for kept in ("S.J. Taylor", "OLMA-PRESS", "Schunster", "Bloomington-Indianapolis", "In-t"):
        assert kept in notes
    assert sum(1 for e in r.applied if e.stage == "spaces") == 8


def test_long_glued_input_is_linear() -> None:
    text = ("thesecases,youmaybebetterwritingPythoncode " * 200) + ("x" * 20000)
    t0 = time.perf_counter()
    spaces(text)
    assert time.perf_counter() - t0 < 10
