"""Self-test of the damage generator and the scorer; needs no ocrfix.

    python -m benchmarks.ligatures.selftest
"""

from __future__ import annotations

import sys

from .damage import damage
from .data import load_sources
from .score import score

SAMPLE = (
    "The first office had a fine flow of affluent staff.\n"
    "Fit for FLIGHT: a Schifffahrt fi test, at the floor; efficient, off-hand.\n\n"
    "Nothing here.\n"
)

_checks: list[tuple[str, bool]] = []


def check(name: str, ok: bool) -> None:
    _checks.append((name, ok))
    print(f"{'ok  ' if ok else 'FAIL'} {name}")


def run() -> int:
    j = damage(SAMPLE, "joined")
    g = damage(SAMPLE, "gap")
    n = damage(SAMPLE, "none")
    sp = damage(SAMPLE, "split")
    check("joined form", j.text.startswith("The rst oce had a ne ow of auent sta."))
    check("gap form", g.text.startswith("The  rst o ce had a  ne  ow of a uent sta ."))
    check("capital F not damaged", "Fit for FLIGHT" in j.text)
    check("fff loses one ff", "Schifahrt" in j.text and "Schi fahrt" in g.text)
    check("lone 'fi' vanishes (joined)", "Schifahrt  test" in j.text)
    check("joined keeps whitespace", [len(x) for x in j.text.split("\n")].__len__()
          == len(SAMPLE.split("\n")))
    check("gap sites are one space", all(g.text[s.start:s.end] == " " for s in g.sites))
    check("joined sites are zero-width", all(s.start == s.end for s in j.sites))
    check("no damage in control", n.text == SAMPLE and not n.sites)
    check("split form", sp.text.startswith("The fi rst o ffi ce had a fi ne fl ow of a ffl uent sta ff."))
    check("split keeps the letters", sp.text.replace(" ", "") == SAMPLE.replace(" ", "")
          and all(sp.text[s.start:s.end].strip() == s.lost for s in sp.sites))
    damaged_words = len(j.damaged_token_indices)
    check("damaged count", damaged_words == 11)

    # (the split form leaves a lone "fi" as it is: one damaged word fewer)
    check("split damaged count", len(sp.damaged_token_indices) == damaged_words - 1)
    for d in (j, g, sp):
        n_damaged = len(d.damaged_token_indices)
        s = score(d, SAMPLE)
        check(f"{d.form}: truth as output -> recall 1", s.recall == 1.0
              and s.restored == n_damaged and s.wrong == 0 and s.missed == 0)
        s = score(d, d.text)
        check(f"{d.form}: damaged as output -> recall 0, 0 wrong",
              s.recall == 0.0 and s.wrong == 0 and s.missed == n_damaged)
        # Gap output with the gaps closed but letters not restored: wrong words.
        closed = d.text.replace("o ce", "oce").replace("sta .", "sta.")
        s = score(d, closed)
        exp_wrong = 2 if d.form == "gap" else 0
        check(f"{d.form}: closing gaps without the glyph -> wrong words",
              s.wrong_word == exp_wrong and s.wrong_clean == 0)
    # One wrong word, one spoiled clean word, one insertion, one merge.
    out = SAMPLE.replace("office", "oxice").replace("Nothing", "Nothin") \
        .replace("the floor", "the flour")
    s = score(j, out)
    check("wrong words + wrong clean counted", s.wrong_word == 2 and s.wrong_clean == 1
          and s.restored == damaged_words - 2 and s.missed == 0)
    s = score(n, SAMPLE.replace("a fine", "afine"))
    check("merge of two clean words = 2 wrong", s.wrong_clean == 2 and s.damaged == 0)
    s = score(n, SAMPLE.replace("fine flow", "fine extra flow"))
    check("inserted token = 1 wrong", s.wrong_clean == 1)
    # Whitespace differences in the output do not matter.
    s = score(g, SAMPLE.replace(" ", "  ").replace("Nothing here.", "Nothing  here."))
    check("whitespace-insensitive", s.recall == 1.0 and s.wrong == 0)

    # On the real corpus: truth scores perfectly, damage scores zero.
    for name, text in load_sources().items():
        for form in ("joined", "gap", "split"):
            d = damage(text, form)
            s1, s0 = score(d, text), score(d, d.text)
            check(f"{name}/{form}: truth 1.0/0 wrong, damaged 0.0/0 wrong "
                  f"({s1.damaged} damaged of {s1.words})",
                  s1.recall == 1.0 and s1.wrong == 0 and s0.recall == 0.0
                  and s0.wrong == 0)
    failed = [c for c, ok in _checks if not ok]
    print(f"{len(_checks) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run())
