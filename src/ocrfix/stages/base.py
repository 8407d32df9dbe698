"""What every stage is: a small frozen dataclass whose fields are its options."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from ..model import Document, Edit


@dataclass(frozen=True)
class Stage:
    """Base class.  Subclasses set ``name`` and ``rules`` (rule id -> one line
    of description) and implement ``__call__``, which looks at the document and
    proposes edits; it never builds the output string."""

    name: ClassVar[str] = "stage"
    rules: ClassVar[Mapping[str, str]] = {}
    # Also run on text moved out of the body (footnotes), after the move.
    cleans_channels: ClassVar[bool] = False

    def __call__(self, doc: Document) -> Iterable[Edit]:  # pragma: no cover - abstract
        raise NotImplementedError

    def rule(self, short: str) -> str:
        """Full rule id ``<stage>.<short>``, checked against the declared rules."""
        rid = f"{self.name}.{short}"
        if rid not in self.rules:
            raise KeyError(f"rule {rid} is not declared by stage {self.name}")
        return rid
