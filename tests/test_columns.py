"""Columns: interleaved column text read back column by column (rule
columns.reorder), and single-column text left alone."""

from __future__ import annotations

import difflib
import json
import textwrap
from pathlib import Path

import pytest

import ocrfix
from ocrfix.model import AlignMap

from .helpers import check_invariants

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "corpus"

# Prose of several kinds (not from any evaluation document), wrapped into
# narrow columns below.
PROSE = [
    "The committee met on a wet Tuesday in the back room of the library, where the radiator "
    "knocked all afternoon and nobody could find the key to the window. The first item was the "
    "budget, which had not changed since the spring, and the second was the question of the new "
    "roof, which had been postponed so often that the minutes simply copied last year's wording. "
    "By four o'clock the chair suggested that they adjourn, and everyone agreed with visible relief.",
    "A configuration file is a program written in a very poor language: it has no types, no tests "
    "and no error messages, and it is usually edited under time pressure by somebody who did not "
    "write the code that reads it. Treat every setting as an interface, document its default, and "
    "make the program refuse values it cannot use rather than guess what was meant.",
    "When the power failed, the town discovered how much of its daily life depended on things that "
    "nobody thought about. The petrol pumps stopped working, the shops could not take card payments, "
    "and the water pressure dropped in the houses on the hill. By the evening people had started to "
    "knock on their neighbours' doors to share candles, food and news, and some of them stayed "
    "talking long after the lights came back.",
    "Measurements taken in the field are only as good as the notes that go with them. Record the "
    "instrument, its calibration date, the weather and the name of the person who read the scale, "
    "and keep the raw sheets even after the numbers have been typed into the spreadsheet, because "
    "sooner or later somebody will ask where an odd value came from.",
    "The river had flooded twice that winter, and each time the water left a line of silt on the "
    "walls of the mill, a little higher than the time before. The miller's daughter painted the "
    "date beside each line in small white figures, so that visitors could see how the old building "
    "had kept its record of the weather for more than a century.",
    "Small libraries are easy to start and hard to maintain. Each release needs a changelog, a tag, "
    "a build for every supported platform and an answer to the question of what happens to the "
    "people who still use the old version. None of this is interesting work, but a project that "
    "skips it soon loses the trust of the people who depend on it.",
]


def _column(paragraphs: list[str], width: int) -> list[str]:
    lines: list[str] = []
    for p in paragraphs:
        lines += textwrap.wrap(p, width)
    return lines


def _interleave(cols: list[list[str]], alternate_from: int | None = None) -> str:
    """pdfplumber's text of a page in columns: lines that share a baseline
    side by side ("LEFT RIGHT"); from line ``alternate_from`` on, baselines
    apart, so the columns' lines alternate."""
    out: list[str] = []
    for i in range(max(len(c) for c in cols)):
        row = [c[i] for c in cols if i < len(c)]
        if alternate_from is not None and i >= alternate_from:
            out += row
        else:
            out.append(" ".join(row))
    return "\n".join(out)


def _two_column_pages() -> tuple[str, list[str]]:
    left1, right1 = _column(PROSE[0:2], 46), _column(PROSE[2:4], 46)
    left2, right2 = _column(PROSE[4:5], 46), _column(PROSE[5:6], 46)
    text = _interleave([left1, right1]) + "\f" + _interleave([left2, right2], alternate_from=3)
    expected = ["\n".join(left1 + right1), "\n".join(left2 + right2)]
    return text, expected


def _lines_in_place(got: str, want: str) -> float:
    """Share of the wanted lines that the text has, in the wanted order."""
    a, b = want.split("\n"), got.split("\n")
    same = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(m.size for m in same) / len(a)


def test_merged_and_alternating_lines_are_read_column_by_column() -> None:
    text, expected = _two_column_pages()
    result = ocrfix.clean_text(text, only=["columns"])
    pages = result.text.split("\f")
    reorders = [e for e in result.edits if e.rule == "columns.reorder"]
    assert len(reorders) == 2 and all(e.applied for e in reorders)
    assert [e.page for e in reorders] == [1, 2]
    assert all(e.data["columns"] == 2 for e in reorders)
    # Ragged-right lines leave a word at a column's edge open to doubt (it
    # may end the left line or start the right one); the lines are in order.
    assert all(_lines_in_place(got, want) >= 0.85 for got, want in zip(pages, expected, strict=True))
    before = [_lines_in_place(page, want) for page, want in zip(text.split("\f"), expected, strict=True)]
    assert max(before) < 0.5


def test_three_columns() -> None:
    cols = [_column(PROSE[0:2], 32), _column(PROSE[2:4], 32), _column(PROSE[4:6], 32)]
    # (a running head above the columns, as pages have: without one, the
    # first line may as well be a full-width title, and is read so)
    text = "Working notes 7\n" + _interleave(cols)
    result = ocrfix.clean_text(text, only=["columns"])
    assert [e.data["columns"] for e in result.edits] == [3]
    want = "\n".join(["Working notes 7", *cols[0], *cols[1], *cols[2]])
    assert _lines_in_place(result.text, want) >= 0.7 > 0.1 >= _lines_in_place(text, want)
    # Each column's text follows the one before it.
    out = result.text
    assert out.index("adjourn") < out.index("power failed") < out.index("the mill")


def test_pieces_keep_their_original_positions() -> None:
    text, _ = _two_column_pages()
    result = ocrfix.clean_text(text, only=["columns"])
    m = AlignMap(*map(list, zip(*result.segments, strict=True)))  # type: ignore[arg-type]
    # Every character of the new text that came from the old one maps back to
    # the same character.
    out = result.text
    mapped = [i for i in range(len(out)) if m.orig(i) >= 0]
    assert len(mapped) > 0.95 * len(out)
    assert all(text[m.orig(i)] == out[i] for i in mapped)
    # A word late in the right column of page 1 maps into page 1's original.
    at = out.index("spreadsheet")
    assert m.orig(at) == text.index("spreadsheet")


def test_full_pipeline_invariants_hold_on_columns() -> None:
    text, _ = _two_column_pages()
    result = check_invariants(text)
    assert any(e.rule == "columns.reorder" for e in result.applied)
    # The left column's paragraphs come before the right column's.
    body = result.text
    assert body.index("adjourn") < body.index("refuse values") < body.index("power failed")


def test_a_real_extract_of_a_two_column_page() -> None:
    """pdfplumber's text of the evaluation's two-column article: "LEFT RIGHT"
    lines, hyphenated words split between them."""
    page = (CORPUS / "northanger-article-2col-palatino" / "natural.txt").read_text(encoding="utf-8").split("\f")[0]
    assert "of Cather- suitablequietness" in page
    result = ocrfix.clean_text(page, only=["columns"])
    assert [e.rule for e in result.applied] == ["columns.reorder"]
    out = result.text
    assert "of Cather-\nine Morland’s personal" in out
    assert "would try to keep some account of the\nmoneyyouspend;" in out


@pytest.mark.parametrize(
    "folder", sorted(p for p in (ROOT / "benchmarks" / "columns_data").iterdir() if p.is_dir()), ids=lambda p: p.name
)
def test_layouts_of_the_columns_benchmark(folder: Path) -> None:
    """Eight multi-column layouts and three single-column controls
    (benchmarks/columns_data), as pdfplumber and as pdftotext -layout
    extract them: the columns' text comes back in order, the controls are
    not touched."""
    from benchmarks.columns import order

    truth = (folder / "truth.txt").read_text(encoding="utf-8")
    columns = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["columns"]
    for name, least in (("natural.txt", 0.88), ("layout.txt", 0.84)):
        text = (folder / name).read_text(encoding="utf-8")
        result = ocrfix.clean_text(text, only=["columns"])
        if columns == 1:
            assert result.edits == [], name
            continue
        pages = len([p for p in text.split("\f") if p.strip()])
        assert len(result.applied) >= pages // 2, name
        assert {e.data["columns"] for e in result.applied} == {columns}, name
        assert order(truth, result.text) >= least > 0.75 > order(truth, text), name


@pytest.mark.parametrize(
    "path",
    [
        CORPUS / "persuasion-book-cm" / "natural.txt",
        CORPUS / "pride-report-times" / "natural.txt",
        CORPUS / "sense-scrbook-lmodern" / "natural.txt",
        CORPUS / "mansfield-memoir-charter" / "natural.txt",
        ROOT / "samples" / "seed-page.txt",
    ],
    ids=lambda p: p.parent.name if p.name == "natural.txt" else p.name,
)
def test_single_column_text_is_left_alone(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert ocrfix.clean_text(text, only=["columns"]).edits == []


def test_wide_prose_lines_are_not_split() -> None:
    """A single column of long lines: lines break mid-sentence, so splitting
    them gains nothing."""
    text = "\n".join(_column(PROSE, 92)) + "\n"
    assert ocrfix.clean_text(text, only=["columns"]).edits == []


def test_contents_page_is_left_alone() -> None:
    dots = " ." * 22
    rows = [f"{i}.{j} Section title number {i}{j}{dots} {10 * i + j}" for i in range(1, 5) for j in range(1, 10)]
    text = "Contents\n" + "\n".join(rows)
    assert ocrfix.clean_text(text, only=["columns"]).edits == []


def test_pdf_input_is_not_reordered() -> None:
    from ocrfix.stages.columns import Columns

    from .helpers import pdf_document

    page = _two_column_pages()[0].split("\f")[0]
    doc = pdf_document([(line, "Times-Roman") for line in page.split("\n")])
    assert list(Columns()(doc)) == []


def test_very_long_lines_cost_little() -> None:
    """Paragraph-per-line text (a reflowed output, a JSONL record) is not
    searched: no column is hundreds of characters wide."""
    line = " ".join(PROSE) * 3
    text = "\n".join([line] * 40)
    assert ocrfix.clean_text(text, only=["columns"]).edits == []


def test_html_report_shows_the_edits_inside_a_rearranged_page() -> None:
    from ocrfix.reports.html import html_report

    page = (CORPUS / "northanger-article-2col-palatino" / "natural.txt").read_text(encoding="utf-8").split("\f")[0]
    result = ocrfix.clean_text(page)
    assert any(e.rule == "columns.reorder" for e in result.applied)
    assert any(e.stage == "hyphenation" for e in result.applied)
    report = html_report(result)
    # The rearranging edit is one mark with a short title; the later stages'
    # edits in the page are marked too (not hidden inside it).
    assert report.count("#0 columns.reorder") == 1  # one mark, on the input side
    assert "s-hyphenation" in report
    at = report.index("#0 columns.reorder")
    title = report[at : report.index('"', at)]
    assert "characters)" in title and len(title) < 600  # the page's text clipped, not repeated


def test_text_without_page_breaks_is_not_searched() -> None:
    """Columns begin and end on a page: in a long text without page breaks
    there is no telling where, so it is left as it is (and costs nothing)."""
    cols = [_column(PROSE * 6, 46), _column(list(reversed(PROSE)) * 6, 46)]
    one_page = _interleave(cols)
    assert one_page.count("\n") > 300
    assert ocrfix.clean_text(one_page, only=["columns"]).edits == []
    # The same lines cut into pages are read.
    lines = one_page.split("\n")
    paged = "\f".join("\n".join(lines[i : i + 60]) for i in range(0, len(lines), 60))
    assert ocrfix.clean_text(paged, only=["columns"]).applied


def test_options_are_checked() -> None:
    from ocrfix.errors import UsageError

    text, _ = _two_column_pages()
    assert ocrfix.clean_text(text, only=["columns"], **{"columns.max_columns": 1}).edits == []
    with pytest.raises(UsageError, match="max_columns"):
        ocrfix.clean_text(text, **{"columns.max_columns": 4})
    with pytest.raises(UsageError, match="beam"):
        ocrfix.clean_text(text, **{"columns.beam": 0})


def test_trailing_spaces_make_no_empty_column_lines() -> None:
    from ocrfix.lexicon import english
    from ocrfix.stages.columns import _options, _Scorer

    line = "first part here   second part   "
    options = _options(line, 2, 30.0, None, _Scorer(english()))
    assert any(len(spans) == 2 for _cols, spans, _cost, _shape in options)
    assert all(e > s for _cols, spans, _cost, _shape in options for s, e in spans)
    text, _ = _two_column_pages()
    padded = "\n".join(line + "   " for line in text.split("\n"))
    result = ocrfix.clean_text(padded, only=["columns"])
    assert len(result.applied) == 2
    assert all(line.strip() for page in result.text.split("\f") for line in page.split("\n"))
