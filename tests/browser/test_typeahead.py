"""Typeahead in a real browser: suggestions after two characters, the ARIA combobox
attributes, arrows, Enter and Escape, and the plain form without JavaScript.

Drives the system Chromium through Playwright, like tests/browser; skipped without it
unless HCPCS_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import re

import pytest

# A live server serves from another thread: the data must be committed (transactional_db),
# and the snapshot is put back after each test (tests/conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db", "bundled")]


@pytest.fixture
def browser(chromium):
    return chromium


def test_typeahead_is_an_accessible_keyboard_combobox(live_server, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/")
    box = page.locator("#home-q")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press_sequentially("p")
    page.wait_for_timeout(400)
    expect(box).to_have_attribute("aria-expanded", "false")  # one character: nothing yet

    box.press_sequentially("embro")
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    expect(listbox.locator("[role=option]").first).to_contain_text("J9271")
    expect(box).to_have_attribute("aria-expanded", "true")

    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    expect(page.locator(f"#{active}")).to_have_attribute("aria-selected", "true")

    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()

    box.press("ArrowDown")  # reopens the same suggestions
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/codes/J9271/$"))


def test_enter_without_a_choice_submits_the_search(live_server, browser):
    page = browser.new_page()
    page.goto(f"{live_server.url}/")
    page.locator("#home-q").fill("wheelchair cushion")
    page.locator("#home-q").press("Enter")
    page.wait_for_url(re.compile(r"/codes/\?q=wheelchair\+cushion$"))
    assert page.locator(".result").count() == 25


def test_the_search_box_works_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.locator("#site-q").fill("q4390")
    page.locator(".search-form button").click()
    page.wait_for_url(re.compile(r"/codes/Q4390/$"))
