"""How a CMS record is laid out on a page: groups of fields, decoded values, definitions.

Numbered columns (PRICE1-4, TOS1-5, ...) share one CMS definition, so they are shown as one
row listing each value in order.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from codes import reference_tables
from codes.cms import layout, reference

# (group title, [row: the headers it shows])
GROUPS: list[tuple[str, list[list[str]]]] = [
    ("Descriptions", [["LONG DESCRIPTION"], ["SHORT DESCRIPTION"]]),
    (
        "Pricing and coverage",
        [
            ["PRICE1", "PRICE2", "PRICE3", "PRICE4"],
            ["MULT_PI"],
            ["COV"],
        ],
    ),
    (
        "Classification",
        [
            ["BETOS"],
            ["TOS1", "TOS2", "TOS3", "TOS4", "TOS5"],
            ["ANEST_BU"],
            ["PROCNOTE"],
            ["RECID"],
            ["SEQNUM"],
        ],
    ),
    ("Dates and status", [["ADD DT"], ["ACT EFF DT"], ["TERM DT"], ["ACTION CD"]]),
    (
        "Cross-references and manual references",
        [
            ["XREF1", "XREF2", "XREF3", "XREF4", "XREF5"],
            ["CIM1", "CIM2", "CIM3"],
            ["MCM1", "MCM2", "MCM3"],
            ["STATUTE"],
        ],
    ),
    ("Lab certification", [[f"LABCERT{n}" for n in range(1, 9)]]),
    ("ASC and OPPS", [["ASC_GRP"], ["ASC_DT"], ["OPPS"], ["OPPS_PI"], ["OPPS_DT"]]),
]

# The page also shows the HCPC field itself with its CMS definition (what Level I and Level II
# are); the admin forms, which share GROUPS, show the code apart.
PAGE_GROUPS = [
    (title, [["HCPC"], *rows] if title == "Classification" else rows) for title, rows in GROUPS
]

RECORD_TYPES = {"3": "Procedure", "7": "Modifier"}


@dataclass
class Value:
    header: str
    attr: str
    display: str
    meaning: str | None = None
    unknown: bool = False  # a coded value that no CMS code table defines
    link: str | None = None


@dataclass
class Row:
    label: str
    definition: str
    headers: list[str]
    values: list[Value]


def _label(headers: list[str]) -> str:
    label = reference.label(headers[0])
    return label.rsplit(" #", 1)[0] + (f" (#1-{len(headers)})" if len(headers) > 1 else "")


def display_value(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


def field_rows(record: dict, links: dict[str, str] | None = None) -> list[tuple[str, list[Row]]]:
    """The record's fields grouped for a page, each value decoded from its code table."""
    tables = reference_tables.lookup()
    links = links or {}
    groups = []
    for title, rows in PAGE_GROUPS:
        out = []
        for headers in rows:
            values = []
            for header in headers:
                attr = layout.BY_HEADER[header].attr
                shown = display_value(record.get(attr))
                if not shown and len(headers) > 1:
                    continue  # a blank slot of a numbered column
                meaning = None
                unknown = False
                if attr == "recid":
                    meaning = RECORD_TYPES.get(shown)
                elif shown and attr in reference_tables.ATTR_TABLES:
                    meaning = reference_tables.decode(attr, shown, tables)
                    unknown = meaning is None
                values.append(
                    Value(
                        header,
                        attr,
                        shown,
                        meaning,
                        unknown,
                        links.get(shown) if attr.startswith("xref") else None,
                    )
                )
            out.append(
                Row(
                    _label(headers),
                    without_ama_notice(reference.definition(headers[0])),
                    headers,
                    values,
                )
            )
        groups.append((title, out))
    return groups


AMA_NOTICE = (
    "CPT codes and descriptions are copyright of the American Medical Association (AMA); "
    "they are not public property and must always be used in compliance with copyright law, "
    "in accordance with the CMS/AMA agreement."
)
_AMA_PARAGRAPH = ("AMA copyright", "AMA owns the copyright")


def without_ama_notice(definition: str) -> str:
    """A CMS definition without its AMA copyright paragraph, which the page states once."""
    paragraphs = definition.split("\n\n")
    return "\n\n".join(p for p in paragraphs if not any(m in p for m in _AMA_PARAGRAPH))
