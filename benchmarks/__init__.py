"""Evaluation suite of ocrfix (not part of the library; nothing in src/ imports it)."""
