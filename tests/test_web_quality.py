"""Qualities of the pages: their weight, accessibility basics, colour contrast, the script."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from search.model import Article, document_id
from tests.engines import write_index
from tests.web_pages import Elements, get_page
from web import create_app

WEB = Path(__file__).resolve().parent.parent / "web"
MAX_PAGE_BYTES = 100_000
FLOOD = "west-midlands/flood-defences.html"

PAGES = [  # (path, status) of every kind of page over the sample index
    ("/", 200),
    ("/?q=river", 200),
    ("/?q=river+tram", 200),
    ("/?q=glaicer", 200),
    ("/?q=zeppelin&region=Europe", 200),
    ("/?from=2000-01-01&page_size=2", 200),
    ("/?q=river&page=0", 400),
    (f"/article/{document_id(FLOOD)}", 200),
    ("/help", 200),
    ("/article/nope", 404),
    ("/nowhere", 404),
]


# --- page weight ----------------------------------------------------------------------------


WORDS = [
    "council",
    "budget",
    "river",
    "bridge",
    "school",
    "hospital",
    "transport",
    "housing",
    "police",
    "election",
    "market",
    "weather",
    "harbour",
    "library",
    "museum",
    "stadium",
    "railway",
    "airport",
    "factory",
    "farm",
]


def _busy_articles() -> list[Article]:
    """400 articles over 20 years (every month has some), a tenth of them with a second version."""
    articles = []
    for n in range(400):
        month = n % 240
        words = random.Random(n).choices(WORDS, k=70)
        body = (f"Article {n} of the council archive. " + " ".join(words) + ". ") * 2
        date = datetime(2000 + month // 12, month % 12 + 1, 1 + n % 28, 12, tzinfo=UTC)
        article = Article(
            headline=f"Council {WORDS[n % len(WORDS)]} report number {n} & <notes>",
            body=body,
            source=f"region{n % 12}/story-{n}.html",
            date=date,
            region=f"Region {n % 12}",
            url=f"http://news.example.org/story-{n}",
        )
        articles.append(article)
        if n % 10 == 0:
            articles.append(
                Article(
                    headline=article.headline + " (print)",
                    body=body + " Print this page.",
                    source=f"print/story-{n}.html",
                    date=date,
                    region=article.region,
                )
            )
    return articles


@pytest.fixture(scope="module")
def busy_client(tmp_path_factory):
    path = tmp_path_factory.mktemp("busy-index")
    write_index(path, _busy_articles())
    return create_app({"TESTING": True, "INDEX_DIR": str(path)}).test_client()


def page_weight(client, url: str) -> tuple[int, dict[str, int]]:
    """Bytes of the page and of every stylesheet and script it loads, fetched through the client."""
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    elements = Elements(page)
    assets = [a["href"] for a in elements.find("link", rel="stylesheet")] + [
        a["src"] for t, a in elements.tags if t == "script" and a.get("src")
    ]
    assert len(assets) == 2, assets
    sizes = {}
    for asset in assets:
        asset_response = client.get(asset)
        assert asset_response.status_code == 200, asset
        sizes[asset] = len(asset_response.data)
        asset_response.close()
    assert "<img" not in page and "@font-face" not in "".join(
        client.get(a).get_data(as_text=True) for a in assets
    )  # no images, no web fonts
    return len(response.data) + sum(sizes.values()), {url: len(response.data), **sizes}


def test_results_page_weight(busy_client):
    page = get_page(busy_client, q="council")
    assert len(re.findall(r'<li class="hit">', page)) == 10
    assert "other version" in page
    bars = re.findall(r'<a href="[^"]*" class="(?:t\d+)? ?(?:u\d)?" title="', page)
    assert len(bars) == 240  # a month with matches in each of 20 years
    assert '<div class="bars dense">' in page
    total, parts = page_weight(busy_client, "/?q=council")
    assert total <= MAX_PAGE_BYTES, parts


def test_assets_stay_small(client):
    css = client.get("/static/style.css").data
    js = client.get("/static/app.js").data
    assert len(css) < 10_000 and len(js) < 8_000


# --- accessibility basics --------------------------------------------------------------------


class Structure(HTMLParser):
    """Landmarks, headings, ids, form controls and their labels."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.landmarks: list[str] = []
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.controls: list[tuple[dict[str, str], bool]] = []  # (attributes, inside a <label>)
        self.html_lang = ""
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.html_lang = attributes.get("lang", "")
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "label" and "for" in attributes:
            self.label_for.add(attributes["for"])
        if tag in ("header", "main", "footer", "nav", "aside") and not {"article", "section"} & set(self.stack):
            self.landmarks.append(tag)
        if tag in ("input", "select", "textarea") and attributes.get("type") not in ("hidden", "submit"):
            self.controls.append((attributes, "label" in self.stack))
        if tag not in ("input", "meta", "link", "br", "hr", "img", "source", "wbr"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


@pytest.mark.parametrize("path, status", PAGES)
def test_page_structure(client, path, status):
    page = get_page(client, path, status=status)
    structure = Structure(page)
    assert structure.html_lang == "en"
    assert structure.landmarks.count("header") == 1
    assert structure.landmarks.count("main") == 1
    assert structure.landmarks.count("footer") == 1
    assert len(structure.ids) == len(set(structure.ids)), "duplicate ids"
    for attributes, in_label in structure.controls:
        labelled = in_label or attributes.get("id") in structure.label_for or attributes.get("aria-label")
        assert labelled, f"unlabelled form control {attributes}"
    headings = [level for level, _ in Elements(page).headings]
    assert headings and headings[0] == 1 and headings.count(1) == 1, headings
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False)), headings
    for attributes, text in Elements(page).links:
        assert text or attributes.get("aria-label"), f"link without a name: {attributes}"
    assert re.search(r'<a class="skip" href="#main">', page) and '<main id="main"' in page


def test_pagination_is_a_navigation_landmark(client):
    page = get_page(client, page_size="2", **{"from": "2000-01-01"})
    assert '<nav class="pagination" aria-label="Result pages">' in page


@pytest.mark.parametrize(
    "params, title",
    [
        ({"q": "river"}, "river – newsearch"),
        ({"q": "zeppelin"}, "zeppelin – newsearch"),
        ({"q": "a & <b>"}, "a &amp; &lt;b&gt; – newsearch"),
        ({}, "newsearch"),
    ],
)
def test_page_titles_include_the_query(client, params, title):
    assert f"<title>{title}</title>" in get_page(client, **params)


def test_results_heading_names_the_query(client):
    assert '<h1 class="visually-hidden">Search results for “river”</h1>' in get_page(client, q="river")


# --- colour contrast ----------------------------------------------------------------------------


def _variables(css: str) -> tuple[dict[str, str], dict[str, str]]:
    light = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", css[: css.index("@media (prefers-color-scheme")]))
    dark_block = re.search(r"@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{(.*?)\}", css, re.S).group(1)
    dark = {**light, **dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", dark_block))}
    return light, dark


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


TEXT_PAIRS = [  # (text, background) as the stylesheet combines them
    ("fg", "bg"),
    ("muted", "bg"),
    ("link", "bg"),
    ("visited", "bg"),
    ("fg", "field"),
    ("muted", "field"),
    ("mark-fg", "mark-bg"),
    ("bg", "accent"),
    ("error-fg", "error-bg"),
    ("note-fg", "note-bg"),
    ("link", "note-bg"),
    ("visited", "note-bg"),
    ("link", "field"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colour_contrast(client, scheme):
    css = client.get("/static/style.css").get_data(as_text=True)
    light, dark = _variables(css)
    colours = light if scheme == "light" else dark
    for text, background in TEXT_PAIRS:
        ratio = contrast(colours[text], colours[background])
        assert ratio >= 4.5, f"{scheme}: {text} on {background} is {ratio:.2f}:1"
    # Bars and focus rings are graphics: 3:1 against the page.
    for graphic in ("accent", "bar-hover"):
        assert contrast(colours[graphic], colours["bg"]) >= 3, graphic


def test_contrast_formula():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


def test_marks_and_focus_are_styled(client):
    css = client.get("/static/style.css").get_data(as_text=True)
    assert re.search(r"\bmark \{ background: var\(--mark-bg\); color: var\(--mark-fg\)", css)
    assert re.search(r":focus-visible \{ outline: 2px solid var\(--accent\)", css)


# --- the script ------------------------------------------------------------------------------------


def test_script_is_deferred_on_every_page(client):
    for path, status in PAGES:
        page = get_page(client, path, status=status)
        assert '<script src="/static/app.js" defer></script>' in page, path


def test_search_boxes_name_the_suggest_endpoint(client):
    for path in ("/", "/?q=river", f"/article/{document_id(FLOOD)}", "/help"):
        [box] = Elements(get_page(client, path)).find("input", id="q")
        assert box["data-suggest"] == "/api/suggest"
        assert "role" not in box  # a plain search box until the script makes it a combobox


def test_script_implements_the_combobox_and_shortcut(client):
    js = client.get("/static/app.js").get_data(as_text=True)
    for needle in (
        '"combobox"',
        '"listbox"',
        '"option"',
        '"aria-expanded"',
        '"aria-controls"',
        '"aria-activedescendant"',
        '"aria-selected"',
        '"ArrowDown"',
        '"ArrowUp"',
        '"Enter"',
        '"Escape"',
        'event.key !== "/"',
        "setTimeout(update, 150)",
    ):
        assert needle in js, needle


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_script_parses():
    subprocess.run(["node", "--check", str(WEB / "static" / "app.js")], check=True)
