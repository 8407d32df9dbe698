"""A self-contained HTML page: input and output side by side, page by page,
every edit highlighted with its rule and reason on hover."""

from __future__ import annotations

import bisect
import html

from ..pipeline import BODY, EditRecord
from ..readers.text import page_starts
from ..result import Result

_STYLE = """
body{font-family:system-ui,sans-serif;margin:1em;color:#222}
h1{font-size:1.2em} .summary{color:#555}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td{vertical-align:top;border-top:1px solid #ccc;padding:.4em}
th{text-align:left;background:#f4f4f4;padding:.3em}
pre{white-space:pre-wrap;word-wrap:break-word;font:13px/1.45 ui-monospace,monospace;margin:0}
.e{border-radius:3px;cursor:help}
.s-unicode{background:#e8d5ff}.s-ligatures{background:#ffe08a}.s-headers{background:#c9e4ff}
.s-notes{background:#c8f0d0}.s-hyphenation{background:#ffc9c9}.s-spaces{background:#ffd8b0}
.s-paragraphs{background:#eee}.sugg{outline:1px dashed #999;background:none}
.br{color:#c00;font-weight:bold}
.pg{color:#888;font-size:.85em}
"""


def _title(rec: EditRecord) -> str:
    state = "applied" if rec.applied else "suggested, not applied"
    moved = f" -> moved to {rec.moved_to}" if rec.moved_to else ""
    return (
        f"#{rec.id} {rec.rule} ({state}, confidence {rec.confidence}){moved}\n"
        f"{_clip(rec.old)} -> {_clip(rec.new)}\n{rec.reason}"
    )


def _clip(text: str, most: int = 160) -> str:
    """``repr`` of an edit's text, its middle left out when long (a page
    rearranged by the columns stage)."""
    if len(text) <= most:
        return repr(text)
    return f"{text[: most // 2]!r} ... {text[-most // 2 :]!r} ({len(text)} characters)"


def _rearranges(rec: EditRecord) -> bool:
    """An edit that moves its text's pieces about (the columns stage): its
    pieces are shown where they went, with the edits made in them."""
    return "pieces" in rec.data


def _show(text: str, in_edit: bool) -> str:
    s = html.escape(text)
    if in_edit:
        s = s.replace("\n", '<span class="br">\u21b5</span>\n').replace("\f", '<span class="br">\u21a1</span>\n')
    else:
        s = s.replace("\f", "\n")
    return s


def _render_input(original: str, records: list[EditRecord], lo: int, hi: int) -> str:
    """``original[lo:hi]`` with the spans of body edits marked."""
    marks = sorted((r for r in records if r.channel == BODY and lo <= r.start <= hi), key=lambda r: (r.start, r.end))
    out: list[str] = []
    pos = lo
    for r in marks:
        if _rearranges(r):  # a mark where it starts; the edits inside still show
            out.append(_show(original[pos : max(pos, r.start)], False))
            out.append(f'<span class="e s-{r.stage}" title="{html.escape(_title(r))}">\u21c5</span>')
            pos = max(pos, r.start)
            continue
        if r.start < pos:  # nested in an earlier stage's span: shown by that one
            continue
        out.append(_show(original[pos : r.start], False))
        cls = f"e s-{r.stage}" + ("" if r.applied else " sugg")
        body = _show(original[r.start : min(r.end, hi)], True) or "\u2038"
        out.append(f'<span class="{cls}" title="{html.escape(_title(r))}">{body}</span>')
        pos = min(r.end, hi)
    out.append(_show(original[pos:hi], False))
    return "".join(out)


def html_report(result: Result) -> str:
    records = result.edits
    original = result.original
    by_id = {r.id: r for r in records}
    starts = page_starts(original)
    # Output text, highlighted where an edit generated it, split by page of
    # the nearest original character.
    out_pages: dict[int, list[str]] = {}
    for t0, length, o0, eid in result.segments:
        piece = result.text[t0 : t0 + length]
        page = bisect.bisect_right(starts, max(o0, 0)) if o0 >= 0 else None
        if page is None:
            rec = by_id.get(eid)
            page = bisect.bisect_right(starts, rec.start) if rec else 1
        if eid >= 0 and o0 < 0 and eid in by_id and not _rearranges(by_id[eid]):
            r = by_id[eid]
            frag = f'<span class="e s-{r.stage}" title="{html.escape(_title(r))}">{_show(piece, True)}</span>'
        else:
            frag = html.escape(piece)
        out_pages.setdefault(page, []).append(frag)
    rows = []
    for i, s in enumerate(starts):
        e = starts[i + 1] - 1 if i + 1 < len(starts) else len(original)
        left = _render_input(original, records, s, e)
        right = "".join(out_pages.get(i + 1, []))
        rows.append(
            f'<tr><td colspan="2" class="pg">page {i + 1}</td></tr>'
            f"<tr><td><pre>{left}</pre></td><td><pre>{right}</pre></td></tr>"
        )
    summary = ", ".join(f"{k}: {v}" for k, v in result.summary().items()) or "no changes"
    suggestions = len(result.suggestions)
    sidebars = []
    for cname, items in (
        ("headers", [(h.page, h.text) for h in result.headers]),
        ("notes", [(n.page, f"{n.number}. {n.text}") for n in result.notes]),
    ):
        if items:
            lis = "".join(f"<li>p. {p}: {html.escape(t)}</li>" for p, t in items)
            sidebars.append(f"<h2>{cname} ({len(items)})</h2><ul>{lis}</ul>")
    return (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        f"<title>ocrfix report: {html.escape(result.source)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>ocrfix report: {html.escape(result.source)}</h1>"
        f'<p class="summary">Applied edits by stage: {html.escape(summary)}; suggestions not applied: {suggestions}. '
        "Hover a highlighted span for its rule and reason; \u21b5 marks a line break an edit changed.</p>"
        f"<table><tr><th>input</th><th>output</th></tr>{''.join(rows)}</table>"
        f"{''.join(sidebars)}</body></html>\n"
    )
