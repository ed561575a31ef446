"""Publication dates: the parsers of written dates (indexer.extract.dates) and the choice among a
page's candidates (indexer.extract.page_dates), on small handwritten pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from indexer.extract import extract_html
from indexer.extract.dates import date_from_url, find_text_dates, parse_date


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def days(text: str, day_first: bool | None = None) -> list[tuple[date, ...]]:
    return [found.days for found in find_text_dates(text, day_first)]


def moment(text: str) -> datetime | None:
    found = find_text_dates(text)
    return found[0].value() if found else None


# --------------------------------------------------------------------------- written dates


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Posted on Fri, Jan. 18, 2008", date(2008, 1, 18)),
        ("Published: Friday, January 18, 2008", date(2008, 1, 18)),
        ("By Ann Other | January 18, 2008", date(2008, 1, 18)),
        ("Published: Wednesday 16 January 2008", date(2008, 1, 16)),
        ("Monday, 14 January, 2008", date(2008, 1, 14)),
        ("2:18pm Tuesday 1st January 2008", date(2008, 1, 1)),
        ("Thursday, 10, January, 2008, 09:14", date(2008, 1, 10)),
        ("Saturday 12-Jan-2008 11:48 AM", date(2008, 1, 12)),
        ("December 13 2007 at 07:52 AM", date(2007, 12, 13)),
        ("18 NOV 2019", date(2019, 11, 18)),
        ("Sat, 29 Dec 15:58:00 2007", date(2007, 12, 29)),
        ("Thu, 2008-01-17 15:17.", date(2008, 1, 17)),
        ("2008/01/17", date(2008, 1, 17)),
        ("(14/01/2008)", date(2008, 1, 14)),  # 14 cannot be a month
        ("11.14.2019 09:00 AM", date(2019, 11, 14)),  # 14 cannot be a month
        ("01/13/08 - Ottawa", date(2008, 1, 13)),  # two-digit year
        ("18 de novembro de 2019", date(2019, 11, 18)),
        ("18. November 2019", date(2019, 11, 18)),
        ("publié le 3 février 2020", date(2020, 2, 3)),
        ("Diposting Maret 30, 2015", date(2015, 3, 30)),
        ("기사입력 :[ 2018-08-25 15:24 ]", date(2018, 8, 25)),
        ("2019년 4월 2일 오전", date(2019, 4, 2)),
        ("2019年4月2日", date(2019, 4, 2)),
        ("2018. 8. 25. 14:00", date(2018, 8, 25)),
    ],
)
def test_written_date_formats(text, expected):
    assert days(text) == [(expected,)]


@pytest.mark.parametrize(
    "text",
    [
        "call 206-464-2067",
        "version 1.2.3",
        "© 2008 The Paper",
        "May 2008",
        "in 2007 and 2008",
        "Sat, 2008-01-17",  # the weekday does not fit: not a date
        "February 30, 2008",
    ],
)
def test_not_dates(text):
    assert days(text) == []


def test_numeric_dates_that_read_both_ways_keep_both_readings():
    assert days("Release: 01/10/2008") == [(date(2008, 1, 10), date(2008, 10, 1))]  # month first
    assert days("Release: 01/10/2008", day_first=True) == [(date(2008, 10, 1), date(2008, 1, 10))]
    assert days("05/05/2008") == [(date(2008, 5, 5),)]
    # a named weekday settles it: 7 January 2008 was a Monday, 1 July a Tuesday
    assert days("By Ann Other | Monday | 07/01/2008") == [(date(2008, 1, 7),)]
    assert days("Tuesday 07/01/2008") == [(date(2008, 7, 1),)]


def test_times_and_zones_of_written_dates():
    assert moment("January 10, 2008 11:30 PM EST") == utc(2008, 1, 11, 4, 30)  # the next day in UTC
    assert moment("Jan 16 2008 2:48 PM EST") == utc(2008, 1, 16, 19, 48)
    assert moment("POSTED: 5:09 pm EST January 10, 2008") == utc(2008, 1, 10, 22, 9)  # time before
    assert moment("13:36, December 28, 2007") == utc(2007, 12, 28, 13, 36)  # no zone: UTC
    assert moment("Nov 20 2019, 11:06am IST") == utc(2019, 11, 20, 5, 36)
    assert moment("2008-11-24T16:23:08Z") == utc(2008, 11, 24, 16, 23, 8)
    assert moment("2008-11-24 16:23 +05:30") == utc(2008, 11, 24, 10, 53)
    assert moment("1/10/2008, 3:50 a.m. EST") == utc(2008, 1, 10, 8, 50)
    assert moment("Thursday January 10, 2008") == utc(2008, 1, 10)
    assert moment("January 10, 2008 at 25:10") == utc(2008, 1, 10)  # not a time


def test_parse_date_and_url_dates():
    assert parse_date("20080115") == utc(2008, 1, 15)
    assert parse_date("2009/03/10 02:18:37") == utc(2009, 3, 10, 2, 18, 37)
    assert parse_date("12/30/2007 00:00") == utc(2007, 12, 30)
    assert date_from_url("http://example.com/2019/05/12/story") == utc(2019, 5, 12)
    assert date_from_url("http://example.com/news/20080116/story.html") == utc(2008, 1, 16)
    assert date_from_url("https://example.org/cells-taste-danger-20191115/") == utc(2019, 11, 15)
    assert date_from_url("http://example.com/news/2008/January/10/story.html") == utc(2008, 1, 10)
    assert date_from_url("http://example.com/2005/WEATHER/08/28/storm/") == utc(2005, 8, 28)
    assert date_from_url("http://example.com/story-2019123/") is None
    assert date_from_url("http://example.com/2008/13/40/story") is None


# --------------------------------------------------------------------------- pages

PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the harbour story, long enough to count as running text, with a comma.</p>"
    for n in range(1, 6)
)


def page(article: str, head: str = "", top: str = "", after: str = "", lang: str = "") -> str:
    """A page with a masthead (``top``), the article (``article`` around the paragraphs) and what
    follows it (``after``)."""
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f"<html{lang_attr}><head><title>Harbour reopens | The Courier</title>{head}</head><body>"
        f"<div id='masthead'><a href='/'>The Courier</a>{top}</div>"
        "<ul class='nav'><li><a href='/news'>News</a></li><li><a href='/sport'>Sport</a></li>"
        "<li><a href='/weather'>Weather</a></li></ul>"
        f"<div class='story'><h1>Harbour reopens</h1>{article}</div>{after}"
        "<div id='footer'>About us | Contact | Terms</div></body></html>"
    )


def dated(html: str) -> datetime | None:
    return extract_html(html).date


def with_paragraphs(byline: str, closing: str = "") -> str:
    return f"{byline}{PARAGRAPHS}{closing}"


@pytest.mark.parametrize(
    "byline,expected",
    [
        ("<p class='byline'>Posted on Fri, Jan. 18, 2008</p>", utc(2008, 1, 18)),
        ("<div>Published: Friday, January 18, 2008</div>", utc(2008, 1, 18)),
        ("<td>Release: 01/10/2008</td>", utc(2008, 1, 10)),
        ("<p>By <a href='/staff/ann'>Ann Other</a> | January 18, 2008</p>", utc(2008, 1, 18)),
        ("<p>Last Updated: Thursday, December 27, 2007 | 10:56 AM GMT</p>", utc(2007, 12, 27, 10, 56)),
        (
            (
                "<p class='greySmaller'>Published: <a href='/archive/16-Jan-2008'>Wednesday 16 January</a> "
                "<a href='/archive/2008'>2008</a></p>"
            ),
            utc(2008, 1, 16),
        ),  # a date split over two links
        ("<span class='stry_tm'><!-- Tue., Mar 20, 2007 -->1/17/2008 10:58 am</span>", utc(2008, 1, 17, 10, 58)),
        ("<dl class='newsTitle'>기사입력 :[ 2018-08-25 15:24 ]</dl>", utc(2018, 8, 25, 15, 24)),
    ],
)
def test_byline_under_the_headline(byline, expected):
    assert dated(page(with_paragraphs(byline))) == expected


def test_a_date_closing_the_story():
    closing = "<div class='p_publishtime'>13:36, December 28, 2007</div>"
    assert dated(page(with_paragraphs("", closing))) == utc(2007, 12, 28, 13, 36)


def test_masthead_date_loses_to_the_article_date():
    top = "<div class='today'>Wednesday, January 16, 2008</div>"
    html = page(with_paragraphs("<p class='byline'>By Ann Other | Monday, 14 January, 2008</p>"), top=top)
    assert dated(html) == utc(2008, 1, 14)
    # a masthead date alone is the day the page was served, not the story's
    assert dated(page(with_paragraphs(""), top=top)) is None


def test_meta_date_of_the_site_loses_to_a_posted_byline():
    head = "<meta name='pubdate' content='Jan 16, 2008'>"
    html = page(
        with_paragraphs("", "<p class='credit'>Posted By: Ann Other | December 13 2007 at 07:52 AM</p>"), head=head
    )
    assert dated(html) == utc(2007, 12, 13, 7, 52)


def test_publication_meta_wins_over_an_update_line():
    head = (
        "<meta property='article:published_time' content='2019-11-08T15:30:00-05:00'>"
        "<meta property='article:modified_time' content='2019-11-13T09:00:00-05:00'>"
    )
    html = page(with_paragraphs("<p>Updated Nov 13, 2019, 9:00am EST</p>"), head=head)
    assert dated(html) == utc(2019, 11, 8, 20, 30)


def test_published_line_wins_over_updated_line():
    byline = "<p>Last updated: 3:51 pm March 25, 2009</p><p>Posted: 3:47 pm March 24, 2009</p>"
    assert dated(page(with_paragraphs(byline))) == utc(2009, 3, 24, 15, 47)


def test_modified_date_only_when_nothing_else():
    head = "<meta property='article:modified_time' content='2019-11-13T09:00:00Z'>"
    assert dated(page(with_paragraphs(""), head=head)) == utc(2019, 11, 13, 9)
    assert dated(page(with_paragraphs("<p>Published: 8 November 2019</p>"), head=head)) == utc(2019, 11, 8)


def test_jsonld_and_naive_sitemap_time_are_the_same_moment():
    head = (
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"datePublished": "2019-11-19T04:58:46Z"}</script>'
        "<meta name='sailthru.date' content='2019-11-18 20:58:46'>"
        "<link rel='canonical' href='https://example.com/2019/11/18/harbour-reopens/'>"
    )
    assert dated(page(with_paragraphs(""), head=head)) == utc(2019, 11, 19, 4, 58, 46)


def test_url_date_when_the_page_shows_none():
    head = "<link rel='canonical' href='https://courier.example.com/news/2019/05/12/harbour-reopens'>"
    assert dated(page(with_paragraphs(""), head=head)) == utc(2019, 5, 12)


@pytest.mark.parametrize(
    "lang,head,top,expected",
    [
        ("", "", "", utc(2008, 9, 1)),  # no hint: month first
        ("en-US", "", "", utc(2008, 9, 1)),
        ("en-GB", "", "", utc(2008, 1, 9)),
        ("de", "", "", utc(2008, 1, 9)),
        ("", "<link rel='canonical' href='http://www.courier.co.uk/news/harbour.html'>", "", utc(2008, 1, 9)),
        ("", "", "<div>Tuesday 15 January 2008</div>", utc(2008, 1, 9)),  # the page writes day first...
        ("", "", "<div>Tuesday, January 15, 2008</div>", utc(2008, 1, 9)),  # ...or September is after its "today"
    ],
)
def test_day_and_month_order(lang, head, top, expected):
    html = page(with_paragraphs("<p>Posted 09/01/2008 10:18</p>"), head=head, top=top, lang=lang)
    assert dated(html).date() == expected.date()


def test_ambiguous_date_agreeing_with_another_source():
    head = "<meta name='dc.date' content='2008-01-07'>"
    assert dated(page(with_paragraphs("<p>01/07/2008 (6:00 pm)</p>"), head=head)).date() == date(2008, 1, 7)


def test_dates_in_sentences_lists_and_comments_are_not_the_story_date():
    prose = (
        "<p>Emergency rule was imposed on January 11, 2007, after months of turmoil over the "
        "allegations of rigging.</p>"
    )
    assert dated(page(prose + PARAGRAPHS)) is None
    related = (
        "<div class='more'><h3>Tuesday 15 January 2008</h3><a href='/a'>Earlier story</a>"
        "<h3>Monday 14 January 2008</h3><a href='/b'>Another story</a>"
        "<h3>Sunday 13 January 2008</h3><a href='/c'>A third story</a></div>"
    )
    assert dated(page(with_paragraphs(""), after=related)) is None
    comments = (
        "<div class='comments'><p>Said Bob on 2008-01-20 17:05:23</p><p>Nice story.</p>"
        "<p>Said Eve on 2008-01-19 10:53:42</p><p>I agree with the harbour master.</p></div>"
    )
    assert dated(page(with_paragraphs(""), after=comments)) is None
    assert dated(page(with_paragraphs("<p class='tagline'>Since 1st March, 1999</p>"))) is None


WAYBACK = """<html><head><title>Harbour reopens</title>
<meta name="date" content="{meta}"></head>
<body><!-- BEGIN WAYBACK TOOLBAR INSERT -->
<div id="wm-ipp" style="display:none;"><form id="wmtb"><input type="text" name="url" id="wmtbURL"
value="http://www.courier.example/news/harbour.html"></form></div>
<!-- END WAYBACK TOOLBAR INSERT -->
<div class="story"><h1>Harbour reopens</h1>{byline}{paragraphs}</div>
<a href="/web/20080116120000/http://www.courier.example/">Home</a>
</body></html>"""


def test_never_later_than_the_wayback_capture():
    late_meta = WAYBACK.format(meta="2008-03-01", byline="<p>Published: 14 January 2008</p>", paragraphs=PARAGRAPHS)
    assert dated(late_meta) == utc(2008, 1, 14)
    only_late = WAYBACK.format(meta="2008-03-01", byline="", paragraphs=PARAGRAPHS)
    assert dated(only_late) is None


def test_a_link_to_an_archived_page_is_not_a_capture():
    link = (
        "<p>The minutes are archived at <a href='https://web.archive.org/web/20191113015611/"
        "https://example.org/minutes'>the archive</a>, the council said.</p>"
    )
    html = page(with_paragraphs("<p class='date'>November 18, 2019</p>", link))
    assert dated(html) == utc(2019, 11, 18)


def test_dates_are_timezone_aware_utc():
    for html in (
        page(with_paragraphs("<p>Posted January 10, 2008 11:30 PM EST</p>")),
        page(with_paragraphs(""), head="<meta name='date' content='2012-07-04 12:00'>"),
    ):
        value = dated(html)
        assert value is not None and value.tzinfo is not None and value.utcoffset().total_seconds() == 0
    assert dated(page(with_paragraphs("<p>Posted January 10, 2008 11:30 PM EST</p>"))) == utc(2008, 1, 11, 4, 30)


def test_hatom_abbr_and_time_elements_near_the_article():
    byline = (
        "<p class='byline'>By Ann Other &ndash; <abbr class='published' title='2009-04-04T01:11:27-0700'>"
        "Sat Apr 4, 4:11 am ET</abbr></p>"
    )
    assert dated(page(with_paragraphs(byline))) == utc(2009, 4, 4, 8, 11, 27)
    updated_only = "<p><abbr class='updated' title='2013-06-30T15:58:23Z'>1 hr 6 mins ago</abbr></p>"
    assert dated(page(with_paragraphs(updated_only))) == utc(2013, 6, 30, 15, 58, 23)
    time = "<p><time datetime='2014-09-15T08:00:00+02:00'>September 15, 2014</time></p>"
    assert dated(page(with_paragraphs(time))) == utc(2014, 9, 15, 6)


def test_a_date_inside_the_first_sentence_is_an_event():
    lead = (
        "<p>NEWMARKET -- The driver's crash on Dec. 15, 2003, was tragic and senseless, the judge "
        "said as she handed down the sentence.</p>"
    )
    assert dated(page(lead + PARAGRAPHS)) is None
    dateline = "<p>BEVERLY HILLS, Calif., Jan. 8, 2008 (AP) -- The film topped the list of nominations.</p>"
    assert dated(page(dateline + PARAGRAPHS)) == utc(2008, 1, 8)
