"""Layout debris of PDF text, repaired from the reader's glyph evidence.

The PDF reader keeps the text as drawn and leaves evidence in ``doc.facts``
(original offsets); this stage turns it into recorded edits:

* ``duplicate_char``: a character drawn twice at the same place (fake bold:
  "CCiirrccuullaattiioonn") is kept once.  The evidence is geometric (same
  character, same size, less than 0.15 em apart), never the spelling.
* ``letter_spaced``: letter-spaced words the reader saw as one-letter words
  ("T h e  m o v i e") are joined; word boundaries are where the gap between
  letters is clearly wider than the run's letter gaps.
* ``superscript``: digits drawn smaller and raised above the letters beside
  them (note callouts "1791.”1", note numbers "1Mr. Knightley") become
  superscript digits, which the notes stage reads as markers.

Runs only on PDF input (``doc.glyphs`` set).  Evidence is used only where the
text the stage sees is still the text the reader produced.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ..model import Document, Edit
from .base import Stage

_BREAK = re.compile(r"[\n\r\f]")
_DIGITS = re.compile(r"[0-9]+")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _neighbour_glyph(doc: Document, s: int, e: int) -> Any:
    """The glyph of the nearest visible character beside ``text[s:e]`` on the
    same line (up to two characters before it, else after it), or None."""
    text = doc.text
    for ks in ((s - 1, s - 2), (e, e + 1)):
        for k in ks:
            if not 0 <= k < len(text) or text[k] in "\n\r\f":
                break  # the line ends here
            if text[k].isspace() or text[k].isdigit():
                continue
            g = doc.glyph(k)
            if g is not None and g.size > 0:
                return g
    return None


def _raised_tail(glyphs: Sequence[Any]) -> int:
    """How many digits (one to three) at the end of a run of digits are set
    smaller than, and raised above, the digit before them (0: none)."""
    for k in range(max(1, len(glyphs) - 3), len(glyphs)):
        ref, g = glyphs[k - 1], glyphs[k]
        if g.size <= 0.85 * ref.size and g.bottom <= ref.bottom - 0.15 * ref.size:
            rest = glyphs[k:]
            if all(abs(x.size - g.size) <= 0.05 * g.size for x in rest):
                return len(rest)
            return 0
    return 0


def _to_current(doc: Document, offsets: Sequence[int]) -> dict[int, int]:
    """Current positions of original offsets whose characters are unchanged."""
    want = sorted(set(offsets))
    out: dict[int, int] = {}
    if not want:
        return out
    for t, length, o, _e in doc.align.segments():
        if o < 0:
            continue
        lo = bisect.bisect_left(want, o)
        hi = bisect.bisect_left(want, o + length)
        for x in want[lo:hi]:
            out[x] = t + (x - o)
    return out


@dataclass(frozen=True)
class Layout(Stage):
    """Fake-bold duplicate characters and letter-spaced words of PDF text."""

    duplicate_chars: bool = True
    letter_spaced: bool = True
    superscripts: bool = True

    name: ClassVar[str] = "layout"
    rules: ClassVar[dict[str, str]] = {
        "layout.duplicate_char": "character drawn twice at the same position (fake bold) kept once",
        "layout.letter_spaced": "letter-spaced word ('T h e') joined; gaps between its letters are uniform",
        "layout.superscript": "digits set smaller and raised above their line ('married;1Mr.') written as superscripts",
    }
    cleans_channels: ClassVar[bool] = False

    def __call__(self, doc: Document) -> Iterable[Edit]:
        if doc.glyphs is None:
            return []
        edits: list[Edit] = []
        if self.duplicate_chars:
            edits.extend(self._duplicates(doc, doc.facts.get("pdf.duplicate_chars") or []))
        if self.letter_spaced:
            taken = [(e.start, e.end) for e in edits]
            for e in self._letter_spaced(doc, doc.facts.get("pdf.letter_spaced") or []):
                if not any(s < e.end and e.start < t for s, t in taken):
                    edits.append(e)
        if self.superscripts:
            taken = [(e.start, e.end) for e in edits]
            for e in self._superscripts(doc):
                if not any(s < e.end and e.start < t for s, t in taken):
                    edits.append(e)
        return sorted(edits, key=lambda e: e.start)

    @staticmethod
    def _superscripts(doc: Document) -> list[Edit]:
        """Digit runs drawn smaller than, and raised above, the letters next
        to them on the same line: note callouts and note numbers, which the
        text alone shows as ordinary digits glued to words."""
        text = doc.text
        edits: list[Edit] = []
        for m in _DIGITS.finditer(text):
            s, e = m.span()
            glyphs = [doc.glyph(i) for i in range(s, e)]
            if any(g is None for g in glyphs):
                continue
            tail = _raised_tail(glyphs)
            if tail:
                # Digits after digits: a callout after a year ("1988⁴,"); the
                # digits before it are the text beside it.
                s = e - tail
                ref = glyphs[-tail - 1]
                glyphs = glyphs[-tail:]
            elif e - s > 3:
                continue
            else:
                ref = _neighbour_glyph(doc, s, e)
            if ref is None:
                continue
            size = max(g.size for g in glyphs if g is not None)
            bottom = max(g.bottom for g in glyphs if g is not None)
            smaller = size <= 0.85 * ref.size
            raised = bottom <= ref.bottom - 0.15 * ref.size
            if smaller and raised:
                edits.append(
                    Edit(
                        s,
                        e,
                        text[s:e].translate(_SUPERSCRIPT),
                        "layout.superscript",
                        confidence=0.9,
                        reason=(
                            f"digits {size:.1f} pt high, raised {ref.bottom - bottom:.1f} pt above "
                            f"the {ref.size:.1f} pt text beside them"
                        ),
                    )
                )
        return edits

    def _duplicates(self, doc: Document, dups: Sequence[int]) -> list[Edit]:
        pos = _to_current(doc, dups)
        cur = sorted(pos.values())
        text = doc.text
        edits: list[Edit] = []
        i = 0
        while i < len(cur):
            # A stretch: duplicates at most 3 characters apart ("UUEE", "fifi"),
            # within one line.
            j = i
            while j + 1 < len(cur) and cur[j + 1] - cur[j] <= 3 and not _BREAK.search(text, cur[j], cur[j + 1]):
                j += 1
            drop = set(cur[i : j + 1])
            start = max(cur[i] - 1, 0)
            if edits and start < edits[-1].end:
                start = edits[-1].end
            end = cur[j] + 1
            old = text[start:end]
            new = "".join(ch for k, ch in enumerate(old, start) if k not in drop)
            n = len(old) - len(new)
            edits.append(
                Edit(
                    start,
                    end,
                    new,
                    self.rule("duplicate_char"),
                    confidence=0.95,
                    reason=f"{n} character(s) drawn twice at the same position (fake bold)",
                )
            )
            i = j + 1
        return edits

    def _letter_spaced(self, doc: Document, spans: Sequence[Any]) -> list[Edit]:
        from ..lexicon import english

        ends = [int(s[1]) - 1 for s in spans]
        pos = _to_current(doc, [int(s[0]) for s in spans] + ends)
        edits: list[Edit] = []
        lex = None
        for s, e, joined in spans:
            s, e = int(s), int(e)
            if s not in pos or e - 1 not in pos:
                continue
            cs, ce = pos[s], pos[e - 1] + 1
            if ce - cs != e - s or doc.text[cs:ce] != doc.original[s:e]:
                continue  # changed by an earlier stage
            if lex is None:
                lex = english()
            word = str(joined)
            if lex.core(word.lower()) or lex.zipf(word.lower()) >= 3.0:
                conf, why = 0.9, "the joined word is an English word"
            else:
                # Not a word: a row of a table of letters ("A B C D E F"),
                # math symbols ("c m y k"): reported, not applied.
                conf, why = 0.45, "the joined word is no English word (a row of letters or symbols?)"
            edits.append(
                Edit(
                    cs,
                    ce,
                    word,
                    self.rule("letter_spaced"),
                    confidence=conf,
                    reason=f"letters set apart with uniform gaps (reader evidence); {why}",
                )
            )
        return edits
