"""Release warnings become records (kind, code, field, values) instead of sentences.

Releases staged before this migration hold English sentences; each is read back into the
record it was made from. The sentences and the kinds are written out here as they were when
this migration was written (``codes/releases/staging_warnings.py`` renders them today), so
that later rewording there does not change what this migration reads. Reversing it renders
the records back into the same sentences.
"""

import ast
import re

from django.db import migrations, models

SAMPLE_CODES = 5
MISSING = re.compile(
    r"^(?P<field>.+?) value (?P<value>'[^']*'|\"[^\"]*\") is not in the CMS code table "
    r"\((?P<count>\d+) codes: (?P<sample>.*?)\); kept as is\.$"
)
CODE_SENTENCES = {
    "description-under-n": "description changed under action code N (no maintenance).",
    "left-without-termination": "no longer in the file, and had no termination date.",
}
CODE_PREFIX = re.compile(r"^(?P<code>[A-Z0-9]{1,5}): (?P<rest>.*)$")
# The notes of the label inference in codes/cms/readers.py at the time.
LABEL_NOTE = re.compile(r"^release |check the file name$| says \d{4}, the content says \d{4}$")


def as_record(text):
    """The record a stored sentence was made from."""
    if isinstance(text, dict):
        return text  # already a record
    record = {"kind": "file-note", "code": "", "field": "", "values": {"text": text}}
    if match := MISSING.match(text):
        sample = match["sample"].removesuffix(" ...")
        record.update(
            kind="missing-from-table",
            field=match["field"],
            values={
                "value": ast.literal_eval(match["value"]),
                "count": int(match["count"]),
                "codes": sample.split(", ") if sample else [],
            },
        )
    elif (match := CODE_PREFIX.match(text)) and match["rest"] in CODE_SENTENCES.values():
        kind = next(k for k, sentence in CODE_SENTENCES.items() if sentence == match["rest"])
        record.update(kind=kind, code=match["code"], values={})
    elif LABEL_NOTE.search(text):
        record["kind"] = "release-label"
    return record


def as_sentence(record):
    if not isinstance(record, dict):
        return record
    values = record["values"]
    if record["kind"] == "missing-from-table":
        sample = ", ".join(values["codes"]) + (" ..." if values["count"] > SAMPLE_CODES else "")
        return (
            f"{record['field']} value {values['value']!r} is not in the CMS code table "
            f"({values['count']} codes: {sample}); kept as is."
        )
    if record["kind"] in CODE_SENTENCES:
        return f"{record['code']}: {CODE_SENTENCES[record['kind']]}"
    return values["text"]


def _convert(apps, convert):
    release_model = apps.get_model("codes", "Release")
    for release in release_model.objects.exclude(warnings=[]).only("warnings"):
        release.warnings = [convert(item) for item in release.warnings or []]
        release.save(update_fields=["warnings"])


def forwards(apps, schema_editor):
    _convert(apps, as_record)


def backwards(apps, schema_editor):
    _convert(apps, as_sentence)


class Migration(migrations.Migration):
    dependencies = [("codes", "0005_audit_field_name")]

    operations = [
        migrations.AlterField(
            model_name="release",
            name="warnings",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Things a curator should look at, one record each (kind, code, "
                "field, values): values missing from a CMS code table, codes that left the "
                "file, descriptions changed without an action code, notes from reading the "
                "file.",
                verbose_name="warnings",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
