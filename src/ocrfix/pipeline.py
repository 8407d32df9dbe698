"""The pipeline: run each stage, apply its edits, record them, hand on the
document.  Reports are built from the records, never by re-diffing."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from .errors import UsageError
from .model import AlignMap, ChannelItem, Document, Edit
from .stages import STAGE_ORDER, STAGES
from .stages.base import Stage

BODY = "body"
_SPAN = attrgetter("start", "end")  # the order edits are applied in


@dataclass
class EditRecord:
    """An edit as the pipeline applied (or kept as a suggestion).

    ``start``/``end`` are offsets in the original input; ``seen_start``/
    ``seen_end`` in the text the stage saw; ``out_start``/``out_end`` where
    ``new`` sits in the text the stage produced (used by restore).
    ``channel`` is "body" or the channel whose item ``item`` the edit changed.
    """

    id: int
    stage: str
    rule: str
    old: str
    new: str
    start: int
    end: int
    page: int | None
    confidence: float
    reason: str
    applied: bool
    channel: str = BODY
    item: int | None = None
    moved_to: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    seen_start: int = 0
    seen_end: int = 0
    out_start: int = 0
    out_end: int = 0

    def to_json(self) -> dict[str, Any]:
        # Field names looked up once for the class (dataclasses.fields()
        # rebuilds them on each call; an audit has thousands of records).
        return dict(zip(_RECORD_FIELDS, _record_values(self), strict=True))


_RECORD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(EditRecord))
_record_values = attrgetter(*_RECORD_FIELDS)


def _stage_options(cls: type[Stage]) -> list[str]:
    return [f.name for f in fields(cls)]


def build_stages(
    only: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> list[Stage]:
    """Stages to run, in the declared order, configured from ``options``.

    An option is named ``stage.option`` or, when only one stage has it, just
    ``option``.  Unknown names raise :class:`UsageError` listing valid ones.
    """
    only_l = list(only) if only is not None else None
    skip_l = list(skip) if skip is not None else []
    for name in (only_l or []) + skip_l:
        if name not in STAGES:
            raise UsageError(f"unknown stage {name!r}; valid stages: {', '.join(STAGE_ORDER)}")
    selected = [n for n in STAGE_ORDER if (only_l is None or n in only_l) and n not in skip_l]
    per_stage: dict[str, dict[str, Any]] = {n: {} for n in STAGE_ORDER}
    owners: dict[str, list[str]] = {}
    for n in STAGE_ORDER:
        for opt in _stage_options(STAGES[n]):
            owners.setdefault(opt, []).append(n)
    for key, value in (options or {}).items():
        if "." in key:
            sname, opt = key.split(".", 1)
            if sname not in STAGES or opt not in _stage_options(STAGES[sname]):
                raise UsageError(f"unknown option {key!r}; valid options: {', '.join(valid_options())}")
            per_stage[sname][opt] = value
        elif key in owners:
            for sname in owners[key]:
                per_stage[sname][key] = value
        else:
            raise UsageError(f"unknown option {key!r}; valid options: {', '.join(valid_options())}")
    return [STAGES[n](**per_stage[n]) for n in selected]


def valid_options() -> list[str]:
    return [f"{n}.{opt}" for n in STAGE_ORDER for opt in _stage_options(STAGES[n])]


# The key under which ``Pipeline.timings`` adds up the time spent applying
# and recording edits (every stage's, body and channels).
APPLYING = "(applying edits)"


class Pipeline:
    """Runs ``stages`` in order over a Document.  With ``timings`` (a dict),
    each run adds to it the CPU seconds each stage took to propose its edits
    (on the body and the channel items), by stage name, and under
    ``APPLYING`` those the pipeline took to apply and record them."""

    def __init__(
        self, stages: Sequence[Stage], min_confidence: float = 0.5, timings: dict[str, float] | None = None
    ) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise UsageError(f"--min-confidence must be between 0 and 1, got {min_confidence}")
        self.stages = list(stages)
        self.min_confidence = min_confidence
        self.timings = timings

    def run(self, doc: Document) -> list[EditRecord]:
        records: list[EditRecord] = []
        timings = self.timings
        clock = time.process_time
        for stage in self.stages:
            t0 = clock() if timings is not None else 0.0
            edits = list(stage(doc))
            t1 = clock() if timings is not None else 0.0
            self._apply(doc, stage, edits, records, BODY, None, None)
            if timings is not None:
                t2 = clock()
                timings[stage.name] = timings.get(stage.name, 0.0) + (t1 - t0)
                timings[APPLYING] = timings.get(APPLYING, 0.0) + (t2 - t1)
            if stage.cleans_channels:
                for cname, items in doc.channels.items():
                    for idx, item in enumerate(items):
                        t0 = clock() if timings is not None else 0.0
                        sub_edits = list(stage(item.doc))
                        t1 = clock() if timings is not None else 0.0
                        self._apply(item.doc, stage, sub_edits, records, cname, idx, item)
                        if timings is not None:
                            timings[stage.name] += t1 - t0
                            timings[APPLYING] += clock() - t1
        return records

    def _apply(
        self,
        doc: Document,
        stage: Stage,
        edits: list[Edit],
        records: list[EditRecord],
        channel: str,
        item_index: int | None,
        item: ChannelItem | None,
    ) -> None:
        if not edits:
            return
        edits.sort(key=_SPAN)
        text = doc.text
        n = len(text)
        rules = stage.rules
        prev_end = -1
        for e in edits:
            if e.rule not in rules:
                raise RuntimeError(f"stage {stage.name} proposed undeclared rule {e.rule}")
            if e.start < prev_end or e.end > n:
                raise RuntimeError(
                    f"stage {stage.name} proposed overlapping or out-of-range edit {e.rule} at {e.start}:{e.end}"
                )
            prev_end = e.end
        changes: list[tuple[int, int, str, str, int]] = []
        moves: dict[int, Any] = {}
        pieces: list[str] = []
        pos = 0
        delta = 0
        spans = doc.align.orig_spans([(e.start, e.end) for e in edits])
        # Offsets in a channel item map back to the body's original.
        origin: AlignMap | None = item.data.get("_origin") if item is not None else None
        if origin is not None and not len(origin):
            origin = None
        min_confidence = self.min_confidence
        stage_name = stage.name
        for e, (o_start, o_end) in zip(edits, spans, strict=True):
            applied = e.confidence >= min_confidence
            old = text[e.start : e.end]
            new = "" if e.moved_to else e.new
            page: int | None = doc.page_of_orig(o_start)
            if item is not None:
                if origin is not None:
                    o_len = len(origin)
                    o_start, o_end = origin.orig_span(min(o_start, o_len), min(o_end, o_len))
                page = item.page
            # Positional arguments, in the order of EditRecord's fields (a
            # call with 17 keywords takes three times as long, per edit).
            rec = EditRecord(
                len(records),  # id
                stage_name,
                e.rule,
                old,
                new,
                o_start,  # start
                o_end,  # end
                page,
                round(e.confidence, 4),
                e.reason,
                applied,
                channel,
                item_index,  # item
                e.moved_to,
                dict(e.data) if e.data else {},  # data
                e.start,  # seen_start
                e.end,  # seen_end
            )
            records.append(rec)
            if not applied:
                continue
            pieces.append(text[pos : e.start])
            rec.out_start = e.start + delta
            rec.out_end = rec.out_start + len(new)
            pieces.append(new)
            delta += len(new) - (e.end - e.start)
            pos = e.end
            changes.append((e.start, e.end, old, new, rec.id))
            if e.data and "pieces" in e.data:
                moves[rec.id] = e.data["pieces"]  # a rearranging edit says where each piece came from
            if e.moved_to:
                self._move(doc, e, old, rec)
        pieces.append(text[pos:])
        if changes:
            doc._replace("".join(pieces), doc.align.apply(changes, moves or None))

    @staticmethod
    def _move(doc: Document, e: Edit, old: str, rec: EditRecord) -> None:
        assert e.moved_to is not None
        # PDF input: the moved text keeps its glyphs (later stages judge its
        # letter gaps as they do the body's).
        glyphs = [doc.glyph(i) for i in range(e.start, e.end)] if doc.glyphs is not None else None
        sub = Document(old, source=f"{doc.source}#{e.moved_to}", glyphs=glyphs)
        origin = doc.align.sub(e.start, e.end)
        data = dict(e.data or {})
        data["_origin"] = origin
        item = ChannelItem(channel=e.moved_to, doc=sub, page=rec.page, data=data, source_edit=rec.id)
        doc.channels.setdefault(e.moved_to, []).append(item)


def rebuild(records: Sequence[EditRecord], output: str) -> str:
    """Undo the applied body edits, last stage first: the original input."""
    text = output
    body = [r for r in records if r.applied and r.channel == BODY]
    # Records are in application order; within a stage they are sorted by
    # position.  Undo stage by stage, each stage's edits from the right.
    i = len(body)
    while i > 0:
        j = i
        stage_id = (body[i - 1].stage,)
        while j > 0 and (body[j - 1].stage,) == stage_id:
            j -= 1
        for r in reversed(body[j:i]):
            if text[r.out_start : r.out_end] != r.new:
                raise ValueError(f"output does not match edit {r.id} ({r.rule}); was the output changed?")
            text = text[: r.out_start] + r.old + text[r.out_end :]
        i = j
    return text


__all__ = ["APPLYING", "EditRecord", "Pipeline", "build_stages", "rebuild", "valid_options"]
