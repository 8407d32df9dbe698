from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ocrfix.model import AlignMap, Document


def test_identity_maps_every_position() -> None:
    m = AlignMap.identity(5)
    assert [m.orig(i) for i in range(5)] == [0, 1, 2, 3, 4]
    assert len(m) == 5


def test_replacement_keeps_common_prefix_and_suffix() -> None:
    # "inuence" -> "influence": "in" and "uence" keep their original positions.
    m = AlignMap.identity(len("an inuence")).apply([(3, 10, "inuence", "influence", 7)])
    out = "an influence"
    assert len(m) == len(out)
    assert m.orig(3) == 3 and m.orig(4) == 4  # "in"
    assert m.orig(5) == -1 and m.orig(6) == -1  # "fl" generated
    assert m.edit_of(5) == 7
    assert m.orig(7) == 5  # "u" of "uence"
    assert m.orig_span(3, 12) == (3, 10)


def test_deletion_and_insertion_positions() -> None:
    m = AlignMap.identity(10).apply([(2, 4, "xx", "", 1), (6, 6, "", "abc", 2)])
    assert len(m) == 11
    assert m.orig(2) == 4
    assert m.orig_pos(4) == 6  # insertion point
    assert m.orig(4) == -1


def test_seams_mark_inserted_and_removed_text_only() -> None:
    assert AlignMap.identity(10).seams() == []
    # "xx" at 2 removed (seam at 2), "abc" inserted at original 6 (now 4..7).
    m = AlignMap.identity(10).apply([(2, 4, "xx", "", 1), (6, 6, "", "abc", 2)])
    assert m.seams() == [2, 4, 7]
    # A replacement keeps its common letters: only the generated "fl" is a seam.
    m = AlignMap.identity(len("an inuence")).apply([(3, 10, "inuence", "influence", 7)])
    assert m.seams() == [5, 7]


def test_document_pages_and_lines() -> None:
    doc = Document("a\nb\fc\r\nd", page_starts=[0, 4])
    assert [ln.text for ln in doc.lines()] == ["a", "b", "c", "d"]
    assert [ln.brk for ln in doc.lines()] == ["\n", "\f", "\r\n", ""]
    assert doc.page_of(0) == 1 and doc.page_of(4) == 2


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 5), st.text("xyz", max_size=4)), max_size=6))
def test_apply_matches_string_edit(raw: list[tuple[int, int, str]]) -> None:
    text = "abcdefghijklmnopqrstuvwxyz0123456789"
    changes = []
    pos = 0
    for start, length, new in sorted(raw):
        s = max(start, pos)
        e = min(s + length, len(text))
        if s > len(text):
            break
        changes.append((s, e, text[s:e], new, len(changes)))
        pos = e
    out = []
    p = 0
    for s, e, _old, new, _ in changes:
        out.append(text[p:s])
        out.append(new)
        p = e
    out.append(text[p:])
    result = "".join(out)
    m = AlignMap.identity(len(text)).apply(changes)
    assert len(m) == len(result)
    for i, ch in enumerate(result):
        o = m.orig(i)
        if o >= 0:
            assert text[o] == ch


def test_rearranging_edit_keeps_each_piece_where_it_came_from() -> None:
    # "xxABCdefyy" -> "xxdef\nABCyy": "def" and "ABC" swapped, a line break
    # generated between them.
    text = "xxABCdefyy"
    m = AlignMap.identity(len(text)).apply([(2, 8, "ABCdef", "def\nABC", 4)], moves={4: [[0, 3, 3], [4, 0, 3]]})
    out = "xxdef\nABCyy"
    assert len(m) == len(out)
    assert [m.orig(i) for i in range(len(out))] == [0, 1, 5, 6, 7, -1, 2, 3, 4, 8, 9]
    assert m.edit_of(5) == 4
    assert all(text[m.orig(i)] == out[i] for i in range(len(out)) if m.orig(i) >= 0)
    # A later edit's span (what the pipeline records) maps into the original
    # through the moved piece.
    assert m.orig_span(6, 9) == (2, 5)
    assert m.orig_spans([(2, 5), (6, 9)]) == [(5, 8), (2, 5)]
