"""The batch check in a real browser, at desktop and phone width: found from the header,
a billing system's export uploaded, a batch of 10,000 lines paged, the report and a code page
printed with their running header, and axe on the new pages.

Drives the system Chromium through Playwright, like the other browser tests.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.utils import timezone

from tests.browser.test_accessibility import Site, describe, report, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db", "bundled")]

WIDTHS = {"desktop": (1280, 900), "phone": (375, 800)}
BILLING = (
    "Line ID,HCPCS,Date of Service,Modifier 1,Modifier 2\n"
    "CLM-88/1,Q4390,11/01/2025,LT,\n"
    "CLM-88/2,C9304,08/01/2025,,\n"
    "CLM-88/3,E0100,01/15/2026,NU,KX\n"
)
# Each code element of the report on one line box: "Q4390" never breaks into "Q439" / "0".
BROKEN_CODES = """() => [...document.querySelectorAll(".batch-results :is(code, .line-id)")]
  .filter(el => el.getClientRects().length > 1).map(el => el.textContent)"""


@pytest.fixture
def release(bundled):
    """The release in force, read before the browser starts (see test_accessibility)."""
    from codes.models import Release

    return Release.objects.latest_published()


def submit(page, selector: str = "button.primary"):
    """Click and wait for the answer; the answer's body, as the server sent it."""
    with page.expect_navigation() as navigation:
        page.click(selector)
    return navigation.value.body()


def test_the_header_leads_to_a_finished_form_at_both_widths(chromium, live_server):
    for name, (width, height) in WIDTHS.items():
        context = chromium.new_context(
            viewport={"width": width, "height": height}, accept_downloads=True
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        page.click("header nav >> text=Batch check")
        assert page.url == f"{live_server.url}/validate/", name
        assert page.inner_text("h1") == "Batch check"
        form = page.locator("form.batch-form").bounding_box()
        date = page.locator("input[name=default_date]").bounding_box()
        lines = page.locator("textarea[name=lines]").bounding_box()
        assert date["width"] <= 200 < form["width"], (name, date, form)  # not stretched
        assert lines["width"] >= form["width"] * 0.8, (name, lines, form)
        button = page.locator("button.primary")
        assert button.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(29, 78, 216)"
        with page.expect_download() as download:
            page.click("text=Download a sample CSV")
        sample = download.value.path().read_text()
        assert sample.startswith("Line ID,HCPCS,Date of Service,Modifier 1,Modifier 2,Units,NDC")
        context.close()


def test_upload_a_billing_system_export(bundled, chromium, live_server, tmp_path):
    export = tmp_path / "billing-export.csv"
    export.write_text(BILLING)
    for name, (width, height) in WIDTHS.items():
        context = chromium.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(f"{live_server.url}/validate/")
        page.set_input_files("input[type=file]", str(export))
        submit(page)
        body = page.inner_text("main")
        assert "3 lines from billing-export.csv: 2 valid, 1 with a problem." in body, name
        problems = page.locator("#problems tbody tr")
        assert problems.count() == 1 and "CLM-88/2" in problems.inner_text()
        assert "Last valid day 2025-06-30; replaced by J7172" in problems.inner_text()
        every = page.locator("#lines tbody tr")
        assert [every.nth(i).locator("td").first.inner_text().split()[-1] for i in range(3)] == [
            "CLM-88/1",
            "CLM-88/2",
            "CLM-88/3",
        ]
        assert page.evaluate(BROKEN_CODES) == [], name
        # The export's numbered modifier columns are read, and the page says which is which.
        assert every.nth(0).locator("code.modifier").inner_text() == "LT"
        facts = page.inner_text(".batch-facts")
        assert "“HCPCS” as code" in facts and "“Modifier 1”" in facts
        context.close()


@pytest.fixture
def ten_thousand(bundled, tmp_path):
    """A file of 10,000 lines of real codes, written before the browser starts."""
    from codes.models import HcpcsCode

    codes = list(HcpcsCode.objects.order_by("code").values_list("code", flat=True)[:2500])
    batch = tmp_path / "ten-thousand.csv"
    batch.write_text("code,date\n" + "".join(f"{c},2025-07-01\n" for c in codes * 4))
    return batch


def test_ten_thousand_lines_are_paged_in_a_light_page(ten_thousand, chromium, live_server):
    batch = ten_thousand
    page = chromium.new_page()
    page.goto(f"{live_server.url}/validate/")
    page.set_input_files("input[type=file]", str(batch))
    body = submit(page)
    assert len(body) < 2 * 1024 * 1024, len(body)
    assert "10000 lines from ten-thousand.csv" in page.inner_text(".summary-line")
    assert page.locator("#lines tbody tr").count() == 200
    assert 0 < page.locator("#problems tbody tr").count() <= 200
    assert (
        page.locator("#problems").bounding_box()["y"] < page.locator("#lines").bounding_box()["y"]
    )
    assert "Every line 1–200 of 10000" in page.inner_text("#lines .pager")
    submit(page, "#lines nav.pager >> nth=0 >> text=Next")
    assert page.url.endswith("/validate/#lines")
    first = page.locator("#lines tbody tr").first.locator("td").first.inner_text()
    assert first == "202"  # the header row is the file's line 1
    assert "Every line 201–400 of 10000" in page.inner_text("#lines .pager")
    assert page.evaluate(BROKEN_CODES) == []
    page.close()


PDFINFO, PDFTOTEXT = shutil.which("pdfinfo"), shutil.which("pdftotext")


def pdf_pages(path) -> int:
    info = subprocess.run([PDFINFO, str(path)], capture_output=True, text=True, check=True)  # noqa: S603
    return int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])


def pdf_text(path, number: int) -> str:
    args = [PDFTOTEXT, "-f", str(number), "-l", str(number), str(path), "-"]
    return " ".join(subprocess.run(args, capture_output=True, text=True, check=True).stdout.split())  # noqa: S603


@pytest.mark.skipif(not (PDFINFO and PDFTOTEXT), reason="poppler-utils is missing")
def test_printed_reports_and_code_pages_carry_a_running_header(
    release, chromium, live_server, tmp_path
):
    today = timezone.localdate().isoformat()
    page = chromium.new_page()
    page.goto(f"{live_server.url}/validate/")
    page.fill("textarea[name=lines]", "\n".join(["C9304, 2025-08-01", "Q4390, 2025-11-01"] * 40))
    submit(page)
    printed = tmp_path / "report.pdf"
    page.pdf(path=str(printed), format="Letter")
    pages = pdf_pages(printed)
    assert pages >= 2
    second = pdf_text(printed, 2)
    assert f"Batch check · data: CMS release {release.label}" in second
    assert f"printed {today}" in second and f"Page 2 of {pages}" in second
    assert "Download CSV" not in pdf_text(printed, 1)  # the buttons stay on screen

    page.goto(f"{live_server.url}/codes/J9271/")
    page.pdf(path=str(printed), format="Letter")
    pages = pdf_pages(printed)
    for number in range(1, pages + 1):
        text = pdf_text(printed, number)
        assert f"HCPCS J9271 · data: CMS release {release.label}" in text, number
        assert f"printed {today}" in text and f"Page {number} of {pages}" in text, number
    page.close()


def test_the_batch_check_pages_have_no_serious_wcag_violations(chromium, live_server):
    failures = {}
    for name, (width, height) in WIDTHS.items():
        site = Site(chromium, live_server.url, width, height)
        page = site.page
        for path in (
            "/validate/",
            "/validate/?code=J9271&date=2026-01-15",
            "/validate/?code=%3Cb%3E",
        ):
            page.goto(f"{live_server.url}{path}")
            if found := serious_violations(page):
                failures[f"{path} at {name}"] = describe(found)
        lines = ["C9304, 2025-08-01", "ZZ999, 2025-01-01", "Q4390, 2025-11-01"] * 110
        page.fill("textarea[name=lines]", "\n".join(lines))
        submit(page)
        # 220 problems in 330 lines: both lists paged, a pager above and below each
        assert page.locator("nav.pager").count() == 4
        if found := serious_violations(page):
            failures[f"the report at {name}"] = describe(found)
        page.goto(f"{live_server.url}/codes/J9271/")
        if found := serious_violations(page):
            failures[f"/codes/J9271/ at {name}"] = describe(found)
        site.assert_stayed_offline()
        site.context.close()
    assert not failures, "serious or critical accessibility violations:\n\n" + report(failures)
