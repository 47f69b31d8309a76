"""Curation: the publish and discard permissions, and the Curator, Publisher and Auditor
groups (codes/releases/roles.py).

Django creates permissions after all migrations have run (post_migrate), so on a new
database they do not exist yet when this migration runs; it creates them first, from the
historical models, exactly as post_migrate would. The roles are frozen here as they were
defined when this migration was written; later changes go through ``setup_roles`` or a new
migration, so that this one keeps working on a new database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from codes.releases import roles

_REFERENCE = (
    "pricingindicator",
    "multiplepricingindicator",
    "coveragecode",
    "betoscode",
    "typeofservice",
    "actioncode",
    "labcertification",
    "oppspaymentgroup",
    "oppspaymentindicator",
    "processingnote",
)
_READ_ALL = (
    *(
        f"codes.view_{m}"
        for m in (*_REFERENCE, "release", "hcpcscode", "codeversion", "auditentry")
    ),
    "auth.view_user",
    "auth.view_group",
)
_CURATE = (
    "codes.add_release",
    "codes.change_release",
    "codes.change_codeversion",
    "codes.change_hcpcscode",
    *(f"codes.{action}_{m}" for m in _REFERENCE for action in ("add", "change")),
)
ROLES_0004 = {
    "Curator": (*_READ_ALL, *_CURATE),
    "Publisher": (*_READ_ALL, *_CURATE, "codes.publish_release", "codes.discard_release"),
    "Auditor": _READ_ALL,
}


def create_roles(apps, schema_editor):
    for label in ("auth", "codes"):
        app_config = apps.get_app_config(label)
        # Historical app configs have no models module; create_permissions skips those.
        app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = None
    roles.sync_roles(apps=apps, definition=ROLES_0004)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES_0004)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("codes", "0003_search"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="release",
            options={
                "ordering": ["-effective_date", "-id"],
                "permissions": [
                    ("publish_release", "Can publish a draft release"),
                    ("discard_release", "Can discard a draft release"),
                ],
            },
        ),
        migrations.RunPython(create_roles, remove_roles),
    ]
