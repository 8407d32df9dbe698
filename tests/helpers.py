"""Checks shared by the invariant tests."""

from __future__ import annotations

from collections import Counter

import ocrfix
from ocrfix.pipeline import BODY


def check_invariants(text: str, **options: object) -> ocrfix.Result:
    """Replay, conservation and idempotence for one input; returns the result."""
    result = ocrfix.clean_text(text, **options)  # type: ignore[arg-type]
    # Replay: undoing the recorded body edits gives the input back exactly.
    assert ocrfix.rebuild(result.edits, result.text) == text
    # Conservation: every non-whitespace input character is in the body, in a
    # channel, or in the `old` of a recorded (applied) edit.
    have: Counter[str] = Counter(c for c in result.text if not c.isspace())
    for e in result.edits:
        if e.applied and e.channel == BODY and not e.moved_to:
            have.update(c for c in e.old if not c.isspace())
    for e in result.edits:
        if e.applied and e.moved_to:
            have.update(c for c in e.old if not c.isspace())
    need = Counter(c for c in text if not c.isspace())
    missing = need - have
    assert not missing, f"characters lost: {dict(missing)}"
    # Idempotence: cleaning the output again changes nothing.
    again = ocrfix.clean_text(result.text, **options)  # type: ignore[arg-type]
    assert again.text == result.text, [(e.rule, e.old, e.new) for e in again.applied]
    return result
