"""The stages, and the one place where their order is declared.

Each stage lives in its own module and proposes edits; see ``base.Stage``.
"""

from __future__ import annotations

from .base import Stage
from .ligatures import Ligatures
from .unicode import Unicode

# The order stages run in, declared once.
STAGE_ORDER: tuple[str, ...] = (
    Unicode.name,
    Ligatures.name,
)

STAGES: dict[str, type[Stage]] = {cls.name: cls for cls in (Unicode, Ligatures)}

__all__ = ["STAGES", "STAGE_ORDER", "Stage"]
