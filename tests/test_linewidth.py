"""Line lengths in a proportional font's widths (ocrfix.linewidth) and the
paragraphs stage that reads them."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import ocrfix
from ocrfix import linewidth
from ocrfix.stages.paragraphs import _ends_sentence

ROOT = Path(__file__).resolve().parent.parent
TIMES = linewidth.font_measure("Times-Roman")

NARROW = ["illicit", "little", "it", "is", "fit", "till", "lit", "still", "filial", "tilt", "jilt", "list"]
WIDE = ["WOMEN", "WHO", "MOW", "woman", "mummy", "window", "MEMO", "whom", "wow", "MOM", "Warm", "HUMM"]
MIXED = NARROW + WIDE + ["the", "and", "of", "a", "house", "garden", "morning", "letter", "walked"]


def _fill(words: list[str], rng: random.Random, target: float, end: str = "") -> str:
    """Words drawn from ``words`` until the next would pass ``target`` (in
    Times-Roman widths): a line set justified to that measure."""
    line = rng.choice(words)
    while True:
        w = rng.choice(words)
        if TIMES(f"{line} {w}{end}") > target:
            return line + end
        line = f"{line} {w}"


def _justified_paragraphs(rng: random.Random, n: int, last_words: list[str], last_share: float) -> list[list[str]]:
    """``n`` paragraphs of five full lines each (to 60 widths) and a last line
    of ``last_share`` of the measure, drawn from ``last_words``."""
    return [[_fill(MIXED, rng, 60.0) for _ in range(5)] + [_fill(last_words, rng, 60.0 * last_share, ".")] for _ in range(n)]


def test_widths_follow_the_letters() -> None:
    # must change: narrow letters are narrower than a character each, wide ones wider
    assert TIMES("illicit little") < 0.75 * len("illicit little")
    assert TIMES("WOMEN WHO MOW") > 1.5 * len("WOMEN WHO MOW")
    # an average line of prose is about as wide as it is long
    prose = "It was a very fine November day, and the Miss Musgroves came through"
    assert abs(TIMES(prose) / len(prose) - 1.0) < 0.1
    # must not change: a character the table lacks counts as one, or two and a half if set full width
    assert linewidth.font_measure("Helvetica")("ж") == 1.0
    assert TIMES("文") > 2.0
    assert linewidth.chars("文章") == 2.0


def test_spread_reads_the_full_lines() -> None:
    # the short lines (paragraph ends) do not count
    assert linewidth.spread([60, 61, 59, 60, 62, 58, 60, 12, 20, 33]) < 0.05
    assert linewidth.spread([60, 40, 50, 55, 45, 60, 52]) > 0.1


def test_a_justified_proportional_text_is_measured_in_widths() -> None:
    rng = random.Random(3)
    lines = [ln for p in _justified_paragraphs(rng, 6, MIXED, 0.5) for ln in p]
    font, measure = linewidth.choose(lines, _ends_sentence)
    assert font == linewidth.FONT and measure is not linewidth.chars
    going_on = [ln for ln in lines if not _ends_sentence(ln)]
    # (the lines vary in characters, not in widths)
    assert linewidth.spread([len(x) for x in going_on]) > 1.5 * linewidth.spread([TIMES(x) for x in going_on])


def test_monospaced_and_short_texts_are_measured_in_characters() -> None:
    # must not change: lines of one length in characters (a typewriter, a
    # text file wrapped at 64) vary in widths
    rng = random.Random(5)
    words = MIXED
    mono = []
    for _ in range(40):
        line = ""
        while len(line) < 64:
            line = (line + " " + rng.choice(words)).strip()
        mono.append(line[:64].rstrip())
    assert linewidth.choose(mono, _ends_sentence)[0] == "characters"
    # too few lines to judge
    rng = random.Random(3)
    few = [ln for p in _justified_paragraphs(rng, 2, MIXED, 0.5) for ln in p]
    assert linewidth.choose(few, _ends_sentence)[0] == "characters"


def test_a_paragraph_end_of_wide_letters_is_found() -> None:
    # must change: each paragraph's last line holds as many characters as a
    # full line (narrow letters) but is well short of the measure in widths
    rng = random.Random(11)
    paras = _justified_paragraphs(rng, 6, NARROW, 0.8)
    full_chars = sorted(len(ln) for p in paras for ln in p[:-1])
    assert all(len(p[-1]) >= full_chars[len(full_chars) // 4] for p in paras)  # (not short in characters)
    r = ocrfix.clean_text("\n".join(ln for p in paras for ln in p), only=["paragraphs"])
    assert r.text.split("\n\n") == [" ".join(p) for p in paras]
    assert "widths in" in next(e.reason for e in r.applied if e.rule == "paragraphs.break")
    # must not change: paragraphs whose last line is as full as the others
    # (at least 58.5 of the 60 widths) go on into the next
    rng = random.Random(11)
    joined = _justified_paragraphs(rng, 6, MIXED, 0.5)
    for p in joined:
        p[-1] = next(x for x in iter(lambda: _fill(MIXED, rng, 60.0, "."), None) if TIMES(x) >= 58.5)
    r = ocrfix.clean_text("\n".join(ln for p in joined for ln in p), only=["paragraphs"])
    assert "\n" not in r.text


def _paragraphs_right(doc: str, measure: str | None) -> tuple[int, int]:
    from benchmarks.evaluate import _BLANK_LINE, _MD_MARKS, normalize_ws

    folder = ROOT / "benchmarks" / "corpus" / doc
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    text = (folder / "natural.txt").read_text(encoding="utf-8")
    # (The rule for turns of speech off: it finds some of the same paragraph
    # ends by other evidence, quotation marks, whatever the measure.)
    off = {"paragraphs.speech_share": 2.0}
    if measure == "characters":
        import ocrfix.stages.paragraphs as P

        saved = P.linewidth.choose
        P.linewidth.choose = lambda lines, ends: ("characters", linewidth.chars)  # type: ignore[assignment]
        try:
            out = ocrfix.clean_text(text, **off).text
        finally:
            P.linewidth.choose = saved
    else:
        out = ocrfix.clean_text(text, **off).text
    want = {normalize_ws(p) for p in truth["body_paragraphs"]}
    got = {normalize_ws(_MD_MARKS.sub("", p)) for p in _BLANK_LINE.split(out) if p.strip()}
    return len(want & got), len(want)


def test_a_real_book_extract_reads_more_paragraphs_in_widths() -> None:
    # pdfplumber's text of a book set in Computer Modern (the evaluation's):
    # widths are chosen, and more of the book's paragraphs come out whole
    folder = ROOT / "benchmarks" / "corpus" / "persuasion-book-cm"
    printed = [x.strip() for x in re.split(r"[\n\f]", (folder / "natural.txt").read_text(encoding="utf-8")) if x.strip()]
    assert linewidth.choose(printed, _ends_sentence)[0] == linewidth.FONT
    in_widths, total = _paragraphs_right("persuasion-book-cm", None)
    in_chars, _ = _paragraphs_right("persuasion-book-cm", "characters")
    assert in_widths > in_chars
    assert total == 81
