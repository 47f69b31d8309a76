"""The whole curation flow in a real browser: a curator loads the OCT 2025 workbook over
JAN 2025, reviews a diff, edits a value and holds a change back; a publisher publishes; the
public pages show the result. Screenshots go to test-artifacts/browser/.

Drives the system Chromium (Debian's ``chromium`` package) through Playwright. Without it the
test is skipped, unless HCPCS_REQUIRE_BROWSER=1 (as in CI), when it fails.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import JAN_2025_XLSX, OCT_2025_XLSX, ROOT, wipe_code_data

ARTIFACTS = ROOT / "test-artifacts" / "browser"
PASSWORD = "browser-test-password"
EDITED = "Rec cath transanal irrigate"  # SHORT DESCRIPTION holds 28 characters
HOLD_REASON = "Waiting for CMS to confirm the new spelling"

pytestmark = pytest.mark.browser


@pytest.fixture
def jan_2025_site(transactional_db, django_user_model):
    """JAN 2025 alone published, and a curator and a publisher who can sign in."""
    from django.contrib.auth.models import Group

    from codes import reference_tables
    from codes.releases import roles
    from codes.releases.services import release_publish, release_stage
    from tests.parsed_files import read_release

    wipe_code_data()
    # A transactional test before this one flushed the tables the migrations filled.
    reference_tables.sync_from_layout()
    roles.sync_roles()
    release_publish(release=release_stage(parsed=read_release(JAN_2025_XLSX)).release)
    for username, role in (("carla", roles.CURATOR), ("pablo", roles.PUBLISHER)):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=role))


def sign_in(browser, base: str, username: str):
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    page.set_default_timeout(90_000)  # reading and staging the workbook takes seconds
    page.goto(f"{base}/admin/login/?next=/admin/codes/release/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/codes/release/$"))
    return page


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_curator_loads_reviews_edits_holds_and_publisher_publishes(
    live_server, jan_2025_site, chromium
):
    from playwright.sync_api import expect

    base, browser = live_server.url, chromium
    # The curator loads the October workbook.
    page = sign_in(browser, base, "carla")
    page.click("text=Load CMS release")
    shot(page, "01-upload")
    page.set_input_files("#id_file", str(OCT_2025_XLSX))
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/confirm/$"))
    expect(page.locator("#id_label")).to_have_value("2025 October")
    expect(page.locator("#id_effective_date")).to_have_value("2025-10-01")
    shot(page, "02-confirm-label-and-date")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/review/$"))
    expect(page.locator(".cur-tiles").first).to_contain_text("414 changed")
    review_url = page.url

    # Reviews a changed code's diff: BETOS Z2 -> D1F, both decoded.
    page.fill("input[name=code]", "A4453")
    page.click("button:has-text('Filter')")
    page.wait_for_url(re.compile(r"code=A4453"))
    row = page.locator("section.cur-change[data-code=A4453]")
    betos = row.locator("tr", has_text="(BETOS)")
    expect(betos.locator("td.cur-old")).to_contain_text("Z2")
    expect(betos.locator("td.cur-new")).to_contain_text("D1F")
    expect(betos.locator("td.cur-new")).to_contain_text("Prosthetic")
    shot(page, "03-review-diff")

    # Edits one proposed value.
    row.locator("a:has-text('Edit')").click()
    page.fill("#id_short_description", EDITED)
    page.fill("#id_reason", "Clearer wording agreed with the billing team")
    shot(page, "04-edit")
    page.click("input[value='Save edit']")
    page.wait_for_url(re.compile(r"/review/"))
    expect(page.locator(".messagelist")).to_contain_text("Saved your edit of A4453")
    expect(page.locator("section[data-code=A4453]")).to_contain_text(EDITED)
    expect(page.locator("section[data-code=A4453]")).to_contain_text("edited by a curator")

    # Holds another change back.
    page.goto(review_url + "?code=J9333")
    held = page.locator("section.cur-change[data-code=J9333]")
    held.locator("input[name=reason]").fill(HOLD_REASON)
    held.locator("button:has-text('Hold back')").click()
    expect(page.locator(".messagelist")).to_contain_text("Held back the change to J9333")
    expect(page.locator("section[data-code=J9333]")).to_contain_text(HOLD_REASON)
    shot(page, "05-held-back")
    # A curator has no publish button.
    expect(page.locator("text=Publish…")).to_have_count(0)

    # The publisher publishes.
    page = sign_in(browser, base, "pablo")
    page.goto(review_url)
    page.click("text=Publish…")
    expect(page.locator(".cur-tile-held")).to_contain_text("1 held back")
    shot(page, "06-publish")
    page.click("input[type=submit][value^='Publish']")
    expect(page.locator(".messagelist")).to_contain_text("Published “2025 October”")
    shot(page, "07-published")

    # The public pages show the new value; the held change did not apply.
    page.goto(f"{base}/codes/A4453/")
    expect(page.locator("h1")).to_contain_text(EDITED)
    shot(page, "08-public-code")
    page.goto(f"{base}/codes/J9333/")
    expect(page.locator("h1")).to_contain_text("Inj ronzanolixizum-noli 1 mg")
    page.goto(f"{base}/releases/")
    page.click("a:text-is('2025 October')")  # the link, not the freshness notice
    page.fill("input[name=code]", "A4453")
    page.click("button:has-text('Filter')")
    page.wait_for_url(re.compile(r"code=A4453"))
    expect(page.locator("tr#A4453")).to_contain_text(EDITED)
    shot(page, "09-public-release")
    page.goto(page.url.split("?")[0] + "?code=J9333")
    expect(page.locator("tr#J9333")).to_have_count(0)

    from codes.models import AuditEntry, Release

    release = Release.objects.get(label="2025 October")
    assert release.status == "published" and release.published_by.username == "pablo"
    trail = set(AuditEntry.objects.filter(release=release).values_list("action", "user__username"))
    assert {
        ("staged", "carla"),
        ("edited", "carla"),
        ("held", "carla"),
        ("published", "pablo"),
    } <= trail
