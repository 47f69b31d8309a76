"""Audit entries name a reference-table field in full: "MOG payment policy indicator:
description" was cut at 40 characters. Entries already cut get their full name back (the
names they can have are written out here, as they were when this migration was written).
"""

from django.db import migrations, models

OLD_LENGTH = 40
TABLES = (
    "pricing indicator",
    "multiple pricing indicator",
    "coverage code",
    "BETOS code",
    "type of service",
    "action code",
    "lab certification",
    "MOG payment group",
    "MOG payment policy indicator",
    "processing note",
)
FULL_NAMES = [
    f"{table}: {column}"
    for table in TABLES
    for column in ("code", "description", "source", "deleted")
]


def restore_cut_names(apps, schema_editor):
    entry_model = apps.get_model("codes", "AuditEntry")
    cut = entry_model.objects.filter(action="reference", field_name__regex=r"^.{40}$")
    for entry in cut:
        matches = [name for name in FULL_NAMES if name.startswith(entry.field_name)]
        if len(matches) == 1 and matches[0] != entry.field_name:
            entry.field_name = matches[0]
            entry.save(update_fields=["field_name"])


def cut_names(apps, schema_editor):
    entry_model = apps.get_model("codes", "AuditEntry")
    for entry in entry_model.objects.filter(field_name__regex=r"^.{41,}$"):
        entry.field_name = entry.field_name[:OLD_LENGTH]
        entry.save(update_fields=["field_name"])


class Migration(migrations.Migration):
    dependencies = [("codes", "0004_curation")]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="field_name",
            field=models.CharField(
                blank=True,
                help_text="The CMS field that was edited, if any, or the reference table and its "
                'column ("MOG payment policy indicator: description").',
                max_length=100,
                verbose_name="field",
            ),
        ),
        migrations.RunPython(restore_cut_names, cut_names),
    ]
