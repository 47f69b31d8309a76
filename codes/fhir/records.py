"""Reading a code's CMS record for the operations: the published state, the record as a
version stated it, and whether cross-referenced codes are HCPCS Level II codes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

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


def descriptions_in_version(codes: set[str], version: Version) -> dict[str, str]:
    """{code: long description} of the ``codes`` that ``version``'s release listed, as it
    stated them (one query per 5,000 codes)."""
    wanted = sorted(codes)
    latest: dict[str, tuple[str, str]] = {}
    for start in range(0, len(wanted), 5000):
        rows = (
            CodeVersion.objects.in_force()
            .filter(
                code__in=wanted[start : start + 5000], effective_date__lte=version.effective_date
            )
            .order_by("code", "effective_date", "id")
            .values_list("code", "change_type", "long_description")
        )
        latest.update((code, (change, text)) for code, change, text in rows)
    return {
        code: text
        for code, (change, text) in latest.items()
        if change != CodeVersion.ChangeType.REMOVED
    }


def active_condition(day: datetime.date) -> Q:
    """The codes valid on ``day``, as a filter on ``HcpcsCode``."""
    return ~Q(term_dt__lt=day) & ~Q(add_dt__gt=day) & ~Q(action_cd="A", act_eff_dt__gt=day)


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
