"""Marking matches in descriptions: escape first, then mark."""

from __future__ import annotations

from codes.search.highlight import highlighter
from codes.search.query import Term, parse


def test_marks_words_and_their_plurals():
    mark = highlighter(parse("wheelchairs cushion").terms)
    assert mark("Wheelchair seat cushions, powered") == (
        "<mark>Wheelchair</mark> seat <mark>cushions</mark>, powered"
    )


def test_marks_the_start_of_a_half_typed_word():
    mark = highlighter(parse("wheelchair cush").typing_terms)
    assert mark("Positioning wheelchair back cushion") == (
        "Positioning <mark>wheelchair</mark> back <mark>cushion</mark>"
    )


def test_escapes_the_text_before_marking():
    mark = highlighter((Term(("script",)),))
    html = mark('<script>alert("x")</script> & script')
    assert "<script>" not in html
    assert html == (
        "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; "
        "&amp; <mark>script</mark>"
    )


def test_a_query_cannot_inject_markup():
    mark = highlighter(parse('<img src=x onerror=alert(1)> "><b>').terms)
    html = mark("An img tag <img src=x onerror=alert(1)>")
    assert "<img" not in html and "<b>" not in html


def test_nothing_to_mark_still_escapes():
    assert highlighter(())("a < b") == "a &lt; b"
