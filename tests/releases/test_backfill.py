"""Loading older releases after a newer one (a backfill): history for their dates, today's
state unchanged, and old dates of service answered from the old releases."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from codes.models import CodeVersion, HcpcsCode, Release
from codes.status import CodeStatus
from codes.validation.validity import check
from tests.conftest import shared_file

D = datetime.date.fromisoformat
OLD = [
    "2017_JAN/HCPC17_CONTR_ANWEB.txt",
    "2018_JAN/HCPC2018_CONTR_ANWEB_disc.txt",
    "2019_JAN/HCPC2019_CONTR_ANWEB.txt",
    "2020_JAN/HCPC2020_ANWEB_w_disclaimer.txt",
]


def today_state() -> list[tuple]:
    return list(
        HcpcsCode.objects.order_by("code").values_list(
            "code", "listed", "release_id", "long_description", "term_dt", "add_dt"
        )
    )


def test_an_older_release_is_refused_without_backfill(bundled):
    path = shared_file(OLD[0])
    before = (Release.objects.count(), CodeVersion.objects.count())
    with pytest.raises(CommandError, match="older than the published release .* --backfill"):
        call_command("import_hcpcs", str(path), "--publish", verbosity=0)
    assert before == (Release.objects.count(), CodeVersion.objects.count())


def test_backfill_2017_to_2020_into_2025_keeps_today_and_answers_old_dates(bundled):
    paths = [str(shared_file(p)) for p in OLD]
    state = today_state()
    call_command("import_hcpcs", *paths, "--publish", "--backfill", verbosity=0)
    assert today_state() == state, "today's state is unchanged"
    assert HcpcsCode.objects.get(code="Q4390").listed
    labels = list(
        Release.objects.published().order_by("effective_date").values_list("label", flat=True)
    )
    assert labels[:4] == ["2017 January", "2018 January", "2019 January", "2020 January"]
    # Old dates of service are answered from the old releases.
    verdict = check("J0135", D("2018-06-01"))
    assert verdict.status == CodeStatus.ACTIVE
    assert verdict.release.label == "2018 January"
    assert check("G0503", D("2017-06-01")).valid
    assert check("G0503", D("2017-06-01")).release.label == "2017 January"
    assert not check("G0503", D("2018-01-01")).valid
    # The history of a code lists the old releases in date order.
    history = CodeVersion.objects.in_force().filter(code="J0135").history_order()
    dates = [v.effective_date for v in history]
    assert dates == sorted(dates, reverse=True) and dates[-1] == D("2017-01-01")
    # The 2018 backfill was compared with 2017, not with today: few codes "added" in 2018.
    added_2018 = CodeVersion.objects.filter(
        release__label="2018 January", change_type="added"
    ).count()
    assert added_2018 < 500


def test_a_code_only_in_older_releases_is_answered_from_them(bundled):
    paths = [str(shared_file(p)) for p in OLD]
    call_command("import_hcpcs", *paths, "--publish", "--backfill", verbosity=0)
    in_2017 = set(
        CodeVersion.objects.filter(release__label="2017 January").values_list("code", flat=True)
    )
    gone = sorted(in_2017 - set(HcpcsCode.objects.values_list("code", flat=True)))
    assert gone, "some 2017 codes are not in the 2025 files"
    verdict = check(gone[0], D("2017-06-01"))
    assert verdict.status != CodeStatus.UNKNOWN
    assert verdict.release is not None and verdict.release.label == "2017 January"
