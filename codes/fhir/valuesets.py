"""Value sets an operation works on: the implicit one of every code, or one the request
gives (a ``valueSet`` resource, or a ``tx-resource`` ValueSet named by ``url``).

A given value set is read into a ``ValueSetSpec``: its ``compose.include`` entries of
HCPCS Level II (a ``concept`` list, ``filter``s on the properties the CodeSystem declares,
or both, which must then both hold), its ``exclude`` entries alike, and
``compose.inactive``. Membership becomes one filter on the codes (``condition``), so
``$expand`` pages it in SQL and ``$validate-code`` checks a code with one query.

Whatever this server cannot honour is refused with a 422 OperationOutcome naming the
element (``valueSet.compose.include[0].system``...), never ignored: another code system,
an ``include.valueSet`` import, a filter operator or property it does not support,
``compose.lockedDate``, includes pinned to different versions.

Filters are judged on the latest published record of each code; ``status`` and
``inactive`` on the ``date`` asked (today by default; every day of a span).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from codes.fhir import identity
from codes.fhir.dates import DaySpan
from codes.fhir.errors import FhirError, bad_parameter
from codes.fhir.inputs import Inputs
from codes.fhir.properties import BY_CODE
from codes.models import status_condition
from codes.status import CodeStatus

# The declared properties a filter can test, and the record columns each reads (any of
# them matching, for the numbered CMS fields).
FILTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "recordType": ("recid",),
    "actionCode": ("action_cd",),
    "coverage": ("cov",),
    "betos": ("betos",),
    "multiplePricingIndicator": ("mult_pi",),
    "pricingIndicator": tuple(f"price{n}" for n in range(1, 5)),
    "typeOfService": tuple(f"tos{n}" for n in range(1, 6)),
    "replacedBy": tuple(f"xref{n}" for n in range(1, 6)),
}
DATE_PROPERTIES = ("status", "inactive")
FILTER_OPERATORS = ("=", "in", "not-in", "exists")
STATUS_VALUES = (CodeStatus.ACTIVE.value, CodeStatus.NOT_YET_EFFECTIVE.value, "terminated")
_COMPOSE_KEYS = {"include", "exclude", "inactive", "id"}
_INCLUDE_KEYS = {"system", "version", "concept", "filter", "id"}


def unsupported(element: str, message: str) -> FhirError:
    """A 422 naming the value set element this server does not support."""
    return FhirError(422, message, element, "not-supported")


@dataclass(frozen=True)
class Filter:
    property: str
    op: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Include:
    concepts: dict[str, str | None] | None = None  # code -> display the value set gives
    filters: tuple[Filter, ...] = ()
    version: str | None = None


@dataclass
class ValueSetSpec:
    """A value set as this server evaluates it."""

    url: str
    version: str | None = None
    name: str | None = None
    title: str | None = None
    includes: list[Include] = field(default_factory=list)
    excludes: list[Include] = field(default_factory=list)
    active_only: bool = False  # compose.inactive false
    implicit: bool = True

    def compose(self) -> dict:
        """The compose as this server read it, for the expansion: rebuilt from what it
        understood, so nothing it did not read (extensions...) is echoed."""

        def entry(include: Include) -> dict:
            out: dict = {"system": identity.CANONICAL}
            if include.version:
                out["version"] = include.version
            if include.concepts is not None:
                out["concept"] = [
                    {"code": code, **({"display": display} if display else {})}
                    for code, display in include.concepts.items()
                ]
            if include.filters:
                out["filter"] = [
                    {"property": f.property, "op": f.op, "value": ",".join(f.values)}
                    for f in include.filters
                ]
            return out

        compose: dict = {"include": [entry(i) for i in self.includes]}
        if self.excludes:
            compose["exclude"] = [entry(e) for e in self.excludes]
        if self.active_only:
            compose["inactive"] = False
        return compose

    @property
    def code_system_version(self) -> str | None:
        """The HCPCS version the includes pin (one at most; checked when read)."""
        found = {i.version for i in self.includes + self.excludes if i.version}
        return found.pop() if found else None

    def displays(self) -> dict[str, str]:
        """{code: display} the value set itself gives its concepts."""
        out: dict[str, str] = {}
        for include in self.includes:
            for code, display in (include.concepts or {}).items():
                if display:
                    out[code] = display
        return out

    def condition(self, span: DaySpan) -> Q | None:
        """Membership as a filter on ``HcpcsCode`` (None: every code)."""
        if self.implicit:
            return None
        included = Q(pk__in=[])
        for include in self.includes:
            included |= _include_condition(include, span)
        for exclude in self.excludes:
            included &= ~_include_condition(exclude, span)
        return included


def _status_condition(status: str, span: DaySpan) -> Q:
    """Codes with ``status`` over the span: active on every day of it, or the status on
    its first day for the others."""
    if status == CodeStatus.ACTIVE:
        return status_condition(CodeStatus.ACTIVE, span.first) & status_condition(
            CodeStatus.ACTIVE, span.last
        )
    return status_condition(status, span.first)


def _filter_condition(item: Filter, span: DaySpan) -> Q:
    if item.property == "status":
        found = Q(pk__in=[])
        for value in item.values:
            found |= _status_condition(value, span)
        return ~found if item.op == "not-in" else found
    if item.property == "inactive":
        active = _status_condition(CodeStatus.ACTIVE, span)
        return active if item.values[0] == "false" else ~active
    columns = FILTER_COLUMNS[item.property]
    if item.op == "exists":
        present = Q(pk__in=[])
        for column in columns:
            present |= ~Q(**{column: ""}) & Q(**{f"{column}__isnull": False})
        return present if item.values[0] == "true" else ~present
    found = Q(pk__in=[])
    for column in columns:
        found |= Q(**{f"{column}__in": list(item.values)})
    return ~found if item.op == "not-in" else found


def _include_condition(include: Include, span: DaySpan) -> Q:
    condition = Q()
    if include.concepts is not None:
        condition &= Q(code__in=list(include.concepts))
    for item in include.filters:
        condition &= _filter_condition(item, span)
    return condition


# ---------------------------------------------------------------- reading a ValueSet


def _text(value: object, element: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise bad_parameter(element, f"{element} must be a non-empty string.")
    return value.strip()


def _read_filter(item: object, element: str) -> Filter:
    if not isinstance(item, dict):
        raise bad_parameter(element, f"{element} must be an object.")
    prop = _text(item.get("property"), f"{element}.property")
    op = _text(item.get("op"), f"{element}.op")
    value = _text(item.get("value"), f"{element}.value")
    declared = set(FILTER_COLUMNS) | set(DATE_PROPERTIES)
    if prop not in declared:
        known = "not a property" if prop not in BY_CODE else "a property it cannot filter on"
        raise unsupported(
            f"{element}.property",
            f"Filter property {prop!r} is {known} of this code system; filters may test "
            + ", ".join(sorted(declared))
            + ".",
        )
    if op not in FILTER_OPERATORS:
        raise unsupported(
            f"{element}.op",
            f"Filter operator {op!r} is not supported (the code system has no hierarchy); "
            "use " + ", ".join(FILTER_OPERATORS) + ".",
        )
    values = tuple(v.strip() for v in value.split(",")) if op in ("in", "not-in") else (value,)
    if any(not v for v in values):
        raise bad_parameter(f"{element}.value", f"{element}.value has an empty item.")
    boolean = op == "exists" or prop == "inactive"
    if boolean and (len(values) != 1 or values[0] not in ("true", "false")):
        raise bad_parameter(f"{element}.value", f"{element}.value must be true or false.")
    if prop == "inactive" and op != "=":
        raise unsupported(f"{element}.op", "The inactive property takes the = operator only.")
    if prop == "status":
        if op == "exists":
            raise unsupported(f"{element}.op", "Every code has a status: exists is not asked.")
        wrong = [v for v in values if v not in STATUS_VALUES]
        if wrong:
            raise bad_parameter(
                f"{element}.value",
                f"Status {', '.join(wrong)} is not one of " + ", ".join(STATUS_VALUES) + ".",
            )
    return Filter(prop, op, values)


def _read_include(item: object, element: str) -> Include:
    if not isinstance(item, dict):
        raise bad_parameter(element, f"{element} must be an object.")
    if "valueSet" in item:
        raise unsupported(
            f"{element}.valueSet",
            "Value sets that import other value sets (include.valueSet) are not supported: "
            "list the HCPCS concepts or filters instead.",
        )
    for key in item:
        if key not in _INCLUDE_KEYS:
            raise unsupported(f"{element}.{key}", f"{element}.{key} is not supported.")
    system = _text(item.get("system"), f"{element}.system")
    if system not in identity.ALIASES:
        raise unsupported(
            f"{element}.system",
            f"A definition for CodeSystem {system!r} could not be found: this server holds "
            f"only HCPCS Level II, {identity.CANONICAL}.",
        )
    version = item.get("version")
    if version is not None:
        version = _text(version, f"{element}.version")
    concepts = None
    if "concept" in item:
        raw = item["concept"]
        if not isinstance(raw, list) or not raw:
            raise bad_parameter(f"{element}.concept", f"{element}.concept must be a list.")
        concepts = {}
        for i, concept in enumerate(raw):
            where = f"{element}.concept[{i}]"
            if not isinstance(concept, dict):
                raise bad_parameter(where, f"{where} must be an object.")
            code = _text(concept.get("code"), f"{where}.code")
            display = concept.get("display")
            if display is not None and not isinstance(display, str):
                raise bad_parameter(f"{where}.display", f"{where}.display must be a string.")
            concepts[code] = display
    filters = item.get("filter") or []
    if not isinstance(filters, list):
        raise bad_parameter(f"{element}.filter", f"{element}.filter must be a list.")
    return Include(
        concepts,
        tuple(_read_filter(f, f"{element}.filter[{i}]") for i, f in enumerate(filters)),
        version,
    )


def read_value_set(resource: object, element: str) -> ValueSetSpec:
    """A ValueSet resource given in the request, as a spec, or a 400/422 naming the element."""
    if not isinstance(resource, dict) or resource.get("resourceType") != "ValueSet":
        raise bad_parameter(element, f"{element} must be a ValueSet resource.")
    compose = resource.get("compose")
    if not isinstance(compose, dict):
        raise unsupported(
            f"{element}.compose",
            f"{element} has no compose: this server evaluates value sets from their "
            "compose.include, not from a given expansion.",
        )
    for key in compose:
        if key not in _COMPOSE_KEYS:
            raise unsupported(
                f"{element}.compose.{key}", f"{element}.compose.{key} is not supported."
            )
    includes = compose.get("include")
    if not isinstance(includes, list) or not includes:
        raise bad_parameter(
            f"{element}.compose.include", f"{element}.compose.include must be a non-empty list."
        )
    excludes = compose.get("exclude") or []
    if not isinstance(excludes, list):
        raise bad_parameter(
            f"{element}.compose.exclude", f"{element}.compose.exclude must be a list."
        )
    inactive = compose.get("inactive")
    if inactive is not None and not isinstance(inactive, bool):
        raise bad_parameter(
            f"{element}.compose.inactive", f"{element}.compose.inactive must be true or false."
        )
    spec = ValueSetSpec(
        url=resource.get("url") if isinstance(resource.get("url"), str) else None,
        version=resource.get("version") if isinstance(resource.get("version"), str) else None,
        name=resource.get("name") if isinstance(resource.get("name"), str) else None,
        title=resource.get("title") if isinstance(resource.get("title"), str) else None,
        includes=[
            _read_include(item, f"{element}.compose.include[{i}]")
            for i, item in enumerate(includes)
        ],
        excludes=[
            _read_include(item, f"{element}.compose.exclude[{i}]")
            for i, item in enumerate(excludes)
        ],
        active_only=inactive is False,
        implicit=False,
    )
    pinned = {i.version for i in spec.includes + spec.excludes if i.version}
    if len(pinned) > 1:
        raise unsupported(
            f"{element}.compose.include",
            f"The includes pin HCPCS to {len(pinned)} versions ({', '.join(sorted(pinned))}); "
            "this server expands one version at a time.",
        )
    return spec


def implicit(url: str | None = None) -> ValueSetSpec:
    return ValueSetSpec(url=url or identity.ALL_CODES_VALUE_SET)


def _tx_value_sets(inputs: Inputs) -> dict[str, tuple[int, dict]]:
    """{url: (position, resource)} of the ValueSets given as ``tx-resource``; any other
    resource there is refused (this server takes no code systems or supplements)."""
    found: dict[str, tuple[int, dict]] = {}
    for i, param in enumerate(inputs.all("tx-resource")):
        resource = param.resource
        where = f"tx-resource[{i}]"
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        if kind != "ValueSet":
            raise unsupported(
                where,
                f"{where} is {'a ' + kind if kind else 'not a resource'}: this server takes "
                "ValueSet resources there, not code systems or supplements.",
            )
        url = resource.get("url")
        if isinstance(url, str) and url.strip():
            found[url.strip()] = (i, resource)
    return found


def value_set_of(inputs: Inputs, *, url_name: str = "url") -> ValueSetSpec:
    """The value set an operation is asked about: a ``valueSet`` resource; else ``url``
    naming the implicit value set or a ``tx-resource`` ValueSet; else the implicit one."""
    given = inputs.all("valueSet")
    tx = _tx_value_sets(inputs)
    if given:
        if len(given) > 1:
            raise bad_parameter("valueSet", "Parameter 'valueSet' is given more than once.")
        if given[0].resource is None:
            raise bad_parameter(
                "valueSet",
                "Parameter 'valueSet' must hold a ValueSet resource (POST a Parameters "
                "body); to name a value set, use 'url'.",
            )
        return read_value_set(given[0].resource, "valueSet")
    url = inputs.text(url_name)
    if url is None:
        return implicit()
    url = url.strip()
    canonical, _, wanted_version = url.partition("|")
    if canonical in tx:
        position, resource = tx[canonical]
        if wanted_version and resource.get("version") != wanted_version:
            raise unsupported(
                url_name,
                f"The value set {canonical!r} given in tx-resource[{position}] is version "
                f"{resource.get('version')!r}, not {wanted_version!r}.",
            )
        return read_value_set(resource, f"tx-resource[{position}]")
    found = implicit(identity.check_value_set(canonical, url_name))
    found.version = wanted_version or None
    return found


def day_span(span: DaySpan | None, today: datetime.date) -> DaySpan:
    return span or DaySpan(today, today, today.isoformat())
