"""The stages, and the one place where their order is declared.

Each stage lives in its own module and proposes edits; see ``base.Stage``.
"""

from __future__ import annotations

from .base import Stage
from .columns import Columns
from .headers import Headers
from .hyphenation import Hyphenation
from .layout import Layout
from .ligatures import Ligatures
from .ligatures_new_words import LigaturesNewWords
from .notes import Notes
from .paragraphs import Paragraphs
from .spaces import Spaces
from .unicode import Unicode

# The order stages run in, declared once.
_ORDER: tuple[type[Stage], ...] = (
    Unicode,  # encoding debris first: every later stage reads clean characters
    Columns,  # text input: interleaved columns back in reading order, before anything reads lines
    Layout,  # PDF only: doubled (fake-bold) characters, letter-spaced words
    Ligatures,  # before anything reads words
    Headers,  # running headers and footers out of the body
    Notes,  # footnotes out, callouts reattached
    Hyphenation,  # line-end hyphens, now that pages join without headers and notes between them
    Spaces,  # lost spaces
    LigaturesNewWords,  # lost glyphs in words joined or separated since the first pass
    Paragraphs,  # reflow last
)

STAGE_ORDER: tuple[str, ...] = tuple(cls.name for cls in _ORDER)
STAGES: dict[str, type[Stage]] = {cls.name: cls for cls in _ORDER}

__all__ = ["STAGES", "STAGE_ORDER", "Stage"]
