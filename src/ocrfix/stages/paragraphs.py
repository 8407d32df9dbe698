"""Lines reflowed into paragraphs.

Extracted text keeps the printed line breaks.  Every break between two lines
of text becomes a space (the paragraph goes on) or a paragraph break ("\\n\\n");
list items keep a plain line break between them.  The evidence, in order:

* a blank line (not counting the blank lines around a page break, which are
  page furniture) ends a paragraph;
* a change of measure: a run of lines of another typical length (a block
  quotation set in smaller type gives longer lines) is its own paragraph;
* list items ("•", "1.", "(a)") start on their own line; a short line with no
  sentence end followed by a capitalised line after a paragraph break is a
  heading and stays on its own line;
* the rows of a table (two or more lines in a row whose cells are set apart
  by tabs or by runs of three or more spaces) and the lines of a code listing
  (a line that looks like code, see ``codelike``, and the lines after it that
  look like code too or are indented deeper) stay on their own lines, with
  their indents and blank lines;
* a line well below the page's typical full-line length that ends a sentence
  ends its paragraph (the typical length is the median of the page's long
  lines, so indents and last lines do not drag it down);
* a line that ends a sentence with a quotation's end (note callouts after it
  aside) and a next line that opens a quotation or starts with a capital,
  or a sentence's end before a line that opens a quotation, end a paragraph
  in text input that sets speech as paragraphs of its own (a novel's
  dialogue: 2 % of its lines or more open a quotation; a line ending a
  quotation before one that opens another ends its paragraph in any text);
* a line that starts a sentence and is somewhat shorter than a full line, as
  an indent makes it, after a full line that ends a sentence, starts a
  paragraph (judged: lower confidence);
* otherwise the paragraph goes on, across page breaks too: the line break
  becomes a space, or nothing between Chinese or Japanese characters (and
  after their full-width punctuation), which are written without spaces.

Line lengths are measured on the printed lines: where earlier stages joined
lines (a word broken by a hyphen), the alignment map gives the original line
breaks back.  In text input a length is counted in characters, or, where it
fits the document's full lines better, summed from a proportional font's
character widths (see ``linewidth``: a full line of narrow letters holds
more characters than one of wide ones).  The document's leading and trailing
whitespace is trimmed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from .. import linewidth
from ..codelike import looks_like_code, marks
from ..model import LINE_BREAK, Document, Edit
from .base import Stage

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"  # note callouts
_CLOSERS = "\"'”’)]»›*†‡" + _SUPERSCRIPTS
_SENTENCE_END = frozenset(".!?:…")
_LIST_RE = re.compile(r"(?:[•▪◦‣∙·●○■□–*-]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}\)|\[\d{1,3}\])\s")
# A scene break: a line of three stars, dashes, tildes or hashes ("* * *",
# "***", "— — —") or an asterism.
_SCENE_BREAK_RE = re.compile(r"(?:([*~#\-\u2013\u2014])(?: ?\1){2,}|\u2042)")
_FURNITURE_RE = re.compile(r"^(?:\d{1,4}|[ivxlcdm]{1,7})\b|\b(?:\d{1,4}|[ivxlcdm]{1,7})$", re.I)
_NUMBER_LINE_RE = re.compile(r"\d{1,4}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7}")
_OPENERS = "\"'“‘(«‹"
# A gap between the cells of a table row: tabs, or three or more spaces, after
# a character that does not end a sentence (some texts put two or three spaces
# after a full stop).
_CELL_GAP_RE = re.compile(r"(?<=[^\s.!?])(?:\t+| {3,})(?=\S)")
# Chinese and Japanese characters (CJK radicals and symbols, kana, ideographs,
# full-width forms), written without spaces; Korean is written with them.
_CJK = "\u2e80-\u2fdf\u3000-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_RE = re.compile(f"[{_CJK}]")
# Their punctuation, which carries its own spacing: 、。「」 and full-width ，！？
_CJK_PUNCT_RE = re.compile("[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")


@dataclass(slots=True)
class _Line:
    start: int  # visible text (no leading / trailing whitespace)
    end: int
    indent: int  # leading spaces on the line
    first: float  # length of the first printed line in it (see ``linewidth``)
    last: float  # length of the last printed line in it
    pieces: list[float]
    page: int
    measure: float = 0.0
    short: float = 0.0  # a printed line shorter than this ends early
    ends: bool = False  # the line ends a sentence
    block: int = -1  # index of the block of another measure it belongs to


_DASH_RE = re.compile("[—–]")


def _closed_dashes(text: str) -> bool:
    """Does the text set its dashes closed ("day—to", "well–known") rather
    than spaced ("day – to")?  Number ranges ("1990–1995") are closed in
    either style and do not count; a text with no dash inside a line is
    taken as closed."""
    # What counting the non-overlapping matches of the patterns
    # ``[^\s\d][—–]\S|\S[—–][^\s\d]`` (closed) and ``\s[—–]\s`` (spaced)
    # gives, by looking at the characters around each dash: a regular
    # expression with no literal to look for tries every position of the text.
    # (``\s`` is str.isspace, ``\d`` str.isdecimal.)  A match spans the dash
    # and one character either side; the next one of its kind starts after it.
    closed = spaced = 0
    closed_end = spaced_end = 0  # where the last match of each kind ended
    for m in _DASH_RE.finditer(text, 1, len(text) - 1):
        d = m.start()
        a, b = text[d - 1], text[d + 1]
        if a.isspace():
            if b.isspace() and d > spaced_end:
                spaced += 1
                spaced_end = d + 2
        elif not b.isspace() and not (a.isdecimal() and b.isdecimal()) and d > closed_end:
            closed += 1
            closed_end = d + 2
    return closed >= spaced


@dataclass(frozen=True)
class Paragraphs(Stage):
    """Reflow printed lines into one line per paragraph."""

    # Lines longer than this many times the typical length form a block of another measure.
    wide_ratio: float = 1.07
    # Text input: share of lines opening a quotation from which a text is read
    # as setting speech in paragraphs of its own (a speech's end or start at
    # a line break that ends a sentence then ends the paragraph); above 1: never.
    speech_share: float = 0.02

    name: ClassVar[str] = "paragraphs"
    rules: ClassVar[dict[str, str]] = {
        "paragraphs.join": "line break inside a paragraph becomes a space (nothing between Chinese or Japanese characters)",
        "paragraphs.page_join": "page break inside a paragraph (it goes on on the next page) becomes a space",
        "paragraphs.break": "paragraph break written as one blank line",
        "paragraphs.page_break": "page break where a paragraph ends becomes a paragraph break",
        "paragraphs.line": "list item, table row, code line or heading kept on its own line",
        "paragraphs.trim": "whitespace at the start or end of the text removed",
    }
    cleans_channels: ClassVar[bool] = True

    def __call__(self, doc: Document) -> Iterator[Edit]:
        text = doc.text
        if text == text.strip() and LINE_BREAK.search(text) is None:
            return  # one line and no whitespace around it (a running header): nothing to reflow
        if doc.glyphs is None:
            # Text: line lengths in the measure that fits the document best
            # (characters, or a proportional font's widths).
            printed = [ln for ln in map(str.strip, doc.original.splitlines()) if ln]
            font, measure = linewidth.choose(printed, _ends_sentence)
        else:
            font, measure = "characters", linewidth.chars  # (PDF: the reader gives the lines' places)
        unit = "characters" if measure is linewidth.chars else f"characters' widths in {font}"
        lines = self._lines(doc, measure)
        if not lines:
            if text:
                yield Edit(0, len(text), "", "paragraphs.trim", 1.0, "the text is only whitespace")
            return
        if lines[0].start > 0:
            yield Edit(0, lines[0].start, "", "paragraphs.trim", 1.0, "whitespace before the text")
        for ln in lines:
            ln.ends = _ends_sentence(text[ln.start : ln.end])
        self._measures(lines)
        n = len(lines)
        gaps = [text[lines[k].end : lines[k + 1].start] for k in range(n - 1)]
        # Lines that start a list item, each matched once.
        listy = [_LIST_RE.match(text, ln.start, ln.end) is not None for ln in lines]
        # Table rows and code lines: kept as they are.
        as_is = [row or code for row, code in zip(_table_lines(text, lines), _code_lines(text, lines), strict=True)]
        if doc.glyphs is not None:
            # PDF: a line set wholly in typewriter type is code (or a
            # command, an option list): kept as it is.
            as_is = [keep or doc.typewriter(ln.start, ln.end, sample=12) for keep, ln in zip(as_is, lines, strict=True)]
        # PDF input: lines set as headings (larger or bold type).
        heads = _heading_styles(doc, lines) if doc.glyphs is not None else None
        starts = _line_starts(doc, lines) if doc.glyphs is not None else None

        def furniture_at(k: int) -> bool:
            # Only the first and last lines of a page can be furniture.
            edge = k == 0 or k == n - 1 or "\f" in gaps[k - 1] or "\f" in gaps[k]
            return edge and self._furniture(text, lines, k)

        # Text input: a novel's dialogue, where each speech is a paragraph of
        # its own, shows in the share of lines that open a quotation (3-15 %
        # in novels, at most 1 % in manuals and articles).  PDF input has the
        # lines' indents instead.
        speech = _speech_share(text, lines) if doc.glyphs is None else 0.0
        if speech < self.speech_share:
            speech = 0.0
        prev_para = True  # the line before starts a paragraph
        closed = _closed_dashes(text) if ("—" in text or "–" in text) else True  # once per text
        in_list = False
        furniture_next = furniture_at(0)
        for k in range(n - 1):
            a, b = lines[k], lines[k + 1]
            gap = gaps[k]
            sep, rule, conf, why = self._decide(
                text, lines, k, gap, prev_para, in_list, listy, closed, as_is, heads, starts, unit, speech
            )
            if listy[k] and prev_para:
                in_list = True
            if sep == "\n\n":
                in_list = False
            prev_para = sep.strip(" \t") in ("\n\n", "\n")
            furniture, furniture_next = furniture_next, furniture_at(k + 1)
            if furniture or furniture_next:
                edge = lines[k] if furniture else b
                if sum(map(str.isalpha, text[edge.start : edge.end])) < 3:
                    continue  # a page number line the headers stage left: not reflowed
                # A numbered heading at a page's edge that the headers stage
                # kept ("1 Overview"): it stands apart.
                sep, rule, conf = "\n\n", "paragraphs.page_break" if "\f" in gap else "paragraphs.break", 0.7
                why = "a numbered heading at the edge of a page stands apart"
            if (
                sep == " "
                and ord(text[a.end - 1]) >= 0x80  # (only then can it, see _rereads_as_mojibake)
                and _rereads_as_mojibake(text[max(a.start, a.end - 4) : a.end], text[b.start : b.start + 4])
            ):
                continue  # "Â " would read as a mis-decoded no-break space: leave the break
            if gap != sep:
                yield Edit(a.end, b.start, sep, rule, conf, why)
        if lines[-1].end < len(text):
            yield Edit(lines[-1].end, len(text), "", "paragraphs.trim", 1.0, "whitespace after the text")

    # --- lines and measures -----------------------------------------------------
    @staticmethod
    def _lines(doc: Document, measure: linewidth.Measure = linewidth.chars) -> list[_Line]:
        out: list[_Line] = []
        original = doc.original
        same = doc.text == original
        # Where the original has line breaks: a current line that spans one was
        # joined by an earlier stage and is several printed lines.
        orig_breaks = [] if same else [m.start() for m in LINE_BREAK.finditer(original)]
        align = doc.align
        segs = list(align.segments())
        k = 0

        nseg = len(segs)

        def opos(i: int) -> int:
            """Original position of current index ``i`` (indices only increase)."""
            nonlocal k
            while k + 1 < nseg and segs[k + 1][0] <= i:
                k += 1
            t, n, o, _e = segs[k]
            if o >= 0 and i - t < n:
                return o + (i - t)
            return align.orig_pos(i)

        for ln in doc.lines():
            raw = ln.text
            stripped = raw.strip()
            if not stripped:
                continue
            lead = len(raw) - len(raw.lstrip())
            s = ln.start + lead
            e = s + len(stripped)
            if same:
                w = measure(stripped)
                out.append(_Line(s, e, lead, w, w, [w], doc.page_of_orig(s)))
                continue
            o_s = opos(s)
            o_e = opos(e - 1) + 1
            lo = bisect.bisect_left(orig_breaks, o_s)
            pieces = [measure(stripped)]
            if lo < len(orig_breaks) and orig_breaks[lo] < o_e:
                o_s, o_e = align.orig_span(s, e)
                seg = original[o_s:o_e]
                pieces = [measure(p.strip()) for p in LINE_BREAK.split(seg)] if o_e > o_s else [measure(stripped)]
                pieces = [p for p in pieces if p] or [measure(stripped)]
            out.append(_Line(s, e, lead, pieces[0], pieces[-1], pieces, doc.page_of_orig(o_s)))
        return out

    def _measures(self, lines: list[_Line]) -> None:
        all_pieces = [p for ln in lines for p in ln.pieces]
        doc_t0 = _typical(all_pieces)
        by_page: dict[int, list[float]] = {}
        for ln in lines:
            by_page.setdefault(ln.page, []).extend(ln.pieces)
        t0_page = {pg: (_typical(ps) if len(ps) >= 8 else doc_t0) for pg, ps in by_page.items()}
        # Runs of wide lines: blocks of another measure.
        wide = [max(ln.pieces) > t0_page[ln.page] * self.wide_ratio and max(ln.pieces) > t0_page[ln.page] + 4 for ln in lines]
        blocks: list[tuple[int, int]] = []
        i = 0
        while i < len(lines):
            if wide[i]:
                j = i
                while j + 1 < len(lines) and wide[j + 1] and lines[j + 1].page == lines[i].page:
                    j += 1
                # A block quotation: two or more wide lines after a line that
                # ends a sentence (or a short one), and three of them or a
                # last line that ends one.  Two long lines in a row are not.
                t0 = t0_page[lines[i].page]
                before_ok = i == 0 or lines[i - 1].ends or lines[i - 1].last < 0.8 * t0
                tail_ok = j - i >= 2 or (j + 1 < len(lines) and lines[j + 1].ends) or j + 1 == len(lines)
                if j > i and before_ok and tail_ok:
                    blocks.append((i, j))
                i = j + 1
            else:
                i += 1
        in_block = [False] * len(lines)
        for bi, (i, j) in enumerate(blocks):
            for x in range(i, j + 1):
                lines[x].block = bi
                in_block[x] = True
        # Typical length of the main text, without the blocks.
        main_by_page: dict[int, list[float]] = {}
        for x, ln in enumerate(lines):
            if not in_block[x]:
                main_by_page.setdefault(ln.page, []).extend(ln.pieces)
        main_all = [p for ps in main_by_page.values() for p in ps] or all_pieces
        main_t = _typical(main_all)
        page_t = {pg: (_typical(ps) if len(ps) >= 8 else main_t) for pg, ps in main_by_page.items()}
        for ln in lines:
            ln.measure = page_t.get(ln.page, main_t)
        for bi, (i, j) in enumerate(blocks):
            bt = _median([p for x in range(i, j + 1) for p in lines[x].pieces])
            for x in range(i, j + 1):
                lines[x].measure = bt
            # The block's last line is short: it belongs to the block.
            if j + 1 < len(lines):
                tail = lines[j + 1]
                if tail.page == lines[j].page and tail.first < _full_min(tail.measure):
                    tail.block = bi
                    tail.measure = bt
        self._short_limits(lines)

    @staticmethod
    def _short_limits(lines: list[_Line]) -> None:
        """How short a printed line must be to end a paragraph.

        Lines that do not end a sentence go on (they are full lines): in
        justified type they are all close to the measure, in ragged type they
        spread far below it.  A line is short when it is below nearly all of
        them (their 10th percentile), and never above 0.8 of the measure in
        ragged type nor above a full line's minimum in justified type."""
        ratios: list[float] = []
        last = len(lines) - 1
        for x, ln in enumerate(lines):
            t = ln.measure
            if t <= 0:
                continue
            pieces = ln.pieces
            if len(pieces) > 1:  # (most lines are one printed line)
                ratios.extend([p / t for p in pieces[:-1]])
            if not ln.ends and x < last:
                ratios.append(pieces[-1] / t)
        ratios.sort()
        q = ratios[int(0.1 * (len(ratios) - 1))] if len(ratios) >= 10 else 0.8
        # Lines share their page's measure: each limit is worked out once.
        limits: dict[float, float] = {}
        for ln in lines:
            t = ln.measure
            short = limits.get(t)
            if short is None:
                short = limits[t] = max(0.8 * t, min(_full_min(t) - 1.0, q * t - 1.0))
            ln.short = short

    # --- decisions --------------------------------------------------------------
    def _decide(
        self,
        text: str,
        lines: list[_Line],
        k: int,
        gap: str,
        prev_para: bool,
        in_list: bool,
        listy: list[bool],
        closed_dashes: bool = True,
        as_is: list[bool] | None = None,
        heads: list[tuple[float, bool] | None] | None = None,
        starts: list[tuple[int, float, float] | None] | None = None,
        unit: str = "characters",
        speech: float = 0.0,
    ) -> tuple[str, str, float, str]:
        a, b = lines[k], lines[k + 1]
        a_text = text[a.start : a.end]
        b_text = text[b.start : b.end]
        if gap == "\n":
            page, breaks = False, 1
        else:
            page = "\f" in gap
            breaks = len(LINE_BREAK.findall(gap))
        join_rule = "paragraphs.page_join" if page else "paragraphs.join"
        break_rule = "paragraphs.page_break" if page else "paragraphs.break"
        ends = a.ends  # _ends_sentence(a_text), worked out once per line
        t = a.measure
        short = a.last < a.short
        full = a.last >= _full_min(t)
        if as_is is not None and (as_is[k] or as_is[k + 1]):
            # Indents and blank lines stay too: a row may start with an empty
            # cell, code is indented.  Across a page break, the next line
            # follows on the next line.
            why = "table rows and code lines stay on their own lines, with their indents"
            if page:
                return "\n" + LINE_BREAK.split(gap)[-1], "paragraphs.line", 0.8, why
            return gap, "paragraphs.line", 0.8, why
        if not page and breaks >= 2:
            return "\n\n", break_rule, 0.99, "a blank line ends the paragraph"
        if _address_goes_on(a_text, b_text):
            return "", join_rule, 0.9, "a web address broken at the line end goes on in the next line"
        if heads is not None and (heads[k] is not None or heads[k + 1] is not None):
            if not _same_type(heads[k], heads[k + 1]):
                return "\n\n", break_rule, 0.85, "a heading, set apart by its type (larger or bold), stands alone"
            if not page:
                return " ", join_rule, 0.8, "a heading set over two lines in the same type goes on"
        if short and ends:
            return "\n\n", break_rule, 0.95, f"a short line ({a.last:.0f} of typically {t:.0f} {unit}) ends a sentence"
        if short and a_text.endswith(("—", "–")) and b_text[:1] in _OPENERS:
            return "\n\n", break_rule, 0.8, "a short line ends with a dash and the next opens a quotation"
        if a.block != b.block:
            return "\n\n", break_rule, 0.85, "the line length changes: a block of another measure (a quotation) begins or ends"
        if _SCENE_BREAK_RE.fullmatch(a_text.strip()) or _SCENE_BREAK_RE.fullmatch(b_text.strip()):
            return "\n\n", break_rule, 0.85, "a scene break ('* * *') stands alone"
        if ends and a_text.endswith("\u201d") and b_text.startswith("\u201c"):
            return "\n\n", break_rule, 0.7, "a quotation ends a sentence and the next line opens one: a new speaker"
        if speech and ends and _speech_turn(a_text, b_text):
            return "\n\n", break_rule, 0.6, (
                "a speech ends or begins at the line break, in a text that sets speech as paragraphs "
                f"({speech:.0%} of its lines open a quotation)"
            )
        # (A number line has at most 7 characters: the length is tested first.)
        if not page and (
            (k > 0 and len(a_text) <= 7 and _NUMBER_LINE_RE.fullmatch(a_text))
            or (len(b_text) <= 7 and _NUMBER_LINE_RE.fullmatch(b_text))
        ):
            return "\n\n", break_rule, 0.7, "a line that is only a number (a page or note number) stands apart"
        b_list = listy[k + 1]
        a_list = listy[k] and prev_para
        if b_list and (in_list or a_list):
            return "\n", "paragraphs.line", 0.8, "list items stay on their own lines"
        if b_list and ends:
            return "\n\n", break_rule, 0.8, "a list begins"
        if ends and k + 2 < len(lines) and _heading_between(b_text, b, text[lines[k + 2].start : lines[k + 2].end]):
            return "\n\n", break_rule, 0.7, "a short line in title case, between two sentences, is a heading"
        if self._heading(a_text, b_text, a, prev_para, ends):
            return "\n\n", break_rule, 0.75, "a short line without a sentence end after a paragraph break: a heading"
        if a.last > 160 and ends:
            return "\n\n", break_rule, 0.7, f"a line of {a.last:.0f} {unit} is a paragraph, not a printed line"
        if ends and b.indent >= a.indent + 2 and _starts_sentence(b_text):
            return "\n\n", break_rule, 0.8, "the next line is indented"
        if ends and starts is not None and _indented(starts[k], starts[k + 1]) and _starts_sentence(b_text):
            return "\n\n", break_rule, 0.8, "the next line starts further right (a first-line indent)"
        if ends and full and _starts_sentence(b_text) and self._indented_by_length(text, lines, k + 1):
            return (
                "\n\n",
                break_rule,
                0.6,
                f"a full line ends a sentence and the next ({b.first:.0f} of typically {b.measure:.0f} {unit}) "
                "is shorter as an indent makes it",
            )
        # A dash set close to its word ends the line: in a text that sets its
        # dashes closed ("day—to") the word after it follows with no space
        # ("delight—" / "her" is "delight—her"); a spaced dash ("word —"), a
        # text that spaces its dashes, or an opening quotation after the dash
        # ("added—" / "“I", a new speech: sources differ) keeps the space.
        sep = " "
        if a_text.endswith(("—", "–")) and a_text[-2:-1].strip() and b_text[:1].isalnum() and closed_dashes:
            sep = ""
        elif a_text.endswith("–") and a_text[-2:-1].isdigit() and b_text[:1].isdigit():
            sep = ""  # a range of numbers ("366–" / "89") is closed whatever the text does with dashes
        elif a_text[-1] >= "\u2e80" and _CJK_RE.match(a_text, len(a_text) - 1) and (
            _CJK_RE.match(b_text) or _CJK_PUNCT_RE.match(a_text, len(a_text) - 1)
        ):
            sep = ""  # "文章です。" / "第二行": Chinese and Japanese put no space between lines
        if ends and not full:
            return sep, join_rule, 0.6, f"a line a little short ({a.last:.0f} of typically {t:.0f}) ends a sentence"
        if a_list or in_list:
            return sep, join_rule, 0.85, "a list item goes on"
        why = "the line is full" if full else "the line does not end a sentence"
        return sep, join_rule, 0.95 if not page else 0.9, f"{why}: the paragraph goes on"

    @staticmethod
    def _furniture(text: str, lines: list[_Line], k: int) -> bool:
        """Is line ``k`` the first or last line of a page and shaped like a
        running header or footer (a short line that starts or ends with a page
        number)?  Reflowing it would make it look like one to the next run."""
        ln = lines[k]
        first = k == 0 or "\f" in text[lines[k - 1].end : ln.start]
        last = k == len(lines) - 1 or "\f" in text[ln.end : lines[k + 1].start]
        if not (first or last) or ln.last > max(40.0, 0.7 * ln.measure):
            return False
        return bool(_FURNITURE_RE.search(text[ln.start : ln.end]))

    @staticmethod
    def _heading(a_text: str, b_text: str, a: _Line, prev_para: bool, ends: bool) -> bool:
        if not prev_para or ends or a.last > 0.6 * a.measure:
            return False
        if a_text[-1] in ",;-–—(" or not (a_text[0].isupper() or a_text[0].isdigit()):
            return False
        if sum(c.isalpha() for c in a_text) < 2:
            return False  # a lone number is a page or note number, not a heading
        return _starts_sentence(b_text)

    @staticmethod
    def _indented_by_length(text: str, lines: list[_Line], k: int) -> bool:
        b = lines[k]
        t = b.measure
        if not (t - max(12.0, 0.2 * t) <= b.first < _full_min(t)):
            return False
        if len(b.pieces) == 1:
            if k + 1 >= len(lines):
                return False  # the last line: short because the text ends
            if _ends_sentence(text[b.start : b.end]) and b.last < b.short:
                return False  # a one-line paragraph: its length says nothing
            nxt_gap = text[b.end : lines[k + 1].start]
            if len(LINE_BREAK.findall(nxt_gap)) >= 2 and "\f" not in nxt_gap:
                return False
        # Shorter than every full line around it: not just a line of short words.
        around = [
            p for x in range(max(0, k - 3), min(len(lines), k + 4)) if x != k for p in lines[x].pieces if p >= lines[x].short
        ]
        return bool(around) and b.first <= min(around) - 2


def _table_lines(text: str, lines: list[_Line]) -> list[bool]:
    """Which lines belong to a table: rows (cells set apart by a tab, or by
    two or more runs of three or more spaces) next to another row.  A lone
    line with wide gaps is not a table (a gap a lost glyph left, a spaced
    heading)."""
    rows = []
    for ln in lines:
        line = text[ln.start : ln.end]
        gaps = _CELL_GAP_RE.findall(line) if "   " in line or "\t" in line else []
        rows.append(len(gaps) >= 2 or any("\t" in g for g in gaps))
    if not any(rows):
        return rows
    n = len(rows)
    return [rows[k] and ((k > 0 and rows[k - 1]) or (k + 1 < n and rows[k + 1])) for k in range(n)]


def _code_lines(text: str, lines: list[_Line]) -> list[bool]:
    """Which lines belong to a code listing: a line that looks like code and
    the lines after it that look like code too or are indented deeper than
    it (blank lines between them do not end it); two lines or more."""
    n = len(lines)
    out = [False] * n
    found = marks(text)
    if not found:
        return out
    # Only a line with a mark of code can start a listing.
    starts = [ln.start for ln in lines]
    marked = sorted({bisect.bisect_right(starts, p) - 1 for p in found} - {-1})
    done = 0  # lines before this one are judged
    for k in marked:
        if k < done:
            continue
        first = lines[k]
        if not looks_like_code(text[first.start : first.end]):
            continue
        j = k + 1
        while j < n and (lines[j].indent > first.indent or looks_like_code(text[lines[j].start : lines[j].end])):
            j += 1
        if j - k >= 2:
            out[k:j] = [True] * (j - k)
        done = j
    return out


def _median(xs: list[float]) -> float:
    if not xs:
        return 0.0
    s = sorted(xs)
    n = len(s)
    return float(s[n // 2]) if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2.0


def _typical(lengths: list[float]) -> float:
    """Typical length of a full line: the median of the long lines."""
    if not lengths:
        return 0.0
    s = sorted(lengths)
    p90 = s[int(0.9 * (len(s) - 1))]
    return _median([x for x in s if x >= 0.8 * p90])


def _full_min(t: float) -> float:
    return t - max(3.0, 0.05 * t)


def _short_max(t: float) -> float:
    return t - max(6.0, 0.2 * t)


def _heading_between(line: str, ln: _Line, after: str) -> bool:
    """Is ``line`` (after a line that ends a sentence) a heading: short, no
    end punctuation, every word of four letters or more capitalised ("A Fair
    Share for All"), and the line after it starts a sentence?"""
    if ln.last > 0.6 * ln.measure or not line[:1].isupper() or line[-1] in ".,;:!?)]\u201d\u2019\"'-\u2013\u2014":
        return False
    words = [w for w in line.split() if len(w) >= 4 and w[0].isalpha()]
    return len(line.split()) >= 2 and bool(words) and all(w[0].isupper() for w in words) and _starts_sentence(after)


_OPEN_QUOTES = "\u201c\""
_CLOSE_QUOTES = "\u201d\""


def _speech_share(text: str, lines: list[_Line]) -> float:
    """Share of the lines that open a quotation."""
    if not lines:
        return 0.0
    return sum(text[ln.start] in _OPEN_QUOTES for ln in lines) / len(lines)


def _speech_turn(a_text: str, b_text: str) -> bool:
    """Line ``a`` (which ends a sentence) closes a quotation, note callouts
    after it aside, and the next starts with a capital or opens a quotation
    ("...the party.”" / "The same civilities", "...Mr. Knightley.”¹" /
    "“Perhaps"); or ``a`` ends outside quotation marks and the next opens
    one ("...as he received it." / "“This man is")."""
    if a_text.rstrip(_SUPERSCRIPTS)[-1:] in _CLOSE_QUOTES:
        return b_text[:1].isupper() or b_text[:1] in _OPEN_QUOTES
    return b_text[:1] in _OPEN_QUOTES


def _ends_sentence(line: str) -> bool:
    s = line.rstrip(_CLOSERS + " ")
    return bool(s) and s[-1] in _SENTENCE_END


# Font names of bold faces ("CMBX12", "Times-Bold", "NimbusRomNo9L-Medi").
_BOLD_RE = re.compile(r"bold|black|heavy|demi|cmbx|cmb\d|bx\d|-medi\b|medium", re.IGNORECASE)
_HEADING_MAX = 120  # characters: a longer line is text, whatever its type


def _heading_styles(doc: Document, lines: list[_Line]) -> list[tuple[float, bool] | None]:
    """PDF input: for each line set apart as a heading, its type (size, bold),
    or None.  A heading's type is at least 12 % larger than the body's, or
    bold in a text that is not bold.  A short line only (a heading may wrap:
    "Science and the State after" / "1945"); each line's type read from
    eight of its characters."""
    is_bold: dict[str, bool] = {}
    seen: list[tuple[float, bool] | None] = []
    for ln in lines:
        sizes: list[float] = []
        bold = 0
        for size, font in doc.type_styles(ln.start, ln.end, sample=8):
            sizes.append(size)
            b = is_bold.get(font)
            if b is None:
                b = is_bold[font] = _BOLD_RE.search(font) is not None
            bold += b
        if not sizes:
            seen.append(None)
            continue
        sizes.sort()
        seen.append((sizes[len(sizes) // 2], bold >= 0.8 * len(sizes)))
    # The body's type: the size and weight of most of the text.
    weights: dict[float, int] = {}
    bold_chars = total = 0
    for ln, st in zip(lines, seen, strict=True):
        if st is not None:
            n = ln.end - ln.start
            weights[st[0]] = weights.get(st[0], 0) + n
            total += n
            bold_chars += n if st[1] else 0
    if not weights:
        return [None] * len(lines)
    body = max(weights, key=weights.__getitem__)
    body_bold = bold_chars > 0.5 * total
    out: list[tuple[float, bool] | None] = []
    for ln, st in zip(lines, seen, strict=True):
        head = None
        if st is not None and ln.end - ln.start <= _HEADING_MAX:
            size, bold = st
            if size >= 1.12 * body or (bold and not body_bold and size >= 0.95 * body):
                head = st
        out.append(head)
    return out


def _line_starts(doc: Document, lines: list[_Line]) -> list[tuple[int, float, float] | None]:
    """PDF input: where each line starts on its page (page, left edge and
    type size of its first visible character), or None."""
    out: list[tuple[int, float, float] | None] = []
    text = doc.text
    for ln in lines:
        i = ln.start
        while i < ln.end and text[i].isspace():
            i += 1
        g = doc.glyph(i) if i < ln.end else None
        out.append((g.page, g.x0, g.size) if g is not None and g.size > 0 else None)
    return out


def _indented(a: tuple[int, float, float] | None, b: tuple[int, float, float] | None) -> bool:
    """Does line ``b`` start an indent (from 0.6 to 4 of its type size: a
    column's gap is wider) to the right of line ``a`` on the same page?"""
    if a is None or b is None or a[0] != b[0]:
        return False
    return 0.6 * b[2] <= b[1] - a[1] <= 4.0 * b[2]


def _same_type(a: tuple[float, bool] | None, b: tuple[float, bool] | None) -> bool:
    """Two lines in the same type: both body text, or headings of the same
    weight and (within 3 %: engines measure a glyph box) the same size."""
    if a is None or b is None:
        return a is b
    return a[1] == b[1] and abs(a[0] - b[0]) <= 0.03 * max(a[0], b[0])


# A web address: the characters after which a printed one may break.
_ADDRESS_START = ("http://", "https://", "www.")
_ADDRESS_BREAKS = "/.-_?=&#~:%"


def _address_goes_on(a_text: str, b_text: str) -> bool:
    """Does line ``a_text`` end inside a web address that line ``b_text``
    goes on with ("https://www." / "nytimes.com/...", "data/" /
    "obtaining/")?  The address broke after one of its separators, and the
    next line begins with more of one (a slash or an inner dot, or query
    marks), not with a word ("https://example.org/" / "Accessed ...")."""
    if not a_text or a_text[-1] not in _ADDRESS_BREAKS or not b_text or b_text[0].isspace():
        return False
    last = a_text[a_text.rfind(" ") + 1 :]
    if not (last.startswith(_ADDRESS_START) or "://" in last):
        return False
    first = b_text.split(None, 1)[0].rstrip(".,;:)]")
    if not any(c.isalpha() for c in first) or (a_text[-1] == "." and not first[:1].islower()):
        return False  # "distro.html." / "5.1 Installation": a sentence ends, a heading follows
    return "/" in first or "." in first or any(c in first for c in "?=&#%")


def _starts_sentence(line: str) -> bool:
    s = line.lstrip(_OPENERS)
    return bool(s) and (s[0].isupper() or s[0].isdigit())


def _rereads_as_mojibake(before: str, after: str) -> bool:
    """Would joining with a space make text the unicode stage reads as
    mis-decoded UTF-8 ("Â " is a no-break space, "à¸ " is Thai)?  Only a
    Latin-1 / Windows-1252 character before the space can start such a
    sequence; then the unicode stage itself is asked."""
    if not before or ord(before[-1]) < 0x80:
        return False
    try:
        before[-1].encode("cp1252")
    except UnicodeEncodeError:
        try:
            before[-1].encode("latin-1")
        except UnicodeEncodeError:
            return False
    from .unicode import rereads_as_mojibake

    return rereads_as_mojibake(before + " " + after)
