"""The typeahead in a real browser: suggestions through the drug vocabulary say how they
were found, the highlighted option's long description reaches keyboard and screen-reader
users (its accessible description, shown under it), and nothing found says "No matches"."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db", "bundled")]


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(f"{live_server.url}/")
    yield tab
    tab.wait_for_load_state("networkidle")  # no suggestion request left for after the test
    context.close()


def test_brand_name_suggestion_with_its_long_description(page):
    box = page.locator("#home-q")
    box.press_sequentially("keytr")
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    option = listbox.locator("[role=option]").first
    option.wait_for(state="visible")
    assert "J9271" in option.inner_text()
    assert "brand name Keytruda" in option.inner_text()

    box.press("ArrowDown")
    active = page.locator(f"#{box.get_attribute('aria-activedescendant')}")
    described = page.locator(f"#{active.get_attribute('aria-describedby')}")
    assert described.inner_text() == "Injection, pembrolizumab, 1 mg"
    assert described.is_visible()  # shown under the highlighted option, not only a title
    name = active.evaluate("el => el.getAttribute('aria-describedby')")
    assert name and name.endswith("-long")


def test_no_matches_is_said_and_shown(page):
    box = page.locator("#home-q")
    box.press_sequentially("zzqxv")
    empty = box.locator("xpath=..").locator(".typeahead-empty")
    empty.wait_for(state="visible")
    assert "No matches for “zzqxv”" in empty.inner_text()
    assert page.locator("[role=status]", has_text="No matches").count() >= 1
    assert box.get_attribute("aria-expanded") == "false"
    assert not serious_violations(page)
