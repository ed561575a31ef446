"""What the browser tests read off a page, as a person would see it."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from tests.browser.conftest import TIMEOUT_MS, missing

try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover - Playwright is a test dependency
    missing("Python Playwright is not installed (pip install -e '.[test]')")

expect.set_options(timeout=TIMEOUT_MS)

HITS = "ol.hits > li.hit"


def params(page: Page) -> dict[str, str]:
    """The query parameters of the page's URL (first value of each)."""
    return {name: values[0] for name, values in parse_qs(urlsplit(page.url).query).items()}


def wait_for_params(page: Page, /, **expected: str) -> None:
    """Wait until the URL carries these parameters (a value of "" means: absent)."""

    def matches(url: str) -> bool:
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        return all(query.get(k, "") == v for k, v in expected.items())

    page.wait_for_url(matches)


def headlines(page: Page) -> list[str]:
    return [text.strip() for text in page.locator(f"{HITS} h2 a").all_inner_texts()]


def hit_dates(page: Page) -> list[str]:
    """The ISO dates (YYYY-MM-DD) shown on the hits, in page order; undated hits have none."""
    return [
        value[:10]
        for value in page.locator(f"{HITS} .meta time").evaluate_all(
            "times => times.map(t => t.getAttribute('datetime'))"
        )
    ]


def hit_regions(page: Page) -> list[str]:
    """The region of every hit ("" for a hit without one)."""
    return page.locator(HITS).evaluate_all(
        "hits => hits.map(h => (h.querySelector('.meta .region') || {textContent: ''}).textContent.trim())"
    )


def total(page: Page) -> int:
    """The number of results that the summary line states."""
    text = page.locator("p.summary").inner_text()
    match = re.match(r"([\d,]+) results?\b", text)
    assert match, text
    return int(match.group(1).replace(",", ""))


def search_from_box(page: Page, query: str) -> None:
    """Clear the search box, type the query key by key and press Enter; wait for its results page."""
    box = page.locator("#q")
    box.click()
    box.fill("")
    box.press_sequentially(query)
    box.press("Enter")
    wait_for_params(page, q=query)
    expect(page.locator("p.summary")).to_be_visible()


def submit_form(page: Page) -> None:
    page.locator("form.search button[type=submit]").click()
