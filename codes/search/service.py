"""Running a parsed query against the published codes.

Each kind of query is a read on a queryset of ``HcpcsCode`` that the filters have already
narrowed (``within``), so the pages, typeahead and the API find the same codes:

- a code, a list, a prefix or a range is a plain filter on ``code``, in code order;
- words go to the full-text backend: all words first; if nothing matches, the words with
  misspellings corrected ("Showing results for ...", never a real word: ``real_words``);
  then the codes with most of the words, ranked by how much of the query they cover
  (``partial``; typeahead: any of the words), with the correction offered as "Did you
  mean ...".

Modifiers named by a two-character query (``LT``) come first, before the codes that merely
contain the word.

Before all that, an NDC in any printed form is looked up in the loaded ASP crosswalks, and a
dose after a drug or code ("keytruda 200 mg") is split off and given in the found drug's
billing units. Words also go through the drug and everyday vocabulary
(``codes.search.vocabulary``), after CMS's own text unless the whole query is a curated term.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from codes.models import HcpcsCode
from codes.models.drugs import CrosswalkRow, PaymentLimit
from codes.search import drug_terms, partial, real_words, vocabulary
from codes.search.backends import SearchBackend, backend_for
from codes.search.query import Kind, ParsedQuery, Term, parse
from codes.search.results import LIST_FIELDS, OrderedCodes, SearchResult
from codes.status import ANY_STATUS, CodeStatus

RELEVANCE = "relevance"
CODE_ORDER = "code"
SORTS = (RELEVANCE, CODE_ORDER)
# Corrected versions of a query tried before falling back to any of its words.
MAX_CORRECTION_TRIES = 3
# A known word used by at most this many codes may still be a typo of a common word.
RARE_WORD_DOCUMENTS = 10
# A results page with fewer codes than this also lists the codes with most of the words.
FEW_RESULTS = 5


def default_status(query: ParsedQuery) -> str:
    """Codes a coder names one by one are shown whatever their status (with it), so that a
    terminated code on an old claim is found; everything else lists active codes."""
    return ANY_STATUS if query.names_codes else CodeStatus.ACTIVE.value


def nearby_codes(code: str, *, limit: int = 8, using: str = "default") -> list[HcpcsCode]:
    """Codes that sort next to an unknown code, sharing the longest prefix there is."""
    for size in range(min(len(code), 4), 0, -1):
        near = list(
            HcpcsCode.objects.using(using)
            .filter(code__startswith=code[:size])
            .order_by("code")
            .only(*LIST_FIELDS)[:limit]
        )
        if near:
            return near
    return []


def _terms_text(terms: tuple[Term, ...]) -> str:
    return " ".join(str(term) for term in terms)


def _replace(terms: tuple[Term, ...], old: Term, word: str) -> tuple[Term, ...]:
    return tuple(Term((word,), prefix=t.prefix) if t == old else t for t in terms)


def _corrections(backend: SearchBackend, terms: tuple[Term, ...]):
    """Corrected versions of ``terms`` to try, most likely first, each with whether it
    fixes only unknown words (and so may be offered as "Did you mean").

    First every word the index does not know, replaced by its closest indexed word. Then,
    on top of that, one known but rare word at a time: CMS abbreviates in short
    descriptions, so a typo can be a real word there ("monitr" is in two pacemaker codes)
    and still not be what the coder meant ("glucose monitr").
    """
    known = real_words.protected(getattr(backend, "alias", "default"))
    single = [t for t in terms if not t.is_phrase and not known(t.words[0])]
    counts = backend.document_counts([t.words[0] for t in single])
    typed = backend.known_prefixes(
        [t.words[0] for t in single if t.prefix and t.words[0] not in counts]
    )
    base = terms
    for term in single:
        word = term.words[0]
        if word not in counts and word not in typed and (fix := backend.closest_word(word)):
            base = _replace(base, term, fix)
    if base != terms:
        yield base, True
    rare = sorted(
        (
            t
            for t in single
            if counts.get(t.words[0], RARE_WORD_DOCUMENTS + 1) <= RARE_WORD_DOCUMENTS
        ),
        key=lambda t: counts[t.words[0]],
    )
    for term in rare[:2]:
        if fix := backend.closest_word(term.words[0]):
            yield _replace(base, term, fix), False


def _any_word_terms(*term_sets: tuple[Term, ...]) -> tuple[Term, ...]:
    """Every word of the terms on its own (phrases split), once each."""
    words: dict[Term, None] = {}
    for terms in term_sets:
        for term in terms:
            if term.is_phrase:
                words.update(dict.fromkeys(Term((w,)) for w in term.words))
            else:
                words[term] = None
    return tuple(words)


def _word_search(
    backend: SearchBackend,
    query: ParsedQuery,
    within: QuerySet,
    *,
    by_relevance: bool,
    limit: int | None,
    typing: bool,
    rows: dict[int, HcpcsCode],
    correct: bool = True,
) -> tuple[list[int], dict]:
    if not query.terms:
        return [], {"mode": "none"}
    # A few codes (typeahead): their rows may come with the search that finds them.
    found_rows = rows if limit is not None else None
    options = {"within": within, "by_relevance": by_relevance, "limit": limit, "rows": found_rows}

    def matching(terms: tuple[Term, ...], any_word: bool = False) -> list[int]:
        return backend.matching_ids(terms, any_word=any_word, **options)

    # Whole words first on a results page; typeahead reads the last word as half-typed.
    attempts = [query.typing_terms] if typing else [query.terms, query.typing_terms]
    described: list[int] = []
    found_terms = query.terms
    for terms in dict.fromkeys(attempts):
        described = matching(terms)
        if described:
            found_terms = terms
            break
    # Then drug names, CMS's index and synonyms (which may rank first: see vocabulary).
    words = vocabulary.query_words(query.terms)
    extra, via, first = vocabulary.search(
        backend,
        words,
        within,
        by_relevance=by_relevance,
        limit=limit,
        typing=typing,
        found=len(described),
        rows=found_rows,
    )
    if described or extra:
        ids, via = vocabulary.merge(described, extra, via, first=first, limit=limit)
        if len(ids) < FEW_RESULTS and not typing and len(query.terms) > 1:
            ids, via = _filled_up(backend, query, words, within, ids, via, limit)
        if (extra or len(ids) > len(described)) and not by_relevance:
            # Sorted by code: the vocabulary's finds and the partial matches too.
            ordered = within.filter(pk__in=ids).order_by("code").values_list("pk", flat=True)
            ids = list(ordered)
        return ids, {"mode": "words", "terms": found_terms, "via": via}
    if correct and (fixed := vocabulary.corrected_words(backend, words)):
        ids, via, _ = vocabulary.search(
            backend,
            fixed,
            within,
            by_relevance=by_relevance,
            limit=limit,
            typing=typing,
            rows=found_rows,
        )
        if ids:
            corrected = " ".join(fixed)
            return ids, {"mode": "corrected", "corrected": corrected, "via": via}
    terms = query.typing_terms
    first_fix = None
    for tries, (fixed, only_unknown) in enumerate(_corrections(backend, terms) if correct else ()):
        if only_unknown:
            first_fix = fixed
        ids = matching(fixed)
        if ids:
            return ids, {"mode": "corrected", "corrected": _terms_text(fixed), "terms": fixed}
        if tries + 1 >= MAX_CORRECTION_TRIES:
            break
    did_you_mean = _terms_text(first_fix) if first_fix else None
    alternatives = _any_word_terms(terms, first_fix or ())
    if len(alternatives) > 1 and typing:
        # Typeahead keeps to one query: the engine's rank of any of the words.
        ids = matching(alternatives, any_word=True)
        if ids:
            return ids, {"mode": "any-word", "did_you_mean": did_you_mean, "terms": alternatives}
    elif len(alternatives) > 1:
        # Ranked by how much of the query each code covers (codes.search.partial).
        lex = drug_terms.terms().lexicon(within.db)
        found_concepts = partial.concepts(backend, first_fix or query.terms, lex)
        ids, via, coverage = partial.ranked(backend, found_concepts, within, limit=limit)
        if not by_relevance:
            ordered = within.filter(pk__in=ids).order_by("code").values_list("pk", flat=True)
            ids = list(ordered)
        if ids:
            found = {"mode": "any-word", "did_you_mean": did_you_mean, "terms": alternatives}
            return ids, {**found, "via": via, "coverage": coverage[ids[0]]}
    return [], {"mode": "none", "did_you_mean": did_you_mean}


def _filled_up(
    backend: SearchBackend,
    query: ParsedQuery,
    words: tuple[str, ...],
    within: QuerySet,
    ids: list[int],
    via: dict[int, str],
    limit: int | None,
) -> tuple[list[int], dict[int, str]]:
    """A page of fewer than ``FEW_RESULTS`` codes for a query in everyday words (one with a
    curated term), with the codes that have most of its words after them: a lay query
    whose every word one code happens to have ("breathing treatment machine": one IPPB
    machine) otherwise hides the family it meant. A query in CMS's own words that finds
    few codes found what it asked for. Each added code says which words it has."""
    lex = drug_terms.terms().lexicon(within.db)
    if not lex.expansions(words):
        return ids, via
    found_concepts = partial.concepts(backend, query.terms, lex)
    more, more_via, _ = partial.ranked(
        backend, found_concepts, within, leave_out=set(ids), limit=limit
    )
    if not more:
        return ids, via
    ids = ids + more
    return (ids if limit is None else ids[:limit]), {**more_via, **via}


def _starting_with(queryset: QuerySet, prefix: str) -> QuerySet:
    """Codes starting with ``prefix``, as a range of the code index: ``LIKE 'E01%'`` reads
    every row on PostgreSQL (a collation-aware index cannot serve LIKE) and on SQLite
    (LIKE ignores case there). Codes are a letter and digits, so the first string after
    every 'E09...' is 'E0A' and after every 'E...' is 'F'."""
    last = prefix[-1]
    if last == "Z":
        return queryset.filter(code__gte=prefix)
    after = prefix[:-1] + ("A" if last == "9" else chr(ord(last) + 1))
    return queryset.filter(code__gte=prefix, code__lt=after)


def _ordered(queryset: QuerySet, limit: int | None) -> QuerySet:
    queryset = queryset.order_by("code").only(*LIST_FIELDS)
    return queryset if limit is None else queryset[:limit]


def _with_modifiers_first(
    modifiers: list[HcpcsCode],
    rest: list[int],
    limit: int | None,
    using: str,
    via: dict[int, str] | None = None,
    rows: dict[int, HcpcsCode] | None = None,
) -> OrderedCodes:
    first = [m.pk for m in modifiers]
    ids = first + [pk for pk in rest if pk not in set(first)]
    rows = {**(rows or {}), **{m.pk: m for m in modifiers}}
    return OrderedCodes(ids if limit is None else ids[:limit], using=using, via=via, rows=rows)


def _ndc_search(query: ParsedQuery, within: QuerySet, limit: int | None) -> SearchResult:
    """The codes an NDC is billed with, newest crosswalk first; "no product" otherwise."""
    using = within.db
    candidates = drug_terms.terms().ndc_candidates(query.text)
    rows = (
        CrosswalkRow.objects.using(using)
        .published()
        .filter(ndc__in=candidates)
        .order_by("-asp_file__starts", "code")
        .values_list("code", "ndc", "drug_name")
    )
    via: dict[str, str] = {}
    ndc_by_code: dict[str, str] = {}
    found_ndcs: list[str] = []
    for code, number, name in rows:
        via.setdefault(code, f"NDC {number}: {name}")
        ndc_by_code.setdefault(code, number)
        found_ndcs.append(number)
    pks = dict(within.filter(code__in=list(via)).values_list("code", "pk"))
    ids = [pks[code] for code in via if code in pks]
    notices = list(query.notices)
    if not via:
        shown = " or ".join(candidates) if candidates else query.text
        notices.append(
            f"No product with NDC {shown} is in the loaded ASP crosswalks: CMS lists the NDCs "
            "of Part B drugs only. Check the digits on the package."
        )
    elif not ids:
        notices.append(
            f"NDC {found_ndcs[0]} is billed with {', '.join(via)}, which the filters leave "
            "out (a code no longer active shows with the status filter set to all)."
        )
    exact = None
    if len(ids) == 1:
        exact = HcpcsCode.objects.using(using).only(*LIST_FIELDS).get(pk=ids[0])
    by_pk = {pks[code]: how for code, how in via.items() if code in pks}
    return SearchResult(
        query,
        OrderedCodes(ids if limit is None else ids[:limit], using=using, via=by_pk),
        "ndc",
        exact=exact,
        notices=notices,
        via=by_pk,
        ndcs=list(dict.fromkeys(found_ndcs or candidates)),
        ndc_by_code=ndc_by_code,
    )


# Codes a dose is worked out for, from the top of the results.
DOSE_CODES = 3


def _with_dose(result: SearchResult, amount: Any, using: str) -> SearchResult | None:
    """Each top code's billing units for the dose, from its CMS billing unit (the newest
    payment limit file's dosage, else the crosswalk's); None when no top code is a drug
    with a billing unit ("syringe 3 cc" is a syringe's size, not a dose)."""
    codes = [code.code for code in list(result.codes)[:DOSE_CODES]]
    dosages: dict[str, str] = {}
    for model in (CrosswalkRow, PaymentLimit):  # the payment limit file's unit wins
        rows = model.objects.using(using).filter(
            code__in=codes, asp_file__status="published"
        )  # oldest quarter first, so the newest one's unit is kept
        dosages |= dict(rows.order_by("asp_file__starts").values_list("code", "dosage"))
    if not dosages:
        return None
    result.billing = [
        drug_terms.terms().billing_units(code, amount, dosages[code])
        for code in codes
        if code in dosages
    ]
    result.notices.extend(billing.message for billing in result.billing)
    return result


def search_codes(
    query: ParsedQuery,
    *,
    within: QuerySet,
    sort: str = RELEVANCE,
    limit: int | None = None,
    typing: bool = False,
    correct: bool = True,
) -> SearchResult:
    """The codes of ``within`` that ``query`` asks for, in order.

    ``within`` is the queryset the filters allow; ``limit`` caps the number of codes (for
    typeahead) so that only that many are ranked and read; ``typing`` says the query is
    still being typed, so its last word is a prefix from the start; ``correct=False`` takes
    the words as typed, never correcting them ("search instead for ...").
    """
    using = within.db
    if query.kind is not Kind.EMPTY and drug_terms.terms().looks_like_ndc(query.text):
        return _ndc_search(query, within, limit)
    if query.kind is Kind.WORDS:
        rest, amount = drug_terms.terms().split_dose(query.text)
        if amount is not None:
            inner = parse(rest)
            result = search_codes(
                inner, within=within, sort=sort, limit=limit, typing=typing, correct=correct
            )
            result.query = query
            if dosed := _with_dose(result, amount, using):
                return dosed
    notices = list(query.notices)
    modifiers: list[HcpcsCode] = []
    if query.modifiers:
        modifiers = list(
            within.modifiers().filter(code__in=query.modifiers).order_by("code").only(*LIST_FIELDS)
        )

    if query.kind is Kind.EMPTY:
        return SearchResult(query, _ordered(within, limit), "browse", notices=notices)

    if query.kind is Kind.CODE:
        code = query.codes[0]
        exact = HcpcsCode.objects.using(using).filter(code=code).only(*LIST_FIELDS).first()
        if exact is None:
            notices.append(f"There is no code {code}.")
        return SearchResult(
            query, _ordered(within.filter(code=code), limit), "code", exact=exact, notices=notices
        )

    if query.kind is Kind.LIST:
        found = set(
            HcpcsCode.objects.using(using)
            .filter(code__in=query.codes)
            .values_list("code", flat=True)
        )
        missing = [code for code in query.codes if code not in found]
        if missing:
            notices.append("Not found: " + ", ".join(missing) + ".")
        return SearchResult(
            query,
            _ordered(within.filter(code__in=query.codes), limit),
            "list",
            missing=missing,
            notices=notices,
        )

    if query.kind in {Kind.PREFIX, Kind.RANGE}:
        procedures = within.procedures()
        if query.kind is Kind.PREFIX:
            codes = _starting_with(procedures, query.codes[0])
        else:
            codes = procedures.filter(code__gte=query.codes[0], code__lte=query.codes[1])
        mode = query.kind.value
        if modifiers:
            rest = list(_ordered(codes, limit).values_list("pk", flat=True))
            return SearchResult(
                query,
                _with_modifiers_first(modifiers, rest, limit, using),
                mode,
                modifiers=modifiers,
                notices=notices,
            )
        return SearchResult(query, _ordered(codes, limit), mode, notices=notices)

    backend = backend_for(using)
    rows: dict[int, HcpcsCode] = {}
    ids, found = _word_search(
        backend,
        query,
        within,
        by_relevance=sort != CODE_ORDER,
        limit=limit,
        typing=typing,
        rows=rows,
        correct=correct,
    )
    codes = _with_modifiers_first(modifiers, ids, limit, using, found.get("via"), rows)
    mode = found.pop("mode")
    if modifiers and mode == "none":
        mode = "modifier"
    return SearchResult(query, codes, mode, modifiers=modifiers, notices=notices, **found)
