"""Reading a code's CMS record for the operations: the published state, the record as a
version stated it, and whether cross-referenced codes are HCPCS Level II codes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from codes.fhir.errors import not_found
from codes.fhir.identity import Version
from codes.models import CodeVersion, HcpcsCode, record_status

XREF_ATTRS = tuple(f"xref{n}" for n in range(1, 6))


def unknown_code_message(code: str) -> str:
    """Codes are case-sensitive: ``q4390`` is not a code, and the message says which is."""
    message = f"Unknown code {code!r}: no published HCPCS Level II release has it."
    upper = code.upper()
    if upper != code and HcpcsCode.objects.filter(code=upper).exists():
        message += f" Codes are case-sensitive: did you mean {upper}?"
    return message


def current_record(code: str, *, parameter: str = "code") -> dict:
    """The latest published record of ``code``, or a 404 (naming a case-fixed code)."""
    row = HcpcsCode.objects.filter(code=code).first()
    if row is None:
        raise not_found(unknown_code_message(code), parameter)
    return row.record()


def record_in_version(code: str, version: Version) -> dict | None:
    """The record as the release of ``version`` stated it (versions are stored only when
    they change), or None when that release did not list the code."""
    row = (
        CodeVersion.objects.in_force()
        .filter(code=code, effective_date__lte=version.effective_date)
        .history_order()
        .first()
    )
    if row is None or row.change_type == CodeVersion.ChangeType.REMOVED:
        return None
    return row.record()


def replacements_in_hcpcs(record: dict) -> dict[str, bool]:
    """{cross-referenced code: whether it is an HCPCS Level II code here} (one query)."""
    xrefs = [record[attr] for attr in XREF_ATTRS if record.get(attr)]
    if not xrefs:
        return {}
    known = set(HcpcsCode.objects.filter(code__in=xrefs).values_list("code", flat=True))
    return {code: code in known for code in xrefs}


@dataclass(frozen=True)
class StatusOnDay:
    code: str
    message: str


def status_on(record: dict, day: datetime.date) -> StatusOnDay:
    status = record_status(record, day)
    code = {"pending": "not_yet_effective"}.get(str(status), str(status))
    return StatusOnDay(code, f"{code.replace('_', ' ')} on {day.isoformat()}")
