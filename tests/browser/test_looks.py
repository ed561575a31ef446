"""How the pages look and weigh in a real browser: full-page screenshots at phone and desktop widths in
light and dark (test-output/screenshots/, to look at), nothing wider than the screen, accessibility
by axe-core, and the bytes a results page costs with all its assets."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from search.model import document_id
from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import HITS, Page, expect

RESULTS = "/?q=flood"
ARTICLE = f"/article/{document_id('bbc/west_midlands/7934511.stm')}"
PAGES = {
    "home": "/",
    "results": RESULTS,
    "results-of-a-year": RESULTS + "&from=2009-01-01&to=2009-12-31&sort=newest&page_size=3",
    "no-results": "/?q=zeppelinxq&region=Europe",
    "article": ARTICLE,
}
WIDTHS = {"phone": 390, "desktop": 1280}
MAX_PAGE_BYTES = 100_000
BLOCKING = ("serious", "critical")


def no_horizontal_overflow(page: Page) -> None:
    """Nothing sticks out to the right of the viewport (no sideways scrolling on a phone)."""
    wide = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')]
            .filter(el => { const r = el.getBoundingClientRect(); return r.width && r.right > width + 0.5; })
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                       + ' right=' + Math.round(el.getBoundingClientRect().right));
    }""")
    assert not wide, f"wider than {page.viewport_size['width']} px: {wide[:10]}"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", list(WIDTHS))
def test_results_page_screenshots(new_page, device: str, scheme: str):
    page = new_page(width=WIDTHS[device], height=844 if device == "phone" else 900, color_scheme=scheme)
    page.goto(RESULTS)
    expect(page.locator(HITS).first).to_be_visible()
    no_horizontal_overflow(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"results-{device}-{scheme}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    # the page follows the scheme: its background is dark in dark mode, light otherwise
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in background[background.index("(") + 1 : -1].split(",")[:3]]
    assert (sum(channels) / 3 < 80) == (scheme == "dark"), background


@pytest.mark.parametrize("name", ["home", "no-results", "article"])
def test_other_pages_fit_a_phone(new_page, name: str):
    page = new_page(width=WIDTHS["phone"], height=844)
    page.goto(PAGES[name])
    no_horizontal_overflow(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-phone-light.png"), full_page=True)


def test_suggestions_screenshot(new_page):
    page = new_page(width=WIDTHS["phone"], height=844, color_scheme="dark")
    page.goto("/")
    page.locator("#q").press_sequentially("tram")
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options.first).to_be_visible()
    page.locator("#q").press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    no_horizontal_overflow(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "suggestions-phone-dark.png"))


# --- accessibility ----------------------------------------------------------------------------------


def axe_violations(page: Page, axe_js) -> list[dict]:
    # Evaluated through the DevTools protocol, as the page's own CSP forbids an inline <script> (add_script_tag).
    page.evaluate(axe_js.read_text())
    result = page.evaluate("""() => axe.run(document, {
        resultTypes: ['violations'],
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}
    })""")
    return result["violations"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_violations(new_page, axe_js, name: str, scheme: str):
    page = new_page(color_scheme=scheme)
    page.goto(PAGES[name])
    page.wait_for_load_state("load")
    violations = axe_violations(page, axe_js)
    summary = [
        f"{v['impact']}: {v['id']} ({v['help']}) at " + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
    ]
    print(f"axe {name} {scheme}: {len(violations)} violations" + "".join(f"\n  {s}" for s in summary))
    blocking = [s for v, s in zip(violations, summary, strict=True) if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(blocking)


def test_axe_on_open_suggestions_and_versions(new_page, axe_js):
    """The states that only the script or a click shows: the suggestion list and open versions."""
    page = new_page(color_scheme="dark")
    page.goto("/?q=tram")
    page.locator("details.versions summary").first.click()
    page.locator("#q").fill("")
    page.locator("#q").press_sequentially("tram")
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options.first).to_be_visible()
    page.locator("#q").press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    violations = axe_violations(page, axe_js)
    blocking = [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in BLOCKING]
    assert not blocking, blocking


# --- page weight ------------------------------------------------------------------------------------


def test_results_page_weight(page: Page):
    """Every byte the browser fetched for a results page: the HTML and each asset, as received (waitress
    does not compress), checked against the Performance API's count."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(RESULTS)
    page.wait_for_load_state("load")
    expect(page.locator(HITS).first).to_be_visible()

    sizes = {
        urlsplit(r.url).path + ("?" + urlsplit(r.url).query if urlsplit(r.url).query else ""): len(r.body())
        for r in responses
        if r.status != 304
    }
    statuses = {urlsplit(r.url).path: r.status for r in responses}
    assert all(status == 200 for status in statuses.values()), statuses  # no 404 (e.g. a favicon)
    total = sum(sizes.values())
    performance = page.evaluate("""() => [...performance.getEntriesByType('navigation'),
                                          ...performance.getEntriesByType('resource')]
                                         .map(e => [e.name, e.decodedBodySize])""")
    assert sum(size for _, size in performance) == total, (performance, sizes)
    print(
        f"results page weight: {total:,} bytes ({total / 1024:.1f} KiB) in {len(sizes)} requests: " + json.dumps(sizes)
    )
    assert total <= MAX_PAGE_BYTES, sizes


# --- the Content-Security-Policy -------------------------------------------------------------------


def test_timeline_bars_are_drawn_to_their_heights(page: Page):
    """The bar heights are classes (a style="" attribute would break the CSP): the browser adds up the tens and
    units classes, so each bar is as tall as its classes say, and the busiest month fills the column."""
    page.goto(PAGES["results-of-a-year"])
    bars = page.locator(".timeline .bars a").evaluate_all(
        "bars => bars.map(bar => [bar.className, getComputedStyle(bar).getPropertyValue('--h')])"
    )
    assert bars
    heights = []
    for classes, drawn in bars:
        digits = dict(re.findall(r"\b([tu])(\d+)\b", classes))
        expected = 10 * int(digits.get("t", 0)) + int(digits.get("u", 0))
        height = sum(float(number) for number in re.findall(r"([\d.]+)%", drawn))
        assert height == expected, (classes, drawn)
        heights.append(height)
    assert max(heights) == 100


def test_the_browser_enforces_the_policy(page: Page, console_errors: list[str]):
    """A style or script that reached a page anyway would not run: the browser reports the violations (and the
    console check of conftest.py would fail any other test that had one)."""
    page.goto(RESULTS)
    violations = page.evaluate("""() => new Promise(resolve => {
        const seen = [];
        document.addEventListener('securitypolicyviolation', e => seen.push(e.violatedDirective));
        const probe = document.createElement('div');
        probe.innerHTML = '<p style="color: rgb(1, 2, 3)">styled</p><img src="x" onerror="window.ran = 1">';
        document.body.append(probe);
        const script = document.createElement('script');
        script.textContent = 'window.ran = 2';
        document.body.append(script);
        setTimeout(() => resolve({seen, ran: window.ran || 0,
                                  color: getComputedStyle(probe.firstChild).color}), 300);
    })""")
    assert violations["ran"] == 0 and violations["color"] != "rgb(1, 2, 3)", violations
    assert {"style-src-attr", "script-src-attr", "script-src-elem"} <= set(violations["seen"]), violations
    assert [error for error in console_errors if "Content Security Policy" in error]
    console_errors.clear()  # expected here
