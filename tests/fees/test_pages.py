"""The code page's fee section: amounts by state for the quarter in force (or on as_of), the
quarter before, "no fee" for 0.00 with why, nothing for a code without a fee; and a
published quarter reaches cached pages."""

from __future__ import annotations

import re

import pytest

from codes.fees.models import FeeQuarter, FeeRow
from codes.fees.reader import read_fee_schedule
from codes.fees.services import fee_publish, fee_stage
from tests.fees.conftest import JANUARY_2026, unzipped, with_line

pytestmark = pytest.mark.usefixtures("bundled")


def section(response) -> str:
    assert response.status_code == 200
    match = re.search(r'<section class="dmepos-fees".*?</section>', response.content.decode(), re.S)
    assert match, "no fee section"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def test_a_state_shows_its_amounts_and_the_quarter_before(client):
    text = section(client.get("/codes/E0601/?state=AL"))
    assert "DMEPOS fee schedule for January 2026 , in force from 2026-01-01" in text
    assert "CR – Capped rental items" in text
    assert "D – claims go to the DME MAC" in text
    assert "Alabama (AL), January 2026" in text
    assert "RR Rental" in text
    assert "$51.94 (+2.7%) $97.02 (+2.2%) Non-rural $50.58; Rural $94.93" in text


def test_as_of_picks_the_quarter_in_force(client):
    text = section(client.get("/codes/E0601/?state=AL&as_of=2025-06-01"))
    assert "for April 2025 , in force from 2025-04-01 and so on 2025-06-01" in text
    assert "$50.58 $94.93" in text and "51.94" not in text
    early = section(client.get("/codes/E0601/?as_of=2024-12-31"))
    assert "No DMEPOS fee schedule loaded here was in force on 2024-12-31" in early


def test_all_states_compact_with_no_fee_and_why(client):
    response = client.get("/codes/A4216/")
    text = section(response)
    assert "All states" in text
    row = re.search(
        r"<th scope=\"row\"><a href=\"\?state=AL\"[^>]*>AL</a></th>(.*?)</tr>",
        response.content.decode(),
        re.S,
    )
    cells = " ".join(re.sub(r"<[^>]+>", " ", row.group(1)).split())
    assert cells == "$0.58 no fee"  # A4216's rural amounts are 0.00 in CMS's file
    assert (
        "“No fee”: CMS&#x27;s file gives 0.00 here: no fee schedule amount for this state and "
        "locality kind, not a price of zero." in text
    )
    assert "$0.00" not in text
    assert (
        "the state amounts are held between a national floor of $0.54 and a ceiling of $0.63"
        in text
    )


def test_a_code_without_a_fee_says_nothing(client):
    html = client.get("/codes/J9271/").content.decode()
    assert "dmepos-fees" not in html and "fee-state.js" not in html


def test_a_bad_state_is_said_and_all_states_shown(client):
    text = section(client.get("/codes/E0601/?state=%3Cb%3Ezz"))
    assert "“&lt;b&gt;zz” is not a state or territory of the fee schedule; all are shown." in text


def test_several_pricing_modifiers_and_the_remembering_script(client):
    html = client.get("/codes/E1390/?state=TX").content.decode()
    text = section(client.get("/codes/E1390/?state=TX"))
    assert text.count("Rental (use the") == 3 and "QB" in text and "QF" in text
    assert 'data-fee-states="AL AR AZ' in html
    assert re.search(r'<script src="/static/js/fee-state\.js[^"]*" defer></script>', html)
    assert "<script>" not in html  # no inline script: the page's CSP forbids it


def test_a_published_quarter_reaches_cached_pages(client):
    first = client.get("/codes/E0601/?state=AL")
    assert "$51.94" in first.content.decode()
    assert client.get("/codes/E0601/?state=AL")["X-Cache"] == "hit"
    data = with_line(
        unzipped(JANUARY_2026), 750, b"E0601,RR,,D,CR,0,0,51.94,", b"E0601,RR,,D,CR,0,0,53.10,"
    )
    draft = fee_stage(parsed=read_fee_schedule(data, name="DMEPOS26_JAN_reissued.csv"))
    assert "$51.94" in client.get("/codes/E0601/?state=AL").content.decode()  # a draft: no
    fee_publish(quarter=draft)
    again = client.get("/codes/E0601/?state=AL")
    assert again["X-Cache"] == "miss" and "$53.10" in again.content.decode()


def test_the_fee_section_reads_nothing_more_from_the_database(client):
    """The fee schedule is kept in memory per content version: once it is read, a code page
    with a fee section makes as many queries as one without."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/codes/J9271/")  # warm the release caches and the kept fee schedule

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    plain = queries("/codes/G0556/")  # no fee, no drug data
    assert queries("/codes/E1390/?state=AL&as_of=2026-02-01") <= plain
    assert queries("/codes/A4216/") <= plain
    assert (
        FeeRow.objects.filter(code="E1390", quarter__in=FeeQuarter.objects.published()).count() == 6
    )


def test_a_code_the_quarter_dropped(client):
    """E0765 is in April 2025's fee schedule and not in January 2026's."""
    text = section(client.get("/codes/E0765/"))
    assert "Not in CMS's DMEPOS fee schedule for January 2026" in text
    assert "$" not in text
    assert "April 2025" in section(client.get("/codes/E0765/?as_of=2025-05-01"))
