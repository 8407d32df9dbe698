"""The stages, and the one place where their order is declared.

Each stage lives in its own module and proposes edits; see ``base.Stage``.
"""

from __future__ import annotations

from .base import Stage
from .headers import Headers
from .hyphenation import Hyphenation
from .ligatures import Ligatures
from .notes import Notes
from .paragraphs import Paragraphs
from .spaces import Spaces
from .unicode import Unicode

# The order stages run in, declared once.
STAGE_ORDER: tuple[str, ...] = (
    Unicode.name,
    Ligatures.name,
    Headers.name,
    Notes.name,
    Hyphenation.name,
    Spaces.name,
    Paragraphs.name,
)

STAGES: dict[str, type[Stage]] = {cls.name: cls for cls in (Unicode, Ligatures, Headers, Notes, Hyphenation, Spaces, Paragraphs)}

__all__ = ["STAGES", "STAGE_ORDER", "Stage"]
