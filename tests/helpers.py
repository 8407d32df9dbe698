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


def pdf_document(lines: list[tuple[str, str]]) -> ocrfix.Document:
    """A one-page PDF-like Document: each ``(text, font)`` is a line of
    10-point glyphs, 5 points a character, 12 points apart."""
    from ocrfix.model import Glyph

    text = "\n".join(t for t, _font in lines)
    glyphs: list[Glyph | None] = [None] * len(text)
    k = 0
    for row, (t, font) in enumerate(lines):
        top = 100.0 + 12.0 * row
        for col, ch in enumerate(t):
            if not ch.isspace():
                glyphs[k] = Glyph(1, 5.0 * col, top, 5.0 * col + 4.5, top + 10.0, 10.0, font)
            k += 1
        k += 1  # the line break
    return ocrfix.Document(text, glyphs=glyphs)
