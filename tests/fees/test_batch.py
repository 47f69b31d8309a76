"""Batch checks with the fee schedule: a line with a state (a column, or the form's default)
gets the amount of its code and pricing modifiers in the quarter in force on its date, times
its units; the page, the downloads and the API carry it."""

from __future__ import annotations

import csv
import datetime
import html
import io

import pytest

from codes.fees.lookup import line_fees
from codes.validation.reading import read_text

pytestmark = pytest.mark.usefixtures("bundled")

LINES = """code,date of service,modifiers,state,units
E0601,2026-02-01,RR,AL,1
E0601,2025-06-01,RR,AL,2
E0601,2026-02-01,,AL,1
E1390,2026-02-01,RR QB,TX,1
A4216,2026-02-01,,AL,100
J9271,2026-02-01,,AL,1
E0601,2025-01-15,RR,AL,1
E0601,2026-02-01,RR,,1
E0601,2026-02-01,RR,ZZ,1
E0601,2026-02-01,RR,Alabama,1
E0601,2026-02-01,RR,AL,two
"""


def test_line_fees():
    lines = read_text(LINES, default_day=None, source="s").lines
    fees = line_fees([(x.code, x.day, x.state, x.modifiers, x.units) for x in lines[:9]])
    jan, apr, no_mod, oxygen, gauze, drug, early, no_state, bad_state = fees
    assert jan.text == "January 2026, AL, RR: non-rural $51.94, rural $97.02"
    assert apr.text == (
        "April 2025, AL, RR: non-rural $50.58 × 2 = $101.16, rural $94.93 × 2 = $189.86"
    )
    assert no_mod.note == "no fee for these modifiers in January 2026: E0601 is priced with RR"
    assert oxygen.modifiers == "RR QB" and oxygen.quarter == "January 2026"
    assert gauze.text == "January 2026, AL: non-rural $0.58 × 100 = $58.00, rural no fee"
    assert drug.note == "not on the DMEPOS fee schedule of January 2026"
    assert early.note == "no DMEPOS fee schedule loaded for 2025-01-15"
    assert no_state is None
    assert bad_state.note == "ZZ is not in the DMEPOS fee schedule"
    assert [x.error for x in lines[9:]] == [
        "“ALABAMA” is not a state (two letters, such as AL)",
        "“two” is not a number of units (1 to 99,999)",
    ]


def test_the_report_page_and_its_downloads(client):
    page = client.post("/validate/", {"lines": LINES}).content.decode()
    assert '<th scope="col">DMEPOS fee</th>' in page
    assert "April 2025, AL, RR: non-rural $50.58 × 2 = $101.16" in page
    carried = page.split('name="lines" value="')[1].split('"')[0].replace("&#x27;", "'")
    response = client.post("/validate/", {"lines": html.unescape(carried), "download": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert (rows[1]["state"], rows[1]["units"], rows[1]["fee_quarter"]) == ("AL", "2", "April 2025")
    assert (rows[1]["fee_non_rural"], rows[1]["fee_non_rural_total"]) == ("50.58", "101.16")
    assert rows[4]["fee_rural"] == "no fee"
    assert rows[5]["fee_note"] == "not on the DMEPOS fee schedule of January 2026"


def test_a_default_state_on_the_form(client):
    lines = "E0601, 2026-02-01, RR\nE0601, 2026-02-01, RR\n"
    page = client.post("/validate/", {"lines": lines, "default_state": "AK"}).content.decode()
    assert page.count("January 2026, AK, RR: non-rural $") == 2
    plain = client.post("/validate/", {"lines": lines}).content.decode()
    assert '<th scope="col">DMEPOS fee</th>' not in plain  # no state: no fee column
    bad = client.post("/validate/", {"lines": lines, "default_state": "ZZ"})
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()


def test_the_api(client):
    body = {
        "lines": [
            {"code": "E0601", "date": "2026-02-01", "modifiers": ["RR"], "units": 3},
            {"code": "E0601", "date": "2026-02-01", "modifiers": ["RR"], "state": "HI"},
            {"code": "E0601", "date": "2026-02-01", "modifiers": ["RR"], "state": "AL", "units": 0},
        ],
        "default_state": "AL",
    }
    results = client.post("/api/v1/validate/", body, content_type="application/json").json()[
        "results"
    ]
    assert results[0]["fee"] == {
        "state": "AL",
        "units": 3,
        "quarter": "January 2026",
        "modifiers": "RR",
        "non_rural": "51.94",
        "rural": "97.02",
        "non_rural_total": "155.82",
        "rural_total": "291.06",
        "note": "",
    }
    assert results[1]["fee"]["state"] == "HI"
    assert results[2]["status"] == "invalid_input" and "fee" not in results[2]
    assert "not a number of units" in results[2]["message"]
    plain = {"lines": [{"code": "E0601", "date": str(datetime.date(2026, 2, 1))}]}
    answer = client.post("/api/v1/validate/", plain, content_type="application/json").json()
    assert "fee" not in answer["results"][0]
