from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

import pytest

import ocrfix
from ocrfix.errors import UsageError
from ocrfix.model import Document, Edit
from ocrfix.pipeline import Pipeline, build_stages, rebuild, valid_options
from ocrfix.stages import STAGE_ORDER, STAGES
from ocrfix.stages.base import Stage


@dataclass(frozen=True)
class _Upper(Stage):
    name: ClassVar[str] = "upper"
    rules: ClassVar[dict[str, str]] = {"upper.word": "test rule", "upper.move": "test move"}

    def __call__(self, doc: Document) -> Iterator[Edit]:
        i = doc.text.find("cat")
        if i >= 0:
            yield Edit(i, i + 3, "CAT", "upper.word", confidence=0.9, reason="test")
        j = doc.text.find("dog")
        if j >= 0:
            yield Edit(j, j + 3, "DOG", "upper.word", confidence=0.2, reason="low")
        k = doc.text.find("[H]")
        if k >= 0:
            yield Edit(k, k + 3, "", "upper.move", moved_to="headers", data={"page_number": 3})


def test_pipeline_applies_records_and_keeps_suggestions() -> None:
    doc = Document("a cat and a dog [H] end")
    records = Pipeline([_Upper()], min_confidence=0.5).run(doc)
    assert doc.text == "a CAT and a dog  end"
    applied = [r for r in records if r.applied]
    suggested = [r for r in records if not r.applied]
    assert [(r.old, r.new) for r in applied] == [("cat", "CAT"), ("[H]", "")]
    assert [(r.old, r.new, r.confidence) for r in suggested] == [("dog", "DOG", 0.2)]
    assert doc.channels["headers"][0].doc.text == "[H]"
    assert doc.channels["headers"][0].data["page_number"] == 3
    assert rebuild(records, doc.text) == "a cat and a dog [H] end"


def test_overlapping_edits_are_a_stage_bug() -> None:
    @dataclass(frozen=True)
    class _Bad(Stage):
        name: ClassVar[str] = "bad"
        rules: ClassVar[dict[str, str]] = {"bad.x": "x"}

        def __call__(self, doc: Document) -> Iterator[Edit]:
            yield Edit(0, 3, "a", "bad.x")
            yield Edit(2, 4, "b", "bad.x")

    with pytest.raises(RuntimeError, match="overlapping"):
        Pipeline([_Bad()]).run(Document("abcdef"))


def test_undeclared_rule_is_refused() -> None:
    @dataclass(frozen=True)
    class _Sloppy(Stage):
        name: ClassVar[str] = "sloppy"
        rules: ClassVar[dict[str, str]] = {}

        def __call__(self, doc: Document) -> Iterator[Edit]:
            yield Edit(0, 1, "x", "sloppy.nope")

    with pytest.raises(RuntimeError, match="undeclared"):
        Pipeline([_Sloppy()]).run(Document("abc"))


def test_stage_order_declared_once_and_complete() -> None:
    assert set(STAGE_ORDER) == set(STAGES)
    assert STAGE_ORDER[:4] == ("unicode", "columns", "layout", "ligatures")


def test_unknown_names_list_the_valid_ones() -> None:
    with pytest.raises(UsageError, match="valid stages: unicode, columns, layout, ligatures"):
        build_stages(only=["ligature"])
    with pytest.raises(UsageError, match=r"valid options: .*ligatures\.min_evidence"):
        build_stages(options={"no_such_option": 1})
    assert "unicode.straighten_quotes" in valid_options()


def test_options_by_short_and_qualified_name() -> None:
    stages = build_stages(options={"straighten_quotes": True, "ligatures.min_evidence": 3})
    by = {s.name: s for s in stages}
    assert by["unicode"].straighten_quotes is True  # type: ignore[attr-defined]
    assert by["ligatures"].min_evidence == 3  # type: ignore[attr-defined]


def test_only_and_skip() -> None:
    r = ocrfix.clean_text("The eort and the dierent rst.", only=["unicode"])
    assert r.text == "The eort and the dierent rst."
    r = ocrfix.clean_text("The eort and the dierent rst.", skip=["ligatures"])
    assert "eort" in r.text


def test_min_confidence_bounds() -> None:
    with pytest.raises(UsageError):
        ocrfix.clean_text("x", min_confidence=1.5)


def test_result_json_shape(seed_text: str) -> None:
    data = ocrfix.clean_text(seed_text).to_json()
    for key in ("text", "paragraphs", "notes", "headers", "edits"):
        assert key in data
    edit = data["edits"][0]
    for key in ("stage", "rule", "old", "new", "page", "confidence", "applied", "reason", "start", "end"):
        assert key in edit


def test_cleaning_pauses_the_cyclic_collector_and_restores_it() -> None:
    """clean_text runs with the cyclic collector off (its objects form no
    cycles; walking them cost a quarter of the time) and leaves it as it was:
    on when it was on, off when the caller had turned it off, and on again
    after a stage raises."""
    import gc

    seen: list[bool] = []
    original = Pipeline.run

    def spy(self: Pipeline, doc: object) -> object:
        seen.append(gc.isenabled())
        return original(self, doc)  # type: ignore[arg-type]

    Pipeline.run = spy  # type: ignore[method-assign,assignment]
    try:
        assert gc.isenabled()
        assert ocrfix.clean_text("The eort was dierent.").text == "The effort was different."
        assert seen == [False] and gc.isenabled()
        gc.disable()
        try:
            ocrfix.clean_text("text")
            assert not gc.isenabled()
        finally:
            gc.enable()

        def boom(self: Pipeline, doc: object) -> object:
            raise RuntimeError("stage failed")

        Pipeline.run = boom  # type: ignore[method-assign,assignment]
        with pytest.raises(RuntimeError):
            ocrfix.clean_text("text")
        assert gc.isenabled()
    finally:
        Pipeline.run = original  # type: ignore[method-assign]


def test_timings_add_up_each_stage_and_change_nothing(seed_text: str) -> None:
    timings: dict[str, float] = {}
    timed = ocrfix.clean_text(seed_text, timings=timings)
    plain = ocrfix.clean_text(seed_text)
    assert timed.to_json() == plain.to_json()
    assert set(timings) == set(STAGE_ORDER) | {"(applying edits)", "(result)"}
    assert all(v >= 0.0 for v in timings.values())
    assert sum(timings.values()) > 0.0
    # A second document adds to the same dict; skipped stages take no time.
    before = dict(timings)
    ocrfix.clean_text(seed_text, skip=["columns"], timings=timings)
    assert timings["columns"] == before["columns"]
    assert sum(timings.values()) > sum(before.values())


def test_pipeline_without_timings_records_none() -> None:
    pipe = Pipeline([_Upper()])
    assert pipe.timings is None
    pipe.run(Document("a cat"))
    assert pipe.timings is None
