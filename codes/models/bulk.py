"""Whole-release reads and writes: many rows of one model at a time.

A CMS release is some 9,000 records of about fifty columns. Django's ``bulk_create`` and
``bulk_update`` compile SQL for every value of every row (and ``bulk_update`` a ``CASE``
with a branch per row), which took most of a release's publish. These write the same values,
prepared by each field as Django would, through one ``executemany``; ``value_rows`` reads
a values query without Django's per-value converters.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.db import connections, models
from django.utils import timezone


def insert(model: type[models.Model], objs: Iterable[models.Model], *, using="default") -> int:
    """INSERT ``objs`` (new instances of ``model``); their primary keys are left unset, so
    callers must not need them. Returns the number of rows written."""
    auto = _auto_now_fields(model)

    def values() -> Iterator[dict]:
        for obj in objs:
            for field in auto:  # what Model.save would set; every other value is the instance's
                field.pre_save(obj, add=True)
            yield obj.__dict__

    return insert_values(model, values(), using=using)


def insert_values(
    model: type[models.Model], rows: Iterable[Mapping[str, Any]], *, using="default"
) -> int:
    """INSERT one row of ``model`` per mapping of attribute names (a foreign key by its
    ``..._id``) to values, with no model instance: Django builds one in tens of microseconds
    for a record of fifty fields, and a release writes thousands. A field a mapping lacks
    takes its default, an ``auto_now``/``auto_now_add`` one the time now."""
    connection = connections[using]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    pairs = [(_preparer(field, connection), field.attname) for field in fields]
    by_name = {field.attname: field for field in fields}
    wanted = by_name.keys()
    auto = [field.attname for field in _auto_now_fields(model)]
    now = timezone.now()
    written = []
    for row in rows:
        if auto or not row.keys() >= wanted:  # filled in a copy: the caller keeps its rows
            row = {
                **{name: by_name[name].get_default() for name in wanted - row.keys()},
                **row,
            }
            for name in auto:
                if row[name] is None:
                    row[name] = now
        written.append([prep(row[name]) for prep, name in pairs])
    if not written:
        return 0
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, written)
    return len(written)


def _auto_now_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]


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
    if kind == "DateTimeField":  # an aware datetime needs no conversion before adapting
        adapt = connection.ops.adapt_datetimefield_value
        return lambda value: (
            adapt(value)
            if value.__class__ is datetime.datetime and value.tzinfo is not None
            else prep(value, connection)
        )
    if kind == "JSONField":  # a list or dict is encoded as it is (None stays SQL NULL)
        adapt, encoder = connection.ops.adapt_json_value, field.encoder
        return lambda value: (
            adapt(value, encoder) if value.__class__ in (list, dict) else prep(value, connection)
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
    meta = model._meta
    names = [meta.get_field(name).attname for name in field_names] + [meta.pk.attname]
    rows = [{name: getattr(obj, name) for name in names} for obj in objs]
    return update_values(model, rows, field_names, using=using)


def update_values(
    model: type[models.Model],
    rows: Sequence[Mapping[str, Any]],
    field_names: Sequence[str],
    *,
    using="default",
) -> int:
    """UPDATE ``field_names`` of the rows whose primary keys the mappings hold (by attribute
    name, as ``insert_values`` takes them), with no model instance."""
    if not rows:
        return 0
    connection = connections[using]
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    pk = meta.pk
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"  # noqa: S608
    prepare = [(field.attname, _preparer(field, connection)) for field in fields]
    written = [
        [prep(row[name]) for name, prep in prepare]
        + [pk.get_db_prep_value(row[pk.attname], connection)]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, written)
    return len(written)


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
