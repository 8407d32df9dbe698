"""codelike: lines of program code told from prose (strong signs only)."""

from __future__ import annotations

import pytest

import ocrfix
from ocrfix.codelike import looks_like_code


@pytest.mark.parametrize(
    "line",
    [
        "def differ(first, flow):",
        "    offset = first - flow  # ff fi fl",
        "class Name:",
        "#include <stdio.h>",
        "x += 1",
        "if (x > 0) {",
        "}",
        "self.value = compute(a, b)",
        "total = sum(values)",
    ],
)
def test_code(line: str) -> None:
    assert looks_like_code(line)


@pytest.mark.parametrize(
    "line",
    [
        "class struggle (as Marx put it) was",
        "for the following reasons:",
        "a new library;",
        "The value x = 5.",
        "x = 5 when the sum is even, and y =",
        "return to the house",
        "def",
        "The meeting (which was long) ended {abruptly}",
        "Mr. Darcy = proud",
        "# Chapter one",
        "",
    ],
)
def test_prose(line: str) -> None:
    assert not looks_like_code(line)


def test_spaces_leave_code_lines_alone() -> None:
    # A glued parenthesis and comma on a line of code stay; in prose they are repaired.
    code = "def differ(first,flow, other):\n    return first"
    assert ocrfix.clean_text(code, only=["spaces"]).applied == []
    prose = ocrfix.clean_text("He went to Moscow(New York: Norton, 1990) and back,then home.", only=["spaces"])
    assert {e.rule for e in prose.applied} == {"spaces.before_paren", "spaces.after_punctuation"}


@pytest.mark.parametrize(
    "line",
    ["def differ(first, flow):", "def\tf(x):", "x += 1", "if (x > 0) {", "}", "#include <stdio.h>", "class\tName:",
     "total = sum(values)"],
)
def test_every_code_line_holds_a_mark(line: str) -> None:
    # The whole-text scan for marks never hides a line that looks like code.
    from ocrfix.codelike import marks

    assert looks_like_code(line) and marks(line)


def test_marks() -> None:
    from ocrfix.codelike import marks

    assert not marks("Plain prose, with (parentheses); and a colon: nothing more.")
    assert sorted(marks("x = 1 # one\nin defence of {it}")) == [2, 6, 15, 26, 29]


def test_long_lines() -> None:
    # (Before the search for plain words started at word boundaries, the
    # first of these took about a minute: quadratic in the line's length.)
    assert looks_like_code("x = " + "a" * 200_000)
    assert not looks_like_code("x = " + "a b c " * 50_000)
    # A glued comma on a very long line is prose, not code: repaired.
    line = "word " * 300 + "then,after" + " word" * 300
    assert "then, after" in ocrfix.clean_text(line, only=["spaces"]).text
