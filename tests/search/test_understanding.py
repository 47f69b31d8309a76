"""How people ask (issue 17): partial matches ranked by coverage, a corrector that leaves
real words alone, abbreviations from CMS's text and a reviewed list, modifier meanings."""

from __future__ import annotations

import json

import pytest

from codes.drugs import lexicon
from codes.search import abbreviations, partial
from codes.search.backends import backend_for
from codes.search.query import parse
from codes.search.real_words import is_english
from tests.search.conftest import codes, run_search

# --- Abbreviations CMS defines in its own text (plain Python) -------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Transcutaneous electrical nerve stimulation (TENS) device, two lead",
            [("tens", "transcutaneous electrical nerve stimulation")],
        ),
        (
            "Supply allowance for non-implanted continuous glucose monitor (cgm)",
            [("cgm", "continuous glucose monitor")],
        ),
        # Words an abbreviation leaves out ("and", "of") may stay in its meaning.
        (
            "Preadmission screening and resident review (pasrr) level ii",
            [("pasrr", "preadmission screening and resident review")],
        ),
        ("Intermittent urinary catheter; coude (curved)", []),  # a gloss, not an abbreviation
        ("Tubing (oxygen), per foot", []),
    ],
)
def test_abbreviations_are_found_where_cms_defines_them(text, found):
    assert abbreviations.defined_in(text) == found


def test_the_reviewed_list_is_long_and_gives_a_source_for_each():
    reviewed = abbreviations.reviewed()
    assert len(reviewed) >= 200
    assert all(entry.source and entry.means for entry in reviewed.values())
    assert {"abn", "afo", "dme", "im", "iv", "sc", "ippe", "awv", "cgm", "npwt"} <= set(reviewed)


@pytest.mark.usefixtures("bundled")
def test_every_reviewed_meaning_finds_a_code_of_the_bundled_releases():
    from codes.models import HcpcsCode
    from codes.search.query import Term

    backend = backend_for("default")
    lost = []
    for entry in abbreviations.reviewed().values():
        for meaning in entry.means:
            terms = tuple(Term((word,)) for word in lexicon.words(meaning))
            if not backend.matching_ids(terms, within=HcpcsCode.objects.all(), limit=1):
                lost.append((entry.term, meaning))
    assert not lost


@pytest.mark.usefixtures("bundled")
def test_the_lexicon_knows_mined_and_reviewed_abbreviations():
    lex = lexicon.current()
    assert lex.synonyms[("pasrr",)][1] == [
        ("preadmission", "screening", "and", "resident", "review")
    ]
    assert lex.synonyms[("cpap",)][1] == [("positive", "airway", "pressure")]  # reviewed wins
    assert ("gap",) not in lex.synonyms  # mined, but a common English word
    assert lex.synonyms[("afo",)][0] == "afo"  # the curated synonym wins over the list's


# --- The corrector leaves real words alone ---------------------------------------------


def test_real_words_are_told_from_typos():
    assert is_english("pessary") and is_english("rental") and is_english("discarded")
    assert not is_english("monitr") and not is_english("wheelchiar")


def test_a_misspelling_common_on_the_web_is_a_typo_but_a_short_rare_word_is_not():
    # wordfreq counts "matress" (web text misspells "mattress", 80 times as common)...
    assert not is_english("matress") and is_english("mattress")
    # ...but short rare words have common neighbours by chance: "qid" (aid), "ileal" (ideal).
    assert is_english("qid") and is_english("ileal")


@pytest.mark.usefixtures("bundled")
def test_a_common_web_misspelling_is_corrected():
    result = run_search("air matress")
    assert result.mode == "corrected" and result.corrected == "air mattress"
    assert "E0186" in codes("air matress", limit=3)


@pytest.mark.usefixtures("bundled")
def test_an_abbreviation_is_not_corrected_to_a_nearby_word():
    result = run_search("hhabn")  # the home health ABN; "habe"... are index words nearby
    assert result.mode != "corrected"
    assert run_search("glucose monitr").corrected == "glucose monitor"  # a typo still is


@pytest.mark.usefixtures("bundled")
def test_showing_results_for_offers_the_words_as_typed(client):
    page = client.get("/codes/", {"q": "wheelchiar cushion"}).content.decode()
    assert "Showing results for" in page and "search instead for" in page
    assert "spell=off" in page
    typed = client.get("/codes/", {"q": "wheelchiar cushion", "spell": "off"}).content.decode()
    assert "Showing results for" not in typed


# --- Ranked partial matching ---------------------------------------------------------


@pytest.mark.usefixtures("bundled")
def test_a_code_with_the_rare_words_outranks_one_with_a_common_word():
    # No code has both; J1885 (and J1097, an irrigation with ketorolac) have the drug,
    # hundreds of codes have "intravenous".
    result = run_search("ketorolac intravenous")
    assert result.mode == "any-word"
    assert "J1885" in codes("ketorolac intravenous", limit=2)
    assert result.coverage.has == ("ketorolac",) and result.coverage.lacks == ("intravenous",)


@pytest.mark.usefixtures("bundled")
def test_the_page_says_which_words_the_results_have(client):
    page = client.get("/codes/", {"q": "ketorolac intravenous"}).content.decode()
    assert "No code has all of" in page
    assert "the first has “ketorolac” but not “intravenous”" in page
    assert "Found through some of your words" in page


@pytest.mark.usefixtures("bundled")
def test_a_synonym_for_part_of_the_query_counts_like_its_words():
    backend = backend_for("default")
    found = partial.concepts(backend, parse("bedside toilet padded seat").terms, lexicon.current())
    toilet = next(c for c in found if c.words == ("bedside", "toilet"))
    assert len(toilet.ways) == 2  # the words, and "commode chair"
    assert [c.words for c in found][1:] == [("padded",), ("seat",)]
    assert set(codes("bedside toilet padded seat", limit=5)) & {"E0165", "E0170", "E0171"}


@pytest.mark.usefixtures("bundled")
def test_a_term_with_words_the_parser_drops_is_found_without_them():
    # "in" and "the" are stop words, so the query is "shot joint": the term still fires.
    first = run_search("shot in the joint").codes[0]
    assert first.code.startswith("J73") and first.found_via.startswith("“shot in the joint”")
    terms = lexicon.current().synonyms
    assert terms[("shot", "joint")][0] == "shot in the joint"
    # Not when a negation was dropped ("no waste" is not "waste"), nor when two terms read
    # the same ("above knee prosthesis", "below knee prosthesis").
    assert ("waste",) not in terms and ("knee", "prosthesis") not in terms
    assert not any(
        "below knee" in (code.found_via or "")
        for code in run_search("above knee prosthesis").codes[:10]
    )


@pytest.mark.usefixtures("bundled")
def test_a_term_within_another_terms_meaning_goes_without_saying():
    # A brace is an orthosis, and "lso" means lumbar sacral orthosis: CMS writes "Lso,
    # flexible, ..." without "orthosis", so "lso brace" is searched as "lso" first.
    first = lexicon.current().expansions(("lso", "brace"))[0]
    assert first.words == ("lso",) and first.how == "“brace” is in what “lso” means"
    found = run_search("lso brace").codes[:5]
    assert all(code.code.startswith("L0") for code in found)
    assert all(code.short_description.lower().startswith("lso") for code in found)
    # Neither term holds the other's meaning: both stay ("knee brace" is one term).
    assert all(len(e.words) > 1 for e in lexicon.current().expansions(("tens", "brace")))
    # Of two terms that mean the same, one stays: never an expansion without words.
    same = lexicon.current().expansions(("bipap", "bpap"))
    assert same[0].words == ("bpap",) and all(e.words for e in same)
    assert run_search("bipap bpap", typing=True).codes[0].code.startswith("E04")


@pytest.mark.usefixtures("bundled")
def test_a_long_description_that_names_the_words_in_passing_ranks_below_short_ones():
    # G0556-G0558 (advanced primary care management) mention skilled nursing facilities
    # among much else; on PostgreSQL ts_rank counted every mention until its rank was
    # normalised by the document's length, as SQLite's bm25 is.
    top = codes("skilled nursing facility", limit=5)
    assert top[0] == "G4033" and not {"G0556", "G0557", "G0558"} & set(top)


@pytest.mark.usefixtures("bundled")
def test_a_meaning_with_the_other_words_comes_before_a_meaning_alone():
    # "unlisted" means unclassified, miscellaneous or not otherwise classified: only J9999
    # ("Chemotherapy drug", not otherwise classified) has a meaning and the other words, so
    # the codes that have a meaning alone ("Unclassified biologics") are not shown.
    found = run_search("chemotherapy drug unlisted").codes
    assert found[0].code == "J9999"
    # A page of so few codes goes on with codes that have some of the words, and says so.
    assert all(code.found_via.startswith("some of your words") for code in found[1:])
    assert codes("unlisted dme", limit=1) == ["E1399"]


@pytest.mark.usefixtures("bundled")
def test_a_term_is_found_whatever_the_order_of_its_words():
    lex = lexicon.current()
    # "bed sore mattress" is a curated term: its words are brought together.
    assert lex.gathered(("mattress", "bed", "sores")) == ("bed", "sores", "mattress")
    assert lex.is_known_phrase(("mattress", "bed", "sores"))
    # A term in place keeps its words ("breathing treatment"), even where another term's
    # words ("breathing machine") could be gathered across it.
    assert lex.gathered(("breathing", "treatment", "machine")) == (
        "breathing",
        "treatment",
        "machine",
    )
    assert lex.gathered(("wheelchair", "cushion")) == ("wheelchair", "cushion")
    # Pressure-reducing mattresses, overlays and pads, not every mattress (E0271, E0272).
    pressure = {"E0181", "E0184", "E0185", "E0186", "E0187", "E0196", "E0197", "E0198"}
    pressure |= {"E0199", "E0277", "E0371", "E0372", "E0373"}
    assert set(codes("mattress for bed sores", limit=5)) <= pressure


@pytest.mark.usefixtures("bundled")
def test_a_lay_query_that_finds_few_codes_goes_on_with_partial_matches():
    # One IPPB machine has every word of "breathing treatment machine" once the synonym
    # is read (nebulization, machine); the nebulizers it meant have all but "machine".
    found = run_search("breathing treatment machine").codes[:5]
    assert found[0].code == "E0500"
    assert {"E0570", "E0575", "E0585"} & {code.code for code in found[1:]}
    assert found[1].found_via == "some of your words: “breathing treatment” (not “machine”)"
    # A query in CMS's own words that finds one code found what it asked for.
    assert codes("continuous glucose monitor supply allowance", status="terminated") == ["K0553"]


@pytest.mark.usefixtures("bundled")
def test_partial_matching_keeps_to_the_filters():
    assert "J1885" not in codes("ketorolac intravenous", status="terminated")


# --- Modifiers by their meaning ------------------------------------------------------


@pytest.mark.usefixtures("bundled")
@pytest.mark.parametrize(
    ("query", "modifier"),
    [("rental", "RR"), ("drug wasted", "JW"), ("used equipment", "UE"), ("abn on file", "GX")],
)
def test_a_modifier_is_found_by_its_meaning(query, modifier):
    assert modifier in codes(query, limit=5)


def test_the_bundled_abbreviation_file_is_valid_json_with_sources():
    document = json.loads(abbreviations.REVIEWED_FILE.read_text(encoding="utf-8"))
    assert all({"term", "means", "source"} <= set(entry) for entry in document["entries"])


# --- SQLite does not stem short acronyms away ---------------------------------------


@pytest.mark.usefixtures("bundled")
@pytest.mark.parametrize("acronym", ["aed", "bls"])
def test_a_short_acronym_finds_only_codes_that_have_it(acronym):
    """Porter would read 'aed' as 'a' and 'bls' as 'bl' (PostgreSQL's stemmer keeps them);
    every code found must have the acronym itself, as it does on PostgreSQL."""
    import re

    found = run_search(acronym).codes
    assert 0 < len(found) < 40
    texts = [f"{c.short_description} {c.long_description}" for c in found[:40]]
    direct = [t for t in texts if re.search(rf"\b{acronym}s?\b", t, re.IGNORECASE)]
    assert len(direct) >= len(texts) - 10  # the rest come through the acronym's meaning
