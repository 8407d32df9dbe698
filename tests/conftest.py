from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (SAMPLES / "seed-page.txt").read_text(encoding="utf-8")
