"""layout.superscript: digits drawn smaller and raised become superscripts."""

from __future__ import annotations

from ocrfix.model import Document, Glyph
from ocrfix.pipeline import Pipeline
from ocrfix.stages.layout import Layout


def _doc(text: str, small: set[int], raised: set[int]) -> Document:
    glyphs: list[Glyph | None] = []
    x = 0.0
    for i, ch in enumerate(text):
        if ch in "\n\f":
            glyphs.append(None)
            continue
        size = 6.0 if i in small else 10.0
        bottom = 96.0 if i in raised else 100.0
        glyphs.append(Glyph(page=1, x0=x, top=bottom - size, x1=x + 5, bottom=bottom, size=size, font="F"))
        x += 5
    return Document(text, glyphs=glyphs)


def run(doc: Document) -> str:
    Pipeline([Layout()]).run(doc)
    return doc.text


def test_raised_small_digits_become_superscripts() -> None:
    text = "born 1791.\u201d1 Then\n2See also this."
    callout = text.index("\u201d1") + 1
    note = text.index("2See")
    doc = _doc(text, small={callout, note}, raised={callout, note})
    assert run(doc) == "born 1791.\u201d\u00b9 Then\n\u00b2See also this."


def test_digits_of_body_size_or_on_the_baseline_stay() -> None:
    text = "In 1934 there were 12 of them, x2 and H2O."
    small = {text.index("2 of")}  # smaller but not raised: a subscript-like or tabular digit
    assert run(_doc(text, small=small, raised=set())) == text


def test_no_glyphs_no_change() -> None:
    doc = Document("famine.7There")
    assert run(doc) == "famine.7There"


def test_raised_small_digits_after_a_year_become_a_superscript() -> None:
    # "launched in 1988⁴,": the digits of the year are the text beside the callout.
    text = "launched in 19884, has reduced"
    callout = text.index("4,")
    assert run(_doc(text, small={callout}, raised={callout})) == "launched in 1988\u2074, has reduced"


def test_long_runs_of_body_size_digits_stay() -> None:
    text = "a code 19884 and 123456 here"
    assert run(_doc(text, small=set(), raised=set())) == text
    # smaller but not raised: no callout
    assert run(_doc(text, small={text.index("4 and")}, raised=set())) == text
