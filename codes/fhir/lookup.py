"""``CodeSystem/$lookup``: everything the code system says about one code.

The record comes from the version asked (``version``), or the release in force on
``date`` (for a day before the code's first loaded release, the first record loaded), or
the latest published state; the ``status`` property is the code's validity on ``date``
(today by default) by the site's one validity rule (``codes.validation.validity``).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from codes.fhir import identity
from codes.fhir.errors import FhirError, bad_parameter, not_found
from codes.fhir.identity import Version, Versions
from codes.fhir.inputs import Inputs, coded_inputs
from codes.fhir.pins import Pins, find, unknown_version_message
from codes.fhir.properties import BY_CODE, property_parts
from codes.fhir.records import CodeHistory, case_suggestions, unknown_code_message
from codes.validation.validity import over_span, replacements_of, verdict_from

# SNOMED CT's "Synonym" designation type: CMS's short description is another name for the
# concept, not its display (the long description).
SHORT_DESCRIPTION_USE = {
    "system": "http://snomed.info/sct",
    "code": "900000000000013009",
    "display": "Synonym",
}


OUTPUTS = ("designation", "display", "version", "name")


def lookup(inputs: Inputs, *, versions: Versions, instance: Version | None = None) -> dict:
    """``instance``: the version a ``CodeSystem/{id}`` names, used when none is asked."""
    (coded,) = coded_inputs(inputs, system_names=("system",), concept=False)
    identity.check_system(coded.system, coded.system_parameter)
    pins = Pins.read(inputs)
    given = coded.version or inputs.text("version") or (instance.label if instance else None)
    label, conflict = pins.label(given)
    if conflict:
        raise FhirError(422, conflict, "check-system-version", "business-rule")
    version = find(versions, label)
    if label and version is None:
        parameter = pins.parameter(given, "version")
        raise bad_parameter(parameter, unknown_version_message(label, versions))
    if version is None:
        raise not_found("No HCPCS release is published on this server yet.")
    span = inputs.span("date")
    day: datetime.date | None = span.first if span else None
    wanted = set(inputs.texts("property")) or None
    if wanted and "*" in wanted:  # every declared property and output
        wanted = None
    if wanted:
        unknown = sorted(wanted - set(BY_CODE) - set(OUTPUTS))
        if unknown:
            raise bad_parameter(
                "property",
                f"Unknown property {', '.join(unknown)}: this code system defines "
                + ", ".join(BY_CODE)
                + " (or * for all).",
            )
    history = CodeHistory.read(coded.code)
    if history is None:
        suggestion = case_suggestions([coded.code]).get(coded.code)
        raise not_found(unknown_code_message(coded.code, suggestion), coded.parameter)
    timeline = history.timeline(versions)
    verdict = verdict_from(timeline, coded.code, day or timezone.localdate())
    status = verdict
    if span is not None and not span.is_day and verdict.valid:
        # A span: active only when active on every day of it (see ``dates``): its last day
        # in the same period of validity as its first; the record stays the first day's.
        status = over_span(verdict, verdict_from(timeline, coded.code, span.last))
    status_message = status.message
    if span is not None and not span.is_day:
        status_message += f" ({span.describe()})"
    if label or day is None:
        record = history.record_in(version, latest=versions.latest)
    else:  # the record the timeline cites for the day, and its release as the version
        version = versions.by_release_id.get(verdict.release.pk, version)
        record = history.full_record(verdict.version)
    if record is None:
        raise not_found(
            f"Code {coded.code} is not in version {version.label} of {identity.CANONICAL} "
            f"(release {version.release_label}).",
            coded.parameter,
        )
    params = [
        {"name": "name", "valueString": identity.TITLE},
        {"name": "version", "valueString": version.label},
        {"name": "display", "valueString": record["long_description"]},
    ]
    if record.get("short_description") and (wanted is None or "designation" in wanted):
        params.append(
            {
                "name": "designation",
                "part": [
                    {"name": "language", "valueCode": "en"},
                    {"name": "use", "valueCoding": SHORT_DESCRIPTION_USE},
                    {"name": "value", "valueString": record["short_description"]},
                ],
            }
        )
    params += property_parts(
        record,
        status=status.status,
        status_message=status_message,
        wanted=wanted,
        replacements_in_hcpcs={r.code: r.in_hcpcs for r in replacements_of(record)},
    )
    return {"resourceType": "Parameters", "parameter": params}
