"""What a run returns: the clean body, the separated channels, every edit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .model import Document
from .pipeline import EditRecord

_PARA_SPLIT = re.compile(r"\n[ \t]*\n+|\f")


@dataclass
class Note:
    number: int | None
    text: str
    page: int | None
    linked: bool = False  # a callout with this number was found in the body

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "text": self.text, "page": self.page, "linked": self.linked}


@dataclass
class Header:
    page: int | None
    text: str
    page_number: int | str | None
    position: str = "top"  # "top" (header), "bottom" (footer) or "margin" (text beside the page body)
    kind: str = "running"  # "running", "page_number", "slug", "margin"

    def to_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "text": self.text,
            "page_number": self.page_number,
            "position": self.position,
            "kind": self.kind,
        }


@dataclass
class Result:
    """The outcome of cleaning one input."""

    source: str
    original: str
    text: str
    paragraphs: list[str]
    notes: list[Note]
    headers: list[Header]
    edits: list[EditRecord]
    channels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    pages: int = 1
    # How the body maps to the input: (start, length, input start or -1, edit id).
    segments: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def applied(self) -> list[EditRecord]:
        return [e for e in self.edits if e.applied]

    @property
    def suggestions(self) -> list[EditRecord]:
        return [e for e in self.edits if not e.applied]

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for e in self.applied:
            counts[e.stage] = counts.get(e.stage, 0) + 1
        return counts

    def to_json(self, *, include_original: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "text": self.text,
            "paragraphs": self.paragraphs,
            "notes": [n.to_json() for n in self.notes],
            "headers": [h.to_json() for h in self.headers],
            "channels": self.channels,
            "edits": [e.to_json() for e in self.edits],
            "summary": self.summary(),
            "facts": self.facts,
            "pages": self.pages,
        }
        if include_original:
            out["original"] = self.original
        return out


def _public(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if not k.startswith("_")}


def build_result(doc: Document, records: list[EditRecord]) -> Result:
    text = doc.text
    paragraphs = [p.strip() for p in _PARA_SPLIT.split(text) if p.strip()]
    notes: list[Note] = []
    headers: list[Header] = []
    channels: dict[str, list[dict[str, Any]]] = {}
    linked = set(doc.facts.get("notes.linked", []))
    for cname, items in doc.channels.items():
        for item in items:
            data = _public(item.data)
            item_text = item.doc.text.strip()
            if cname == "notes":
                number = data.get("number")
                if data.get("continues") and notes and notes[-1].number == number:
                    notes[-1].text += " " + item_text  # the rest of a note continued on the next page
                    continue
                notes.append(Note(number, item_text, item.page, linked=(item.page, number) in linked or number in linked))
            elif cname == "headers":
                headers.append(
                    Header(
                        item.page,
                        item_text,
                        data.get("page_number"),
                        str(data.get("position", "top")),
                        str(data.get("kind", "running")),
                    )
                )
            else:
                channels.setdefault(cname, []).append({"page": item.page, "text": item_text, **data})
    return Result(
        source=doc.source,
        original=doc.original,
        text=text,
        paragraphs=paragraphs,
        notes=notes,
        headers=headers,
        edits=records,
        channels=channels,
        facts=dict(doc.facts),
        pages=doc.page_count,
        segments=list(doc.align.segments()),
    )
