"""Ligature stage: cases that must change and cases that must not."""

from __future__ import annotations

import pytest

import ocrfix
from ocrfix.lexicon import english, ligature_parses


def lig(text: str) -> ocrfix.Result:
    return ocrfix.clean_text(text, only=["ligatures"])


DAMAGED = (
    "The eort to oset the inuence of rst impressions was dierent. "
    "Our ofce staed the eld with briey trained ocers. "
)


@pytest.mark.parametrize(
    ("damaged", "fixed"),
    [
        ("inuence", "influence"),
        ("eort", "effort"),
        ("oset", "offset"),
        ("dierent", "different"),
        ("rst", "first"),
        ("eld", "field"),
        ("briey", "briefly"),
        ("ofce", "office"),
    ],
)
def test_lost_glyph_repaired_in_damaged_document(damaged: str, fixed: str) -> None:
    text = DAMAGED + f"They said the {damaged} mattered."
    out = lig(text).text
    assert f"the {fixed} mattered" in out


def test_lost_glyph_rules_recorded_with_reason() -> None:
    r = lig(DAMAGED)
    rules = {e.rule for e in r.applied}
    assert rules == {"ligatures.lost_glyph"}
    assert all("ligature" in e.reason for e in r.applied)
    assert r.facts["ligatures.loss_estimate"] > 0.5


def test_case_is_kept() -> None:
    r = lig("Inuence matters. The eort was dierent. EORT AND DIERENT RESULTS.")
    assert r.text.startswith("Influence matters. The effort was different.")
    assert "EFFORT AND DIFFERENT" in r.text


def test_gap_forms() -> None:
    r = lig("The  rst day showed the in  uence of a di  erent idea, well de ned and e  ective.")
    assert r.text == "The first day showed the influence of a different idea, well defined and effective."
    assert {e.rule for e in r.applied} == {"ligatures.lost_glyph_gap"}


def test_damaged_forms_that_are_words_need_context() -> None:
    text = DAMAGED + "He fell o the horse. They ed the city. The cat sat at the mat."
    out = lig(text).text
    assert "fell off the horse" in out
    assert "They fled the city" in out
    assert "sat at the mat" in out  # "at" stays: context favours it


def test_clean_document_gets_no_ligature_edits() -> None:
    text = (
        "The first effort to offset the influence of different fields was briefly official. "
        "Our office staffed the field. He fell off the horse at the flat. Oset is a Polish word."
    )
    assert lig(text).edits == []


def test_single_damaged_word_is_not_enough_evidence() -> None:
    # One unknown word alone does not show that the document loses ligatures.
    assert lig("A text with one odd token: eort, and nothing else.").applied == []


@pytest.mark.parametrize(
    "keep",
    [
        "Simon & Schunster, 1992",  # a name as printed
        "Ruch Prometejski i walka o przebudowę Europy",  # foreign words ("o" is Polish)
        "ed. by Marek Kornat, op. 11, l. 43",  # abbreviations
        "see http://example.org/rst/oce and a@eort.com",  # addresses
        "the 'sh' and 'ls' commands",  # quoted names
        "x86 and 2nd and ff00 colours",  # identifiers
    ],
)
def test_not_damage_even_in_damaged_document(keep: str) -> None:
    out = lig(DAMAGED + keep).text
    assert out.endswith(keep)


def test_codepoints_expanded() -> None:
    r = lig("The \ufb01rst e\ufb00ort, \ufb02ow and o\ufb03ce, ba\ufb04e.")
    assert r.text == "The first effort, flow and office, baffle."
    assert {e.rule for e in r.applied} == {"ligatures.codepoint"}


def test_cid_learned_per_document() -> None:
    text = "The e(cid:14)cient o(cid:14)ce had a di(cid:11)erent (cid:12)rst (cid:13)ow and the (cid:12)eld was (cid:11)."
    r = lig(text)
    assert "efficient office had a different first flow and the field" in r.text
    learned = {e.old: e.new for e in r.applied if e.rule == "ligatures.cid"}
    assert learned == {"(cid:14)": "ffi", "(cid:11)": "ff", "(cid:12)": "fi", "(cid:13)": "fl"}


def test_t1_control_characters_are_codes_learned_per_document() -> None:
    # pdftotext writes a T1 font's ligature slots as control characters when
    # the font names no character for them: 0x1B ff, 0x1C fi, 0x1D fl, 0x1E ffi.
    text = "The e\x1ecient o\x1ece had a di\x1berent \x1crst \x1dow, and the \x1celd sta\x1b was o\x1b."
    r = lig(text)
    assert r.text == "The efficient office had a different first flow, and the field staff was off."
    learned = {e.old: e.new for e in r.applied if e.rule == "ligatures.cid"}
    assert learned == {"\x1e": "ffi", "\x1b": "ff", "\x1c": "fi", "\x1d": "fl"}


def test_cid_between_the_letters_of_words_is_debris_not_a_letter() -> None:
    # A symbol (an angle bracket of a math font) the reader put between the
    # letters of words: without it they are words, so it is no ligature, and
    # no letter either, though "i" would make a few words ("th(cid:105)s").
    text = (
        "The provid(cid:105)ed macro is dis(cid:105)played by the com(cid:105)mand, and it is "
        "reset when the grou(cid:105)p ends, w(cid:105)th the le(cid:105)ngth of the tex(cid:105)t in "
        "the reg(cid:105)ister; th(cid:105)s is its value, wh(cid:105)ch is kept."
    )
    r = lig(text)
    assert not [e for e in r.applied if e.rule == "ligatures.cid"]
    assert r.text == text


def test_cid_after_one_letter_is_no_evidence() -> None:
    # "i(cid:36)" read as "iff" and "u(cid:36)" as "uff": a letter and a code
    # show no word (a breve over a Cyrillic letter).
    r = lig("the short \u2018i(cid:36)\u2019 and U(cid:36) u(cid:36) in the table")
    assert not [e for e in r.applied if e.rule == "ligatures.cid"]


def test_cid_that_no_word_explains_is_kept_and_reported() -> None:
    r = lig("Value (cid:99) here and (cid:7) there.")
    assert r.text == "Value (cid:99) here and (cid:7) there."
    unknown = [e for e in r.edits if e.rule == "ligatures.cid_unknown"]
    assert len(unknown) == 2 and not any(e.applied for e in unknown)


def test_ligature_parses_cover_font_variants() -> None:
    assert set(ligature_parses("office")) == {"oce", "oice", "ofce"}
    assert set(ligature_parses("first")) == {"rst"}
    assert list(ligature_parses("cat")) == []


def test_candidate_index() -> None:
    lex = english()
    assert "effort" in lex.ligature_candidates("eort")
    assert "offset" in lex.ligature_candidates("oset")
    assert lex.ligature_candidates("table") == []


def test_seed_page_only_expected_ligature_edits(seed_text: str) -> None:
    r = ocrfix.clean_text(seed_text)
    lig_edits = [(e.old, e.new) for e in r.applied if e.stage.startswith("ligatures")]
    assert lig_edits == [("inuence", "influence"), ("oset", "offset"), ("eort", "effort")]


def test_words_broken_at_line_ends() -> None:
    # Fragments of a real word broken by a hyphen are not damage ...
    clean_but_damaged = DAMAGED + "her quiet passive man-\nner, these atten-\ntions, on the discov-\nery"
    out = lig(clean_but_damaged).text
    assert "man-\nner" in out and "atten-\ntions" in out and "discov-\nery" in out
    # ... but a broken word that lost its ligature is repaired in its fragment.
    out = lig(DAMAGED + "a very dif-\ncult view").text
    # TeX may break "difficult" as dif-fi-cult: either piece can hold the glyph.
    assert "a very difficult view" in out.replace("-\n", "")


def test_few_odd_words_among_many_intact_ligatures_are_not_damage() -> None:
    intact = "The first office offered different effects to fifty fine fluent officials. " * 6
    text = intact + "Then the rst odd token and one more: eld."
    assert lig(text).applied == []


def test_gap_reading_chosen_over_the_pair_as_a_whole() -> None:
    r = lig(DAMAGED + "They o  ered help and took o  the coat.")
    assert "They offered help and took off the coat." in r.text


# --- the document's way of losing glyphs (gap share) ---------------------------

# Glyphs leave a space of their own everywhere, at word edges too ("the  rst").
GAP_DOC = (
    "The in uence of the e ort was to o set the di erent e ects. An e cient sta "
    "de ned the  eld of su cient re ection, and the o ce was in ated. The  rst  ve "
    "days were the  nest, and the  ight took o  at once. "
)
# pdfplumber's way: a space inside words, but at a word's edge the glyph's
# width merges with the word space ("the rst").
MERGED_DOC = (
    "The in uence of the e ort was to o set the di erent e ects. An e cient sta "
    "de ned the eld of su cient re ection, and the o ce was in ated. The rst ve "
    "days were the nest, and the ight took o at once. "
)
JOINED_DOC = (
    "The inuence of the eort was to oset the dierent eects. An ecient sta "
    "dened the eld of sucient reection, and the oce was inated. "
)


def test_gap_document_reads_a_split_fragment_as_one_word() -> None:
    r = lig(GAP_DOC + "He was now growing too in rm for the work, and the su x was gone.")
    assert "too infirm for" in r.text
    assert "the suffix was" in r.text
    assert r.facts["ligatures.gap_share"] > 0.9


def test_merged_space_document_keeps_word_edge_readings() -> None:
    r = lig(MERGED_DOC + "Mr. Bennet protested against any description of nery.")
    assert "description of finery." in r.text
    assert r.facts["ligatures.edge_gap_share"] < 0.1


def test_joined_document_reads_the_same_text_as_two_words() -> None:
    r = lig(JOINED_DOC + "He was now growing too rm for the work, and the ship was a oat again, in rm hands.")
    assert "too firm for" in r.text
    assert "a float again" in r.text
    assert "infirm" not in r.text  # a single space is a word space in this document
    assert r.facts["ligatures.gap_share"] < 0.1


def test_gap_form_at_a_line_start_takes_the_space_with_the_glyph() -> None:
    r = lig(GAP_DOC + "It was the\n rst time.")
    assert "the\nfirst time" in r.text


# --- dashes, lone letters ------------------------------------------------------


def test_a_double_hyphen_is_a_dash_not_a_compound() -> None:
    r = lig(JOINED_DOC + "Some les which are not source les--for example, Info les.")
    assert "source files--for example" in r.text


def test_a_compound_part_that_is_a_word_is_kept() -> None:
    r = lig(JOINED_DOC + "The re-run and the de-icing went well.")
    assert "The re-run and the de-icing" in r.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Plot the x axis against the y axis.",
        "Let x be the number of rows.",
        "The value of x is small.",
        "Press the y key, or type n to stop.",
    ],
)
def test_lone_letters_that_are_letters_stay(sentence: str) -> None:
    # A damaged text that also uses letters as symbols ("n", "k" have no
    # ligature reading): its lone letters are symbols unless both sides say not.
    r = lig(JOINED_DOC + "Let n be the count and k the step. " + sentence)
    assert r.text.endswith(sentence)


def test_heavily_damaged_document_with_no_gap_sites_runs_the_whole_pipeline() -> None:
    # Hundreds of joined losses and not one gap: the gap share is near 0
    # (rounded to 0.0 in the facts); the second pass over new words must not
    # take the log of the rounded figure (it raised "math domain error").
    words = ["inuence", "eort", "oset", "dierent", "ofce", "eld", "briey", "rst", "sucient", "reection"]
    sentence = "The {} of the matter was plain to them all, and nobody doubted it.\n"
    text = "".join(sentence.format(words[i % len(words)]) for i in range(400))
    text += "They spoke of the dier-\nence between them and the rela-\ntions of the eld.\n"
    r = ocrfix.clean_text(text)
    assert r.facts["ligatures.gap_share"] == 0.0
    assert "The influence of the matter" in r.text
    assert "The effort of the matter" in r.text
    assert "the difference between them and the relations of the field." in r.text


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("She could not x on any one article.", "She could not fix on any one article."),
        ("They saw him y about the room.", "They saw him fly about the room."),
        ("Benwick had been seen ying by their house.", "Benwick had been seen flying by their house."),
        ("You must be rm about it.", "You must be firm about it."),
        ("He has ve children.", "He has five children."),
    ],
)
def test_lone_letters_and_fragments_between_common_words_are_repaired(damaged: str, repaired: str) -> None:
    # A damaged document that does not use letters as symbols: a lone letter
    # or a fragment far rarer than the word it completes, between common
    # English words, with no bigram evidence either way.
    assert lig(JOINED_DOC + damaged).text.endswith(repaired)


@pytest.mark.parametrize(
    "sentence",
    [
        "Let x be large.",  # a variable before "be"
        "The value of x and y is small.",  # after "of", before "and"
        "He wrote it in the key of g minor.",  # after "of": a name
        "Jing xiao zhe Zhong yang wen wu gong ying she, 1981.",  # romanised title: rare neighbours
        "Use the e option to see more.",  # no ligature reading
    ],
)
def test_lone_letters_and_fragments_that_stay(sentence: str) -> None:
    assert lig(JOINED_DOC + sentence).text.endswith(sentence)


def test_unknown_word_beside_code_tokens_is_repaired_when_english_surrounds_it() -> None:
    # Two tokens the lexicon does not know on one side ("GCC's", "Wshadow")
    # no longer make the context foreign when two English words stand on the other.
    r = lig(JOINED_DOC + "Don't use parameters that shadow global identiers. GCC's '-Wshadow' option can detect it.")
    assert "shadow global identifiers. GCC's '-Wshadow'" in r.text


def test_capitalised_unknown_word_with_a_known_repair_is_repaired() -> None:
    # Unknown capitalised tokens get a name's benefit of the doubt, but not
    # against a word the lexicon knows: "Makeles" is "Makefiles".
    r = lig(JOINED_DOC + "These are the conventions for writing the Makeles for GNU programs.")
    assert "writing the Makefiles for GNU" in r.text


def test_capitalised_names_without_a_repair_stay() -> None:
    sentence = "Letters from Schunster and Oeler reached Elst in June."
    assert lig(JOINED_DOC + sentence).text.endswith(sentence)


def test_tokens_spans_keys_and_prose_marks() -> None:
    """The tokeniser the stage reads words with: offsets, lookup keys, and
    which tokens are prose (not glued to digits, not inside an address or an
    identifier)."""
    from ocrfix.stages.ligatures import _tokens

    text = "The x86 ﬁle’s 2nd see e.g. www.gnu.org or off_t; .bashrc Dierent"
    got = [(text[t.start : t.end], t.text, t.key, t.prose) for t in _tokens(text)]
    assert all(a == b for a, b, _, _ in got)
    assert [(w, k, p) for _, w, k, p in got] == [
        ("The", "the", True),
        ("x", "x", False),  # glued to digits
        ("ﬁle’s", "file's", True),  # ligature code point and curly apostrophe folded in the key
        ("nd", "nd", False),
        ("see", "see", True),
        ("e", "e", False),  # "e.g.": a letter, a dot, a letter
        ("g", "g", False),
        ("www", "www", False),
        ("gnu", "gnu", False),
        ("org", "org", False),
        ("or", "or", True),
        ("off", "off", False),  # "_": an identifier
        ("t", "t", False),
        ("bashrc", "bashrc", True),  # a dot with no letter before it marks nothing
        ("Dierent", "dierent", True),
    ]
    assert _tokens("") == []
    assert [t.prose for t in _tokens(".ab x")] == [True, True]


def test_ligature_edges_are_what_surrounds_a_ligature_in_words() -> None:
    from ocrfix.lexicon import english

    heads, tails = english().ligature_edges()
    for word, lg in (("influence", "fl"), ("different", "ff"), ("office", "ffi"), ("first", "fi")):
        i = word.index(lg)
        assert word[:i] in heads and word[i + len(lg) :] in tails
    assert "xq" not in heads and "xq" not in tails


def test_gap_pairs_hold_every_pair_a_gap_can_join() -> None:
    """The pairs the gap pass looks at: two or three spaces between words,
    or one space and words that join with a ligature; not plain neighbours,
    not four spaces."""
    from ocrfix.lexicon import english
    from ocrfix.stages.ligatures import _gap_pairs, _tokens

    text = "the  rst in uence of di   erent and the    other very much"
    tokens = _tokens(text)
    pairs = [(tokens[i].text, tokens[i + 1].text) for i in _gap_pairs(english(), tokens, text)]
    assert ("the", "rst") in pairs  # a double space
    assert ("in", "uence") in pairs  # one space, "influence" joins them
    assert ("di", "erent") in pairs  # three spaces
    assert ("the", "other") not in pairs  # four spaces: a tab stop or layout, not a glyph
    assert ("very", "much") not in pairs  # one space, no word has "very" before a ligature
    assert _gap_pairs(english(), tokens[:1], text) == []


def test_cid_tokens_are_the_token_patterns_runs_that_hold_a_code() -> None:
    """The (cid:N) pass finds its tokens from the codes outwards; they must be
    exactly the runs the token pattern finds that hold a code."""
    import random

    from ocrfix.stages.ligatures import _CID_RE, _CID_TOKEN_RE, _cid_tokens

    found = _cid_tokens("the e(cid:14)cient (cid:12)rst o(cid:11)(cid:11)ce")
    assert found == {"e(cid:14)cient", "(cid:12)rst", "o(cid:11)(cid:11)ce"}
    rnd = random.Random(0)
    pieces = ["a", "é", "(cid:1)", "(cid:12)", "(cid:", ")", " ", "1", "(", ":", "cid", "(cid:123456)", "’", "-", "\n"]
    pieces += ["\x1c", "\x1e"]  # T1 codes written as control characters
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        expected = {m.group() for m in _CID_TOKEN_RE.finditer(text) if _CID_RE.search(m.group())}
        assert _cid_tokens(text) == expected, text


def test_common_among_is_the_common_test_word_by_word() -> None:
    # The answers kept between texts are the ones _common gives, for words
    # seen before and words seen for the first time alike.
    from ocrfix.stages.ligatures import _common, _common_among

    lex = english()
    first = {"the", "of", "influence", "inuence", "zyzzyva", "qwxz", "first"}
    second = {"the", "office", "oce", "rst", "qwxz", "and"}
    for words in (first, second, first | second):
        assert _common_among(lex, words) == {w for w in words if _common(lex, w)}
    assert {"the", "of", "first", "office", "and"} <= _common_among(lex, first | second)
    assert not {"inuence", "oce", "rst", "qwxz"} & _common_among(lex, first | second)


def test_token_keys_expand_ligature_characters_and_curly_apostrophes() -> None:
    from ocrfix.stages.ligatures import _tokens

    toks = _tokens("The ﬁrst eﬀort’s ﬁ-ﬂ oﬃce, x86 and ﬀ.")
    assert [t.key for t in toks] == ["the", "first", "effort's", "fi", "fl", "office", "x", "and", "ff"]
    assert [t.text for t in toks][1:3] == ["ﬁrst", "eﬀort’s"]
    assert [t.prose for t in toks] == [True, True, True, True, True, True, False, True, True]


# Ligature letters kept but set apart by a space ("signifi cant"): extractors
# print them so when the glyph's width is off.
SPLIT_DOC = "The results were signifi cant for the fi nancial sector, as the fi rst fi gure shows. "


@pytest.mark.parametrize(
    ("damaged", "fixed"),
    [
        ("signifi cant", "significant"),  # letters end the first piece
        ("fi nancial", "financial"),  # letters alone, word after
        ("o ffi ce", "office"),  # letters alone between two pieces
        ("speci fi c", "specific"),
        ("e ff ect", "effect"),
        ("sta ff", "staff"),  # letters alone, word before
        ("o ffice", "office"),  # letters begin the second piece
        ("Fi rst", "First"),  # case kept
        ("FI NANCIAL", "FINANCIAL"),
        ("signi \ufb01 cant", "significant"),  # the ligature character, set apart
        ("benefi ts", "benefits"),
        ("con fi gure", "configure"),  # a word before ("con") that the whole is far likelier than
        ("diff erent", "different"),  # the piece with the letters is a word, the other is not
        ("refl ection", "reflection"),
        ("cuff s", "cuffs"),
        ("morti fi cations", "mortifications"),  # a plural of the spelling list
        ("don't fi t", "don't fit"),  # a contraction before
        ("speci fi c fi le", "specific file"),  # the piece before is what the last join left
    ],
)
def test_split_letters_joined(damaged: str, fixed: str) -> None:
    r = lig(SPLIT_DOC + f"They said {damaged} mattered.")
    assert r.text.endswith(f"They said {fixed} mattered.")
    last = [e for e in r.applied if e.start >= len(SPLIT_DOC)]
    assert {e.rule for e in last} == {"ligatures.split"}
    assert " ".join(e.new for e in last) in fixed


@pytest.mark.parametrize(
    "keep",
    [
        "the staff and the first floor of the office",  # words with the letters at an edge
        "he took off ice cream",  # two words, the first ending in the letters
        "see pp. 12 ff. and 4 fl oz of sci fi",  # abbreviations; joined they are no word
        "a hi fi set",  # "hifi" is no word of the spelling list
        "Fi Glover and Flora Fl Smith",  # names
        "in fl ow",  # both readings are words: the word before keeps its own ("in flow")
        "a rise in fl ows",  # a function word before is kept unless joining is far likelier ("in flows")
        "the 'con fi g.h' and 'con fi g.status' files",  # identifiers
        "run 'ldcon fi g' now",  # a fragment would be left beside "fig"
        "of fice and off ice",  # "ffi" is one ligature: no split at "f fi" or "ff i"
    ],
)
def test_split_letters_that_stay(keep: str) -> None:
    out = lig(SPLIT_DOC + keep).text
    assert out.endswith(keep.replace("in fl ow", "in flow"))


def test_one_split_word_is_not_enough_evidence_and_is_not_read_as_a_lost_glyph() -> None:
    # Too few to repair; but "nancial" must not become "financial" after "fi".
    text = DAMAGED + "The fi nancial side."
    r = lig(text)
    assert "The fi nancial side." in r.text
    assert not [e for e in r.applied if "nancial" in e.old]


def test_split_letters_alone_join_to_a_word_the_document_prints_whole() -> None:
    # Not English: the letters standing alone are no word in any language,
    # and the document prints the whole word elsewhere.
    text = "Il faut dé fi nir la règle. On doit définir le cas, puis spéci fi er: spécifier la dose."
    r = lig(text)
    assert r.text == "Il faut définir la règle. On doit définir le cas, puis spécifier: spécifier la dose."
    assert {e.new for e in r.applied} == {"définir", "spécifier"}
    assert all("prints whole" in e.reason for e in r.applied)
    # A piece that could be a word of its own ("fin") is not joined on the
    # document's evidence ("en fin de compte", "enfin").
    keep = "En fin de compte, il vient enfin. En fin de journée, enfin."
    assert lig(keep).text == keep
    # Only the three pieces together: "de fi" is no word because the
    # document holds "defi" (from "defi ne").
    keep = "We defi ne it and defi ne the rest; de fi chier stays."
    assert lig(keep).text == "We define it and define the rest; de fi chier stays."


def test_clean_document_with_split_like_pairs_gets_no_edits() -> None:
    text = (
        "The staff of the office took off ice packs. The first fi of the set is a hi fi unit; "
        "see pp. 4 ff. for the fl oz table."
    )
    assert lig(text).edits == []


def test_fragment_after_a_line_end_hyphen_waits_for_the_join() -> None:
    # The head of the broken word ends a run that lost its spaces: the two
    # pieces make no word with a glyph, so the tail is not judged alone
    # ("ber" is not "fiber"); the second pass reads the joined word.
    text = DAMAGED + "WhentheUnitedStatesrecognizedtheSovietUnioninNovem-\nber 1933, it was late."
    r = ocrfix.clean_text(text)
    assert "fiber" not in r.text
    assert not [e for e in r.applied if e.old == "ber"]


def test_split_names_join_when_they_come_again_in_a_damaged_document() -> None:
    # Neither reading is English: the first piece is no word, the second a
    # rare one, and the same pieces come twice.
    r = lig(SPLIT_DOC + "From Northfi eld to Eastfi eld, then Northfi eld again.")
    assert r.text.endswith("From Northfield to Eastfi eld, then Northfield again.")
    assert all("a name" in e.reason for e in r.applied if e.new == "Northfield")
    # Not counted as evidence of the damage on their own.
    assert lig("Only Northfi eld and Northfi eld here.").applied == []
    # A word before the space stays ("Sufi" is English).
    keep = "The Sufi mystics and the Sufi mystics of old."
    assert lig(SPLIT_DOC + keep).text.endswith(keep)
