"""Generate the multi-page test document and its expected result.

    python samples/multipage/generate.py      # rewrites the files next to it

Twelve pages of a made-up book as a PDF extractor gives them: running headers
alternating verso ("202 A History of Small Things") and recto ("Maps and
Measures Ë 203"), a first page with only a page number at the bottom, a
printer's slug at the bottom of every page, footnotes whose numbers continue
from page to page, note markers in the shapes extractors produce (superscript
glued to the next word, digits glued after punctuation or a word, a number on
a line of its own) and words hyphenated across page breaks.

Writes ``book.txt`` (pages separated by form feeds), ``book-runon.txt`` (the
same pages run together, no separator) and ``expected.json``.  Deterministic.
"""

from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIRST_PAGE = 201
PAGES = 12
WIDTH = 74
VERSO = "A History of Small Things"
RECTO = "Maps and Measures"
SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

SUBJECTS = ["The surveyor", "The clerk of the market", "A parish register", "The county map", "Every ledger",
            "The grain inspector", "The first atlas", "A toll keeper", "The new standard", "The village scale"]
VERBS = ["recorded", "questioned", "measured", "corrected", "ignored", "copied", "described", "challenged"]
OBJECTS = ["the boundaries of the common field", "the weight of a bushel of barley", "the length of the mile road",
           "the price of salt at the autumn fair", "the depth of the mill pond", "the width of the old bridge",
           "the number of hearths in the hamlet", "the rent owed on the glebe land"]
TAILS = ["with unusual care", "for the second time", "against the wishes of the vestry", "in a careful hand",
         "without telling the steward", "after the great flood", "before the enclosure award"]
LONG_WORDS = ["government", "measurement", "settlements", "instruments", "parliament", "boundaries"]
SOURCES = ["Estate Papers of the Manor", "Quarter Sessions Order Book", "Letters of a Country Surveyor",
           "The Market Book", "Accounts of the Bridge Wardens", "Survey of the Common Fields"]
CITIES = ["London", "Oxford", "Norwich", "York", "Exeter"]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def note_text(rng: random.Random, k: int) -> str:
    src = rng.choice(SOURCES)
    city = rng.choice(CITIES)
    year = rng.randint(1950, 2015)
    kind = k % 4
    if kind == 0:
        return f"{src}, f. {rng.randint(100, 900)}, op. {rng.randint(1, 20)}, d. {rng.randint(1, 99)}."
    if kind == 1:
        return (f"See the discussion in {src} ({city}: University Press, {year}), ch. {rng.randint(2, 9)}; "
                f"the figures for the 1830s. are given there in full, with the older estimates of the "
                f"surveyors and the corrections made {rng.randint(2, 40)} years later.")
    if kind == 2:
        return f"Ibid., {rng.randint(10, 300)}–{rng.randint(301, 400)}."
    return f"On the measures, see {src} ({city}, {year}), {rng.randint(3, 99)}."


def build() -> tuple[list[str], dict[str, Any]]:
    rng = random.Random(20180914)
    pages: list[str] = []
    headers: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    callouts: list[dict[str, Any]] = []
    hyphenated: list[str] = []
    note_no = 1
    carry = ""  # the second half of a word hyphenated across the page break
    styles = ["superscript", "after_punct", "after_word", "own_line"]
    for p in range(PAGES):
        number = FIRST_PAGE + p
        lines: list[str] = []
        if p > 0:
            head = f"{number} {VERSO}" if number % 2 == 0 else f"{RECTO} Ë {number}"
            lines.append(head)
            headers.append({"page": p + 1, "text": head, "page_number": number, "position": "top", "kind": "running"})
        # Body: two paragraphs with markers; the first starts with the carried word.
        page_notes: list[tuple[int, str]] = []
        paragraphs: list[str] = []
        n_marks = 0 if p in (4, 9) else 1 + (p % 3)
        for para in range(2):
            words: list[str] = []
            if para == 0 and carry:
                words.append(carry)
            for _ in range(3):
                words.extend(sentence(rng).split())
            text = " ".join(words)
            if para == 1 and p == 5:
                text = "Measures of Grain\n" + text  # a short heading at the start of a paragraph
            paragraphs.append(text)
        body_lines: list[str] = []
        marks_done = 0
        for pi, text in enumerate(paragraphs):
            toks = text.split(" ")
            if marks_done < n_marks:
                style = styles[(note_no + marks_done) % len(styles)]
                if style == "own_line" and pi == len(paragraphs) - 1:
                    style = "superscript"
                k = note_no + marks_done
                # Put the marker after the last word of the paragraph's second sentence.
                ends = [i for i, t in enumerate(toks) if t.endswith(".")]
                at = ends[min(1, len(ends) - 1)] if style != "own_line" else len(toks) - 1
                after_word = toks[at]
                if style == "superscript":
                    toks[at] = after_word + str(k).translate(SUP) + (toks[at + 1] if at + 1 < len(toks) else "")
                    if at + 1 < len(toks):
                        del toks[at + 1]
                elif style == "after_punct":
                    toks[at] = after_word + str(k) + (toks[at + 1] if at + 1 < len(toks) else "")
                    if at + 1 < len(toks):
                        del toks[at + 1]
                elif style == "after_word":
                    # "reports7of": the marker glued inside a sentence after a word.
                    at = next(i for i, t in enumerate(toks) if i >= 2 and t.isalpha() and t.islower() and len(t) >= 3)
                    after_word = toks[at]
                    toks[at] = after_word + str(k) + toks[at + 1]
                    del toks[at + 1]
                callouts.append({"page": p + 1, "number": k, "after": after_word, "style": style})
                page_notes.append((k, note_text(rng, k)))
                marks_done += 1
                own_line = k if style == "own_line" else None
            else:
                own_line = None
            joined = " ".join(toks)
            head, _, rest = joined.rpartition("\n")
            wrapped = ([head] if head else []) + textwrap.wrap(rest, WIDTH, break_on_hyphens=False, break_long_words=False)
            body_lines.extend(wrapped)
            if own_line is not None:
                body_lines.append(str(own_line))  # the extractor put the marker on a line of its own
        # A word hyphenated across the break to the next page, on most pages.
        carry = ""
        if p < PAGES - 1 and p % 2 == 0:
            word = LONG_WORDS[p // 2 % len(LONG_WORDS)]
            cut = len(word) // 2 + 1
            body_lines[-1] = body_lines[-1].rstrip(".") + f" and the {word[:cut]}-"
            carry = word[cut:]
            hyphenated.append(word)
        elif p < PAGES - 1:
            body_lines[-1] = body_lines[-1] + " Yet"
        lines.extend(body_lines)
        for k, t in page_notes:
            wrapped = textwrap.wrap(f"{k} {t}", WIDTH + 6, break_long_words=False, break_on_hyphens=False)
            lines.extend(wrapped)
            notes.append({"page": p + 1, "number": k, "text": " ".join(wrapped)[len(str(k)) + 1 :]})
        note_no += len(page_notes)
        if p == 0:
            lines.append(str(number))
            headers.append({"page": 1, "text": str(number), "page_number": number, "position": "bottom",
                            "kind": "page_number"})
        slug = f"multipage.indb {p + 5} 14/09/2018 10:37"
        lines.append(slug)
        headers.append({"page": p + 1, "text": slug, "page_number": p + 5, "position": "bottom", "kind": "slug"})
        pages.append("\n".join(lines))
    # Headers in text order: the slug closes a page, the next page's header opens it.
    headers.sort(key=lambda h: (h["page"], h["position"] == "bottom", h["kind"] == "slug"))
    expected = {
        "about": "Generated by generate.py: 12 pages, running headers alternating verso/recto, page number "
                 "and printer's slug at the bottom, footnotes numbered across pages, markers glued in the ways "
                 "extractors glue them, words hyphenated across page breaks.",
        "pages": PAGES,
        "headers": headers,
        "notes": notes,
        "callouts": callouts,
        "hyphenated_across_pages": hyphenated,
        "must_not_change": ["Measures of Grain", "1830s.", "f. "],
    }
    return pages, expected


def main() -> None:
    pages, expected = build()
    (HERE / "book.txt").write_text("\f".join(pages) + "\n", encoding="utf-8")
    (HERE / "book-runon.txt").write_text("\n".join(pages) + "\n", encoding="utf-8")
    (HERE / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
