"""Machine-readable descriptions of the search for browsers and feed readers.

* ``/search.atom``: any search as an Atom 1.0 feed (RFC 4287), newest first, so a reader
  can subscribe to it. Built with ElementTree, which escapes every text and attribute.
* ``/opensearch.xml``: the OpenSearch 1.1 description that lets a browser add newsearch
  as a search engine, with the suggestions of ``/api/suggest?format=opensearch``.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime

from flask import Blueprint, Response, request
from flask.typing import ResponseReturnValue

from search.model import BadParameter, Hit, SearchRequest, Sort
from web.formatting import printable, web_url
from web.index import get_engine
from web.links import external_url
from web.views import FEED_PARAMS, feed_title

bp = Blueprint("feeds", __name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
ATOM_TYPE = "application/atom+xml"
OPENSEARCH_TYPE = "application/opensearchdescription+xml"
FEED_ENTRIES = 20

_MARK = re.compile(r"</?mark>")


def plain_text(snippet_html: str) -> str:
    """The snippet as plain text: no <mark> tags, entities decoded (the XML writer escapes it again)."""
    return printable(html.unescape(_MARK.sub("", snippet_html)))


def _rfc3339(moment: datetime) -> str:
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: printable(v) for k, v in attrib.items()})
    if text is not None:
        element.text = printable(text)
    return element


@bp.get("/search.atom")
def search_atom() -> ResponseReturnValue:
    """The search's newest articles as Atom; 400 (plain text) for a parameter that cannot be used.

    Only ``q``, ``from``, ``to`` and ``region`` count: a feed is always newest first, one page.
    Undated articles are left out, since an entry needs a date.
    """
    params = {name: request.args[name] for name in FEED_PARAMS if name in request.args}
    try:
        search_request = SearchRequest.from_params(params)
    except BadParameter as error:
        return Response(f"Bad parameter {error.param!r}: {error.message}\n", 400, mimetype="text/plain")
    search_request = replace(search_request, sort=Sort.NEWEST, page=1, page_size=FEED_ENTRIES)
    response = get_engine().search(search_request)
    dated = [(hit, hit.date) for hit in response.hits if hit.date is not None]

    canonical = {k: v for k, v in search_request.to_params().items() if k in FEED_PARAMS}
    self_url = external_url("feeds.search_atom", **canonical)
    feed = ET.Element("feed", xmlns=ATOM_NS)
    _sub(feed, "id", self_url)
    _sub(feed, "title", feed_title(search_request))
    newest = dated[0][1] if dated else datetime.now(UTC)
    _sub(feed, "updated", _rfc3339(newest))
    _sub(feed, "link", rel="self", type=ATOM_TYPE, href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=external_url("pages.search", **canonical))
    author = _sub(feed, "author")
    _sub(author, "name", "newsearch")
    _sub(feed, "generator", "newsearch")
    for hit, date in dated:
        _entry(feed, hit, date)
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, content_type=f"{ATOM_TYPE}; charset=utf-8")


def _entry(feed: ET.Element, hit: Hit, date: datetime) -> None:
    entry = _sub(feed, "entry")
    page = external_url("pages.article", doc_id=hit.id)
    _sub(entry, "id", page)
    _sub(entry, "title", hit.headline or "(untitled)", type="text")
    _sub(entry, "updated", _rfc3339(date))
    _sub(entry, "published", _rfc3339(date))
    _sub(entry, "link", rel="alternate", type="text/html", href=page)
    original = web_url(hit.url)
    if original:
        _sub(entry, "link", rel="related", type="text/html", href=original)
    if hit.region:
        _sub(entry, "category", term=hit.region)
    _sub(entry, "summary", plain_text(hit.snippet_html), type="text")


@bp.get("/opensearch.xml")
def opensearch() -> ResponseReturnValue:
    """OpenSearch 1.1: the search page, suggestions and the feed, as URL templates."""

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attrib)
        element.text = text
        return element

    search_page = external_url("pages.search")
    root = ET.Element("OpenSearchDescription", xmlns=OPENSEARCH_NS)
    sub(root, "ShortName", "newsearch")
    sub(root, "Description", "Search the newsearch archive of news articles")
    sub(root, "InputEncoding", "UTF-8")
    sub(root, "Url", type="text/html", template=f"{search_page}?q={{searchTerms}}")
    sub(
        root,
        "Url",
        type="application/x-suggestions+json",
        template=f"{external_url('api.suggest')}?q={{searchTerms}}&format=opensearch",
    )
    sub(root, "Url", type=ATOM_TYPE, template=f"{external_url('feeds.search_atom')}?q={{searchTerms}}")
    sub(root, "Url", type=OPENSEARCH_TYPE, rel="self", template=external_url("feeds.opensearch"))
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, content_type=f"{OPENSEARCH_TYPE}; charset=utf-8")
