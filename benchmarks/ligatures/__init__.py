"""Ligature benchmark: lose every ff/fi/fl/ffi/ffl glyph in real prose, repair it.

    python -m benchmarks.ligatures.prepare    # once, on Debian: rebuild data/ (committed)
    python -m benchmarks.ligatures.selftest   # check the damage generator and scorer
    python -m benchmarks.ligatures            # run ocrfix, write RESULTS.md, errors.txt

Modules: ``prepare`` (corpus from Debian packages, see SOURCES.md), ``damage`` (the
joined and gap damage forms with offsets), ``score`` (token-level scoring),
``__main__`` (the runner).
"""
