"""The FHIR service is throttled like the API: the same rates and counters per client
address, 429 with Retry-After and an OperationOutcome, whether the answer was cached."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

SYSTEM = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"


@pytest.fixture
def low_rates(monkeypatch):
    cache.clear()
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "5/minute", "user": "8/minute"}
    )
    yield
    cache.clear()


@pytest.mark.parametrize(
    "urls",
    [
        ["/fhir/metadata"] * 7,  # the same answer: served from the cache after the first
        [f"/fhir/CodeSystem/$lookup?system={SYSTEM}&code=E010{n}" for n in range(7)],
    ],
    ids=["cached", "uncached"],
)
def test_fhir_answers_429_with_retry_after_and_an_operation_outcome(
    client, bundled, low_rates, urls
):
    statuses = [client.get(url, REMOTE_ADDR="192.0.2.9").status_code for url in urls]
    assert statuses[:5] != [429] * 5 and 429 not in statuses[:5]
    assert statuses[5:] == [429, 429]
    answer = client.get(urls[-1], REMOTE_ADDR="192.0.2.9")
    assert answer.status_code == 429
    assert 0 < int(answer["Retry-After"]) <= 60
    assert answer["Content-Type"].startswith("application/fhir+json")
    outcome = json.loads(answer.content)
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["code"] == "throttled"
    assert client.get(urls[0], REMOTE_ADDR="192.0.2.10").status_code != 429


def test_posted_operations_are_counted_too(client, bundled, low_rates):
    body = json.dumps(
        {
            "resourceType": "Parameters",
            "parameter": [
                {"name": "system", "valueUri": SYSTEM},
                {"name": "code", "valueCode": "Q4390"},
            ],
        }
    )
    statuses = [
        client.post(
            "/fhir/CodeSystem/$validate-code",
            body,
            content_type="application/fhir+json",
            REMOTE_ADDR="192.0.2.11",
        ).status_code
        for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]
