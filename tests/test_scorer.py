"""The benchmark scorer checked on its own (no ocrfix cleaning involved).

Uses the committed corpus in benchmarks/corpus; needs neither TeX nor rapidfuzz.
"""

from __future__ import annotations

import random
import re

import pytest

from benchmarks import evaluate as ev

DOCS = ev.documents()
SMALL = ev.CORPUS / "sense-scrbook-lmodern"


def _truth_text(t: ev.Truth) -> str:
    return "\n\n".join(t.data["body_paragraphs"])


def test_corpus_is_there() -> None:
    assert len(DOCS) >= 5
    assert sum(ev.Truth.load(d).data["pages"] for d in DOCS) >= 40


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_truth_scores_perfect(doc: object) -> None:
    t = ev.Truth.load(doc)  # type: ignore[arg-type]
    notes = "\n".join(n["text"] for n in t.data["notes"])
    s = ev.score(t, _truth_text(t), _truth_text(t), notes)
    assert s.cer == 0 and s.wer == 0
    assert s.notes_lost == 0
    assert s.lig_recall == 1.0
    assert s.header_left == s.notes_left == s.callouts_bad == 0
    assert s.fragments_left == s.real_lost == s.changed_right == 0
    assert s.header_lines > 0 and s.notes > 0 and s.callouts == s.notes


def test_raw_text_scores_as_recorded() -> None:
    t = ev.Truth.load(SMALL)
    raw = (SMALL / "natural.txt").read_text(encoding="utf-8")
    s = ev.score(t, raw, raw)
    assert (s.chars, s.words) == (24284, 4298)
    assert (s.char_errors, s.word_errors) == (2186, 551)
    assert s.cer == pytest.approx(0.0900, abs=1e-4)
    assert s.wer == pytest.approx(0.1282, abs=1e-4)
    assert (s.lig_found, s.lig_words) == (50, 56)
    assert (s.header_left, s.header_lines) == (11, 11)
    assert (s.notes_left, s.notes) == (11, 11)
    assert (s.callouts_bad, s.callouts) == (0, 11)
    assert (s.fragments_left, s.break_hyphens) == (6, 6)
    assert (s.input_right, s.changed_right) == (4034, 0)
    assert s.notes_lost == 0  # still in the body


def test_dropped_notes_are_lost() -> None:
    t = ev.Truth.load(SMALL)
    s = ev.score(t, _truth_text(t), _truth_text(t))  # body only, no notes channel
    assert s.notes_left == 0 and s.notes_lost == s.notes == 11


def test_cid_variant_scores_as_recorded() -> None:
    t = ev.Truth.load(SMALL)
    raw = (SMALL / "cid.txt").read_text(encoding="utf-8")
    s = ev.score(t, raw, raw)
    assert (s.char_errors, s.word_errors) == (2631, 600)
    assert (s.lig_found, s.lig_words) == (0, 56)
    assert s.callouts_bad == 1


def test_each_leak_is_counted() -> None:
    t = ev.Truth.load(SMALL)
    paras = list(t.data["body_paragraphs"])
    header = next(h for h in t.data["headers"] if h["position"] == "header")
    note = t.data["notes"][0]
    paras.insert(2, header["text"].replace(" ", "  "))
    paras.insert(5, f"{note['number']} {note['text']}")
    hyp = "\n\n".join(paras)
    s = ev.score(t, hyp, hyp)
    assert s.header_left == 1
    assert s.notes_left == 1
    assert s.cer > 0


def test_glued_callout_and_hyphens() -> None:
    t = ev.Truth.load(SMALL)
    text = _truth_text(t)
    c = t.data["callouts"][0]
    sup = str(c["number"]).translate(ev.TO_SUPERSCRIPT)
    glued = re.sub(re.escape(c["after"] + sup) + r"\s+", c["after"] + str(c["number"]), text, count=1)
    assert glued != text
    assert ev.score(t, glued, text).callouts_bad == 1
    h = next(h for h in t.data["hyphens"] if h["kind"] == "break" and h["word"] in t.body)
    broken = text.replace(h["word"], f"{h['before']}- {h['after']}")
    s = ev.score(t, broken, text)
    assert s.fragments_left >= 1
    assert s.changed_right >= 1  # the input had that word right


def test_real_hyphen_lost() -> None:
    doc = ev.CORPUS / "mansfield-memoir-charter"
    t = ev.Truth.load(doc)
    text = _truth_text(t)
    h = next(h for h in t.data["hyphens"] if h["kind"] == "real" and h["word"] in t.body)
    joined = text.replace(h["word"], h["word"].replace("-", ""))
    s = ev.score(t, joined, text)
    assert s.real_lost >= 1 and s.real_hyphens >= 1


def test_ligature_damage_lowers_recall() -> None:
    t = ev.Truth.load(SMALL)
    text = _truth_text(t).replace("ffi", "ﬃ").replace("fl", " l")
    s = ev.score(t, text, text)
    assert 0 < s.lig_found < s.lig_words


def test_bit_parallel_levenshtein_is_exact() -> None:
    rng = random.Random(7)

    def slow(a: str, b: str) -> int:
        prev = list(range(len(b) + 1))
        for i, x in enumerate(a, 1):
            cur = [i]
            for j, y in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
            prev = cur
        return prev[-1]

    for _ in range(200):
        a = "".join(rng.choice("ab c") for _ in range(rng.randint(0, 40)))
        b = "".join(rng.choice("abcd ") for _ in range(rng.randint(0, 40)))
        assert ev._levenshtein_bits(a, b) == slow(a, b)
        assert ev._levenshtein_bits(a.split(), b.split()) == ev.levenshtein(a.split(), b.split())
    assert ev._levenshtein_bits("kitten", "sitting") == 3
