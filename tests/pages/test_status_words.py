"""Statuses in words from their dates: "last valid day 2026-03-31", "valid from
2026-07-01", never "Terminated today" for a code whose TERM DT was yesterday; the machine
statuses of the API stay as they are."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from codes.models import HcpcsCode
from codes.search.display import status_of

D = datetime.date.fromisoformat


def status_line(html: str) -> str:
    line = html.split('<p class="status-line">')[1].split("</p>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", line)).strip()


@pytest.fixture
def today(monkeypatch):
    """Pretend today is a given day (the page and the page cache read it the same way)."""

    def set_day(day: str) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(day))

    return set_day


def test_a_code_whose_term_dt_was_yesterday_says_its_last_valid_day(client, bundled, today):
    today("2025-07-01")  # J2310's TERM DT is 2025-06-30
    html = client.get("/codes/J2310/").content.decode()
    line = status_line(html)
    assert line.startswith("Not valid today, 2025-07-01 — Last valid day 2025-06-30"), line
    assert "Terminated today" not in html and "terminated today" not in html.lower()
    assert "<title>J2310 (last valid day 2025-06-30) - " in html
    # The API keeps its machine status.
    data = client.get("/api/v1/codes/J2310/").json()
    assert data["status"] == "terminated"


def test_on_its_term_dt_a_code_is_valid_and_says_it_is_its_last_day(client, bundled, today):
    today("2025-06-30")
    line = status_line(client.get("/codes/J2310/").content.decode())
    assert line.startswith("Valid today, 2025-06-30 — Valid: its last day (TERM DT 2025-06-30)")


def test_a_code_not_yet_effective_says_from_when_it_is_valid(client, bundled):
    line = status_line(client.get("/codes/Q4390/?as_of=2025-06-30").content.decode())
    assert line.startswith("Not yet valid on 2025-06-30 — Not yet effective; valid from 2025-10-01")


def test_lists_phrase_statuses_from_the_dates(client, bundled):
    results = client.get("/codes/", {"q": "J0135, Q4390", "status": "all", "on": "2025-06-30"})
    page = results.content.decode()
    j0135 = page[page.index('href="/codes/J0135/"') :].split("</li>")[0]
    assert "Last valid day 2024-12-31" in j0135
    q4390 = page[page.index('href="/codes/Q4390/"') :].split("</li>")[0]
    assert "Valid from 2025-10-01" in q4390
    section = client.get("/sections/J/", {"status": "all"}).content.decode()
    assert "Last valid day 20" in section
    assert ">Terminated<" not in section and ">Terminated " not in section
    modifiers = client.get("/modifiers/").content.decode()
    assert ">Terminated" not in modifiers


def test_list_labels_for_reused_and_dropped_codes(bundled):
    j1440 = HcpcsCode.objects.get(code="J1440")  # 1994-2013, and again from 2023-07-01
    assert status_of(j1440, D("2015-01-01"))[1] == (
        "Last valid day 2013-12-31; valid again from 2023-07-01"
    )
    dropped = HcpcsCode.objects.get(code="G9976")  # left out of 2019's file, no TERM DT
    assert not dropped.listed and dropped.term_dt is None
    status, label = status_of(dropped, D("2025-01-01"))
    assert status == "terminated"
    assert label == "Last valid day 2018-12-31 (no longer in the file)"


def test_the_admin_status_column_says_the_last_valid_day(admin_client, bundled):
    response = admin_client.get(reverse("admin:codes_hcpcscode_changelist"), {"q": "J0135"})
    html = response.content.decode()
    assert "Last valid day 2024-12-31" in html
