"""The admin for every model: smoke tests, read-only CMS values, reference tables edited
with a reason and a history."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from codes.models import AuditEntry, BetosCode, HcpcsCode, Release


def codes_models():
    return [model for model in admin.site._registry if model._meta.app_label == "codes"]


def test_every_codes_model_is_registered():
    from django.apps import apps

    assert set(codes_models()) == set(apps.get_app_config("codes").get_models())


@pytest.mark.parametrize("search", ["", "A44"])
def test_every_changelist_and_a_change_page_open(admin_client, draft, search):
    for model in codes_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        response = admin_client.get(reverse(f"{prefix}_changelist"), {"q": search})
        assert response.status_code == 200, model
        obj = model.objects.first()
        if obj is not None:
            url = reverse(f"{prefix}_change", args=[obj.pk])
            assert admin_client.get(url).status_code == 200, model


def test_changelist_filters_work(admin_client, draft):
    url = reverse("admin:codes_hcpcscode_changelist")
    for params in (
        {"status": "terminated"},
        {"status": "active"},
        {"status": "not_yet_effective"},
        {"recid": "7"},
        {"listed__exact": "0"},
    ):
        assert admin_client.get(url, params).status_code == 200, params
    url = reverse("admin:codes_codeversion_changelist")
    page = admin_client.get(
        url, {"change_type__exact": "terminated", "release__id__exact": draft.pk}
    ).content.decode()
    assert "E1130" in page
    audit = reverse("admin:codes_auditentry_changelist")
    assert admin_client.get(audit, {"release__id__exact": draft.pk}).status_code == 200
    assert (
        "A4453"
        in admin_client.get(
            reverse("admin:codes_hcpcscode_changelist"), {"q": "A4453"}
        ).content.decode()
    )


def test_cms_values_are_read_only_in_the_generic_admin(admin_client, bundled):
    code = HcpcsCode.objects.get(code="Q4390")
    page = admin_client.get(reverse("admin:codes_hcpcscode_change", args=[code.pk]))
    html = page.content.decode()
    assert 'name="short_description"' not in html, "shown, not editable"
    assert "Ascendion" in html
    assert "Correct this code" in html
    response = admin_client.post(
        reverse("admin:codes_hcpcscode_change", args=[code.pk]), {"short_description": "changed"}
    )
    assert response.status_code == 403
    assert admin_client.get(reverse("admin:codes_release_add")).status_code == 403
    release = Release.objects.first()
    assert (
        admin_client.get(reverse("admin:codes_release_delete", args=[release.pk])).status_code
        == 403
    )


def test_cms_definitions_are_the_help_text(admin_client, bundled):
    from codes.cms import reference

    code = HcpcsCode.objects.get(code="Q4390")
    html = (
        admin_client.get(reverse("admin:codes_hcpcscode_change", args=[code.pk]))
        .content.decode()
        .replace("&#x27;", "'")
    )
    assert reference.definition("MULT_PI").split("\n")[0][:50] in html


def test_a_curator_edits_a_reference_table_with_a_reason_and_history(curator, as_user, db):
    client = as_user(curator)
    add = reverse("admin:codes_betoscode_add")
    response = client.post(add, {"code": "Z9Z", "description": "New CMS category", "source": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not BetosCode.objects.filter(code="Z9Z").exists()
    response = client.post(
        add,
        {
            "code": "Z9Z",
            "description": "New CMS category",
            "source": "CMS notice",
            "reason": "Announced by CMS",
        },
    )
    assert response.status_code == 302
    change = reverse("admin:codes_betoscode_change", args=["Z9Z"])
    client.post(
        change,
        {"description": "New CMS category (fixed)", "source": "CMS notice", "reason": "Typo"},
    )
    assert BetosCode.objects.get(code="Z9Z").description == "New CMS category (fixed)"
    entries = list(
        AuditEntry.objects.filter(action="reference", code="Z9Z")
        .order_by("id")
        .values_list("field_name", "old_value", "new_value", "reason")
    )
    assert (
        "BETOS code: description",
        "New CMS category",
        "New CMS category (fixed)",
        "Typo",
    ) in entries
    assert ("BETOS code: code", "", "Z9Z", "Announced by CMS") in entries
    history = client.get(reverse("admin:codes_betoscode_history", args=["Z9Z"]))
    assert history.status_code == 200 and "Changed" in history.content.decode()
    # The new value is now accepted in an edit.
    from codes.releases.curation import check_values

    assert check_values({"betos": "Z9Z"}) == {}


def test_curators_cannot_delete_reference_entries(curator, as_user, db):
    response = as_user(curator).get(reverse("admin:codes_betoscode_delete", args=["D1F"]))
    assert response.status_code == 403


def test_an_administrator_deleting_an_entry_is_audited(admin_client, db):
    BetosCode.objects.create(code="Z8Z", description="temp")
    response = admin_client.post(
        reverse("admin:codes_betoscode_delete", args=["Z8Z"]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not BetosCode.objects.filter(code="Z8Z").exists()
    assert AuditEntry.objects.filter(action="reference", code="Z8Z").exists()
