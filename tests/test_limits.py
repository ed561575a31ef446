"""The bounds checked before parsing: too many tags is a skip, an absurd tag is cut to its name."""

from __future__ import annotations

import pytest

from indexer.errors import PageSkipped
from indexer.extract import extract_html
from indexer.limits import MAX_PAGE_TAGS, MAX_TAG_ATTRIBUTES, check_tag_count, cut_absurd_tags

STORY = "<h1>Lifeboat crew honoured</h1><p>The lifeboat crew was honoured for the rescue of four fishermen.</p>"


def _tag_with(attributes: int, name: str = "p") -> str:
    return f"<{name} " + " ".join(f'a{i}="v"' for i in range(attributes)) + ">"


def test_a_tag_of_absurdly_many_attributes_is_cut_to_its_name():
    page = f"<html><body>{_tag_with(MAX_TAG_ATTRIBUTES + 1)}Before the story.</p>{STORY}</body></html>"
    assert cut_absurd_tags(page) == f"<html><body><p>Before the story.</p>{STORY}</body></html>"


def test_ordinary_tags_are_left_alone():
    long_value = '<img src="data:image/png;base64,' + "A" * 50_000 + '">'
    script = "<script>for (i = 0; i<n; i++) {" + " x = x + 1;" * 2000 + "}</script>"
    keywords = '<meta name="keywords" content="' + " word" * 3000 + '">'
    many = _tag_with(MAX_TAG_ATTRIBUTES)
    for page in (STORY, long_value + STORY, script + STORY, keywords + STORY, many + STORY, "x" * 10_000):
        assert cut_absurd_tags(page) is page


@pytest.mark.timeout(60)
def test_a_page_with_100000_attributes_on_one_tag_extracts_quickly():
    """It took 15 to 210 s in libxml2 (each attribute appended by walking the list of the others)."""
    page = f"<html><body>{_tag_with(100_000)}Hello.</p>{STORY}</body></html>"
    assert extract_html(page).headline == "Lifeboat crew honoured"


def test_too_many_tags_is_a_skip():
    check_tag_count("<br>" * MAX_PAGE_TAGS)
    with pytest.raises(PageSkipped) as caught:
        check_tag_count("<br>" * (MAX_PAGE_TAGS + 1))
    assert caught.value.reason == "too-many-tags"
    with pytest.raises(PageSkipped) as caught:
        extract_html("<html><body>" + "<div>x</div>" * MAX_PAGE_TAGS + "</body></html>")
    assert caught.value.reason == "too-many-tags"


def test_real_pages_are_never_changed_or_refused(shared_data):
    """The bounds sit far above the real pages: none is cut or skipped by them."""
    from indexer.extract import is_supported
    from indexer.reading import read_page
    from indexer.walk import CorpusFile, walk_corpus

    checked = 0
    for found in walk_corpus([shared_data]):
        if isinstance(found, CorpusFile) and is_supported(found.path):
            page = read_page(found.path)
            if page.kind == "html":
                check_tag_count(page.text)
                assert cut_absurd_tags(page.text) is page.text, found.source
                checked += 1
    assert checked > 1000
