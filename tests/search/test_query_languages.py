"""The FTS5 MATCH and tsquery strings are built from parsed terms only (plain Python)."""

from __future__ import annotations

import re

import pytest

from codes.search.backends.postgres import near_tsquery, tsquery_sql, tsquery_term
from codes.search.backends.sqlite import fts5_match
from codes.search.query import Term, parse
from tests.search.hostile_inputs import HOSTILE_QUERIES

# Outside quoted strings, only our own operators may appear.
FTS5_SYNTAX = re.compile(r'^(?:"[a-z0-9. ]*"\*?|\(|\)|AND|OR|NEAR|,|\d+|\s)*$')
TSQUERY_SYNTAX = re.compile(r"^(?:'[a-z0-9.]*'(?::\*)?|[()&|]|<\d+>|<->|\s)*$")


def test_fts5_words_are_quoted_and_joined_by_our_operators():
    terms = parse('wheelchair "seat cushion" cush*').terms
    assert fts5_match(terms) == '"wheelchair" AND "seat cushion" AND "cush"*'
    assert fts5_match(terms, any_word=True) == '"wheelchair" OR "seat cushion" OR "cush"*'


def test_fts5_completes_a_prefix_and_ranks_words_found_together():
    terms = (Term(("wheelchair",)), Term(("cush",), prefix=True))
    match = fts5_match(terms, completions={"cush": ["cushion", "cushioned"]})
    assert match == (
        '("wheelchair" AND ("cushion" OR "cushioned")) OR NEAR("wheelchair" "cush"*, 1)'
    )


def test_tsquery_terms_are_quoted_lexemes():
    assert tsquery_term(Term(("seat", "cushion"))) == "('seat' <-> 'cushion')"
    assert tsquery_term(Term(("cush",), prefix=True)) == "'cush':*"
    assert near_tsquery(Term(("a1", "b2"))) == "('a1' <1> 'b2' | 'a1' <2> 'b2')"


def test_a_tsquery_prefix_is_stemmed_word_or_unstemmed_start():
    sql, params = tsquery_sql((Term(("tens",), prefix=True),))
    assert sql == "((to_tsquery('english', %s) || to_tsquery('simple', %s)))"
    assert params == ["'tens'", "'tens':*"]


@pytest.mark.parametrize("text", HOSTILE_QUERIES, ids=lambda t: repr(t[:30]))
def test_hostile_text_never_becomes_query_syntax(text):
    query = parse(text)
    for terms in (query.terms, query.typing_terms):
        if not terms:
            continue
        for any_word in (False, True):
            assert FTS5_SYNTAX.match(fts5_match(terms, any_word=any_word))
            _, params = tsquery_sql(terms, any_word=any_word)
            assert all(TSQUERY_SYNTAX.match(param) for param in params)
