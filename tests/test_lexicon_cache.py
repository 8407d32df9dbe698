"""The compiled-tables cache of the lexicon (ocrfix.lexicon.load)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocrfix import lexicon
from ocrfix.lexicon import Lexicon, cache_path, load


def _tables(lex: Lexicon) -> tuple[object, ...]:
    lex.ligature_candidates("")
    lex._load_bigrams()
    return (
        lex._zipf,
        lex._core,
        lex._bigrams,
        lex._lig_index,
        lex.ligature_edges(),
        dict(lex.longest_words()),
        lex.total,
        lex.bigram_floor,
    )


def test_cache_is_written_once_and_read_back_equal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCRFIX_CACHE_DIR", str(tmp_path))
    path = cache_path()
    assert path is not None and path.parent == tmp_path
    built = load()
    assert path.is_file()
    stamp = path.stat().st_mtime_ns
    cached = load()
    assert path.stat().st_mtime_ns == stamp  # read, not rewritten
    assert _tables(cached) == _tables(built) == _tables(Lexicon())
    assert cached.ligature_candidates("inuence") == ["influence"]
    assert cached.longest_words()["infl"] >= len("influential")
    assert cached.pmi("of", "the") == built.pmi("of", "the")


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCRFIX_CACHE_DIR", str(tmp_path))
    path = cache_path()
    assert path is not None
    path.write_bytes(b"not a marshal file")
    lex = load()
    assert lex.zipf("the") > 7.0
    assert lexicon._from_cache(path, lex.directory) is not None  # rewritten whole


def test_empty_cache_dir_setting_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCRFIX_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_path() is None
    assert load().zipf("the") > 7.0
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_cache_dir_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("OCRFIX_CACHE_DIR", str(blocker / "ocrfix"))
    assert load().zipf("the") > 7.0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_the_cache_name_follows_the_dictionary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCRFIX_CACHE_DIR", str(tmp_path / "cache"))
    src = lexicon.dictionaries_dir()
    copy = tmp_path / "dicts"
    copy.mkdir()
    for name in ("en_words.tsv", "en_core.tsv", "en_bigrams.tsv"):
        (copy / name).write_bytes((src / name).read_bytes())
    before = cache_path(copy)
    words = copy / "en_words.tsv"
    words.write_bytes(words.read_bytes() + b"zzzzq\t100\n")
    assert cache_path(copy) != before


def test_the_cache_name_follows_the_code_that_builds_the_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setenv("OCRFIX_CACHE_DIR", str(tmp_path))
    before = cache_path()
    module = Path(lexicon.__file__)
    st = module.stat()
    try:
        os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert cache_path() != before
    finally:
        os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cache_path() == before
