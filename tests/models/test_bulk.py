"""codes/models/bulk.py on the bundled releases: the cursor reads give what Django's values
queries give, and the prepared-statement writes store what Django's bulk writes store."""

from __future__ import annotations

import pytest
from django.db import connections

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


def _sent(value):
    """What a driver receives: psycopg's JSON wrapper compared by what it wraps."""
    return getattr(value, "obj", value)


def test_values_go_to_the_driver_as_django_sends_them(bundled):
    """The shortcuts of ``bulk`` (text, numbers, booleans, dates, datetimes, JSON passed
    without Django's layers) give the driver what ``get_db_prep_save`` gives, for every
    field of the written models, on real rows and on None."""
    connection = connections["default"]
    samples = {
        HcpcsCode: list(HcpcsCode.objects.order_by("code")[:300]),
        CodeVersion: list(CodeVersion.objects.order_by("id")[:300]),
        CodeLife: list(CodeLife.objects.order_by("id")[:300]),
    }
    for model, objs in samples.items():
        assert objs, model
        for field in model._meta.concrete_fields:
            prepare = bulk._preparer(field, connection)
            values = [getattr(obj, field.attname) for obj in objs]
            values.append(None)
            for value in values:
                expected = field.get_db_prep_save(value, connection)
                assert _sent(prepare(value)) == _sent(expected), (model, field.name, value)


def test_insert_values_fills_what_a_row_lacks_and_update_values_writes_by_key(bundled):
    fields = [f.attname for f in HcpcsCode._meta.concrete_fields if not f.primary_key]
    before = list(HcpcsCode.objects.order_by("code").values(*fields))
    HcpcsCode.objects.all().delete()
    # Without "lives": its default (no span) goes in; every given value as it was.
    rows = [{k: v for k, v in row.items() if k != "lives"} for row in before]
    assert bulk.insert_values(HcpcsCode, rows) == len(before)
    after = list(HcpcsCode.objects.order_by("code").values(*fields))
    assert [row["lives"] for row in after] == [[]] * len(before)
    assert [{k: v for k, v in row.items() if k != "lives"} for row in after] == rows

    keys = dict(HcpcsCode.objects.values_list("code", "pk"))
    changed = [{"id": keys[row["code"]], "short_description": "X"} for row in before[:40]]
    assert bulk.update_values(HcpcsCode, changed, ["short_description"]) == 40
    assert HcpcsCode.objects.filter(short_description="X").count() == 40
    assert bulk.update_values(HcpcsCode, [], ["short_description"]) == 0
