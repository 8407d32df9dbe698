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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A long word of its own stays whole: cut, a third of its pieces would be fragments.
        ("The disease pneumonoultramicroscopicsilicovolcanoconiosis is rare.",
         "The disease pneumonoultramicroscopicsilicovolcanoconiosis is rare."),
        # Long runs of words that lost their spaces are still split.
        ("He went andtorefrainfromnewfurnishingthedrawing room.",
         "He went and to refrain from new furnishing the drawing room."),
        ("youwhatisyourfavouritecomplexioninaman she asked.",
         "you what is your favourite complexion in a man she asked."),
    ],
)
def test_long_runs(text: str, expected: str) -> None:
    assert spaces(text).text == expected


def test_a_wide_page_line_that_lost_every_space_is_split() -> None:
    # must change: a line of a wide page, 81 letters and more with no space
    # between them (pdfplumber's text of an A4 page set in 11-point Times)
    line = "butstillmorewasshegrievedfortheunhappinesswhichhersistersrefusalmusthavegivenhimandthefamily"
    assert len(line) > 80
    r = spaces(ENGLISH + line + ".\n" + ENGLISH)
    assert ("but still more was she grieved for the unhappiness which her sisters refusal must have given him "
            "and the family.") in r.text
    # must not change: as long a run of letters that are not words
    soup = "qzxvbnmlkjhgfdsapoiuytrewq" * 4
    assert spaces(ENGLISH + soup + ".\n" + ENGLISH).text == ENGLISH + soup + ".\n" + ENGLISH


@pytest.mark.parametrize(
    ("glued", "expected"),
    [("He said Ihave been", "He said I have been"), ("went withher. She", "went with her. She"),
     ("Sheis here", "She is here"), ("and, ofcourse, not", "and, of course, not"),
     ("“Thankyou,” she said", "“Thank you,” she said")],
)
def test_two_words_that_lost_the_space_between_them(glued: str, expected: str) -> None:
    # must change: one slip of the extractor on a line that kept its other spaces
    r = spaces(ENGLISH * 3 + glued + "\n" + ENGLISH)
    assert r.text == ENGLISH * 3 + expected + "\n" + ENGLISH
    (e,) = r.applied
    assert e.rule == "spaces.segmented" and "two common words" in e.reason


@pytest.mark.parametrize(
    "kept",
    [
        "Captain Wentworth came in. Wentworth said so.",  # a name the document repeats ("went worth")
        "Run gettext first; gettext reads the catalogue.",  # a term it repeats ("get text")
        "He bought an IceCat licence.",  # a capital inside
        "Print a hardcopy of it.",  # the whole word is the likelier reading
        "The father forbad it.",  # "for bad": words that do not go together
        "He said Iam here.",  # three letters: too short to judge
    ],
)
def test_runs_that_are_not_two_words_glued_stay(kept: str) -> None:
    # must not change
    r = spaces(ENGLISH * 3 + kept + "\n" + ENGLISH)
    assert r.text == ENGLISH * 3 + kept + "\n" + ENGLISH


@pytest.mark.parametrize(
    ("glued", "expected"),
    [
        # must change: the derived word stays one ("irksome ness", "un pretending" before)
        ("theirksomenessofhersituation", "the irksomeness of her situation"),
        ("Hisunpretendingmannerpleasedeveryone", "His unpretending manner pleased everyone"),
        ("shewaspreassuredofhissuccess", "she was preassured of his success"),
        # must not change: "less" is a word of its own
        ("itwasmuchlessthanshehadhoped", "it was much less than she had hoped"),
    ],
)
def test_a_derived_word_is_not_cut_at_its_affix(glued: str, expected: str) -> None:
    r = spaces(ENGLISH + glued + " at the end.\n" + ENGLISH)
    assert r.text == ENGLISH + expected + " at the end.\n" + ENGLISH


def test_a_run_that_is_one_derived_word_stays() -> None:
    # "unterminated", "previewers": unknown to the lexicon, read as "un
    # terminated" and "pre viewers" before
    for word in ("unterminated", "previewers"):
        r = spaces(ENGLISH + f"The {word} string is reported.\n" + ENGLISH)
        assert r.applied == []


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


def test_viterbi_prefix_table_only_prunes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lexicon's longest word per prefix bounds the pieces tried; the
    splits and their costs are those found without it."""
    from ocrfix.lexicon import english
    from ocrfix.stages import spaces as sp

    runs = ["youmaybebetter", "thesecasesyoumaybebetterwriting", "commandtoMissLucas", "weeks'workin1939", "xqzvbnmkl"]
    monkeypatch.setattr(sp, "_PRUNE", False)
    without = [_viterbi(english(), run) for run in runs]
    monkeypatch.setattr(sp, "_PRUNE", True)
    with_table = [_viterbi(english(), run) for run in runs]
    assert with_table == without
    assert without[1] is not None and without[1][1][:3] == ["these", "cases", "you"]


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


# --- PDF input: the glyphs say whether a run of letters is one word ---------------
ENGLISH = (
    "It is a truth universally acknowledged, that a single man in possession of a good fortune, "
    "must be in want of a wife, however little known the feelings or views of such a man may be.\n"
)


def _pdf_doc(run: str, word_gaps: float, font: str = "F") -> ocrfix.Document:
    """English text, then ``run`` set as glyphs of 10-point type, 5 points each:
    touching letters, ``word_gaps`` em between the words of ``run`` (its spaces
    are not in the text: the reader missed them)."""
    from ocrfix.model import Glyph

    words = run.split(" ")
    text = ENGLISH + "".join(words) + " stood there.\n"
    glyphs: list[Glyph | None] = [None] * len(text)
    x, k = 0.0, len(ENGLISH)
    for w in words:
        for _ in w:
            glyphs[k] = Glyph(1, x, 100.0, x + 5.0, 110.0, 10.0, font)
            x += 5.0
            k += 1
        x += word_gaps * 10.0
    return ocrfix.Document(text, glyphs=glyphs)


def test_pdf_run_with_narrow_word_gaps_is_segmented() -> None:
    # Word spaces of 0.1 em (under the reader's 0.15 em bound): words glued
    # by the reader, split back.
    r = ocrfix.clean_document(_pdf_doc("the committee members", 0.1), only=["spaces"])
    assert "the committee members stood there." in r.text


def test_pdf_run_set_solid_is_one_word() -> None:
    # "schoolfellow" is unknown to the lexicon and would split as "school
    # fellow"; on the page its letters touch: one word.
    r = ocrfix.clean_document(_pdf_doc("schoolfellow", 0.0), only=["spaces"])
    assert "schoolfellow stood there." in r.text
    assert not r.applied
    # The same run in text input has no such evidence and is split.
    assert "school fellow" in ocrfix.clean_text(ENGLISH + "schoolfellow stood there.\n", only=["spaces"]).text


@pytest.mark.parametrize("font", ["QYKZHN+CMTT10", "ABCDEF+LMMono10-Regular", "Courier", "PVZIPF+CMSLTT10"])
def test_pdf_run_in_a_typewriter_font_is_code(font: str) -> None:
    # Program code, commands and options are set in typewriter type: a run
    # there ("forsuffixes", a METAFONT keyword) is not glued English words,
    # even with gaps between its letters' boxes.
    r = ocrfix.clean_document(_pdf_doc("for suffixes", 0.1, font=font), only=["spaces"])
    assert "forsuffixes stood there." in r.text
    assert not r.applied
    # The same run in a text face is split.
    assert "for suffixes stood" in ocrfix.clean_document(_pdf_doc("for suffixes", 0.1, font="ABCDEF+CMR10"), only=["spaces"]).text
