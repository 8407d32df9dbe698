"""Compile the lexicon files that ocrfix loads at run time.

Run once after changing a source (the outputs are committed):

    pip install wordfreq==3.1.1 symspellpy
    python dictionaries/build.py

Sources
-------
* ``en_words.tsv``: English word frequencies from wordfreq 3.1.1 (the "large"
  English list: 321k entries merged from Wikipedia, subtitles, news, books, web
  text and more; data licensed CC BY-SA 4.0, see dictionaries/README.md).  Kept:
  entries made of letters (optionally with inner apostrophes).  Column 2 is the
  Zipf frequency times 100, an integer (Zipf = log10 of frequency per billion
  words).
* ``en_core.tsv``: symspellpy 6.10's frequency_dictionary_en_82_765.txt (MIT):
  82,765 words of a spelling dictionary (SCOWL) with Google Books counts.  It
  is the "core" English vocabulary: a token wordfreq knows from web text but
  this list does not ("rst", "nd", "le") is not taken as a real English word.
* ``en_bigrams.tsv``: Google Books bigram counts from the list that symspellpy
  6.10 ships (frequency_bigramdictionary_en_243_342.txt, MIT).  The list is
  censored: only bigrams counted at least 6.4 million times are in it, so an
  absent bigram means "rarer than that", not "never".
"""

from __future__ import annotations

import math
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORD = re.compile(r"^[^\W\d_]+(?:'[^\W\d_]+)*$")


def build_words() -> int:
    from wordfreq import get_frequency_dict

    freqs = get_frequency_dict("en", "large")
    rows = []
    for word, freq in freqs.items():
        if not WORD.match(word):
            continue
        zipf = math.log10(freq) + 9.0
        rows.append((word, int(round(zipf * 100))))
    rows.sort(key=lambda r: (-r[1], r[0]))
    with open(HERE / "en_words.tsv", "w", encoding="utf-8", newline="\n") as out:
        out.write("# word\tzipf*100  (wordfreq 3.1.1 'large' English list, CC BY-SA 4.0)\n")
        for word, z in rows:
            out.write(f"{word}\t{z}\n")
    return len(rows)


def build_bigrams() -> int:
    import symspellpy

    base = Path(symspellpy.__file__).resolve().parent
    unigrams: list[tuple[str, int]] = []
    with open(base / "frequency_dictionary_en_82_765.txt", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and WORD.match(parts[0]):
                unigrams.append((parts[0], int(parts[1])))
    with open(HERE / "en_core.tsv", "w", encoding="utf-8", newline="\n") as out:
        out.write(f"# total\t{sum(c for _, c in unigrams)}\t(symspellpy frequency_dictionary_en_82_765.txt, MIT)\n")
        for word, count in unigrams:
            out.write(f"{word}\t{count}\n")
    rows = []
    with open(base / "frequency_bigramdictionary_en_243_342.txt", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and WORD.match(parts[0]) and WORD.match(parts[1]):
                rows.append((parts[0], parts[1], int(parts[2])))
    with open(HERE / "en_bigrams.tsv", "w", encoding="utf-8", newline="\n") as out:
        out.write("# bigram\tcount (symspellpy frequency_bigramdictionary_en_243_342.txt, MIT)\n")
        for a, b, c in rows:
            out.write(f"{a} {b}\t{c}\n")
    return len(rows)


if __name__ == "__main__":
    print("words:", build_words())
    print("bigrams:", build_bigrams())
