"""Hostile pages render inert: articles whose headline, body, region and URL hold markup, event handlers,
``javascript:`` URLs, broken entities and control characters are indexed, then every view of them is parsed
(HTML with an HTML parser, Atom with feedparser and ElementTree, JSON as data) to prove that none of that
markup became an element or an attribute, and that the reader still sees the text."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import feedparser
import pytest

from search.model import Article, document_id
from tests.conftest import _utc
from tests.engines import write_index
from web import create_app
from web.formatting import printable

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates"

SCRIPT = "<script>alert('xss')</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
JS_URL = "javascript:alert(document.cookie)"
ENTITY_SCRIPT = "&#x3c;script&#x3e;alert(2)&#x3c;/script&#x3e;"
BROKEN_ENTITIES = "&lt &amp &#60 &#x3c"
MARK = '<mark onclick="alert(3)">'
CONTROL = "bell\x07 escape\x1b vertical\x0b nul\x00 end"

# A body long enough (over 60 words) for the two copies below to be grouped as versions of one story.
HOSTILE_BODY = (
    f"The zebra crossing on the high street {SCRIPT} was repainted on Monday after complaints from parents "
    f"{IMG} who said drivers could not see it. {SVG} The council spent four thousand pounds on the work, "
    f"which {ENTITY_SCRIPT} also added flashing beacons {BROKEN_ENTITIES} and a raised kerb on each side.\n\n"
    f"Residents {MARK} said the zebra crossing had been faded for years and asked for a lollipop warden. "
    f"{CONTROL} A spokesman said the council would review other crossings near schools in the spring, and "
    f"that a second zebra crossing by the park would be repainted in June."
)

HOSTILE = Article(
    headline=f"Zebra crossing {SCRIPT} repainted {IMG}",
    body=HOSTILE_BODY,
    source="hostile/zebra.html",
    date=_utc(2010, 5, 3, 9),
    region=f"Town {SVG}",
    url=JS_URL,
)
HOSTILE_COPY = Article(
    headline=f"Zebra crossing repainted {ENTITY_SCRIPT} {BROKEN_ENTITIES} (print)",
    body=HOSTILE_BODY + "\n\nPrint this page.",
    source="hostile/zebra-print.html",
    date=_utc(2010, 5, 3, 10),
    region="Town",
    url='http://news.example.org/zebra?a=1"><script>alert(4)</script>',
)
RELATED = Article(
    headline=f"Second zebra crossing {MARK} for the park {CONTROL}",
    body="The council will paint a second zebra crossing by the park gates in June, with beacons and a raised "
    f"kerb, after parents asked for a safer crossing. {SCRIPT}",
    source="hostile/park.html",
    date=_utc(2010, 6, 1, 9),
    region=f"Town {IMG}",
    url=" JaVaScRiPt:alert(5)",
)
ARTICLES = [HOSTILE, HOSTILE_COPY, RELATED]
HOSTILE_ID, COPY_ID, RELATED_ID = (document_id(a.source) for a in ARTICLES)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("hostile-index")
    write_index(path, ARTICLES)
    return create_app({"TESTING": True, "INDEX_DIR": str(path)}).test_client()


# --- what an HTML page may contain ------------------------------------------------------------------


def _template_tags() -> set[str]:
    """Every element name the templates write: a page holds no other element."""
    names = set()
    for template in TEMPLATES.glob("*.html"):
        names |= set(re.findall(r"<([a-z][a-z0-9]*)[\s>]", template.read_text()))
    return names


OUR_TAGS = _template_tags() | {"mark"}  # mark: the highlights of snippets and headlines
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data-suggest"}


class Page(HTMLParser):
    """Every element and attribute of a page, and its text as a reader sees it."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return normalised("".join(self.text_parts))


def _scheme_of(url: str) -> str:
    """The scheme as a browser reads it: it ignores leading blanks and control characters, and tabs or
    newlines inside (``java\\tscript:``)."""
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", re.sub(r"[\x00-\x20]", "", url).lower())
    return scheme.group(1) if scheme else ""


def assert_inert_html(markup: str) -> Page:
    page = Page(markup)
    for tag, attrs in page.elements:
        assert tag in OUR_TAGS, f"<{tag} {attrs}> is not an element of our templates"
        assert not [name for name in attrs if name.startswith("on") or name == "style"], (tag, attrs)
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), attrs
        if tag == "mark":
            assert attrs == {}, attrs
        for name in URL_ATTRIBUTES & set(attrs):
            assert _scheme_of(attrs[name] or "") in ("", "http", "https"), (tag, name, attrs[name])
    return page


def normalised(text: str) -> str:
    return " ".join(text.split())


def test_results_page_is_inert_and_shows_the_text(client):
    response = client.get("/?q=zebra")
    assert response.status_code == 200
    page = assert_inert_html(response.get_data(as_text=True))
    # The hostile headline is shown, as text (the highlight splits it: compare the text).
    assert normalised(f"crossing {SCRIPT} repainted {IMG}") in page.text
    assert f"Town {SVG}" in page.text  # the region, in the hit's meta line and the region facet
    assert "other version" in page.text  # the print copy is grouped under the story
    snippets = [attrs for tag, attrs in page.elements if tag == "p" and attrs.get("class") == "snippet"]
    assert snippets


def test_snippets_and_headlines_hold_only_mark(client):
    """In the JSON too: snippet and headline_html are HTML whose only element is a bare <mark>."""
    for q in ("zebra", "script", "alert", "onerror", "svg", "javascript", "x3c", "lt", "mark onclick"):
        results = client.get("/api/search", query_string={"q": q}).get_json()["results"]
        for hit in results:
            for fragment in (hit["snippet"], hit["headline_html"]):
                elements = Page(fragment).elements
                assert all(tag == "mark" and attrs == {} for tag, attrs in elements), (q, fragment)
            shown = html.unescape(re.sub(r"</?mark>", "", hit["headline_html"]))
            assert normalised(printable(shown)) == normalised(printable(hit["headline"]))


def test_the_script_text_is_searchable_and_still_inert(client):
    """Searching the hostile words highlights them, and the highlight adds only <mark>."""
    page = assert_inert_html(client.get("/?q=script+alert").get_data(as_text=True))
    assert "<script>alert('xss')</script>" in page.text


def test_article_page_is_inert(client):
    response = client.get(f"/article/{HOSTILE_ID}")
    assert response.status_code == 200
    page = assert_inert_html(response.get_data(as_text=True))
    assert normalised(HOSTILE.headline) in page.text
    assert normalised(f"street {SCRIPT} was repainted") in page.text
    assert ENTITY_SCRIPT in page.text and BROKEN_ENTITIES in page.text  # entities stay text, undecoded
    # The javascript: URL is shown as text, never a link.
    assert f"Original address: {JS_URL}" in page.text
    assert not [attrs for tag, attrs in page.elements if tag == "a" and "javascript" in (attrs.get("href") or "")]
    # Its other version, with a hostile headline of its own, is listed inertly.
    assert normalised(HOSTILE_COPY.headline) in page.text


def test_article_with_a_quoted_url_and_its_related_stories_are_inert(client):
    page = assert_inert_html(client.get(f"/article/{COPY_ID}").get_data(as_text=True))
    originals = [attrs["href"] for tag, attrs in page.elements if tag == "a" and attrs.get("rel")]
    assert originals == [HOSTILE_COPY.url]  # the quote and the script are inside the attribute's value
    page = assert_inert_html(client.get(f"/article/{RELATED_ID}").get_data(as_text=True))
    assert "Related stories" in page.text and normalised(HOSTILE.headline) in page.text
    assert f"Original address: {RELATED.url.strip()}" in page.text


def test_control_characters_do_not_break_the_pages(client):
    response = client.get(f"/article/{RELATED_ID}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)  # a NUL, BEL, ESC... never reach the page
    page = assert_inert_html(text)
    assert "bell escape vertical nul end" in page.text


def test_atom_feed_is_inert(client):
    response = client.get("/search.atom?q=zebra")
    assert response.status_code == 200
    root = ET.fromstring(response.data)  # well-formed XML despite the control characters
    namespaces = {element.tag.split("}")[0] for element in root.iter()}
    assert namespaces == {"{http://www.w3.org/2005/Atom"}, namespaces  # no element from a page
    parsed = feedparser.parse(response.data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert len(parsed.entries) == 2  # the story and the related one (the print copy is a version of the first)
    for entry in parsed.entries:
        assert entry.title_detail.type == "text/plain" and entry.summary_detail.type == "text/plain"
        for link in entry.links:
            assert _scheme_of(link.href) in ("http", "https"), link.href
    titles = {entry.title for entry in parsed.entries}
    assert normalised(HOSTILE.headline) in {normalised(title) for title in titles}
    assert b"<script" not in response.data and b"<img" not in response.data and b"<svg" not in response.data


def test_suggestions_are_data_with_our_links(client):
    response = client.get("/api/suggest?q=zebra")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    suggestions = response.get_json()["suggestions"]
    assert {s["headline"] for s in suggestions} >= {HOSTILE.headline}
    assert all(s["url"] == f"/article/{s['id']}" for s in suggestions)  # never the page's own URL

    opensearch = client.get("/api/suggest?q=zebra&format=opensearch")
    assert opensearch.mimetype == "application/x-suggestions+json"
    q, headlines, descriptions, urls = opensearch.json
    assert HOSTILE.headline in headlines and any(SVG in d for d in descriptions)
    base = client.application.config["BASE_URL"]
    assert urls and all(url.startswith(f"{base}/article/") for url in urls)


def test_search_page_echo_of_a_hostile_query_is_inert(client):
    for q in (SCRIPT, SVG, IMG, JS_URL, ENTITY_SCRIPT, MARK, CONTROL):
        response = client.get(f"/?q={quote(q)}&region={quote(SVG)}")
        assert response.status_code == 200
        assert_inert_html(response.get_data(as_text=True))
