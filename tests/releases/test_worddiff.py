"""Word-level redlines: only changed words are struck or inserted, and text is escaped."""

from codes.releases.worddiff import changed_words, field_redline, redline


def test_appended_words_only():
    assert str(redline("a b c", "a b c d e")) == "a b c<ins> d e</ins>"


def test_replaced_word_and_punctuation():
    html = str(redline("Injection, abc, 1 mg", "Injection, abcd, 1 mg"))
    assert html == "Injection, <del>abc</del><ins>abcd</ins>, 1 mg"
    assert changed_words("Injection, abc, 1 mg", "Injection, abcd, 1 mg") == (1, 1)


def test_text_is_escaped():
    html = str(redline("<b>x</b>", "<b>y</b>"))
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_only_descriptions_get_a_redline():
    assert field_redline("price1", "11", "13") is None
    assert field_redline("long_description", "", "new text") is None
    assert field_redline("short_description", "a", "b") is not None


def test_change_in_the_middle_and_identical_texts():
    assert str(redline("a b c d", "a x c d")) == "a <del>b</del><ins>x</ins> c d"
    assert str(redline("same text", "same text")) == "same text"
    assert str(redline("a", "b a")) == "<ins>b </ins>a"
    assert changed_words("one two three", "one three") == (1, 0)
