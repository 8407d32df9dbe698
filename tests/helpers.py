"""Checks shared by the invariant tests."""

from __future__ import annotations

from collections import Counter

import ocrfix
from ocrfix.pipeline import BODY


def check_invariants(text: str, *, unicode_idempotent: bool = True, **options: object) -> ocrfix.Result:
    """Replay, conservation and idempotence for one input; returns the result.

    ``unicode_idempotent=False`` leaves the unicode stage out of the second
    run: on arbitrary character soup ftfy's mojibake decisions depend on the
    neighbouring characters by design, so once later stages trim or join the
    text a second pass may decide differently (e.g. '\x9bÑÜ¯').  Every other
    stage must still change nothing.
    """
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
    again_options = dict(options)
    if not unicode_idempotent:
        again_options["skip"] = [*list(options.get("skip", []) or []), "unicode"]  # type: ignore[call-overload]
    again = ocrfix.clean_text(result.text, **again_options)  # type: ignore[arg-type]
    assert again.text == result.text, [(e.rule, e.old, e.new) for e in again.applied]
    return result
