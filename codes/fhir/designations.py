"""Designations of codes for ``$expand`` (``includeDesignations``): CMS's short
description, as ``$lookup`` gives it, in the version the expansion speaks for."""

from __future__ import annotations

from collections.abc import Iterable

from codes.fhir.identity import Version
from codes.fhir.lookup import SHORT_DESCRIPTION_USE
from codes.models import CodeVersion, HcpcsCode


def short_descriptions(codes: Iterable[str], version: Version, *, latest: bool) -> dict[str, str]:
    """{code: short description} of ``codes`` as ``version`` stated them (one query)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    if latest:
        rows = HcpcsCode.objects.filter(code__in=wanted).values_list("code", "short_description")
        return {code: text for code, text in rows if text}
    rows = (
        CodeVersion.objects.in_force()
        .filter(code__in=wanted, effective_date__lte=version.effective_date)
        .order_by("code", "effective_date", "id")
        .values_list("code", "short_description")
    )
    out: dict[str, str] = {}
    for code, text in rows:  # the latest stated on or before the version wins
        out[code] = text
    return {code: text for code, text in out.items() if text}


def designation(text: str) -> dict:
    """A ValueSet.expansion.contains designation for a short description."""
    return {"language": "en", "use": SHORT_DESCRIPTION_USE, "value": text}
