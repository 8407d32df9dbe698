"""The documents of the corpus: which prose, which class, font, size and layout."""

from __future__ import annotations

import random

from .latex import DocSpec
from .text import Block, Note, Run, chapters, insert_callout, make_note, note_pool, runs

SPECS: list[DocSpec] = [
    DocSpec(
        name="persuasion-book-cm", book="persuasion", title="Persuasion",
        notes_book="emma", notes_title="Emma",
        documentclass="book", class_options="10pt,twoside,openany",
        fonts="", geometry="a5paper,margin=16mm,top=20mm",
        first_chapter=1, n_chapters=3, heading="chapter", header_style="A",
        separator_tex="--", separator_char="–", first_page=1, seed=1,
        tounicode=False,
    ),
    DocSpec(
        name="pride-report-times", book="prideprejudice", title="Pride and Prejudice",
        notes_book="mansfieldpark", notes_title="Mansfield Park",
        documentclass="report", class_options="11pt,twoside",
        fonts="\\usepackage[T1]{fontenc}\n\\usepackage{mathptmx}",
        geometry="a5paper,margin=15mm,top=20mm",
        first_chapter=3, n_chapters=4, heading="chapter", header_style="A",
        separator_tex="\\ding{110}", separator_char="■", first_page=37, seed=2,
        interword_space=False,
    ),
    DocSpec(
        name="northanger-article-2col-palatino", book="northangerabbey",
        title="Northanger Abbey", notes_book="persuasion", notes_title="Persuasion",
        documentclass="article", class_options="10pt,twoside,twocolumn",
        fonts="\\usepackage[T1]{fontenc}\n\\usepackage{mathpazo}",
        geometry="letterpaper,margin=18mm,top=22mm",
        first_chapter=2, n_chapters=5, heading="section", header_style="B",
        separator_tex="", separator_char="", first_page=1, seed=3,
    ),
    DocSpec(
        name="sense-scrbook-lmodern", book="sensesensibility",
        title="Sense and Sensibility", notes_book="prideprejudice",
        notes_title="Pride and Prejudice",
        documentclass="scrbook", class_options="fontsize=11pt,twoside,open=any",
        fonts="\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}",
        geometry="b5paper,margin=20mm,top=24mm",
        first_chapter=4, n_chapters=3, heading="chapter", header_style="A",
        separator_tex="\\ding{117}", separator_char="◆", first_page=61, seed=4,
    ),
    DocSpec(
        name="mansfield-memoir-charter", book="mansfieldpark", title="Mansfield Park",
        notes_book="northangerabbey", notes_title="Northanger Abbey",
        documentclass="memoir", class_options="12pt,twoside,openany",
        fonts="\\usepackage[T1]{fontenc}\n\\usepackage{charter}",
        geometry="a5paper,margin=15mm,top=20mm",
        first_chapter=2, n_chapters=2, heading="chapter", header_style="C",
        separator_tex="\\textperiodcentered", separator_char="·", first_page=12, seed=5,
        tounicode=False,
    ),
]


def build_blocks(spec: DocSpec, books: dict[str, list[str]]) -> list[Block]:
    rng = random.Random(spec.seed)
    pool = note_pool(books[spec.notes_book], rng)
    chs = chapters(books[spec.book])
    blocks: list[Block] = []
    key = 0
    for heading, paras in chs[spec.first_chapter - 1 : spec.first_chapter - 1 + spec.n_chapters]:
        blocks.append(Block("heading", [Run(heading)], chapter=heading))
        note_no = 0
        since_note = 0
        quoted = False
        for i, para in enumerate(paras):
            pieces = runs(para)
            if pieces is None:
                continue
            words = sum(len(r.text.split()) for r in pieces)
            kind = "para"
            if not quoted and words >= 45 and i % spec.quote_every == spec.quote_every - 1:
                kind, quoted = "quote", True
            since_note += 1
            out: list[Run | Note] = list(pieces)
            if words >= 25 and since_note >= spec.note_every and pool:
                note_no += 1
                key += 1
                note = make_note(note_no, pool.pop(), spec.notes_title, rng)
                note.key = f"n{key}"
                out = insert_callout(pieces, note, rng)
                since_note = 0
            blocks.append(Block(kind, out, chapter=heading))
    return blocks
