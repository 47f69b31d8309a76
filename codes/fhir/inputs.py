"""Reading an operation's inputs, the same way from a query string and a Parameters body.

A GET carries them as query parameters (all text; a Coding as ``system|code``); a POST as
a FHIR ``Parameters`` resource, where each value has its FHIR type (``valueCode``,
``valueCoding``...) and may have ``part``s or a ``resource``. Both become a list of
``Param``; the getters check each value and raise a 400 naming the parameter. Parameters an
operation does not define are ignored, as FHIR terminology servers do (clients send
``displayLanguage`` and the like); names starting with ``_`` are the request's own
(``_format``). A body nesting JSON deeper than the parser's recursion limit, or parts
deeper than ``MAX_PART_DEPTH``, is a 400: a minimal guard until the shared bounded JSON
parser of the hardening issue replaces ``json.loads`` here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.http import HttpRequest, QueryDict

from codes.fhir.dates import FORMS, DaySpan, parse_span
from codes.fhir.errors import FhirError, bad_parameter
from hcpcs_site.json_input import CONTROL_CHARACTERS, JsonInputError, parse

# 10,000 batch validations as pretty-printed Parameters come to about 4 MB.
MAX_BODY_BYTES = 20 * 1024 * 1024
# How deep parameter parts may nest: the operations use two levels (a batch's validation
# holding a Parameters resource); anything deeper is refused, not recursed into.
MAX_PART_DEPTH = 8
_TRUE = {"true"}
_FALSE = {"false"}


@dataclass(slots=True)
class Param:
    name: str
    value: object = None  # str, bool, int or a dict (Coding, CodeableConcept)
    value_type: str | None = None  # the FHIR element name, e.g. "valueCode"
    parts: list[Param] = field(default_factory=list)
    resource: dict | None = None


def _param_from_json(item: object, where: str, depth: int = 0) -> Param:
    if not isinstance(item, dict):
        raise bad_parameter(where, f"{where} must be a JSON object.")
    name = item.get("name")
    if not isinstance(name, str) or not name:
        raise bad_parameter(where, f"{where} has no name.")
    value_type = None
    parts: object = None
    resource = None
    for key in item:  # one pass: batches carry tens of thousands of parameters
        if key.startswith("value"):
            if value_type is not None:
                raise bad_parameter(
                    name, f"Parameter {name!r} has more than one value ({value_type}, {key})."
                )
            value_type = key
        elif key == "part":
            parts = item[key]
        elif key == "resource":
            resource = item[key]
    if parts is not None and not isinstance(parts, list):
        raise bad_parameter(name, f"The part of parameter {name!r} must be a list.")
    if parts and depth >= MAX_PART_DEPTH:
        raise bad_parameter(where, f"{where} nests parts more than {MAX_PART_DEPTH} deep.")
    if resource is not None and not isinstance(resource, dict):
        raise bad_parameter(name, f"The resource of parameter {name!r} must be an object.")
    return Param(
        name,
        item[value_type] if value_type else None,
        value_type,
        [_param_from_json(p, f"{name}.part[{i}]", depth + 1) for i, p in enumerate(parts)]
        if parts
        else [],
        resource,
    )


class Inputs:
    """An operation's inputs by name, in the order given."""

    def __init__(self, params: list[Param]):
        self.params = params
        self._by_name: dict[str, list[Param]] = {}
        for param in params:
            self._by_name.setdefault(param.name, []).append(param)

    # ---------------------------------------------------------------- building

    @classmethod
    def from_query(cls, query: QueryDict) -> Inputs:
        for name, values in query.lists():
            for value in (name, *values):
                if CONTROL_CHARACTERS.search(value):
                    raise bad_parameter(
                        name, f"Parameter {name[:40]!r} holds a control character; remove it."
                    )
        return cls(
            [
                Param(name, value, None)
                for name, values in query.lists()
                if not name.startswith("_")
                for value in values
            ]
        )

    @classmethod
    def from_parameters(cls, resource: object, where: str = "body") -> Inputs:
        """Inputs from a Parameters resource, or a 400 saying what is wrong with it."""
        if not isinstance(resource, dict) or resource.get("resourceType") != "Parameters":
            found = resource.get("resourceType") if isinstance(resource, dict) else None
            raise bad_parameter(
                where,
                f"The {where} must be a FHIR Parameters resource"
                + (f", not {found}." if found else "."),
            )
        items = resource.get("parameter") or []
        if not isinstance(items, list):
            raise bad_parameter(where, f"Parameters.parameter in the {where} must be a list.")
        return cls([_param_from_json(item, f"parameter[{i}]") for i, item in enumerate(items)])

    @classmethod
    def from_request(cls, request: HttpRequest) -> Inputs:
        """GET: the query string. POST: a Parameters body (JSON), or a form."""
        if request.method != "POST":
            return cls.from_query(request.GET)
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return cls.from_query(request.POST)
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > MAX_BODY_BYTES:
            raise FhirError(413, f"The body is over {MAX_BODY_BYTES} bytes.", "body", "too-long")
        raw = request.read(MAX_BODY_BYTES + 1)
        if len(raw) > MAX_BODY_BYTES:
            raise FhirError(413, f"The body is over {MAX_BODY_BYTES} bytes.", "body", "too-long")
        if not raw.strip():
            raise bad_parameter("body", "The body is empty: POST a FHIR Parameters resource.")
        try:
            resource = parse(raw, max_bytes=MAX_BODY_BYTES)
        except JsonInputError as error:
            if error.status == 413:
                raise FhirError(413, str(error), "body", "too-long") from None
            raise bad_parameter("body", f"{error} POST a FHIR Parameters resource.") from None
        inputs = cls.from_parameters(resource)
        # Query parameters on a POST (e.g. ?system=) count too, after the body's.
        inputs.params += cls.from_query(request.GET).params
        return cls(inputs.params)

    # ---------------------------------------------------------------- reading

    def all(self, name: str) -> list[Param]:
        return self._by_name.get(name, [])

    def has(self, name: str) -> bool:
        return name in self._by_name

    def _one(self, name: str) -> Param | None:
        found = self.all(name)
        if len(found) > 1:
            raise bad_parameter(name, f"Parameter {name!r} is given {len(found)} times; once.")
        return found[0] if found else None

    def text(self, name: str) -> str | None:
        param = self._one(name)
        if param is None:
            return None
        if not isinstance(param.value, str):
            raise bad_parameter(name, f"Parameter {name!r} must be a string value.")
        if not param.value.strip():
            raise bad_parameter(name, f"Parameter {name!r} is empty.")
        return param.value

    def texts(self, name: str) -> list[str]:
        out = []
        for param in self.all(name):
            if not isinstance(param.value, str) or not param.value.strip():
                raise bad_parameter(name, f"Parameter {name!r} must be a non-empty string.")
            out.append(param.value.strip())
        return out

    def span(self, name: str) -> DaySpan | None:
        """The days a FHIR dateTime names (a year, a month, a day; see ``dates``)."""
        text = self.text(name)
        if text is None:
            return None
        span = parse_span(text)
        if span is None:
            raise bad_parameter(
                name, f"Parameter {name!r} is {text!r}, not a FHIR dateTime: give {FORMS}."
            )
        return span

    def date(self, name: str) -> datetime.date | None:
        """The first day of the span ``name`` gives."""
        span = self.span(name)
        return span.first if span else None

    def integer(self, name: str, *, minimum: int, maximum: int) -> int | None:
        param = self._one(name)
        if param is None:
            return None
        value = param.value
        if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise bad_parameter(name, f"Parameter {name!r} must be a whole number.")
        if not minimum <= value <= maximum:
            raise bad_parameter(
                name, f"Parameter {name!r} is {value}; it must be from {minimum} to {maximum}."
            )
        return value

    def boolean(self, name: str) -> bool | None:
        param = self._one(name)
        if param is None:
            return None
        value = param.value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            value = value.strip().lower() in _TRUE
        if not isinstance(value, bool):
            raise bad_parameter(name, f"Parameter {name!r} must be true or false.")
        return value

    def coding(self, name: str) -> dict | None:
        """A Coding: ``valueCoding`` in a body, ``system|code`` (or ``code``) in a query."""
        param = self._one(name)
        if param is None:
            return None
        if isinstance(param.value, str) and param.value_type is None:
            system, bar, code = param.value.rpartition("|")
            return {"system": system, "code": code} if bar else {"code": code}
        if param.value_type != "valueCoding" or not isinstance(param.value, dict):
            raise bad_parameter(name, f"Parameter {name!r} must be a Coding (valueCoding).")
        return param.value

    def codeable_concept(self, name: str) -> dict | None:
        param = self._one(name)
        if param is None:
            return None
        if param.value_type != "valueCodeableConcept" or not isinstance(param.value, dict):
            raise bad_parameter(
                name,
                f"Parameter {name!r} must be a CodeableConcept (valueCodeableConcept), "
                "sent in a POSTed Parameters body.",
            )
        codings = param.value.get("coding")
        if not isinstance(codings, list) or not codings:
            raise bad_parameter(name, f"Parameter {name!r} has no coding.")
        return param.value


@dataclass(frozen=True)
class Coded:
    """The code an operation is about, with the parameter it came from (for messages)."""

    code: str
    system: str | None
    version: str | None
    display: str | None
    parameter: str  # where the code came from: code, coding, codeableConcept.coding[0]
    system_parameter: str


def _coding_value(coding: dict, parameter: str) -> Coded:
    code = coding.get("code")
    if not isinstance(code, str) or not code.strip():
        raise bad_parameter(parameter, f"The {parameter} has no code.")
    system = coding.get("system") or None
    version = coding.get("version") or None
    display = coding.get("display") or None
    for key, value in (("system", system), ("version", version), ("display", display)):
        if value is not None and not isinstance(value, str):
            raise bad_parameter(parameter, f"The {key} of {parameter} must be a string.")
    return Coded(code.strip(), system, version, display, parameter, parameter)


def coded_inputs(inputs: Inputs, *, system_names: tuple[str, ...], concept: bool) -> list[Coded]:
    """The code asked about: ``code`` (with ``system``/``url``, ``version``, ``display``),
    or ``coding``, or (for ``$validate-code``) each coding of ``codeableConcept``; exactly
    one of these, or a 400 naming them."""
    given = [name for name in ("code", "coding", "codeableConcept") if inputs.has(name)]
    if not concept and "codeableConcept" in given:
        given.remove("codeableConcept")
    allowed = "code, coding or codeableConcept" if concept else "code or coding"
    if not given:
        raise bad_parameter("code", f"Parameter 'code' is missing: give one of {allowed}.")
    if len(given) > 1:
        raise bad_parameter(
            given[1], f"Give only one of {allowed}, not both {given[0]} and {given[1]}."
        )
    if given[0] == "code":
        system_param = next((name for name in system_names if inputs.has(name)), None)
        return [
            Coded(
                inputs.text("code").strip(),
                inputs.text(system_param) if system_param else None,
                inputs.text("version"),
                inputs.text("display"),
                "code",
                system_param or system_names[0],
            )
        ]
    if given[0] == "coding":
        return [_coding_value(inputs.coding("coding"), "coding")]
    concept_value = inputs.codeable_concept("codeableConcept")
    return [
        _coding_value(coding, f"codeableConcept.coding[{i}]")
        for i, coding in enumerate(concept_value["coding"])
    ]
