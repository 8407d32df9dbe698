"""Foundation invariants on every sample and on random text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import check_invariants

SAMPLES = sorted(p for p in (Path(__file__).resolve().parent.parent / "samples").rglob("*.txt"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_invariants_on_samples(path: Path) -> None:
    check_invariants(path.read_text(encoding="utf-8"))


WORDS = st.sampled_from(
    ["the", "eort", "inuence", "rst", "o", "at", "De-", "pression", "US-", "Japanese", "famine.⁷There", "7", "199",
     "Conclusion", "Ë", "(cid:12)", "\ufb01", "cafÃ©", "“siege”", "In-t", "—", "1930s.", "a", "of", "dierent", ","]
)
SEPS = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\f", "\t", "\r\n"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(WORDS, SEPS), max_size=60))
def test_invariants_on_word_soup(parts: list[tuple[str, str]]) -> None:
    check_invariants("".join(w + s for w, s in parts))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_invariants_on_random_text(text: str) -> None:
    check_invariants(text, unicode_idempotent=False)


# Known failures, kept (not deleted) until fixed: word soups where one stage's
# move or join sets up a decision another stage makes differently on a second
# run.  strict=True: a case that starts passing fails here, so it is noticed
# and moved out of this list.
KNOWN_NOT_IDEMPOTENT = [
    # ligatures: the first run sees "7 pression" (a note, moved later) as
    # context; the second run's context differs and tips the gate.
    "eort famine.⁷There\n7 pression pression\fdierent ",
    # notes: moving "7 the" as a note leaves the next "7 the" to a second run.
    "famine.⁷There\n7 the\n7 the ",
]


# Once known failures, now passing: kept as cases.
FIXED_NOT_IDEMPOTENT = [
    # paragraphs: a line joined only once the note block after it was gone
    # (passes since numbered headings at page edges stand apart).
    "7 the the the the eort inuence De-\nthe\nthe ",
]


@pytest.mark.parametrize("text", FIXED_NOT_IDEMPOTENT)
def test_once_not_idempotent(text: str) -> None:
    check_invariants(text)


@pytest.mark.xfail(strict=True, reason="cross-stage re-run differences (see KNOWN_NOT_IDEMPOTENT)")
@pytest.mark.parametrize("text", KNOWN_NOT_IDEMPOTENT)
def test_known_not_idempotent(text: str) -> None:
    check_invariants(text)
