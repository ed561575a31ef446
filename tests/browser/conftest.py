"""Fixtures of the browser tests: the real app under waitress, over an index of corpus/, and Chromium.

The server runs in a background thread of the test process on 127.0.0.1 and a free port, once per
session. Chromium is Debian's (/usr/bin/chromium), driven by Python Playwright through the driver
that the pip package carries; no browser is ever downloaded. axe-core comes from node_modules
(``npm ci``; ``make test`` runs it).

Without Chromium, Playwright or axe-core the tests skip with the reason, except on CI (CI=true),
where a missing piece fails them instead.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from search import config
from tests.engines import config_at

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = Path(os.environ.get("NEWSEARCH_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT_ROOT / "test-output" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000  # any one wait (a selector, a navigation) in the browser


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the real app in headless Chromium (tests/browser/)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def missing(reason: str) -> None:
    """Skip, or on CI fail: there the browser tests must run. Also works at module level (imports)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the project's own corpus/, built once."""
    from indexer.reindex import reindex

    path = tmp_path_factory.mktemp("browser") / "index"
    report = reindex([config.DEFAULT_CORPUS_DIR], config_at(path), workers=0, progress=False)
    assert report.indexed > 0 and not report.skipped, report
    return path


@pytest.fixture(scope="session")
def base_url(corpus_index: Path):
    """The app served by waitress on 127.0.0.1 and a free port, in a background thread."""
    from waitress import create_server

    from web import create_app

    app = create_app({"INDEX_DIR": str(corpus_index)})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Python Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, timeout=30_000
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_js() -> Path:
    if not AXE_JS.exists():
        missing(f"axe-core not found at {AXE_JS} (npm ci)")
    return AXE_JS


@pytest.fixture()
def console_errors() -> list[str]:
    """The errors the browser's console reported during a test; ``new_page`` fails the test on any left."""
    return []


@pytest.fixture()
def new_page(browser, base_url, console_errors: list[str]):
    """A factory of pages, each in a fresh context (no cookies, no history): ``new_page(width=390,
    color_scheme="dark")``. Every wait is bounded.

    The browser's console is watched: an error there (a script error, a failed request, or anything the
    Content-Security-Policy refused, which Chromium reports as "Refused to ...") fails the test."""
    contexts = []

    def make(width: int = 1280, height: int = 900, color_scheme: str = "light"):
        context = browser.new_context(
            base_url=base_url,
            viewport={"width": width, "height": height},
            color_scheme=color_scheme,
            reduced_motion="reduce",
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                console_errors.append(f"{page.url}: {message.text} {message.location}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: console_errors.append(f"{page.url}: uncaught {error}"))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not console_errors, "errors in the browser console:\n" + "\n".join(console_errors)


@pytest.fixture()
def page(new_page):
    """A desktop-sized page (1280 × 900, light)."""
    return new_page()
