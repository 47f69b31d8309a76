"""The CMS HCPCS record layout: one entry per column, shared by readers, models and exports.

Positions are 1-based and inclusive, as the CMS record layout documents print them. The
layout has been identical from 2017 to 2026. ``attr`` is the name the field carries in
plain records and on the Django models; ``header`` is the CMS xlsx column name, which the
exports use as the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "date", "digits"]


@dataclass(frozen=True)
class Column:
    header: str
    attr: str
    start: int
    end: int
    kind: Kind = "text"

    @property
    def width(self) -> int:
        return self.end - self.start + 1

    def slice(self, line: str) -> str:
        """The raw characters of this column in a fixed-width line (may be short or empty)."""
        return line[self.start - 1 : self.end]


def _numbered(header: str, attr: str, start: int, width: int, count: int) -> list[Column]:
    return [
        Column(f"{header}{n}", f"{attr}{n}", start + (n - 1) * width, start + n * width - 1)
        for n in range(1, count + 1)
    ]


COLUMNS: tuple[Column, ...] = (
    Column("HCPC", "code", 1, 5),
    Column("SEQNUM", "seqnum", 6, 10, "digits"),
    Column("RECID", "recid", 11, 11),
    Column("LONG DESCRIPTION", "long_description", 12, 91),
    Column("SHORT DESCRIPTION", "short_description", 92, 119),
    *_numbered("PRICE", "price", 120, 2, 4),
    Column("MULT_PI", "mult_pi", 128, 128),
    *_numbered("CIM", "cim", 129, 6, 3),
    *_numbered("MCM", "mcm", 147, 8, 3),
    Column("STATUTE", "statute", 171, 180),
    *_numbered("LABCERT", "labcert", 181, 3, 8),
    *_numbered("XREF", "xref", 205, 5, 5),
    Column("COV", "cov", 230, 230),
    Column("ASC_GRP", "asc_grp", 231, 232),
    Column("ASC_DT", "asc_dt", 233, 240, "date"),
    Column("OPPS", "opps", 241, 243),
    Column("OPPS_PI", "opps_pi", 244, 244),
    Column("OPPS_DT", "opps_dt", 245, 252, "date"),
    Column("PROCNOTE", "procnote", 253, 256),
    Column("BETOS", "betos", 257, 259),
    *_numbered("TOS", "tos", 261, 1, 5),
    Column("ANEST_BU", "anest_bu", 266, 268),
    Column("ADD DT", "add_dt", 269, 276, "date"),
    Column("ACT EFF DT", "act_eff_dt", 277, 284, "date"),
    Column("TERM DT", "term_dt", 285, 292, "date"),
    Column("ACTION CD", "action_cd", 293, 293),
)

BY_HEADER: dict[str, Column] = {c.header: c for c in COLUMNS}
BY_ATTR: dict[str, Column] = {c.attr: c for c in COLUMNS}
HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)
ATTRS: tuple[str, ...] = tuple(c.attr for c in COLUMNS)
DATE_ATTRS: frozenset[str] = frozenset(c.attr for c in COLUMNS if c.kind == "date")

# Columns that identify a record rather than describe it: not compared between releases.
IDENTITY_ATTRS: frozenset[str] = frozenset({"code"})
# Everything a release can change about a code.
COMPARED_ATTRS: tuple[str, ...] = tuple(a for a in ATTRS if a not in IDENTITY_ATTRS)

# Record identification codes (RECID).
RECID_PROCEDURE = "3"
RECID_PROCEDURE_CONTINUATION = "4"
RECID_MODIFIER = "7"
RECID_MODIFIER_CONTINUATION = "8"
FIRST_LINE_RECIDS = frozenset({RECID_PROCEDURE, RECID_MODIFIER})
CONTINUATION_OF = {
    RECID_PROCEDURE_CONTINUATION: RECID_PROCEDURE,
    RECID_MODIFIER_CONTINUATION: RECID_MODIFIER,
}

# The shortest line that still holds a code, a sequence number and a record id.
MIN_RECORD_LENGTH = 11
