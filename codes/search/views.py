"""Public search pages: the home page, results, browse by section, and typeahead JSON."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from codes.models import HcpcsCode, Release
from codes.search import CODE_ORDER, RELEVANCE, SORTS, Kind, default_status, parse, search_codes
from codes.search.display import result_rows
from codes.search.filter_form import filter_controls
from codes.search.filters import CodeFilterSet
from codes.search.sections import SECTIONS
from codes.search.service import nearby_codes
from codes.search.text import clean_query
from codes.search.typeahead import InvalidFilters, typeahead
from codes.status import CodeStatus

PAGE_SIZE = 25
SECTION_PAGE_SIZE = 100
EXAMPLES = [
    "wheelchair cushion",
    "Q4390",
    "E01",
    "E0100-E0199",
    "pembrolizumab",
    "glucose monitor",
    "LT",
    "A0021, E1130, J9271",
]
# Parameters that are not filters: they stay in links but do not count as narrowing.
NOT_FILTERS = {"q", "sort", "page", "status", "on", "spell"}
# ``spell=off`` searches for the words as typed ("search instead for ..."), uncorrected.
SPELLING_OFF = "off"


def _shown(value: str | None, length: int = 40) -> str:
    """A parameter value fit to quote back in a notice: visible characters, not too long."""
    return clean_query(value).text[:length]


def _filtered(params: QueryDict, queryset) -> tuple[CodeFilterSet, QueryDict, list[str]]:
    """The FilterSet for ``params``; invalid values are dropped from the parameters (so
    links do not repeat them) with a notice saying which and why."""
    filterset = CodeFilterSet(params, queryset=queryset)
    if filterset.is_valid():
        return filterset, params, []
    notices = []
    kept = params.copy()
    for name, keys in filterset.invalid_params().items():
        shown = " ".join(f"“{_shown(params.get(key))}”" for key in keys if params.get(key))
        reason = clean_query(" ".join(filterset.errors[name])).text  # quotes the value
        notices.append(
            f"Ignored the {filterset.form.fields[name].label.lower()} filter {shown}: {reason}"
        )
        for key in keys:
            kept.pop(key, None)
    return CodeFilterSet(kept, queryset=queryset), kept, notices


def _sort(params: QueryDict, query) -> tuple[str, list[str]]:
    if query.kind is not Kind.WORDS:
        return CODE_ORDER, []
    value = params.get("sort") or RELEVANCE
    if value in SORTS:
        return value, []
    return RELEVANCE, [f"Ignored the sort order “{_shown(value)}”; sorted by relevance."]


def _page(paginator: Paginator, value: str | None):
    page = paginator.get_page(value)
    if value not in (None, "", str(page.number)):
        return page, [f"There is no page “{_shown(value, 20)}”; showing page {page.number}."]
    return page, []


def _narrowed(params: QueryDict, query) -> bool:
    """Whether the filters narrow the search beyond its defaults."""
    status = params.get("status")
    if status and status != default_status(query):
        return True
    return any(value for key, value in params.items() if key not in NOT_FILTERS)


def _with_ndc(url: str, result, code: str) -> str:
    """A code's page address, carrying the NDC the search found it by (``?ndc=``)."""
    ndc = result.ndc_by_code.get(code)
    return f"{url}?{urlencode({'ndc': ndc})}" if ndc else url


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = parse(request.GET.get("q"))
    filterset, params, notices = _filtered(request.GET, HcpcsCode.objects.all())
    sort, sort_notices = _sort(params, query)
    correct = request.GET.get("spell") != SPELLING_OFF
    result = search_codes(query, within=filterset.qs, sort=sort, correct=correct)
    if (query.kind is Kind.CODE or result.mode == "ndc") and result.exact is not None:
        # A code, or an NDC of one code (whose page then says which NDC matched).
        return redirect(_with_ndc(result.exact.get_absolute_url(), result, result.exact.code))
    if len(result.modifiers) == 1 and len(result.codes) == 1:
        # A modifier and nothing else: go to it, as for a code. When the word is also in
        # descriptions ('LT'), the page lists the modifier first and the codes after.
        return redirect(result.modifiers[0].get_absolute_url())

    params = params.copy()
    if query.text:
        params["q"] = query.text  # links repeat the query as it was read (cut, cleaned)
    params.pop("page", None)
    if sort_notices:
        params.pop("sort", None)
    paginator = Paginator(result.codes, PAGE_SIZE)
    page, page_notices = _page(paginator, request.GET.get("page"))
    day = filterset.status_day
    rows = result_rows(page.object_list, terms=result.terms, day=day)
    if result.ndc_by_code:
        rows = [replace(row, url=_with_ndc(row.url, result, row.code)) for row in rows]
    narrowed = _narrowed(params, query)
    context = {
        "query": query,
        "result": result,
        "rows": rows,
        "page": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "count": paginator.count,
        "params": params,
        "filterset": filterset,
        "filter_controls": filter_controls(
            filterset.form, version=getattr(request, "content_version", None)
        ),
        "sort": sort,
        "sortable": query.kind is Kind.WORDS,
        "status_day": day,
        "notices": [*result.notices, *notices, *sort_notices, *page_notices],
        "narrowed": narrowed,
        "near": nearby_codes(query.codes[0]) if query.kind is Kind.CODE and not rows else [],
        "unfiltered_url": "?" + urlencode({"q": query.text}),
        "examples": EXAMPLES,
        "sections": SECTIONS,
    }
    return render(request, "codes/search.html", context)


@require_safe
def autocomplete(request: HttpRequest) -> JsonResponse:
    """Typeahead suggestions for the search box: at most eight codes, best first; a bad
    filter value is a 400 with the errors by filter (see ``typeahead``)."""
    try:
        return JsonResponse(typeahead(request.GET))
    except InvalidFilters as exc:
        return JsonResponse(exc.errors, status=400)


def _section_counts(day) -> dict[str, int]:
    """Active procedure codes per section letter, cached until the next release."""
    latest = Release.objects.latest_published()
    key = f"codes:section-counts:{latest.pk if latest else 0}:{day}"
    counts = cache.get(key)
    if counts is None:
        rows = (
            HcpcsCode.objects.procedures()
            .with_status(CodeStatus.ACTIVE, on=day)
            .annotate(letter=Substr("code", 1, 1))
            .values("letter")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts = {row["letter"]: row["n"] for row in rows}
        cache.set(key, counts, 3600)
    return counts


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    day = timezone.localdate()
    counts = _section_counts(day)
    latest = Release.objects.in_force_on(day)
    summary = latest.summary if latest else {}
    context = {
        "sections": [(letter, name, counts.get(letter, 0)) for letter, name in SECTIONS.items()],
        "latest": latest,
        "changes": [
            (label, summary.get(key, 0))
            for key, label in [
                ("added", "added"),
                ("changed", "changed"),
                ("terminated", "terminated"),
                ("reactivated", "reactivated"),
                ("removed", "no longer in the file"),
            ]
            if summary.get(key)
        ],
        "examples": EXAMPLES,
        "total": sum(counts.values()),
        "today": day,
    }
    return render(request, "codes/home.html", context)


@require_safe
def section(request: HttpRequest, letter: str) -> HttpResponse:
    letter = letter.upper()
    if letter not in SECTIONS:
        raise Http404("No such section")
    filterset, params, notices = _filtered(request.GET, HcpcsCode.objects.in_section(letter))
    codes = filterset.qs.order_by("code").only(
        "id",
        "code",
        "recid",
        "short_description",
        "long_description",
        "term_dt",
        "add_dt",
        "action_cd",
        "act_eff_dt",
        "listed",
        "lives",
        "price1",
        "price2",
        "price3",
        "price4",
        "cov",
    )
    paginator = Paginator(codes, SECTION_PAGE_SIZE)
    page, page_notices = _page(paginator, request.GET.get("page"))
    params = params.copy()
    params.pop("page", None)
    day = filterset.status_day
    context = {
        "letter": letter,
        "name": SECTIONS[letter],
        "page": page,
        "rows": result_rows(page.object_list, day=day),
        "count": paginator.count,
        "params": params,
        "status": filterset.form.cleaned_data.get("status"),
        "notices": notices + page_notices,
        "sections": SECTIONS,
    }
    return render(request, "codes/section.html", context)
