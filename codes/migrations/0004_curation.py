"""Curation: the publish and discard permissions, and the Curator, Publisher and Auditor
groups as they were defined when this migration was written.

Django creates permissions only after all migrations have run (post_migrate), so on a new
database they do not exist yet here: this migration creates the ones its roles need from
the historical models, with the names Django gives them, and Django's own post_migrate
step then finds them in place. Everything is frozen below, nothing is imported from the
app, so this migration keeps doing what it did. Today's roles (``codes/releases/roles.py``)
are applied after every ``migrate`` by a post_migrate handler, so a role changes by
editing that module, never this migration.
"""

from django.db import migrations

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


# Permissions Django defines beyond add/change/delete/view, with their names.
CUSTOM_PERMISSIONS = {
    "codes.publish_release": "Can publish a draft release",
    "codes.discard_release": "Can discard a draft release",
}


def _permission(apps, name):
    """The permission "app_label.codename", created as Django's post_migrate would."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    app_label, codename = name.split(".")
    action, model_name = codename.split("_", 1)
    model = apps.get_model(app_label, model_name)
    content_type, _ = content_type_model.objects.get_or_create(
        app_label=app_label, model=model._meta.model_name
    )
    permission, _ = permission_model.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={
            "name": CUSTOM_PERMISSIONS.get(name) or f"Can {action} {model._meta.verbose_name_raw}"
        },
    )
    return permission


def create_roles(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    for role, names in ROLES_0004.items():
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.set([_permission(apps, name) for name in names])


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
