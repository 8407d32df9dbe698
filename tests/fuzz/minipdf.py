"""Build small, valid PDFs byte by byte (for robustness tests and fuzz seeds).

Written for ocrfix; no PDF library is used, so a test can make exactly the
broken file it needs (no pages, no text layer, truncated) without fixtures.
"""

from __future__ import annotations


def _escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def build_pdf(pages: list[list[str]], *, with_font: bool = True) -> bytes:
    """A PDF with one page per item of ``pages``; each page shows its lines in
    Helvetica (Latin-1 text only).  ``pages=[]`` gives a PDF with no pages;
    a page with no lines has no text layer."""
    objects: list[bytes] = []
    n_pages = len(pages)
    # 1: catalog, 2: page tree, 3: font, then (page, content) pairs.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, lines in enumerate(pages):
        content_id = 5 + 2 * i
        res = "/Resources << /Font << /F1 3 0 R >> >>" if with_font else "/Resources << >>"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] {res} /Contents {content_id} 0 R >>".encode()
        )
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            ops.append(f"({_escape(line)}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


LOREM = [
    "The effort to offset the influence of first impressions was great.",
    "Readers of extracted text rarely see the damage until it is too late.",
    "Every change ocrfix makes is recorded so that it can be undone.",
    "A fourth line of ordinary prose keeps the text layer above the threshold.",
]
