"""Turn Project Gutenberg plain text (as shipped by r-cran-janeaustenr) into blocks.

A block is a heading, a paragraph or a block quotation. Its content is a list of
pieces: ``Run`` (text, italic or not) and ``Note`` (a footnote whose callout sits
right after the text before it). The plain (ground-truth) text and the LaTeX
source are both rendered from the same pieces, so the truth is known exactly.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass, field

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass
class Run:
    text: str
    italic: bool = False


@dataclass
class Note:
    number: int
    pieces: list[Run]
    key: str = ""

    def plain(self) -> str:
        return "".join(r.text for r in self.pieces)


@dataclass
class Block:
    kind: str  # "heading" | "para" | "quote"
    pieces: list[Run | Note] = field(default_factory=list)
    level: int = 0  # for headings: 0 = chapter, 1 = section
    chapter: str = ""

    def plain(self) -> str:
        out = []
        for p in self.pieces:
            if isinstance(p, Note):
                out.append(str(p.number).translate(SUPERSCRIPTS))
            else:
                out.append(p.text)
        return "".join(out)


HEADING_RE = re.compile(r"^chapter\s+([IVXLC]+|\d+)\.?$", re.IGNORECASE)
VOLUME_RE = re.compile(r"^volume\s+\S+$", re.IGNORECASE)


def chapters(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Split a novel's lines into (heading, paragraphs) chapters."""
    out: list[tuple[str, list[str]]] = []
    para: list[str] = []
    for raw in [*lines, ""]:
        line = raw.strip()
        if HEADING_RE.match(line):
            if para and out:
                out[-1][1].append(" ".join(para))
            para = []
            m = HEADING_RE.match(line)
            assert m
            out.append((f"Chapter {m.group(1)}", []))
            continue
        if VOLUME_RE.match(line) or line.startswith("THE END"):
            if para and out:
                out[-1][1].append(" ".join(para))
            para = []
            continue
        if not line:
            if para and out:
                out[-1][1].append(" ".join(para))
            para = []
        else:
            para.append(line)
    return out


def typographic(text: str) -> str:
    """Straight quotes and '--' to the curly quotes and dashes TeX would print."""
    text = re.sub(r"\s+", " ", text).strip()
    text = text.replace("--", "—")
    out = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else " "
        opening = prev in " (—[“‘"
        if ch == '"':
            out.append("“" if opening else "”")
        elif ch == "'":
            out.append("‘" if opening else "’")
        else:
            out.append(ch)
    return "".join(out)


ALLOWED = set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    " .,;:!?()-—“”‘’&*éèêàâçôöüïëæ"
)


def runs(text: str) -> list[Run] | None:
    """Pieces of one Gutenberg paragraph (``_x_`` is italic); None if unusable."""
    text = typographic(text)
    text = text.replace("*", "").strip()
    out: list[Run] = []
    pos = 0
    for m in re.finditer(r"_([^_]+)_", text):
        if m.start() > pos:
            out.append(Run(text[pos : m.start()]))
        out.append(Run(m.group(1), italic=True))
        pos = m.end()
    if pos < len(text):
        out.append(Run(text[pos:]))
    plain = "".join(r.text for r in out)
    if not plain or set(plain) - ALLOWED or "_" in plain:
        return None
    return out


ABBREVIATIONS = {"Mr.", "Mrs.", "Dr.", "St.", "Esq.", "Col.", "Capt.", "Messrs."}
SENT_END = re.compile(r"[.!?][”’]?(?= [“‘]?[A-Z])")


def sentence_ends(text: str) -> list[int]:
    """Offsets just after sentence-ending punctuation (callout positions)."""
    ends = []
    for m in SENT_END.finditer(text):
        start = text.rfind(" ", 0, m.start()) + 1
        word = text[start : m.end()]
        if word.rstrip("”’") in ABBREVIATIONS or len(word) < 3:
            continue
        ends.append(m.end())
    return ends


def sentences(paragraph: str) -> list[str]:
    text = typographic(paragraph).replace("_", "")
    cuts = [0] + [e + 1 for e in sentence_ends(text)] + [len(text) + 1]
    return [text[a : b - 1].strip() for a, b in itertools.pairwise(cuts) if b - 1 > a]


def note_pool(lines: list[str], rng: random.Random) -> list[str]:
    """Sentences of a novel fit to serve as footnote material."""
    pool = []
    for _, paras in chapters(lines):
        for p in paras:
            for s in sentences(p):
                n = len(s.split())
                if 10 <= n <= 40 and not set(s) & set("“”‘\"") and not set(s) - ALLOWED:
                    pool.append(s)
    rng.shuffle(pool)
    return pool


NOTE_TEMPLATES = (
    ("Compare ", "{title}", ", chapter {n}: {s}"),
    ("See also ", "{title}", ": {s}"),
    ("{s} (", "{title}", ", ch. {n}.)"),
    ("A like turn of phrase in ", "{title}", ": {s}"),
)


def make_note(number: int, sentence: str, title: str, rng: random.Random) -> Note:
    pre, _, post = NOTE_TEMPLATES[rng.randrange(len(NOTE_TEMPLATES))]
    n = rng.randint(1, 40)
    pieces = [
        Run(pre.format(s=sentence, n=n)),
        Run(title, italic=True),
        Run(post.format(s=sentence, n=n)),
    ]
    return Note(number, [p for p in pieces if p.text])


def insert_callout(pieces: list[Run], note: Note, rng: random.Random) -> list[Run | Note]:
    """Put the note's callout after a sentence end in a plain run (or at the end)."""
    candidates = []
    for i, p in enumerate(pieces):
        if not p.italic:
            for e in sentence_ends(p.text):
                candidates.append((i, e))
    out: list[Run | Note] = list(pieces)
    if candidates and rng.random() < 0.7:
        i, e = candidates[rng.randrange(len(candidates))]
        run = pieces[i]
        out[i : i + 1] = [Run(run.text[:e]), note, Run(run.text[e:])]
        return out
    out.append(note)
    return out
