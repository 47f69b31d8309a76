"""Load the CMS code tables and processing notes from the bundled record layout."""

from django.db import migrations


def load(apps, schema_editor):
    from codes import reference_tables

    reference_tables.sync_from_layout(
        model_lookup=lambda model: apps.get_model("codes", model.__name__)
    )


class Migration(migrations.Migration):
    dependencies = [("codes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
