"""The CMS code tables as Django models, and decoding of coded values through them.

The tables are small (a few hundred rows in all), so decoding reads them whole into a
cached dict; saving or deleting an entry forgets that cache when its transaction commits.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from codes import models
from codes.cms import layout, reference

# Table name in codes/cms/reference/tables.json -> the model that holds it.
TABLE_MODELS: dict[str, type[models.ReferenceCode]] = {
    "pricing_indicator": models.PricingIndicator,
    "multiple_pricing_indicator": models.MultiplePricingIndicator,
    "coverage": models.CoverageCode,
    "betos": models.BetosCode,
    "type_of_service": models.TypeOfService,
    "action": models.ActionCode,
    "lab_certification": models.LabCertification,
    "opps_payment_group": models.OppsPaymentGroup,
    "opps_payment_indicator": models.OppsPaymentIndicator,
}
PROCESSING_NOTES = "processing_notes"

# Record attribute -> the table that decodes it.
ATTR_TABLES: dict[str, str] = {
    layout.BY_HEADER[header].attr: spec["table"]
    for header, spec in reference.FIELDS.items()
    if spec.get("table") in TABLE_MODELS
}
ATTR_TABLES["procnote"] = PROCESSING_NOTES

_CACHE_KEY = "codes:reference-tables:v1"


def all_models() -> list[type[models.ReferenceCode]]:
    return [*TABLE_MODELS.values(), models.ProcessingNote]


def _model_for(table: str) -> type[models.ReferenceCode]:
    return models.ProcessingNote if table == PROCESSING_NOTES else TABLE_MODELS[table]


def lookup() -> dict[str, dict[str, str]]:
    """Every table as {table name: {code: description}}."""
    tables = cache.get(_CACHE_KEY)
    if tables is None:
        tables = {
            name: dict(_model_for(name).objects.values_list("code", "description"))
            for name in [*TABLE_MODELS, PROCESSING_NOTES]
        }
        cache.set(_CACHE_KEY, tables, 300)
    return tables


def decode(attr: str, value: str, tables: dict | None = None) -> str | None:
    """The description of a coded value, or None when the table has no such code."""
    table = ATTR_TABLES.get(attr)
    if not table or not value:
        return None
    return (tables or lookup())[table].get(value)


def missing_values(records, tables: dict | None = None) -> dict[str, dict[str, list[str]]]:
    """Coded values that no table defines: {header: {value: [codes that use it]}}."""
    tables = tables or lookup()
    found: dict[str, dict[str, list[str]]] = {}
    for record in records:
        for attr, table in ATTR_TABLES.items():
            value = record.get(attr)
            if value and value not in tables[table]:
                header = layout.BY_ATTR[attr].header
                found.setdefault(header, {}).setdefault(value, []).append(record["code"])
    return found


def sync_from_layout() -> int:
    """Insert the table entries from the bundled CMS layout that are not in the database yet
    (after a database was flushed; migration 0002 loaded them first).

    Existing rows are left alone: curators may have corrected them.
    """
    created = 0
    for name, spec in [*reference.TABLES.items(), (PROCESSING_NOTES, None)]:
        if name not in TABLE_MODELS and name != PROCESSING_NOTES:
            continue
        model = _model_for(name)
        entries = reference.PROCESSING_NOTES if spec is None else spec["codes"]
        source = "CMS processing notes" if spec is None else "CMS record layout"
        existing = set(model.objects.values_list("code", flat=True))
        new = [
            model(code=code, description=text, source=source)
            for code, text in entries.items()
            if code not in existing
        ]
        model.objects.bulk_create(new)
        created += len(new)
    forget_cache()
    return created


def forget_cache() -> None:
    """Drop the cached tables once the current transaction commits (at once outside one).

    Not before: another request could otherwise cache the old rows again while the
    transaction is still open, and a rolled-back change must not leave its rows cached.
    The content version moves in the same transaction, so the pages and API answers cached
    under it (on every instance) are rendered afresh from the commit on.
    """
    models.PublishedState.objects.record_change(published=False)
    transaction.on_commit(lambda: cache.delete(_CACHE_KEY))


def _forget_cache(sender, **kwargs) -> None:
    forget_cache()


def connect_signals() -> None:
    """Saving or deleting a table entry (admin, services, fixtures) forgets the cache.
    Called from ``CodesConfig.ready``."""
    for model in all_models():
        name = model.__name__
        post_save.connect(_forget_cache, sender=model, dispatch_uid=f"refclear-save-{name}")
        post_delete.connect(_forget_cache, sender=model, dispatch_uid=f"refclear-del-{name}")
