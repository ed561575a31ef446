"""The generic extractor's body (survey, measure, scoring, render): what is chrome and what is
story, one handwritten page (tests/fixtures/pages) or small inline document each."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extract import extract_file, extract_html
from indexer.extract.render import is_footer_line
from search.model import Article

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages"


def extract(name: str) -> Article:
    return extract_file(PAGES / name, FIXTURES)


# -- body: what is chrome and what is story ------------------------------------------------------


def test_a_page_wrapped_in_a_form_keeps_its_story():
    """ASP.NET pages wrap everything in one <form>: a form holding paragraphs is not chrome."""
    article = extract("aspnet_form_page.html")
    assert article.headline == "Ferry operator orders two electric boats"
    assert article.paragraphs[0].startswith("The ferry operator that runs the crossing")
    assert article.paragraphs[2].endswith("even in the winter gales.")
    for chrome in ("Home", "Letters", "Search", "Go", "Send", "separate several addresses"):
        assert chrome not in article.body, chrome


def test_story_split_into_sections_and_a_paywall_box():
    """Sibling sections of one story with nearly the same classes are all kept, and so is the
    part of the story in a "paywall" box; a "Text size" control is not text."""
    article = extract("split_story_sections.html")
    assert article.headline == "Council approves riverside housing plan"
    assert len(article.paragraphs) == 5
    assert article.paragraphs[0].startswith("Councillors have approved a plan")
    assert article.paragraphs[2].startswith("Residents of the terraces")
    assert article.paragraphs[-1].endswith("without passing the school gates.")
    for chrome in ("Text size", "A+", "The Evening Lantern", "Sport"):
        assert chrome not in article.body, chrome


def test_table_rows_and_embedded_posts_are_story():
    """A weak class word ("player") does not make a table row chrome, nor ("twitter") a quoted
    post; the footer's copyright line is left out."""
    article = extract("table_and_tweet.html")
    body = article.body
    assert "Millbrook Rovers" in body and "Kettlebury United" in body and "31" in article.paragraphs
    assert "Proud of the lads today, a point against a side that never gave up. On to Saturday." in body
    assert body.endswith("at stake for the winner.")
    assert "Copyright" not in body and "Home" not in body


def test_paragraphs_run_together_with_line_breaks():
    """One <p> of paragraphs split by <br><br> gives them all; a camel-case "MainFooter" is a
    footer like "main-footer"."""
    article = extract("br_paragraphs.html")
    assert article.headline == "Council backs new cycle lanes"
    assert len(article.paragraphs) == 5
    assert article.paragraphs[-1].endswith("the first Sunday after it opens.")
    for chrome in ("Reliance on the information", "privacy policy", "Market news"):
        assert chrome not in article.body, chrome


def test_a_block_of_line_broken_paragraphs_counts_as_several():
    from indexer.extract.dom import parse_html
    from indexer.extract.measure import measure, without
    from indexer.extract.scoring import score

    story = "<br><br>".join(
        f"Paragraph {n} of the story is long enough to be a real paragraph of news" for n in range(6)
    )
    box = "".join(f"<p>Teaser number {n}, quite short</p>" for n in range(4))
    root = parse_html(f"<html><body><div id='one'>{box}</div><div id='two'><p>{story}</p></div></body></html>")
    body = root.find("body")
    assert [element.get("id") for element in score(body, without(measure(body), set(), body))] == ["two"]


def test_a_plain_sibling_with_the_storys_end_joins_it():
    """The story's last paragraphs in a box of their own, with hardly a link, join the story even
    when they score much less than its main block."""
    from indexer.extract.dom import parse_html
    from indexer.extract.measure import measure, without
    from indexer.extract.scoring import score

    para = "<p>{} paragraph of the story, with commas, clauses, and more clauses, which go on for a while longer.</p>"
    main = "".join(para.format(f"Main {n}") for n in range(15))
    end = "".join(para.format(f"Closing {n}") for n in range(2))
    root = parse_html(
        f"<html><body><div id='one'>{main}</div><div id='two'>{end}</div>"
        "<div id='three'><a href='/a'>A link</a> and <a href='/b'>another link</a> in a list.</div>"
        "</body></html>"
    )
    body = root.find("body")
    assert [element.get("id") for element in score(body, without(measure(body), set(), body))] == ["one", "two"]


@pytest.mark.parametrize(
    "names, words",
    [
        ("MainFooter", {"mainfooter", "footer"}),
        ("storyBody", {"storybody", "story", "body"}),
        ("printReady", {"printready"}),  # "print" is no telling part
        ("leftColumn", {"leftcolumn"}),  # nor is a layout word
        ("ctl00_Main_NavPart", {"ctl", "main", "navpart"}),  # generated ids of nested controls
    ],
)
def test_camel_case_class_names_give_their_telling_parts(names, words):
    from lxml import etree

    from indexer.extract.class_words import class_words

    assert class_words(etree.fromstring(f'<div class="{names}"/>')) == words


def test_nothing_above_the_headline_and_no_reader_comments():
    """Section labels and promos above the headline inside the story's container are left out,
    and the text stops where the comments open."""
    article = extract("story_with_comments.html")
    assert article.headline == "Bakery wins regional award"
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0].startswith("A family bakery on the market square")
    for chrome in (
        "Local News",
        "EDITOR'S CHOICE",
        "Win tickets",
        "Thanks for your comments",
        "Congratulations",
        "Posted by",
    ):
        assert chrome not in article.body, chrome


@pytest.mark.parametrize(
    "opening",
    [
        "Add your comment",
        "Comments (3)",
        "12 comments",
        "Post a comment",
        "Comments are closed.",
        "Read all 40 reader comments",
    ],
)
def test_comment_section_openings_end_the_text(opening):
    from indexer.extract.render import cut_comments

    story = ["First paragraph of the story.", "Second paragraph.", "Third paragraph."]
    assert cut_comments(story + [opening, "A reader's view on the story."]) == story


def test_the_storys_copyright_line_ends_the_text():
    from indexer.extract.render import cut_comments

    story = [f"Paragraph {n} of the story, which runs for a while so that it is the longer part." for n in range(5)]
    assert (
        cut_comments(
            story
            + [
                "\u00a9 All rights reserved. Reproduction in whole or in part is prohibited.",
                "A reader's long reply about something else entirely.",
            ]
        )
        == story
    )
    assert cut_comments(story + ["(\u00a9 2008 The Wire. All Rights Reserved.)", "Top News Stories"]) == story
    for closing in (
        "Related stories",
        "Like this story? Spread the news by clicking below:",
        "You may also like:",
        "Most popular on the site",
        "See also:",
    ):
        assert cut_comments(story + [closing, "Jobs: a job advert, long enough to count for something."]) == story
    # a trademark notice in a press release is not the end; nor is a copyright line early on
    notice = "GAME(R) IV & (C)1995-2008 Games Inc. ALL RIGHTS RESERVED."
    assert cut_comments(story[:3] + [notice] + story[3:]) == story[:3] + [notice] + story[3:]
    early = story[:2] + ["Copyright 2008 Photo Agency"] + story * 2
    assert cut_comments(early) == early


def test_posted_by_lines():
    from indexer.extract.render import cut_comments

    story = [f"Paragraph {n} of the post." for n in range(4)]
    comments = [
        "Posted by: Pat on January 6, 2008 2:09 PM",
        "Great post.",
        "Posted by Sam | January 6, 2008 3:10 PM",
        "I disagree.",
    ]
    assert cut_comments(story + comments) == story
    # a lone one is a byline with its date: dropped, the text goes on
    assert cut_comments(["Posted by Ed Kent on Wednesday, January 9th, 2008 at 8:43 am"] + story) == story
    # the post's own byline at the top is not where the comments start
    assert cut_comments(["Posted by Ed on May 1, 2008 at 9:40 am"] + story + comments) == story


def test_embedded_post_in_a_media_wrapper_and_deep_sections_of_the_story():
    """A quoted post inside a "video-container" is story; a section of the story whose paragraphs
    sit too deep to score still joins its like-named sibling; a short paragraph beside the
    story's main block is not left behind."""
    paragraphs = "".join(
        f"<p>Paragraph {n} of the story, long enough to read as running text, with commas.</p>" for n in range(1, 5)
    )
    deep = (
        "<div><div><div><div><div><div>"
        + "".join(
            f"<p>Deep paragraph {n} of the story, long enough to read as running text, with commas.</p>"
            for n in range(1, 4)
        )
        + "</div></div></div></div></div></div>"
    )
    html = f"""<html><head><title>t</title></head><body><div class="page">
    <div class="story-part wide">{deep}</div>
    <div class="story-part">{paragraphs}
    <div class="video-container"><blockquote class="twitter-tweet"><p>The quoted post says the
    ferry will run again from Monday.</p>&mdash; Harbour Office (@harbour) May 1, 2019</blockquote></div>
    </div></div></body></html>"""
    body = extract_html(html).body
    assert "Deep paragraph 3 of the story" in body
    assert "Paragraph 4 of the story" in body
    assert "The quoted post says the ferry will run again from Monday." in body


# -- footer lines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "\u00a9 2006 The Harbour Chronicle. All rights reserved. Back to the front page",
        "\u00a9 2011 Bramble Echo",
        "Copyright 2008 Wire Services Ltd",
        "(c) 2007 The Valley Press",
        "Back to top",
        "Return to the front page \u00bb",
        "Go back to the news index",
    ],
)
def test_footer_lines(line):
    assert is_footer_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Back to the drawing board for the council, which must now find new sites for the homes.",
        "The copyright of the photographs stays with the families, the museum said.",
        "Councillors went back to the chamber after a short break.",
    ],
)
def test_story_lines_are_not_footer_lines(line):
    assert not is_footer_line(line)


def test_copyright_and_back_to_lines_end_no_body():
    story = "".join(
        f"<p>Paragraph {n} of the lifeboat story, long enough to be running text, with a comma.</p>"
        for n in range(1, 5)
    )
    html = (
        f"<html><head><title>Lifeboat rescue - The Chronicle</title></head><body><h1>Lifeboat rescue</h1>"
        f"{story}<hr><p><small>&copy; 2006 The Chronicle. All rights reserved. "
        f"<a href='index.htm'>Back to the front page</a></small></p></body></html>"
    )
    article = extract_html(html)
    assert article.paragraphs[-1] == "Paragraph 4 of the lifeboat story, long enough to be running text, with a comma."
