"""Second ligature pass: lost glyphs in words joined or separated since the first pass."""

from __future__ import annotations

import ocrfix

# A text that loses its ligatures as gaps, as pdfplumber prints it.
DAMAGED = (
    "The in uence of the e ort was to o set the di erent e ects. An e cient sta "
    "de ned the eld of su cient re ection, and the o ce was in ated.\n"
)
GLUED = "Bingleyhadthe  rmestrelianceinhisjudgement,andofhisjudgementthehighestopinion.\n"


def second_pass(result: ocrfix.Result) -> list[ocrfix.EditRecord]:
    return [e for e in result.edits if e.stage == "ligatures_new_words"]


def test_damaged_word_inside_a_run_together_line_is_repaired() -> None:
    r = ocrfix.clean_text(DAMAGED + GLUED)
    assert "Bingley had the firmest reliance in his judgement" in r.text
    [edit] = second_pass(r)
    assert edit.rule == "ligatures_new_words.lost_glyph_gap" and edit.new.strip() == "firmest"
    assert "document loses ligatures" in edit.reason


def test_damaged_word_whole_only_after_the_hyphenation_stage_is_repaired() -> None:
    r = ocrfix.clean_text(DAMAGED + "Such were her re-\nections on the matter, and she kept them.\n")
    assert "Such were her reflections on the matter" in r.text
    assert [(e.rule, e.new) for e in second_pass(r)] == [("ligatures_new_words.lost_glyph", "reflections")]


def test_clean_document_gets_nothing() -> None:
    clean = "The effect of the office was fine.\nBingleyhadthefirmestrelianceinhisjudgement,andofhisjudgement.\n"
    r = ocrfix.clean_text(clean)
    assert "the firmest reliance" in r.text
    assert second_pass(r) == []


def test_run_together_line_without_damage_gets_nothing() -> None:
    r = ocrfix.clean_text(DAMAGED + "Elizabethlookedarchly,andturnedaway.Herresistancehadnotinjuredher.\n")
    assert "Elizabeth looked archly, and turned away." in r.text
    assert second_pass(r) == []


def test_nothing_without_the_first_pass() -> None:
    r = ocrfix.clean_text(DAMAGED + GLUED, skip=["ligatures"])
    assert second_pass(r) == []
    assert "rmest" in r.text
