"""Who the code system is, in HL7 Terminology (THO) terms, and its versions.

THO 1.0.2 names HCPCS Level II ``http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets``;
older THO versions used ``https://``, and clients still send that, so it is accepted as an
alias and answered with the canonical URL. Each published release is one version, labelled
by its effective month (``2025-10``), the convention terminology servers use for HCPCS; no
version means the latest.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache

from codes.fhir.errors import bad_parameter
from codes.models import Release
from codes.timeline.reading import Point

CANONICAL = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
ALIASES = frozenset({CANONICAL, "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"})
OID = "urn:oid:2.16.840.1.113883.6.285"
CODE_SYSTEM_ID = "hcpcs"
NAME = "HCPCSLevelII"
TITLE = "Healthcare Common Procedure Coding System (HCPCS) Level II"
PUBLISHER = "Centers for Medicare & Medicaid Services (CMS)"
# Who publishes this server's own resources (CapabilityStatement...): the site, not CMS.
SOFTWARE_PUBLISHER = "HCPCS Level II code site"
# The implicit value set of every code in the code system (FHIR R4, CodeSystem.valueSet).
ALL_CODES_VALUE_SET = CANONICAL + "?fhir_vs"
VALUE_SET_ALIASES = frozenset(url + "?fhir_vs" for url in ALIASES)
FHIR_VERSION = "4.0.1"


def version_label(effective_date: datetime.date) -> str:
    return f"{effective_date.year}-{effective_date.month:02d}"


@dataclass(frozen=True)
class Version:
    """One published release as a CodeSystem version."""

    label: str
    release_id: int
    release_label: str
    effective_date: datetime.date
    record_count: int

    @property
    def resource_id(self) -> str:
        return f"{CODE_SYSTEM_ID}-{self.label}"


# Every FHIR request needs the published releases, and they change only with the content
# version (a publish moves it, in the publishing transaction): kept in the site's cache
# under it, as the footer's latest release is.
VERSIONS_CACHE_KEY = "fhir:versions"
VERSIONS_CACHE_SECONDS = 3600


def _published_rows(using: str, content_version: int | None) -> list[tuple]:
    """(id, label, effective date, record count) of the published releases, newest first:
    one query, or none when they were read for the content version the request is served
    for (``request.content_version``, which the page cache read)."""
    key = f"{VERSIONS_CACHE_KEY}:{using}:{content_version}"
    rows = cache.get(key) if content_version is not None else None
    if rows is None:
        rows = list(
            Release.objects.using(using)
            .published()
            .order_by("-effective_date", "-published_at", "-id")
            .values_list("id", "label", "effective_date", "record_count")
        )
        if content_version is not None:
            cache.set(key, rows, VERSIONS_CACHE_SECONDS)
    return rows


class Versions:
    """The published releases as versions, newest first (one query, or none: see
    ``_published_rows``)."""

    def __init__(self, *, using: str = "default", content_version: int | None = None):
        rows = _published_rows(using, content_version)
        by_label: dict[str, Version] = {}
        for pk, label, effective, count in rows:
            # Two releases of one month: the one published last is that version.
            by_label.setdefault(
                version_label(effective),
                Version(version_label(effective), pk, label, effective, count),
            )
        self.all: list[Version] = list(by_label.values())
        self._rows = rows
        self._by_label = by_label
        self.by_release_id = {version.release_id: version for version in self.all}

    @property
    def latest(self) -> Version | None:
        return self.all[0] if self.all else None

    def points(self) -> list[Point]:
        """Every published release as a point of the codes' timelines, oldest first."""
        return sorted(
            (Point(effective, label, pk) for pk, label, effective, _ in self._rows),
            key=lambda point: (point.day, point.release_id),
        )

    def get(self, label: str | None, parameter: str = "version") -> Version | None:
        """The version asked for (the latest when none is), or a 400 naming the parameter."""
        if not label:
            return self.latest
        found = self._by_label.get(label.strip())
        if found is None:
            known = ", ".join(v.label for v in self.all) or "none"
            raise bad_parameter(
                parameter,
                f"Unknown version {label!r} of {CANONICAL}: the versions here are {known} "
                "(one per published CMS release, labelled YYYY-MM).",
            )
        return found

    def in_force_on(self, day: datetime.date) -> Version | None:
        """The release in force on ``day``: the newest that took effect on or before it
        (the oldest loaded one for a day before every loaded release)."""
        for version in self.all:
            if version.effective_date <= day:
                return version
        return self.all[-1] if self.all else None


def check_system(url: str | None, parameter: str = "system") -> str:
    """The canonical URL for a system the server knows, or a 400 naming the parameter."""
    if url is None:
        return CANONICAL
    if url.strip() in ALIASES:
        return CANONICAL
    raise bad_parameter(
        parameter,
        f"Unknown code system {url!r}: this server holds only HCPCS Level II, {CANONICAL}.",
    )


def check_value_set(url: str | None, parameter: str = "url") -> str:
    if url is None or url.strip() in VALUE_SET_ALIASES:
        return ALL_CODES_VALUE_SET
    raise bad_parameter(
        parameter,
        f"Unknown value set {url!r}: this server expands only the implicit value set of "
        f"every HCPCS Level II code, {ALL_CODES_VALUE_SET}.",
    )
