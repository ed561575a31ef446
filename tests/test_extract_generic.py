"""The generic path on handwritten pages (tests/fixtures/pages) and small inline documents."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from indexer.errors import PageSkipped
from indexer.extract import extract_file, extract_html
from search.model import Article

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages"


def extract(name: str) -> Article:
    return extract_file(PAGES / name, FIXTURES)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_jsonld_news_article_in_a_graph():
    article = extract("jsonld_graph.html")
    assert article.source == "pages/jsonld_graph.html"
    assert article.headline == "Harbour bridge reopens after six months of repairs"
    assert article.date == utc(2019, 4, 2, 6, 15)  # +02:00 in the page
    assert article.region == "Local news"  # first articleSection
    assert article.url == "https://courier.example.com/transport/harbour-bridge-reopens"
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0].startswith("The harbour bridge opened to traffic again")
    assert article.paragraphs[-1].endswith("once the painting of the barriers is finished.")
    for chrome in ("By Mira Tallis", "Copyright", "Weather", "The Lakeside Courier"):
        assert chrome not in article.body


def test_open_graph_page():
    article = extract("og_meta.html")
    assert article.headline == "Orchard growers count cost of late frost"  # site name dropped
    assert article.date == utc(2021, 5, 14, 17, 45)
    assert article.region == "Farming"
    assert article.url == "https://www.valleygazette.example/farming/orchard-frost-2021"
    assert len(article.paragraphs) == 4
    assert "Valley Gazette" not in article.body


def test_plain_page_with_h1_and_time():
    article = extract("plain_h1_time.html")
    assert article.headline == "Library extends opening hours for exam season"  # not the title
    assert article.date == utc(2008, 1, 10, 9, 30)  # naive: taken as UTC
    assert article.region == ""  # nothing stated: no guess
    assert article.url == ""
    assert article.paragraphs[0].startswith("The central library will stay open")
    assert len(article.paragraphs) == 3
    for chrome in ("Front page", "Archive", "Contact", "10 January 2008"):
        assert chrome not in article.body


def test_heavy_chrome_is_left_out():
    article = extract("heavy_chrome.html")
    assert article.headline == "Night buses return to the city centre"
    assert article.date == utc(2020, 2, 21, 3, 5)  # -05:00 in the page
    assert article.region == "Transport"  # the breadcrumb's last crumb
    body = article.body
    assert body.startswith("Night buses will run through the city centre again")
    assert body.endswith("whether to add a fifth line to the airport.")
    assert len(article.paragraphs) == 5
    for chrome in (
        "cookies",
        "Accept",
        "Privacy policy",  # cookie banner
        "Politics",
        "Culture",
        "Opinion",  # navigation
        "Share on Facebook",
        "Email this story",
        "Print",  # share tools
        "Photograph",
        "waits at the depot",  # figure caption
        "Advertisement",  # ad slot
        "morning briefing",
        "newsletter",
        "Subscribe",  # newsletter box
        "Buses",
        "Nightlife",  # tags
        "Most read",
        "riverside park",  # sidebar
        "Related stories",
        "Tram works",
        "Fares to rise",  # related list
        "Comments",
        "waiting for this for ages",
        "western estates",  # comments
        "About us",
        "Terms and conditions",
        "registered in the city",  # footer
    ):
        assert chrome not in body, chrome


def test_wayback_capture():
    article = extract("wayback_capture.html")
    assert article.headline == "Ferry service cut back for winter"
    # canonical link is an archive URL: the original, without the default port
    assert article.url == "http://www.tidewaterpost.example/news/2006/11/02/ferry.html"
    assert article.date == utc(2006, 11, 2)
    assert article.paragraphs[0].startswith("The island ferry will sail only three times a day")
    assert len(article.paragraphs) == 3
    for toolbar in ("Wayback", "captures", "NOV 2006", "Go", "More news", "Thursday, November 2"):
        assert toolbar not in article.body, toolbar


def test_wayback_capture_without_canonical_uses_the_toolbar_url():
    page = (PAGES / "wayback_capture.html").read_text(encoding="utf-8")
    page = "\n".join(line for line in page.splitlines() if 'rel="canonical"' not in line)
    article = extract_html(page)
    assert article.url == "http://www.tidewaterpost.example/news/2006/11/02/ferry.html"


def test_page_without_text_is_empty():
    with pytest.raises(PageSkipped) as caught:
        extract("no_text.html")
    assert caught.value.reason == "empty"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html></html>",
        "<html><head><title> </title></head><body> </body></html>",
        "<!-- only a comment -->",
        "<?xml version='1.0' encoding='utf-8'?>",
    ],
)
def test_blank_documents_are_empty(html):
    with pytest.raises(PageSkipped) as caught:
        extract_html(html)
    assert caught.value.reason == "empty"


def test_broken_truncated_structure():
    article = extract("broken_structure.html")
    assert article.headline == "Storm brings down power lines in the hills"
    body = article.body
    assert body.startswith("High winds brought down power lines")
    assert "remote farms might not be reconnected" in body
    assert "helpline for elderly and vulnerable customers" in body
    assert "Fallen trees also blocked the main road" in body
    assert body.endswith("more rain was expected")
    assert "By staff reporter" not in body
    assert "<" not in body


def test_gzipped_page(tmp_path):
    path = tmp_path / "news" / "frost.html.gz"
    path.parent.mkdir()
    path.write_bytes(gzip.compress((PAGES / "og_meta.html").read_bytes()))
    article = extract_file(path, tmp_path)
    assert article.source == "news/frost.html.gz"
    assert article.headline == "Orchard growers count cost of late frost"


# -- small inline documents ---------------------------------------------------------------------

STORY = "".join(
    f"<p>Paragraph {n} of the council story, with enough words to look like running text, and a comma.</p>"
    for n in range(1, 6)
)


def test_jsonld_top_level_list_and_reporting_type():
    html = f"""<html><head><title>x</title>
    <script type="application/ld+json">[{{"@type": "Organization", "name": "Org"}},
      {{"@type": "ReportageNewsArticle", "headline": "Council votes to keep library open",
        "datePublished": "2016-03-01", "articleSection": "Politics",
        "mainEntityOfPage": {{"@id": "https://example.org/politics/library-vote"}}}}]</script>
    </head><body><div>{STORY}</div></body></html>"""
    article = extract_html(html)
    assert article.headline == "Council votes to keep library open"
    assert article.date == utc(2016, 3, 1)
    assert article.region == "Politics"
    assert article.url == "https://example.org/politics/library-vote"
    assert len(article.paragraphs) == 5


def test_broken_jsonld_is_ignored():
    html = f"""<html><head><title>Council votes to keep library open - Town Times</title>
    <script type="application/ld+json">{{"@type": "NewsArticle", "headline": </script></head>
    <body><h1>Council votes to keep library open</h1><div>{STORY}</div></body></html>"""
    article = extract_html(html)
    assert article.headline == "Council votes to keep library open"


def test_region_from_jsonld_breadcrumbs_and_never_a_guess():
    html = f"""<html><head><title>Council votes</title>
    <script type="application/ld+json">{{"@type": "BreadcrumbList", "itemListElement": [
      {{"@type": "ListItem", "position": 2, "name": "Local politics"}},
      {{"@type": "ListItem", "position": 1, "name": "Home"}}]}}</script></head>
    <body><div>{STORY}</div></body></html>"""
    assert extract_html(html).region == "Local politics"
    plain = f"<html><head><title>Council votes</title></head><body><div>{STORY}</div></body></html>"
    assert extract_html(plain).region == ""


def test_dates_with_offsets_and_naive_dates():
    def dated(meta: str) -> datetime | None:
        return extract_html(f"<html><head>{meta}<title>t</title></head><body><div>{STORY}</div></body></html>").date

    assert dated('<meta property="article:published_time" content="2012-07-04T12:00:00-04:00">') == utc(2012, 7, 4, 16)
    assert dated('<meta name="pubdate" content="2012-07-04 12:00">') == utc(2012, 7, 4, 12)
    assert dated('<meta name="date" content="July 4, 2012">') == utc(2012, 7, 4)
    assert dated('<meta name="date" content="not a date">') is None
    assert dated("") is None


def test_canonical_relative_link_needs_a_base():
    html = f"""<html><head><title>t</title><link rel="canonical" href="/story/42"></head>
    <body><div>{STORY}</div></body></html>"""
    assert extract_html(html).url == ""


def test_headline_only_page_is_an_article():
    article = extract_html("<html><head><title>Polls close at ten</title></head><body></body></html>")
    assert article.headline == "Polls close at ten"
    assert article.body == ""


def test_links_and_menus_are_not_body():
    menu = "".join(f'<li><a href="/s{n}">Section number {n} of the site</a></li>' for n in range(30))
    html = f"<html><head><title>t</title></head><body><ul>{menu}</ul><div class='text'>{STORY}</div></body></html>"
    article = extract_html(html)
    assert "Section number" not in article.body
    assert len(article.paragraphs) == 5


@pytest.mark.parametrize("depth", [900, 20000])
def test_deeply_nested_page_does_not_crash(depth):
    text = "Deep text, in a page nested far deeper than Python's recursion limit would allow."
    html = "<html><body>" + "<div><span>" * depth + text + "</span></div>" * depth + "</body></html>"
    try:
        article = extract_html(html)  # no RecursionError: the walks are iterative
    except PageSkipped as skipped:  # libxml2 drops content nested beyond its own depth limit
        assert depth > 1000 and skipped.reason == "empty"
    else:
        assert article.body == text


def test_extract_html_accepts_bytes_and_str():
    data = (PAGES / "og_meta.html").read_bytes()
    assert extract_html(data) == extract_html(data.decode("utf-8"))


def test_extract_file_runs_in_worker_processes():
    from concurrent.futures import ProcessPoolExecutor

    names = ["jsonld_graph.html", "heavy_chrome.html", "no_text.html"]
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(extract_file, PAGES / name, FIXTURES) for name in names]
        assert futures[0].result() == extract("jsonld_graph.html")
        assert futures[1].result() == extract("heavy_chrome.html")
        with pytest.raises(PageSkipped) as caught:
            futures[2].result()
    assert caught.value.reason == "empty"


def test_bbc_story_body_template_without_bbc_meta_tags():
    """A 2016-style BBC page (story-body, no Headline/OriginalPublicationDate/Section metas)."""
    article = extract("bbc_story_body_2016_style.html")
    assert article.headline == "Canal boat festival draws record crowds"
    assert article.date == datetime.fromtimestamp(1467290400, tz=UTC)
    assert article.region == "England"
    assert article.url == "http://www.bbc.co.uk/news/uk-england-00000001"
    assert article.paragraphs == [
        (
            "More than forty thousand visitors came to the canal boat festival at the weekend, the "
            "largest crowd in its twenty-year history."
        ),
        (
            "Organisers said the warm weather and a new programme of boat trips had helped to double "
            "the numbers of last year."
        ),
        "Lock keepers",
        (
            "Volunteer lock keepers worked in shifts from dawn to dusk to help the three hundred boats "
            "that passed through the flight of locks."
        ),
        (
            "The canal trust said money raised at the festival would pay for the repair of two lock gates "
            "damaged in the winter floods."
        ),
    ]


@pytest.mark.parametrize(
    "archived, original",
    [
        (
            "https://web.archive.org/web/20090310071118/http://news.bbc.co.uk/2/hi/a.stm",
            "http://news.bbc.co.uk/2/hi/a.stm",
        ),
        (
            "https://web-beta.archive.org/web/20131031124246/http://www.bbc.co.uk/news/x-1",
            "http://www.bbc.co.uk/news/x-1",
        ),
        ("/web/20051016015109im_/http://news.bbc.co.uk:80/img/a.gif", "http://news.bbc.co.uk/img/a.gif"),
        ("//web.archive.org/web/2019id_/https://example.com:443/a?b=1", "https://example.com/a?b=1"),
        ("http://web.archive.org/web/20080101000000/http:/example.com/story", "http://example.com/story"),
        ("https://web.archive.org/web/20080101000000/example.com/story", "http://example.com/story"),
        ("http://example.com/web/2008/story.html", "http://example.com/web/2008/story.html"),
    ],
)
def test_wayback_original_url(archived, original):
    from indexer.extract.metadata import absolute_url

    assert absolute_url(archived) == original


def test_unexpected_errors_become_extract_error(monkeypatch):
    import indexer.extract as extract_package

    def broken(*args, **kwargs):
        raise ZeroDivisionError("bug in an extractor")

    monkeypatch.setattr(extract_package.generic, "extract", broken)
    with pytest.raises(PageSkipped) as caught:
        extract_file(PAGES / "og_meta.html", FIXTURES)
    assert caught.value.reason == "extract-error"
    assert "ZeroDivisionError" in caught.value.detail
    with pytest.raises(PageSkipped) as caught:
        extract_html((PAGES / "og_meta.html").read_bytes())
    assert caught.value.reason == "extract-error"
