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
from codes.fhir.errors import bad_parameter, not_found
from codes.fhir.identity import Versions
from codes.fhir.inputs import Inputs, coded_inputs
from codes.fhir.properties import BY_CODE, property_parts
from codes.fhir.records import CodeHistory, case_suggestions, unknown_code_message
from codes.validation.validity import replacements_of, verdict_from

# SNOMED CT's "Synonym" designation type: CMS's short description is another name for the
# concept, not its display (the long description).
SHORT_DESCRIPTION_USE = {
    "system": "http://snomed.info/sct",
    "code": "900000000000013009",
    "display": "Synonym",
}


def lookup(inputs: Inputs, *, versions: Versions) -> dict:
    (coded,) = coded_inputs(inputs, system_names=("system",), concept=False)
    identity.check_system(coded.system, coded.system_parameter)
    version = versions.get(coded.version or inputs.text("version"))
    if version is None:
        raise not_found("No HCPCS release is published on this server yet.")
    day: datetime.date | None = inputs.date("date")
    wanted = set(inputs.texts("property")) or None
    if wanted:
        unknown = sorted(wanted - set(BY_CODE) - {"designation", "display", "version", "name"})
        if unknown:
            raise bad_parameter(
                "property",
                f"Unknown property {', '.join(unknown)}: this code system defines "
                + ", ".join(BY_CODE)
                + ".",
            )
    history = CodeHistory.read(coded.code)
    if history is None:
        suggestion = case_suggestions([coded.code]).get(coded.code)
        raise not_found(unknown_code_message(coded.code, suggestion), coded.parameter)
    timeline = history.timeline(versions)
    verdict = verdict_from(timeline, coded.code, day or timezone.localdate())
    if coded.version or inputs.text("version") or day is None:
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
        status=verdict.status,
        status_message=verdict.message,
        wanted=wanted,
        replacements_in_hcpcs={r.code: r.in_hcpcs for r in replacements_of(record)},
    )
    return {"resourceType": "Parameters", "parameter": params}
