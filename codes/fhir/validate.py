"""``$validate-code`` (CodeSystem and ValueSet) and ``CodeSystem/$batch-validate-code``.

``date`` is the date of service, judged by the site's one validity rule
(``codes.validation.validity``): valid when ADD DT <= date <= TERM DT of the latest
published record. ``result`` is false for a code not valid on the day (the message says
why and names the replacement), for a code the version asked does not have, and for a
wrong ``display`` (the message names the right one), and for a code outside the value
set the request gives. Codes are case-sensitive: ``q4390`` is not valid, and the message
suggests ``Q4390``. A year or month ``date`` is judged on its first and last day (valid on
every day of it: ``dates``). Each sentence of ``message`` is also an issue of ``issues``;
an unknown system or version is the tx-ecosystem's 200 with ``result`` false and
``x-caused-by-unknown-system``, in a batch too.

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
from codes.fhir.dates import DaySpan
from codes.fhir.errors import FhirError, bad_parameter, operation_outcome
from codes.fhir.identity import Version, Versions
from codes.fhir.inputs import Coded, Inputs, Param, coded_inputs
from codes.fhir.pins import Pins, find, unknown_version_message
from codes.fhir.records import (
    case_suggestions,
    descriptions_in_version,
    first_releases,
    unknown_code_message,
)
from codes.fhir.valuesets import ValueSetSpec, day_span, value_set_of
from codes.models import HcpcsCode
from codes.status import CodeStatus
from codes.validation.validity import Verdict, check_many, over_span

MAX_BATCH = 10_000
_SPACE = re.compile(r"\s+")


TX_ISSUE_TYPE = "http://hl7.org/fhir/tools/CodeSystem/tx-issue-type"


@dataclass(frozen=True)
class Note:
    """One finding about a validation: a sentence of ``message`` and an issue of
    ``issues`` (its OperationOutcome type, tx-ecosystem issue type and element)."""

    text: str
    tx_type: str
    expression: str
    code: str = "code-invalid"
    severity: str = "error"

    def issue(self) -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "details": {
                "coding": [{"system": TX_ISSUE_TYPE, "code": self.tx_type}],
                "text": self.text,
            },
            "expression": [self.expression],
        }


@dataclass(frozen=True)
class Request:
    """One validation asked: the codings to try (one, or a CodeableConcept's), the days and
    the version, all checked; or, for a system or version this server does not have, the
    answer that says so (``unknown``)."""

    codings: tuple[Coded, ...] = ()
    span: DaySpan | None = None
    version: Version | None = None
    version_asked: bool = False
    value_set: ValueSetSpec | None = None
    lenient_display: bool = False
    unknown: dict | None = None  # the whole answer, for an unknown system or version
    conflict: Note | None = None  # check-system-version disagrees with the version asked

    @property
    def day(self) -> datetime.date | None:
        return self.span.first if self.span else None


def _same_text(a: str, b: str) -> bool:
    return _SPACE.sub(" ", a).strip().casefold() == _SPACE.sub(" ", b).strip().casefold()


def _element(coded: Coded, name: str) -> str:
    """The input element a finding is about: ``display``, ``coding.display``..."""
    if coded.parameter == "code":
        return coded.system_parameter if name == "system" else name
    return f"{coded.parameter}.{name}"


def _unknown_answer(coded: Coded, caused_by: str, text: str, element: str) -> dict:
    """The tx-ecosystem's answer for a system or version the server does not have: 200,
    result false, the reason as ``message`` and ``issues``, and ``x-caused-by-unknown-
    system`` naming it (simple-coding-bad-system, bad-version1)."""
    note = Note(text, "not-found", element, code="not-found")
    params = [
        {"name": "result", "valueBoolean": False},
        {"name": "message", "valueString": text},
        {"name": "code", "valueCode": coded.code},
    ]
    if coded.system:
        params.append({"name": "system", "valueUri": coded.system.strip()})
    params += [
        {"name": "x-caused-by-unknown-system", "valueCanonical": caused_by},
        {"name": "issues", "resource": {"resourceType": "OperationOutcome", "issue": []}},
    ]
    params[-1]["resource"]["issue"].append(note.issue())
    return {"resourceType": "Parameters", "parameter": params}


def read_request(
    inputs: Inputs, *, versions: Versions, value_set: bool, defaults: Inputs | None = None
) -> Request:
    """The validation ``inputs`` ask for (``defaults``: a batch's shared parameters)."""
    merged = inputs
    if defaults is not None and defaults.params:
        inherited = [p for p in defaults.params if not inputs.has(p.name)]
        merged = Inputs(inputs.params + inherited) if inherited else inputs
    spec = None
    if value_set:
        spec = value_set_of(merged)
        system_names = ("system",)
    else:
        system_names = ("url", "system")
    span = merged.span("date")
    lenient = bool(merged.boolean("lenient-display-validation"))
    pins = Pins.read(merged)
    codings = coded_inputs(merged, system_names=system_names, concept=True)
    ours = [c for c in codings if c.system is None or c.system.strip() in identity.ALIASES]
    if len(codings) > 1:
        ours = [c for c in ours if c.system]
    if not ours:
        coded = codings[0]
        system = coded.system.strip() if coded.system else ""
        caused_by = f"{system}|{coded.version}" if coded.version else system
        text = (
            f"Unknown code system {system!r}: a definition for CodeSystem {system!r} could "
            "not be found, so the code cannot be validated; this server holds only HCPCS "
            f"Level II, {identity.CANONICAL}."
        )
        element = _element(coded, "system")
        answer = _unknown_answer(coded, caused_by, text, element)
        return Request(tuple(codings), span, unknown=answer)
    codings = ours
    version_name = "valueSetVersion" if value_set and merged.has("valueSetVersion") else "version"
    given = codings[0].version or merged.text(version_name)
    given_name = _element(codings[0], "version") if codings[0].version else version_name
    if spec is not None and not given:
        if spec.implicit:  # url=...?fhir_vs|2025-01: the all-codes value set of a version
            given, given_name = spec.version, "url"
        else:
            given, given_name = spec.code_system_version, "valueSet.compose.include.version"
    label, conflict = pins.label(given)
    conflict_note = (
        Note(conflict, "vs-invalid", "check-system-version", code="business-rule")
        if conflict
        else None
    )
    version = find(versions, label)
    if label and version is None:
        parameter = pins.parameter(given, given_name)
        text = (
            f"Unknown version {label!r} of {identity.CANONICAL}. "
            + unknown_version_message(label, versions)
            + " The code cannot be validated."
        )
        return Request(
            tuple(codings),
            span,
            unknown=_unknown_answer(codings[0], f"{identity.CANONICAL}|{label}", text, parameter),
        )
    if version is None:
        raise FhirError(404, "No HCPCS release is published on this server yet.", None, "not-found")
    return Request(
        tuple(codings), span, version, bool(label), spec, lenient, conflict=conflict_note
    )


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


def _over_span(verdict: Verdict, at_end: Verdict | None) -> Verdict:
    """A span's verdict (``validity.over_span``): valid on every day of it."""
    return over_span(verdict, at_end)


def _one_coding(
    request: Request,
    coded: Coded,
    verdict: Verdict,
    *,
    versions: Versions,
    in_version: dict[str, str] | None,
    suggestions: dict[str, str],
    first: dict[str, int],
) -> tuple[bool, list[dict], list[Note]]:
    """(result, output parameters, findings) for one coding."""
    version = _version_of(request, verdict, versions, first)
    params = [
        {"name": "code", "valueCode": coded.code},
        {"name": "system", "valueUri": identity.CANONICAL},
    ]
    if version is not None:
        params.append({"name": "version", "valueString": version.label})
    span = request.span
    if span is not None and not span.is_day:
        day = f"every day of {span.text} ({span.first.isoformat()} to {span.last.isoformat()})"
    else:
        day = verdict.day.isoformat()
    code_element = _element(coded, "code")
    if verdict.status == CodeStatus.UNKNOWN:
        text = unknown_code_message(coded.code, suggestions.get(coded.code))
        return False, params, [Note(text, "invalid-code", code_element)]
    display = verdict.description
    if in_version is not None:
        if coded.code not in in_version:
            text = (
                f"Code {coded.code} is not in version {request.version.label} "
                f"(release {request.version.release_label})."
            )
            return False, params, [Note(text, "invalid-code", code_element)]
        display = in_version[coded.code]
    result = verdict.valid
    notes = []
    if not verdict.valid:
        notes.append(
            Note(
                f"{coded.code} is not valid on {day}: {verdict.message}.",
                "code-rule",
                code_element,
                code="business-rule",
            )
        )
    elif verdict.term_dt or verdict.last_day or (span is not None and not span.is_day):
        text = f"{coded.code} is valid on {day}: {verdict.message}."
        if span is not None and not span.is_day:
            text += f" ({span.describe()}.)"
        notes.append(
            Note(text, "code-comment", code_element, code="informational", severity="information")
        )
    if coded.display:
        names = [display, verdict.short_description]
        if not any(name and _same_text(coded.display, name) for name in names):
            lenient = request.lenient_display
            result = result and lenient
            notes.append(
                Note(
                    f"Wrong display {coded.display!r} for {coded.code}: it should be {display!r}"
                    + (
                        f" (or {verdict.short_description!r})."
                        if verdict.short_description
                        else "."
                    ),
                    "invalid-display",
                    _element(coded, "display"),
                    code="invalid",
                    severity="warning" if lenient else "error",
                )
            )
    if display:
        params.append({"name": "display", "valueString": display})
    if verdict.status != CodeStatus.ACTIVE:
        params.append({"name": "inactive", "valueBoolean": True})
    return result, params, notes


def _result(result: bool, params: list[dict], notes: list[Note]) -> dict:
    head = [{"name": "result", "valueBoolean": result}]
    if notes:
        head.append({"name": "message", "valueString": " ".join(n.text for n in notes)})
    tail = []
    if notes:
        outcome = {"resourceType": "OperationOutcome", "issue": [n.issue() for n in notes]}
        tail.append({"name": "issues", "resource": outcome})
    return {"resourceType": "Parameters", "parameter": head + params + tail}


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


def _not_in_value_set(requests: list[Request]) -> set[tuple[int, str]]:
    """(request index, code) of codings outside the value set their request gives (one
    query per request with a value set of its own; the implicit one holds every code)."""
    today = timezone.localdate()
    outside = set()
    for index, request in enumerate(requests):
        spec = request.value_set
        if spec is None or spec.implicit or request.unknown is not None:
            continue
        codes = [c.code for c in request.codings]
        condition = spec.condition(day_span(request.span, today))
        found = HcpcsCode.objects.filter(code__in=codes).filter(condition)
        inside = set(found.values_list("code", flat=True))
        outside.update((index, code) for code in codes if code not in inside)
    return outside


def answer(requests: list[Request], *, versions: Versions) -> list[dict]:
    """One output Parameters per readable request, in order; a bounded number of queries
    (``check_many``; one each for case suggestions and first releases; one per older
    version asked; one per request with its own value set)."""
    today = timezone.localdate()
    known = [r for r in requests if r.unknown is None]
    lines = [(c.code, r.day or today) for r in known for c in r.codings]
    # A span is judged on its last day too: those lines follow, in the same order.
    ends = [(c.code, r.span.last) for r in known if r.span and not r.span.is_day for c in r.codings]
    verdicts = check_many(lines + ends)
    at_ends = iter(verdicts[len(lines) :])
    verdicts = verdicts[: len(lines)]
    suggestions = case_suggestions(v.code for v in verdicts if v.status == CodeStatus.UNKNOWN)
    first = first_releases(
        v.code for v in verdicts if v.release is None and v.status != CodeStatus.UNKNOWN
    )
    older: dict[str, set[str]] = {}
    for request in known:
        if request.version_asked and request.version != versions.latest:
            older.setdefault(request.version.label, set()).update(c.code for c in request.codings)
    descriptions = {
        label: descriptions_in_version(codes, find(versions, label))
        for label, codes in older.items()
    }
    outside = _not_in_value_set(requests)
    out = []
    position = 0
    for index, request in enumerate(requests):
        if request.unknown is not None:
            out.append(request.unknown)
            continue
        spans = request.span is not None and not request.span.is_day
        tried = []
        for coded in request.codings:
            verdict = verdicts[position]
            position += 1
            if spans:
                verdict = _over_span(verdict, next(at_ends))
            in_version = None
            if request.version_asked and request.version != versions.latest:
                in_version = descriptions[request.version.label]
            result, params, notes = _one_coding(
                request,
                coded,
                verdict,
                versions=versions,
                in_version=in_version,
                suggestions=suggestions,
                first=first,
            )
            if (index, coded.code) in outside:
                url = request.value_set.url or "the value set given"
                text = f"The code {coded.code} is not in the value set {url}."
                notes.insert(0, Note(text, "not-in-vs", _element(coded, "code")))
                result = False
            if request.conflict is not None:
                notes.insert(0, request.conflict)
                result = False
            tried.append((result, params, notes))
        best = next((t for t in tried if t[0]), tried[0])
        notes = [n for t in tried for n in t[2]] if not best[0] else best[2]
        out.append(_result(best[0], best[1], notes))
    return out


def validate_code(
    inputs: Inputs, *, versions: Versions, value_set: bool, instance: Version | None = None
) -> dict:
    """``instance``: the version a ``CodeSystem/{id}`` or ``ValueSet/{id}`` names, used
    when the request names none."""
    if instance is not None:
        name = "valueSetVersion" if value_set else "version"
        if not inputs.has(name):
            inputs = Inputs(inputs.params + [Param(name, instance.label)])
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
