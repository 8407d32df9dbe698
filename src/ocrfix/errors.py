"""Errors ocrfix reports to its users, each with a documented exit status.

Exit statuses of the ``ocrfix`` command (also in the README):

== =============================================================
0  success
1  some inputs failed (in a run over several inputs); the others finished
2  usage error (bad option, unknown stage or option name)
3  input not found, not readable, or a directory where a file was expected
4  input cannot be decoded (invalid bytes for the encoding, binary data)
5  PDF cannot be read (malformed, encrypted without password, no pages)
6  no text found (a PDF without a text layer, an empty file)
7  output cannot be written
8  internal error (a bug in ocrfix; the message asks for a report)
== =============================================================
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_DECODE = 4
EXIT_PDF = 5
EXIT_NO_TEXT = 6
EXIT_OUTPUT = 7
EXIT_INTERNAL = 8


class OcrfixError(Exception):
    """An error with a one-line message meant for the user."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(OcrfixError):
    exit_code = EXIT_USAGE


class InputNotFound(OcrfixError):
    exit_code = EXIT_NOT_FOUND


class DecodeError(OcrfixError):
    exit_code = EXIT_DECODE


class PdfError(OcrfixError):
    exit_code = EXIT_PDF


class NoTextError(OcrfixError):
    exit_code = EXIT_NO_TEXT


class OutputError(OcrfixError):
    exit_code = EXIT_OUTPUT
