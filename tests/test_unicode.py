from __future__ import annotations

import ocrfix


def uni(text: str, **opts: object) -> ocrfix.Result:
    return ocrfix.clean_text(text, only=["unicode"], **opts)  # type: ignore[arg-type]


def test_mojibake_fixed_and_recorded_with_position() -> None:
    text = "plain line\nthe cafÃ© was Ã©tÃ© fine\n"
    r = uni(text)
    assert r.text == "plain line\nthe café was été fine\n"
    (e,) = r.applied
    assert e.rule == "unicode.mojibake"
    assert e.start >= len("plain line\n")
    assert "ftfy" in e.reason


def test_superscripts_curly_quotes_and_ligatures_kept() -> None:
    text = "famine.⁷ “siege” ¹⁰B 10³ \ufb01rst — émigrés"
    assert uni(text).applied == []


def test_straighten_quotes_option() -> None:
    r = uni("a “siege” and ‘it’s’", straighten_quotes=True)
    assert r.text == "a \"siege\" and 'it's'"
    assert {e.rule for e in r.applied} == {"unicode.quotes"}


def test_ascii_text_untouched() -> None:
    assert uni("Plain ASCII &amp; text\twith tabs.").applied == []


def test_characters_outside_code_pages_do_not_block_repair() -> None:
    # A superscript or a ligature character cannot be mojibake, and must not
    # stop the rest of the line from being repaired.
    r = uni("famine.⁷ The cafÃ© \ufb01rst")
    assert r.text == "famine.⁷ The café \ufb01rst"


def test_decision_does_not_depend_on_line_breaks() -> None:
    # Fixed the same way whether the line ends here or goes on after a space.
    joined = uni("à¸ x").text
    split = uni("à¸\nx")
    assert joined == "ภx"
    assert split.text == "ภx"
    assert split.applied[0].old == "à¸\n"


def test_bom_recorded() -> None:
    r = uni("\ufeffText")
    assert r.text == "Text"
    assert [e.rule for e in r.applied] == ["unicode.bom"]


def test_badness_shortcut_never_hides_a_bad_line() -> None:
    # Lines without any trigger character skip ftfy's badness pattern: no
    # string made of other characters may match it.
    import random

    from ftfy.badness import is_bad

    from ocrfix.stages.unicode import _badness_triggers

    triggers = _badness_triggers()
    assert triggers is not None
    assert triggers.search("“Yes,” she said — it’s… ‘done’ • ·") is None  # clean text skips it
    assert triggers.search("the cafÃ© was Ã©tÃ©") is not None
    rnd = random.Random(0)
    others = [chr(c) for c in range(0x20, 0x2600) if triggers.search(chr(c)) is None]
    for _ in range(20_000):
        s = "".join(rnd.choice(others) for _ in range(rnd.randint(1, 6)))
        assert not is_bad(s), s


def test_one_bad_line_among_clean_ones_is_found() -> None:
    # The whole text is looked at first; a text without a suspicious spot
    # skips the line-by-line pass, one with a single bad line does not.
    clean = "“Curly” quotes — and dashes…\nsuperscripts¹ stay\f"
    assert uni(clean * 50).applied == []
    r = uni(clean * 20 + "the cafÃ© was open\n" + clean * 20 + "à¸\n")
    assert [e.old for e in r.applied] == ["Ã©", "à¸\n"]
    assert "the café was open\n" in r.text and r.text.endswith("ภ")
