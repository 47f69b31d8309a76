"""``$validate-code`` (CodeSystem and ValueSet) and ``CodeSystem/$batch-validate-code``.

``date`` is the date of service, judged by the site's one validity rule
(``codes.validation.validity``): valid when ADD DT <= date <= TERM DT of the latest
published record. ``result`` is false for a code not valid on the day (the message says
why and names the replacement), for a code the version asked does not have, and for a
wrong ``display`` (the message names the right one). Codes are case-sensitive: ``q4390``
is not valid, and the message suggests ``Q4390``.

A batch is validated with ``check_many``: a bounded number of queries for any number of
validations. A bad validation in a batch gets ``result`` false and a message naming the
parameter; it never fails the others.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from codes.fhir import identity
from codes.fhir.errors import FhirError, bad_parameter, operation_outcome
from codes.fhir.identity import Version, Versions
from codes.fhir.inputs import Coded, Inputs, coded_inputs
from codes.fhir.records import (
    case_suggestions,
    descriptions_in_version,
    first_releases,
    unknown_code_message,
)
from codes.status import CodeStatus
from codes.validation.validity import Verdict, check_many

MAX_BATCH = 10_000
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Request:
    """One validation asked: the codings to try (one, or a CodeableConcept's), the day and
    the version, all checked; or the error that made it unanswerable."""

    codings: tuple[Coded, ...] = ()
    day: datetime.date | None = None
    version: Version | None = None
    version_asked: bool = False


def _same_text(a: str, b: str) -> bool:
    return _SPACE.sub(" ", a).strip().casefold() == _SPACE.sub(" ", b).strip().casefold()


def read_request(
    inputs: Inputs, *, versions: Versions, value_set: bool, defaults: Inputs | None = None
) -> Request:
    """The validation ``inputs`` ask for (``defaults``: a batch's shared parameters)."""
    merged = inputs
    if defaults is not None and defaults.params:
        inherited = [p for p in defaults.params if not inputs.has(p.name)]
        merged = Inputs(inputs.params + inherited) if inherited else inputs
    if value_set:
        identity.check_value_set(merged.text("url"))
        system_names = ("system",)
    else:
        system_names = ("url", "system")
    codings = coded_inputs(merged, system_names=system_names, concept=True)
    if len(codings) == 1:
        identity.check_system(codings[0].system, codings[0].system_parameter)
    else:
        codings = [c for c in codings if c.system and c.system.strip() in identity.ALIASES]
        if not codings:
            raise bad_parameter(
                "codeableConcept", f"The codeableConcept has no coding of {identity.CANONICAL}."
            )
    version_name = "valueSetVersion" if value_set and merged.has("valueSetVersion") else "version"
    label = codings[0].version or merged.text(version_name)
    version = versions.get(label, version_name)
    if version is None:
        raise FhirError(404, "No HCPCS release is published on this server yet.", None, "not-found")
    return Request(tuple(codings), merged.date("date"), version, bool(label))


def _version_of(
    request: Request, verdict: Verdict, versions: Versions, first: dict[str, int]
) -> Version | None:
    """The version a result speaks for: the one asked; else the release in force on the
    day, whose descriptions the verdict gives (for a day before the code's first loaded
    release, that first release)."""
    if request.version_asked:
        return request.version
    release_id = verdict.release.pk if verdict.release is not None else first.get(verdict.code)
    return versions.by_release_id.get(release_id, versions.latest)


def _one_coding(
    request: Request,
    coded: Coded,
    verdict: Verdict,
    *,
    versions: Versions,
    in_version: dict[str, str] | None,
    suggestions: dict[str, str],
    first: dict[str, int],
) -> tuple[bool, list[dict], list[str]]:
    """(result, output parameters, messages) for one coding."""
    version = _version_of(request, verdict, versions, first)
    params = [
        {"name": "code", "valueCode": coded.code},
        {"name": "system", "valueUri": identity.CANONICAL},
    ]
    if version is not None:
        params.append({"name": "version", "valueString": version.label})
    day = verdict.day.isoformat()
    if verdict.status == CodeStatus.UNKNOWN:
        return False, params, [unknown_code_message(coded.code, suggestions.get(coded.code))]
    display = verdict.description
    if in_version is not None:
        if coded.code not in in_version:
            return (
                False,
                params,
                [
                    f"Code {coded.code} is not in version {request.version.label} "
                    f"(release {request.version.release_label})."
                ],
            )
        display = in_version[coded.code]
    result = verdict.valid
    messages = []
    if not verdict.valid:
        messages.append(f"{coded.code} is not valid on {day}: {verdict.message}.")
    elif verdict.term_dt or verdict.last_day:
        messages.append(f"{coded.code} is valid on {day}: {verdict.message}.")
    if coded.display:
        names = [display, verdict.short_description]
        if not any(name and _same_text(coded.display, name) for name in names):
            result = False
            messages.append(
                f"Wrong display {coded.display!r} for {coded.code}: it should be {display!r}"
                + (f" (or {verdict.short_description!r})." if verdict.short_description else ".")
            )
    if display:
        params.append({"name": "display", "valueString": display})
    return result, params, messages


def _result(result: bool, params: list[dict], messages: list[str]) -> dict:
    head = [{"name": "result", "valueBoolean": result}]
    if messages:
        head.append({"name": "message", "valueString": " ".join(messages)})
    return {"resourceType": "Parameters", "parameter": head + params}


def error_result(error: FhirError, where: str) -> dict:
    """A batch item that could not be read: result false, saying which parameter and why."""
    message = f"{where}: {error.message}"
    return {
        "resourceType": "Parameters",
        "parameter": [
            {"name": "result", "valueBoolean": False},
            {"name": "message", "valueString": message},
            {
                "name": "issues",
                "resource": operation_outcome(message, code=error.code, parameter=error.parameter),
            },
        ],
    }


def answer(requests: list[Request], *, versions: Versions) -> list[dict]:
    """One output Parameters per readable request, in order; a bounded number of queries
    (``check_many``; one each for case suggestions and first releases; one per older
    version asked)."""
    today = timezone.localdate()
    lines = [(c.code, r.day or today) for r in requests for c in r.codings]
    verdicts = check_many(lines)
    suggestions = case_suggestions(v.code for v in verdicts if v.status == CodeStatus.UNKNOWN)
    first = first_releases(
        v.code for v in verdicts if v.release is None and v.status != CodeStatus.UNKNOWN
    )
    older: dict[str, set[str]] = {}
    for request in requests:
        if request.version_asked and request.version != versions.latest:
            older.setdefault(request.version.label, set()).update(c.code for c in request.codings)
    descriptions = {
        label: descriptions_in_version(codes, versions.get(label)) for label, codes in older.items()
    }
    out = []
    position = 0
    for request in requests:
        tried = []
        for coded in request.codings:
            verdict = verdicts[position]
            position += 1
            in_version = None
            if request.version_asked and request.version != versions.latest:
                in_version = descriptions[request.version.label]
            tried.append(
                _one_coding(
                    request,
                    coded,
                    verdict,
                    versions=versions,
                    in_version=in_version,
                    suggestions=suggestions,
                    first=first,
                )
            )
        best = next((t for t in tried if t[0]), tried[0])
        messages = [m for t in tried for m in t[2]] if not best[0] else best[2]
        out.append(_result(best[0], best[1], messages))
    return out


def validate_code(inputs: Inputs, *, versions: Versions, value_set: bool) -> dict:
    request = read_request(inputs, versions=versions, value_set=value_set)
    return answer([request], versions=versions)[0]


def batch_validate_code(inputs: Inputs, *, versions: Versions) -> dict:
    """``validation`` parameters in (each a Parameters ``resource`` of ``$validate-code``
    inputs, or the same as ``part``s); one ``validation`` out each, in order. The batch's
    other parameters (``system``, ``date``, ``version``) apply to every validation that
    does not give its own."""
    items = inputs.all("validation")
    if not items:
        raise bad_parameter(
            "validation", "No 'validation' parameter: give one per code to validate."
        )
    if len(items) > MAX_BATCH:
        raise bad_parameter(
            "validation",
            f"{len(items)} validations in one request; at most {MAX_BATCH}: split the batch.",
        )
    defaults = Inputs([p for p in inputs.params if p.name != "validation"])
    readable: list[tuple[int, Request]] = []
    results: list[dict | None] = [None] * len(items)
    for index, item in enumerate(items):
        where = f"validation[{index}]"
        try:
            if item.resource is not None:
                item_inputs = Inputs.from_parameters(item.resource, where)
            else:
                item_inputs = Inputs(item.parts)
            request = read_request(
                item_inputs, versions=versions, value_set=False, defaults=defaults
            )
        except FhirError as error:
            results[index] = error_result(error, where)
            continue
        readable.append((index, request))
    answers = answer([request for _, request in readable], versions=versions)
    for (index, _), result in zip(readable, answers):
        results[index] = result
    return {
        "resourceType": "Parameters",
        "parameter": [{"name": "validation", "resource": result} for result in results],
    }
