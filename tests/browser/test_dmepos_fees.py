"""The DMEPOS fee section in a real browser: a state chosen with the plain GET form is
remembered for the next code page by the section's own script file (no inline script: the
CSP would block one), "All states" forgets it; the section has no serious WCAG violations
and fits a 375 px phone. Screenshots of E0601's page go to docs/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db", "bundled")]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_state_chosen_remembered_and_forgotten(chromium, live_server, tmp_path):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/codes/E0601/")
    section = page.locator("section.dmepos-fees")
    assert "All states" in section.inner_text()
    page.select_option("#fee-state", "AL")
    page.locator("form.fee-state button").click()
    page.wait_for_url("**/codes/E0601/?state=AL")
    assert "$51.94" in section.inner_text() and "$50.58" in section.inner_text()
    section.scroll_into_view_if_needed()
    SHOTS.mkdir(exist_ok=True)
    section.screenshot(path=str(SHOTS / "E0601-fees-AL-desktop.png"))
    page.screenshot(path=str(tmp_path / "E0601-desktop.png"), full_page=True)  # to look at
    assert not serious_violations(page)

    page.goto(f"{live_server.url}/codes/E1390/")  # no state in the address: the one kept
    page.wait_for_url("**/codes/E1390/?state=AL")
    assert "Alabama (AL), January 2026" in page.locator("section.dmepos-fees").inner_text()

    page.goto(f"{live_server.url}/codes/E1390/?state=")  # "All states" forgets it
    page.goto(f"{live_server.url}/codes/E0601/")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/codes/E0601/")
    assert not [e for e in errors if "Content Security Policy" in e]
    context.close()


def test_phone_width(chromium, live_server):
    context = chromium.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/codes/E0601/?state=AL")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways: {width}px"
    section = page.locator("section.dmepos-fees")
    section.scroll_into_view_if_needed()
    section.screenshot(path=str(SHOTS / "E0601-fees-AL-375px.png"))
    page.goto(f"{live_server.url}/codes/E0601/?state=")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("section.dmepos-fees").screenshot(path=str(SHOTS / "E0601-fees-all-375px.png"))
    context.close()
