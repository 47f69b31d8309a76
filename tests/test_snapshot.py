"""The test database snapshot (tests/snapshot.py): put back whole at the end of a
transactional test, and taken again when what the loading depends on changes."""

from __future__ import annotations

import pytest
from django.test import TransactionTestCase

from codes.models import CodeVersion, HcpcsCode, PublishedState, Release
from tests import snapshot
from tests.conftest import wipe_code_data


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (HcpcsCode, CodeVersion, Release, PublishedState)
    }


def test_a_transactional_test_ends_with_the_loaded_data(transactional_db, client):
    loaded = counts()
    assert loaded["HcpcsCode"] > 8000 and loaded["Release"] >= 2
    wipe_code_data()

    class Flushed(TransactionTestCase):
        def runTest(self):  # noqa: N802 - unittest's name
            pass

    Flushed()._fixture_teardown()  # what ends every transactional test

    assert counts() == loaded
    assert client.get("/codes/?q=wheelchair").status_code == 200
    assert client.get("/codes/Q4390/").status_code == 200


def test_the_fingerprint_follows_the_bundled_files(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(snapshot, "ROOT", tmp_path)
    monkeypatch.setattr(snapshot, "FINGERPRINT_SOURCES", ["data"])
    (tmp_path / "data" / "HCPC2026_JAN.txt").write_text("A0021 first")
    first = snapshot.fingerprint()
    assert snapshot.fingerprint() == first
    (tmp_path / "data" / "HCPC2026_JAN.txt").write_text("A0021 second")
    assert snapshot.fingerprint() != first
    (tmp_path / "data" / "HCPC2026_APR.txt").write_text("A0021 second")
    assert snapshot.fingerprint() not in {first}


@pytest.mark.postgres
def test_the_postgresql_snapshot_keeps_the_sequences(transactional_db):
    """Rows added after a restore get new ids, not ones the snapshot's rows hold."""
    top = Release.objects.order_by("-pk").values_list("pk", flat=True).first()
    wipe_code_data()
    snapshot.PostgresSnapshot(transactional_db_connection()).restore()
    release = Release.objects.order_by("pk").first()
    release.pk = None
    release.label = "copy"
    release.sha256 = "0" * 64
    release.save()
    assert release.pk > top


def transactional_db_connection():
    from django.db import connection

    return connection
