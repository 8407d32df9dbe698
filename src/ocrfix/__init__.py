"""ocrfix: repair text damaged by PDF extraction or OCR, and say what changed.

    >>> import ocrfix
    >>> r = ocrfix.clean_text("The eort to oset the inuence of rst impressions.")
    >>> r.text
    'The effort to offset the influence of first impressions.'
"""

from __future__ import annotations

from .api import clean_document, clean_file, clean_pdf, clean_text, read_document
from .errors import OcrfixError
from .model import Document, Edit
from .pipeline import EditRecord, rebuild
from .result import Header, Note, Result
from .stages import STAGE_ORDER, STAGES

__version__ = "0.1.0"

__all__ = [
    "STAGES",
    "STAGE_ORDER",
    "Document",
    "Edit",
    "EditRecord",
    "Header",
    "Note",
    "OcrfixError",
    "Result",
    "__version__",
    "clean_document",
    "clean_file",
    "clean_pdf",
    "clean_text",
    "read_document",
    "rebuild",
]
