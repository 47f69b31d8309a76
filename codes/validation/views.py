"""The batch check page, ``/validate/``: a form, then the summary, the lines with a problem
and every line, each list paged.

No JavaScript and no state on the server: the results page carries the lines back (as CSV
text in one hidden field of one form) for paging, "only problems" and the CSV and xlsx
downloads; every button that needs them submits that form.
"""

from __future__ import annotations

import json

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from codes.cms import limits as upload_limits
from codes.validation import batch as batches
from codes.validation import downloads
from codes.validation.forms import BatchForm, initial, prefill
from codes.validation.reading import FIELD_LABELS, canonical
from codes.validation.sample import SAMPLE_CSV, SAMPLE_NAME

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 200  # rows of each list on one page: 10,000 lines stay well under 2 MB of HTML
LISTS = ("problems", "lines")


def _download(result: batches.BatchResult, kind: str, checked_at) -> HttpResponse:
    stamp = checked_at.date().isoformat()
    if kind == "xlsx":
        body = downloads.as_xlsx(result, checked_at=checked_at)
        response = HttpResponse(body, content_type=XLSX)
    else:
        body = downloads.as_csv(result, checked_at=checked_at)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hcpcs-validation-{stamp}.{kind}"'
    return response


def _requested_pages(data) -> dict[str, str]:
    """The page of each list: carried in hidden fields, one of them changed by the pager
    button pressed (``goto=lines:3``). Anything unreadable is the first page."""
    pages = {name: data.get(f"{name}_page", "1") for name in LISTS}
    target, _, number = (data.get("goto") or "").partition(":")
    if target in pages:
        pages[target] = number
    return pages


def page_links(page: Page, around: int = 2) -> list[int | None]:
    """Page numbers to offer: the first, the last and a few around the current one; None
    where numbers are left out."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(page.number - around, page.number + around + 1)}
    links: list[int | None] = []
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if links and links[-1] is not None and number > links[-1] + 1:
            links.append(None)
        links.append(number)
    return links


def _listing(rows: list, number: str) -> dict:
    page = Paginator(rows, PAGE_SIZE).get_page(number)
    return {"page": page, "links": page_links(page), "paged": page.paginator.num_pages > 1}


def _columns(found: tuple[tuple[str, str], ...]) -> list[dict]:
    """The columns read, each with the name the page gives its field."""
    return [
        {"field": field, "name": FIELD_LABELS.get(field, field.replace("_", " ")), "header": head}
        for field, head in found
    ]


@require_http_methods(["GET", "POST"])
def validate(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        start, notes = prefill(request.GET)
        context = {"form": BatchForm(initial=start), "notes": notes}
        return render(request, "codes/validate.html", context)
    limits = upload_limits.CURATOR if request.user.is_staff else upload_limits.ANONYMOUS
    form = BatchForm(request.POST, request.FILES, limits=limits)
    if not form.is_valid():
        return render(request, "codes/validate.html", {"form": form}, status=400)
    result = batches.validate(form.batch.lines)
    checked_at = timezone.localtime()
    action = request.POST.get("download")
    if action in ("csv", "xlsx"):
        return _download(result, action, checked_at)
    only_problems = form.cleaned_data["only_problems"]
    if request.POST.get("show") in ("problems", "all"):
        only_problems = request.POST["show"] == "problems"
    pages = _requested_pages(request.POST)
    columns = form.columns_read()
    context = {
        "form": BatchForm(initial=initial()),
        "result": result,
        "summary": result.summary,
        "problems": _listing(result.problems(), pages["problems"]),
        "lines": None if only_problems else _listing(result.results, pages["lines"]),
        "only_problems": only_problems,
        "carried": canonical(form.batch),
        "carried_columns": json.dumps([list(c) for c in columns]),
        "columns": _columns(columns),
        "source": form.batch.source,
        "checked_at": checked_at,
        "status_labels": batches.STATUS_LABELS,
        "page_size": PAGE_SIZE,
    }
    return render(request, "codes/validate.html", context)


@require_safe
def sample(request: HttpRequest) -> HttpResponse:
    """A small CSV with the columns the batch check reads, to start from."""
    response = HttpResponse(SAMPLE_CSV, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{SAMPLE_NAME}"'
    return response
