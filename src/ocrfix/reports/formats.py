"""Output formats of the clean text."""

from __future__ import annotations

import json

from ..result import Result

FORMATS = ("text", "markdown", "json")


def render(result: Result, fmt: str) -> str:
    if fmt == "text":
        return result.text.rstrip("\n") + "\n" if result.text.strip() else ""
    if fmt == "markdown":
        body = "\n\n".join(result.paragraphs)
        notes = "\n".join(
            f"[^{n.number}]: {n.text}" if n.number is not None else f"[^note]: {n.text}" for n in result.notes
        )
        return body + ("\n\n" + notes if notes else "") + "\n"
    if fmt == "json":
        return json.dumps(result.to_json(), ensure_ascii=False, indent=1) + "\n"
    raise ValueError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
