"""Public pages: code and modifier detail, with history and the record as of a date."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from codes.cms import compare
from codes.cms.records import is_code, normalise_code
from codes.models import CodeVersion, HcpcsCode, record_status
from codes.pages import presentation
from codes.releases.review import field_label, readable
from codes.search.service import nearby_codes


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
            }
            for name in version.changed_fields
        ]
        entries.append({"version": version, "changes": changes})
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
    versions = list(
        CodeVersion.objects.in_force()
        .filter(code=canonical)
        .select_related("release")
        .history_order()
    )
    record = obj.record()
    as_of_version = None
    if as_of:
        as_of_version = next((v for v in versions if v.effective_date <= as_of), None)
        record = as_of_version.record() if as_of_version else None
    day = as_of or timezone.localdate()
    xrefs = [record[f"xref{n}"] for n in range(1, 6)] if record else []
    links = {
        c.code: c.get_absolute_url()
        for c in HcpcsCode.objects.filter(code__in=[x for x in xrefs if x]).only("code", "recid")
    }
    context = {
        "code": obj,
        "record": record,
        "groups": presentation.field_rows(record, links) if record else [],
        "status": record_status(record, day) if record else None,
        "status_day": day,
        "as_of": as_of,
        "as_of_version": as_of_version,
        "as_of_error": as_of_error,
        "removed": bool(as_of_version and as_of_version.change_type == "removed")
        or (not as_of and not obj.listed),
        "history": _history(versions),
        "canonical_url": request.build_absolute_uri(obj.get_absolute_url()),
    }
    return render(request, "codes/detail.html", context)


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
            "act_eff_dt",
        )
    )
    return render(
        request,
        "codes/modifier_list.html",
        {
            "modifiers": modifiers,
            "today": timezone.localdate(),
        },
    )
