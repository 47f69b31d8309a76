"""The admin's start page puts the curation work first, by role."""

from __future__ import annotations


def test_a_publisher_sees_loading_drafts_the_latest_release_and_the_audit_trail(
    publisher, as_user, draft
):
    html = as_user(publisher).get("/admin/").content.decode()
    curation = html.split('class="module curation-start"')[1].split("</section>")[0]
    assert "Load a CMS release file" in curation
    assert f'href="/admin/codes/release/{draft.pk}/review/">{draft.label}</a>' in curation
    assert f"/admin/codes/release/{draft.pk}/publish/" in curation
    assert "Latest published release" in curation and "2026 July" in curation
    assert "Recent audit entries" in curation and "Loaded a CMS file as a draft" in curation
    # The curation section comes before Django's list of models.
    assert html.index("curation-start") < html.index('id="content-main"')


def test_a_curator_cannot_publish_and_an_auditor_cannot_load(curator, auditor, as_user, draft):
    curator_page = as_user(curator).get("/admin/").content.decode()
    assert "Load a CMS release file" in curator_page
    assert f"/admin/codes/release/{draft.pk}/publish/" not in curator_page
    auditor_page = as_user(auditor).get("/admin/").content.decode()
    assert "Load a CMS release file" not in auditor_page
    assert "Drafts waiting for review" in auditor_page


def test_staff_without_a_role_see_no_curation(staff_no_role, as_user, bundled):
    page = as_user(staff_no_role).get("/admin/").content.decode()
    assert "curation-start" not in page
