"""The curation roles: Curator, Publisher and Auditor, as Django groups with permissions.

Roles are groups so that an administrator can see and adjust them in the admin, and a user
can hold more than one. Migration 0004 created them as they were then; after every
``migrate`` (and every flush, which ends the same way) ``sync_after_migrate`` brings them to
the definition below, so changing a role means editing this module only. ``manage.py
setup_roles`` does the same on demand (after someone edited a group by hand).

- Curator: loads CMS files, ASP drug files included (add release), edits the search
  synonyms, corrects a draft's label and date (change
  release), edits, holds and restores proposed versions (change code version), corrects a
  published code (change HCPCS code), edits reference tables; reads everything.
- Publisher: all of the above, and publishes or discards drafts (releases and ASP files).
- Auditor: reads everything in the admin, the audit trail and each object's history
  included, and changes nothing.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

CURATOR = "Curator"
PUBLISHER = "Publisher"
AUDITOR = "Auditor"

# Every model of the codes app that the admin shows.
REFERENCE_MODELS = (
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
# The drug files and the search vocabulary (codes/models/drugs.py).
DRUG_MODELS = ("aspfile", "crosswalkrow", "paymentlimit", "indexentry", "synonym")
CODES_MODELS = (
    *REFERENCE_MODELS,
    "release",
    "hcpcscode",
    "codeversion",
    "auditentry",
    *DRUG_MODELS,
)

READ_ALL = (
    *(f"codes.view_{model}" for model in CODES_MODELS),
    # Who holds which role is part of what an auditor checks.
    "auth.view_user",
    "auth.view_group",
)
CURATE = (
    "codes.add_release",
    "codes.change_release",
    "codes.change_codeversion",
    "codes.change_hcpcscode",
    *(f"codes.{action}_{model}" for model in REFERENCE_MODELS for action in ("add", "change")),
    # Curated synonyms: added, changed and deleted with a reason (codes/drugs/services.py).
    *(f"codes.{action}_synonym" for action in ("add", "change", "delete")),
)
PUBLISH = ("codes.publish_release", "codes.discard_release")

ROLES: dict[str, tuple[str, ...]] = {
    CURATOR: (*READ_ALL, *CURATE),
    PUBLISHER: (*READ_ALL, *CURATE, *PUBLISH),
    AUDITOR: READ_ALL,
}

# The migration that first created the roles.
ROLES_MIGRATION = ("codes", "0004_curation")

# The permission each curation page needs (checked with user.has_perm).
LOAD = "codes.add_release"
RELABEL = "codes.change_release"
EDIT_DRAFT = "codes.change_codeversion"
CORRECT = "codes.change_hcpcscode"
PUBLISH_RELEASE = "codes.publish_release"
DISCARD_RELEASE = "codes.discard_release"


class RoleError(Exception):
    """A role names a permission that does not exist (a model or codename was renamed)."""


def sync_roles(*, apps=global_apps, using: str = "default") -> dict[str, int]:
    """Create the role groups if missing and set each one's permissions to exactly
    :data:`ROLES`. ``apps`` may be a migration state's apps, as post_migrate passes them.
    Returns the number of permissions per role."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    wanted = {name for perms in ROLES.values() for name in perms}
    found = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in permission_model.objects.using(using)
        .filter(content_type__app_label__in={name.split(".")[0] for name in wanted})
        .values_list("pk", "content_type__app_label", "codename")
    }
    missing = sorted(wanted - set(found))
    if missing:
        raise RoleError(f"permissions not found: {', '.join(missing)}; run migrate first.")
    counts = {}
    for role, perms in ROLES.items():
        group, _ = group_model.objects.using(using).get_or_create(name=role)
        group.permissions.set([found[name] for name in perms])
        counts[role] = len(perms)
    return counts


def sync_after_migrate(sender, *, apps=global_apps, using: str = "default", **kwargs) -> None:
    """post_migrate handler (connected in ``CodesConfig.ready``): bring the role groups to
    :data:`ROLES` once Django has created the permissions.

    The roles exist from migration 0004 on: a database migrated back before it is left
    without them.
    """
    if ROLES_MIGRATION in MigrationRecorder(connections[using]).applied_migrations():
        sync_roles(apps=apps, using=using)
