"""Public release pages: the list with change counts, one release's changes, CSV."""

from __future__ import annotations

import csv
import io

from codes.models import CodeVersion, Release
from codes.releases.services import release_publish


def text(response) -> str:
    return response.content.decode()


def test_the_list_shows_published_releases_with_counts(client, bundled):
    page = text(client.get("/releases/"))
    october = Release.objects.get(label="2025 October")
    assert "2025 January" in page and "2025 October" in page
    assert f'href="{october.get_absolute_url()}?kind=added">204</a>' in page
    # 414 in CMS's files; G0503's is not a change once its January record is whole.
    assert f'href="{october.get_absolute_url()}?kind=changed">413</a>' in page


def test_drafts_are_not_public(client, draft):
    assert "2026 October" not in text(client.get("/releases/"))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_release_page_shows_what_it_added_changed_and_terminated(client, bundled):
    october = Release.objects.get(label="2025 October")
    page = text(client.get(october.get_absolute_url()))
    assert "<strong>204</strong> added" in page and "<strong>54</strong> terminated" in page
    filtered = text(client.get(october.get_absolute_url(), {"kind": "changed", "field": "betos"}))
    assert 'href="/codes/A4453/"' in filtered
    # The BETOS row of A4453's diff, named as CMS names the field.
    betos = "Berenson-Eggers Type of Service Code (BETOS)"
    assert f'<span class="field-name">{betos}</span>: <del>Z2</del> → <ins>D1F</ins>' in filtered
    assert 'href="/codes/Q4390/"' not in filtered
    assert 'href="/codes/Q4390/"' in text(client.get(october.get_absolute_url(), {"code": "Q43"}))
    assert "is not a kind of change" in text(client.get(october.get_absolute_url(), {"kind": "x"}))
    assert "page=2" in page, "pages keep the filters"


def test_held_changes_are_not_on_the_public_page(client, curator, draft):
    from codes.releases import curation

    curation.version_hold(version=draft.versions.get(code="J9333"), reason="x", user=curator)
    release_publish(release=draft)
    page = text(client.get(draft.get_absolute_url()))
    assert 'href="/codes/A4453/"' in page
    assert 'href="/codes/J9333/"' not in page


def test_the_csv_has_one_row_per_changed_field_with_the_filters(client, bundled):
    october = Release.objects.get(label="2025 October")
    response = client.get(f"/releases/{october.pk}/changes.csv", {"field": "betos"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="hcpcs-2025-october-changes.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(text(response))))
    assert rows[0] == [
        "HCPC",
        "CHANGE",
        "FIELD",
        "PREVIOUS VALUE",
        "NEW VALUE",
        "SHORT DESCRIPTION",
    ]
    assert ["A4453", "changed", "BETOS", "Z2", "D1F", "Rec cath any transanal, each"] in rows
    codes = {row[0] for row in rows[1:]}
    assert codes == {"A4453", "A4459", "E0765"}


def test_the_csv_neutralises_formulas(client, curator, draft):
    from codes.releases import curation

    curation.version_edit(
        version=draft.versions.get(code="A4453"),
        values={"short_description": '=HYPERLINK("http://x")'},
        reason="test",
        user=curator,
    )
    release_publish(release=draft)
    rows = list(csv.reader(io.StringIO(text(client.get(f"/releases/{draft.pk}/changes.csv")))))
    a4453 = [row for row in rows if row[0] == "A4453"]
    assert a4453 and all(row[4].startswith("'=") for row in a4453 if row[2] == "SHORT DESCRIPTION")
    assert all(row[5] == '\'=HYPERLINK("http://x")' for row in a4453)


def test_each_codes_page_links_to_the_releases_that_changed_it(client, bundled):
    october = Release.objects.get(label="2025 October")
    page = text(client.get("/codes/A4453/"))
    assert f'href="{october.get_absolute_url()}"' in page
    versions = CodeVersion.objects.in_force().filter(code="A4453")
    for version in versions:
        assert f'href="{version.release.get_absolute_url()}"' in page
