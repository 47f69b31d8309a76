"""The one FilterSet behind the results page and the API."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict

from codes.models import BetosCode, HcpcsCode, Release
from codes.search.filters import CodeFilterSet

pytestmark = pytest.mark.usefixtures("bundled")


def filtered(**params) -> list[HcpcsCode]:
    data = QueryDict(mutable=True)
    data.update(params)
    filterset = CodeFilterSet(data, queryset=HcpcsCode.objects.all())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def codes_of(found: list[HcpcsCode]) -> set[str]:
    return {c.code for c in found}


def test_status_defaults_to_active_today_and_any_status_for_named_codes():
    everything = codes_of(filtered(status="all"))
    active = codes_of(filtered(status="active"))
    assert "K0553" in everything - active  # terminated
    assert codes_of(filtered()) == active
    assert codes_of(filtered(q="cushion")) == active
    assert codes_of(filtered(q="K0553")) == everything
    assert codes_of(filtered(q="K0553,A0021")) == everything
    assert codes_of(filtered(q="K0553", status="active")) == active  # a choice is kept


def test_the_incoming_parameters_are_not_rewritten():
    data = QueryDict("q=K0553")
    filterset = CodeFilterSet(data, queryset=HcpcsCode.objects.all())
    assert filterset.is_valid()
    assert "status" not in data and "status" not in filterset.data


def test_status_on_a_date():
    before_october = {c.code for c in filtered(q="x", status="active", on="2025-06-30")}
    after = {c.code for c in filtered(q="x", status="active")}
    assert "Q4390" in after and "Q4390" not in before_october  # added 2025-10-01
    pending = {c.code for c in filtered(q="x", status="not_yet_effective", on="2025-06-30")}
    assert "Q4390" in pending
    terminated = {c.code for c in filtered(q="x", status="terminated")}
    assert "K0553" in terminated and "Q4390" not in terminated
    assert len(filtered(q="x", status="all")) == HcpcsCode.objects.count()


def test_kind_and_section():
    everything = list(HcpcsCode.objects.all())
    modifiers = {c.code for c in everything if c.is_modifier}
    procedures = {c.code for c in everything if not c.is_modifier}
    assert modifiers and procedures
    assert codes_of(filtered(status="all", kind="modifier")) == modifiers
    assert codes_of(filtered(status="all", kind="procedure")) == procedures
    section_e = {c for c in procedures if c.startswith("E")}
    assert section_e and codes_of(filtered(status="all", section="E")) == section_e


def test_coded_filters():
    everything = list(HcpcsCode.objects.all())
    for params, holds in [
        ({"betos": "D1D"}, lambda c: c.betos == "D1D"),
        ({"coverage": "C"}, lambda c: c.cov == "C"),
        ({"action": "A"}, lambda c: c.action_cd == "A"),
        ({"pricing": "13"}, lambda c: "13" in (c.price1, c.price2, c.price3, c.price4)),
        # 21 is in PRICE2-4 of seven codes whose PRICE1 is something else.
        ({"pricing": "21"}, lambda c: "21" in (c.price1, c.price2, c.price3, c.price4)),
    ]:
        expected = {c.code for c in everything if holds(c)}
        assert expected, params  # the bundled data has such codes
        assert codes_of(filtered(status="all", **params)) == expected, params


def test_added_in_a_date_range():
    first, last = datetime.date(2025, 4, 1), datetime.date(2025, 7, 31)
    expected = {c.code for c in HcpcsCode.objects.all() if c.add_dt and first <= c.add_dt <= last}
    assert expected
    added = filtered(added_after="2025-04-01", added_before="2025-07-31", status="all")
    assert codes_of(added) == expected
    since = {c.code for c in HcpcsCode.objects.all() if c.add_dt and c.add_dt >= first}
    assert codes_of(filtered(added_after="2025-04-01", status="all")) == since != expected
    until = {c.code for c in HcpcsCode.objects.all() if c.add_dt and c.add_dt <= last}
    assert codes_of(filtered(added_before="2025-07-31", status="all")) == until


def test_changed_in_a_release():
    october = Release.objects.get(label="2025 October")
    changed = {c.code for c in filtered(q="x", release=str(october.pk), status="all")}
    # October's added, changed (not G0503: its January record is whole), terminated, back
    assert len(changed) == 204 + 413 + 54 + 1
    assert "Q4390" in changed


def test_invalid_values_are_reported_by_parameter():
    filterset = CodeFilterSet(
        QueryDict("section=Z&added_after=x&kind=procedure&on=2025-13-45"),
        queryset=HcpcsCode.objects.all(),
    )
    assert not filterset.is_valid()
    assert filterset.invalid_params() == {
        "section": ["section"],
        "added": ["added_after", "added_before"],
        "on": ["on"],
    }


def test_a_new_table_entry_is_a_filter_value_at_once(bundled, django_capture_on_commit_callbacks):
    """The filters' form class is built once; the choices are still read from the CMS code
    tables each time, so an entry added to a table is accepted by the next search."""
    params = QueryDict("betos=Z9Z")
    assert not CodeFilterSet(params, queryset=HcpcsCode.objects.all()).is_valid()
    with django_capture_on_commit_callbacks(execute=True):
        BetosCode.objects.create(code="Z9Z", description="Added for the test")
    filterset = CodeFilterSet(params, queryset=HcpcsCode.objects.all())
    assert filterset.is_valid(), filterset.errors
    assert type(filterset.form) is type(CodeFilterSet(QueryDict(), queryset=None).form)
