"""The one FilterSet behind the results page and the API."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict

from codes.models import HcpcsCode, Release
from codes.search.filters import CodeFilterSet

pytestmark = pytest.mark.usefixtures("bundled")


def filtered(**params) -> list[HcpcsCode]:
    data = QueryDict(mutable=True)
    data.update(params)
    filterset = CodeFilterSet(data, queryset=HcpcsCode.objects.all())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def test_every_filter_names_its_field_and_lookup():
    for name, declared in CodeFilterSet.declared_filters.items():
        assert declared.field_name, name
        assert declared.lookup_expr, name


def test_status_defaults_to_active_today_and_any_status_for_named_codes():
    assert CodeFilterSet(QueryDict("q=cushion")).data["status"] == "active"
    assert CodeFilterSet(QueryDict("q=K0553")).data["status"] == "all"
    assert CodeFilterSet(QueryDict("q=K0553,A0021")).data["status"] == "all"


def test_status_on_a_date():
    before_october = {c.code for c in filtered(q="x", status="active", on="2025-06-30")}
    after = {c.code for c in filtered(q="x", status="active")}
    assert "Q4390" in after and "Q4390" not in before_october  # added 2025-10-01
    pending = {c.code for c in filtered(q="x", status="pending", on="2025-06-30")}
    assert "Q4390" in pending
    terminated = {c.code for c in filtered(q="x", status="terminated")}
    assert "K0553" in terminated and "Q4390" not in terminated
    assert len(filtered(q="x", status="all")) == HcpcsCode.objects.count()


def test_kind_and_section():
    modifiers = filtered(q="x", kind="modifier")
    assert modifiers and all(c.is_modifier for c in modifiers)
    section = filtered(q="x", section="E")
    assert section and all(c.code[0] == "E" and not c.is_modifier for c in section)


def test_coded_filters():
    assert all(c.betos == "D1D" for c in filtered(q="x", betos="D1D"))
    assert all(c.cov == "C" for c in filtered(q="x", coverage="C"))
    assert all(c.action_cd == "A" for c in filtered(q="x", action="A", status="all"))
    priced = filtered(q="x", pricing="13")
    assert priced and all("13" in (c.price1, c.price2, c.price3, c.price4) for c in priced)


def test_added_in_a_date_range():
    added = filtered(q="x", added_after="2025-10-01", added_before="2025-12-31", status="all")
    assert added and all(datetime.date(2025, 10, 1) <= c.add_dt for c in added)


def test_changed_in_a_release():
    october = Release.objects.get(label="2025 October")
    changed = {c.code for c in filtered(q="x", release=str(october.pk), status="all")}
    assert len(changed) == 204 + 414 + 54 + 1  # October's added, changed, terminated, back
    assert "Q4390" in changed


def test_invalid_values_are_reported_by_parameter():
    filterset = CodeFilterSet(
        QueryDict("section=Z&added_after=x&kind=procedure"), queryset=HcpcsCode.objects.all()
    )
    assert not filterset.is_valid()
    assert filterset.invalid_params() == {
        "section": ["section"],
        "added": ["added_after", "added_before"],
    }
