"""Publishing and discarding: one transaction, confirmation out of date order, failures
change nothing, two publishes at once."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.db import connection
from django.urls import reverse

from codes.models import AuditEntry, HcpcsCode, Release
from codes.releases import curation
from codes.releases import services as releases
from codes.releases.services import ReleaseError, release_publish, release_stage
from codes.search import index as search_index
from tests.conftest import wipe_code_data
from tests.curation import (
    DRAFT_ADDED,
    blank_record,
    db_snapshot,
    next_release_records,
    parsed_from,
    version_of,
)

UNIQUE_WORD = "zorblaxian"


def publish_url(release: Release) -> str:
    return reverse("admin:codes_release_publish", args=[release.pk])


def found_by_search(client, word: str, code: str) -> bool:
    response = client.get("/codes/", {"q": word})
    return response.status_code == 200 and f"/codes/{code}/" in response.content.decode()


@pytest.fixture
def curated(draft, curator):
    """The draft with one proposed value edited and one change held back."""
    curation.version_edit(
        version=version_of(draft, "A4453"),
        values={"short_description": f"Rec cath {UNIQUE_WORD}"},
        reason="test edit",
        user=curator,
    )
    curation.version_hold(version=version_of(draft, "J9333"), reason="wait", user=curator)
    return draft


def test_publishing_applies_edits_skips_held_changes_and_audits(
    publisher, as_user, curated, client, django_capture_on_commit_callbacks
):
    page = as_user(publisher).get(publish_url(curated)).content.decode()
    assert "<strong>1</strong> held back" in page and "<strong>1</strong> edited" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(publisher).post(publish_url(curated))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:codes_release_change", args=[curated.pk])
    curated.refresh_from_db()
    assert curated.status == "published" and curated.published_by == publisher
    assert HcpcsCode.objects.get(code="A4453").short_description == f"Rec cath {UNIQUE_WORD}"
    assert HcpcsCode.objects.get(code="J9333").betos == "O1D", "held back"
    assert HcpcsCode.objects.get(code=DRAFT_ADDED).release == curated
    assert HcpcsCode.objects.get(code="E1130").term_dt == datetime.date(2026, 9, 30)
    entry = AuditEntry.objects.get(action="published", release=curated)
    assert entry.user == publisher and entry.release == curated
    assert "1 held back" in entry.reason
    assert found_by_search(client, UNIQUE_WORD, "A4453"), "the search index was refreshed"
    assert "2026 October" in client.get("/releases/").content.decode()
    assert "CMS HCPCS release 2026 October" in client.get("/codes/A4453/").content.decode()


def test_a_failure_in_the_middle_of_publishing_changes_nothing(
    publisher, as_user, curated, client, monkeypatch
):
    calls = []
    real_refresh = search_index.refresh_index

    def index_fails(codes, **kwargs):
        calls.append(list(codes))
        real_refresh(codes, **kwargs)  # the codes and the index have both been written
        raise RuntimeError("search index unavailable")

    monkeypatch.setattr(search_index, "refresh_index", index_fails)
    before = db_snapshot()
    response = as_user(publisher).post(publish_url(curated))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Publishing failed and nothing was changed" in page
    assert "search index unavailable" in page
    assert calls and "A4453" in calls[0], "the failure came after the codes were written"
    assert db_snapshot() == before
    assert not found_by_search(client, UNIQUE_WORD, "A4453"), "the index is as it was"
    # The same draft publishes once the fault is gone.
    monkeypatch.setattr(search_index, "refresh_index", real_refresh)
    release_publish(release=curated, user=publisher)
    assert found_by_search(client, UNIQUE_WORD, "A4453")


def test_a_failure_while_applying_versions_changes_nothing(publisher, curated, monkeypatch):
    updated = []
    real_update = releases.bulk.update_values

    def counting_update(model, rows, *args, **kwargs):
        written = real_update(model, rows, *args, **kwargs)
        if model is releases.HcpcsCode:
            updated.append(written)
        return written

    real_insert = releases.bulk.insert_values

    def creates_fail(model, *args, **kwargs):
        if model is releases.HcpcsCode:
            raise RuntimeError("disk full")
        return real_insert(model, *args, **kwargs)

    # The existing codes are updated (one statement), then the new ones are created: fail
    # there.
    monkeypatch.setattr(releases.bulk, "update_values", counting_update)
    monkeypatch.setattr(releases.bulk, "insert_values", creates_fail)
    known = set(releases.HcpcsCode.objects.values_list("code", flat=True))
    updating = (
        curated.versions.filter(held=False, code__in=known).exclude(change_type="removed").count()
    )
    before = db_snapshot()
    with pytest.raises(RuntimeError, match="disk full"):
        release_publish(release=curated, user=publisher)
    monkeypatch.undo()
    assert updating and updated == [updating], "the known codes had been updated before"
    assert db_snapshot() == before
    assert Release.objects.get(pk=curated.pk).status == "draft"


def test_a_second_publish_gets_a_clear_message(publisher, as_user, draft):
    client = as_user(publisher)
    assert client.post(publish_url(draft)).status_code == 302
    before = db_snapshot()
    response = client.post(publish_url(draft))
    assert response.status_code == 200
    assert "already published; someone else may have just done it" in response.content.decode()
    assert db_snapshot() == before


def test_out_of_date_order_needs_an_explicit_confirmation(publisher, curator, as_user, draft):
    curation.release_relabel(
        release=draft,
        label="2025 July (late)",
        effective_date=datetime.date(2025, 7, 1),
        user=curator,
    )
    client = as_user(publisher)
    page = client.get(publish_url(draft)).content.decode()
    assert "Out of date order" in page and 'name="confirm_out_of_order"' in page
    before = db_snapshot()
    response = client.post(publish_url(draft))
    assert "Confirm to publish it out of date order" in response.content.decode()
    assert db_snapshot() == before
    response = client.post(publish_url(draft), {"confirm_out_of_order": "on"})
    assert response.status_code == 302
    assert Release.objects.get(pk=draft.pk).status == "published"
    assert "out of date order" in AuditEntry.objects.get(action="published", release=draft).reason


def test_a_stale_draft_is_refused_with_a_link(publisher, as_user, draft):
    records = [r for r in next_release_records() if r["code"] != "A4453"]
    other = release_stage(
        parsed=parsed_from(
            records,
            label="2026 October v2",
            name="other.txt",
            effective_date=datetime.date(2026, 10, 2),
        )
    ).release
    release_publish(release=other)
    client = as_user(publisher)
    assert "comparison is out of date" in client.get(publish_url(draft)).content.decode()
    page = client.post(publish_url(draft)).content.decode()
    assert "Discard this draft and load the file again" in page
    assert other.get_absolute_url() in page
    assert Release.objects.get(pk=draft.pk).status == "draft"


def test_discard_is_audited_and_cannot_be_repeated(publisher, as_user, draft):
    client = as_user(publisher)
    url = reverse("admin:codes_release_discard", args=[draft.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # reason required
    response = client.post(url, {"reason": "Loaded the wrong quarter"})
    assert response["Location"] == reverse("admin:codes_release_changelist")
    draft.refresh_from_db()
    assert draft.status == "discarded"
    entry = AuditEntry.objects.get(action="discarded", release=draft)
    assert (entry.user, entry.reason) == (publisher, "Loaded the wrong quarter")
    assert "only a draft can be discarded" in client.get(url).content.decode()
    assert "only a draft can be published" in client.get(publish_url(draft)).content.decode()


def test_edits_are_refused_once_the_draft_is_published(curator, publisher, as_user, draft):
    release_publish(release=draft, user=publisher)
    version = version_of(draft, "A4453")
    response = as_user(curator).get(reverse("admin:codes_codeversion_edit", args=[version.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:codes_release_review", args=[draft.pk])


def waiting_for_a_lock(database: str, timeout: float = 10) -> bool:
    """Whether another connection to ``database`` is waiting for a lock, polled until
    ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'",
                [database],
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.01)
    return False


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers on separate connections need PostgreSQL here "
    "(the SQLite test database is one shared in-memory connection)",
)
def test_two_publishes_at_once_one_wins(transactional_db, monkeypatch):
    """Two publishers press the button at the same moment, each on its own connection."""
    wipe_code_data()
    record = blank_record(
        "A0001",
        short_description="Test",
        long_description="Test",
        add_dt=datetime.date(2026, 10, 1),
    )
    release = release_stage(
        parsed=parsed_from(
            [record], label="2026 October", effective_date=datetime.date(2026, 10, 1)
        )
    ).release
    real_refresh = search_index.refresh_index

    def slow_refresh(codes, **kwargs):
        # Hold the lock until the other publisher is seen waiting for it.
        waiting_for_a_lock(connection.settings_dict["NAME"])
        real_refresh(codes, **kwargs)

    monkeypatch.setattr(search_index, "refresh_index", slow_refresh)
    start = threading.Barrier(2)
    outcomes = []

    def publish():
        try:
            start.wait()
            outcomes.append(release_publish(release=release))
        except ReleaseError as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    wins = [o for o in outcomes if isinstance(o, Release)]
    losses = [o for o in outcomes if isinstance(o, ReleaseError)]
    assert len(wins) == 1 and len(losses) == 1, outcomes
    assert "already published" in str(losses[0])
    assert HcpcsCode.objects.filter(code="A0001").count() == 1
    assert AuditEntry.objects.filter(action="published").count() == 1


def test_corrections_made_after_loading_are_pointed_out(publisher, curator, as_user, draft):
    from tests.releases.test_corrections import correct

    correct(curator, code="Q4390", short_description="Ascendion (corrected)")
    page = as_user(publisher).get(publish_url(draft)).content.decode()
    assert "made after this draft was loaded" in page and "Q4390" in page


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_the_publish_page_and_publishing_agree_that_a_backfill_makes_a_draft_stale(
    publisher, as_user, draft
):
    """A backfill (an older release published out of date order) leaves the latest release
    as it was but moves the published state a draft was compared with: the page that offers
    publishing says so, as publishing does (one rule, ``services.is_out_of_date``)."""
    july = release_stage(
        parsed=parsed_from(
            [r for r in next_release_records() if r["code"] != DRAFT_ADDED],
            label="2025 July",
            name="HCPC2025_JUL_ANWEB_test.txt",
            effective_date=datetime.date(2025, 7, 1),
        )
    ).release
    release_publish(release=july, allow_out_of_order=True)
    assert releases.is_out_of_date(draft)
    page = as_user(publisher).get(publish_url(draft)).content.decode()
    assert "comparison is out of date" in page
    assert "Release “2025 July” was published after this draft was loaded" in page
    assert 'name="confirm_out_of_order"' not in page and "cur-form" not in page
    with pytest.raises(ReleaseError, match="comparison is out of date"):
        release_publish(release=draft, user=publisher)
