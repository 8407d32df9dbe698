"""Readers turn an input (text, PDF) into a Document.  Only the PDF reader
imports pdfplumber."""

from __future__ import annotations

from .text import decode, document_from_text, read_text_file

__all__ = ["decode", "document_from_text", "read_text_file"]
