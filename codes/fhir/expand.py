"""``ValueSet/$expand``: the implicit value set of every HCPCS Level II code, or one the
request gives (``valueSets``), at the version ``pins`` decides.

``filter`` goes through the site's search (``codes.search.search_codes``): a code, a
prefix, a range, a list or words, ranked as on the site, the last word read as a prefix as
in the typeahead. ``date`` picks the release in force on that day (the first day of a year
or month) and judges each code's validity on it (today by default; on every day of a span, see
``dates``); ``activeOnly`` (or a value set's ``compose.inactive`` false) keeps only the
codes valid then, otherwise codes not valid then are listed with ``inactive`` true.
``includeDesignations`` adds CMS's short description to each code. ``count`` (default
``DEFAULT_COUNT``, at most ``MAX_COUNT``) and ``offset`` page through the codes.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.utils import timezone

from codes.fhir import identity
from codes.fhir.dates import DaySpan
from codes.fhir.designations import designation, short_descriptions
from codes.fhir.errors import FhirError, bad_parameter, not_found
from codes.fhir.identity import Version, Versions
from codes.fhir.inputs import Inputs
from codes.fhir.pins import Pins, find, unknown_version_message
from codes.fhir.records import active_condition, descriptions_in_version
from codes.fhir.valuesets import ValueSetSpec, day_span, value_set_of
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


def _version(spec: ValueSetSpec, inputs: Inputs, span: DaySpan | None, versions: Versions):
    """(the code system version the expansion uses, whether the request named it): the
    value set's own (an include's, or the implicit value set's ``valueSetVersion``), pinned
    or checked by the request (see ``pins``); else the release in force on ``date``; else
    the latest."""
    pins = Pins.read(inputs)
    given, given_name = spec.code_system_version, "valueSet.compose.include.version"
    if spec.implicit:
        given = inputs.text("valueSetVersion") or spec.version
        given_name = "valueSetVersion"
    label, conflict = pins.label(given)
    if conflict:
        raise FhirError(422, conflict, "check-system-version", "business-rule")
    if label:
        version = find(versions, label)
        if version is None:
            parameter = pins.parameter(given, given_name)
            raise bad_parameter(parameter, unknown_version_message(label, versions))
        return version, True
    if span:
        return versions.in_force_on(span.first), False
    return versions.latest, False


def expand(inputs: Inputs, *, versions: Versions, instance: Version | None = None) -> dict:
    """``instance``: the version a ``ValueSet/{id}`` names (its ``valueSetVersion``)."""
    spec = value_set_of(inputs)
    span = inputs.span("date")
    if instance is not None and not inputs.has("valueSetVersion") and spec.implicit:
        spec.version = instance.label
    version, named = _version(spec, inputs, span, versions)
    if version is None:
        raise not_found("No HCPCS release is published on this server yet.")
    count = inputs.integer("count", minimum=0, maximum=MAX_COUNT)
    count = DEFAULT_COUNT if count is None else count
    offset = inputs.integer("offset", minimum=0, maximum=MAX_OFFSET) or 0
    active_only = bool(inputs.boolean("activeOnly")) or spec.active_only
    with_designations = bool(inputs.boolean("includeDesignations"))
    text = inputs.text("filter")
    days = day_span(span, timezone.localdate())

    within = HcpcsCode.objects.all()
    # A version named in the request lists that release's codes; one picked by ``date``
    # alone lists every code the timelines know, so a code valid on that day in quarters
    # not loaded here (known from a later file) is listed too.
    if named and version != versions.latest:
        within = _codes_of_version(within, version)
    membership = spec.condition(days)
    if membership is not None:
        within = within.filter(membership)
    if active_only:
        within = within.filter(active_condition(days.first))
        if not days.is_day:
            within = within.filter(active_condition(days.last))
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
    rows = _page(ids, days.first)
    if not days.is_day:  # valid over a span: on its first and its last day
        at_end = {code: active for code, _, active in _page(ids, days.last)}
        rows = [(code, text, active and at_end[code]) for code, text, active in rows]
    displays = (
        {code: text for code, text, _ in rows}
        if version == versions.latest
        else descriptions_in_version([code for code, _, _ in rows], version)
    )
    for code, text, _ in rows:  # codes the version's release does not list: today's text
        displays.setdefault(code, text)
    displays.update(spec.displays())
    shorts = (
        short_descriptions(
            [code for code, _, _ in rows], version, latest=version == versions.latest
        )
        if with_designations
        else {}
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
        if code in shorts:
            entry["designation"] = [designation(shorts[code])]
        contains.append(entry)

    used_system = f"{identity.CANONICAL}|{version.label}"
    used = [
        {"name": "used-codesystem", "valueUri": used_system},
        # The name R4 servers used before used-codesystem, kept for older clients.
        {"name": "version", "valueUri": used_system},
    ]
    if text:
        used.append({"name": "filter", "valueString": text})
    if span:
        when = span.first.isoformat() if span.is_day else span.text
        used.append({"name": "date", "valueDateTime": when})
    used += [
        {"name": "activeOnly", "valueBoolean": active_only},
        {"name": "includeDesignations", "valueBoolean": with_designations},
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
    if not spec.implicit:
        resource = {"resourceType": "ValueSet", "status": "active"}
        for key in ("url", "version", "name", "title"):
            if getattr(spec, key):
                resource[key] = getattr(spec, key)
        resource["compose"] = spec.compose()
        resource["expansion"] = expansion
        return resource
    return {
        "resourceType": "ValueSet",
        "id": identity.CODE_SYSTEM_ID if version == versions.latest else version.resource_id,
        "url": spec.url,
        "version": version.label,
        "name": "HCPCSLevelIIAllCodes",
        "title": f"All codes of {identity.TITLE}",
        "status": "active",
        "compose": {"include": [{"system": identity.CANONICAL, "version": version.label}]},
        "expansion": expansion,
    }
