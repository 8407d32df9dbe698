"""Unicode repair on ftfy: mojibake, HTML-escaped or terminal-escaped debris,
with every change recorded at its position.

ftfy explains steps, not positions, so the text is fixed line by line (only
lines that are not pure ASCII can be mojibake) and each changed line gives one
edit covering the part that differs.  The text is never NFKC-normalised
(superscript note numbers must survive); curly quotes are kept unless
``straighten_quotes`` is set.  Ligature code points are left to the ligature
stage, which records them itself.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ..model import Document, Edit, common_affixes
from .base import Stage

BOM = "\ufeff"


# Escape and C1 control characters, lone surrogates.
_CONTROL = re.compile("[\x1b\x80-\x9f\ud800-\udfff]")
# Runs of characters a single-byte code page (Latin-1 or Windows-1252) can
# hold, or single characters it cannot.
_CP1252_EXTRA = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
_ONE_BYTE = re.compile(f"[\\x00-\\xff{_CP1252_EXTRA}]")
_UNENCODABLE_RUN = re.compile(f"[\\x00-\\xff{_CP1252_EXTRA}]+|[^\\x00-\\xff{_CP1252_EXTRA}]")
_CURLY = re.compile("[\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f]")


@functools.cache
def _badness_triggers() -> re.Pattern[str] | None:
    """Characters of which every match of ftfy's badness pattern (what
    ``is_bad`` searches for) holds at least one: a line with none of them is
    not bad, and the pattern, slow on long lines, need not run.  Each of the
    pattern's alternatives is a sequence; from each, the single-character item
    (a character or a set of them, none ASCII) with the fewest of the
    characters common in clean text (curly quotes, dashes) is taken.  None
    (no shortcut) if the pattern is not of that shape."""
    try:
        from ftfy.badness import BADNESS_RE

        try:
            from re import _parser as parser  # type: ignore[attr-defined]
        except ImportError:  # Python 3.10
            import sre_parse as parser

        tree = parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    except Exception:  # pragma: no cover - another ftfy or Python
        return None
    if BADNESS_RE.flags & re.IGNORECASE or len(tree) != 1 or _op(tree[0][0]) != "BRANCH":
        return None  # pragma: no cover
    common = set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u00b7")
    triggers: set[str] = set()
    for alternative in tree[0][1][1]:
        best: set[str] | None = None
        for op, arg in alternative:
            chars = _item_chars(_op(op), arg)
            if chars is None or any(c.isascii() for c in chars):
                continue
            if best is None or (len(chars & common), len(chars)) < (len(best & common), len(best)):
                best = chars
        if best is None:
            return None  # pragma: no cover - an alternative without such an item
        triggers |= best
    return re.compile("[" + "".join(re.escape(c) for c in sorted(triggers)) + "]")


def _op(op: Any) -> str:
    return str(getattr(op, "name", op))


def _item_chars(op: str, arg: Any) -> set[str] | None:
    """The characters a pattern item matches, if it is one character from a
    fixed set (not a category, a negated set or anything longer)."""
    if op == "LITERAL":
        return {chr(arg)}
    if op != "IN":
        return None
    out: set[str] = set()
    for sub_op, sub_arg in arg:
        name = _op(sub_op)
        if name == "LITERAL":
            out.add(chr(sub_arg))
        elif name == "RANGE":
            out.update(map(chr, range(sub_arg[0], sub_arg[1] + 1)))
        else:
            return None
    return out


@dataclass(frozen=True)
class Unicode(Stage):
    """Fix mojibake and other encoding debris with ftfy, recording each change."""

    straighten_quotes: bool = False
    normalization: str | None = "NFC"

    name: ClassVar[str] = "unicode"
    rules: ClassVar[dict[str, str]] = {
        "unicode.mojibake": "text decoded with the wrong encoding (or other ftfy fix) repaired, e.g. 'Ã©' -> 'é'",
        "unicode.quotes": "curly quotes straightened (only with straighten_quotes)",
        "unicode.bom": "byte order mark (U+FEFF) at the start of the input removed",
    }
    cleans_channels: ClassVar[bool] = False

    def _suspicious(self, seg: str, badness: bool = True) -> bool:
        """Whether ftfy could change this line: it is slow (about 1 MB/s), so
        lines without a sign of mojibake, escapes, controls, surrogates,
        unnormalised sequences or (when asked) curly quotes skip it.  With
        ``badness`` False, any character of ftfy's badness pattern counts
        as a sign (a quick look at a whole text)."""
        from ftfy.badness import is_bad

        triggers = _badness_triggers()
        if (triggers is None or triggers.search(seg) is not None) and (not badness or is_bad(seg)):
            return True
        if _CONTROL.search(seg) is not None:
            return True
        if self.normalization is not None and not unicodedata.is_normalized(self.normalization, seg):  # type: ignore[arg-type]
            return True
        return self.straighten_quotes and _CURLY.search(seg) is not None

    def __call__(self, doc: Document) -> Iterator[Edit]:
        import ftfy

        config = ftfy.TextFixerConfig(
            unescape_html=False,
            remove_terminal_escapes=True,
            fix_encoding=True,
            replace_lossy_sequences=True,
            fix_latin_ligatures=False,
            fix_character_width=False,
            uncurl_quotes=self.straighten_quotes,
            fix_line_breaks=False,
            fix_surrogates=True,
            remove_control_chars=False,
            normalization=self.normalization,  # type: ignore[arg-type]
            explain=True,
        )
        # Byte order marks at the start (before any text, among blank space)
        # are removed in one edit; the text after them is fixed line by line.
        text = doc.text
        lead = 0
        while lead < len(text) and (text[lead] == BOM or text[lead].isspace()):
            lead += 1
        last_bom = text.rfind(BOM, 0, lead)
        if last_bom >= 0:
            span = text[: last_bom + 1]
            yield Edit(0, last_bom + 1, span.replace(BOM, ""), "unicode.bom", reason="a byte order mark is not text")
        if text.isascii() or not self._suspicious(
            text.replace("\r", " ").replace("\n", " ").replace("\f", " "), badness=False
        ):
            # No line can be suspicious when the whole text, with its line
            # breaks read as spaces as below, is not: each line's probe is a
            # piece of it between spaces, which neither compose nor reorder
            # with their neighbours.
            return
        for line in doc.lines():
            start = max(line.start, last_bom + 1)
            if start >= line.end:
                continue
            seg = text[start : line.end]
            # The line break counts as a space, as it will once lines are
            # joined: the decision must not change when they are.
            probe = seg + " " if line.brk else seg
            if seg.isascii() or not self._suspicious(probe):
                continue
            fixed, plan = self._fix(ftfy, config, probe)
            end = line.end
            if line.brk:
                if fixed.endswith(" "):
                    fixed = fixed[:-1]
                else:
                    seg, end = seg + line.brk, end + len(line.brk)  # the fix took the break with it
            if fixed != seg:
                yield self._edit(start, end, seg, fixed, plan)

    @staticmethod
    def _fix(ftfy: Any, config: Any, text: str) -> tuple[str, list[tuple[str, str]]]:
        """ftfy on each run of text a single-byte code page can hold (the
        characters between them, superscripts, ligature characters, CJK,
        cannot be mojibake but would stop ftfy re-decoding the whole line),
        repeated to a fixed point, so that a second run changes nothing."""
        plan: list[tuple[str, str]] = []
        for _ in range(4):
            out: list[str] = []
            for m in _UNENCODABLE_RUN.finditer(text):
                run = m.group()
                if run.isascii() or not _ONE_BYTE.match(run):
                    out.append(run)
                    continue
                fixed, steps = ftfy.fix_and_explain(run, config=config)
                out.append(fixed)
                plan.extend(steps or [])
            new = "".join(out)
            if new == text:
                break
            text = new
        return text, plan

    @staticmethod
    def _edit(start: int, end: int, seg: str, fixed: str, plan: Sequence[tuple[str, str]] | None) -> Edit:
        steps = [f"{step}:{arg}" for step, arg in (plan or [])]
        p, s = common_affixes(seg, fixed)
        only_quotes = all(step.startswith("apply:uncurl_quotes") for step in steps) and bool(steps)
        return Edit(
            start + p,
            end - s,
            fixed[p : len(fixed) - s],
            "unicode.quotes" if only_quotes else "unicode.mojibake",
            confidence=0.95,
            reason="ftfy: " + ", ".join(steps),
        )


def rereads_as_mojibake(text: str) -> bool:
    """Would the unicode stage change ``text``?  Later stages ask before they
    make text (a join, a marker) that it would read as mis-decoded UTF-8, so
    that cleaning the output again changes nothing."""
    if text.isascii():
        return False
    return any(True for _ in Unicode()(Document(text)))
