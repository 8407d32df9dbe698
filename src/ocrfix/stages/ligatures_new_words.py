"""Ligature repair, second pass: lost glyphs in words that appeared since the first.

Some damaged words only become words after later stages: pdfplumber runs tightly
set lines together ("Bingleyhadthe  rmestreliance") until the spaces stage puts
the spaces back, and a word broken at a line end ("re-" / "ections") is whole
only once the hyphenation stage joins it.  This pass judges just those new words
(and the gaps next to them), with what the first pass (stages/ligatures.py)
learned of the document; a document the first pass found clean gets nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from ..model import Document, Edit
from .ligatures import Ligatures


@dataclass(frozen=True)
class LigaturesNewWords(Ligatures):
    """Repair lost ligatures in words that appeared since the first pass."""

    name: ClassVar[str] = "ligatures_new_words"
    rules: ClassVar[dict[str, str]] = {
        "ligatures_new_words.lost_glyph": "ligature glyph lost in a word joined or separated since the first pass: "
        "'re-/ections' -> 'reflections'",
        "ligatures_new_words.lost_glyph_gap": "ligature glyph lost as a gap in a word separated since the first pass: "
        "'Bingleyhadthe  rmest' -> 'Bingley had the firmest'",
    }

    def __call__(self, doc: Document) -> Iterator[Edit]:
        if not self.repair_lost:
            return
        for e in self.lost_in_new_words(doc):
            yield dataclasses.replace(e, rule=e.rule.replace("ligatures.", f"{self.name}.", 1))
