"""Whole-release reads and writes: many rows of one model at a time.

A CMS release is some 9,000 records of about fifty columns. Django's ``bulk_create`` and
``bulk_update`` compile SQL for every value of every row (and ``bulk_update`` a ``CASE``
with a branch per row), which took most of a release's publish. These write the same values,
prepared by each field as Django would, through one ``executemany``; ``value_rows`` reads
a values query without Django's per-value converters.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence

from django.db import connections, models


def insert(model: type[models.Model], objs: Iterable[models.Model], *, using="default") -> int:
    """INSERT ``objs`` (new instances of ``model``); their primary keys are left unset, so
    callers must not need them. Returns the number of rows written."""
    connection = connections[using]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    auto = [
        field
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    prepare = [_preparer(field, connection) for field in fields]
    names = [field.attname for field in fields]
    rows = []
    for obj in objs:
        for field in auto:  # what Model.save would set; every other value is the instance's
            field.pre_save(obj, add=True)
        values = obj.__dict__
        rows.append([prep(values[name]) for prep, name in zip(prepare, names)])
    if not rows:
        return 0
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


# Values that go to the database as they are, by a field's internal type, when their class
# is exactly this one (bool is no int here): what ``get_db_prep_save`` returns for them on
# both engines, at a fraction of the cost (a release is some 450,000 values). ``None`` goes as
# NULL for these types, as Django sends it.
AS_THEY_ARE = {
    "CharField": str,
    "TextField": str,
    "BooleanField": bool,
    "IntegerField": int,
    "SmallIntegerField": int,
    "BigIntegerField": int,
    "PositiveIntegerField": int,
    "PositiveSmallIntegerField": int,
    "ForeignKey": int,
}


def _preparer(field: models.Field, connection):
    """How a value of ``field`` goes to the database: ``get_db_prep_save``, except for the
    values of ``AS_THEY_ARE`` and dates, which take the engine's adaptation directly."""
    prep = field.get_db_prep_save
    kind = field.get_internal_type()
    if kind == "DateField":
        adapt = connection.ops.adapt_datefield_value
        return lambda value: (
            adapt(value)
            if value.__class__ is datetime.date or value is None
            else prep(value, connection)
        )
    plain = AS_THEY_ARE.get(kind)
    if plain is None:
        return lambda value: prep(value, connection)
    return lambda value: (
        value if value.__class__ is plain or value is None else prep(value, connection)
    )


def update(
    model: type[models.Model],
    objs: Sequence[models.Model],
    field_names: Sequence[str],
    *,
    using="default",
) -> int:
    """UPDATE ``field_names`` of ``objs`` (saved instances) by primary key."""
    if not objs:
        return 0
    connection = connections[using]
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    pk = meta.pk
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"  # noqa: S608
    prepare = [_preparer(field, connection) for field in fields]
    names = [field.attname for field in fields]
    rows = [
        [prep(getattr(obj, name)) for prep, name in zip(prepare, names)]
        + [pk.get_db_prep_value(obj.pk, connection)]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


# Columns whose values both engines' drivers give as Django would: text, numbers, booleans
# and dates (SQLite's declared-type converters, psycopg's).
PLAIN_KINDS = {
    "CharField",
    "TextField",
    "DateField",
    "BooleanField",
    "AutoField",
    "BigAutoField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
}


def value_rows(queryset: models.QuerySet, fields: Sequence[str]) -> Iterator[tuple]:
    """``queryset.values_list(*fields)`` of plain columns (``PLAIN_KINDS``), streamed
    through the cursor: Django's per-value converters cost more than the query for a whole
    release. A date that arrives as ISO text is read with ``fromisoformat``."""
    meta = queryset.model._meta
    kinds = [meta.get_field(name).get_internal_type() for name in fields]
    assert set(kinds) <= PLAIN_KINDS, kinds
    dates = {i for i, kind in enumerate(kinds) if kind == "DateField"}
    sql, params = queryset.values_list(*fields).query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            for row in rows:
                if any(row[i].__class__ is str for i in dates):
                    row = tuple(
                        datetime.date.fromisoformat(v) if i in dates and v else v
                        for i, v in enumerate(row)
                    )
                yield row
