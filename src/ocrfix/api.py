"""The Python API: clean text, files and documents."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .model import Document
from .pipeline import Pipeline, build_stages
from .readers import document_from_text, read_text_file
from .result import Result, build_result


def clean_document(
    doc: Document,
    *,
    only: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    min_confidence: float = 0.5,
    timings: dict[str, float] | None = None,
    **options: Any,
) -> Result:
    """Run the pipeline over a Document.  ``options`` are stage options, named
    ``option`` or ``stage.option`` (see ``ocrfix stages``).  ``timings``, a
    dict, is added to: CPU seconds by stage (``Pipeline``'s ``timings``), and
    under ``"(result)"`` those spent building the Result."""
    stages = build_stages(only=only, skip=skip, options=options)
    with _collector_paused():
        records = Pipeline(stages, min_confidence=min_confidence, timings=timings).run(doc)
        t = time.process_time()
        result = build_result(doc, records)
        if timings is not None:
            timings["(result)"] = timings.get("(result)", 0.0) + time.process_time() - t
        return result


def clean_text(
    text: str,
    *,
    only: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    min_confidence: float = 0.5,
    source: str = "<text>",
    **options: Any,
) -> Result:
    """Clean extracted text.  Form feeds separate pages.

    >>> clean_text("The eort was dierent.").text
    'The effort was different.'
    """
    return clean_document(
        document_from_text(text, source=source), only=only, skip=skip, min_confidence=min_confidence, **options
    )


def read_document(path: str | os.PathLike[str], *, encoding: str = "utf-8", **reader_options: Any) -> Document:
    """Read a text file or a PDF (by its first bytes) into a Document.
    ``reader_options`` (pages, password, engine) apply to PDFs only."""
    p = Path(path)
    if p.suffix.lower() == ".pdf" or _looks_like_pdf(p):
        from .readers.pdf import read_pdf  # imports pdfplumber: only when needed

        return read_pdf(p, **reader_options)
    return read_text_file(p, encoding=encoding)


def _looks_like_pdf(p: Path) -> bool:
    try:
        with open(p, "rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False


def clean_file(
    path: str | os.PathLike[str],
    *,
    encoding: str = "utf-8",
    only: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    min_confidence: float = 0.5,
    **options: Any,
) -> Result:
    """Read and clean one file (text or PDF)."""
    doc = read_document(path, encoding=encoding)
    return clean_document(doc, only=only, skip=skip, min_confidence=min_confidence, **options)


def clean_pdf(
    path: str | os.PathLike[str],
    pages: str | Iterable[int] | None = None,
    password: str | None = None,
    engine: str = "pdfplumber",
    *,
    only: Iterable[str] | None = None,
    skip: Iterable[str] | None = None,
    min_confidence: float = 0.5,
    **options: Any,
) -> Result:
    """Read and clean a PDF.  ``pages`` selects pages ("3-7", "1,3,5-", 1-based);
    ``engine`` is "pdfplumber" (default) or "pdfium" (faster)."""
    from .readers.pdf import read_pdf

    with _collector_paused():
        doc = read_pdf(path, pages=pages, password=password, engine=engine)
        result = clean_document(doc, only=only, skip=skip, min_confidence=min_confidence, **options)
        del doc  # its characters go now, not in the collection that follows the pause
    return result


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused, then back as it was.  A PDF
    becomes an object or more per character (a page has thousands), a text an
    object or more per word (tokens, edits, records), that live until the
    result is built and form no cycles; the collector would walk them again
    and again (about a seventh of clean_pdf's time, a quarter of
    clean_text's).  Reference counting still frees everything else as
    usual; the pause nests (an inner one leaves the collector off)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
