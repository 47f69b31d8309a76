"""``ValueSet/$expand`` on the implicit value set of every HCPCS Level II code.

``filter`` goes through the site's search (``codes.search.search_codes``): a code, a
prefix, a range, a list or words, ranked as on the site, the last word read as a prefix as
in the typeahead. ``date`` picks the release in force on that day and judges each code's
validity on it (today by default); ``activeOnly`` keeps only the codes valid on that day,
otherwise codes not valid then are listed with ``inactive`` true. ``count`` (default
``DEFAULT_COUNT``, at most ``MAX_COUNT``) and ``offset`` page through the codes.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.utils import timezone

from codes.fhir import identity
from codes.fhir.errors import not_found
from codes.fhir.identity import Version, Versions
from codes.fhir.inputs import Inputs
from codes.fhir.records import active_condition, descriptions_in_version
from codes.models import CodeVersion, HcpcsCode
from codes.search import parse, search_codes
from codes.status import CodeStatus, spans_from_json, spans_status

DEFAULT_COUNT = 100
MAX_COUNT = 1000
MAX_OFFSET = 100_000


def _codes_of_version(within, version: Version):
    """Codes listed by ``version``'s release: first stated on or before its date."""
    stated = CodeVersion.objects.in_force().filter(effective_date__lte=version.effective_date)
    return within.filter(code__in=stated.values("code"))


def _page(ids: list[int], day) -> list[tuple[str, str, bool]]:
    """(code, long description, valid on ``day``) for the codes of one page, in order
    (one query). Validity is judged from each code's stored spans (``codes.timeline``), in
    Python: the same reading as the SQL filter, without building and compiling a CASE for
    every request (that took longer than the query)."""
    if not ids:
        return []
    rows = {}
    for pk, code, text, lives in (
        HcpcsCode.objects.filter(pk__in=ids)
        .order_by()
        .values_list("pk", "code", "long_description", "lives")
    ):
        status = spans_status(spans_from_json(lives), day)[0]
        rows[pk] = (code, text, status == CodeStatus.ACTIVE)
    return [rows[pk] for pk in ids if pk in rows]


def expand(inputs: Inputs, *, versions: Versions) -> dict:
    url = identity.check_value_set(inputs.text("url"))
    day = inputs.date("date")
    label = inputs.text("valueSetVersion")
    version = versions.get(label, "valueSetVersion") if label else None
    if version is None:
        version = versions.in_force_on(day) if day else versions.latest
    if version is None:
        raise not_found("No HCPCS release is published on this server yet.")
    count = inputs.integer("count", minimum=0, maximum=MAX_COUNT)
    count = DEFAULT_COUNT if count is None else count
    offset = inputs.integer("offset", minimum=0, maximum=MAX_OFFSET) or 0
    active_only = bool(inputs.boolean("activeOnly"))
    text = inputs.text("filter")
    on = day or timezone.localdate()

    within = HcpcsCode.objects.all()
    if version != versions.latest:
        within = _codes_of_version(within, version)
    if active_only:
        within = within.filter(active_condition(on))
    if text:
        found = search_codes(parse(text), within=within, typing=True).codes
    else:
        found = within.order_by("code")
    if isinstance(found, QuerySet):
        total = found.count()
        ids = list(found.values_list("pk", flat=True)[offset : offset + count]) if count else []
    else:
        total = len(found)
        ids = found.ids[offset : offset + count]
    rows = _page(ids, on)
    displays = (
        {code: text for code, text, _ in rows}
        if version == versions.latest
        else descriptions_in_version([code for code, _, _ in rows], version)
    )
    contains = []
    for code, _, active in rows:
        entry = {
            "system": identity.CANONICAL,
            "version": version.label,
            "code": code,
            "display": displays.get(code, ""),
        }
        if not active:
            entry["inactive"] = True
        contains.append(entry)

    used = [{"name": "version", "valueUri": f"{identity.CANONICAL}|{version.label}"}]
    if text:
        used.append({"name": "filter", "valueString": text})
    if day:
        used.append({"name": "date", "valueDateTime": day.isoformat()})
    used += [
        {"name": "activeOnly", "valueBoolean": active_only},
        {"name": "offset", "valueInteger": offset},
        {"name": "count", "valueInteger": count},
    ]
    expansion = {
        "identifier": f"urn:uuid:{uuid.uuid4()}",
        "timestamp": timezone.now().isoformat(timespec="seconds"),
        "total": total,
        "offset": offset,
        "parameter": used,
    }
    if contains:
        expansion["contains"] = contains
    return {
        "resourceType": "ValueSet",
        "url": url,
        "version": version.label,
        "name": "HCPCSLevelIIAllCodes",
        "title": f"All codes of {identity.TITLE}",
        "status": "active",
        "compose": {"include": [{"system": identity.CANONICAL, "version": version.label}]},
        "expansion": expansion,
    }
