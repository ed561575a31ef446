"""The web tests' second index and the helpers that read the app's HTML pages.

``FEATURE_ARTICLES`` (served by the ``features_client`` fixture of conftest.py) is one story in three
versions (two near-identical bodies of over 60 words and a syndicated copy), related stories, a
headline that needs escaping and an undated article: more than the sample index shows.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

from search.model import Article, document_id

BRIDGE_BODY = (
    "Engineers reopened the Carrow swing bridge on Saturday after eight months of repairs to its rusted "
    "turning gear. The bridge carries twelve thousand vehicles a day across the river Wensum and its closure "
    "forced long detours through the city centre for buses, delivery lorries and emergency services.\n\n"
    "The council said the final bill was four million pounds, almost twice the first estimate, because "
    "divers found cracked bearings under the water line. Shopkeepers on the north bank said trade had "
    "fallen by a third while the bridge was shut and asked for a cut in business rates."
)


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


BRIDGE = "news/bridge.html"  # 2009-03-10, England: the story's leading version
PRINT = "print/bridge.html"  # 2009-03-10 01:00: the print version (same body + a line)
SYNDICATED = "syndicated/bridge.html"  # 2009-03-11: a copy with one word changed
TOLLS = "news/tolls.html"  # 2009-02-01, England: related; its headline has < > &
MARKET = "news/market.html"  # 2009-03-20, Wales: a second March story
FERRY = "news/ferry.html"  # 2008-06-05, Wales
UNDATED = "news/undated.html"  # no date, Wales

TOLLS_HEADLINE = "Bridge tolls & taxes: <cheaper> for locals"

FEATURE_ARTICLES = [
    Article(
        headline="Swing bridge reopens after repairs",
        body=BRIDGE_BODY,
        source=BRIDGE,
        date=_utc(2009, 3, 10),
        region="England",
        url="http://news.example.org/bridge",
    ),
    Article(
        headline="Swing bridge reopens (print version)",
        body=BRIDGE_BODY + "\n\nPrint Sponsor.",
        source=PRINT,
        date=_utc(2009, 3, 10, 1),
        region="England",
    ),
    Article(
        headline="Bridge reopens, says council",
        body=BRIDGE_BODY.replace("Saturday", "Sunday"),
        source=SYNDICATED,
        date=_utc(2009, 3, 11),
        region="England",
    ),
    Article(
        headline=TOLLS_HEADLINE,
        body="Drivers using the Carrow swing bridge will pay higher tolls & <fees> from April, the council said. "
        "The bridge reopened after repairs to its turning gear, and the tolls will help pay the bill "
        "of four million pounds. Campaigners said the rise would push traffic back into the city "
        "centre.",
        source=TOLLS,
        date=_utc(2009, 2, 1, 12),
        region="England",
    ),
    Article(
        headline="Market hall to close during bridge works",
        body="The covered market beside the river will close for a fortnight while contractors repaint "
        "the footbridge that links it to the station. Traders will move to the cathedral close.",
        source=MARKET,
        date=_utc(2009, 3, 20, 9),
        region="Wales",
    ),
    Article(
        headline="Harbour ferry service cut",
        body="The harbour ferry will run only at weekends from next month because passenger numbers have "
        "fallen. The operator blamed the new road bridge for taking its commuters.",
        source=FERRY,
        date=_utc(2008, 6, 5, 7),
        region="Wales",
    ),
    Article(
        headline="Bridge club celebrates fifty years",
        body="Members of the village bridge club played a marathon of rubbers to mark the anniversary.",
        source=UNDATED,
        date=None,
        region="Wales",
    ),
]

ID = {source: document_id(source) for source in (BRIDGE, PRINT, SYNDICATED, TOLLS, MARKET, FERRY, UNDATED)}
SOURCE_OF = {doc_id: source for source, doc_id in ID.items()}


def get_page(client, path="/", status=200, **params) -> str:
    response = client.get(path, query_string=params or None)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


HIT_ID = re.compile(r'<li class="hit">\s*<h2><a href="/article/([^"]+)">')


def hit_sources(page: str) -> list[str]:
    return [SOURCE_OF[doc_id] for doc_id in HIT_ID.findall(page)]


class Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes), plus the text inside each <a> and heading."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.links: list[tuple[dict[str, str], str]] = []
        self.headings: list[tuple[int, str]] = []
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "a" or re.fullmatch(r"h[1-6]", tag):
            self._open.append((tag, attributes, []))

    def handle_data(self, data):
        for _, _, text in self._open:
            text.append(data)

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            _, attributes, text = self._open.pop()
            content = " ".join("".join(text).split())
            if tag == "a":
                self.links.append((attributes, content))
            else:
                self.headings.append((int(tag[1]), content))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]
