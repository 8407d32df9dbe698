"""LaTeX source for one document, rendered from the same blocks as the truth."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .text import Block, Note, Run


@dataclass(frozen=True)
class DocSpec:
    name: str
    book: str  # data set of r-cran-janeaustenr
    title: str  # running title (left/even header)
    notes_book: str  # novel the footnote sentences come from
    notes_title: str
    documentclass: str
    class_options: str
    fonts: str  # preamble lines choosing the font
    geometry: str
    first_chapter: int
    n_chapters: int
    heading: str  # "chapter" or "section"
    header_style: str  # "A", "B" or "C"
    separator_tex: str  # printed between title and page number ("" for none)
    separator_char: str  # what the separator is, as Unicode (truth side)
    first_page: int  # printed number of the first page
    seed: int
    quote_every: int = 9
    note_every: int = 3
    tounicode: bool = True  # pdfTeX writes ToUnicode CMaps (\\pdfgentounicode)
    interword_space: bool = True  # pdfTeX puts real space glyphs between words


def _sep(spec: DocSpec) -> str:
    return f"\\quad{spec.separator_tex}\\quad" if spec.separator_tex else "\\qquad"


def header_texts(spec: DocSpec, page: int, left: str, right: str, style: str) -> list[dict]:
    """The header and footer lines of one page, as printed."""
    sep = f" {spec.separator_char} " if spec.separator_char else " "
    even = page % 2 == 0
    if style == "plain":
        return [{"position": "footer", "text": str(page), "title": ""}]
    out: list[dict] = []
    if spec.header_style == "A":
        if even:
            out.append({"position": "header", "text": f"{page}{sep}{left}", "title": left})
        else:
            out.append({"position": "header", "text": f"{right}{sep}{page}", "title": right})
    elif spec.header_style == "B":
        title = left if even else right
        out.append({"position": "header", "text": title, "title": title})
        out.append({"position": "footer", "text": str(page), "title": ""})
    else:  # "C": page number in the header, author and title in the footer
        if even:
            out.append({"position": "header", "text": f"{page} {left}", "title": left})
        else:
            out.append({"position": "header", "text": f"{right} {page}", "title": right})
        foot = f"Jane Austen{sep}{spec.title}"
        out.append({"position": "footer", "text": foot, "title": foot})
    return out


def _fancy(spec: DocSpec) -> str:
    sep = _sep(spec)
    if spec.header_style == "A":
        head = (
            f"\\fancyhead[LE]{{\\thepage{sep}\\textit{{\\leftmark}}}}\n"
            f"\\fancyhead[RO]{{\\textit{{\\rightmark}}{sep}\\thepage}}\n"
            "\\fancyfoot[C]{\\pgw{fancy}}\n"
        )
    elif spec.header_style == "B":
        head = (
            "\\fancyhead[LE]{\\textit{\\leftmark}}\n"
            "\\fancyhead[RO]{\\textit{\\rightmark}}\n"
            "\\fancyfoot[LE,RO]{\\thepage}\n"
            "\\fancyfoot[C]{\\pgw{fancy}}\n"
        )
    else:
        head = (
            "\\fancyhead[LE]{\\thepage\\quad\\leftmark}\n"
            "\\fancyhead[RO]{\\rightmark\\quad\\thepage}\n"
            f"\\fancyfoot[C]{{\\footnotesize Jane Austen{sep}\\textit{{{spec.title}}}\\pgw{{fancy}}}}\n"
        )
    return (
        "\\pagestyle{fancy}\n\\fancyhf{}\n" + head
        + "\\renewcommand{\\headrulewidth}{0pt}\n"
        + "\\fancypagestyle{plain}{\\fancyhf{}\\fancyfoot[C]{\\thepage\\pgw{plain}}"
        + "\\renewcommand{\\headrulewidth}{0pt}}\n"
    )


SPECIALS = {
    "“": "``", "”": "''", "‘": "`", "’": "'", "—": "---",
    "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "{": "\\{", "}": "\\}",
    "é": "\\'e", "è": "\\`e", "ê": "\\^e", "à": "\\`a", "â": "\\^a", "ç": "\\c{c}",
    "ô": "\\^o", "ö": '\\"o', "ü": '\\"u', "ï": '\\"\\i{}', "ë": '\\"e', "æ": "\\ae{}",
}


def tex_escape(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        piece = SPECIALS.get(ch, ch)
        if ch in "“”‘’" and i + 1 < len(text) and text[i + 1] in "“”‘’-":
            piece += "{}"
        if ch in "!?" and i + 1 < len(text) and text[i + 1] in "‘“":
            piece += "{}"
        out.append(piece)
    return "".join(out)


def _runs_tex(pieces: list[Run]) -> str:
    return "".join(
        f"\\textit{{{tex_escape(r.text)}}}" if r.italic else tex_escape(r.text) for r in pieces
    )


def block_tex(block: Block, spec: DocSpec) -> str:
    if block.kind == "heading":
        text = block.plain()
        cmd = spec.heading if block.level == 0 else "section"
        return (
            f"\\{cmd}*{{{tex_escape(text)}}}\n\\markboth{{{spec.title}}}{{{text}}}\n"
            "\\setcounter{footnote}{0}\n"
        )
    body = []
    for p in block.pieces:
        if isinstance(p, Note):
            body.append(f"\\footnote{{\\fnw{{{p.key}}}{_runs_tex(p.pieces)}}}")
        else:
            body.append(_runs_tex([p]))
    text = "".join(body)
    if block.kind == "quote":
        return f"\\begin{{quote}}\n{text}\n\\end{{quote}}\n"
    return text + "\n\n"


def document_tex(spec: DocSpec, blocks: list[Block]) -> str:
    extra = ""
    if spec.documentclass == "memoir":
        extra = "\\aliaspagestyle{chapter}{plain}\n"
    if spec.documentclass == "scrbook":
        extra = "\\renewcommand*{\\chapterpagestyle}{plain}\n"
    pre = (
        f"\\documentclass[{spec.class_options}]{{{spec.documentclass}}}\n"
        f"{spec.fonts}\n"
        f"\\usepackage[{spec.geometry}]{{geometry}}\n"
        "\\usepackage{pifont}\n\\usepackage{fancyhdr}\n"
        + ("\\pdfgentounicode=1\n\\input{glyphtounicode}\n" if spec.tounicode
           else "\\pdfgentounicode=0\n")
        + ("\\pdfinterwordspaceon\n" if spec.interword_space else "")
        + "\\pdftrailerid{}\n"
        "\\setlength{\\headheight}{14pt}\n"
        "\\newwrite\\pgfile\n\\immediate\\openout\\pgfile=\\jobname.pgs\n"
        "\\newcommand{\\pgw}[1]{\\write\\pgfile{P|\\thepage|\\leftmark|\\rightmark|#1}}\n"
        "\\newcommand{\\fnw}[1]{\\write\\pgfile{N|#1|\\thepage}}\n"
        + _fancy(spec)
        + extra
        + "\\begin{document}\n"
        + f"\\setcounter{{page}}{{{spec.first_page}}}\n"
    )
    return pre + "".join(block_tex(b, spec) for b in blocks) + "\\end{document}\n"


def run_pdflatex(tex: str, name: str) -> tuple[bytes, str]:
    """Compile; return the PDF and the page/footnote record written by TeX."""
    if shutil.which("pdflatex") is None:
        raise RuntimeError("pdflatex not found: apt-get install texlive-latex-base ...")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", FORCE_SOURCE_DATE="1")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / f"{name}.tex").write_text(tex, encoding="utf-8")
        res = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
            cwd=d, env=env, capture_output=True, text=True, errors="replace",
        )
        if res.returncode != 0:
            log = (d / f"{name}.log").read_text(errors="replace")
            raise RuntimeError(f"pdflatex failed for {name}:\n{log[-3000:]}")
        return (d / f"{name}.pdf").read_bytes(), (d / f"{name}.pgs").read_text(errors="replace")
