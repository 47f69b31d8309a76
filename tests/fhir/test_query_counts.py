"""How many queries the FHIR operations make, on either engine.

On PostgreSQL each query is a round trip to the server, so an operation answered in a few
milliseconds makes only a few. Counted with the page cache off, so every request runs the
operation; each count includes the one read of the content version that the
release-keyed cache makes on every public GET (codes.ops.caching). The published releases
(the code system's versions) are read once per content version, not on every request.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from codes.models import PublishedState, Release
from tests.fhir.conftest import CANONICAL, parse

ALL_CODES = CANONICAL + "?fhir_vs"


@pytest.fixture
def count_queries(fhir, settings):
    settings.HCPCS_PAGE_CACHE_SECONDS = 0
    # Warm-up: what is kept per content version or per process (the versions, the
    # published releases, the code tables, the drug lexicon).
    for url, params in [
        ("/fhir/ValueSet/$expand", {"filter": "keytruda", "count": 1}),
        ("/fhir/CodeSystem/$validate-code", {"url": CANONICAL, "code": "J9271"}),
        ("/fhir/CodeSystem/$lookup", {"system": CANONICAL, "code": "J9271"}),
    ]:
        assert fhir.get(url, params).status_code == 200

    def count(url: str, params: dict) -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            response = fhir.get(url, params)
            assert response.status_code == 200, response.content[:300]
            return len(queries), [query["sql"] for query in queries]

    return count


@pytest.mark.parametrize(
    ("params", "most"),
    [
        # Content version, the code's published state, its versions.
        ({"code": "J0135", "date": "2025-05-15"}, 3),
        # And the release that first listed it, for a day before every loaded release.
        ({"code": "J0135", "date": "2024-06-01"}, 4),
        ({"code": "LT", "display": "Left side"}, 3),
    ],
)
def test_validate_code_queries(count_queries, params, most):
    for url in ("/fhir/CodeSystem/$validate-code", "/fhir/ValueSet/$validate-code"):
        asked = {"url": CANONICAL, **params} if "CodeSystem" in url else params
        assert count_queries(url, asked)[0] <= most


def test_lookup_queries(count_queries):
    # Content version, the code's published state, its versions.
    assert count_queries("/fhir/CodeSystem/$lookup", {"system": CANONICAL, "code": "E2601"})[0] <= 3


@pytest.mark.parametrize(
    ("text", "most"),
    [
        ("whe", 4),  # content version, full text, the index's wheelchairs, the page
        ("wheelchair cush", 4),
        ("E01", 4),  # content version, the count, the page's codes, their rows
    ],
)
def test_expand_queries(count_queries, text, most):
    params = {"url": ALL_CODES, "filter": text, "count": 10, "activeOnly": "true"}
    assert count_queries("/fhir/ValueSet/$expand", params)[0] <= most


def test_versions_are_read_once_per_content_version(count_queries, fhir):
    url = "/fhir/CodeSystem"
    first = parse(fhir.get(url), 200, "Bundle")
    assert [entry.resource.version for entry in first.entry] == [
        "2026-07",
        "2026-04",
        "2026-01",
        "2025-10",
        "2025-01",
        "2020-10",
        "2020-07",
        "2020-04",
        "2020-01",
        "2019-01",
        "2018-01",
        "2017-01",
    ]
    queries, sql = count_queries(url, {})
    assert not any('"codes_release"' in statement for statement in sql), sql

    # A change of the published releases comes with a new content version, in the same
    # transaction: the next request reads them again.
    Release.objects.filter(label__icontains="January").update(status=Release.Status.DISCARDED)
    PublishedState.objects.record_change(published=True)
    again = parse(fhir.get(url), 200, "Bundle")
    assert [entry.resource.version for entry in again.entry] == [
        "2026-07",
        "2026-04",
        "2025-10",
        "2020-10",
        "2020-07",
        "2020-04",
    ]
