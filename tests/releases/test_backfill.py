"""Loading an older release after a newer one (a backfill): history for its dates, the
release after it compared with it again, and the same stored history as in date order."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from codes.models import CodeVersion, HcpcsCode, Release
from codes.status import CodeStatus
from codes.validation.validity import check
from tests.conftest import shared_file, wipe_code_data

D = datetime.date.fromisoformat
BUNDLED = {path.parent.name: path for path in settings.HCPCS_BUNDLED_RELEASES}


def load(*folders: str, backfill: bool = False) -> None:
    paths = [str(BUNDLED[folder]) for folder in folders]
    call_command("import_hcpcs", *paths, publish=True, backfill=backfill, verbosity=0)


def stored_history() -> set[tuple]:
    rows = CodeVersion.objects.values_list(
        "release__label", "code", "change_type", "changed_fields", "term_dt", "add_dt"
    ).order_by()
    return {
        (label, code, kind, tuple(fields), term, add)
        for label, code, kind, fields, term, add in rows
    }


def test_an_older_release_is_refused_without_backfill_naming_both_dates(bundled):
    path = shared_file("2017_JAN/HCPC17_CONTR_ANWEB.txt")
    before = (Release.objects.count(), CodeVersion.objects.count())
    with pytest.raises(CommandError) as refused:
        call_command("import_hcpcs", str(path), "--publish", verbosity=0)
    message = str(refused.value)
    assert "(effective 2017-01-01) is older than the published release '2026 July'" in message
    assert "(effective 2026-07-01)" in message and "--backfill" in message
    assert before == (Release.objects.count(), CodeVersion.objects.count())


def test_the_same_release_twice_changes_nothing(bundled):
    before = (Release.objects.count(), CodeVersion.objects.count(), stored_history())
    call_command("import_hcpcs", str(BUNDLED["2019_JAN"]), "--publish", "--backfill", verbosity=0)
    assert before == (Release.objects.count(), CodeVersion.objects.count(), stored_history())


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_a_backfill_restates_the_release_after_it_as_in_date_order(empty_codes):
    load("2017_JAN", "2025_JAN")
    in_order = stored_history()
    wipe_code_data()
    load("2025_JAN")
    load("2017_JAN", backfill=True)
    assert stored_history() == in_order
    # J1440 was terminated in 2013 and used again from 2023: 2025 brings it back.
    back = CodeVersion.objects.get(code="J1440", release__label="2025 January")
    assert back.change_type == CodeVersion.ChangeType.REACTIVATED
    # C9292 is only in the 2017 file: it leaves the file in 2025, and has a page.
    gone = HcpcsCode.objects.get(code="C9292")
    assert not gone.listed
    verdict = check("C9292", D("2013-01-01"))
    assert verdict.valid and verdict.release.label == "2017 January"
    assert check("C9292", D("2016-01-01")).status == CodeStatus.TERMINATED
    summary = Release.objects.get(label="2025 January").summary
    assert (
        summary["removed"]
        == CodeVersion.objects.filter(release__label="2025 January", change_type="removed").count()
    )


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_the_command_says_a_backfill_adds_history(empty_codes):
    load("2025_JAN")
    out = io.StringIO()
    call_command("import_hcpcs", str(BUNDLED["2020_OCT"]), "--backfill", stdout=out)
    said = out.getvalue()
    assert re.search(r"history added for [\d,]+ codes, for the dates from 2020-10-01:", said)
    plain = io.StringIO()
    call_command("import_hcpcs", str(BUNDLED["2026_JAN"]), stdout=plain)
    assert "history added" not in plain.getvalue()
