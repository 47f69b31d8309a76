"""Public pages: code and modifier detail, with history and the record as of a date."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from codes.cms import compare, layout
from codes.cms.records import is_code, normalise_code
from codes.drugs import presentation as drug_presentation
from codes.fees import presentation as fee_presentation
from codes.models import CodeVersion, HcpcsCode, Release
from codes.pages import presentation, timeline
from codes.releases import worddiff
from codes.releases.review import field_label, readable
from codes.search.display import status_of
from codes.search.service import nearby_codes
from codes.status import DAY_WORDS
from codes.timeline import store as timeline_store
from codes.validation import validity


def _parse_as_of(value: str | None) -> tuple[datetime.date | None, str | None]:
    if not value:
        return None, None
    try:
        return datetime.date.fromisoformat(value.strip()), None
    except ValueError:
        shown = value[:40]
        return None, f"“{shown}” is not a date (use YYYY-MM-DD); showing the current record."


def not_found(request: HttpRequest, code: str) -> HttpResponse:
    context = {"code": code[:20], "near": nearby_codes(code) if code.isalnum() else []}
    return render(request, "codes/not_found.html", context, status=404)


def _history(versions: list[CodeVersion]) -> list[dict]:
    entries = []
    for version in versions:
        changes = [
            {
                "field": field_label(name),
                "old": readable(name, version.previous.get(name, "")),
                "new": readable(name, compare.as_text(getattr(version, name))),
                "redline": worddiff.field_redline(
                    name, version.previous.get(name, ""), compare.as_text(getattr(version, name))
                ),
            }
            for name in version.changed_fields
        ]
        first_loaded = (
            version.change_type == CodeVersion.ChangeType.ADDED
            and version.add_dt
            and version.add_dt < version.effective_date
        )
        label = (
            "First in the loaded releases" if first_loaded else version.get_change_type_display()
        )
        entries.append({"version": version, "changes": changes, "label": label})
    return entries


@require_safe
def code_detail(request: HttpRequest, code: str, modifier: bool = False) -> HttpResponse:
    canonical = normalise_code(code)
    if not is_code(canonical):
        return not_found(request, canonical)
    obj = HcpcsCode.objects.select_related("release").filter(code=canonical).first()
    if obj is None:
        return not_found(request, canonical)
    if canonical != code or obj.is_modifier != modifier:
        url = obj.get_absolute_url()
        if request.GET:
            url += "?" + request.GET.urlencode()
        return redirect(url, permanent=True)

    as_of, as_of_error = _parse_as_of(request.GET.get("as_of"))
    points = timeline_store.published_points(getattr(request, "content_version", None))
    code_timeline = timeline_store.load_full(canonical, points)
    day = as_of or timezone.localdate()
    verdict = validity.verdict_from(code_timeline, canonical, day)
    versions = code_timeline.versions_newest_first() if code_timeline else []
    record = verdict.version.record() if as_of and verdict.version else obj.record()
    xrefs = [record[f"xref{n}"] for n in range(1, 6)]
    # What the cross-references say changes with the published content: keyed by its
    # version (read in this request's transaction), or by the newest release without one.
    content_key = getattr(request, "content_version", None)
    if content_key is None:
        content_key = f"r{points[-1].release_id}" if points else "r0"
    links, replaced = timeline.related(obj.code, xrefs, content_key)
    context = {
        "code": obj,
        "record": record,
        "groups": presentation.field_rows(record, links),
        "verdict": verdict,
        "timeline": timeline.validity(obj, verdict, replaced),
        "unloaded": timeline.unloaded_between(verdict.release, day, points),
        "status": verdict.status,
        "day_words": DAY_WORDS[verdict.status],
        "status_day": day,
        "as_of": as_of,
        "as_of_error": as_of_error,
        "removed": not obj.listed,
        "history": _history(versions),
        "canonical_url": request.build_absolute_uri(obj.get_absolute_url()),
        "ama_notice": presentation.AMA_NOTICE,
    }
    context.update(fee_presentation.code_page_context(request, obj.code, as_of))
    context["ndc_match"] = drug_presentation.ndc_match(obj.code, request.GET.get("ndc"))
    return render(request, "codes/detail.html", context)


def _record_at(versions: list[CodeVersion], release: Release) -> CodeVersion | None:
    """The code's record in force when ``release`` took effect (versions newest first)."""
    return next((v for v in versions if v.effective_date <= release.effective_date), None)


@require_safe
def code_compare(request: HttpRequest, code: str) -> HttpResponse:
    """A code's record in any two loaded releases, field by field (descriptions as word
    redlines)."""
    canonical = normalise_code(code)
    obj = HcpcsCode.objects.filter(code=canonical).first() if is_code(canonical) else None
    if obj is None:
        return not_found(request, canonical)
    releases = Release.objects.published_in_order()
    by_pk = {str(r.pk): r for r in releases}
    versions = list(
        CodeVersion.objects.in_force()
        .filter(code=canonical)
        .select_related("release")
        .history_order()
    )
    errors = []
    chosen = []
    for name, fallback in (("from", 0), ("to", -1)):
        value = request.GET.get(name)
        if value and value not in by_pk:
            errors.append(f"“{value[:20]}” is not a published release; choose one from the list.")
        chosen.append(by_pk.get(value) or (releases[fallback] if releases else None))
    left, right = chosen
    rows = []
    if left and right:
        old, new = _record_at(versions, left), _record_at(versions, right)
        for column in layout.COLUMNS[1:]:
            before = compare.as_text(getattr(old, column.attr)) if old else ""
            after = compare.as_text(getattr(new, column.attr)) if new else ""
            if before != after:
                rows.append(
                    {
                        "field": field_label(column.attr),
                        "old": readable(column.attr, before),
                        "new": readable(column.attr, after),
                        "redline": worddiff.field_redline(column.attr, before, after),
                    }
                )
    context = {
        "code": obj,
        "releases": releases,
        "left": left,
        "right": right,
        "left_record": left and _record_at(versions, left),
        "right_record": right and _record_at(versions, right),
        "rows": rows,
        "errors": errors,
    }
    return render(request, "codes/compare.html", context, status=400 if errors else 200)


@require_safe
def modifier_detail(request: HttpRequest, code: str) -> HttpResponse:
    return code_detail(request, code, modifier=True)


@require_safe
def modifier_list(request: HttpRequest) -> HttpResponse:
    modifiers = (
        HcpcsCode.objects.modifiers()
        .listed()
        .only(
            "code",
            "short_description",
            "long_description",
            "term_dt",
            "add_dt",
            "recid",
            "action_cd",
            "listed",
            "lives",
            "release",
        )
    )
    today = timezone.localdate()
    rows = [(m, status_of(m, today)) for m in modifiers]
    return render(
        request,
        "codes/modifier_list.html",
        {
            "rows": rows,
        },
    )
