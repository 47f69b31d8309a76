"""The concept properties the code system defines, and their values for one record.

Each property is a CMS field (or a few numbered ones: PRICE1-4, TOS1-5, XREF1-5); its
definition is CMS's, from the record layout, and each coded value carries its CMS meaning
from the code tables as the ``description`` of the ``$lookup`` output.
"""

from __future__ import annotations

from dataclasses import dataclass

from codes import reference_tables
from codes.cms import layout, reference

CONCEPT_PROPERTIES = "http://hl7.org/fhir/concept-properties#"


@dataclass(frozen=True)
class PropertyDef:
    code: str
    type: str  # FHIR property type: code, dateTime, boolean, string
    headers: tuple[str, ...] = ()  # the CMS columns it reads
    description: str = ""
    uri: str | None = None

    @property
    def definition(self) -> str:
        if self.description:
            return self.description
        first = self.headers[0]
        return f"{first}: " + reference.definition(first).split("\n")[0]


def _numbered(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{n}" for n in range(1, count + 1))


STATUS = "status"
INACTIVE = "inactive"
REPLACED_BY = "replacedBy"

PROPERTIES: tuple[PropertyDef, ...] = (
    PropertyDef(
        STATUS,
        "code",
        description="Validity on the date asked (today by default), from CMS's ADD DT and "
        "TERM DT in the latest published record: active, not_yet_effective, terminated.",
        uri=CONCEPT_PROPERTIES + "status",
    ),
    PropertyDef(
        INACTIVE,
        "boolean",
        description="True when the code may not be used on the date asked (not active).",
        uri=CONCEPT_PROPERTIES + "inactive",
    ),
    PropertyDef("recordType", "code", ("RECID",)),
    PropertyDef("effectiveDate", "dateTime", ("ADD DT",), uri=CONCEPT_PROPERTIES + "effectiveDate"),
    PropertyDef("actionEffectiveDate", "dateTime", ("ACT EFF DT",)),
    PropertyDef(
        "retirementDate", "dateTime", ("TERM DT",), uri=CONCEPT_PROPERTIES + "retirementDate"
    ),
    PropertyDef("actionCode", "code", ("ACTION CD",)),
    PropertyDef("pricingIndicator", "code", _numbered("PRICE", 4)),
    PropertyDef("multiplePricingIndicator", "code", ("MULT_PI",)),
    PropertyDef("coverage", "code", ("COV",)),
    PropertyDef("betos", "code", ("BETOS",)),
    PropertyDef("typeOfService", "code", _numbered("TOS", 5)),
    PropertyDef(
        REPLACED_BY,
        "code",
        _numbered("XREF", 5),
        description="XREF1-5: Cross Reference Code: " + reference.definition("XREF1"),
    ),
)
BY_CODE = {prop.code: prop for prop in PROPERTIES}
RECORD_TYPES = {layout.RECID_PROCEDURE: "Procedure code", layout.RECID_MODIFIER: "Modifier"}


def property_parts(
    record: dict,
    *,
    status: str,
    status_message: str,
    wanted: set[str] | None,
    replacements_in_hcpcs: dict[str, bool],
) -> list[dict]:
    """The ``property`` output parameters of ``$lookup`` for a record, in property order,
    each with ``code``, a typed ``value`` and the value's CMS meaning as ``description``."""
    tables = reference_tables.lookup()
    out: list[dict] = []

    def add(code: str, value_key: str, value, description: str | None) -> None:
        part = [{"name": "code", "valueCode": code}, {"name": "value", value_key: value}]
        if description:
            part.append({"name": "description", "valueString": description})
        out.append({"name": "property", "part": part})

    for prop in PROPERTIES:
        if wanted is not None and prop.code not in wanted:
            continue
        if prop.code == STATUS:
            add(STATUS, "valueCode", status, status_message)
            continue
        if prop.code == INACTIVE:
            add(INACTIVE, "valueBoolean", status != "active", None)
            continue
        for header in prop.headers:
            attr = layout.BY_HEADER[header].attr
            raw = record.get(attr)
            if raw in (None, ""):
                continue
            label = reference.label(header)
            if prop.type == "dateTime":
                add(prop.code, "valueDateTime", raw.isoformat(), f"{header}: {label}")
            elif prop.code == "recordType":
                add(prop.code, "valueCode", raw, RECORD_TYPES.get(raw))
            elif prop.code == REPLACED_BY:
                in_hcpcs = replacements_in_hcpcs.get(raw, True)
                note = "" if in_hcpcs else "; not an HCPCS Level II code (CPT)"
                add(prop.code, "valueCode", raw, f"{header}: {label}{note}")
            else:
                meaning = reference_tables.decode(attr, raw, tables)
                text = f"{header}: {meaning}" if meaning else f"{header}: not in the CMS table"
                add(prop.code, "valueCode", raw, text)
    return out
