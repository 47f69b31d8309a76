"""Load the CMS code tables and processing notes from the bundled record layout.

Everything this needs is written out here rather than imported from the app, so that the
migration keeps doing what it did when it was written: which table of the committed JSON
(``codes/cms/reference/``) fills which model is frozen below, and the rows are read with
plain ``json``. Tables added to the JSON later are not loaded by this migration.
"""

import json
from pathlib import Path

from django.db import migrations

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "cms" / "reference"

# Table name in tables.json -> model, as they were when this migration was written.
TABLE_MODELS = {
    "pricing_indicator": "PricingIndicator",
    "multiple_pricing_indicator": "MultiplePricingIndicator",
    "coverage": "CoverageCode",
    "betos": "BetosCode",
    "type_of_service": "TypeOfService",
    "action": "ActionCode",
    "lab_certification": "LabCertification",
    "opps_payment_group": "OppsPaymentGroup",
    "opps_payment_indicator": "OppsPaymentIndicator",
}


def _read(name):
    with open(REFERENCE_DIR / name, encoding="utf-8") as f:
        return json.load(f)


def _insert(model, entries, source):
    """Insert the entries not in the table yet; rows curators may have corrected stay."""
    existing = set(model.objects.values_list("code", flat=True))
    model.objects.bulk_create(
        model(code=code, description=text, source=source)
        for code, text in entries.items()
        if code not in existing
    )


def load(apps, schema_editor):
    tables = _read("tables.json")
    for table, model_name in TABLE_MODELS.items():
        _insert(apps.get_model("codes", model_name), tables[table]["codes"], "CMS record layout")
    _insert(
        apps.get_model("codes", "ProcessingNote"),
        _read("processing_notes.json"),
        "CMS processing notes",
    )


class Migration(migrations.Migration):
    dependencies = [("codes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
