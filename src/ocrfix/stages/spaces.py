"""Spaces lost by the extractor.

PDF text has no space characters, only gaps between glyphs; extractors guess
spaces from the gaps and lose them at font changes ("Taylor,Stalin’s" where the
title is italic), before a parenthesis, and on tightly set lines whose gaps are
all small ("thesecases,youmaybebetterwritingPythoncode").  Rules:

* ``after_punctuation``: a comma, semicolon, colon, question or exclamation
  mark (or a full stop after a lowercase word) glued to the next word:
  "Edwards,The" -> "Edwards, The".  Numbers ("1,000"), abbreviations ("U.S.",
  "e.g.,"), times, addresses, identifiers and lines of code are not prose and
  are left alone.
* ``before_paren``: a word glued to an opening parenthesis whose content is
  prose (has a space): "Moscow(New York:" -> "Moscow (New York:".  "f(x)",
  "Windows(R)", "word(s)" stay, and so does a line of code ("def f(a, b):").
* ``case_boundary``: a very common lowercase word glued to a capitalised word:
  "inRuch" -> "in Ruch".  "iPhone", "eBay", "McDonald" stay (one-letter or
  capitalised prefixes, words the lexicon knows whole).
* ``segmented``: a long run of letters that no lexicon entry explains, whose
  best split into words (Viterbi over the lexicon's Zipf values) is far more
  probable than one unknown word, gets its spaces back, unless a third of its
  pieces or more are fragments no spelling dictionary lists (a long word of
  its own: "pneumonoultramicroscopicsilicovolcanoconiosis" is not "pneumo no
  ultra microscopic silico volcano con ios is").  Punctuation, case, digits
  and hyphens stay where they are.  Only in English text: the
  lexicon is English, and it would cut the words of another language into
  English pieces ("métabolique" -> "m étabolique").  A text is English when
  most of its words of 4 to 14 letters are in the core English vocabulary
  (English prose: 80-98 %; French: 20-35 %).  Also under ``segmented``, a
  short run of 4 to 12 letters on a line that kept its other spaces ("Ihave",
  "withher.", "Sheis"): when it is no word of the spelling dictionary, has no
  capital inside, comes once in the document (an extractor does not lose the
  same space twice; a term or a name repeats: "gettext", "Wentworth"), and
  its likeliest split is two common words that go together more often than
  chance ("for bad", "term cap" do not).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from ..codelike import looks_like_code
from ..lexicon import PREFIX, Lexicon, english
from ..model import Document, Edit
from .base import Stage

# A whitespace-free run that is an address, a path or code, not prose.
_ADDRESS_RE = re.compile(r"(?:://|www\.|@|\.(?:com|org|net|edu|gov|html?|pdf|py)\b|[_\\/=<>{}#~|`$%^*+\[\]])", re.I)
_CHUNK_RE = re.compile(r"\S+")
_LONG_CHUNK_RE = re.compile(r"\S{10,}")
_SHORT_CHUNK_RE = re.compile(r"\S{7,}")
_SPLIT_CACHE: dict[tuple[str, bool], tuple[list[str], float]] = {}
# What _segment makes of a chunk (new text, confidence, reason), per chunk and thresholds.
_SEGMENT_CACHE: dict[tuple[str, float, int, bool], tuple[str, float, str] | None] = {}
_BONUS_CACHE: dict[tuple[str, str], float] = {}
_CASE_GAIN = 4.0  # log10 evidence of a lowercase letter before a capital inside a glued run
_CAMEL_RE = re.compile(r"[^a-z]*[a-z]+(?:['\u2019][a-z]+)*|.+")
# Letters: word characters but digits, "_" and superscript / fraction digits.
_L = r"[^\W\d_\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f]"
_RUN_RE = re.compile(f"{_L}+(?:['\u2019]{_L}+)*")
_PUNCT_RE = re.compile(f"([,;:!?.])(?={_L})")
# Inside a segmented run: punctuation glued to the next word, and words glued
# to quotation marks.  Letters only: a superscript note number after ".”" or
# ":" stays attached ("unfolded.”³", "Bingley:¹¹").
_GLUED_PUNCT_RE = re.compile(f"(?<=[^\\W_])([,;:!?])(?={_L}|[\u201c\u2018]{_L})")
_AFTER_QUOTE_RE = re.compile(f"(?<=[,;:!?.]\u201d)(?={_L})")
_BEFORE_QUOTE_RE = re.compile(f"(?<={_L})(?=\u201c{_L})")
# Inside a segmented run, also: a full stop (or one closing a parenthesis)
# glued to the capitalised word of the next sentence ("governments.The",
# "D.Roosevelt", "out.)In", "[2].The", "other.A"; "U.S.A" stays); a
# superscript note number glued to the next word ("Bank,⁵created"); a word
# glued to an opening parenthesis of two letters or more, a citation or a
# price ("program(one", "years[1,4]", "at£1,264"; "word(s)", "f(2)" stay);
# a word after a closing parenthesis, bracket, per cent sign or closing
# quotation mark ("(here)and", "41%over", "measures”that"); an opening
# quotation mark after a full stop ("tie.“You").
_STOP_CAPITAL_RE = re.compile(
    r"(?:(?<=[^\W_])|(?<=[\])%\u2019\u201d\"']))(\.\)?)(?=[A-Z][a-z])|(?<=[a-z]{2})(\.)(?=[AI]\b)"
)
_AFTER_SUPERSCRIPT_RE = re.compile(f"(?<=[\u00b9\u00b2\u00b3\u2070-\u2079])(?={_L})")
_OPEN_PAREN_RE = re.compile(f"(?<={_L})(?=\\({_L}{{2}}|\\[\\d|[\u00a3\u20ac]\\d)|(?<={_L}{{3}})(?=\\(\\d)")
_CLOSE_PAREN_RE = re.compile(f"(?<=[)\\]%])(?={_L})|(?<={_L}\u201d)(?={_L})|(?<=[.!?])(?=\u201c{_L})")
# Inside a run that may be glued prose, these are not marks of code: a
# numbered citation ("[1,4]", "[3–7]") and a per cent sign after a number.
_CITATION_RE = re.compile(r"\[\d+(?:[,\u2013-]\d+)*\]|(?<=\d)%")
_PAREN_RE = re.compile(r"\((?=[^\W_])")
_CASE_RE = re.compile(r"[a-z][A-Z][a-z]{2}")
_CASE_WORD_RE = re.compile(r"([a-z]{2,})([A-Z][a-z]{2,})")
# A title and its full stop before a name; a word glued before it (the
# letters before the match) is looked for in code: "criedMrs. Jennings".
# (Patterns that start with the title or the apostrophe: one that started
# with the word would be tried at every letter of the text.)
_TITLE_RE = re.compile(r"(?:Mrs|Mr|Ms|Dr|St)(?=\.\s[A-Z])")
_TITLE_WORD_RE = re.compile(r"[A-Z]?[a-z]{2,}")
# A possessive or contraction's "’s" glued to a lowercase word after it.
_POSSESSIVE_GLUE_RE = re.compile(f"[\u2019']s([a-z]{{3,}})(?!{_L})")
_LETTERS_BEFORE = re.compile(f"{_L}+$")
_LETTERS_AFTER = re.compile(f"{_L}+")

_WORD = 3.0  # Zipf value from which a string is a common word
# Function words (articles, prepositions, conjunctions): a closed class of the
# language, not of any document.  Verbs are left out on purpose: "getValue",
# "isValid" are identifiers.
_FUNCTION_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "into",
        "onto",
        "upon",
        "and",
        "or",
        "but",
        "nor",
        "as",
        "than",
        "to",
        "via",
        "per",
        "see",
        "about",
        "after",
        "before",
        "between",
        "during",
        "over",
        "under",
        "within",
        "without",
    }
)
_WORD_PENALTY = 1.0  # log10 cost of each extra word in a segmentation
_MAX_WORD = 24
# Longest run of letters split into words: a line of a wide page that lost
# every space (pdfplumber's text of an A4 page in 11-point Times holds about
# 95 letters a line; 80, the limit before, left such lines glued).  Longer
# runs are not glued words, and would cost time.
_MAX_RUN = 160
_LN10 = 2.302585092994046
# A run of 4 or more letters: from the first letter of a run, as long as it goes.
_LETTERS4_RE = re.compile(r"[^\W\d_]{4,}")
# A run of 4 to 12 letters between spaces or punctuation (not inside a word
# with digits, hyphens or an apostrophe).
_PAIR_RE = re.compile(r"(?<![\w'\u2019\-])[^\W\d_]{4,12}(?![\w'\u2019\-])")
_PAIR_ZIPF = 4.5  # each of the two words at least this common
# ... and the two more often together than chance: a listed pair at chance
# reads ln 56.6 (the bigram list's scale, see _NEUTRAL_BONUS), and these a
# little above it ("I have" 4.31, "with her" 6.07; "for bad" 3.94, unlisted 0).
_PAIR_PMI = math.log(56.6) + 0.2


@dataclass(frozen=True)
class Spaces(Stage):
    """Restore spaces the extractor lost."""

    # Letters a space-free run needs before segmentation is tried.
    segment_min_letters: int = 10
    # How much more probable (log10) the segmentation must be than one unknown word.
    segment_margin: float = 8.0
    # Share of a text's words the core English vocabulary must hold for it to
    # be segmented (texts of fewer than 10 such words are not judged).
    min_english_share: float = 0.6

    name: ClassVar[str] = "spaces"
    rules: ClassVar[dict[str, str]] = {
        "spaces.after_punctuation": "space lost after punctuation restored: 'Edwards,The' -> 'Edwards, The'",
        "spaces.before_paren": "space lost before a parenthesis restored: 'Moscow(New York' -> 'Moscow (New York'",
        "spaces.case_boundary": "space lost between a common word and a capitalised word restored: 'inRuch' -> 'in Ruch'",
        "spaces.segmented": "run of words with every space lost split back into words by word frequencies",
        "spaces.after_possessive": "space lost after a possessive or 's restored: 'Harriet’smanner' -> 'Harriet’s manner'",
    }
    cleans_channels: ClassVar[bool] = True

    def __call__(self, doc: Document) -> Iterator[Edit]:
        text = doc.text
        lex = english()
        edits: list[Edit] = []
        taken: list[tuple[int, int]] = []
        glued_lines: list[tuple[int, int]] = []
        # Whether the text is English is asked only once a run would be
        # split (most texts have none: the count of its words is spared).
        english_text: bool | None = None
        for m in _LONG_CHUNK_RE.finditer(text):
            e = self._segment(lex, m.group(), m.start(), self.segment_margin, self.segment_min_letters)
            if e is None or _repeated_name(doc.original, m.group(), e.new):
                continue
            if english_text is None:
                english_text = self._english_share(lex, text) >= self.min_english_share
            if not english_text:
                break
            if _set_solid(doc, e.start, e.end) or doc.typewriter(e.start, e.end):
                continue  # PDF: no gap between its letters, one word ("schoolfellow"); or code
            edits.append(e)
            taken.append((e.start, e.end))
            # The line around it (a form feed is looked for only up to the
            # line feed: text files seldom have one, and the search would
            # run to the end of the text for each edit).
            nl = text.rfind("\n", 0, e.start)
            ls = max(nl, text.rfind("\f", nl + 1, e.start)) + 1
            nl = text.find("\n", e.end)
            if nl < 0:
                nl = len(text)
            ff = text.find("\f", e.end, nl)
            le = ff if ff >= 0 else nl
            if not glued_lines or glued_lines[-1] != (ls, le):
                glued_lines.append((ls, le))
        taken.sort()
        # A line that lost its spaces lost them all: its shorter glued runs
        # need less evidence.
        more: list[Edit] = []
        for ls, le in glued_lines:
            for m in _SHORT_CHUNK_RE.finditer(text, ls, le):
                k = bisect.bisect_right(taken, (m.start(), len(text) + 1)) - 1
                if k >= 0 and taken[k][0] <= m.start() < taken[k][1]:
                    continue
                e = self._segment(lex, m.group(), m.start(), 3.0, 7, glued_line=True)
                if e is not None and not _set_solid(doc, e.start, e.end) and not doc.typewriter(e.start, e.end):
                    more.append(e)
        for e in more:
            edits.append(e)
            taken.append((e.start, e.end))
        taken.sort()
        # Two common words that lost the one space between them on a line
        # that kept its others ("Ihave", "withher.", "Sheis"); each distinct
        # run of letters is judged once.
        # (Lowercase words of the spelling dictionary, most runs, are set
        # aside in one set operation.)
        runs = set(_PAIR_RE.findall(text)).difference(lex.core_words())
        pairs = {run: split for run in runs if (split := self._pair(lex, run, doc.original)) is not None}
        if pairs and english_text is None:
            english_text = self._english_share(lex, text) >= self.min_english_share
        if pairs and english_text:
            found: list[Edit] = []
            for run, new in pairs.items():
                i = text.find(run)
                while i >= 0:
                    j = i + len(run)
                    whole = _PAIR_RE.match(text, i)  # (the whole run, not part of a word)
                    if whole is not None and whole.end() == j:
                        k = bisect.bisect_right(taken, (i, len(text) + 1)) - 1
                        inside = k >= 0 and taken[k][0] <= i < taken[k][1]
                        if not inside and not doc.typewriter(i, j) and not _set_solid(doc, i, j):
                            found.append(Edit(i, j, new, "spaces.segmented", 0.8,
                                              f"'{run}' is no word, but two common words that lost the space between them"))
                    i = text.find(run, j)
            edits += found
            taken += [(e.start, e.end) for e in found]
            taken.sort()

        starts = [s for s, _ in taken]  # sorted: chunks come in text order

        def free(i: int) -> bool:
            k = bisect.bisect_right(starts, i) - 1
            return k < 0 or i >= taken[k][1]

        for m in _PUNCT_RE.finditer(text):
            i = m.start()
            if i == 0 or not text[i - 1].isalpha() or (m.group(1) == "." and not text[max(0, i - 2) : i].islower()):
                continue
            if free(i):
                e2 = self._punct(lex, text, m.start(), m.group(1))
                if e2 is not None and not doc.typewriter(i - 1, i + 2):
                    edits.append(e2)
        for m in _PAREN_RE.finditer(text):
            if m.start() < 2 or not text[m.start() - 2 : m.start()].isalpha():
                continue
            if free(m.start()):
                e3 = self._paren(text, m.start())
                if e3 is not None and not doc.typewriter(m.start() - 1, m.start() + 2):
                    edits.append(e3)
        inserted: set[int] = set()  # where the case rule put a space
        for m in _CASE_RE.finditer(text):
            # The whole glued word around the case change.
            ws = m.start()
            while ws > 0 and text[ws - 1].isalpha():
                ws -= 1
            we = m.end()
            while we < len(text) and text[we].isalpha():
                we += 1
            wm = _CASE_WORD_RE.fullmatch(text, ws, we)
            if (ws > 0 and text[ws - 1] in "'\u2019_") or (we < len(text) and text[we] == "_"):
                continue
            if wm is not None and free(ws):
                e4 = self._case(lex, text, wm)
                if e4 is not None and not doc.typewriter(ws, we):
                    edits.append(e4)
                    inserted.add(e4.start)
        # A word glued to a title ("criedMrs. Jennings", "toMr. Knightley"):
        # no identifier ends in a title and its full stop, so any common
        # word may come before it (the rule above takes function words only).
        for m in _TITLE_RE.finditer(text):
            i = m.start()
            if not i or not text[i - 1].islower() or i in inserted:
                continue
            before = _LETTERS_BEFORE.search(text, max(0, i - 40), i)
            if before is None or not _TITLE_WORD_RE.fullmatch(before.group()):
                continue
            word = before.group()
            if not free(before.start()) or doc.typewriter(before.start(), m.end()) or _identifier_at(text, i):
                continue
            if lex.core(word.lower()) and lex.zipf(word.lower()) >= _WORD:
                edits.append(Edit(i, i, " ", "spaces.case_boundary", 0.85,
                                  f"the word '{word}' glued to the title '{m.group()}'"))
        # A possessive or contraction glued to the next word ("Harriet’smanner",
        # "he’sgone"): no word goes on after its "’s".
        for m in _POSSESSIVE_GLUE_RE.finditer(text):
            i = m.start(1)
            if not m.start() or not text[m.start() - 1].isalpha():
                continue  # "’show c’": a quotation mark, not a possessive
            before = _LETTERS_BEFORE.search(text, max(0, m.start() - 40), m.start())
            if before is None:
                continue
            after = m.group(1)
            if not free(before.start()) or doc.typewriter(before.start(), m.end()) or _identifier_at(text, i):
                continue
            if lex.core(after) and lex.zipf(after) >= _WORD and lex.zipf(_norm(text[before.start() : m.end()])) == 0:
                possessive = text[before.start() : i]
                edits.append(Edit(i, i, " ", "spaces.after_possessive", 0.85,
                                  f"'{after}' is a word glued to the possessive '{possessive}'"))
        edits.sort(key=lambda e: e.start)
        yield from edits

    # --- helpers ----------------------------------------------------------------
    @staticmethod
    def _pair(lex: Lexicon, run: str, original: str) -> str | None:
        """``run`` as two common words of the spelling dictionary, if it is no
        word there itself (web text's glued forms, "ihave", "withher", are
        rare in the word list), has no capital inside ("IceCat") and comes
        once in the document: a term or a name the document repeats
        ("gettext", "nonfree", "Wentworth") is not a slip of the extractor,
        which does not lose the same space twice.  The two words must go
        together more often than chance."""
        key = _norm(run)
        if lex.zipf(key) >= _WORD + 0.5 or not run[1:].islower() or lex.core(key):
            return None
        best: tuple[float, int] | None = None
        for i in range(1, len(key)):
            first, second = key[:i], key[i:]
            if (i == 1 and first not in "ai") or lex.zipf(first) < _PAIR_ZIPF or lex.zipf(second) < _PAIR_ZIPF:
                continue
            if not (lex.core(first) and lex.core(second)):
                continue
            pmi = lex.pmi(first, second)
            if pmi >= _PAIR_PMI and (best is None or pmi > best[0]):
                best = (pmi, i)
        if best is None:
            return None  # "for bad", "term cap": words that do not go together
        seg = _viterbi(lex, run)
        if seg is None or len(seg[1]) != 2 or len(seg[1][0]) != best[1]:
            return None  # the likeliest reading is another ("hardcopy" whole)
        if _whole_word_count(original, run, 2) >= 2:
            return None
        return f"{run[: best[1]]} {run[best[1] :]}"

    @staticmethod
    def _chunk(text: str, i: int) -> str:
        """The whitespace-free run around position ``i``."""
        s = i
        while s > 0 and not text[s - 1].isspace() and i - s < 200:
            s -= 1
        e = i
        n = len(text)
        while e < n and not text[e].isspace() and e - i < 200:
            e += 1
        return text[s:e]

    def _punct(self, lex: Lexicon, text: str, i: int, p: str) -> Edit | None:
        chunk = self._chunk(text, i)
        if _ADDRESS_RE.search(chunk) or _in_code(text, i):
            return None
        bm = _LETTERS_BEFORE.search(text, max(0, i - 60), i)
        am = _LETTERS_AFTER.match(text, i + 1)
        if bm is None or am is None:
            return None
        left, right = bm.group(), am.group()
        if len(left) < 2 and p != ",":
            return None
        if bm.start() > 0 and text[bm.start() - 1] in ".":
            return None  # "e.g.,x", "U.S.A": abbreviations
        if right[0].isupper():
            if len(right) < 2 or (p == "." and not right[1:].islower()):
                return None  # "S.J", "ASP.NET"
            if p == "." and (lex.zipf(left.lower()) < _WORD or not left.islower()):
                return None
            conf = 0.9 if p != "." else 0.75
            why = f"'{p}' glued to the capitalised word '{right}'"
        else:
            if p in ".:":
                return None  # "example.com"-like or "a:b": not prose
            if len(left) < 2 or len(right) < 2 or lex.zipf(left.lower()) < _WORD or lex.zipf(right.lower()) < _WORD:
                return None
            conf = 0.7
            why = f"'{p}' between the words '{left}' and '{right}'"
        return Edit(i, i + 1, p + " ", "spaces.after_punctuation", conf, why)

    @staticmethod
    def _paren(text: str, i: int) -> Edit | None:
        chunk_start = i
        while chunk_start > 0 and not text[chunk_start - 1].isspace() and i - chunk_start < 200:
            chunk_start -= 1
        before = text[chunk_start:i]
        if _ADDRESS_RE.search(before) or "." in before or "(" in before or _in_code(text, i):
            return None  # "obj.method(", "f(g(", "def differ(first, flow):": code
        close = text.find(")", i + 1, i + 200)
        inside = text[i + 1 : close] if close != -1 else text[i + 1 : i + 200]
        if not any(c.isspace() for c in inside):
            return None  # "f(x)", "Windows(R)", "word(s)"
        return Edit(i, i, " ", "spaces.before_paren", 0.9, f"'{before}' glued to a parenthesis around prose")

    @staticmethod
    def _case(lex: Lexicon, text: str, m: re.Match[str]) -> Edit | None:
        prefix, rest = m.group(1), m.group(2)
        if prefix not in _FUNCTION_WORDS:
            return None
        if lex.zipf(m.group().lower()) >= 2.0:
            return None  # a word the lexicon knows whole
        if _identifier_at(text, m.start()):
            return None  # identifiers: "obj.isValid", "toString()"
        # A common lowercase word after it may be a camelCase identifier ("toString").
        conf = 0.45 if lex.zipf(rest.lower()) >= 4.0 and prefix == "to" else 0.85
        return Edit(
            m.start(2),
            m.start(2),
            " ",
            "spaces.case_boundary",
            conf,
            f"the function word '{prefix}' glued to the capitalised word '{rest}'",
        )

    # --- segmentation -------------------------------------------------------------
    @staticmethod
    def _split(lex: Lexicon, part: str, glued: bool = False) -> tuple[list[str], float]:
        """Words of ``part`` and how much more probable (log10) they are than
        ``part`` as one word; ``[part], 0`` when splitting does not pay.
        ``glued``: the run is among others that lost their spaces."""
        key = (part, glued)
        hit = _SPLIT_CACHE.get(key)
        if hit is None:
            if len(_SPLIT_CACHE) > 50_000:
                _SPLIT_CACHE.clear()
            hit = _SPLIT_CACHE[key] = Spaces._split_uncached(lex, part, glued)
        return hit

    @staticmethod
    def _split_uncached(lex: Lexicon, part: str, glued: bool = False) -> tuple[list[str], float]:
        if len(part) < 4 or len(part) > _MAX_RUN:
            return [part], 0.0  # too short to split, or not words at all
        z = lex.zipf(_norm(part))
        keep_cost = (9.0 - z + _WORD_PENALTY) if z > 0 else _unknown_cost(len(part))
        seg = _viterbi(lex, part)
        if seg is None or len(seg[1]) < 2:
            return [part], 0.0
        cost, words = seg
        words = _join_affixes(lex, words)
        if len(words) < 2:
            return [part], 0.0  # one derived word ("irksomeness"), not two
        # A word the lexicon knows is split only on strong evidence; a rare
        # one the spelling dictionary lacks ("ishall", "youknow", "sheis":
        # web text's own glued words) needs no more than an unknown one among
        # runs that lost their spaces, or after the pronoun "I" ("Itold");
        # alone, "whitespace" stays.
        rare = z < 3.0 and not lex.core(_norm(part))
        need = 1.0 if z == 0 or (rare and (glued or words[0] == "I")) else 3.0
        if keep_cost - cost < need:
            return [part], 0.0
        if sum(lex.zipf(_norm(w).removesuffix("'")) for w in words) / len(words) < 3.5:
            return [part], 0.0
        if len(part) >= 20 and _fragments(lex, words) * 3 >= max(len(words), 9):
            # A third of the pieces or more (three at least) are lowercase
            # fragments that no spelling dictionary lists ("pneumo",
            # "silico", "ios"): one long word of its own cut up, not words
            # that lost the spaces between them.
            return [part], 0.0
        return words, keep_cost - cost

    @staticmethod
    def _english_share(lex: Lexicon, text: str) -> float:
        """Share of the text's words of 4 to 14 letters that are core English
        words (1.0 when it has fewer than 10 of them: too few to judge)."""
        # The runs of 4 or more letters, whole; those of up to 14 letters count.
        words = [w for w in _LETTERS4_RE.findall(text) if len(w) <= 14]
        if len(words) < 10:
            return 1.0
        return lex.core_count(map(str.lower, words)) / len(words)

    def _segment(
        self, lex: Lexicon, chunk: str, offset: int, margin: float, min_letters: int, glued_line: bool = False
    ) -> Edit | None:
        """The edit that splits ``chunk`` (at ``offset``) into words, if any.
        Documents repeat their chunks: each distinct one is judged once."""
        key = (chunk, margin, min_letters, glued_line)
        if key in _SEGMENT_CACHE:
            hit = _SEGMENT_CACHE[key]
        else:
            if len(_SEGMENT_CACHE) > 100_000:
                _SEGMENT_CACHE.clear()
            hit = _SEGMENT_CACHE[key] = self._segment_uncached(lex, chunk, margin, min_letters, glued_line)
        if hit is None:
            return None
        new, conf, reason = hit
        return Edit(offset, offset + len(chunk), new, "spaces.segmented", conf, reason)

    def _segment_uncached(
        self, lex: Lexicon, chunk: str, margin: float, min_letters: int, glued_line: bool = False
    ) -> tuple[str, float, str] | None:
        if _ADDRESS_RE.search(_CITATION_RE.sub("", chunk) if "[" in chunk or "%" in chunk else chunk):
            return None
        runs = list(_RUN_RE.finditer(chunk))
        if sum(len(r.group()) for r in runs) < min_letters:
            return None
        if not any(len(r.group()) >= 6 and _norm(r.group()) not in lex for r in runs):
            return None
        letters = "".join(r.group() for r in runs).lower()
        vowels = sum(letters.count(v) for v in "aeiouy")
        if not 0.28 <= vowels / len(letters) <= 0.6:
            return None  # not words: codes, hashes, letter soup
        gain = 0.0
        split_runs: dict[int, list[str]] = {}
        # Glued: several runs in one chunk ("nobodycan,youknow;"), or a chunk
        # of a line the first pass found glued.
        glued = len(runs) > 1 or glued_line
        for r in runs:
            words_out: list[str] = []
            # Inside a glued run a lowercase letter before a capital is a word
            # boundary ("toKellynchHall"); each part is then split on its own.
            # Name prefixes ("Mc", "De", "La", "Van") stay with what follows;
            # vowelless titles ("Mr", "Dr", "St") do not.
            parts: list[str] = []
            for part in _CAMEL_RE.findall(r.group()):
                prev = parts[-1] if parts else ""
                if prev[:1].isupper() and len(prev) <= 3 and (prev == "Mc" or any(c in "aeiouy" for c in prev.lower())):
                    parts[-1] += part
                else:
                    parts.extend(_acronym_apart(lex, part))
            gain += _CASE_GAIN * (len(parts) - 1)
            for part in parts:
                words, g = self._split(lex, part, glued)
                words_out.extend(words)
                gain += g
            if len(words_out) > 1:
                split_runs[r.start()] = words_out
        if not split_runs or gain < margin:
            return None
        if len(runs) == 1 and len(split_runs) == 1:
            only = next(iter(split_runs.values()))
            if len(only) == 2 and _norm(only[1]) in _SUFFIX_WORDS:
                return None  # "reclaimable", "harmless", "childlike": one word with its suffix
        out: list[str] = []
        pos = 0
        for r in runs:
            out.append(chunk[pos : r.start()])
            split = split_runs.get(r.start())
            out.append(" ".join(split) if split else r.group())
            pos = r.end()
        out.append(chunk[pos:])
        new = "".join(out)
        # Punctuation glued to the next word inside the run.
        new = _GLUED_PUNCT_RE.sub(r"\1 ", new)
        new = _AFTER_QUOTE_RE.sub(" ", new)  # '...,”he' -> '...,” he'
        new = _BEFORE_QUOTE_RE.sub(" ", new)  # 'said“Come' -> 'said “Come'
        new = _STOP_CAPITAL_RE.sub(lambda m: (m.group(1) or m.group(2)) + " ", new)
        new = _AFTER_SUPERSCRIPT_RE.sub(" ", new)
        if "(cid:" not in new:  # (extractor debris the ligature stage reads)
            new = _OPEN_PAREN_RE.sub(" ", new)
            new = _CLOSE_PAREN_RE.sub(" ", new)

        # Words glued to numbers: "in1939" -> "in 1939", "1939which" -> "1939 which",
        # "1939to" -> "1939 to", "1830sand" -> "1830s and"; "1930s", "19th",
        # "2nd", "1977a" stay.
        def word(w: str) -> bool:
            w = _norm(w)
            return w in _FUNCTION_WORDS if len(w) < 3 else lex.zipf(w) >= _WORD

        def word_digit(m: re.Match[str]) -> str:
            return m.group(1) + (" " if lex.zipf(_norm(m.group(1))) >= _WORD else "") + m.group(2)

        def digit_word(m: re.Match[str]) -> str:
            digits, letters = m.group(1), m.group(2)
            rest = letters[1:]
            if digits.endswith("0") and letters[0] == "s" and word(rest) and lex.zipf(_norm(rest)) > lex.zipf(_norm(letters)):
                return f"{digits}s {letters[1:]}"  # a decade: "the 1830s and"
            return digits + (" " if word(letters) else "") + letters

        new = re.sub(r"(?<![^\W\d_])([^\W\d_]{2,})(\d)", word_digit, new)
        new = re.sub(r"(\d+)([^\W\d_]{2,})(?![^\W\d_])", digit_word, new)
        if new == chunk:
            return None
        conf = round(min(0.95, 0.6 + 0.02 * (gain - margin)), 3)
        return new, conf, f"'{chunk}' is unknown; as '{new}' it is 10^{gain:.0f} times more probable"


_CODE_LINE_MAX = 500  # a longer line is not a line of code (and is not searched through)


def _in_code(text: str, i: int) -> bool:
    """Is position ``i`` on a line of program code (see ``codelike``)?"""
    lo = max(0, i - _CODE_LINE_MAX)
    start = max(text.rfind("\n", lo, i), text.rfind("\f", lo, i)) + 1
    if start == 0 and lo > 0:
        return False
    end = text.find("\n", i, i + _CODE_LINE_MAX)
    if end < 0:
        if i + _CODE_LINE_MAX < len(text):
            return False
        end = len(text)
    return looks_like_code(text[start:end])


def _set_solid(doc: Document, start: int, end: int) -> bool:
    """PDF input: neighbouring letters of ``text[start:end]`` touch, no gap of
    0.08 em or more between their boxes in any direction (the page may be
    rotated): the page shows one word, not words whose spaces the reader
    missed (those leave gaps of 0.15 em or more; about 0.1 em on the tightest
    lines).  A letter on another line or page is a gap."""
    if doc.glyphs is None:
        return False
    text = doc.text
    prev = None
    for i in range(start, end):
        if not text[i].isalpha():
            prev = None
            continue
        g = doc.glyph(i)
        if g is None:
            return False
        if prev is not None:
            gap = max(g.x0 - prev.x1, prev.x0 - g.x1, g.top - prev.bottom, prev.top - g.bottom)
            if g.page != prev.page or gap >= 0.08 * max(min(g.size, prev.size), 1.0):
                return False
        prev = g
    return True


# Words that are also suffixes: a run that splits into a stem and one of
# them is one word ("reclaim|able", "harm|less", "child|like", "home|ward").
_SUFFIX_WORDS = frozenset({"able", "less", "like", "wise", "ward", "wards", "hood", "ship", "some", "fold", "most"})

# Pieces of a split that are a derived word's affix, not words of their own:
# "irksome ness", "fidget ings", "un pretending", "pre assured".  Joined
# inside any split; the suffix words above are words too ("much less"), and
# keep a run whole only when they are all its split adds.
_SUFFIX_PIECES = frozenset({"ness", "ings"})
_PREFIX_PIECES = frozenset({"un", "pre"})


def _join_affixes(lex: Lexicon, words: list[str]) -> list[str]:
    """``words`` with a derivational suffix or prefix that a split set apart
    joined to the word of the spelling dictionary beside it: the lexicon
    lacks many derived words ("irksomeness", "unpretending", a novel's), and
    Viterbi reads them as two."""
    out: list[str] = []
    for w in words:
        if out and w.isalpha() and out[-1].isalpha():
            prev = out[-1]
            if w.islower() and w in _SUFFIX_PIECES and lex.core(prev.lower()):
                out[-1] = prev + w
                continue
            if w.islower() and prev.lower() in _PREFIX_PIECES and lex.core(w):
                out[-1] = prev + w
                continue
        out.append(w)
    return out


def _whole_word_count(text: str, word: str, most: int, letter: Callable[[str], bool] = str.isalpha) -> int:
    """How many times ``text`` holds ``word`` (letters) with no ``letter``
    right before or after it (counted up to ``most``).  (An occurrence that
    overlaps one inside a longer word is inside that word too: the search
    goes on after each.)"""
    n = 0
    i = text.find(word)
    while i >= 0 and n < most:
        j = i + len(word)
        if not (i and letter(text[i - 1])) and not (j < len(text) and letter(text[j])):
            n += 1
        i = text.find(word, j)
    return n


def _word_char_not_digit(c: str) -> bool:
    """The regular expression class ``[^\\W\\d_]``: a word character that is no
    decimal digit (superscript digits count)."""
    return c.isalnum() and not c.isdecimal()


def _repeated_name(text: str, chunk: str, new: str) -> bool:
    """A capitalised word split in two ("Harbourline" -> "Harbour line")
    that the text (the input, running heads included) prints whole three
    times or more: a name of this document, not two words that lost their
    space (that damage does not repeat the same pair)."""
    word = _LETTERS_AFTER.match(chunk)
    if word is None or not word.group()[0].isupper() or not word.group()[1:].islower():
        return False
    if len(new.split()) != 2 or len(word.group()) < len(chunk) - 2:
        return False
    return _whole_word_count(text, word.group(), 3, _word_char_not_digit) >= 3


_ACRONYM_RE = re.compile(r"([A-Z]{2,})([a-z]{3,}.*)")


def _acronym_apart(lex: Lexicon, part: str) -> list[str]:
    """A run of capitals glued to a word: "GNUsystem" -> "GNU", "system";
    "GNUProject" -> "GNU", "Project" (the last capital starts the word when
    that makes the more frequent word).  "PDFs", "IDs" stay."""
    m = _ACRONYM_RE.fullmatch(part)
    if m is None:
        return [part]
    caps, rest = m.groups()
    whole, shifted = _norm(rest), _norm(caps[-1] + rest)
    if len(caps) > 2 and lex.zipf(shifted) > lex.zipf(whole):
        return [caps[:-1], caps[-1] + rest]
    if lex.zipf(whole) == 0:
        return [part]
    return [caps, rest]


def _identifier_at(text: str, i: int) -> bool:
    """Is the whitespace-free run around ``i`` an address or identifier (a
    mark of one, a parenthesis, or a full stop inside it)?"""
    chunk = Spaces._chunk(text, i)
    return bool(_ADDRESS_RE.search(chunk)) or "(" in chunk or "." in chunk.rstrip(".,;:!?)\u201d\u2019\"'")


def _norm(s: str) -> str:
    return s.lower().replace("\u2019", "'")


def _fragments(lex: Lexicon, words: list[str]) -> int:
    """How many of ``words`` are lowercase and, possessive aside, not in the
    core vocabulary (a spelling dictionary)."""
    return sum(w.islower() and not lex.core(_norm(w).removesuffix("'").removesuffix("'s")) for w in words)


def _unknown_cost(n: int) -> float:
    """log10 cost of an unknown word of ``n`` letters (longer: less likely)."""
    return 6.0 + 1.3 * n


def _word_cost(lex: Lexicon, w: str) -> float | None:
    """log10 cost of ``w`` as a word of a segmentation (None: not a word).

    Short strings must be common to count (the lexicon holds much debris of
    two and three letters); long ones only need to be in the lexicon."""
    if len(w) > 3 and w.endswith("s'"):
        w = w[:-1]  # plural possessive: "weeks'"
    n = len(w)
    if n == 1 and w not in ("a", "i"):
        return None
    z = lex.zipf(w)
    if z <= 0 or (n == 2 and z < 4.5) or (n == 3 and z < 4.0) or (n == 4 and z < 2.5) or (n == 5 and z < 2.0):
        return None
    return 9.0 - z + _WORD_PENALTY


# The bonus of a listed pair that comes together no more than chance: the
# bigram list counts on a scale about 57 times the unigram list's (of the 200
# most frequent words, the listed bigrams of "will" add up to 55.7 times its
# count, of "be" 56.6), so such a pair's PMI reads ln 57 (halved, in log10).
_NEUTRAL_BONUS = 0.5 * math.log(56.6) / _LN10


def _unlisted(lex: Lexicon, word: str) -> bool:
    """A common word of the spelling dictionary (Zipf 4+) that the bigram
    list holds in no pair; the answer is kept per word with the lexicon."""
    memo = lex.memo("spaces.unlisted")
    known: bool | None = memo.get(word)
    if known is None:
        known = memo[word] = not lex.in_bigrams(word) and lex.core(word) and lex.zipf(word) >= 4.0
    return known


def _bonus(lex: Lexicon, prev: str, w: str) -> float:
    """Bigram association of ``prev w`` (log10, halved and capped), cached."""
    key = (prev, w)
    b = _BONUS_CACHE.get(key)
    if b is None:
        if len(_BONUS_CACHE) > 200_000:
            _BONUS_CACHE.clear()
        if prev not in lex:
            b = 0.0
        elif _unlisted(lex, prev) or _unlisted(lex, w):
            # A common word the list holds in no pair ("cannot", "color",
            # "don't"): the list cannot tell; as for a pair it lists at chance.
            b = _NEUTRAL_BONUS
        else:
            b = max(-1.0, min(1.0, 0.5 * lex.pmi(prev, w) / _LN10))
        _BONUS_CACHE[key] = b
    return b


# Whether the Viterbi search bounds the pieces it tries by the lexicon's
# longest word per prefix (it only prunes: the splits are the same; a test
# turns it off to show so).
_PRUNE = True


@functools.cache
def _costs(lex: Lexicon) -> dict[str, float]:
    """``_word_cost`` of the lexicon words (and possessives) seen so far
    (-1.0: not a word), per lexicon."""
    return {}


def _viterbi(lex: Lexicon, run: str, beam: int = 4) -> tuple[float, list[str]] | None:
    """Cheapest split of ``run`` into words (as slices of ``run``), by word
    frequency and bigram association with the word before (a beam of the best
    ``beam`` last words at each position).  Lexicon words only first; if they
    cannot cover the run, unknown pieces (names, rare words) are allowed."""
    return _viterbi_pass(lex, run, beam, False) or _viterbi_pass(lex, run, beam, True)


def _viterbi_pass(lex: Lexicon, run: str, beam: int, unknown: bool) -> tuple[float, list[str]] | None:
    key = _norm(run)
    n = len(key)
    # No piece is longer than the longest word with its prefix (the bound
    # only prunes; unknown pieces, the second pass's, have no such bound).
    longest = lex.longest_words() if _PRUNE and not unknown else None
    costs = _costs(lex)
    if len(costs) > 500_000:
        costs.clear()
    cost_of = costs.get
    table = lex.zipf_table()
    apostrophe = "'" in key  # pieces ending in one may be possessives ("weeks'")
    bonus_of = _BONUS_CACHE.get
    # At each end position: last word -> (cost, start of that word, previous word).
    states: list[dict[str, tuple[float, int, str]]] = [{} for _ in range(n + 1)]
    states[0][""] = (0.0, 0, "")
    # A lowercase letter before a capital ends a word: the next such boundary.
    boundary = [n] * (n + 1)
    if not run.islower():  # (a run with no capital has none)
        for x in range(n - 1, 0, -1):
            boundary[x - 1] = x if run[x].isupper() and run[x - 1].islower() else boundary[x]
    for i in range(n):
        cur = states[i]
        if not cur:
            continue
        if len(cur) > beam:
            cur = states[i] = dict(sorted(cur.items(), key=lambda kv: kv[1][0])[:beam])
        items = [(prev, v[0]) for prev, v in cur.items()]
        hi = min(n, i + _MAX_WORD, boundary[i])
        if longest is not None:
            # Only words are pieces: none is longer than the longest word with
            # its prefix, plus a possessive's apostrophe ("ones'" is "ones").
            # (Every length in the table is above PREFIX.)
            longer = i + longest.get(key[i : i + PREFIX], PREFIX) + 1
            if longer < hi:
                hi = longer
        for j in range(i + 1, hi + 1):
            w = key[i:j]
            # Most pieces are not words: they take the shortest way to the
            # next one (a failed lookup, then "continue").
            if w in table or (apostrophe and w[-1] == "'"):
                cached = cost_of(w)
                if cached is None:
                    wc = _word_cost(lex, w)
                    cached = costs[w] = -1.0 if wc is None else wc
                c = cached
            else:
                c = -1.0  # not in the lexicon: not a word
            if c < 0.0:
                # Unknown short pieces are debris ("worst|ing"), not words.
                if not unknown or not 5 <= j - i <= 15 or not w.isalpha():
                    continue
                c = _unknown_cost(j - i) + _WORD_PENALTY  # a name or a rare word
                target = states[j]
                old = target.get(w)  # the best way to end at j with w so far
                for prev, pc in items:
                    total = pc + c
                    if old is None or total < old[0]:
                        old = target[w] = (total, i, prev)
                continue
            target = states[j]
            old = target.get(w)
            for prev, pc in items:
                # Bigram association helps ("may be" over "maybe"), capped:
                # it must not turn "together" into "to get her".
                if prev:
                    if old is not None and pc + c - 1.0 >= old[0]:
                        continue  # not better even with the largest bonus
                    bonus = bonus_of((prev, w))
                    if bonus is None:
                        bonus = _bonus(lex, prev, w)
                    total = pc + c - bonus
                else:
                    total = pc + c
                if old is None or total < old[0]:
                    old = target[w] = (total, i, prev)
    if not states[n]:
        return None
    last = min(states[n], key=lambda x: states[n][x][0])
    cost = states[n][last][0]
    words: list[str] = []
    j, w = n, last
    while j > 0:
        _c, i, prev = states[j][w]
        words.append(run[i:j])
        j, w = i, prev
    words.reverse()
    return cost, words
