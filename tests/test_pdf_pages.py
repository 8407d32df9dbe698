"""Page structure of PDF input: column footnotes, page furniture below them,
gutters under a table or a figure, margin text, note numbering that restarts
inside a page's notes, callouts set apart by a gap, compounds at line ends.

Synthetic pages are lists of :class:`Char` (the reader's engine-independent
characters); real pages come from tests/pdfs (see its README).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import ocrfix
from ocrfix.readers.pdf import read_pdf
from ocrfix.readers.pdf_layout import Char, Line, gutters, page_lines
from ocrfix.stages.headers import shape

PDFS = Path(__file__).resolve().parent / "pdfs"
FED = PDFS / "federal-register-2020-17221.pdf"
DUP = PDFS / "issue-71-duplicate-chars-2.pdf"


# --- synthetic pages ----------------------------------------------------------------
def row(text: str, x: float, top: float, size: float = 10.0, width: float | None = None) -> list[Char]:
    """One line of text as characters, ``width`` points each (0.5 em)."""
    w = width if width is not None else 0.5 * size
    return [Char(ch, x + k * w, top, x + (k + 1) * w, top + size, size, "F", True) for k, ch in enumerate(text)]


def texts(lines: list[Line]) -> list[str]:
    return ["".join(c.text for c in ln.chars).strip() for ln in lines]


def two_columns(note_lines: int, body_lines: int = 12) -> list[Char]:
    """Two columns of 10-point body text, each ending with ``note_lines`` lines of
    7-point notes, and a slug across the page below everything."""
    chars: list[Char] = []
    for col, x in ((0, 50.0), (1, 320.0)):
        for k in range(body_lines):
            chars += row(f"body {'LR'[col]}{k:02d} text of the column here", x, 60 + 12 * k)
        for k in range(note_lines):
            label = f"{col * note_lines + k + 1} note {'LR'[col]}{k:02d} in smaller type here" if k == 0 else (
                f"note {'LR'[col]}{k:02d} continues in smaller type"
            )
            chars += row(label, x, 60 + 12 * body_lines + 10 + 8 * k, size=7.0)
    chars += row("SLUG 0001 across the page 12:00", 50, 60 + 12 * body_lines + 20 + 8 * note_lines, 6.0, width=14.0)
    return chars


def test_column_notes_go_after_the_columns_when_notes_are_most_of_the_page() -> None:
    # Notes take up more of the page than the body: the page's median size is
    # the notes' size, but the body is the size of the columns' upper half.
    lines = texts(page_lines(two_columns(note_lines=30, body_lines=10)))
    assert lines.index("body L09 text of the column here") + 1 == lines.index("body R00 text of the column here")
    assert lines.index("body R09 text of the column here") < lines.index("1 note L00 in smaller type here")
    assert lines.index("note L29 continues in smaller type") + 1 == lines.index("31 note R00 in smaller type here")


def test_column_notes_when_body_dominates_still_go_last() -> None:
    lines = texts(page_lines(two_columns(note_lines=3)))
    assert lines.index("body L11 text of the column here") + 1 == lines.index("body R00 text of the column here")
    assert lines.index("body R11 text of the column here") + 1 == lines.index("1 note L00 in smaller type here")


def test_line_across_the_columns_below_the_notes_stays_last() -> None:
    lines = texts(page_lines(two_columns(note_lines=3)))
    assert lines[-1] == "SLUG 0001 across the page 12:00"


def test_columns_without_notes_keep_their_order() -> None:
    lines = texts(page_lines(two_columns(note_lines=0)))
    assert lines[:12] == [f"body L{k:02d} text of the column here" for k in range(12)]
    assert lines[12:24] == [f"body R{k:02d} text of the column here" for k in range(12)]
    assert lines[-1].startswith("SLUG")


def columns_under_a_table(table_rows: int) -> list[Char]:
    """A running head across the page, ``table_rows`` rows of a dotted table
    across the page (covering the gutter), then a few two-column lines."""
    chars = row("RUNNING HEAD OF THE PAGE ACROSS BOTH COLUMNS", 50, 30, width=12.0)
    for k in range(table_rows):
        chars += row("Item " + "." * 80 + " 12 hours", 50, 60 + 12 * k, width=5.0)
    top = 60 + 12 * table_rows + 20
    for k in range(4):
        chars += row(f"left column line {k} of text", 50, top + 12 * k)
        chars += row(f"right column line {k} of text", 320, top + 12 * k)
    return chars


def test_gutter_found_when_a_table_and_a_head_cross_it() -> None:
    chars = columns_under_a_table(table_rows=1)
    lines = texts(page_lines(chars))  # (frames the characters)
    assert any(a >= 180 and b <= 320 for a, b in gutters(chars))
    assert "left column line 0 of text" in lines and "right column line 0 of text" in lines
    assert lines.index("left column line 3 of text") < lines.index("right column line 0 of text")


def column_page(rows: int, head: bool = True) -> list[Char]:
    """A page of two 10-point columns of ``rows`` lines, under a head across them."""
    chars = row("RUNNING HEAD OF THE DOCUMENT SET ACROSS THE WHOLE PAGE 12", 50, 40, width=8.0) if head else []
    for k in range(rows):
        chars += row(f"left column line {k} of text", 50, 60 + 12 * k)
        chars += row(f"right column line {k} of text", 320, 60 + 12 * k)
    return chars


def test_sparse_page_keeps_the_documents_columns() -> None:
    grid: list[list[float]] = []
    for _ in range(2):
        page_lines(column_page(20), grid)
    lines = texts(page_lines(column_page(2), grid))
    assert lines[1:] == ["left column line 0 of text", "left column line 1 of text",
                         "right column line 0 of text", "right column line 1 of text"]
    # Without the document's grid the same page reads row by row.
    assert texts(page_lines(column_page(2)))[1] == "left column line 0 of textright column line 0 of text"


def test_sparse_table_page_does_not_take_the_columns() -> None:
    grid: list[list[float]] = []
    for _ in range(2):
        page_lines(column_page(20), grid)
    # Labels on the left, right-aligned figures on the right: a table, too
    # small for the page to show columns of its own.
    chars: list[Char] = []
    for k, figure in enumerate(["1,234.00", "56.10"]):
        chars += row(f"label {k} here", 50, 60 + 12 * k)
        chars += row(figure, 480 - 5 * len(figure), 60 + 12 * k)
    assert texts(page_lines(chars, grid)) == ["label 0 here1,234.00", "label 1 here56.10"]
    # The same rows starting flush after the gutter are two columns.
    flush: list[Char] = []
    for k in range(2):
        flush += row(f"label {k} here", 50, 60 + 12 * k)
        flush += row(f"and the right column line {k}", 330, 60 + 12 * k)
    assert texts(page_lines(flush, grid)) == [
        "label 0 here", "label 1 here", "and the right column line 0", "and the right column line 1"
    ]
    # Nor does a page seen once make a grid.
    once: list[list[float]] = []
    page_lines(column_page(20), once)
    assert texts(page_lines(column_page(2), once)) == texts(page_lines(column_page(2)))


def test_one_column_page_has_no_gutter() -> None:
    chars: list[Char] = []
    for k in range(20):
        words = ["justified", "prose", "line", "number", f"{k:02d}", "runs", "across", "the", "whole", "measure"]
        # Word spaces fall at different places on every line.
        chars += row(" ".join(words[k % 3 :] + words[: k % 3]), 50, 60 + 12 * k)
    lines = texts(page_lines(chars))
    assert gutters(chars) == []
    assert len(lines) == 20 and lines[0].startswith("justified prose")


def test_federal_register_no_body_line_mixes_columns() -> None:
    # Pages 5-6 have a cost table across the columns, pages 7-13 a few column
    # lines under figures: every line of the body stays in one column (a
    # table's header row, whose cells are wide apart, is not checked).  Pages
    # 9 and 10 have only two lines of columns under their figures, too few to
    # show a gutter: the columns earlier pages showed are used.
    doc = read_pdf(FED, pages="5-13")
    assert doc.glyphs is not None
    pos = 0
    for line in doc.original.replace("\f", "\n").split("\n"):
        gs = [doc.glyphs[pos + i] for i, ch in enumerate(line) if not ch.isspace()]
        pos += len(line) + 1
        gs = [g for g in gs if g is not None and g.upright]
        if len(gs) < 2 or "VerDate" in line or "Federal Register" in line or "Labor cost" in line or "Cost per product" in line:
            continue
        for a, b in itertools.pairwise(gs):
            assert b.x0 - a.x1 < 2 * max(a.size, 1.0), line


# --- the federal register and the duplicate-chars book, cleaned ---------------------------
def test_federal_register_cleaned() -> None:
    r = ocrfix.clean_pdf(str(FED))
    assert "VerDate" not in r.text and "Federal Register/Vol" not in r.text
    assert "jbell" not in r.text and "</GPH>" not in r.text
    assert "alert,⁵ and may affect" in r.text
    assert "Reports¹ from the accident" in r.text
    assert [n.number for n in r.notes] == list(range(1, 16))
    assert all(n.linked for n in r.notes)
    assert r.notes[4].text.startswith("Stall warning indication is the activation")
    margin = [h for h in r.headers if h.kind == "margin"]
    assert margin and all(h.position == "margin" for h in margin)
    assert {h.page for h in r.headers if h.text.startswith("VerDate")} == set(range(1, 16))


def test_duplicate_chars_book_headers_and_slugs_leave_the_body() -> None:
    r = ocrfix.clean_pdf(str(DUP))
    assert ".indb" not in r.text
    assert sum(1 for h in r.headers if ".indb" in h.text) == 20
    # Alternating running heads: "NN UE 8. Circulation - Métabolismes" on even
    # pages, "Chapitre 5 – Item 265 NN" on odd ones.
    even = [h.page_number for h in r.headers if h.text.endswith("Circulation - Métabolismes")]
    odd = [h.page_number for h in r.headers if h.text.startswith("Chapitre 5 – Item 265")]
    assert even == [72, 74, 76, 78, 84] and odd == [73, 75, 77, 79, 83, 85, 89]
    assert "CCii" not in r.text and "Circulation" in r.text
    # Margin text that neither repeats nor reads as codes stays: the rotated
    # column heads of a table (page 7), a side title on one page (page 19).
    assert "pH Fréquence Signes" in r.text
    assert "Désordres de l’équilibre acide-base – Item" in r.text


def test_chapter_heading_in_larger_type_stays_though_the_running_heads_repeat_it() -> None:
    book = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus" / "mansfield-memoir-charter" / "natural.pdf"
    r = ocrfix.clean_pdf(str(book))
    assert r.text.startswith("Chapter II")  # the heading on the chapter's first page
    heads = [h.text for h in r.headers]
    assert "Chapter II 13" in heads and "Chapter II" not in heads  # the running heads still go


def test_numbered_headings_in_body_type_are_not_footnotes() -> None:
    # "2. Deuxième étape : ..." at a page bottom, numbered like a note chain
    # and with chemistry superscripts ("Ca²⁺") for callouts, is set in the
    # body's type: it stays in the body, with the text under it.
    for engine in ("pdfplumber", "pdfium"):
        r = ocrfix.clean_pdf(str(DUP), engine=engine)
        assert r.notes == [], engine
        assert "2. Deuxième étape" in r.text and "déterminer le trou anionique plasmatique" in r.text


def test_line_numbers_move_to_the_headers_channel_as_margin_text() -> None:
    r = ocrfix.clean_pdf(str(PDFS / "scotus-transcript-p1.pdf"))
    margin = [h for h in r.headers if h.kind == "margin"]
    assert [h.text for h in margin] == [str(n) for n in range(1, 26)]
    assert "IN THE SUPREME COURT OF THE UNITED STATES" in r.text


def test_dash_between_words_is_a_separator_not_a_broken_word() -> None:
    sh = shape("72 UE 8. Circulation - Métabolismes")
    assert sh is not None and sh.kind == "running" and sh.number == 72
    # A word broken at the line end is running text, not a header.
    assert shape("12 The Conti- nental System") is None


# --- notes -------------------------------------------------------------------------------
def test_notes_numbering_restarts_inside_a_page_block() -> None:
    # Left column's notes 7 and 8, then the right column's notes of a new
    # chapter from 1: both runs are notes, each callout linked to its note.
    text = (
        "Page one of the text, with a callout.⁶ More text.\n"
        "⁶ The sixth note.\n"
        "\f"
        "The left column says so.⁷ And more.⁸ A new chapter begins here.\n"
        "Its first callout¹ and its second.² The end of the page.\n"
        "⁷ The seventh note.\n"
        "⁸ The eighth note, which\n"
        "runs on a second line.\n"
        "¹ The first note of the chapter.\n"
        "² The second note of the chapter."
    )
    r = ocrfix.clean_text(text, only=["notes"])
    assert [(n.number, n.page) for n in r.notes] == [(6, 1), (7, 2), (8, 2), (1, 2), (2, 2)]
    assert r.notes[2].text == "The eighth note, which\nruns on a second line."
    assert all(n.linked for n in r.notes)
    assert "chapter" not in r.text.split("\f")[1].split("page.")[1]


def test_a_restart_needs_a_callout() -> None:
    # "1 ..." inside a note with no callout 1 in the body: a continuation line.
    text = (
        "Page one.⁶ More text.\n⁶ The sixth note.\n\f"
        "The left column says so.⁷ The end of the page.\n"
        "⁷ The seventh note, quoting\n"
        "1 Kings 3:4 at length."
    )
    r = ocrfix.clean_text(text, only=["notes"])
    assert [n.number for n in r.notes] == [6, 7]
    assert r.notes[1].text == "The seventh note, quoting\n1 Kings 3:4 at length."


def test_callout_set_apart_by_a_space() -> None:
    text = "The operator. Reports ¹ from the accident were read.\n¹ Final report, 2019."
    r = ocrfix.clean_text(text, only=["notes"])
    assert r.text.startswith("The operator. Reports¹ from the accident")
    assert r.notes[0].linked
    # An isotope is no callout: a letter follows the superscript.
    keep = "The reactor used ¹⁰B as absorber.\n¹⁰ A note."
    assert "used ¹⁰B" in ocrfix.clean_text(keep, only=["notes"]).text


# --- rows ----------------------------------------------------------------------------------
def test_large_margin_title_does_not_interleave_two_body_lines() -> None:
    # "interventions" in 13-point type beside two 9-point lines overlaps both.
    chars = row("correspondingauthor", 50, 92, size=9.0)
    chars += row("AndreaPolzerDebruyne", 50, 102, size=9.0)
    chars += row("interventions", 420, 95.3, size=12.95)
    lines = texts(page_lines(chars))
    assert "AndreaPolzerDebruyne" in lines
    assert any(t.startswith("correspondingauthor") for t in lines)


def test_superscript_and_larger_initial_still_join_their_line() -> None:
    # A raised small digit and a larger letter next to the text stay on the line.
    chars = row("The", 50, 100) + row("7", 65, 97, size=6.0) + row("W", 30, 98, size=14.0) + row("next", 72, 100)
    assert texts(page_lines(chars)) == ["WThe7next"]


def test_pdf_without_space_characters_keeps_its_words_apart() -> None:
    # issue-316: the PDF has no space characters; words are apart by gaps only.
    r = ocrfix.clean_pdf(str(PDFS / "issue-316-example.pdf"), pages="2,16")
    assert "that result in dynamic discontinuities between workers and the rest of their life." in r.text
    assert "Andrea Polzer-Debruyne is currently completing her PhD" in r.text
    assert not any(len(w) > 24 and w.isalpha() for w in r.text.split())


# --- footnotes continued on the next page -------------------------------------------
CORPUS = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus"


def _truth_note(doc: str, page: int, number: int) -> str:
    import json

    truth = json.loads((CORPUS / doc / "truth.json").read_text(encoding="utf-8"))
    return next(n["text"] for n in truth["notes"] if n["page"] == page and n["number"] == number)


def test_footnote_continued_on_the_next_page_joins_its_note() -> None:
    # Note 6 of page 4 breaks off at "and they"; its last line is at the foot
    # of page 5, under the body, in the notes' smaller type, with no number.
    r = ocrfix.clean_pdf(CORPUS / "pride-report-times" / "natural.pdf", engine="pdfium")
    note = next(n for n in r.notes if n.page == 4 and n.number == 6)
    assert " ".join(note.text.split()) == _truth_note("pride-report-times", 4, 6)
    assert "mutual vexation" not in r.text
    moved = [e for e in r.applied if e.rule == "notes.continued"]
    assert moved[0].old.strip() == "had parted at last with mutual vexation. (Mansfield Park, ch. 6.)"
    assert len(r.notes) == 30  # one note, not a note of its own


def test_note_broken_inside_parentheses_is_continued() -> None:
    # "(Emma, ch." ends with a full stop but the parenthesis is still open.
    r = ocrfix.clean_pdf(CORPUS / "persuasion-book-cm" / "natural.pdf", engine="pdfium")
    note = next(n for n in r.notes if n.page == 12 and n.number == 1)
    assert " ".join(note.text.split()) == _truth_note("persuasion-book-cm", 12, 1)


def test_closed_notes_take_no_continuation() -> None:
    # A document whose notes all end on their own page: nothing is moved
    # into them, and each note equals the truth.
    r = ocrfix.clean_pdf(CORPUS / "sense-scrbook-lmodern" / "natural.pdf", engine="pdfium")
    assert not [e for e in r.edits if e.rule == "notes.continued"]
    assert len(r.notes) == 11


def test_broke_off() -> None:
    from ocrfix.stages.notes import _broke_off

    assert _broke_off("he had reasoned, she had ridiculed; and they")
    assert _broke_off("for Harriet every thing. (Emma, ch.")
    assert _broke_off("as the author says,")
    assert not _broke_off("first day. (Emma, ch. 32.)")
    assert not _broke_off("See Taylor, p. 12.")


def test_moved_notes_keep_their_glyphs_for_later_stages() -> None:
    # A footnote's "nonregulatory" is set solid on the page; the notes channel
    # keeps the glyphs, so the spaces stage does not split it ("non regulatory").
    r = ocrfix.clean_pdf(FED, engine="pdfium")
    assert any("nonregulatory" in n.text for n in r.notes)
    assert not any("non regulatory" in n.text for n in r.notes)
