"""The generic extractor's headline (headline.py, titles.py): headings against the page title and
the site's name, one handwritten page (tests/fixtures/pages) or small inline document each."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extract import extract_file, extract_html
from search.model import Article

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages"


def extract(name: str) -> Article:
    return extract_file(PAGES / name, FIXTURES)


# -- headline ------------------------------------------------------------------------------------


def test_title_that_is_only_the_site_name_gives_way_to_the_heading():
    """The title names the paper (the host most links point to); the h1 above the story is its
    headline; a reporter's job title in a "bylinetitle" span is not."""
    article = extract("headline_site_title.html")
    assert article.headline == "Lighthouse keeper's cottage to become a museum"
    assert article.body.startswith("The cottage beside the old lighthouse")
    assert "Harbour Evening Star" not in article.body


def test_site_and_section_are_cut_from_the_title():
    """ "Paper : Section : Headline": the visible "storyhead" line opening the first paragraph
    agrees with the title's last part."""
    article = extract("headline_in_title_parts.html")
    assert article.headline == "Mill reopens with forty new jobs"
    assert article.body.startswith("The woollen mill that closed three years ago")


def test_a_section_label_the_title_repeats_is_not_the_headline():
    """ "site - Sports Wire" agrees with the h1 "Sports Wire", but the story's own heading right
    above it shares its words with the story and the label does not."""
    article = extract("headline_section_label.html")
    assert article.headline == "Rowing club wins its first national title"
    assert article.body.startswith("RIVERSIDE (Newswire) The town's rowing club")


STORY = "".join(
    f"<p>Paragraph {n} of the ferry story, with enough words about the harbour ferry to be running text.</p>"
    for n in range(1, 5)
)


WINTER_STORY = "".join(
    f"<p>{text}</p>"
    for text in (
        "The ferry timetable will be cut from next month, with the winter sailings reduced to three a day.",
        "The operator said fewer passengers travel in the winter and the cut would save fuel and crew costs.",
        "Islanders said the cut would make it harder to reach the mainland hospital and the secondary school.",
        "The full timetable for the winter will be published on the operator's website next week.",
    )
)


def test_the_papers_name_as_a_heading_does_not_beat_the_titles_headline():
    """A masthead heading "THE HARBOUR POST" agrees with a part of the title; the title's main
    part, the story's headline, shares the story's words and wins."""
    html = (
        "<html><head><title>The Harbour Post | Local | Ferry timetable cut for winter</title></head><body>"
        "<table><tr><td><div class='sectiontitle'>THE HARBOUR POST</div></td></tr>"
        f"<tr><td>{WINTER_STORY}</td></tr></table></body></html>"
    )
    assert extract_html(html).headline == "Ferry timetable cut for winter"


def test_a_sidebar_label_below_the_story_does_not_beat_its_heading():
    html = (
        "<html><head><title>Feed Article | Local |</title></head><body><div id='box'>"
        "<h1>Ferry timetable cut for winter</h1>"
        f"<div class='text'>{WINTER_STORY}</div><div class='more'><h3>Local</h3><h4>Bus lane opens</h4></div>"
        "</div></body></html>"
    )
    assert extract_html(html).headline == "Ferry timetable cut for winter"


def test_a_plain_line_above_the_story_when_the_title_is_a_section_name():
    html = (
        "<html><head><title>HP: Top Stories</title></head><body><table>"
        "<tr><td>Harbour ferry timetable cut for the winter months</td></tr>"
        f"<tr><td>{WINTER_STORY}</td></tr></table></body></html>"
    )
    assert extract_html(html).headline == "Harbour ferry timetable cut for the winter months"


@pytest.mark.parametrize(
    "title, heading, expected",
    [
        # the visible heading, in its own case, is a run of the decorated title
        (
            "Ferry Timetable Cut For Winter (from The Harbour Post)",
            "<div class='headline'>Ferry timetable cut for winter</div>",
            "Ferry timetable cut for winter",
        ),
        (
            "Harbour Post: Ferry timetable cut for winter: News: Local",
            "<h1>Ferry timetable cut for winter</h1>",
            "Ferry timetable cut for winter",
        ),
        (
            "Ferry timetable cut for winter- Local-News-The Harbour Post",
            ("<p class='heading1'>Ferry timetable cut for winter<br>12 Jan, 2008, 1202 hrs</p>"),
            "Ferry timetable cut for winter",
        ),
        (
            "Ferry timetable cut for winter - National - General - The Harbour Post",
            "<span class='StoryDetailsHeader'>Ferry timetable cut for winter</span>",
            "Ferry timetable cut for winter",
        ),
        # no visible heading: title parts, a date and the site's name left out
        ("Ferry timetable cut for winter | January 15, 2008 | HP", "", "Ferry timetable cut for winter"),
        ("Ferry timetable cut for winter (14/01/2008)", "", "Ferry timetable cut for winter"),
    ],
)
def test_headline_from_a_decorated_title(title, heading, expected):
    html = f"<html><head><title>{title}</title></head><body><div>{heading}{STORY}</div></body></html>"
    assert extract_html(html).headline == expected


def test_the_sites_name_in_a_heading_is_not_the_headline():
    html = (
        "<html><head><title>Ferry timetable cut for winter - The Harbour Blog</title>"
        "<meta property='og:site_name' content='The Harbour Blog'></head><body><div class='page'>"
        f"<h1>The Harbour Blog</h1><div class='post'>{WINTER_STORY}</div></div></body></html>"
    )
    assert extract_html(html).headline == "Ferry timetable cut for winter"


def test_a_slash_cuts_the_title_only_next_to_the_sites_name():
    def headline(title: str) -> str:
        return extract_html(
            f"<html><head><title>{title}</title><meta property='og:site_name' content='Harbour Post'>"
            f"</head><body><div>{STORY}</div></body></html>"
        ).headline

    assert headline("Harbour Post / Local News / Ferry timetable cut for winter") == "Ferry timetable cut for winter"
    slashed = "Ferry timetable, part 3 / winter sailings"
    assert headline(f"{slashed} - Harbour Post") == slashed


def test_double_escaped_og_title_is_decoded():
    html = (
        "<html><head><title>x</title><meta property='og:title' content='Ferry won&amp;#8217;t sail on Sunday'>"
        f"</head><body><div>{STORY}</div></body></html>"
    )
    assert extract_html(html).headline == "Ferry won\u2019t sail on Sunday"
