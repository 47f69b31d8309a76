"""Load order does not matter: real CMS releases loaded in shuffled orders (older ones as
backfills) leave the same history, spans, codes and exports; the same release twice changes
nothing; an older release without --backfill is refused, naming both dates."""

from __future__ import annotations

import io
import random

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.conftest import shared_file, wipe_code_data

BUNDLED = {path.parent.name: path for path in settings.HCPCS_BUNDLED_RELEASES}
SUBSET = ["2018_JAN", "2020_JAN", "2025_JAN", "2026_JAN", "2026_JUL"]
EXPORT_DAYS = [
    "2016-06-01",
    "2017-01-01",
    "2018-02-01",
    "2018-12-31",
    "2019-06-30",
    "2020-01-01",
    "2020-03-31",
    "2022-05-01",
    "2025-01-01",
    "2025-12-31",
    "2026-04-01",
    "2026-12-03",
]


def load(folder: str, **options) -> None:
    call_command(
        "import_hcpcs",
        str(BUNDLED[folder]),
        publish=True,
        corrections=str(settings.HCPCS_BUNDLED_CORRECTIONS),
        verbosity=0,
        **options,
    )


def stored_state() -> dict:
    """Everything a load order could change, free of ids and timestamps."""
    from codes.models import CodeLife, CodeVersion, HcpcsCode, Release

    labels = dict(Release.objects.values_list("pk", "label"))
    versions = sorted(
        (
            labels.get(v.release_id, "correction"),
            v.code,
            v.effective_date,
            v.change_type,
            sorted(v.changed_fields),
            sorted(v.previous.items()),
            v.held,
            v.record(),
        )
        for v in CodeVersion.objects.all()
    )
    releases = sorted(
        (r.label, r.effective_date, r.status, r.record_count, r.summary)
        for r in Release.objects.all()
    )
    codes = [
        (c.code, c.listed, labels.get(c.release_id), c.lives, c.record())
        for c in HcpcsCode.objects.order_by("code")
    ]
    lives = list(CodeLife.objects.order_by("code", "start").values_list("code", "start", "end"))
    return {
        "versions": [repr(v) for v in versions],
        "releases": [repr(r) for r in releases],
        "codes": [repr(c) for c in codes],
        "lives": lives,
    }


def exports() -> dict[str, str]:
    out = {}
    for day in EXPORT_DAYS:
        stream = io.StringIO()
        call_command("export_hcpcs", format="csv", as_of=day, stdout=stream)
        out[day] = stream.getvalue()
    return out


def first_difference(a: list, b: list) -> str:
    """The first differing item and how many differ, for a readable failure."""
    count = sum(left != right for left, right in zip(a, b)) + abs(len(a) - len(b))
    for index, (left, right) in enumerate(zip(a, b)):
        if left != right:
            return f"{count} items differ; first, item {index}: {left!r}\n    != {right!r}"
    return f"lengths {len(a)} != {len(b)}"


@pytest.mark.oracle
def test_shuffled_load_orders_leave_the_same_history_codes_and_exports(db):
    rng = random.Random(2026)
    orders = []
    while len(orders) < 3:
        order = rng.sample(SUBSET, len(SUBSET))
        if order not in orders and order != SUBSET:
            orders.append(order)
    results = []
    for order in orders:
        wipe_code_data()
        for folder in order:
            load(folder, backfill=True)
        state = stored_state()
        results.append((order, state, exports()))
        # The same release again (here: the one loaded first) changes nothing.
        load(order[0], backfill=True)
        assert stored_state() == state, f"loading {order[0]} again after {order} changed data"
    (first, state, exported), *others = results
    assert len(state["releases"]) == len(SUBSET)
    assert any(lines.count("\n") > 6000 for lines in exported.values())
    differences = []
    for order, other_state, other_exported in others:
        for key in state:
            if other_state[key] != state[key]:
                differences.append(
                    f"{key} differ between load orders {first} and {order}: "
                    + first_difference(state[key], other_state[key])
                )
        for day in EXPORT_DAYS:
            if other_exported[day] != exported[day]:
                differences.append(
                    f"export_hcpcs --as-of {day} differs between load orders {first} and "
                    f"{order}: "
                    + first_difference(exported[day].splitlines(), other_exported[day].splitlines())
                )
    assert not differences, "\n".join(differences)


# -- on the session's data (all twelve bundled releases, loaded in date order) ---------------


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_the_same_release_loaded_again_changes_nothing(bundled):
    before = stored_state()
    load("2020_JAN", backfill=True)  # an older release (a backfill)
    load("2026_JUL")  # the newest, in force today
    assert stored_state() == before


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_an_older_release_without_backfill_is_refused_naming_both_dates(bundled):
    before = stored_state()
    # CMS's text file of January 2019: the same release as the bundled workbook, other bytes.
    older = shared_file("2019_JAN/HCPC2019_CONTR_ANWEB.txt")
    with pytest.raises(CommandError) as refused:
        call_command("import_hcpcs", str(older), publish=True, verbosity=0)
    message = str(refused.value)
    assert "2019-01-01" in message and "2026-07-01" in message, message
    assert "--backfill" in message and "Nothing was saved" in message, message
    assert stored_state() == before
