"""What publishing and correcting set off: the search index refresh, called directly inside
their transaction, and the caches (footer, reference tables) forgotten once it commits."""

from __future__ import annotations

import pytest
from django.db import transaction

from codes import reference_tables
from codes.models import BetosCode, Release
from codes.releases import curation
from codes.releases.services import release_publish
from tests.curation import DRAFT_ADDED, DRAFT_EDITS, DRAFT_REMOVED

pytestmark = pytest.mark.django_db


def test_publishing_refreshes_the_index_with_exactly_the_changed_codes(
    draft, publisher, index_refreshes
):
    release_publish(release=draft, user=publisher)
    assert index_refreshes == [sorted([*DRAFT_EDITS, DRAFT_ADDED, DRAFT_REMOVED])]


def test_the_footer_names_a_new_release_once_its_publish_commits(
    draft, publisher, client, django_capture_on_commit_callbacks
):
    before = Release.objects.latest_published_summary()
    assert before["label"] == "2026 July"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        release_publish(release=draft, user=publisher)
    # Until the transaction commits, the cached footer still names the old release.
    assert Release.objects.latest_published_summary() == before
    for callback in callbacks:
        callback()
    assert Release.objects.latest_published_summary()["label"] == "2026 October"
    assert "2026 October" in client.get("/").content.decode()


def test_the_footer_reads_the_cache_rather_than_the_database(
    bundled, client, django_assert_num_queries
):
    client.get("/")
    Release.objects.latest_published_summary()
    with django_assert_num_queries(0):
        Release.objects.latest_published_summary()


def test_editing_a_reference_table_forgets_its_cache_when_the_transaction_commits(
    bundled, curator, django_capture_on_commit_callbacks
):
    assert reference_tables.lookup()["betos"]["D1F"] != "Renamed for the test"
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        entry = BetosCode.objects.get(code="D1F")
        entry.description = "Renamed for the test"
        curation.reference_save(instance=entry, user=curator, reason="test")
    assert reference_tables.lookup()["betos"]["D1F"] != "Renamed for the test", (
        "cleared before the commit: another request could cache the old row again"
    )
    assert callbacks, "the save asked to forget the cache on commit"
    for callback in callbacks:
        callback()
    assert reference_tables.lookup()["betos"]["D1F"] == "Renamed for the test"


def test_a_rolled_back_reference_edit_leaves_the_cache_as_it_was(bundled, curator):
    reference_tables.lookup()
    with pytest.raises(RuntimeError), transaction.atomic():
        entry = BetosCode.objects.get(code="D1F")
        entry.description = "Never committed"
        entry.save()
        reference_tables.lookup()  # a read inside the transaction sees the unsaved row
        raise RuntimeError("rolled back")
    assert BetosCode.objects.get(code="D1F").description != "Never committed"
    assert reference_tables.lookup()["betos"]["D1F"] != "Never committed"
