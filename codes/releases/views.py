"""Public release pages: every published release with its change counts, and what one
release added, changed (which fields) and terminated, filterable, with a CSV download.

Changes a curator held back never took effect, so these pages leave them out.
"""

from __future__ import annotations

import csv
import re

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from codes.cms import compare, layout
from codes.csv_cells import csv_safe
from codes.models import CodeVersion, Release
from codes.releases import review
from codes.search.sections import SECTIONS

PAGE_SIZE = 100
RECENT_CORRECTIONS = 50
CSV_HEADERS = ["HCPC", "CHANGE", "FIELD", "PREVIOUS VALUE", "NEW VALUE", "SHORT DESCRIPTION"]


@require_safe
def release_list(request: HttpRequest) -> HttpResponse:
    releases = list(Release.objects.published())
    counts = review.kind_counts(releases, include_held=False)
    corrections = CodeVersion.objects.filter(
        release__isnull=True, change_type=CodeVersion.ChangeType.CORRECTION
    ).order_by("-effective_date", "-id")[:RECENT_CORRECTIONS]
    return render(
        request,
        "codes/release_list.html",
        {
            "rows": [(release, counts[release.pk]) for release in releases],
            "kinds": review.CHANGE_KINDS,
            "sections": SECTIONS,
            "corrections": [
                (c, [review.field_label(name) for name in c.changed_fields]) for c in corrections
            ],
        },
    )


def _published(pk: int) -> Release:
    return get_object_or_404(Release.objects.published(), pk=pk)


def _changes(release: Release, filters: review.ChangeFilter) -> QuerySet:
    return filters.apply(release.versions.filter(held=False).order_by("code"))


@require_safe
def release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    release = _published(pk)
    filters = review.ChangeFilter.from_query(request.GET)
    page = Paginator(_changes(release, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    neighbours = Release.objects.published().exclude(pk=release.pk)
    return render(
        request,
        "codes/release_detail.html",
        {
            "release": release,
            "filters": filters,
            "page": page,
            "rows": review.change_rows(list(page.object_list), with_corrections=False),
            "counts": review.kind_counts([release], include_held=False)[release.pk],
            "kinds": review.CHANGE_KINDS,
            "field_options": review.field_options(release),
            "previous": neighbours.filter(effective_date__lt=release.effective_date)
            .order_by("-effective_date", "-id")
            .first(),
            "next": neighbours.filter(effective_date__gt=release.effective_date)
            .order_by("effective_date", "id")
            .first(),
        },
    )


def _csv_rows(version: CodeVersion):
    description = version.short_description
    if version.change_type in (CodeVersion.ChangeType.ADDED, CodeVersion.ChangeType.REMOVED):
        yield [version.code, version.change_type, "", "", "", description]
        return
    for name in version.changed_fields:
        yield [
            version.code,
            version.change_type,
            layout.BY_ATTR[name].header,
            version.previous.get(name, ""),
            compare.as_text(getattr(version, name)),
            description,
        ]


@require_safe
def release_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The release's changes (with the page's filters), one row per changed field. Every
    cell is neutralised so a spreadsheet never runs text from a file as a formula."""
    release = _published(pk)
    filters = review.ChangeFilter.from_query(request.GET)
    slug = re.sub(r"[^a-z0-9]+", "-", release.label.lower()).strip("-") or str(release.pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hcpcs-{slug}-changes.csv"'
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow(CSV_HEADERS)
    for version in _changes(release, filters).iterator(chunk_size=1000):
        for row in _csv_rows(version):
            writer.writerow([csv_safe(str(cell)) for cell in row])
    return response
