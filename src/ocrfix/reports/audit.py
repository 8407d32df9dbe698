"""The audit: every edit as JSON, a unified diff, and the HTML page."""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

from ..files import atomic_write
from ..result import Result
from ..stages import STAGE_ORDER, STAGES
from .html import html_report


def audit_json(result: Result) -> dict[str, Any]:
    """Everything needed to check (and undo) a run.

    ``original`` is included so the audit stands on its own; ``restore``
    rebuilds it from the output and the edits alone.
    """
    data = result.to_json(include_original=True)
    data["format"] = "ocrfix-audit/1"
    data["stages"] = {name: dict(STAGES[name].rules) for name in STAGE_ORDER}
    return data


def unified_diff(result: Result, context: int = 2) -> str:
    """Line diff of the input against the clean body text."""
    before = result.original.replace("\f", "\n").splitlines(keepends=True)
    after = result.text.splitlines(keepends=True)
    name = result.source
    lines = difflib.unified_diff(before, after, fromfile=f"{name} (input)", tofile=f"{name} (ocrfix)", n=context)
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write_report(result: Result, directory: str | os.PathLike[str]) -> list[Path]:
    """Write audit.json, changes.diff and report.html into ``directory``."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    files = {
        "audit.json": json.dumps(audit_json(result), ensure_ascii=False, indent=1) + "\n",
        "changes.diff": unified_diff(result),
        "report.html": html_report(result),
    }
    written = []
    for name, data in files.items():
        atomic_write(d / name, data)
        written.append(d / name)
    return written
