"""Reading the search box, in plain Python: kinds of query, terms, cleaning."""

from __future__ import annotations

import pytest

from codes.search.query import MAX_TERMS, Kind, Term, parse
from codes.search.text import MAX_QUERY_CHARS, clean_query


@pytest.mark.parametrize("text", ["q4390", "Q4390", " Q4390 ", "q 4390", "Q4390.", "\tq4390\n"])
def test_an_exact_code_in_any_case_and_spacing(text):
    query = parse(text)
    assert query.kind is Kind.CODE
    assert query.codes == ("Q4390",)


@pytest.mark.parametrize(
    "text, prefix",
    [
        ("E01", "E01"),
        ("e01*", "E01"),
        ("E", "E"),
        ("j9", "J9"),
        ("E0100*", "E0100"),
    ],
)
def test_a_prefix(text, prefix):
    query = parse(text)
    assert query.kind is Kind.PREFIX
    assert query.codes == (prefix,)


def test_a_two_character_prefix_is_also_looked_up_as_a_modifier():
    assert parse("E1").modifiers == ("E1",)


@pytest.mark.parametrize(
    "text",
    [
        "E0100-E0199",
        "E0100 - E0199",
        "e0100-e0199",
        "E0100 to E0199",
        "E0100..E0199",
        "E0199-E0100",
        "E0100-0199",
    ],
)
def test_a_range_within_one_letter(text):
    query = parse(text)
    assert query.kind is Kind.RANGE
    assert query.codes == ("E0100", "E0199")


def test_a_range_across_letters_lists_its_two_ends_and_says_why():
    query = parse("A0021-E1130")
    assert query.kind is Kind.LIST
    assert query.codes == ("A0021", "E1130")
    assert "one letter" in query.notices[0]


@pytest.mark.parametrize("text", ["A0021, E1130 J9271", "a0021;e1130,j9271", "A0021 E1130 J9271"])
def test_a_list_keeps_the_order_given(text):
    query = parse(text)
    assert query.kind is Kind.LIST
    assert query.codes == ("A0021", "E1130", "J9271")


def test_a_list_may_name_modifiers_and_repeats_count_once():
    assert parse("E0100 LT E0100").codes == ("E0100", "LT")


@pytest.mark.parametrize(
    "text, modifiers",
    [
        ("LT", ("LT",)),
        ("rt", ("RT",)),
        ("lt rt", ("LT", "RT")),
    ],
)
def test_two_character_words_are_looked_up_as_modifiers_first(text, modifiers):
    query = parse(text)
    assert query.kind is Kind.WORDS
    assert query.modifiers == modifiers
    assert query.typing_terms == query.terms, "a modifier is not the start of a word"


def test_words_are_folded_and_stop_words_dropped():
    query = parse("Wheelchair CUSHIONS for the Café")
    assert query.terms == (Term(("wheelchair",)), Term(("cushions",)), Term(("cafe",)))


def test_quoted_phrases_and_explicit_prefixes():
    query = parse('"seat cushion" wheel*')
    assert query.terms == (Term(("seat", "cushion")), Term(("wheel",), prefix=True))


def test_the_last_word_is_a_prefix_only_while_typing():
    query = parse("wheelchair cush")
    assert query.terms[-1] == Term(("cush",))
    assert query.typing_terms[-1] == Term(("cush",), prefix=True)
    assert parse("wheelchair 22").typing_terms[-1] == Term(("22",)), "numbers stay whole"


def test_an_unbalanced_quote_is_just_a_character():
    assert parse('"seat cushion').terms == (Term(("seat",)), Term(("cushion",)))


@pytest.mark.parametrize(
    "text",
    [
        'NEAR(wheel chair) AND "x" OR y NOT z ^a -b : c * (d)',
        "'; DROP TABLE x; --",
        "a' OR '1'='1",
        "x & y | !z <-> w :* \\",
        '"""',
        "%_%",
    ],
)
def test_operators_and_quotes_never_survive_into_terms(text):
    for term in parse(text).terms:
        for word in term.words:
            assert word.replace(".", "").isalnum() and word.isascii() and word == word.lower()


def test_a_decimal_number_stays_one_word():
    assert parse("0.5 mg").terms[0] == Term(("0.5",))


def test_only_stop_words_says_so():
    query = parse("the and of")
    assert query.terms == ()
    assert "too common" in query.notices[0]


def test_unsearchable_words_are_left_out_with_a_notice():
    query = parse("wheelchair 日本語 😀")
    assert query.terms == (Term(("wheelchair",)),)
    assert "日本語" in query.notices[0]


def test_fullwidth_letters_are_normalised():
    assert parse("ｗｈｅｅｌｃｈａｉｒ").terms == (Term(("wheelchair",)),)


def test_too_many_words_are_cut():
    query = parse(" ".join(f"word{n}x" for n in range(40)))
    assert len(query.terms) == MAX_TERMS
    assert any("first" in notice for notice in query.notices)


def test_cleaning_drops_nul_and_control_characters():
    assert clean_query("wheel\x00chair\x01 \u200b cush\x7fion\u202e").text == "wheelchair cushion"


def test_a_long_query_is_cut_with_a_message():
    clean = clean_query("wheelchair " * 2000)
    assert clean.cut
    assert len(clean.text) <= MAX_QUERY_CHARS
    assert "22,000 characters" in clean.notices[0]


def test_an_empty_query():
    assert parse("").kind is Kind.EMPTY
    assert parse(None).kind is Kind.EMPTY
    assert parse("  \x00 ").kind is Kind.EMPTY
