"""An auditor in a real browser: uploads a CSV of claim lines to /validate/ and downloads the
report, reads pages at 375 px without sideways scrolling, and prints a code page.

Drives the system Chromium through Playwright, like the other browser tests.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db", "bundled")]

CLAIMS = (
    "line id,code,date of service,modifiers\n"
    "7/1,Q4390,2025-11-01,LT\n"
    "7/2,C9304,2025-08-01,\n"
    "7/3,j0135,2024-06-01,\n"
    "7/4,Q4390,13/01/2025,\n"
)
NARROW_PAGES = [
    "/codes/G0503/",
    "/codes/A6549/",
    "/codes/A6549/compare/",
    "/modifiers/",
    "/releases/",
    "/validate/",
]
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def release_url(bundled):
    from codes.models import Release

    return Release.objects.latest_published().get_absolute_url()


def test_upload_a_csv_and_download_the_report(chromium, live_server, tmp_path):
    claims = tmp_path / "claims.csv"
    claims.write_text(CLAIMS)
    context = chromium.new_context(accept_downloads=True, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/validate/")
    page.set_input_files("input[type=file]", str(claims))
    page.click("button:text('Check')")
    page.wait_for_selector("table.batch-results")
    body = page.inner_text("main")
    assert "4 lines from claims.csv: 2 valid, 2 with a problem." in body
    assert "Last valid day 2025-06-30; replaced by J7172" in body
    assert "“13/01/2025” is not a date" in body
    with page.expect_download() as download:
        page.click("button:text('Download CSV')")
    rows = list(csv.reader(io.StringIO(download.value.path().read_text())))
    assert [r[1] for r in rows[1:]] == ["7/1", "7/2", "7/3", "7/4"]
    assert [r[6] for r in rows[1:]] == ["active", "terminated", "active", "invalid_input"]
    page.click("button:text('Show only problems')")
    assert "Lines with a problem (2)" in page.inner_text("main")
    context.close()


def test_no_sideways_scrolling_at_375_px(chromium, live_server, release_url):
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    wide = {}
    for path in [*NARROW_PAGES, release_url]:
        page.goto(f"{live_server.url}{path}")
        if overflow := page.evaluate(SIDEWAYS):
            wide[path] = overflow
    page.goto(f"{live_server.url}/validate/")
    page.fill("textarea[name=lines]", "G0503, 2025-01-01\nQ4390, 2025-06-30, LT RT\nZZ, 2025-13-01")
    page.click("button:text('Check')")
    page.wait_for_selector("table.batch-results")
    if overflow := page.evaluate(SIDEWAYS):
        wide["/validate/ (report)"] = overflow
    context.close()
    assert not wide, f"pages wider than 375 px (by px): {wide}"


PDFINFO = shutil.which("pdfinfo")


@pytest.mark.skipif(not PDFINFO, reason="pdfinfo (poppler-utils) is missing")
def test_a_printed_code_page_fits_on_two_pages_without_the_site_chrome(
    chromium, live_server, tmp_path
):
    page = chromium.new_page()
    for path in ("/codes/G0503/", "/codes/C9304/?as_of=2025-05-15"):
        page.goto(f"{live_server.url}{path}")
        page.emulate_media(media="print")
        assert page.is_hidden(".site-header") and page.is_hidden("form.as-of")
        meta = page.inner_text(".print-meta")
        assert f"{live_server.url}{path.split('?')[0]}" in meta and "printed " in meta
        assert page.locator(".ama-notice").count() == 1
        pdf = tmp_path / "page.pdf"
        page.pdf(path=str(pdf), format="Letter")
        info = subprocess.run(  # noqa: S603 - our own file, a fixed tool
            [PDFINFO, str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        pages = int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])
        assert pages <= 2, (path, pages)
        page.emulate_media(media="screen")
    assert "date of service asked: 2025-05-15" in meta
    page.close()


def test_keyboard_users_reach_the_results_without_the_filters(chromium, live_server):
    page = chromium.new_page()
    page.goto(f"{live_server.url}/codes/?q=wheelchair+cushion")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").startswith("Skip the filters"):
            break
    else:
        pytest.fail("no skip link to the results among the first links")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results-title"
    page.keyboard.press("Tab")
    inside = page.evaluate("!!document.activeElement.closest('.results-pane')")
    assert inside, "the next Tab lands in the results, not in the filters"
    page.close()
