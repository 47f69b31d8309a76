"""Reading a code's CMS record for the operations: the record as a version stated it, the
first one loaded, descriptions of many codes in one version, and the validity rule as a
filter for $expand."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from codes.cms import layout
from codes.fhir.identity import Version, Versions
from codes.models import CodeVersion, HcpcsCode, status_condition
from codes.status import CodeStatus
from codes.timeline.reading import Timeline, build
from codes.timeline.store import XREF_ATTRS


def first_releases(codes: Iterable[str]) -> dict[str, int]:
    """{code: the release that first listed it} (one query per 5,000 codes): the version
    that speaks for a day before a code's first loaded release."""
    wanted = sorted(set(codes))
    first: dict[str, int] = {}
    for start in range(0, len(wanted), 5000):
        rows = (
            CodeVersion.objects.in_force()
            .filter(code__in=wanted[start : start + 5000], release__isnull=False)
            .order_by("code", "-effective_date", "-id")
            .values_list("code", "release_id")
        )
        first.update(rows)  # the oldest of each code comes last and wins
    return first


def case_suggestions(codes: Iterable[str]) -> dict[str, str]:
    """{code: the same code in upper case} where only the upper-case one exists: codes are
    case-sensitive, so ``q4390`` is not a code but the message can name ``Q4390``."""
    asked = {code: code.upper() for code in codes if code.upper() != code}
    wanted = sorted(set(asked.values()))
    known: set[str] = set()
    for start in range(0, len(wanted), 5000):
        chunk = wanted[start : start + 5000]
        known.update(HcpcsCode.objects.filter(code__in=chunk).values_list("code", flat=True))
    return {code: upper for code, upper in asked.items() if upper in known}


def unknown_code_message(code: str, suggestion: str | None) -> str:
    message = f"Unknown code {code!r}: no published HCPCS Level II release has it."
    if suggestion:
        message += f" Codes are case-sensitive: did you mean {suggestion}?"
    return message


# Enough of a version and its release to place it in time (a full CMS row is read only
# for the version a lookup shows): fewer columns, less SQL to build on every request.
_VERSION_FIELDS = (
    "id",
    "code",
    "effective_date",
    "release_id",
    "change_type",
    "long_description",
    "short_description",
    "release__effective_date",
    "release__label",
    "add_dt",
    "act_eff_dt",
    "term_dt",
    "action_cd",
    "recid",
    *XREF_ATTRS,
)


@dataclass
class CodeHistory:
    """A code's published state and its in-force versions (with their releases), oldest
    first: everything $lookup needs, in two queries (three for an older version)."""

    state: HcpcsCode
    versions: list[CodeVersion]

    @classmethod
    def read(cls, code: str) -> CodeHistory | None:
        state = (
            HcpcsCode.objects.select_related("release")
            .only(*layout.ATTRS, "listed", "release__effective_date", "release__label")
            .filter(code=code)
            .first()
        )
        if state is None:
            return None
        versions = list(
            CodeVersion.objects.in_force()
            .filter(code=code)
            .select_related("release")
            .only(*_VERSION_FIELDS)
            .order_by("effective_date", "id")
        )
        return cls(state, versions)

    def timeline(self, versions: Versions) -> Timeline:
        return build(self.state.code, self.versions, versions.points())

    def full_record(self, row) -> dict:
        return self._full(row)

    def _full(self, row: CodeVersion) -> dict:
        return CodeVersion.objects.get(pk=row.pk).record()

    def record_in(self, version: Version, *, latest: Version | None) -> dict | None:
        """The record as ``version``'s release stated it (versions are stored only when
        they change; the latest is the published state), or None when that release did
        not list the code."""
        if version == latest:
            return self.state.record()
        stated = [v for v in self.versions if v.effective_date <= version.effective_date]
        if not stated or stated[-1].change_type == CodeVersion.ChangeType.REMOVED:
            return None
        return self._full(stated[-1])


def descriptions_in_version(codes: Iterable[str], version: Version) -> dict[str, str]:
    """{code: long description} of the ``codes`` that ``version``'s release listed, as it
    stated them (one query per 5,000 codes)."""
    wanted = sorted(set(codes))
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
    """The codes valid on ``day`` (their timelines' spans), as a filter on ``HcpcsCode``."""
    return status_condition(CodeStatus.ACTIVE, day)
