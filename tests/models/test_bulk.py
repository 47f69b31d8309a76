"""codes/models/bulk.py on the bundled releases: the cursor reads give what Django's values
queries give, and the prepared-statement writes store what Django's bulk writes store."""

from __future__ import annotations

import pytest

from codes.cms import layout
from codes.models import CodeLife, CodeVersion, HcpcsCode, bulk

VERSION_FIELDS = ["id", "release_id", "effective_date", *layout.ATTRS, "change_type", "held"]
CODE_FIELDS = [*layout.ATTRS, "listed", "release_id"]


def test_value_rows_are_what_values_list_gives(bundled):
    versions = CodeVersion.objects.order_by("id")
    assert list(bulk.value_rows(versions, VERSION_FIELDS)) == list(
        versions.values_list(*VERSION_FIELDS)
    )
    codes = HcpcsCode.objects.order_by("code")
    assert list(bulk.value_rows(codes, CODE_FIELDS)) == list(codes.values_list(*CODE_FIELDS))


def test_value_rows_refuses_a_column_it_would_read_wrongly(bundled):
    with pytest.raises(AssertionError, match="JSONField"):
        list(bulk.value_rows(HcpcsCode.objects.all(), ["code", "lives"]))


def test_insert_stores_what_the_instances_hold(bundled):
    fields = [f.attname for f in HcpcsCode._meta.concrete_fields if not f.primary_key]
    before = list(HcpcsCode.objects.order_by("code").values_list(*fields))
    copies = [
        HcpcsCode(**{name: getattr(code, name) for name in fields})
        for code in HcpcsCode.objects.order_by("code")
    ]
    HcpcsCode.objects.all().delete()
    assert bulk.insert(HcpcsCode, copies) == len(before) > 9000
    assert list(HcpcsCode.objects.order_by("code").values_list(*fields)) == before
    assert bulk.insert(CodeLife, []) == 0


def test_update_writes_the_named_fields_only(bundled):
    codes = list(HcpcsCode.objects.order_by("code")[:500])
    untouched = list(HcpcsCode.objects.order_by("code").values_list("code", "short_description"))
    for code in codes:
        code.lives = [["2001-02-03", None]]
        code.short_description = "not written"
    assert bulk.update(HcpcsCode, codes, ["lives"]) == 500
    assert HcpcsCode.objects.filter(lives=[["2001-02-03", None]]).count() == 500
    assert (
        list(HcpcsCode.objects.order_by("code").values_list("code", "short_description"))
        == untouched
    )
