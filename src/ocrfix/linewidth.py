"""How long a printed line is, when only its text is known.

Extracted text loses the page's geometry.  The paragraphs stage judges a line
by its length against the document's full line: a line well short of it ends
a paragraph.  Counting characters is the simplest length, and the right one
for monospaced text, but in a proportional font a justified full line of
narrow letters ("illicit little") holds many more characters than one of wide
ones ("WOMEN WHO MOW"), and a paragraph's last line hides among full lines.
In pdfplumber's text of the evaluation's four one-column books (Computer
Modern, Times, Latin Modern, Charter), a tenth of the full lines hold fewer
than 86-89 % of the median full line's characters; in widths, 92-93 %.

A line's *width* sums its characters' advance widths in a proportional
font's metrics: the Adobe core font Times-Roman, as pdfminer.six (a
dependency, through pdfplumber) ships them.  Its proportions stand for those
of the common book faces; another core font, Helvetica, was tried as a second
candidate and chosen by the same test below, and it read no more paragraphs
on seven documents typeset for the check in Helvetica, Bookman, Utopia, New
Century, Palatino, Times and Computer Modern (393 of 712 with Times alone,
391 with both).  Widths are in units of an average character of English
prose (the table's widths over 412, the mean advance of Times-Roman over the
evaluation's novels), so thresholds written for characters keep their sense.
:func:`choose` takes, per document, the measure under which the lines that go
on to the next (those that do not end a sentence: full lines, in justified
type) are most alike in length: characters, unless the font's widths make
those lines clearly more alike (by a tenth; monospaced text and text wrapped
at a fixed count stay in characters).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Sequence

Measure = Callable[[str], float]

FONT = "Times-Roman"
_UNIT = 412.0  # a mean character of English prose, in Times-Roman's 1/1000 em
_WIDE = 1000.0 / _UNIT  # a character the table lacks that is set full width (Chinese, Japanese)
# The font's widths must make the full lines this much more alike than
# character counts do (their spread, as a share) to be taken instead.
_BETTER = 0.9
_MIN_LINES = 20  # lines that go on needed to judge (fewer: characters)
_SAMPLE = 2000  # lines that go on judged at most


def chars(line: str) -> float:
    return float(len(line))


class _Widths(dict[str, float]):
    """A font's widths by character; a character the table lacks counts as
    full width if East Asian wide (Chinese, Japanese), else as an average
    character."""

    def __missing__(self, c: str) -> float:
        w = self[c] = _WIDE if unicodedata.east_asian_width(c) in ("W", "F") else 1.0
        return w


@functools.cache
def _widths(font: str) -> _Widths:
    from pdfminer.fontmetrics import FONT_METRICS

    return _Widths({c: w / _UNIT for c, w in FONT_METRICS[font][1].items()})


def font_measure(font: str) -> Measure:
    """The width of a line in ``font``'s metrics (see the module docstring).
    Each measure keeps the widths it worked out, by line: the paragraphs
    stage measures, in the text it reflows, the lines it chose the measure
    on (most of them as the extractor gave them)."""
    width_of = _widths(font).__getitem__
    seen: dict[str, float] = {}

    def width(line: str) -> float:
        w = seen.get(line)
        if w is None:
            w = seen[line] = sum(map(width_of, line))
        return w

    return width


def spread(values: Sequence[float]) -> float:
    """Interquartile range over median of the long values (at least 0.8 of
    the 90th percentile: full lines, not the short ones that end paragraphs)."""
    s = sorted(values)
    p90 = s[int(0.9 * (len(s) - 1))]
    full = [v for v in s if v >= 0.8 * p90]
    n = len(full)
    median = full[n // 2]
    return (full[3 * n // 4] - full[n // 4]) / median if median > 0 else 0.0


def choose(lines: Sequence[str], ends_sentence: Callable[[str], bool]) -> tuple[str, Measure]:
    """The measure (its name and function) for ``lines`` (printed lines,
    stripped): the font's widths if the lines that go on to the next are
    clearly more alike in them than in characters, else characters."""
    going_on = [ln for ln in lines[:-1] if len(ln) >= 20 and not ends_sentence(ln)]
    if len(going_on) < _MIN_LINES:
        return "characters", chars
    if len(going_on) > _SAMPLE:  # (a long document: every k-th line)
        going_on = going_on[:: len(going_on) // _SAMPLE + 1]
    measure = font_measure(FONT)
    if spread([measure(ln) for ln in going_on]) < _BETTER * spread([chars(ln) for ln in going_on]):
        return FONT, measure
    return "characters", chars
