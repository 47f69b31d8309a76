"""The admin's summary of a backfill (a release older than the newest published one) says
what history it adds ("history added for 1 code"), not that it added codes."""

from __future__ import annotations

import datetime

from django.urls import reverse

from codes.releases.services import release_publish, release_stage, state_before
from tests.curation import parsed_from

FEBRUARY = datetime.date(2026, 2, 1)  # between the bundled January and April 2026


def february_draft():
    records = [
        {**record, "short_description": "Changed in a backfill"} if code == "E1130" else record
        for code, (record, listed) in sorted(state_before(FEBRUARY).items())
        if listed
    ]
    parsed = parsed_from(records, label="2026 February", effective_date=FEBRUARY)
    return release_stage(parsed=parsed).release


def review(client, release) -> str:
    response = client.get(reverse("admin:codes_release_review", args=[release.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_backfill_draft_and_release_say_they_add_history(curator, as_user, bundled):
    client = as_user(curator)
    release = february_draft()
    page = review(client, release)
    assert (
        "<strong>Backfill:</strong> history added for 1 code for the dates from 2026-02-01" in page
    )
    assert "<strong>1</strong> changed from the record before its date" in page
    assert "<strong>1</strong> changed<" not in page
    release_publish(release=release, allow_out_of_order=True)
    page = review(client, release)
    assert "history added for 1 code for the dates from 2026-02-01" in page


def test_a_release_in_date_order_keeps_the_plain_summary(curator, as_user, draft):
    page = review(as_user(curator), draft)
    assert "Backfill" not in page and "history added" not in page
    assert "<strong>1</strong> added" in page
    release_publish(release=draft)
    assert "history added" not in review(as_user(curator), draft)
