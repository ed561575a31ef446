"""Fuzzing the extractor with hypothesis: whatever the bytes or markup, extraction gives an article
the index can store, or a PageSkipped with a reason; nothing else escapes, nothing hangs.

Each test runs 200 examples, or ``$NEWSEARCH_FUZZ_EXAMPLES`` for a long run
(``--hypothesis-show-statistics`` prints the counts).
atheris is not used: its coverage guidance needs the extractor's Python and lxml's C built with
its instrumentation, and hypothesis's structured HTML reaches the extractor's branches (metadata,
dates, templates) that random bytes do not.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.errors import REASONS, PageSkipped
from indexer.extract import extract_file, extract_html
from search.model import Article, IndexedArticle
from search.whoosh.schema import to_document
from tests.engines import write_index

FUZZ_EXAMPLES_ENV_VAR = "NEWSEARCH_FUZZ_EXAMPLES"
fuzz = settings(
    max_examples=int(os.environ.get(FUZZ_EXAMPLES_ENV_VAR, "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
"""Settings of these tests only (a profile would change every hypothesis test of the session)."""

pytestmark = pytest.mark.timeout(1800)

TAGS = [
    "html",
    "head",
    "body",
    "title",
    "meta",
    "link",
    "h1",
    "h2",
    "h3",
    "p",
    "div",
    "span",
    "a",
    "b",
    "br",
    "table",
    "tr",
    "td",
    "ul",
    "li",
    "script",
    "style",
    "article",
    "main",
    "nav",
    "header",
    "footer",
    "time",
    "noscript",
    "iframe",
    "svg",
    "pre",
    "blockquote",
    "font",
    "center",
    "x-odd",
    "h1 class",
    "?xml",
]
ATTRIBUTES = [
    "class",
    "id",
    "content",
    "property",
    "name",
    "charset",
    "http-equiv",
    "href",
    "datetime",
    "itemprop",
    "itemtype",
    "src",
    "lang",
    "rel",
    "type",
    "style",
]
VALUES = [
    "og:title",
    "og:url",
    "article:published_time",
    "article:section",
    "description",
    "headline",
    "datePublished",
    "story-body",
    "byline",
    "date",
    "2009-03-10T08:30:00Z",
    "10 March 2009",
    "9999-99-99",
    "0000-00-00T25:61:61+99:99",
    "Tue, 10 Mar 2009 08:30:00 GMT",
    "1e308",
    "-1",
    "utf-8",
    "shift_jis",
    "x-unknown-charset",
    "text/html; charset=iso-8859-1",
    "javascript:alert(1)",
    "http://",
    "https://a/b?c#d",
    "application/ld+json",
]
TEXTS = [
    "Flood defences hold",
    "Published: 10 March 2009",
    "Last updated: 2009/03/10 08:30 GMT",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&#99999999;",
    "&bogus",
    "&nbsp;",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "</",
    "<",
    ">",
    "\x00",
    "\ufeff",
    "\u202e",
    "\r\n",
    "Comments (3)",
    "Copyright 2009",
    "Related stories",
    "BBC NEWS | UK",
    '{"@type": "NewsArticle", "datePublished": "2009-03-10", "headline": "x"}',
]

text = st.one_of(st.sampled_from(TEXTS), st.text(max_size=40))
attribute = st.tuples(
    st.one_of(st.sampled_from(ATTRIBUTES), st.text(max_size=8)),
    st.one_of(st.sampled_from(VALUES), st.text(max_size=30)),
    st.sampled_from(['"', "'", ""]),
)


def _element(tag: str, attributes: list[tuple[str, str, str]], children: list[str], closed: bool) -> str:
    attrs = "".join(f" {name}={quote}{value}{quote}" for name, value, quote in attributes)
    return f"<{tag}{attrs}>" + "".join(children) + (f"</{tag.split(' ')[0]}>" if closed else "")


markup = st.recursive(
    text,
    lambda children: st.builds(
        _element, st.sampled_from(TAGS), st.lists(attribute, max_size=4), st.lists(children, max_size=6), st.booleans()
    ),
    max_leaves=60,
)
pages = st.builds(
    lambda parts, doctype: doctype + "".join(parts),
    st.lists(markup, max_size=8),
    st.sampled_from(["", "<!DOCTYPE html>", '<?xml version="1.0" encoding="utf-8"?>']),
)
encodings = st.sampled_from(["utf-8", "utf-16", "cp1252", "shift_jis", "koi8-r", "utf-8-sig"])


def _check(article: Article) -> None:
    """What the index and the JSON API need of an article: UTF-8 text, a document Whoosh takes."""
    for value in (article.headline, article.body, article.source, article.region, article.url):
        assert isinstance(value, str)
        value.encode("utf-8")
    assert article.headline or article.body
    to_document(IndexedArticle(article, "fingerprint"))
    json.dumps(article.to_json(), ensure_ascii=False).encode("utf-8")


def _extract_or_skip(html: str | bytes) -> Article | None:
    try:
        article = extract_html(html, source="fuzz.html")
    except PageSkipped as skipped:
        assert skipped.reason in REASONS
        return None
    _check(article)
    return article


@fuzz
@given(st.binary(max_size=20_000))
def test_any_bytes(data):
    _extract_or_skip(data)


@fuzz
@given(pages)
def test_any_markup_as_text(page):
    _extract_or_skip(page)


@fuzz
@given(pages, encodings)
def test_any_markup_in_any_encoding(page, encoding):
    _extract_or_skip(page.encode(encoding, "replace"))


@fuzz
@given(st.text(st.characters(exclude_categories=()), max_size=2000))  # lone surrogates included
def test_any_text(page):
    _extract_or_skip(page)


@fuzz
@given(
    data=st.one_of(st.binary(max_size=5000), pages.map(lambda p: p.encode("utf-8", "surrogatepass"))),
    suffix=st.sampled_from([".html", ".htm", ".stm", ".shtml", ".txt", ".html.gz", ".txt.gz"]),
    gzip_it=st.booleans(),
    name=st.text(min_size=1, max_size=30),
)
def test_any_file(tmp_path_factory, data, suffix, gzip_it, name):
    folder = tmp_path_factory.mktemp("fuzz")
    safe_name = name.replace("/", "_").replace("\x00", "_").lstrip(".") or "page"
    path = folder / (safe_name[:100] + suffix)
    if gzip_it and suffix.endswith(".gz"):
        data = gzip.compress(data)
    try:
        path.write_bytes(data)
    except (OSError, UnicodeEncodeError):  # a name the file system refuses is not the extractor's concern
        return
    try:
        article = extract_file(path, folder)
    except PageSkipped as skipped:
        assert skipped.reason in REASONS
        return
    _check(article)


@settings(fuzz, max_examples=20)
@given(st.lists(pages, min_size=1, max_size=10))
def test_fuzzed_articles_go_into_a_real_index(tmp_path_factory, batch):
    articles = [a for a in (_extract_or_skip(page) for page in batch) if a is not None]
    articles = [Article(a.headline, a.body, f"fuzz-{n}.html", a.date, a.region, a.url) for n, a in enumerate(articles)]
    write_index(Path(tmp_path_factory.mktemp("index")), articles)
