"""Running headers, footers, page numbers and slugs (stage ``headers``)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

import ocrfix
from ocrfix.stages.headers import Headers, shape

from .helpers import check_invariants

CASES = Path(__file__).resolve().parent / "cases" / "headers"
MUST_CHANGE: list[dict[str, Any]] = json.loads((CASES / "must_change.json").read_text(encoding="utf-8"))
MUST_NOT_CHANGE: list[dict[str, Any]] = json.loads((CASES / "must_not_change.json").read_text(encoding="utf-8"))


def _headers(result: ocrfix.Result) -> list[list[Any]]:
    return [[h.text, h.page_number, h.position, h.kind] for h in result.headers]


@pytest.mark.parametrize("case", MUST_CHANGE, ids=[c["name"] for c in MUST_CHANGE])
def test_must_change(case: dict[str, Any]) -> None:
    result = ocrfix.clean_text(case["input"], only=["headers"])
    assert _headers(result) == case["headers"]
    assert case["rule"] in {e.rule for e in result.applied}
    if "body" in case:
        assert result.text == case["body"]
    check_invariants(case["input"])


@pytest.mark.parametrize("case", MUST_NOT_CHANGE, ids=[c["name"] for c in MUST_NOT_CHANGE])
def test_must_not_change(case: dict[str, Any]) -> None:
    result = ocrfix.clean_text(case["input"], only=["headers"])
    for keep in case.get("keep", []):
        assert keep in result.text
        assert all(keep not in h.text for h in result.headers)
    if "keep" not in case:
        assert result.headers == []
        assert result.text == case["input"]


def test_rules_are_declared() -> None:
    assert set(Headers.rules) == {
        "headers.running",
        "headers.page_number",
        "headers.slug",
        "headers.repeated",
        "headers.margin",
        "headers.line_break",
    }


def test_line_break_removed_with_the_header() -> None:
    result = ocrfix.clean_text("Conclusion Ë 199\nnied the famine.\nMore.", only=["headers"])
    breaks = [e for e in result.applied if e.rule == "headers.line_break"]
    assert [e.old for e in breaks] == ["\n"]
    assert result.text == "nied the famine.\nMore."


def test_shapes() -> None:
    sh = shape("Conclusion Ë 199")
    assert sh is not None and sh.kind == "running" and sh.number == 199 and sh.separator
    sh = shape("202 Chapter Seven")
    assert sh is not None and sh.number == 202 and not sh.separator
    sh = shape("Book.indb 72 14/09/2018 10:37")
    assert sh is not None and sh.kind == "slug" and sh.number == 72
    sh = shape("xiv")
    assert sh is not None and sh.kind == "page_number" and sh.number == "xiv"
    assert shape("He left in 1934") is None
    assert shape("3 Buy milk") is None
    assert shape("a" * 200 + " 12") is None


def _book(
    pages: int, *, sep: str = "\f", first: int = 40, with_numbers: bool = True, lines: int = 8
) -> tuple[str, list[str]]:
    out = []
    heads = []
    for p in range(pages):
        n = first + p
        head = (f"{n} The Long Road" if n % 2 == 0 else f"Early Years {n}") if with_numbers else "THE LONG ROAD"
        heads.append(head)
        body = "\n".join(f"line {k} of the text on this page, which goes on for a while" for k in range(lines))
        out.append(f"{head}\n{body}")
    return sep.join(out), heads


def test_recto_verso_in_sequence_form_feeds() -> None:
    text, heads = _book(6)
    result = ocrfix.clean_text(text, only=["headers"])
    assert [h.text for h in result.headers] == heads
    assert [h.page_number for h in result.headers] == list(range(40, 46))
    assert [h.page for h in result.headers] == list(range(1, 7))
    assert {e.rule for e in result.applied} == {"headers.running", "headers.line_break"}
    assert all(h not in result.text for h in heads)
    check_invariants(text)


def test_repeated_title_without_numbers() -> None:
    text, _ = _book(5, with_numbers=False)
    result = ocrfix.clean_text(text, only=["headers"])
    assert [h.text for h in result.headers] == ["THE LONG ROAD"] * 5
    assert {e.rule for e in result.applied} == {"headers.repeated", "headers.line_break"}
    assert all(h.page_number is None for h in result.headers)


def test_repeated_title_fuzzy() -> None:
    heads = ["THE LONG ROAD", "THE LONG R0AD", "THE LONG ROAD", "THE L0NG ROAD", "THE LONG ROAD"]
    body = "\n".join(f"line {k} of the text on this page" for k in range(6))
    text = "\f".join(f"{h}\n{body}" for h in heads)
    result = ocrfix.clean_text(text, only=["headers"])
    assert len(result.headers) == 5


def test_title_on_two_pages_of_many_is_not_running() -> None:
    body = "\n".join(f"line {k} of the text on this page" for k in range(6))
    pages = [f"Chapter {k}\n{body}" if k in (2, 6) else body for k in range(10)]
    result = ocrfix.clean_text("\f".join(pages), only=["headers"])
    assert result.headers == []


def test_run_together_pages() -> None:
    text, heads = _book(6, sep="\n")
    result = ocrfix.clean_text(text, only=["headers"])
    assert [h.text for h in result.headers] == heads
    assert all(h.position == "top" for h in result.headers)
    breaks = result.facts["headers.page_breaks"]
    assert breaks == [text.index(h) for h in heads[1:]]
    # Lines do not merge where a header was.
    assert "while\nline 0" in result.text
    check_invariants(text)


def test_run_together_footer_then_header() -> None:
    pages = []
    for p in range(5):
        body = "\n".join(f"line {k} of the text on this page" for k in range(7))
        pages.append(f"Early Years | {10 + p}\n{body}\n{10 + p}")
    text = "\n".join(pages)
    result = ocrfix.clean_text(text, only=["headers"])
    got = [(h.text, h.position) for h in result.headers]
    want = []
    for p in range(5):
        want += [(f"Early Years | {10 + p}", "top"), (str(10 + p), "bottom")]
    assert got == want
    assert result.text.count("line 0") == 5
    assert "\n\n" not in result.text
    check_invariants(text)


def test_markers_on_own_lines_are_not_page_numbers() -> None:
    text = "Some text.\n7\nMore text here.\n8\nAnd more.\n9\nThe end of it."
    result = ocrfix.clean_text(text, only=["headers"])
    assert result.headers == []


def _headers_seconds(pages: int) -> float:
    text, _ = _book(pages, lines=30)  # pages of about 2 kB
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        result = ocrfix.clean_text(text, only=["headers"])
        best = min(best, time.perf_counter() - start)
    assert len(result.headers) == pages
    return best


def test_linear_time() -> None:
    t_small, t_big = _headers_seconds(400), _headers_seconds(1600)
    assert t_big < 10 * t_small + 0.3  # linear, not quadratic (16x); slack for a loaded machine
    size = len(_book(1600, lines=30)[0])
    # About 3 MB/s through the pipeline on an idle machine; room for a loaded one.
    assert size / t_big > 1_000_000, f"{size / t_big / 1e6:.2f} MB/s"


def test_adversarial_long_lines_are_fast() -> None:
    text = ("1 " * 50_000 + "\n") * 4 + ("Ë " * 50_000 + "\n") * 4
    start = time.perf_counter()
    ocrfix.clean_text(text, only=["headers"])
    assert time.perf_counter() - start < 2.0


def test_blank_page_with_only_its_number() -> None:
    text = "the text of one page goes on here\nand ends here.\f199\fThe next page starts here\nand goes on."
    result = ocrfix.clean_text(text, only=["headers"])
    assert [(h.text, h.page, h.kind) for h in result.headers] == [("199", 2, "page_number")]
    assert ocrfix.clean_text("199", only=["headers"]).headers == []


def test_title_and_number_without_glyph_need_other_pages() -> None:
    heads = [
        "Federal Register/Vol. 85, No. 152/Thursday, August 6, 2020/Proposed Rules 47699",
        "47700 Federal Register/Vol. 85, No. 152/Thursday, August 6, 2020/Proposed Rules",
        "Federal Register/Vol. 85, No. 152/Thursday, August 6, 2020/Proposed Rules 47701",
        "202 Chapter Seven",
    ]
    body = "\n".join(f"the agency proposes, in line {k}, to amend the rule" for k in range(6))
    text = "\f".join(f"{h}\n{body}" for h in heads[:3])
    result = ocrfix.clean_text(text, only=["headers"])
    assert [(h.text, h.page_number) for h in result.headers] == [(h, 47699 + i) for i, h in enumerate(heads[:3])]
    pages = [f"{200 + k} Chapter Seven\n{body}" if k % 2 == 0 else f"Conclusions {200 + k}\n{body}" for k in range(4)]
    result = ocrfix.clean_text("\f".join(pages), only=["headers"])
    assert [h.page_number for h in result.headers] == [200, 201, 202, 203]


def _book_pages(numbers: list[int], opening: dict[int, str]) -> str:
    """Pages with running heads ("Chapter 4 ◆ 63" on odd pages, "62 ◆ A Novel"
    on even ones); a chapter's first page has its heading at the top and its
    number at the foot instead."""
    body = "The morning was fine and they walked out together.\nNobody spoke of the letter that had come.\nThey came back late."
    pages = []
    for n in numbers:
        if n in opening:
            pages.append(f"{opening[n]}\n{body}\n{n}")
        elif n % 2:
            pages.append(f"Chapter 4 ◆ {n}\n{body}")
        else:
            pages.append(f"{n} ◆ A Novel\n{body}")
    return "\f".join(pages)


def test_chapter_heading_like_the_running_heads_stays_in_the_body() -> None:
    # "Chapter 5" repeats the running heads' title, but its page carries its
    # own number at the foot ("66"): it is the chapter's heading.
    text = _book_pages(list(range(61, 69)), {66: "Chapter 5"})
    r = ocrfix.clean_text(text, only=["headers"])
    assert "Chapter 5\nThe morning was fine" in r.text
    assert "Chapter 5" not in [h.text for h in r.headers]
    assert [h.text for h in r.headers if h.page_number == 66] == ["66"]
    assert len(r.headers) == 8


def test_running_heads_of_two_page_ranges_are_all_moved() -> None:
    # Pages 61-64 and 90-93 of a book in one extract: two page-number
    # offsets; no page holds a second number, so every running head goes.
    text = _book_pages([61, 62, 63, 64, 90, 91, 92, 93], {})
    r = ocrfix.clean_text(text, only=["headers"])
    assert len(r.headers) == 8
    assert "◆" not in r.text


def test_chapter_heading_without_a_number_stays_in_the_body() -> None:
    # "Chapter II" alone above the chapter's first page, whose number is at
    # its foot; the running heads of the pages after read "Chapter II 13".
    body = "The little girl performed her long journey in safety.\nShe was met by her aunt.\nAnd taken in."
    pages = ["Chapter II\n" + body + "\n12"]
    pages += [f"Chapter II {n}\n{body}" if n % 2 else f"{n} Mansfield Park\n{body}" for n in range(13, 19)]
    r = ocrfix.clean_text("\f".join(pages), only=["headers"])
    assert r.text.startswith("Chapter II\nThe little girl")
    assert [h.text for h in r.headers][:2] == ["12", "Chapter II 13"]


def test_margin_number_in_superscript_digits_is_no_line_number() -> None:
    # A margin line the layout stage wrote with superscript digits ("1946"
    # read as "19⁴⁶") is not a line number: str.isdigit() accepts it, int()
    # does not (a real manual, amsfonts.pdf p7 with the pdfium engine, ended
    # in an internal error).
    from ocrfix.model import Line

    lines = [Line(0, 4, "19⁴⁶", "\n"), Line(5, 7, "12", "")]
    cands = Headers._margin_alone(lines, {0, 1}, set())
    assert [(c.line, c.shape.number) for c in cands] == [(1, 12)]
