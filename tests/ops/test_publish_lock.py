"""One publish at a time: two drafts staged on the same published state, published at the
same moment on PostgreSQL, cannot both pass the staleness check; and a publish killed with
``kill -9`` half-way leaves nothing half-published, and the same file loads again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection

from codes.models import HcpcsCode, PublishedState, Release
from codes.releases.services import ReleaseError, release_publish, release_stage
from tests.conftest import JAN_2025_XLSX, OCT_2025_XLSX, ROOT, TEST_DATA, wipe_code_data
from tests.parsed_files import read_release

# Publishes whole CMS releases, and kills an import: left out of `make test-fast`.
pytestmark = pytest.mark.slow

FIRST_40 = TEST_DATA / "HCPC2025_JAN_ANWEB_first40.txt"


def wait_for_a_writing_transaction(database: str, timeout: float = 30) -> bool:
    """Whether another connection to ``database`` holds an open transaction that has written
    (PostgreSQL gives a transaction an id at its first write), polled until ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL",
                [database],
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.005)
    return False


@pytest.fixture
def jan_published(transactional_db):
    from codes import reference_tables
    from codes.releases import roles

    wipe_code_data()
    reference_tables.sync_from_layout()
    roles.sync_roles()
    release_publish(release=release_stage(parsed=read_release(JAN_2025_XLSX)).release)


def test_staging_records_the_published_state_it_compared_with(jan_published):
    count = PublishedState.objects.get().publish_count
    draft = release_stage(parsed=read_release(OCT_2025_XLSX)).release
    assert draft.base_publish_count == count


def test_a_draft_is_stale_once_another_release_is_published(jan_published):
    first = release_stage(parsed=read_release(OCT_2025_XLSX)).release
    second = release_stage(parsed=read_release(FIRST_40)).release
    release_publish(release=second, allow_out_of_order=True)
    with pytest.raises(ReleaseError, match="was published after this draft was staged"):
        release_publish(release=first)
    first.refresh_from_db()
    assert first.status == Release.Status.DRAFT


@pytest.mark.postgres
def test_two_drafts_published_at_the_same_moment_on_postgresql(jan_published):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL's concurrent writers")
    drafts = [
        release_stage(parsed=read_release(OCT_2025_XLSX)).release,
        release_stage(parsed=read_release(FIRST_40)).release,
    ]
    assert drafts[0].base_publish_count == drafts[1].base_publish_count
    count_before = PublishedState.objects.get().publish_count
    start = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def publish(release: Release) -> None:
        from django.db import connections

        try:
            start.wait()
            release_publish(release=release, allow_out_of_order=True)
            outcomes[release.pk] = "published"
        except ReleaseError as error:
            outcomes[release.pk] = str(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(o == "published" for o in outcomes.values()) == [False, True], outcomes
    loser = next(o for o in outcomes.values() if o != "published")
    assert "was published after this draft was staged" in loser
    assert PublishedState.objects.get().publish_count == count_before + 1
    assert Release.objects.published().count() == 2


@pytest.mark.postgres
def test_a_publish_killed_half_way_leaves_nothing_half_done(jan_published):
    if connection.vendor != "postgresql":
        pytest.skip("the command runs in another process, on the test database")
    name = connection.settings_dict["NAME"]
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_ENV": "development"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    before = dict(HcpcsCode.objects.values_list("code", "short_description"))
    state_before = PublishedState.objects.get()
    command = [sys.executable, "manage.py", "import_hcpcs", str(OCT_2025_XLSX), "--publish"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        if line.startswith("  changed fields:"):
            break  # staged; publishing starts now
    # Killed once its transaction has written (it holds a transaction id) and not yet
    # committed: the publish is under way.
    assert wait_for_a_writing_transaction(name), "the publish never started writing"
    assert proc.poll() is None, "the publish finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    assert Release.objects.filter(source_name=OCT_2025_XLSX.name).count() == 0
    assert dict(HcpcsCode.objects.values_list("code", "short_description")) == before
    assert PublishedState.objects.get().publish_count == state_before.publish_count

    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert Release.objects.get(source_name=OCT_2025_XLSX.name).status == Release.Status.PUBLISHED
