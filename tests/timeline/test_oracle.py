"""The site's dated answers against an oracle of our own (``tests/timeline/oracle.py``): CMS's
twelve bundled workbooks read apart from the importer, and the reading documented in
``codes/timeline/reading.py`` applied to them a second time. Tens of thousands of (code, date)
pairs go through the validate API and FHIR's ``$batch-validate-code``, a few hundred through
the detail API with ``as_of``, with the releases loaded in date order (the session's data) and
newest first: not one answer may disagree, nor cite a file that does not list the code."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.timeline import site_answers
from tests.timeline.oracle import NAMED, Oracle

pytestmark = pytest.mark.oracle

DETAIL_PER_CATEGORY = 25


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    return Oracle()


@pytest.fixture(scope="module")
def categorised(oracle) -> dict[tuple, set[str]]:
    return oracle.pairs()


@pytest.fixture(scope="module")
def pairs(categorised) -> list[tuple]:
    return sorted(categorised)


@pytest.fixture(scope="module")
def detail_pairs(categorised) -> list[tuple]:
    """A few hundred pairs for the detail API (one request each): some of every category,
    and every pair of J1440, J0570 and DA."""
    rng = random.Random(1440)
    by_category: dict[str, list[tuple]] = {}
    for pair, categories in sorted(categorised.items()):
        for category in categories:
            by_category.setdefault(category, []).append(pair)
    chosen = {pair for pair in categorised if pair[0] in ("J1440", "J0570", "DA")}
    for members in by_category.values():
        chosen.update(rng.sample(members, min(DETAIL_PER_CATEGORY, len(members))))
    return sorted(chosen)


def test_the_pairs_cover_every_case(oracle, categorised, detail_pairs):
    counts = Counter(category for categories in categorised.values() for category in categories)
    assert len(categorised) >= 10_000
    for category in (
        "before ADD DT",
        "on ADD DT",
        "on TERM DT",
        "day after TERM DT",
        "between releases",
        "on a release's date",
        "before 2017",
        "after July 2026",
        "only in old releases",
        "left a file",
        "modifiers",
        "unknown",
    ):
        assert counts[category] >= 200, (category, counts)
    assert counts["reused or reactivated"] >= 50 and counts["ADD DT moved"] >= 50, counts
    assert {code for code, _ in categorised} >= set(NAMED)
    statuses = Counter(oracle.expect(code, day).status for code, day in categorised)
    assert min(statuses.values()) >= 200, statuses
    assert 300 <= len(detail_pairs) <= 1000


def test_the_oracle_reads_the_cases_of_the_issue(oracle):
    """The oracle's own reading of the cases the timeline's docstring names, from CMS's
    dates: if these fail, the oracle is wrong, not the site."""
    import datetime

    def status(code: str, day: str) -> str:
        return oracle.expect(code, datetime.date.fromisoformat(day)).status

    assert status("J1440", "1999-01-01") == "active"
    assert status("J1440", "2014-01-01") == "terminated"
    assert status("J1440", "2023-07-01") == "active"
    assert status("J0570", "2025-02-15") == "terminated"
    assert status("J0570", "2025-10-01") == "active"
    assert status("DA", "2019-01-01") == "active"
    assert status("G9976", "2018-12-31") == "active"
    assert status("G9976", "2019-01-01") == "terminated"
    assert status("G0681", "2026-01-01") == "active"
    assert status("G0681", "2025-12-31") == "not_yet_effective"
    assert status("C9309", "2026-06-30") == "active"
    assert status("C9309", "2026-07-01") == "terminated"
    assert status("AC", "2026-06-30") == "not_yet_effective"
    assert status("J3365", "2026-01-01") == "terminated"
    assert status("C9292", "2013-01-01") == "active"
    expected = oracle.expect("DA", datetime.date(2019, 6, 1))
    assert expected.cited.day == datetime.date(2018, 1, 1)  # January 2019 leaves DA out


# -- the releases loaded in date order: the session's data ----------------------------------


def test_the_validate_api_agrees_with_the_oracle(client, bundled, oracle, pairs):
    problems = site_answers.check_validate(client, oracle, pairs)
    assert not problems, site_answers.report(problems, f"validate API, {len(pairs)} pairs")


def test_the_detail_api_agrees_with_the_oracle(client, bundled, oracle, detail_pairs):
    problems = site_answers.check_detail(client, oracle, detail_pairs)
    assert not problems, site_answers.report(problems, f"detail API, {len(detail_pairs)} pairs")


def test_fhir_agrees_with_the_oracle(client, bundled, oracle, pairs):
    problems = site_answers.check_fhir(client, oracle, pairs)
    assert not problems, site_answers.report(problems, f"$batch-validate-code, {len(pairs)}")


# -- the releases loaded newest first, each older one a backfill ----------------------------


def test_releases_loaded_newest_first_agree_with_the_oracle(
    client, empty_codes, oracle, pairs, detail_pairs
):
    for path in reversed(settings.HCPCS_BUNDLED_RELEASES):
        call_command(
            "import_hcpcs",
            str(path),
            publish=True,
            backfill=True,
            corrections=str(settings.HCPCS_BUNDLED_CORRECTIONS),
            verbosity=0,
        )
    problems = [
        *site_answers.check_validate(client, oracle, pairs),
        *site_answers.check_detail(client, oracle, detail_pairs),
        *site_answers.check_fhir(client, oracle, pairs),
    ]
    assert not problems, site_answers.report(problems, "newest first, all three APIs")
