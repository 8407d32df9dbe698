"""Footnotes moved to the "notes" channel; note markers in the body reattached
and linked to them.

A footnote block is the run of lines at the bottom of a page that starts with
the note number expected next (continuing from the notes of the pages before)
and goes on with the following numbers in sequence; lines between two note
starts are continuation lines.  On the first page with notes, or when
numbering restarts at 1, the block needs other evidence: a marker in the body
with one of its numbers (so a numbered list at a page bottom stays).  Inside
a block the numbering may restart at 1 (the notes of the next column, or of a
new chapter, under the ones before) when a marker with one of the new run's
numbers is in the body.

A note that breaks off at a page foot (its text stops mid-sentence, or inside
parentheses) may go on at the foot of the next page, unnumbered, under that
page's body (PDF input: the lines are told apart by their smaller type); those
lines are moved to the same note.

A marker is a superscript number attached to the word before it (or set
apart from it by the reader's gap, "Reports ¹ from"), digits the extractor
glued after punctuation or a word ("famine.7There", "alert,5and",
"reports7of"), or a number put on a line of its own.  It is accepted only if
a note with that number is on the same page, and markers go up in order;
years, "1930s.", isotopes ("¹⁰B"), "CO2", "f. 558", "ch. 5" and list numbers
lack that shape or that evidence and stay as they are.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from ..errors import UsageError
from ..model import Document, Edit, Line
from .base import Stage

_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUP = str.maketrans("0123456789", _SUP)
_FROM_SUP = str.maketrans(_SUP, "0123456789")
# A note starts with its number: followed by a space, superscript, or (as
# extractors print a raised number) glued to a capitalised first word.
_NOTE_START_RE = re.compile(
    r"[ \t]*(?:([0-9]{1,3})\.?[ \t]+|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})[ \t]*|([0-9]{1,3})(?=[A-Z\u201c\u2018\"]))(?=\S)"
)
# Words a number follows as a reference, not a note callout ("volume1").
_NUMBERED_NOUNS = frozenset(
    {"volume", "vol", "chapter", "chap", "page", "pages", "section", "sect", "figure", "fig", "table", "appendix"}
    | {"edition", "version"}
)
_NUMBERED_ENDS = tuple(w for w in _NUMBERED_NOUNS if len(w) >= 4)  # glued to the word before: "likevolume"
_SECTION_RE = re.compile(r"[ \t]*([0-9]{1,3})((?:\.[0-9]{1,3})+)?\.?[ \t]+[A-Z][a-z]")
_DOTTED_RE = re.compile(r"[ \t]*[0-9]{1,3}\.[ \t]")  # "2. " as a list numbers its items
_SUP_RE = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}")
_YEAR_BEFORE_RE = re.compile(r"(?:^|[^0-9.,])(?:1[5-9]|20)[0-9]{2}\Z")
_DIGITS_RE = re.compile(r"[0-9]+")
_OWN_LINE_RE = re.compile(r"[ \t]*([0-9]{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})[ \t]*")
_CLOSERS = ".,;:!?’”\"')]"
FORMATS = ("superscript", "markdown", "bracket", "none")


def _number(s: str) -> int:
    return int(s.translate(_FROM_SUP))


@dataclass(frozen=True)
class _Marker:
    start: int  # span replaced (includes the line break before an own-line marker)
    end: int
    number: int
    kind: str  # "superscript", "spaced", "glued", "own_line"


@dataclass
class _Note:
    line: int
    number: int
    last: int  # last line of the note


def _broke_off(note: str) -> bool:
    """The note's text stops mid-sentence: on a letter, a comma, semicolon,
    colon or hyphen, or inside parentheses ("(Emma, ch.")."""
    tail = note.rstrip()[-1:]
    return tail.isalpha() or tail in ",;:-" or note.count("(") > note.count(")")


def _word_before(text: str, i: int) -> str:
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return text[j:i]


@dataclass(frozen=True)
class Notes(Stage):
    """Move footnotes to the notes channel and reattach and link their markers."""

    # How markers are written: "superscript" (⁷), "markdown" ([^7]), "bracket" ([7]) or "none".
    marker_format: str = "superscript"

    name: ClassVar[str] = "notes"
    rules: ClassVar[dict[str, str]] = {
        "notes.footnote": "footnote text at the page bottom moved to the notes channel (one item per note)",
        "notes.number": "a footnote's leading number (and the line break before it) removed with the moved note",
        "notes.marker": (
            "note marker reattached to the word before it, in the marker format: 'famine.7There' -> 'famine.⁷ There'"
        ),
        "notes.marker_line": "note marker the extractor put on a line of its own reattached to the word before it",
        "notes.continued": (
            "PDF: small-type lines at a page foot, after a page whose last note broke off mid-sentence, moved to "
            "that note (a footnote continued on the next page)"
        ),
    }
    cleans_channels: ClassVar[bool] = False

    def __post_init__(self) -> None:
        if self.marker_format not in FORMATS:
            raise UsageError(f"notes.marker_format must be one of {', '.join(FORMATS)}, got {self.marker_format!r}")

    def __call__(self, doc: Document) -> Iterator[Edit]:
        text = doc.text
        lines = doc.lines()
        edits: list[Edit] = []
        linked: list[tuple[int, int]] = list(doc.facts.get("notes.linked", []))
        expect: int | None = None
        carried: list[_Marker] = []
        broken: int | None = None  # number of the last note of the page before, if it broke off
        for first, end in self._pages(doc, lines):
            # Callouts of the page before that found no note there may belong to
            # this page's notes (the extractor can cut a page before its last
            # callout's note starts).
            markers = carried + self._markers(text, lines, first, end, pdf=doc.glyphs is not None)
            block = self._block(doc, lines, first, end, markers, expect)
            if broken is not None:
                cont = self._continuation(doc, lines, first, block[0].line if block else end, broken)
                if cont is not None:
                    edits.append(cont)
            broken = None
            if not block:
                carried = [m for m in markers if m.start >= lines[first].start]
                continue
            expect = block[-1].number + 1
            if _broke_off(text[lines[block[-1].line].start : lines[block[-1].last].end]):
                broken = block[-1].number
            carried = []
            # The block's runs of numbers (numbering may restart at 1 inside
            # it: the notes of two columns, or of two chapters).
            runs: list[set[int]] = []
            for k, n in enumerate(block):
                if k == 0 or n.number != block[k - 1].number + 1:
                    runs.append(set())
                runs[-1].add(n.number)
            body_end = lines[block[0].line].start
            run = 0
            last = 0
            for m in markers:
                if m.end > body_end:
                    continue
                if m.number in runs[run] and m.number > last:
                    pass
                else:
                    later = [k for k in range(run + 1, len(runs)) if m.number in runs[k]]
                    if not later:
                        continue
                    run = later[0]
                last = m.number
                runs[run].discard(m.number)
                linked.append((doc.page_of(lines[block[0].line].start), m.number))
                e = self._marker_edit(text, m)
                if e is not None:
                    edits.append(e)
            edits.extend(self._note_edits(doc, text, lines, block, first))
        if linked:
            doc.facts["notes.linked"] = linked
        yield from edits

    # --- pages -----------------------------------------------------------------
    @staticmethod
    def _pages(doc: Document, lines: list[Line]) -> list[tuple[int, int]]:
        """Pages as (first line, end line): form feeds and the page breaks the
        headers stage found in run-together text."""
        cuts: set[int] = set()
        for i, ln in enumerate(lines):
            if ln.brk == "\f":
                cuts.add(i + 1)
        breaks = doc.facts.get("headers.page_breaks") or []
        if breaks:
            starts = [ln.start for ln in lines]
            n = len(doc.text)
            for b in breaks:
                # First current position whose original position reaches b.
                lo, hi = 0, n
                while lo < hi:
                    mid = (lo + hi) // 2
                    if doc.align.orig_pos(mid) < b:
                        lo = mid + 1
                    else:
                        hi = mid
                k = bisect.bisect_left(starts, lo)
                if 0 < k < len(lines):
                    cuts.add(k)
        bounds = [0, *sorted(cuts), len(lines)]
        return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]

    # --- markers -----------------------------------------------------------------
    @staticmethod
    def _markers(text: str, lines: list[Line], first: int, end: int, pdf: bool = False) -> list[_Marker]:
        """The note callouts of the page: superscripts, numbers on a line of
        their own, and, in text input, numbers glued to the text ("famine.7
        There").  PDF input shows which digits are raised (the layout stage
        wrote those as superscripts): its plain digits glued to a word are
        part of it ("texi2pdf", "web2c", "B.2")."""
        out: list[_Marker] = []
        for li in range(first + 1, end):
            ln = lines[li]
            t = ln.text
            m = _OWN_LINE_RE.fullmatch(t) if 0 < len(t) <= 8 else None
            if m:
                # A number alone on a line, after a line of text: a marker set apart.
                prev = lines[li - 1]
                if prev.text.strip() and prev.brk != "\f":
                    s = prev.start + len(prev.text.rstrip())
                    if text[s - 1].isalpha() or text[s - 1] in _CLOSERS:
                        out.append(_Marker(s, ln.start + m.end(1), _number(m.group(1)), "own_line"))
        lo, hi = lines[first].start, lines[end - 1].end
        sups = _SUP_RE.finditer(text, lo, hi) if any(c in text[lo:hi] for c in _SUP) else iter(())
        for sm in sups:
            a = sm.start()
            before = text[a - 1] if a > lo else "\n"
            if before in " \t" and a - 1 > lo:
                # "Reports ¹ from": a callout the reader set apart from its word
                # by the gap before it; a space follows it too ("¹⁰B" is an isotope).
                after = text[sm.end()] if sm.end() < hi else " "
                word = text[a - 2]
                if (word.isalpha() or word in _CLOSERS) and (after.isspace() or after in _CLOSERS):
                    out.append(_Marker(a - 1, sm.end(), _number(sm.group()), "spaced"))
                continue
            if before.isdigit() and _YEAR_BEFORE_RE.search(text, max(lo, a - 6), a):
                # "launched in 1988⁴,": after a year, a callout (a year has no exponent).
                out.append(_Marker(a, sm.end(), _number(sm.group()), "superscript"))
                continue
            if before.isspace() or before.isdigit() or before in _SUP:
                continue  # "¹⁰B", "10³": not attached to a word
            out.append(_Marker(a, sm.end(), _number(sm.group()), "superscript"))
        for gm in _DIGITS_RE.finditer(text, lo, hi) if not pdf else ():
            a, b = gm.span()
            if a == lo or b - a > 3 or text[a - 1].isspace():
                continue
            before = text[a - 1]
            after = text[b : b + 1]
            if before in _CLOSERS:
                # "famine.7There", "alert,5and": the word before the punctuation
                # must be a word ("p.5", "1,500" are not markers).
                k = a - 1
                while k > lo and text[k - 1] in _CLOSERS:
                    k -= 1
                w = _word_before(text, k)
                if len(w) < 2 and not (k > lo and text[k - 1] in "’”\"')]"):
                    continue
                if text[k - 1].isupper() and a - k == 1 and text[k] == ".":
                    continue  # "Appendix B.2", "A.1": a section number
                if after and not (after.isalpha() or after.isspace() or after in "“‘\"("):
                    continue
            elif before.isalpha():
                # "reports7of": a lowercase word of three letters or more ("CO2", "mp3" are not).
                w = _word_before(text, a)
                if len(w) < 3 or not w.islower() or w in _NUMBERED_NOUNS or w.endswith(_NUMBERED_ENDS):
                    continue  # ("volume1", "chapter3", "likevolume1": a reference, not a callout)
                if after and not (after.isspace() or after.islower()):
                    continue
            else:
                continue
            out.append(_Marker(a, b, int(gm.group()), "glued"))
        out.sort(key=lambda m: m.start)
        return out

    def _format(self, n: int) -> str:
        if self.marker_format == "superscript":
            return str(n).translate(_TO_SUP)
        if self.marker_format == "markdown":
            return f"[^{n}]"
        if self.marker_format == "bracket":
            return f"[{n}]"
        return ""

    def _marker_edit(self, text: str, m: _Marker) -> Edit | None:
        old = text[m.start : m.end]
        after = text[m.end : m.end + 1]
        sep = " " if after and (after.isalnum() or after in "“‘\"(") else ""
        new = self._format(m.number) + sep
        if new == old:
            return None
        if m.start and not text[m.start - 1].isascii():
            from .unicode import rereads_as_mojibake

            if rereads_as_mojibake(text[max(0, m.start - 3) : m.start] + new):
                return None  # "Ë¹" would read as mis-decoded UTF-8: leave the marker as it is
        rule = "notes.marker_line" if m.kind == "own_line" else "notes.marker"
        how = {
            "own_line": "on a line of its own",
            "glued": "glued to the text",
            "superscript": "superscript",
            "spaced": "superscript set apart from its word",
        }[m.kind]
        return Edit(
            m.start,
            m.end,
            new,
            rule,
            confidence=0.9,
            reason=f"marker {m.number} ({how}) matches note {m.number} on the same page",
        )

    # --- the footnote block ------------------------------------------------------
    @staticmethod
    def _start(line: Line) -> tuple[int, int] | None:
        """(number, offset of the note text in the line) if the line starts a note."""
        m = _NOTE_START_RE.match(line.text)
        if not m:
            return None
        return _number(m.group(1) or m.group(2) or m.group(3)), m.end()

    def _block(
        self, doc: Document, lines: list[Line], first: int, end: int, markers: list[_Marker], expect: int | None
    ) -> list[_Note]:
        # Last non-blank line of the page.
        last = end - 1
        while last >= first and not lines[last].text.strip():
            last -= 1
        if last <= first:
            return []
        starts: dict[int, int] = {}
        for li in range(first + 1, last + 1):
            st = self._start(lines[li])
            if st is not None and st[0] > 0:
                starts[li] = st[0]
        if not starts:
            return []
        # From the bottom up: the next note after a note start is the nearest
        # line below it that starts with the next number.
        nxt: dict[int, int] = {}
        chain_last: dict[int, int] = {}
        below: dict[int, int] = {}
        for li in sorted(starts, reverse=True):
            n = starts[li]
            j = below.get(n + 1)
            if j is not None:
                nxt[li] = j
                chain_last[li] = chain_last[j]
            else:
                chain_last[li] = n
            below[n] = li
        first_marker: dict[int, int] = {}
        for m in markers:
            first_marker.setdefault(m.number, m.end)
        def evidence(li: int, body_end: int) -> int:
            n0 = starts[li]
            top = min(chain_last[li], n0 + 50)
            return sum(1 for k in range(n0, top + 1) if first_marker.get(k, body_end + 1) <= body_end)

        # Numbering may restart at 1 inside the block (the notes of the next
        # column or chapter under the ones before), once per callout "1" in
        # the body: each restart line starts a run of its own.
        restarts = sorted(li for li, n in starts.items() if n == 1)
        ones = sum(1 for m in markers if m.number == 1)
        ranked: list[tuple[tuple[int, int, int], list[int]]] = []
        for li, n0 in starts.items():
            if expect is not None and n0 != expect and n0 != 1:
                continue
            body_end = lines[li].start
            allowed = ones - (1 if n0 == 1 else 0)
            runs = [li]
            if allowed > 0:
                k = bisect.bisect_right(restarts, li)
                while k < len(restarts) and len(runs) <= allowed:
                    if evidence(restarts[k], body_end):
                        runs.append(restarts[k])
                    k += 1
            ev = sum(evidence(r, body_end) for r in runs)
            if ev and ev * 2 < chain_last[li] - n0 + 1 and _DOTTED_RE.match(lines[li].text):
                # "1. ... 2. ... 3. ..." with callouts for fewer than half of
                # them: a numbered list that a stray digit ("python3") seems
                # to call, not notes (callouts of notes are not lost one by one).
                continue
            if n0 == expect or ev >= 1:
                ranked.append(((ev, 1 if n0 == expect else 0, li), runs))
        ranked.sort(key=lambda r: r[0], reverse=True)
        for _, runs in ranked[:20]:
            notes: list[_Note] = []
            for r, r_next in itertools.zip_longest(runs, runs[1:]):
                stop = last if r_next is None else r_next - 1
                while stop > r and not lines[stop].text.strip():
                    stop -= 1
                notes += self._chain(lines, r, starts, nxt, stop)
            if (
                self._swallows_body(lines, notes, markers)
                or self._body_sized(doc, lines, notes, first)
                or self._continues_list(lines, notes, first)
                or self._heading_starts(lines, notes, first, last)
            ):
                continue
            return notes
        return []

    @staticmethod
    def _continuation(doc: Document, lines: list[Line], first: int, below: int, number: int) -> Edit | None:
        """PDF only: the lines right above ``below`` (this page's first note,
        or its end) set in a type smaller than the page's body, none starting
        a note: the rest of note ``number``, which broke off at the foot of
        the page before.  Pages with little body text are not judged."""
        if doc.glyphs is None:
            return None
        bottom = below - 1
        while bottom > first and not lines[bottom].text.strip():
            bottom -= 1
        top = bottom
        while top > first and lines[top].text.strip() and Notes._start(lines[top]) is None:
            if not Notes._small_type(doc, lines[top], lines[first].start):
                break
            top -= 1
        top += 1
        if top > bottom or top <= first:
            return None
        start = lines[top].start
        while start > lines[first].start and doc.text[start - 1] in " \t\r\n":
            start -= 1
        end = lines[bottom].start + len(lines[bottom].text.rstrip())
        return Edit(
            start,
            end,
            "",
            "notes.continued",
            confidence=0.9,
            reason=f"small type at the page foot after note {number} broke off on the page before: its continuation",
            moved_to="notes",
            data={"number": number, "continues": True},
        )

    @staticmethod
    def _small_type(doc: Document, line: Line, page_start: int) -> bool:
        """The line is set at most 0.9 times the type of the page's body above it."""
        body = doc.type_sizes(page_start, line.start, sample=400)
        mine = doc.type_sizes(line.start, line.start + len(line.text))
        if len(body) < 100 or not mine:
            return False
        return mine[len(mine) // 2] <= 0.9 * body[len(body) // 2]

    @staticmethod
    def _body_sized(doc: Document, lines: list[Line], notes: list[_Note], first: int) -> bool:
        """PDF only: the block is set in the type of the page's body above it,
        not in the smaller type of footnotes (a numbered heading, "2. Deuxième
        étape", and the text under it).  Pages with little body text above
        the block are not judged; sizes are sampled (up to 400 characters
        each side)."""
        if doc.glyphs is None or not notes:
            return False
        top = lines[notes[0].line].start
        if top - lines[first].start >= 400:
            body = doc.type_sizes(lines[first].start, top, sample=400)
        else:
            # Little body above the block on this page: the document's body
            # type instead (its most common size, sampled over all its text,
            # once per document).
            cached: list[float] | None = doc.scratch.get("notes.document_sizes")
            if cached is None:
                cached = doc.scratch["notes.document_sizes"] = doc.type_sizes(0, len(doc.text), sample=2000)
            body = cached
        block = doc.type_sizes(top, lines[notes[-1].last].end, sample=400)
        if len(body) < 100 or not block:
            return False
        return block[len(block) // 2] >= 0.97 * body[len(body) // 2]

    @staticmethod
    def _continues_list(lines: list[Line], notes: list[_Note], first: int) -> bool:
        """The block's first number, written with a full stop, goes on from
        an item right above it (at most six lines of text up) that starts
        with the number before ("1. Files are grouped" above "2. Within each
        group"): the items of a numbered list, not notes (a note right above
        a note is in the same block)."""
        start = lines[notes[0].line].text.lstrip(" \t")
        m = _NOTE_START_RE.match(start)
        n = notes[0].number
        if m is None or m.group(1) is None or n < 2 or start[len(m.group(1))] != ".":
            return False  # (only "2." continues a list: "2 " is a note's own way, as "²" is)
        want = f"{n - 1}."
        # The item before ends right above: within six lines of text (blank
        # lines aside: a cleaned text sets list items apart).
        seen = 0
        for li in range(notes[0].line - 1, first - 1, -1):
            text = lines[li].text.lstrip(" \t")
            if not text:
                continue
            if text.startswith(want):
                return True
            seen += 1
            if seen == 6:
                break
        return False

    @staticmethod
    def _heading_starts(lines: list[Line], notes: list[_Note], first: int, last: int) -> bool:
        """A note of the block is a numbered heading and the text under it:
        its first line is a title of one to five words, the first
        capitalised, with no punctuation ("4 Configuration", "4
        Configuration items"), under 60 % of the page's typical line (the
        median length of its lines); or a later line of the note starts with the note's own number or
        a section number ("3 Customizing ...", "3.1 An overview").  A note's
        first line is the start of a sentence or a reference, as long as the
        lines after it ("4 Ibid.", "7 Ethiopian Aircraft Accident
        Investigation" / "Bureau, Interim Report ...")."""
        lengths = sorted(n for li in range(first, last + 1) if (n := len(lines[li].text.strip())))
        typical = lengths[len(lengths) // 2] if lengths else 0
        for note in notes:
            if note.last <= note.line:
                continue
            m = _NOTE_START_RE.match(lines[note.line].text)
            if m is None or m.group(1) is None:
                continue  # (a superscript number starts a note)
            words = lines[note.line].text[m.end() :].split()
            if (
                1 <= len(words) <= 5
                and len(lines[note.line].text.strip()) < 0.6 * typical
                and all(w.isalpha() and len(w) <= 15 for w in words)
                and words[0][0].isupper()
            ):
                return True
            # A numbered heading inside the note: its own number again, or a
            # section number ("3 Customizing the Search Results", "3.1 An
            # overview") at the start of a later line.
            for li in range(note.line + 1, note.last + 1):
                h = _SECTION_RE.match(lines[li].text)
                if h is not None and (h.group(2) or int(h.group(1)) == note.number):
                    return True
        return False

    @staticmethod
    def _chain(lines: list[Line], li: int, starts: dict[int, int], nxt: dict[int, int], last: int) -> list[_Note]:
        notes: list[_Note] = []
        cur: int | None = li
        while cur is not None:
            following = nxt.get(cur)
            if following is not None and following > last:
                following = None  # beyond the run's end
            stop = following - 1 if following is not None else last
            while stop > cur and not lines[stop].text.strip():
                stop -= 1
            notes.append(_Note(cur, starts[cur], stop))
            cur = following
        return notes

    @staticmethod
    def _swallows_body(lines: list[Line], notes: list[_Note], markers: list[_Marker]) -> bool:
        """A callout for a later note of the block inside an earlier note's
        text: the block ran over body text (a page break that was not found)."""
        if len(notes) < 2:
            return False
        line_of = {n.number: lines[n.line].start for n in notes}
        lo, hi = lines[notes[0].line].start, lines[notes[-1].line].start
        for m in markers:
            if (
                lo <= m.start < hi
                and m.number in line_of
                and m.number != notes[0].number
                and m.start < line_of[m.number]
                and m.kind != "own_line"
            ):
                return True
        return False

    def _note_edits(self, doc: Document, text: str, lines: list[Line], block: list[_Note], first: int) -> list[Edit]:
        edits: list[Edit] = []
        floor = lines[first].start
        for note in block:
            ln = lines[note.line]
            st = self._start(ln)
            assert st is not None
            num_s = ln.start
            while num_s > floor and text[num_s - 1] in " \t\r\n":
                num_s -= 1
            body_s = ln.start + st[1]
            last = lines[note.last]
            body_e = last.start + len(last.text.rstrip())
            edits.append(
                Edit(
                    num_s,
                    body_s,
                    "",
                    "notes.number",
                    confidence=0.95,
                    reason=f"number of note {note.number}, moved with its note",
                )
            )
            edits.append(
                Edit(
                    body_s,
                    body_e,
                    "",
                    "notes.footnote",
                    confidence=0.95,
                    reason=f"note {note.number} at the bottom of the page, in sequence",
                    moved_to="notes",
                    data={"number": note.number},
                )
            )
        return edits
