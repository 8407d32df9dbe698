"""Reports, all built from the recorded edits: output formats (text, Markdown,
JSON) and the audit trio (audit.json, changes.diff, report.html)."""

from __future__ import annotations

from .audit import audit_json, unified_diff, write_report
from .formats import render
from .html import html_report

__all__ = ["audit_json", "html_report", "render", "unified_diff", "write_report"]
