"""Damage generator: lose every TeX ligature glyph (ff, fi, fl, ffi, ffl).

Which sequences: the five lowercase ligatures of TeX's text fonts (OT1/T1 codes
11-15), matched case-sensitively and longest first ("ffi" and "ffl" before "ff"),
so "office" loses "ffi", "staff" loses "ff", "Fit" and "FLOW" lose nothing (a
capital F followed by i or l is set as two glyphs in TeX fonts, so extraction does
not lose it). "fff" loses "ff" and keeps the last "f".

Three forms:

* joined: the glyph vanishes ("influence" -> "inuence", "first" -> "rst").
  Damage never crosses whitespace, so the damaged text has the same whitespace as
  the truth and tokens align 1:1 (a token that was only a ligature, say "fi",
  becomes empty and vanishes).
* gap: the glyph leaves one space, as pdfplumber often prints it ("influence" ->
  "in uence", "first" -> " rst", so "the first" -> "the  rst" with two spaces).
* split: the glyph keeps its letters, but a space follows them when letters follow
  in the word ("significant" -> "signifi cant", "first" -> "fi rst"), and a space
  also comes before them when an odd number of letters precedes them ("office" ->
  "o ffi ce", "staff" -> "sta ff"; "buff" stays whole), as extractors print a
  ligature whose glyph width is off.  An even count keeps the first pattern alone,
  so both patterns occur in every text.

Each form keeps, per truth token, its span in the damaged text and the damage
sites (offsets in the damaged text and the lost sequence), so a scorer can align
output to truth through offsets rather than by re-diffing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LIGATURES = ("ffi", "ffl", "ff", "fi", "fl")
LIGATURE_RE = re.compile("|".join(LIGATURES))  # alternation order = longest first
TOKEN_RE = re.compile(r"\S+")
FORMS = ("joined", "gap", "split")


@dataclass(frozen=True)
class Site:
    """One lost glyph: ``damaged[start:end]`` is what is left of ``lost``."""

    start: int
    end: int  # == start in the joined form, start + 1 in the gap form, after the letters and spaces when split
    lost: str
    token: int  # index of the truth token it belongs to


@dataclass(frozen=True)
class Damaged:
    """A damaged text and its alignment to the truth."""

    form: str  # "joined", "gap", "split" or "none"
    truth: str
    text: str
    truth_tokens: list[str]
    damaged_spans: list[tuple[int, int]]  # per truth token: its span in ``text``
    sites: list[Site]

    @property
    def damaged_token_indices(self) -> list[int]:
        return sorted({s.token for s in self.sites})

    def damaged_token(self, i: int) -> str:
        """What truth token ``i`` looks like after damage (may hold spaces)."""
        a, b = self.damaged_spans[i]
        return self.text[a:b]


def damage_token(token: str, form: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Damage one token; return it and its sites (offsets within the result)."""
    if form == "none":
        return token, []
    out: list[str] = []
    sites: list[tuple[int, int, str]] = []
    pos = 0
    length = 0
    for m in LIGATURE_RE.finditer(token):
        chunk = token[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        piece = _damaged_glyph(token, m, form)
        if piece != m.group():
            sites.append((length, length + len(piece), m.group()))
        out.append(piece)
        length += len(piece)
        pos = m.end()
    out.append(token[pos:])
    return "".join(out), sites


def _damaged_glyph(token: str, m: re.Match[str], form: str) -> str:
    """What ``form`` leaves of the ligature ``m`` of ``token``."""
    if form == "joined":
        return ""
    if form == "gap":
        return " "
    k = m.start()
    while k > 0 and token[k - 1].isalpha():
        k -= 1
    before = " " if (m.start() - k) % 2 == 1 else ""
    after = " " if token[m.end() : m.end() + 1].isalpha() else ""
    return before + m.group() + after


def damage(truth: str, form: str) -> Damaged:
    """Damage ``truth`` in ``form`` ("joined", "gap", "split", or "none" for the control)."""
    if form not in (*FORMS, "none"):
        raise ValueError(f"unknown damage form {form!r}; valid: {', '.join(FORMS)}, none")
    parts: list[str] = []
    tokens: list[str] = []
    spans: list[tuple[int, int]] = []
    sites: list[Site] = []
    length = 0
    prev = 0
    for idx, m in enumerate(TOKEN_RE.finditer(truth)):
        sep = truth[prev : m.start()]
        parts.append(sep)
        length += len(sep)
        tok = m.group()
        dtok, tsites = damage_token(tok, form)
        tokens.append(tok)
        spans.append((length, length + len(dtok)))
        sites.extend(Site(length + a, length + b, lost, idx) for a, b, lost in tsites)
        parts.append(dtok)
        length += len(dtok)
        prev = m.end()
    parts.append(truth[prev:])
    return Damaged(form, truth, "".join(parts), tokens, spans, sites)
