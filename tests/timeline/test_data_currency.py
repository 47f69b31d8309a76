"""Whether the published data is behind CMS's current quarter: the date rule on fixed days,
then the three places that say it (the curator's start page, /readyz, the system check)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core import checks
from django.core.management import call_command
from django.utils import timezone

from codes.releases.services import release_publish, release_stage
from codes.timeline.currency import data_currency, quarter_start, quarters_behind
from tests.curation import blank_record, parsed_from

D = datetime.date


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (D(2026, 12, 3), D(2026, 10, 1)),  # today in the issue
        (D(2026, 10, 1), D(2026, 10, 1)),
        (D(2026, 9, 30), D(2026, 7, 1)),
        (D(2026, 1, 1), D(2026, 1, 1)),
        (D(2026, 3, 31), D(2026, 1, 1)),
        (D(2026, 4, 1), D(2026, 4, 1)),
        (D(2024, 2, 29), D(2024, 1, 1)),
    ],
)
def test_the_quarter_a_day_falls_in(day, start):
    assert quarter_start(day) == start


@pytest.mark.parametrize(
    ("effective", "day", "behind"),
    [
        (D(2026, 7, 1), D(2026, 12, 3), 1),  # July 2026 in December: October is missing
        (D(2026, 10, 1), D(2026, 12, 3), 0),
        (D(2026, 7, 1), D(2026, 9, 30), 0),  # the last day of its own quarter
        (D(2026, 7, 1), D(2026, 10, 1), 1),  # the first day of the next
        (D(2025, 10, 1), D(2026, 12, 3), 4),
        (D(2025, 1, 1), D(2026, 12, 3), 7),
        (D(2026, 2, 15), D(2026, 3, 1), 0),  # a mid-quarter re-issue counts for its quarter
        (D(2027, 1, 1), D(2026, 12, 3), 0),  # published ahead of its date: not behind
    ],
)
def test_how_many_quarters_a_release_is_behind(effective, day, behind):
    assert quarters_behind(effective, day) == behind


def publish(label: str, effective_date: datetime.date):
    """A published release of one real-looking code, effective on ``effective_date``."""
    record = blank_record(
        "A9998",
        long_description=f"Test supply as of {label}",  # each release changes something
        short_description="Test supply",
        price1="46",
        cov="D",
        betos="D1F",
        tos1="P",
        add_dt=D(2017, 1, 1),
        act_eff_dt=D(2017, 1, 1),
        action_cd="N",
    )
    parsed = parsed_from([record], label=label, effective_date=effective_date)
    return release_publish(release=release_stage(parsed=parsed).release)


def test_no_release_is_behind(empty_codes):
    currency = data_currency(today=D(2026, 12, 3))
    assert currency.behind and currency.latest_label is None
    assert currency.message.startswith(
        "No release is published: the data in force since 2026-10-01"
    )


def test_the_newest_published_release_is_compared_with_the_quarter(empty_codes):
    publish("2026 April", D(2026, 4, 1))
    publish("2026 July", D(2026, 7, 1))
    late = data_currency(today=D(2026, 12, 3))
    assert late.behind and late.quarters_behind == 1
    assert late.message == (
        "The newest published release, 2026 July (effective 2026-07-01), is 1 quarter behind: "
        "CMS's quarter in force since 2026-10-01 is not loaded. Load CMS's current "
        "Alpha-Numeric HCPCS File (Releases › Load CMS release, or import_hcpcs)."
    )
    assert late.as_json() == {
        "latest_release": "2026 July",
        "latest_effective_date": "2026-07-01",
        "current_quarter_start": "2026-10-01",
        "quarters_behind": 1,
        "behind": True,
    }
    assert not data_currency(today=D(2026, 9, 30)).behind
    assert data_currency(today=D(2027, 1, 2)).message.split(": ")[0].endswith("2 quarters behind")


def test_a_draft_does_not_make_the_data_current(empty_codes):
    publish("2026 July", D(2026, 7, 1))
    parsed = parsed_from(
        [blank_record("A9997", long_description="x", short_description="x")],
        label="2026 October",
        effective_date=D(2026, 10, 1),
        name="HCPC2026_OCT_ANWEB_test.txt",
    )
    release_stage(parsed=parsed)
    assert data_currency(today=D(2026, 12, 3)).latest_label == "2026 July"


# -------------------------------------------------------------------------------------
# Where it is said


def this_quarter() -> datetime.date:
    return quarter_start(timezone.localdate())


def last_quarter() -> datetime.date:
    return quarter_start(this_quarter() - datetime.timedelta(days=1))


def curation_section(client) -> str:
    html = client.get("/admin/").content.decode()
    return html.split('class="module curation-start"')[1].split("</section>")[0]


def test_the_start_page_says_the_data_is_behind(publisher, as_user, empty_codes):
    publish("Last quarter", last_quarter())
    section = curation_section(as_user(publisher))
    assert 'class="errornote curation-behind"' in section
    assert f"Last quarter (effective {last_quarter()}), is 1 quarter behind" in section
    assert f"CMS&#x27;s quarter in force since {this_quarter()} is not loaded" in section


def test_the_start_page_says_the_data_is_current(auditor, as_user, empty_codes):
    publish("This quarter", this_quarter())
    section = curation_section(as_user(auditor))
    assert "curation-behind" not in section
    assert f"Current: CMS's quarter in force since {this_quarter()} is loaded" in section


def test_readyz_reports_the_data_without_changing_its_status(client, empty_codes):
    publish("Last quarter", last_quarter())
    response = client.get("/readyz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["data"] == {
        "latest_release": "Last quarter",
        "latest_effective_date": str(last_quarter()),
        "current_quarter_start": str(this_quarter()),
        "quarters_behind": 1,
        "behind": True,
    }
    publish("This quarter", this_quarter())
    body = json.loads(client.get("/readyz").content)
    assert body["data"]["behind"] is False and body["data"]["quarters_behind"] == 0


def staleness(databases) -> list[checks.CheckMessage]:
    found = checks.run_checks(tags=[checks.Tags.database], databases=databases)
    return [message for message in found if message.id == "codes.W001"]


def test_the_system_check_warns_when_the_data_is_behind(empty_codes, capsys):
    publish("Last quarter", last_quarter())
    [warning] = staleness(["default"])
    assert warning.level == checks.WARNING
    assert "Last quarter" in warning.msg and "1 quarter behind" in warning.msg
    call_command("check", "--database", "default")
    assert "codes.W001" in capsys.readouterr().err
    # Not without --database: Django runs checks that read the database only when asked.
    assert staleness(None) == []
    assert not [m for m in checks.run_checks() if m.id == "codes.W001"]


def test_the_system_check_is_quiet_when_the_data_is_current(empty_codes):
    publish("This quarter", this_quarter())
    assert staleness(["default"]) == []
