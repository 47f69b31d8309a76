"""The data migrations, run on a database that holds none of what they make.

The test database is built by ``migrate``, and the suite puts back code tables and roles
after a flush, so "the table is there" proves nothing about a migration. Each test here
first removes what the migration makes, then runs the migration's own code against the
models as they stood at that migration (Django's migration loader), inside the test's
transaction, so it does not depend on what ran before it.
"""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from codes import models, reference_tables
from codes.cms import reference
from codes.releases import roles

pytestmark = pytest.mark.django_db

REFERENCE_MODELS = reference_tables.TABLE_MODELS


def migration(name: str):
    return importlib.import_module(f"codes.migrations.{name}")


def apps_at(name: str):
    """The models as they stood once migration ``codes.<name>`` had run."""
    return MigrationLoader(connection).project_state(("codes", name)).apps


def role_permissions() -> dict[str, set[str]]:
    return {
        group.name: {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        for group in Group.objects.filter(name__in=roles.ROLES)
    }


def test_0002_loads_every_code_table_and_the_processing_notes():
    for model in [*REFERENCE_MODELS.values(), models.ProcessingNote]:
        model.objects.all().delete()
    migration("0002_reference_data").load(apps_at("0002_reference_data"), None)
    for table, model in REFERENCE_MODELS.items():
        rows = dict(model.objects.values_list("code", "description"))
        assert rows == reference.TABLES[table]["codes"], table
        assert set(model.objects.values_list("source", flat=True)) == {"CMS record layout"}
    notes = dict(models.ProcessingNote.objects.values_list("code", "description"))
    assert notes == reference.PROCESSING_NOTES
    assert models.BetosCode.objects.get(code="D1F").description  # a real CMS value


def test_0002_keeps_a_curators_correction_of_a_table_entry():
    models.BetosCode.objects.filter(code="D1F").update(description="Corrected by a curator")
    models.BetosCode.objects.filter(code="O1D").delete()
    migration("0002_reference_data").load(apps_at("0002_reference_data"), None)
    assert models.BetosCode.objects.get(code="D1F").description == "Corrected by a curator"
    assert models.BetosCode.objects.filter(code="O1D").exists()


def test_0004_creates_its_permissions_and_the_roles_as_they_were_then():
    Group.objects.filter(name__in=roles.ROLES).delete()
    Permission.objects.filter(content_type__app_label__in=["codes", "auth"]).delete()
    frozen = migration("0004_curation")
    frozen.create_roles(apps_at("0004_curation"), None)
    assert role_permissions() == {name: set(perms) for name, perms in frozen.ROLES_0004.items()}
    # Named as Django names them, so its own post_migrate step finds them in place.
    names = dict(Permission.objects.values_list("codename", "name"))
    assert names["publish_release"] == "Can publish a draft release"
    assert names["view_auditentry"] == "Can view audit entry"
    assert names["change_oppspaymentindicator"] == "Can change MOG payment policy indicator"
    assert names["view_user"] == "Can view user"
    count = Permission.objects.count()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert Permission.objects.filter(codename="publish_release").count() == 1
    assert Permission.objects.count() > count  # Django added the ones the roles do not use


def test_0004_reversed_removes_the_roles():
    frozen = migration("0004_curation")
    frozen.remove_roles(apps_at("0004_curation"), None)
    assert not Group.objects.filter(name__in=roles.ROLES).exists()


def test_after_migrate_the_roles_are_todays_definition():
    Group.objects.filter(name=roles.AUDITOR).delete()
    Group.objects.get(name=roles.CURATOR).permissions.clear()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert role_permissions() == {name: set(perms) for name, perms in roles.ROLES.items()}
    perms = role_permissions()
    assert "codes.publish_release" in perms[roles.PUBLISHER]
    assert "codes.publish_release" not in perms[roles.CURATOR]
    assert "codes.add_release" in perms[roles.CURATOR]
    assert perms[roles.AUDITOR] and all(
        p.split(".")[1].startswith("view_") for p in perms[roles.AUDITOR]
    )


def test_changing_a_role_takes_effect_at_the_next_migrate_without_a_migration(monkeypatch):
    changed = {**roles.ROLES, roles.AUDITOR: (*roles.ROLES[roles.AUDITOR], "auth.view_permission")}
    monkeypatch.setattr(roles, "ROLES", changed)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert "auth.view_permission" in role_permissions()[roles.AUDITOR]
    frozen = migration("0004_curation").ROLES_0004
    assert "auth.view_permission" not in frozen[roles.AUDITOR], "the migration is untouched"


def test_a_database_migrated_back_before_the_roles_does_not_get_them(monkeypatch):
    Group.objects.filter(name__in=roles.ROLES).delete()
    monkeypatch.setattr(roles, "ROLES_MIGRATION", ("codes", "9999_not_applied"))
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert not Group.objects.filter(name__in=roles.ROLES).exists()


def test_0005_gives_cut_audit_field_names_back_their_end():
    cut = models.AuditEntry.objects.create(
        action="reference", field_name="MOG payment policy indicator: descriptio"
    )
    short = models.AuditEntry.objects.create(action="reference", field_name="BETOS code: code")
    migration("0005_audit_field_name").restore_cut_names(apps_at("0005_audit_field_name"), None)
    cut.refresh_from_db()
    short.refresh_from_db()
    assert cut.field_name == "MOG payment policy indicator: description"
    assert short.field_name == "BETOS code: code"
