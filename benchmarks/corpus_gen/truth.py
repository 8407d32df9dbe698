"""Ground truth of one document, taken from the LaTeX side.

Body blocks, notes and callouts come from the blocks the LaTeX was rendered from;
pages of notes and the running headers come from what TeX wrote at shipout time
(``\\write`` in the footer and in each footnote). The only thing read from the
PDF's extracted text is *where* lines end in a hyphen; whether each such hyphen is
a break to remove or a real hyphen to keep is decided from the source words.
"""

from __future__ import annotations

import re
from typing import Any

from .latex import DocSpec, header_texts
from .text import Block, Note

LIGATURE_CHARS = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"}


def parse_pages(pgs: str) -> tuple[list[dict[str, Any]], dict[str, int]]:
    pages: list[dict[str, Any]] = []
    notes: dict[str, int] = {}
    pending: list[str] = []
    for line in pgs.splitlines():
        parts = line.split("|")
        if parts[0] == "P":
            pages.append({"page_number": int(parts[1]), "left": parts[2],
                          "right": parts[3], "style": parts[4]})
            for key in pending:
                notes[key] = len(pages)
            pending = []
        elif parts[0] == "N":
            # The note's write runs before the footer's on the same page.
            pending.append(parts[1])
    for key in pending:
        notes[key] = len(pages)
    return pages, notes


def _words(texts: list[str]) -> set[str]:
    out: set[str] = set()
    for t in texts:
        for tok in re.split(r"[\s—–]+", t):
            tok = tok.strip(".,;:!?()“”‘’\"'*⁰¹²³⁴⁵⁶⁷⁸⁹")
            if tok:
                out.add(tok)
    return out


def _unlig(s: str) -> str:
    for k, v in LIGATURE_CHARS.items():
        s = s.replace(k, v)
    return s


def find_hyphens(page_texts: list[str], vocab: set[str]) -> list[dict[str, Any]]:
    """Classify each line-end hyphen of the natural extract as break or real."""
    out: list[dict[str, Any]] = []
    pages = [t.split("\n") for t in page_texts]
    for pi, lines in enumerate(pages):
        for li, line in enumerate(lines):
            stripped = line.rstrip()
            if not stripped.endswith("-") or stripped.endswith("--"):
                continue
            toks = stripped.split()
            if not toks:
                continue
            before = _unlig(toks[-1][:-1]).lstrip("“‘(\"'—")
            nexts = []
            if li + 1 < len(lines):
                nexts.append(lines[li + 1])
            if pi + 1 < len(pages):
                nexts.extend(pages[pi + 1][:3])
            best: dict[str, Any] | None = None
            for nl in nexts:
                ntoks = nl.split()
                if not ntoks:
                    continue
                after_full = _unlig(ntoks[0])
                for k in range(len(before)):
                    p = before[k:]
                    if not p[:1].isalpha():
                        continue
                    for j in range(len(after_full), 0, -1):
                        s = after_full[:j]
                        if not s[-1].isalpha():
                            continue
                        kind = None
                        if f"{p}-{s}" in vocab:
                            kind = "real"
                            word = f"{p}-{s}"
                        elif p + s in vocab:
                            kind = "break"
                            word = p + s
                        if kind and (best is None or len(word) > len(best["word"])):
                            best = {"page": pi + 1, "line": li + 1, "before": p,
                                    "after": s, "kind": kind, "word": word}
                if best:
                    break
            if best is None:
                best = {"page": pi + 1, "line": li + 1, "before": before,
                        "after": _unlig(nexts[0].split()[0]) if nexts and nexts[0].split() else "",
                        "kind": "unknown", "word": ""}
            out.append(best)
    return out


def build_truth(spec: DocSpec, blocks: list[Block], pgs: str,
                natural_pages: list[str]) -> dict[str, Any]:
    pages, note_pages = parse_pages(pgs)
    body = [b.plain() for b in blocks]
    notes: list[dict[str, Any]] = []
    callouts: list[dict[str, Any]] = []
    for bi, b in enumerate(blocks):
        for i, piece in enumerate(b.pieces):
            if not isinstance(piece, Note):
                continue
            page = note_pages.get(piece.key)
            notes.append({
                "number": piece.number, "text": piece.plain(), "chapter": b.chapter,
                "page": page,
                "page_number": pages[page - 1]["page_number"] if page else None,
            })
            prev = "".join(p.text for p in b.pieces[:i] if not isinstance(p, Note))
            after = prev.split()[-1] if prev.split() else ""
            callouts.append({"number": piece.number, "after": after, "block": bi,
                             "chapter": b.chapter, "page": page})
    headers: list[dict[str, Any]] = []
    for i, pg in enumerate(pages):
        for h in header_texts(spec, pg["page_number"], pg["left"], pg["right"], pg["style"]):
            headers.append({"page": i + 1, "page_number": pg["page_number"], **h})
    vocab = _words(body + [n["text"] for n in notes] + [h["text"] for h in headers])
    return {
        "document": spec.name,
        "pages": len(pages),
        "blocks": [{"kind": b.kind, "text": t} for b, t in zip(blocks, body, strict=True)],
        "body_paragraphs": body,
        "notes": notes,
        "callouts": callouts,
        "headers": headers,
        "hyphens": find_hyphens(natural_pages, vocab),
    }
