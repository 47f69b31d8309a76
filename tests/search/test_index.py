"""The search index structures, and the index kept current when a release is published."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection

from codes.cms.readers import ParsedRelease
from codes.models import HcpcsCode
from codes.releases.services import published_records, release_publish, release_stage
from codes.search.index import refresh_index
from tests.search.conftest import codes

pytestmark = pytest.mark.usefixtures("bundled")


def publish_changed(code: str, **changes) -> None:
    """Stage and publish a release identical to the published state but for ``changes``."""
    records = []
    for record, listed in published_records().values():
        if listed:
            record = dict(record)
            if record["code"] == code:
                record.update(changes)
            records.append(record)
    parsed = ParsedRelease(
        source_name="search-test.txt",
        format="txt",
        member_name=None,
        records=records,
        label="2026 October",
        effective_date=datetime.date(2026, 10, 1),
        sha256="5" * 64,
    )
    release_publish(release=release_stage(parsed=parsed).release)


def test_publishing_refreshes_the_index(client):
    assert codes("zanzibarite") == []
    publish_changed(
        "E0100",
        long_description="Cane, zanzibarite tip, adjustable",
        short_description="Cane zanzibarite",
    )
    assert codes("zanzibarite") == ["E0100"]
    assert "E0100" not in codes("canes includes materials")
    # ...and typo tolerance knows the new word.
    assert codes("zanzibarit") == ["E0100"]
    assert client.get("/api/v1/codes/", {"q": "zanzibarite"}).json()["count"] == 1


def test_a_full_rebuild_gives_the_same_results():
    before = codes("wheelchair cushion")
    refresh_index(None)
    assert codes("wheelchair cushion") == before


def test_refreshing_no_codes_does_nothing():
    # A description changed behind the index's back: only a refresh would index it.
    HcpcsCode.objects.filter(code="E0100").update(long_description="Cane, zanzibarite tip")
    refresh_index([])
    assert codes("zanzibarite") == []
    refresh_index(["E0100"])
    assert codes("zanzibarite") == ["E0100"]


def test_codes_not_in_the_index_are_not_found_and_rows_of_deleted_codes_never_show():
    assert codes("pembrolizumab") == ["J9271", "J9277"]
    HcpcsCode.objects.filter(code="J9271").delete()
    # Whatever the index still holds for J9271 does not show; J9277 (ADD DT 2026-04-01) does.
    assert codes("pembrolizumab") == ["J9277"]


@pytest.mark.sqlite
def test_sqlite_has_an_fts5_table_with_the_porter_stemmer():
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'codes_search_fts'")
        (sql,) = cursor.fetchone()
    assert "fts5" in sql and "porter" in sql


@pytest.mark.postgres
def test_postgres_has_a_weighted_vector_with_gin_and_trigram_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
            "('codes_search_document', 'codes_search_vocabulary')"
        )
        indexes = dict(cursor.fetchall())
        cursor.execute(
            "SELECT document FROM codes_search_document d JOIN codes_hcpcscode h "
            "ON h.id = d.code_id WHERE h.code = 'J9271'"
        )
        (document,) = cursor.fetchone()
    assert "gin (document)" in indexes["codes_search_document_gin"]
    assert "gin_trgm_ops" in indexes["codes_search_vocabulary_trgm"]
    # J9271 | Inj pembrolizumab | Injection, pembrolizumab, 1 mg: the code and the short
    # description weigh A (positions 1-3), the long description B (positions 4-7).
    lexemes = dict(re.findall(r"'([^']+)':(\S+)", document))
    assert lexemes["j9271"] == "1A"
    assert lexemes["pembrolizumab"] == "3A,5B"
    assert lexemes["mg"] == "7B"


def test_the_rebuild_command():
    from io import StringIO

    from django.core.management import call_command

    before = codes("oxygen concentrator")
    out = StringIO()
    call_command("rebuild_search_index", "--dry-run", stdout=out)
    assert "Would index" in out.getvalue()
    call_command("rebuild_search_index", stdout=out)
    assert "Indexed" in out.getvalue()
    assert codes("oxygen concentrator") == before
