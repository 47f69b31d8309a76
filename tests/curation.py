"""Fixtures for curation: users in each role, a small draft over the bundled data, the JAN
2025 state alone (to load OCT 2025 over it), and helpers to snapshot the database."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from codes.cms import layout
from codes.cms.readers import ParsedRelease
from codes.models import AuditEntry, CodeVersion, HcpcsCode, Release
from codes.releases import roles
from codes.releases.services import published_records, release_publish, release_stage
from tests.conftest import JAN_2025_XLSX, TEST_DATA
from tests.parsed_files import read_release

FIRST40_TXT = TEST_DATA / "HCPC2025_JAN_ANWEB_first40.txt"
PASSWORD = "curation-test-password"

# What the small test draft (``draft``) proposes over the bundled July 2026 state.
DRAFT_EDITS = {
    "A4453": {"short_description": "Rec cath transanal, each v2"},  # changed
    "J9333": {"betos": "D1F"},  # changed, a coded field (was O1D)
    "E1130": {"term_dt": datetime.date(2026, 9, 30)},  # terminated
}
DRAFT_REMOVED = "A0021"  # left out of the file
DRAFT_ADDED = "A9998"  # not in any CMS release


@pytest.fixture
def make_user(django_user_model):
    def make(username: str, *role_names: str, staff: bool = True, superuser: bool = False):
        user = django_user_model.objects.create_user(
            username=username,
            password=PASSWORD,
            is_staff=staff,
            is_superuser=superuser,
        )
        user.groups.set(Group.objects.filter(name__in=role_names))
        return user

    return make


@pytest.fixture
def curator(make_user):
    return make_user("carla", roles.CURATOR)


@pytest.fixture
def publisher(make_user):
    return make_user("pablo", roles.PUBLISHER)


@pytest.fixture
def auditor(make_user):
    return make_user("audrey", roles.AUDITOR)


@pytest.fixture
def staff_no_role(make_user):
    return make_user("stan")


@pytest.fixture
def as_user():
    """A logged-in test client for a user."""

    def login(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return login


def parsed_from(
    records: list[dict],
    *,
    label: str,
    effective_date: datetime.date,
    name: str = "HCPC2026_OCT_ANWEB_test.txt",
) -> ParsedRelease:
    digest = hashlib.sha256(repr((label, name, len(records), records[:3])).encode()).hexdigest()
    return ParsedRelease(
        source_name=name,
        format="txt",
        member_name=None,
        records=records,
        label=label,
        effective_date=effective_date,
        sha256=digest,
    )


def blank_record(code: str, **values) -> dict:
    record = {attr: None if attr in layout.DATE_ATTRS else "" for attr in layout.ATTRS}
    record.update(code=code, seqnum="0010", recid=layout.RECID_PROCEDURE, **values)
    return record


def next_release_records() -> list[dict]:
    """The published records, with the DRAFT_* changes applied."""
    records = []
    for code, (record, listed) in sorted(published_records().items()):
        if not listed or code == DRAFT_REMOVED:
            continue
        records.append({**record, **DRAFT_EDITS.get(code, {})})
    records.append(
        blank_record(
            DRAFT_ADDED,
            long_description="Test supply added by the curation tests",
            short_description="Test supply",
            price1="46",
            cov="D",
            betos="D1F",
            tos1="P",
            add_dt=datetime.date(2026, 10, 1),
            act_eff_dt=datetime.date(2026, 10, 1),
            action_cd="A",
        )
    )
    return records


@pytest.fixture
def draft(bundled, curator) -> Release:
    """A draft "2026 October" over the bundled data (the quarter after July 2026): 2 changed,
    1 terminated, 1 added and 1 no longer in the file."""
    parsed = parsed_from(
        next_release_records(), label="2026 October", effective_date=datetime.date(2026, 10, 1)
    )
    return release_stage(parsed=parsed, user=curator).release


def version_of(release: Release, code: str) -> CodeVersion:
    return release.versions.get(code=code)


@pytest.fixture(scope="session")
def jan_2025_parsed() -> ParsedRelease:
    return read_release(JAN_2025_XLSX)


@pytest.fixture
def jan_only(empty_codes, jan_2025_parsed) -> Release:
    """Only the JAN 2025 release published (inside the test's transaction)."""
    return release_publish(release=release_stage(parsed=jan_2025_parsed).release)


def db_snapshot(codes: list[str] | None = None) -> dict:
    """What publishing may change: the published records, versions, releases, audit."""
    published = HcpcsCode.objects.order_by("code")
    if codes is not None:
        published = published.filter(code__in=codes)
    return {
        "codes": [
            tuple(row) for row in published.values_list(*layout.ATTRS, "listed", "release_id")
        ],
        "code_count": HcpcsCode.objects.count(),
        "versions": list(
            CodeVersion.objects.order_by("pk").values_list(
                "pk", "release_id", "held", "change_type", "short_description"
            )
        ),
        "releases": list(
            Release.objects.order_by("pk").values_list(
                "pk", "status", "published_at", "label", "effective_date"
            )
        ),
        "audit": AuditEntry.objects.count(),
    }


def changed(parsed: ParsedRelease, **changes) -> ParsedRelease:
    return dataclasses.replace(parsed, **changes)


@pytest.fixture
def index_refreshes(monkeypatch) -> list[list[str]]:
    """The codes of each search index refresh the services call (the refresh still runs)."""
    from codes.search import index as search_index

    calls: list[list[str]] = []
    real_refresh = search_index.refresh_index

    def recording(codes, **kwargs):
        calls.append(sorted(codes))
        real_refresh(codes, **kwargs)

    monkeypatch.setattr(search_index, "refresh_index", recording)
    return calls


@pytest.fixture(autouse=True)
def fresh_cache():
    """Cached reads (the footer's latest release, the reference tables) must not leak from
    one test's rolled-back data into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
