"""Word and bigram frequencies, loaded once per process and only when needed.

The files are compiled by ``dictionaries/build.py`` (see its docstring for the
sources and licences): ``en_words.tsv`` (wordfreq's large English list, as Zipf
values) and ``en_bigrams.tsv`` (Google Books bigram counts as shipped by
symspellpy).  Loading takes a fraction of a second, far less than building
symspellpy's own dictionaries; the tables compiled from them (with the
ligature index) are kept in a cache file between processes (``load``,
``cache_path``: ``$OCRFIX_CACHE_DIR``, empty to turn it off), which halves that.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import math
import os
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

LIGATURES: tuple[str, ...] = ("ffi", "ffl", "ff", "fi", "fl")

_LOCK = threading.Lock()
PREFIX = 4  # letters of the prefixes Lexicon.longest_words is keyed on


def dictionaries_dir() -> Path:
    env = os.environ.get("OCRFIX_DICTIONARIES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    packaged = here / "dictionaries"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "dictionaries"


def ligature_parses(word: str) -> Iterator[str]:
    """Damaged forms of ``word`` if every ligature glyph in it were lost.

    Fonts differ in which ligatures they have: "office" may be set o-ffi-ce,
    o-ff-i-ce or o-f-fi-ce, which lose to "oce", "oice" and "ofce".
    """
    results: set[str] = set()

    def walk(i: int, acc: str, lost: int) -> None:
        if len(results) > 16:
            return
        if i >= len(word):
            if lost:
                results.add(acc)
            return
        if word[i] == "f" and i + 1 < len(word):
            nxt = word[i + 1]
            if nxt == "f" and i + 2 < len(word) and word[i + 2] in "il":
                walk(i + 3, acc, lost + 1)  # one ffi / ffl glyph
                walk(i + 2, acc, lost + 1)  # an ff glyph, then a plain i / l
                walk(i + 1, acc + "f", lost)  # a plain f, then a fi / fl glyph
                return
            if nxt in "fil":
                walk(i + 2, acc, lost + 1)  # one ff / fi / fl glyph
                return
        walk(i + 1, acc + word[i], lost)

    walk(0, "", 0)
    yield from results


class Lexicon:
    """English word frequencies (Zipf scale) and bigram counts."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or dictionaries_dir()
        words_path = self.directory / "en_words.tsv"
        try:
            with open(words_path, encoding="utf-8") as f:
                f.readline()
                parts = f.read().split()
        except OSError as exc:  # pragma: no cover - packaging error
            raise RuntimeError(f"ocrfix dictionary missing: {words_path} ({exc.strerror})") from exc
        self._zipf: dict[str, int] = dict(zip(parts[0::2], map(int, parts[1::2]), strict=True))
        self._lig_index: dict[str, list[str]] | None = None
        self._lig_edges: tuple[frozenset[str], frozenset[str]] | None = None
        self._longest: dict[str, int] | None = None
        self._bigrams: dict[str, int] | None = None
        self._bigram_words: frozenset[str] | None = None  # the words of the listed bigrams
        self._core: dict[str, int] | None = None
        self._pmi_cache: dict[tuple[str, str], float] = {}
        self._memos: dict[str, dict[str, Any]] = {}
        self.total = 1
        self.bigram_floor = 1

    # --- unigrams -------------------------------------------------------------
    def zipf(self, word: str) -> float:
        """Zipf frequency of a lowercase word (0.0 if unknown)."""
        z = self._zipf.get(word)
        return z / 100.0 if z is not None else 0.0

    def __contains__(self, word: str) -> bool:
        return word in self._zipf

    def zipf_table(self) -> Mapping[str, int]:
        """Word -> Zipf value times 100, for loops that look up many strings
        of which most are not words (read only)."""
        return self._zipf

    def words(self) -> Iterable[str]:
        """Every word of the list (lowercase)."""
        return self._zipf.keys()

    def logp(self, word: str) -> float:
        """Natural log of the word's frequency (unknown words: 1e-9.5)."""
        z = self._zipf.get(word)
        zipf = z / 100.0 if z is not None else -0.5
        return (zipf - 9.0) * math.log(10)

    # --- ligature candidates --------------------------------------------------
    def ligature_candidates(self, damaged: str) -> list[str]:
        """Words that lose to ``damaged`` when their ligature glyphs vanish."""
        if self._lig_index is None:
            with _LOCK:
                if self._lig_index is None:
                    index: dict[str, list[str]] = {}
                    for word in self._zipf:
                        if "f" not in word or not any(lg in word for lg in ("ff", "fi", "fl")):
                            continue
                        for form in ligature_parses(word):
                            if form:
                                index.setdefault(form, []).append(word)
                    self._lig_index = index
        return self._lig_index.get(damaged, [])

    def damaged_forms(self) -> Mapping[str, list[str]]:
        """The ligature index itself (damaged form -> candidates, read only),
        for set operations over a text's distinct words."""
        self.ligature_candidates("")
        assert self._lig_index is not None
        return self._lig_index

    def core_words(self) -> Mapping[str, int]:
        """The core vocabulary (word -> count, read only), for set operations."""
        return self._core if self._core is not None else self._load_core()

    def longest_words(self) -> Mapping[str, int]:
        """Length of the longest word per prefix of ``PREFIX`` letters (of
        the words longer than that): no string that starts with a prefix can
        be a word once it is longer.  Built once, kept with the cached
        tables (building it takes about 0.1 s)."""
        if self._longest is None:
            with _LOCK:
                if self._longest is None:
                    longest: dict[str, int] = {}
                    get = longest.get
                    for w in self._zipf:
                        if len(w) > PREFIX:
                            p = w[:PREFIX]
                            if len(w) > get(p, 0):
                                longest[p] = len(w)
                    self._longest = longest
        return self._longest

    def memo(self, name: str) -> dict[str, Any]:
        """A dictionary named ``name`` for facts a stage derives from this
        lexicon alone, word by word (they hold as long as the lexicon)."""
        memo = self._memos.get(name)
        if memo is None:
            memo = self._memos[name] = {}
        return memo

    def ligature_edges(self) -> tuple[frozenset[str], frozenset[str]]:
        """What comes before and after a ligature in the words that have one:
        ``heads`` ("", "a", "di", "in") and ``tails`` ("", "ect", "erent",
        "uence").  Two tokens ``a``, ``b`` join with a ligature ``lg`` into a
        word only if ``a`` is a head and ``b`` a tail: a filter that spares
        looking up every pair of neighbouring words."""
        if self._lig_edges is None:
            with _LOCK:
                if self._lig_edges is None:
                    heads: set[str] = set()
                    tails: set[str] = set()
                    for word in self._zipf:
                        if "f" not in word:
                            continue
                        for lg in LIGATURES:
                            i = word.find(lg)
                            while i >= 0:
                                heads.add(word[:i])
                                tails.add(word[i + len(lg) :])
                                i = word.find(lg, i + 1)
                    self._lig_edges = (frozenset(heads), frozenset(tails))
        return self._lig_edges

    # --- core vocabulary and bigrams ------------------------------------------
    def _load_core(self) -> dict[str, int]:
        if self._core is None:
            with _LOCK:
                if self._core is None:
                    with open(self.directory / "en_core.tsv", encoding="utf-8") as f:
                        self.total = int(f.readline().split("\t")[1])
                        parts = f.read().split()
                    self._core = {w: int(c) for w, c in zip(parts[0::2], parts[1::2], strict=True)}
        return self._core

    def core(self, word: str) -> bool:
        """True for words of the core English vocabulary (a spelling list)."""
        c = self._core
        if c is None:
            c = self._load_core()
        return word in c

    def core_count(self, words: Iterable[str]) -> int:
        """How many of ``words`` (lowercase) are core vocabulary (one pass)."""
        c = self._core
        if c is None:
            c = self._load_core()
        return sum(map(c.__contains__, words))

    def _load_bigrams(self) -> dict[str, int]:
        if self._bigrams is None:
            self._load_core()
            with _LOCK:
                if self._bigrams is None:
                    with open(self.directory / "en_bigrams.tsv", encoding="utf-8") as f:
                        f.readline()
                        # "a b<TAB>count" lines: one split over the whole file.
                        parts = f.read().replace("\t", "\n").split("\n")
                    if parts and not parts[-1]:
                        parts.pop()
                    bigrams: dict[str, int] = dict(zip(parts[0::2], map(int, parts[1::2]), strict=True))
                    self.bigram_floor = min(bigrams.values()) if bigrams else 1
                    self._bigrams = bigrams
        return self._bigrams

    def in_bigrams(self, word: str) -> bool:
        """Does any listed bigram hold ``word``?  The list has none with
        contractions, "cannot", American spellings ("color") or recent words:
        for those an absent pair says nothing."""
        words = self._bigram_words
        if words is None:
            bigrams = self._bigrams if self._bigrams is not None else self._load_bigrams()
            words = self._bigram_words = frozenset(" ".join(bigrams).split(" "))
        return word in words

    def count(self, word: str) -> float:
        """Corpus count of a word on the bigram list's scale."""
        core = self._core if self._core is not None else self._load_core()
        c = core.get(word)
        if c is not None:
            return float(c)
        return math.exp(self.logp(word)) * self.total

    def pmi(self, a: str | None, b: str | None) -> float:
        """Pointwise mutual information of the bigram ``a b`` (natural log).

        The bigram list is censored (only pairs seen at least ``bigram_floor``
        times are listed), so an absent pair counts as the smaller of the floor
        and what independence predicts: frequent pairs that are absent are
        evidence against, rare ones are no evidence at all.
        """
        if not a or not b:
            return 0.0
        key = (a, b)
        cached = self._pmi_cache.get(key)
        if cached is None:
            cached = self._pmi(a, b)
            if len(self._pmi_cache) > 500_000:
                self._pmi_cache.clear()
            self._pmi_cache[key] = cached
        return cached

    def _pmi(self, a: str, b: str) -> float:
        bigrams = self._bigrams if self._bigrams is not None else self._load_bigrams()
        ca, cb = self.count(a), self.count(b)
        expected = ca * cb / self.total
        observed = bigrams.get(f"{a} {b}")
        observed_f = min(float(self.bigram_floor) * 0.5, expected) if observed is None else float(observed)
        if expected <= 0 or observed_f <= 0:
            return 0.0
        return math.log(observed_f / expected)


_CACHE_FORMAT = "4"  # bump when the cached tables change shape
_FILES = ("en_words.tsv", "en_core.tsv", "en_bigrams.tsv")


def cache_path(directory: Path | None = None) -> Path | None:
    """Where the compiled tables of the dictionaries in ``directory`` are kept
    between processes: ``$OCRFIX_CACHE_DIR`` (empty: no cache), else
    ``$XDG_CACHE_HOME/ocrfix`` or ``~/.cache/ocrfix``.  The name holds the
    sizes and times of the dictionary files and of this module (whose code
    builds the ligature index), the Python version (marshal's format is
    Python's own) and the table format, so a stale file is never read."""
    env = os.environ.get("OCRFIX_CACHE_DIR")
    if env == "":
        return None
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ocrfix"
    directory = directory or dictionaries_dir()
    stamp = hashlib.sha256(f"{_CACHE_FORMAT} {sys.version}".encode())
    try:
        # This module too: the ligature index is built by its code.
        for file in (*(directory / name for name in _FILES), Path(__file__)):
            st = file.stat()
            stamp.update(f" {file.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    except OSError:
        return None
    return base / f"lexicon-{stamp.hexdigest()[:20]}.marshal"


def _from_cache(path: Path, directory: Path) -> Lexicon | None:
    try:
        with open(path, "rb") as f:
            tables = marshal.loads(f.read())
        zipf, core, bigrams, index, edges, longest, total, floor, bigram_words = tables
    except (OSError, EOFError, ValueError, TypeError):
        return None  # missing, unreadable or not ours: build instead
    lex = Lexicon.__new__(Lexicon)
    lex.directory = directory
    lex._zipf, lex._core, lex._bigrams, lex._lig_index = zipf, core, bigrams, index
    lex._lig_edges = edges
    lex._longest = longest
    lex._bigram_words = bigram_words
    lex.total, lex.bigram_floor = total, floor
    lex._pmi_cache = {}
    lex._memos = {}
    return lex


def _to_cache(lex: Lexicon, path: Path) -> None:
    """Build every table and write them (atomically: a temporary file, then
    a rename).  A cache that cannot be written is no error."""
    lex.ligature_candidates("")
    lex._load_bigrams()
    lex.longest_words()
    lex.in_bigrams("")
    tables = (
        lex._zipf,
        lex._core,
        lex._bigrams,
        lex._lig_index,
        lex.ligature_edges(),
        lex._longest,
        lex.total,
        lex.bigram_floor,
        lex._bigram_words,
    )
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            marshal.dump(tables, f)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def load(directory: Path | None = None) -> Lexicon:
    """The lexicon of ``directory``: from the cache of compiled tables when
    it has them (about half the time of parsing the lists and building the
    ligature index), else built from the lists and then cached."""
    directory = directory or dictionaries_dir()
    path = cache_path(directory)
    if path is not None:
        lex = _from_cache(path, directory)
        if lex is not None:
            return lex
    lex = Lexicon(directory)
    if path is not None:
        _to_cache(lex, path)
    return lex


@cache
def english() -> Lexicon:
    """The process-wide English lexicon (loaded on first use)."""
    return load()
