"""Role boundaries: who reaches which curation page; ``setup_roles``. (How the roles come
to be, by migration and after every migrate: ``tests/migrations/test_data_migrations.py``.)"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from codes.releases import roles
from tests.curation import version_of


def pages(draft) -> dict[str, str]:
    """Every curation page, by what it does."""
    from codes.models import HcpcsCode

    version = version_of(draft, "A4453")
    code = HcpcsCode.objects.get(code="A4453")
    return {
        "upload": reverse("admin:codes_release_upload"),
        "confirm": reverse("admin:codes_release_confirm", args=[draft.pk]),
        "review": reverse("admin:codes_release_review", args=[draft.pk]),
        "edit": reverse("admin:codes_codeversion_edit", args=[version.pk]),
        "hold": reverse("admin:codes_codeversion_hold", args=[version.pk]),
        "restore": reverse("admin:codes_codeversion_restore", args=[version.pk]),
        "correct": reverse("admin:codes_hcpcscode_correct", args=[code.pk]),
        "publish": reverse("admin:codes_release_publish", args=[draft.pk]),
        "discard": reverse("admin:codes_release_discard", args=[draft.pk]),
    }


# Which pages (GET) each role may open.
ALLOWED = {
    roles.CURATOR: {"upload", "confirm", "review", "edit", "hold", "restore", "correct"},
    roles.PUBLISHER: {
        "upload",
        "confirm",
        "review",
        "edit",
        "hold",
        "restore",
        "correct",
        "publish",
        "discard",
    },
    roles.AUDITOR: {"review"},
}


def test_setup_roles_restores_the_roles_and_gives_a_user_a_role(db, django_user_model):
    Group.objects.filter(name="Publisher").delete()
    Group.objects.get(name="Curator").permissions.clear()
    user = django_user_model.objects.create_user("newcomer", is_staff=False)
    out = io.StringIO()
    call_command("setup_roles", "--user", "newcomer", "--role", "Publisher", stdout=out)
    assert "newcomer is now a Publisher" in out.getvalue()
    user.refresh_from_db()
    assert user.is_staff
    assert user.has_perm("codes.publish_release")
    assert Group.objects.get(name="Curator").permissions.count() == len(roles.ROLES["Curator"])


def test_setup_roles_dry_run_saves_nothing(db):
    Group.objects.filter(name="Auditor").delete()
    out = io.StringIO()
    call_command("setup_roles", "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue()
    assert not Group.objects.filter(name="Auditor").exists()


def test_anonymous_users_are_sent_to_the_login_page(client, draft):
    for name, url in pages(draft).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("admin:login")), name
        assert client.post(url, {"reason": "x"}).status_code == 302, name


def test_non_staff_users_even_with_a_role_cannot_reach_the_admin(make_user, as_user, draft):
    client = as_user(make_user("outsider", roles.PUBLISHER, staff=False))
    for name, url in pages(draft).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("admin:login")), name


def test_staff_without_a_role_get_403_everywhere(staff_no_role, as_user, draft):
    client = as_user(staff_no_role)
    for name, url in pages(draft).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"reason": "x"}).status_code == 403, name
    for model in ("release", "codeversion", "hcpcscode", "auditentry", "betoscode"):
        assert client.get(reverse(f"admin:codes_{model}_changelist")).status_code == 403


@pytest.mark.parametrize("role", [roles.CURATOR, roles.PUBLISHER, roles.AUDITOR])
def test_each_role_reaches_exactly_its_pages(role, make_user, as_user, draft):
    client = as_user(make_user(f"user-{role.lower()}", role))
    for name, url in pages(draft).items():
        status = client.get(url).status_code
        if name in ALLOWED[role]:
            assert status == 200, (role, name)
        else:
            assert status == 403, (role, name)


def test_a_curator_cannot_publish_or_discard_even_by_posting(curator, as_user, draft):
    client = as_user(curator)
    urls = pages(draft)
    assert client.post(urls["publish"], {"confirm_out_of_order": "on"}).status_code == 403
    assert client.post(urls["discard"], {"reason": "no"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_auditor_reads_everything_and_changes_nothing(auditor, as_user, draft):
    from codes.models import AuditEntry, BetosCode, CodeVersion, HcpcsCode

    client = as_user(auditor)
    version = version_of(draft, "A4453")
    code = HcpcsCode.objects.get(code="A4453")
    entry = AuditEntry.objects.filter(release=draft).first()
    readable = [
        reverse("admin:index"),
        reverse("admin:codes_release_changelist"),
        reverse("admin:codes_release_change", args=[draft.pk]),
        reverse("admin:codes_release_history", args=[draft.pk]),
        reverse("admin:codes_release_review", args=[draft.pk]),
        reverse("admin:codes_codeversion_changelist"),
        reverse("admin:codes_codeversion_change", args=[version.pk]),
        reverse("admin:codes_codeversion_history", args=[version.pk]),
        reverse("admin:codes_hcpcscode_changelist"),
        reverse("admin:codes_hcpcscode_change", args=[code.pk]),
        reverse("admin:codes_hcpcscode_history", args=[code.pk]),
        reverse("admin:codes_auditentry_changelist"),
        reverse("admin:codes_auditentry_change", args=[entry.pk]),
        reverse("admin:codes_betoscode_changelist"),
        reverse("admin:codes_betoscode_change", args=["D1F"]),
        reverse("admin:codes_betoscode_history", args=["D1F"]),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_group_changelist"),
    ]
    for url in readable:
        assert client.get(url).status_code == 200, url
    review = client.get(reverse("admin:codes_release_review", args=[draft.pk])).content.decode()
    assert "Hold back" not in review and "Publish…" not in review
    assert (
        "Load CMS release"
        not in client.get(reverse("admin:codes_release_changelist")).content.decode()
    )
    # Writes through the generic admin are refused too.
    before = BetosCode.objects.get(code="D1F").description
    response = client.post(
        reverse("admin:codes_betoscode_change", args=["D1F"]),
        {"description": "changed", "source": "", "reason": "x"},
    )
    assert response.status_code == 403
    assert BetosCode.objects.get(code="D1F").description == before
    assert client.get(reverse("admin:codes_betoscode_add")).status_code == 403
    assert client.get(reverse("admin:codes_auditentry_delete", args=[entry.pk])).status_code == 403
    assert CodeVersion.objects.get(pk=version.pk).held is False


def test_nobody_edits_or_deletes_the_audit_trail_through_the_admin(make_user, as_user, draft):
    from codes.models import AuditEntry

    admin_user = make_user("root", superuser=True)
    client = as_user(admin_user)
    entry = AuditEntry.objects.filter(release=draft).first()
    assert client.get(reverse("admin:codes_auditentry_delete", args=[entry.pk])).status_code == 403
    response = client.post(
        reverse("admin:codes_auditentry_change", args=[entry.pk]), {"reason": "rewritten"}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.reason != "rewritten"
