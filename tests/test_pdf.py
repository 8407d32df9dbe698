"""The PDF reader (readers/pdf.py), its errors, the CLI options, and the
layout stage that turns the reader's evidence into recorded edits.

PDFs in tests/pdfs come from pdfplumber's test suite (see tests/pdfs/README.md);
synthetic ones are written by ``make_pdf`` below.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

import ocrfix
from ocrfix import cli
from ocrfix.errors import EXIT_NO_TEXT, EXIT_OK, EXIT_PDF, EXIT_SOME_FAILED, EXIT_USAGE, NoTextError, PdfError, UsageError
from ocrfix.model import Document
from ocrfix.pipeline import Pipeline, rebuild
from ocrfix.readers import pdf_layout
from ocrfix.readers.pdf import parse_pages, read_pdf
from ocrfix.readers.pdf_glyphs import text_for_glyph_name
from ocrfix.result import build_result
from ocrfix.stages.layout import Layout
from ocrfix.stages.ligatures import Ligatures
from ocrfix.stages.unicode import Unicode

PDFS = Path(__file__).resolve().parent / "pdfs"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdfplumber-tests"
FED = PDFS / "federal-register-2020-17221.pdf"
DUP = PDFS / "issue-71-duplicate-chars-2.pdf"
MIRROR = PDFS / "issue-848.pdf"


# --- a tiny PDF writer for synthetic cases --------------------------------------------
_CMAP = (
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T1 def\n"
    "1 begincodespacerange <00> <FF> endcodespacerange\n"
    "1 beginbfchar <01> <> endbfchar\n"
    "endcmap CMapName currentdict /CMap defineresource pop end end"
)


def _pdf_bytes(objs: list[str]) -> bytes:
    """A PDF file of the objects ``objs`` (numbered from 1; 1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_pdf(content: str, font_extra: str = "", tounicode: str | None = None) -> bytes:
    """A one-page PDF drawing ``content`` with Helvetica as /F1 (and
    Helvetica-Bold as /F2)."""
    tu = " /ToUnicode 6 0 R" if tounicode is not None else ""
    bold = "/F2 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        f"/Resources << /Font << /F1 4 0 R {bold} >> >> /Contents 5 0 R >>",
        f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica {font_extra}{tu} >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
    ]
    if tounicode is not None:
        objs.append(f"<< /Length {len(tounicode)} >>\nstream\n{tounicode}\nendstream")
    return _pdf_bytes(objs)


FILLER = "BT /F1 12 Tf 72 600 Td 0 Tc (A filler line with enough characters to pass the text layer check.) Tj ET"


@pytest.fixture()
def synthetic(tmp_path: Path) -> Path:
    """Code 1 is the fi ligature: its ToUnicode entry is empty, its /Differences
    name is /fi.  The second line is letter-spaced (4 pt character spacing)."""
    content = (
        "BT /F1 12 Tf 72 700 Td (The \\001rst method is used in this test document for ocrfix.) Tj ET\n"
        "BT /F1 12 Tf 72 650 Td 4 Tc (Spaced heading) Tj ET\n" + FILLER
    )
    enc = "/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [1 /fi] >>"
    p = tmp_path / "synthetic.pdf"
    p.write_bytes(make_pdf(content, enc, _CMAP))
    return p


def run_stages(doc: Document, *stages: object) -> ocrfix.Result:
    records = Pipeline(list(stages)).run(doc)  # type: ignore[arg-type]
    return build_result(doc, records)


# --- the Document shape ----------------------------------------------------------------
@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_document_shape(engine: str) -> None:
    doc = read_pdf(PDFS / "issue-33-lorem-ipsum.pdf", engine=engine)
    assert doc.glyphs is not None and len(doc.glyphs) == len(doc.original)
    assert doc.page_count == 2 and doc.original.count("\f") == 1
    assert doc.page_starts == [0, doc.original.index("\f") + 1]
    for ch, g in zip(doc.original, doc.glyphs, strict=True):
        if ch in "\n\f":
            assert g is None
        elif g is None:
            assert ch == " "  # only spaces are generated
        else:
            assert g.page in (1, 2) and g.x0 <= g.x1 and g.top <= g.bottom and g.size > 0
    assert doc.facts["pdf.engine"] == engine and doc.facts["pdf.pages"] == [1, 2]
    assert "Consectetur quisquam dolor porro neque." in doc.original


def test_glyphs_index_like_a_list() -> None:
    """doc.glyphs makes each Glyph when asked: indexes, negative indexes and
    slices answer as a list of the same Glyphs would, pages included."""
    doc = read_pdf(FED, pages="3,2", engine="pdfium")
    glyphs = doc.glyphs
    assert glyphs is not None
    every = [glyphs[i] for i in range(len(glyphs))]
    assert list(glyphs) == every and glyphs[5:40:3] == every[5:40:3] and glyphs[-3:] == every[-3:]
    assert glyphs[-1] == every[-1] and glyphs[-len(glyphs)] == every[0]
    with pytest.raises(IndexError):
        glyphs[len(glyphs)]
    split = doc.original.index("\f")
    assert {g.page for g in every[:split] if g} == {3} and {g.page for g in every[split:] if g} == {2}


def test_engines_agree_on_words() -> None:
    a = read_pdf(PDFS / "issue-33-lorem-ipsum.pdf").original.split()
    b = read_pdf(PDFS / "issue-33-lorem-ipsum.pdf", engine="pdfium").original.split()
    assert a == b


def test_engines_agree_on_a_typeset_book() -> None:
    # TeX's Charter "f" overhangs its advance, so PDFium's box for it leaves
    # too narrow a gap before the next word ("oftheir"); PDFium's own word
    # space between the two is taken as a second opinion.
    book = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus" / "mansfield-memoir-charter" / "natural.pdf"
    expand = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"})
    a = read_pdf(book, pages="1-4").original.translate(expand).split()  # pdfminer keeps "ﬁ", PDFium spells it out
    b = read_pdf(book, pages="1-4", engine="pdfium").original.split()
    assert a == b
    assert "of their" in " ".join(b)


def test_glyphs_without_text_read_as_cid_debris_by_both_engines() -> None:
    # Ligature glyphs whose font maps them to no text: pdfminer writes
    # "(cid:N)"; PDFium passes the code on with a mapping error, and the
    # pdfium reader writes the same, so the ligature stage can learn the codes.
    cid = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus" / "mansfield-memoir-charter" / "cid.pdf"
    a = re.findall(r"\(cid:\d+\)", read_pdf(cid, pages="1-3").original)
    b = re.findall(r"\(cid:\d+\)", read_pdf(cid, pages="1-3", engine="pdfium").original)
    assert a == b and len(a) >= 10
    text = ocrfix.clean_pdf(cid, pages="1-3", engine="pdfium").text
    assert "(cid:" not in text and "officious" in text


def test_page_selection() -> None:
    doc = read_pdf(FED, pages="2-3")
    assert doc.facts["pdf.pages"] == [2, 3] and doc.page_count == 2
    assert doc.glyphs is not None and {g.page for g in doc.glyphs if g} == {2, 3}
    assert parse_pages("1,3,5-", 7) == [1, 3, 5, 6, 7]
    assert parse_pages("-2,2", 7) == [1, 2]
    assert parse_pages([3, 1], 7) == [3, 1]
    for bad in ("x", "0-2", "5-3", ""):
        with pytest.raises(UsageError):
            parse_pages(bad, 7)
    with pytest.raises(UsageError, match="selects no page"):
        parse_pages("30-", 15)


# --- reading order -----------------------------------------------------------------------
def test_federal_register_columns_not_mixed() -> None:
    doc = read_pdf(FED, pages="2")
    lines = [ln.strip() for ln in doc.original.split("\n")]
    # Whole lines of the first and second columns, each a line of its own.
    for expected in (
        "Hatta International Airport in Jakarta,",
        "Indonesia, resulting in 189 fatalities.",
        "Investigation of the accident has been",
        "These effects include stall warning",
    ):
        assert expected in lines, expected
    # Column order: column 1's text (and its footnotes) before column 2's.
    assert doc.original.index("Hatta International") < doc.original.index("1 Preliminary KNKT")
    # No body line has a gap as wide as a gutter between two glyphs.
    assert doc.glyphs is not None
    pos = 0
    for line in doc.original.split("\n"):
        gs = [doc.glyphs[pos + i] for i, ch in enumerate(line) if not ch.isspace()]
        pos += len(line) + 1
        gs = [g for g in gs if g is not None and g.upright]
        if len(gs) < 2 or "VerDate" in line or "Federal Register" in line:
            continue
        for a, b in itertools.pairwise(gs):
            assert b.x0 - a.x1 < 2 * max(a.size, 1.0), line


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_each_text_object_keeps_its_own_size_and_direction(engine: str, tmp_path: Path) -> None:
    """Size, font and direction are read once per text object (pdfium): each
    object of a page keeps its own, even when objects alternate."""
    content = (
        "BT /F1 12 Tf 72 700 Td (Body text set in twelve point type.) Tj ET\n"
        "BT /F1 10 Tf 0 1 -1 0 40 300 Tm (ROTATED MARGIN NOTE) Tj ET\n"
        "BT /F1 8 Tf 72 680 Td (Small print set in eight point type.) Tj ET\n" + FILLER
    )
    p = tmp_path / "objects.pdf"
    p.write_bytes(make_pdf(content))
    doc = read_pdf(p, engine=engine)
    assert doc.glyphs is not None
    (start, end, _page), = doc.facts["pdf.margin_spans"]
    assert doc.original[start:end] == "ROTATED MARGIN NOTE"
    assert all(g is None or not g.upright for g in doc.glyphs[start:end])
    body = doc.glyphs[doc.original.index("Body")]
    small = doc.glyphs[doc.original.index("Small")]
    assert body is not None and small is not None and body.upright and small.upright
    assert small.size < 0.8 * body.size and "Helvetica" in body.font


def test_margin_text_after_body() -> None:
    doc = read_pdf(FED, pages="1")
    spans = doc.facts["pdf.margin_spans"]
    assert len(spans) == 1
    start, end, page = spans[0]
    assert page == 1 and end == len(doc.original)
    assert doc.glyphs is not None and all(g is None or not g.upright for g in doc.glyphs[start:end])
    assert "PROPOSALS" in doc.original[start:end]


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_mirrored_and_rotated_pages_read_forwards(engine: str) -> None:
    # The same text drawn with 8 different text matrices (mirrored, rotated).
    doc = read_pdf(MIRROR, engine=engine)
    pages = doc.original.split("\f")
    assert len(pages) == 8
    for k, page in enumerate(pages, 1):
        assert "The movie opens with a news report" in re.sub(r"\s+", " ", page), k


def test_line_numbers_leave_the_body(tmp_path: Path) -> None:
    doc = read_pdf(PDFS / "scotus-transcript-p1.pdf")
    (start, end, _page), = doc.facts["pdf.margin_spans"]
    assert doc.original[start:end].split() == [str(n) for n in range(1, 26)]
    assert "\nIN THE SUPREME COURT OF THE UNITED STATES" in doc.original


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_hyphen_at_a_line_end_is_read_as_a_hyphen(tmp_path: Path, engine: str) -> None:
    # PDFium reports a hyphen it finds at a line end as U+0002; the reader
    # writes it as the hyphen it is, so the hyphenation stage can judge it.
    content = FILLER + " BT /F1 12 Tf 72 700 Td (A long line of text about the experi-) Tj 0 -14 Td (ence we had.) Tj ET"
    pdf = tmp_path / "hyphen.pdf"
    pdf.write_bytes(make_pdf(content))
    assert "the experi-\nence we had." in read_pdf(pdf, engine=engine).original
    assert "the experience we had." in ocrfix.clean_pdf(pdf, engine=engine).text


# --- evidence and the layout stage ----------------------------------------------------
def test_duplicate_chars_recorded_and_removed() -> None:
    doc = read_pdf(DUP, pages="1")
    assert "CCiirrccuullaattiioonn" in doc.original
    assert len(doc.facts["pdf.duplicate_chars"]) > 100
    result = run_stages(doc, Unicode(), Layout())
    assert "UE 8. Circulation - Métabolismes" in result.text
    assert "Circulation" in result.text and "CCii" not in result.text
    rules = {e.rule for e in result.edits}
    assert rules == {"layout.duplicate_char"}
    assert rebuild(result.edits, result.text) == doc.original


def test_letter_spaced_words_joined(synthetic: Path) -> None:
    doc = read_pdf(synthetic)
    assert "S p a c e d h e a d i n g" in doc.original
    assert [s[2] for s in doc.facts["pdf.letter_spaced"]] == ["Spaced", "heading"]
    result = run_stages(doc, Unicode(), Layout())
    assert "\nSpaced heading\n" in result.text
    assert {e.rule for e in result.applied} == {"layout.letter_spaced"}
    assert rebuild(result.edits, result.text) == doc.original


def test_layout_stage_ignores_text_input() -> None:
    assert list(Layout()(Document("T h e  m o v i e"))) == []


def test_lost_ligature_recovered_from_glyph_name(synthetic: Path) -> None:
    doc = read_pdf(synthetic)
    assert doc.original.startswith("The \ufb01rst method")
    used = doc.facts["pdf.glyph_names_used"]
    assert used == [{"offset": 4, "page": 1, "font": "Helvetica", "glyph": "fi", "text": "\ufb01"}]
    result = run_stages(doc, Unicode(), Layout(), Ligatures())
    assert result.text.startswith("The first method")
    assert any(e.rule == "ligatures.codepoint" for e in result.applied)


def test_glyph_names() -> None:
    assert text_for_glyph_name("fi") == "\ufb01"
    assert text_for_glyph_name("f_f_i") == "\ufb03"
    assert text_for_glyph_name("f_i.liga") == "\ufb01"
    assert text_for_glyph_name("uniFB02") == "\ufb02"
    assert text_for_glyph_name("u1F600") == "\U0001f600"
    assert text_for_glyph_name("A") == "A"
    assert text_for_glyph_name("g123xyz") is None


# --- errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("empty.pdf", NoTextError, "empty file (0 bytes)"),
        ("password-example.pdf", PdfError, "is encrypted; pass --password"),
        ("issue-297-example.pdf", PdfError, "has no pages"),
        ("image_structure.pdf", NoTextError, "has no text layer (1 page(s), 32 characters); run OCR first"),
        ("malformed-from-issue-932.pdf", NoTextError, "has no text layer"),
    ],
)
def test_bad_pdfs_raise_one_line_errors(name: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        read_pdf(PDFS / name)
    text = str(info.value)
    assert text.startswith(str(PDFS / name)) and message in text and "\n" not in text


def test_password_opens(tmp_path: Path) -> None:
    doc = read_pdf(PDFS / "password-example.pdf", password="test")
    assert "Backup4all" in doc.original
    with pytest.raises(PdfError, match="password given does not open it"):
        read_pdf(PDFS / "password-example.pdf", password="wrong")


def test_garbage_and_truncated_files(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4\nthis is not a pdf at all\n")
    with pytest.raises(PdfError, match="not a readable PDF"):
        read_pdf(junk)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes((PDFS / "issue-33-lorem-ipsum.pdf").read_bytes()[:5000])
    with pytest.raises((PdfError, NoTextError)):
        read_pdf(cut)
    with pytest.raises(UsageError, match="valid engines"):
        read_pdf(PDFS / "issue-33-lorem-ipsum.pdf", engine="nope")


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [
        ("empty.pdf", EXIT_NO_TEXT, "empty file"),
        ("password-example.pdf", EXIT_PDF, "is encrypted; pass --password"),
        ("issue-297-example.pdf", EXIT_PDF, "has no pages"),
        ("image_structure.pdf", EXIT_NO_TEXT, "has no text layer"),
        ("malformed-from-issue-932.pdf", EXIT_NO_TEXT, "has no text layer"),
    ],
)
def test_cli_errors(name: str, status: int, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["clean", str(PDFS / name)]) == status
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ocrfix: error: ") and message in err and "Traceback" not in err


def test_cli_many_files_others_finish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    inputs = [str(PDFS / n) for n in ("empty.pdf", "issue-33-lorem-ipsum.pdf", "password-example.pdf")]
    assert cli.main(["clean", *inputs, "-o", str(out)]) == EXIT_SOME_FAILED
    assert "Consectetur quisquam" in (out / "issue-33-lorem-ipsum.txt").read_text(encoding="utf-8")
    assert capsys.readouterr().err.count("ocrfix: error:") == 2


def test_cli_pdf_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.txt"
    assert cli.main(["clean", str(FED), "--pages", "2", "--engine", "pdfium", "-o", str(out)]) == EXIT_OK
    assert "Hatta International Airport in Jakarta," in out.read_text(encoding="utf-8")
    assert cli.main(["clean", str(PDFS / "password-example.pdf"), "--password", "test", "-o", str(out)]) == EXIT_OK
    assert cli.main(["clean", str(FED), "--pages", "9-2"]) == EXIT_USAGE
    with pytest.raises(SystemExit) as info:
        cli.main(["clean", str(FED), "--engine", "x"])
    assert info.value.code == EXIT_USAGE
    capsys.readouterr()


def test_clean_pdf_api() -> None:
    result = ocrfix.clean_pdf(FED, pages="2")
    assert "Hatta International Airport in Jakarta," in result.text


# --- every real-world PDF: the project's copies, and the shared corpus when present ------------
def corpus_pdfs() -> list[Path]:
    """tests/pdfs, plus the shared corpus's files not copied here (when it is present)."""
    mine = sorted(PDFS.glob("*.pdf"))
    names = {p.name for p in mine}
    shared = sorted(p for p in SHARED.glob("*.pdf") if p.name not in names) if SHARED.is_dir() else []
    return mine + shared


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_corpus_never_tracebacks(engine: str) -> None:
    pdfs = corpus_pdfs()
    assert len(pdfs) >= 14
    for pdf in pdfs:
        try:
            doc = read_pdf(pdf, engine=engine)
        except (PdfError, NoTextError) as exc:
            assert str(exc).startswith(str(pdf)) and "\n" not in str(exc)
            continue
        assert doc.glyphs is not None and len(doc.glyphs) == len(doc.original), pdf


def test_corpus_cleans_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The project's PDFs through the whole pipeline in one run: the good ones
    are written, the bad ones give their one-line errors, the run goes on."""
    out = tmp_path / "out"
    code = cli.main(["clean", *map(str, sorted(PDFS.glob("*.pdf"))), "--engine", "pdfium", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == EXIT_SOME_FAILED
    bad = {"empty.pdf", "issue-297-example.pdf", "malformed-from-issue-932.pdf", "password-example.pdf"}
    for name in bad:
        assert any(name in line for line in err.splitlines()), name
    assert "Traceback" not in err
    written = {p.stem for p in out.rglob("*") if p.is_file()}
    assert {"federal-register-2020-17221", "issue-33-lorem-ipsum", "scotus-transcript-p1"} <= written


BODY_LINES = [
    "The post-war settlement between scientists and the state was",
    "built on a simple bargain: public money for research in return",
    "for a steady supply of trained people and useful results, and",
    "for a decade or more the bargain held without much strain.",
]


def _lines_pdf(rows: list[tuple[str, float, str]], indent: dict[int, float] | None = None) -> bytes:
    """A page of ``(font, size, text)`` lines, 16 pt apart (row ``k`` set
    ``indent[k]`` points to the right)."""
    y = 720
    out = []
    for k, (font, size, line) in enumerate(rows):
        x = 72 + (indent or {}).get(k, 0.0)
        out.append(f"BT /{font} {size} Tf {x} {y} Td ({line}) Tj ET")
        y -= 16 if size < 13 else 22
    return make_pdf("\n".join(out))


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_headings_set_apart_by_their_type(tmp_path: Path, engine: str) -> None:
    # A heading in larger type wraps over two lines; a section heading in
    # bold body-size type; the body lines between join into paragraphs.
    rows = [("F1", 16.0, "Science and the State after"), ("F1", 16.0, "1945")]
    rows += [("F1", 11.0, line) for line in BODY_LINES]
    rows += [("F2", 11.0, "Critics of the Bargain")]
    rows += [("F1", 11.0, line) for line in BODY_LINES]
    p = tmp_path / "headings.pdf"
    p.write_bytes(_lines_pdf(rows))
    paras = ocrfix.clean_pdf(p, engine=engine).text.split("\n\n")
    body = " ".join(BODY_LINES)
    assert paras == ["Science and the State after 1945", body, "Critics of the Bargain", body]


def test_lines_of_body_type_are_no_headings(tmp_path: Path) -> None:
    # Type a little larger (under 12 %) and a short last line stay in the paragraph.
    rows = [("F1", 11.0, line) for line in BODY_LINES[:2]] + [("F1", 11.8, BODY_LINES[2]), ("F1", 11.0, "and it held.")]
    p = tmp_path / "body.pdf"
    p.write_bytes(_lines_pdf(rows))
    assert ocrfix.clean_pdf(p).text == " ".join([*BODY_LINES[:3], "and it held."])


def _type3_pdf(codes: bytes) -> bytes:
    """A page with Helvetica text and, after it, ``codes`` drawn in a Type 3
    font (no name, no ToUnicode; glyph names by /Differences), as TeX's
    bitmap fonts are."""
    procs = "<< /g 7 0 R >>"
    names = " ".join(f"{c} /{n}" for c, n in ((36, "dollar"), (57, "nine"), (92, "quotedblleft")))
    t3 = (
        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 500 700] /FontMatrix [0.001 0 0 0.001 0 0] "
        f"/CharProcs {procs} /Encoding << /Type /Encoding /Differences [{names}] >> "
        "/FirstChar 36 /LastChar 92 /Widths [" + " ".join(["500"] * 57) + "] /Resources << >> >>"
    )
    shown = "".join(f"\\{c:03o}" for c in codes)
    content = (
        "BT /F1 12 Tf 72 700 Td (A line of ordinary text in Helvetica to give the page a text layer.) Tj ET\n"
        f"BT /F1 12 Tf 72 680 Td (It cost ) Tj /F3 12 Tf ({shown}) Tj ET"
    )
    glyph = "500 0 0 0 500 700 d1 0 0 500 700 re f"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R /F3 6 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        t3,
        f"<< /Length {len(glyph)} >>\nstream\n{glyph}\nendstream",
    ]
    return _pdf_bytes(objs)


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_type3_font_ascii_codes_read_as_their_characters(tmp_path: Path, engine: str) -> None:
    # PDFium maps no Type 3 glyph names: a printable ASCII code is that character.
    p = tmp_path / "t3.pdf"
    p.write_bytes(_type3_pdf(b"$99"))
    assert "It cost $99" in ocrfix.clean_pdf(p, engine=engine, only=[]).text


def test_type3_font_codes_where_tex_puts_other_glyphs_stay_cid_with_pdfium(tmp_path: Path) -> None:
    # OT1 sets an opening double quote at 92 ("\\" in ASCII): not guessed.
    p = tmp_path / "t3.pdf"
    p.write_bytes(_type3_pdf(b"\\9"))
    assert "It cost (cid:92)9" in ocrfix.clean_pdf(p, engine="pdfium", only=[]).text


def test_headings_of_one_size_and_two_weights_stay_apart(tmp_path: Path) -> None:
    # A title in large type and a section heading in large bold: two headings.
    rows = [("F1", 16.0, "A Disease Without Borders"), ("F2", 16.0, "The Last Natural Case")]
    rows += [("F1", 11.0, line) for line in BODY_LINES]
    p = tmp_path / "two.pdf"
    p.write_bytes(_lines_pdf(rows))
    paras = ocrfix.clean_pdf(p).text.split("\n\n")
    assert paras == ["A Disease Without Borders", "The Last Natural Case", " ".join(BODY_LINES)]


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
def test_a_first_line_indent_starts_a_paragraph(tmp_path: Path, engine: str) -> None:
    # The paragraph before ends on a full line: only the indent shows the break.
    first = [*BODY_LINES[:3], "for a decade or more the bargain held without much strain, as all agreed."]
    rows = [("F1", 11.0, line) for line in first + BODY_LINES]
    p = tmp_path / "indent.pdf"
    p.write_bytes(_lines_pdf(rows, indent={4: 11.0}))
    assert ocrfix.clean_pdf(p, engine=engine).text.split("\n\n") == [" ".join(first), " ".join(BODY_LINES)]
    # Two points to the right is no indent.
    p.write_bytes(_lines_pdf(rows, indent={4: 2.0}))
    assert ocrfix.clean_pdf(p, engine=engine).text == " ".join(first + BODY_LINES)


def test_letter_spaced_row_that_is_no_word_is_only_suggested() -> None:
    # A row of a table of letters ("A B C D E F", a font sample) has uniform
    # gaps too: joined it is no word, so the join is reported, not applied.
    from .helpers import pdf_document

    doc = pdf_document([("A B C D E F", "ABCDEF+CMR10"), ("T h e", "ABCDEF+CMR10")])
    doc.facts["pdf.letter_spaced"] = [(0, 11, "ABCDEF"), (12, 17, "The")]
    result = run_stages(doc, Layout())
    assert result.text == "A B C D E F\nThe"
    by_new = {e.new: e for e in result.edits if e.rule == "layout.letter_spaced"}
    assert not by_new["ABCDEF"].applied and by_new["The"].applied


def _line_of(text: str, v: float, u: float = 0.0) -> pdf_layout.Line:
    from ocrfix.readers.pdf_layout import Char, Line

    chars = []
    for k, ch in enumerate(text):
        c = Char(ch, u + 5.0 * k, 0.0, u + 5.0 * k + 4.5, 10.0, 10.0, "F", True)
        c.u0, c.u1, c.v, c.space = u + 5.0 * k, u + 5.0 * k + 4.5, v, ch.isspace()
        chars.append(c)
    return Line(chars, v=v)


def test_line_numbers_number_every_line_a_contents_page_does_not() -> None:
    from ocrfix.readers.pdf_layout import split_line_numbers

    # A transcript, or a code listing: every line of the stretch has its
    # number, counting up.
    numbered = [_line_of(f"{k} the witness said that he had seen it", 700.0 - 12 * k) for k in range(1, 9)]
    body, numbers = split_line_numbers(numbered)
    assert ["".join(c.text for c in ln.chars) for ln in numbers] == [str(k) for k in range(1, 9)]
    # A table of contents: chapter numbers 1-6 count up too, but section lines
    # without a number stand between them: no line numbers.
    contents = []
    for k in range(1, 7):
        contents.append(_line_of(f"{k} Chapter title number {k}", 700.0 - 36 * k))
        contents.append(_line_of(f"  {k}.1 A section of the chapter", 688.0 - 36 * k))
        contents.append(_line_of(f"  {k}.2 Another section of it", 676.0 - 36 * k))
    body, numbers = split_line_numbers(contents)
    assert numbers == [] and body == contents
