"""Lines that are program code, not prose.

Extracts of manuals and papers carry code listings; the stages that reflow
lines and restore spaces must leave them alone.  Only strong signs count, so
that prose is never taken for code: a Python definition ("def name(",
"class Name:"), a C preprocessor line ("#include"), an assignment ("offset =
first - flow", with no run of three plain words outside a comment, not
ending like a sentence), a line that opens a brace block after a
parenthesis ("if (x) {") or closes one ("}").  Prose that starts with
"class" or "for", or ends with ":" or ";", is not enough.
"""

from __future__ import annotations

import re

_CODE_LINE_RE = re.compile(
    r"(?:def|class)\s+[A-Za-z_]\w*[(:]"  # def differ(   class Name:
    r"|\#\s*(?:include|define|undef|ifn?def|if|elif|else|endif|pragma)\b"  # C preprocessor
    r"|.*\)\s*\{$"  # if (x) {
    r"|\}[\s;,)]*$"  # }
)
_ASSIGNMENT_RE = re.compile(r"[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s*(?:=|\+=|-=|\*=|/=|%=|:=|\|=|&=)\s*[^\s=]")
_COMMENT_RE = re.compile(r"\s(?:#|//).*$")
# (From word starts only: without the \b a search would try every letter of
# a long run of letters, each to the run's end.)
_WORDS3_RE = re.compile(r"\b[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")


# Every line looks_like_code accepts holds one of these marks.
_MARKS = ("=", "{", "}", "#", "def", "class")


def marks(text: str) -> list[int]:
    """Where ``text`` holds a mark of code ("=", a brace, "#", "def",
    "class"): only a line with one can look like code.  (Found with
    str.find, which runs through text far faster than a regular expression
    that tries each position: prose has few marks, so few lines are looked
    at.)"""
    found: list[int] = []
    for mark in _MARKS:
        i = text.find(mark)
        while i >= 0:
            found.append(i)
            i = text.find(mark, i + 1)
    return found


def looks_like_code(line: str) -> bool:
    """Is ``line`` (a line of text, with or without its indent) code?"""
    s = line.strip()
    if _CODE_LINE_RE.match(s) is not None:
        return True
    if _ASSIGNMENT_RE.match(s) is None:
        return False
    s = _COMMENT_RE.sub("", s)
    return not s.endswith((".", "!", "?", '"', "'", "\u201d", "\u2019")) and _WORDS3_RE.search(s) is None


__all__ = ["looks_like_code", "marks"]
