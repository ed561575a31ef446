"""The project's own sample corpus (corpus/): what the default reindex serves."""

from datetime import UTC, datetime

import pytest

from indexer.extract import extract_file
from indexer.reindex import reindex
from search import Engine, config
from search.model import SearchRequest
from tests.engines import config_at, engine_at

CORPUS = config.DEFAULT_CORPUS_DIR


def _extract(relative: str):
    return extract_file(CORPUS / relative, CORPUS)


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory) -> Engine:
    path = tmp_path_factory.mktemp("corpus-index") / "index"
    report = reindex([CORPUS], config_at(path), workers=0)
    assert report.skipped == [] and report.indexed == report.seen >= 62
    return engine_at(path)


@pytest.mark.parametrize(
    ("relative", "headline", "published", "region"),
    [
        # 2009 template with meta tags
        (
            "bbc/west_midlands/6909412.stm",
            "River Tesk peaks as Wyrebridge floods",
            datetime(2007, 7, 21, 14, 5, 12),
            "West Midlands",
        ),
        # 2005 template
        (
            "bbc/americas/4337120.stm",
            "Storm batters Honduran coast town",
            datetime(2005, 10, 13, 10, 36, 12),
            "Americas",
        ),
        # no meta tags: the visible "Page last updated at" line and the title's region
        (
            "bbc/technology/8505911.stm",
            "Rural villages left in broadband slow lane",
            datetime(2010, 2, 9, 0, 14),
            "Technology",
        ),
        # the visible line shows a later update: the date is the publication time from the meta tag
        (
            "bbc/scotland/8370254.stm",
            "Glenmurran residents evacuated as river bursts banks",
            datetime(2009, 11, 20, 8, 12, 44),
            "Scotland",
        ),
        # modern template, gzip, JSON-LD date with an offset
        (
            "dailyherald/business/hartwells-bakery-closures.html.gz",
            "Hartwell\u2019s to close 60 bakeries as high street sales slide",
            datetime(2019, 6, 11, 6, 0),
            "Business",
        ),
    ],
)
def test_corpus_pages_extract_exactly(relative, headline, published, region):
    article = _extract(relative)
    assert (article.headline, article.date, article.region) == (
        headline,
        published.replace(tzinfo=UTC),
        region,
    )


def test_windows_1252_declared_as_latin_1_is_decoded():
    body = _extract("bbc/wales/7219803.stm").body
    assert "£1.5m and £2m \u2013 almost double last winter\u2019s bill" in body


def test_wayback_capture_gives_the_original_url_and_no_toolbar():
    article = _extract("bbc/science_environment/8082216.stm")
    assert article.url == "http://news.bbc.co.uk/2/hi/science/nature/8082216.stm"
    assert "Zürich" in article.body
    assert "web.archive.org" not in article.body and "Wayback" not in article.body


def test_bbc_chrome_is_stripped():
    body = _extract("bbc/west_midlands/6909412.stm").body
    for chrome in (
        "Page last updated",
        "Print Sponsor",
        "E-mail this to a friend",
        "Printable version",
        "not responsible for the content of external",
        "Bookmark with",
    ):
        assert chrome not in body


def test_plain_pages_end_without_their_footer_line():
    """The plain pages close with "© 2006 The Paper. All rights reserved. Back to the front page"."""
    for path in sorted((CORPUS / "plain").iterdir()):
        body = _extract(path.relative_to(CORPUS).as_posix()).body
        assert "©" not in body and "All rights reserved" not in body and "Back to the front page" not in body, path.name
    assert (
        _extract("plain/carrickmoyle-lifeboat-rescue.htm")
        .paragraphs[-1]
        .endswith("donations have risen since the rescue.")
    )


def test_text_articles_take_their_folder_as_region():
    article = _extract("text/West Midlands/kettlebury-museum-funding.txt")
    assert article.region == "West Midlands" and article.date is None and article.headline


def test_default_reindex_serves_the_corpus(corpus_index):
    response = corpus_index.search(SearchRequest(q="wyrebridge flood"))
    assert response.total >= 2
    assert "<mark>" in response.hits[0].snippet_html


def test_low_graphics_copy_is_a_version_of_its_story(corpus_index):
    response = corpus_index.search(SearchRequest(q="", page_size=100))
    by_source = {hit.source: hit for hit in response.hits}
    shown = by_source.get("bbc/west_midlands/7934511.stm") or by_source.get("bbc/low_graphics/7934511.stm")
    assert shown is not None
    assert {v.source for v in shown.versions} & {"bbc/west_midlands/7934511.stm", "bbc/low_graphics/7934511.stm"}
    assert not ({"bbc/west_midlands/7934511.stm", "bbc/low_graphics/7934511.stm"} <= set(by_source))


def test_corpus_spans_regions_and_years(corpus_index):
    facets = {f.name: f for f in corpus_index.search(SearchRequest()).facets}
    assert len(facets["region"].buckets) >= 8
    assert len(facets["year"].buckets) >= 6
