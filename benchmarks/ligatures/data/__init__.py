"""The prose of the ligature benchmark (made by ``python -m benchmarks.ligatures.prepare``)."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent

# name -> file; see ../SOURCES.md for where each comes from.
SOURCES = {
    "gnu-standards": "gnu_standards.txt",
    "austen-persuasion": "austen_persuasion.txt",
}


def load_sources() -> dict[str, str]:
    """name -> text of each committed source."""
    return {name: (DATA_DIR / fn).read_text(encoding="utf-8") for name, fn in SOURCES.items()}
