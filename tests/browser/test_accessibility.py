"""Accessibility of the public pages in a real browser.

axe-core (bundled in the axe-playwright-python package and injected from it: nothing is
fetched at run time, and a request that leaves the live server fails the test) runs the
WCAG 2.0, 2.1 and 2.2 level A and AA rules on each public page and on the typeahead's open
state; no violation may be "serious" or "critical". Hand-written checks cover what axe does
not judge: a visible keyboard focus ring with 3:1 contrast on links (WCAG 2.4.7, 1.4.11),
the typeahead's highlighted option, form fields that stand out from their background
(1.4.11), and reflow at 320 CSS pixels (1.4.10; data tables are exempt).

Each test walks several pages and reports every page that fails: a live-server test flushes
the database afterwards, so one test per page would reload the bundled releases each time.

Drives the system Chromium through Playwright, like the other browser tests; skipped without
it unless HCPCS_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import re

import pytest

# A live server serves from another thread: the data must be committed (transactional_db),
# and the snapshot is put back after each test (tests/conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db", "bundled")]

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("critical", "serious")
LATEST_RELEASE = "latest release"  # its address comes from the database

# name: (path, expected HTTP status, text the page's one <h1> contains)
PAGES = {
    "home": ("/", 200, "Find a HCPCS Level II code"),
    "results": ("/codes/?q=wheelchair+cushion", 200, "Results for “wheelchair cushion”"),
    "zero results": ("/codes/?q=zzzzqqq", 200, "Results for “zzzzqqq”"),
    "search notices": ("/codes/?q=Q4381&status=bogus", 200, "Results for “Q4381”"),
    "code detail": ("/codes/Q4390/", 200, "Q4390"),
    "terminated code": ("/codes/G0503/", 200, "G0503"),
    "detail as of a date": ("/codes/A6549/?as_of=2025-03-01", 200, "A6549"),
    "unknown code (404)": ("/codes/Q4381/", 404, "No HCPCS code “Q4381”"),
    "page not found (404)": ("/no-such-page/", 404, "Page not found"),
    "modifiers": ("/modifiers/", 200, "Modifiers"),
    "modifier": ("/modifiers/LT/", 200, "LT"),
    "section": ("/sections/E/", 200, "Durable medical equipment"),
    "section notices": ("/sections/E/?page=999", 200, "Durable medical equipment"),
    "releases": ("/releases/", 200, "Releases"),
}


@pytest.fixture
def pages(bundled):
    """PAGES and the latest release's page, read from the database before the browser
    starts (on PostgreSQL a query made under Playwright's sync API leaves a connection
    open, which then blocks dropping the test database)."""
    from codes.models import Release

    release = Release.objects.latest_published()
    assert release is not None, "the bundled data has no published release"
    return {**PAGES, LATEST_RELEASE: (release.get_absolute_url(), 200, release.label)}


# --- the browser, kept off the network ------------------------------------------------------


class Site:
    """One browser page on the live server. Every request that leaves the live server is
    refused and remembered, which proves that neither the pages nor axe fetch anything."""

    def __init__(self, browser, base_url: str, width: int, height: int):
        self.base_url = base_url
        self.outside: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)

    def _route(self, route):
        url = route.request.url
        if url == self.base_url or url.startswith(f"{self.base_url}/"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, page: tuple[str, int, str]) -> str:
        """Go to ``(path, status, heading)``, checking that it is that page."""
        path, status, heading = page
        response = self.page.goto(f"{self.base_url}{path}")
        assert response is not None and response.status == status, (
            f"{path}: HTTP {response and response.status}, expected {status}"
        )
        h1 = self.page.locator("h1")
        assert h1.count() == 1, f"{path}: {h1.count()} <h1> elements"
        text = " ".join(h1.inner_text().split())
        assert heading in text, f"{path}: <h1> is {text!r}, expected {heading!r} in it"
        return path

    def assert_stayed_offline(self):
        assert not self.outside, f"requests left the live server: {self.outside}"


@pytest.fixture
def site(chromium, live_server):
    sites = []

    def make(width: int = 1280, height: int = 1000) -> Site:
        sites.append(Site(chromium, live_server.url, width, height))
        return sites[-1]

    yield make
    for each in sites:
        each.context.close()


def report(failures: dict[str, list[str]]) -> str:
    return "\n\n".join(f"{where}:\n" + "\n".join(lines) for where, lines in failures.items())


# --- axe -----------------------------------------------------------------------------------


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations of the WCAG A and AA rules on the page
    as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations"]}
    response = Axe().run(page, options=options).response
    assert response["testEngine"]["name"] == "axe-core"
    assert len(response["passes"]) > 10, "axe ran next to no rules: was the page empty?"
    return [v for v in response["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        wcag = ", ".join(tag for tag in v["tags"] if tag.startswith("wcag"))
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({wcag})")
        lines.append(f"      {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"      - at {' '.join(map(str, node['target']))}")
            lines.append(f"        {' '.join(node['html'].split())[:300]}")
            for summary in (node.get("failureSummary") or "").splitlines():
                lines.append(f"          {summary.strip()}")
    return lines


def test_public_pages_have_no_serious_wcag_violations(pages, site):
    browser = site()
    failures = {}
    for name, page in pages.items():
        path = browser.open(page)
        if found := serious_violations(browser.page):
            failures[f"{name} ({path})"] = describe(found)
    browser.assert_stayed_offline()
    assert not failures, "serious or critical accessibility violations:\n\n" + report(failures)


def open_typeahead(browser: Site, query: str = "pemb"):
    browser.open(PAGES["home"])
    box = browser.page.locator("#home-q")
    box.press_sequentially(query)
    listbox = browser.page.locator(f"#{box.get_attribute('aria-controls')}")
    listbox.locator("[role=option]").first.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    return box


def test_open_typeahead_has_no_serious_wcag_violations(site):
    """The suggestions open under the home search box, then with an option highlighted by
    the arrow keys (the input keeps focus; aria-activedescendant names the option), which
    needs a visible marker of 3:1, not only a pale tint."""
    browser = site()
    page = browser.page
    box = open_typeahead(browser)
    failures = {}
    if found := serious_violations(page):
        failures["typeahead open on “pemb”"] = describe(found)

    box.press("ArrowDown")
    option = page.locator(f"#{box.get_attribute('aria-activedescendant')}")
    assert option.get_attribute("aria-selected") == "true"
    if found := serious_violations(page):
        failures["typeahead with an option highlighted"] = describe(found)
    browser.assert_stayed_offline()
    assert not failures, "serious or critical accessibility violations:\n\n" + report(failures)

    marker = option.evaluate("""el => {
      const s = getComputedStyle(el);
      return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor,
              background: s.backgroundColor};
    }""")
    assert marker["style"] not in ("none", "hidden") and marker["width"] >= 2, marker
    assert contrast(marker["colour"], marker["background"]) >= 3, marker
    assert contrast(marker["colour"], "rgb(255, 255, 255)") >= 3, marker


# --- colours -------------------------------------------------------------------------------


def rgb(css: str) -> tuple[float, float, float, float]:
    """(r, g, b, alpha) of a computed colour, rgb() or rgba()."""
    match = re.fullmatch(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)", css)
    assert match, f"unexpected computed colour {css!r}"
    r, g, b, alpha = match.groups()
    return float(r), float(g), float(b), float(alpha) if alpha is not None else 1.0


def luminance(css: str) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b, _ = rgb(css)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two opaque colours."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The focused element's outline, and the colour painted just outside it on each side (what
# the outline is seen against): the first opaque background under that point, the element
# itself left out. Marks the element, to know when Tab has come round again.
FOCUS_STATE = """el => {
  const again = el.hasAttribute("data-tabbed");
  el.setAttribute("data-tabbed", "");
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) + 1;
  const backdrop = (x, y) => {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
    for (const under of document.elementsFromPoint(x, y)) {
      if (el.contains(under)) continue;
      const colour = getComputedStyle(under).backgroundColor;
      if (!/^rgba\\(.*,\\s*0\\)$/.test(colour)) return colour;
    }
    return "rgb(255, 255, 255)";
  };
  const midX = box.left + box.width / 2, midY = box.top + box.height / 2;
  return {
    again,
    element: el.outerHTML.replace(' data-tabbed=""', "").slice(0, 120),
    tag: el.tagName.toLowerCase(),
    focusVisible: el.matches(":focus-visible"),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor,
    onScreen: box.width > 1 && box.height > 1 && box.right > 0 && box.bottom > 0
              && box.left < innerWidth && box.top < innerHeight,
    backdrops: [backdrop(box.left - reach, midY), backdrop(box.right + reach, midY),
                backdrop(midX, box.top - reach), backdrop(midX, box.bottom + reach)]
               .filter(Boolean),
  };
}"""


def focus_problems(page) -> tuple[int, list[str]]:
    """Tab through the page: the links reached, and what is wrong with their focus rings."""
    problems, links = [], 0
    for _ in range(200):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE, page.evaluate_handle("document.activeElement"))
        if state["tag"] == "body" or state["again"]:
            break  # through the page and back to the start
        where = state["element"]
        if not state["focusVisible"] or state["outlineStyle"] in ("none", "hidden"):
            problems.append(f"  no focus outline on {where}")
            continue
        if state["outlineWidth"] < 2:
            problems.append(f"  focus outline {state['outlineWidth']}px wide on {where}")
        if not state["onScreen"]:
            problems.append(f"  focused but not on screen: {where}")
        if state["tag"] == "a":
            links += 1
            for backdrop in state["backdrops"]:
                ratio = contrast(state["outlineColor"], backdrop)
                if ratio < 3:
                    problems.append(
                        f"  focus outline {state['outlineColor']} on {backdrop} "
                        f"is {ratio:.2f}:1, under 3:1, on {where}"
                    )
                    break
    return links, problems


def test_keyboard_focus_is_visible_on_links(site):
    """Every element Tab reaches shows a focus outline of 2px or more; on links it has 3:1
    contrast with the colour around it on every side (the header is dark, the page light)."""
    browser = site()
    failures = {}
    for name in ("home", "code detail", "results"):
        path = browser.open(PAGES[name])
        links, problems = focus_problems(browser.page)
        assert links >= 5, f"only {links} links reached with Tab on {path}"
        if problems:
            failures[path] = problems
    browser.assert_stayed_offline()
    assert not failures, "focus not visible enough:\n\n" + report(failures)


FIELDS = """() => {
  const opaque = colour => !/^rgba\\(.*,\\s*0\\)$/.test(colour);
  const behind = el => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      const colour = getComputedStyle(up).backgroundColor;
      if (opaque(colour)) return colour;
    }
    return "rgb(255, 255, 255)";
  };
  return [...document.querySelectorAll("input, select, textarea")]
    .filter(el => el.type !== "hidden" && el.getClientRects().length)
    .map(el => {
      const s = getComputedStyle(el);
      const borders = ["Top", "Right", "Bottom", "Left"]
        .filter(side => parseFloat(s[`border${side}Width`]) >= 1
                        && !["none", "hidden"].includes(s[`border${side}Style`]))
        .map(side => s[`border${side}Color`]);
      return {element: el.outerHTML.slice(0, 120), fill: s.backgroundColor, borders,
              behind: behind(el)};
    });
}"""


def test_form_fields_stand_out_from_their_background(pages, site):
    """A field's border, or its fill, has 3:1 contrast with what is behind it (WCAG 1.4.11)."""
    browser = site()
    failures = {}
    for name in ("home", "results", "code detail", "section", LATEST_RELEASE):
        path = browser.open(pages[name])
        fields = browser.page.evaluate(FIELDS)
        assert len(fields) >= 2, f"expected form fields on {path}"
        faint = []
        for field in fields:
            edges = field["borders"] + ([field["fill"]] if rgb(field["fill"])[3] == 1 else [])
            best = max((contrast(edge, field["behind"]) for edge in edges), default=0)
            if best < 3:
                faint.append(f"  {best:.2f}:1 against {field['behind']}: {field['element']}")
        if faint:
            failures[path] = faint
    browser.assert_stayed_offline()
    assert not failures, "form fields hard to make out:\n\n" + report(failures)


OVERFLOW = """() => [...document.body.querySelectorAll("*")]
  .filter(el => !el.closest("table, [hidden], .visually-hidden"))
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(el => "  " + el.outerHTML.slice(0, 120))"""


def test_pages_reflow_at_320_css_pixels(pages, site):
    """At 320px wide nothing but a data table runs off the right edge (WCAG 1.4.10)."""
    browser = site(width=320, height=640)
    failures = {}
    for name in ("home", "results", "code detail", "section", "modifier", LATEST_RELEASE):
        path = browser.open(pages[name])
        if wide := browser.page.evaluate(OVERFLOW):
            failures[path] = wide
    browser.assert_stayed_offline()
    assert not failures, "wider than 320px:\n\n" + report(failures)
