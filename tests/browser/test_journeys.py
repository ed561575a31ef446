"""What people do on the search page, in headless Chromium, over the sample corpus: real typing and
clicks, and assertions on what the page then shows."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import (
    HITS,
    Page,
    expect,
    headlines,
    hit_dates,
    hit_regions,
    params,
    search_from_box,
    submit_form,
    total,
    wait_for_params,
)

LOW_GRAPHICS = "bbc/low_graphics/7934511.stm"
WEST_MIDLANDS = "bbc/west_midlands/7934511.stm"


def test_type_a_query_and_submit(page: Page):
    page.goto("/")
    expect(page.locator("#q")).to_be_focused()  # autofocus on the home page
    search_from_box(page, "glacier")

    expect(page).to_have_title(re.compile(r"^glacier – newsearch"))
    assert total(page) == 2
    found = headlines(page)
    assert len(found) == 2 and all("glacier" in h.lower() for h in found), found
    marks = page.locator(f"{HITS} mark").all_inner_texts()
    assert marks and all(m.lower().startswith("glacier") for m in marks), marks
    expect(page.locator("#q")).to_have_value("glacier")


def test_narrow_by_date_range(page: Page):
    page.goto("/?q=flood")
    everything = total(page)
    page.locator("input[name=from]").fill("2008-01-01")
    page.locator("input[name=to]").fill("2009-12-31")
    submit_form(page)
    wait_for_params(page, q="flood", **{"from": "2008-01-01", "to": "2009-12-31"})

    narrowed = total(page)
    assert 0 < narrowed < everything
    dates = hit_dates(page)
    assert len(dates) == len(headlines(page)) == min(narrowed, 10), "undated articles fall outside a range"
    assert all("2008-01-01" <= d <= "2009-12-31" for d in dates), dates
    expect(page.locator("input[name=from]")).to_have_value("2008-01-01")
    expect(page.locator("input[name=to]")).to_have_value("2009-12-31")
    # the empty-results help offers to remove each filter; here the filters give results, so the
    # summary offers to clear them
    page.get_by_role("link", name="clear filters").click()
    wait_for_params(page, q="flood", **{"from": "", "to": ""})
    assert total(page) == everything


def test_narrow_by_region_with_the_select(page: Page):
    page.goto("/?q=flood")
    everything = total(page)
    page.locator("select[name=region]").select_option("West Midlands")
    submit_form(page)
    wait_for_params(page, q="flood", region="West Midlands")

    assert 0 < total(page) < everything
    assert set(hit_regions(page)) == {"West Midlands"}
    expect(page.locator("select[name=region]")).to_have_value("West Midlands")


def test_narrow_by_region_with_a_facet_link_and_remove_it(page: Page):
    page.goto("/?q=flood")
    everything = total(page)
    regions = page.locator("aside.facets section.facet").filter(has=page.get_by_role("heading", name="Region"))
    regions.get_by_role("link", name="Europe", exact=True).click()
    wait_for_params(page, q="flood", region="Europe")

    assert set(hit_regions(page)) == {"Europe"}
    assert total(page) == len(headlines(page)) < everything
    active = regions.locator("a[aria-current=true]")
    expect(active).to_have_text("Europe")
    active.click()  # "Remove this filter"
    wait_for_params(page, q="flood", region="")
    assert total(page) == everything


def test_change_the_sort_order(page: Page):
    page.goto("/?q=flood")
    relevance = headlines(page)

    page.locator("select[name=sort]").select_option("newest")
    submit_form(page)
    wait_for_params(page, q="flood", sort="newest")
    newest = hit_dates(page)
    assert len(newest) >= 5 and newest == sorted(newest, reverse=True), newest
    assert headlines(page) != relevance

    page.locator("select[name=sort]").select_option("oldest")
    submit_form(page)
    wait_for_params(page, q="flood", sort="oldest")
    oldest = hit_dates(page)
    assert len(oldest) >= 5 and oldest == sorted(oldest), oldest
    assert oldest[0] < newest[-1] <= newest[0]
    expect(page.locator("select[name=sort]")).to_have_value("oldest")


def test_page_forward_and_back(page: Page):
    page.goto("/?q=flood&page_size=5")
    count = total(page)
    pages = -(-count // 5)
    assert pages >= 3, count
    pagination = page.get_by_role("navigation", name="Result pages")
    first = headlines(page)
    assert len(first) == 5
    expect(pagination.locator("[aria-current=page]")).to_have_text("1")

    pagination.get_by_role("link", name="Next ›").click()
    wait_for_params(page, q="flood", page="2", page_size="5")
    second = headlines(page)
    assert len(second) == 5 and not set(second) & set(first)
    expect(page.locator("ol.hits")).to_have_attribute("start", "6")
    expect(pagination.locator("[aria-current=page]")).to_have_text("2")

    pagination.get_by_role("link", name=str(pages), exact=True).click()  # the last page
    wait_for_params(page, page=str(pages))
    assert len(headlines(page)) == count - 5 * (pages - 1)
    expect(pagination.get_by_role("link", name="Next ›")).to_have_count(0)

    pagination.get_by_role("link", name="‹ Previous").click()
    wait_for_params(page, page=str(pages - 1))
    expect(pagination.locator("[aria-current=page]")).to_have_text(str(pages - 1))
    pagination.get_by_role("link", name="1", exact=True).click()
    wait_for_params(page, page="")
    assert headlines(page) == first
    expect(pagination.get_by_role("link", name="‹ Previous")).to_have_count(0)


def test_open_an_article_and_follow_a_related_story(page: Page):
    page.goto("/?q=tram")
    link = page.locator(f"{HITS} h2 a").first
    headline = link.inner_text().strip()
    link.click()
    page.wait_for_url(re.compile(r"/article/[0-9a-f]+$"))

    expect(page.get_by_role("heading", level=1)).to_have_text(headline)
    expect(page).to_have_title(f"{headline} – newsearch")
    assert page.locator(".article .body p").count() >= 2
    related = page.get_by_role("region", name="Related stories").get_by_role("link")
    assert related.count() >= 1
    story = related.first.inner_text().strip()
    address = page.url
    related.first.click()
    page.wait_for_url(lambda url: url != address and "/article/" in url)
    expect(page.get_by_role("heading", level=1)).to_have_text(story)


@pytest.mark.parametrize("typo, word", [("glacer", "glacier"), ("wyrebrige", "wyrebridge")])
def test_follow_did_you_mean(page: Page, typo: str, word: str):
    page.goto("/")
    search_from_box(page, typo)
    assert total(page) == 0
    expect(page.locator("p.empty")).to_contain_text(f"No articles match “{typo}”")
    suggestion = page.locator("p.did-you-mean a")
    expect(suggestion).to_have_text(word)

    suggestion.click()
    wait_for_params(page, q=word)
    expect(page.locator("#q")).to_have_value(word)
    assert total(page) > 0
    assert all(word in h.lower() for h in headlines(page)[:2])
    expect(page.locator("p.did-you-mean")).to_have_count(0)


def test_back_button_restores_the_previous_results(page: Page):
    page.goto("/")
    search_from_box(page, "flood")
    flood_url, flood_hits = page.url, headlines(page)
    search_from_box(page, "tram")
    assert headlines(page) != flood_hits

    page.go_back()
    page.wait_for_url(flood_url)
    assert params(page) == {"q": "flood"}
    expect(page.locator("#q")).to_have_value("flood")
    expect(page.locator(f"{HITS} h2 a")).to_have_text(flood_hits)

    page.go_forward()
    wait_for_params(page, q="tram")
    expect(page.locator("#q")).to_have_value("tram")


def test_suggestions_as_you_type_then_arrow_down_and_enter(page: Page):
    page.goto("/")
    box = page.locator("#q")
    box.press_sequentially("tram")
    listbox = page.get_by_role("listbox", name="Matching headlines")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_contain_text("Tram extension to Bramwell approved")
    box_box, list_box = box.bounding_box(), listbox.bounding_box()
    assert list_box["y"] >= box_box["y"] + box_box["height"] - 1, "the list opens under the box"
    assert abs(list_box["x"] - box_box["x"]) < 2

    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "q-option-0")
    headline = options.first.evaluate("o => o.firstChild.textContent")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/article/[0-9a-f]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(headline)


def test_escape_closes_the_suggestions(page: Page):
    page.goto("/")
    box = page.locator("#q")
    box.press_sequentially("flo")
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("Enter")  # with the list closed, Enter searches for what was typed
    wait_for_params(page, q="flo")


@pytest.mark.parametrize("path", ["/?q=flood", "/help"])
def test_slash_focuses_the_search_box(page: Page, path: str):
    page.goto(path)
    box = page.locator("#q")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    expect(box).not_to_be_focused()
    page.keyboard.press("/")
    expect(box).to_be_focused()
    before = box.input_value()
    assert "/" not in before
    if before:  # the query is selected, so typing replaces it
        assert page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]") == [
            0,
            len(before),
        ]
    # typed into a field, "/" is just a character
    page.keyboard.type("a/b")
    expect(box).to_have_value("a/b")


def test_other_versions_open(page: Page):
    page.goto("/?q=tram")
    hit = page.locator(HITS).filter(has_text="Tram extension to Bramwell approved")
    details = hit.locator("details.versions")
    summary = details.locator("summary")
    expect(summary).to_have_text("1 other version")
    version = details.get_by_role("link")
    expect(version).to_be_hidden()

    summary.click()
    expect(details).to_have_attribute("open", "")
    expect(version).to_be_visible()
    expect(version).to_have_text("Tram extension to Bramwell approved")
    shown_source = details.locator("code").inner_text()
    assert shown_source in (LOW_GRAPHICS, WEST_MIDLANDS)

    hit.locator("h2 a").click()
    page.wait_for_url(re.compile(r"/article/"))
    leading_source = page.locator(".article footer code").inner_text()
    assert {leading_source, shown_source} == {LOW_GRAPHICS, WEST_MIDLANDS}
    page.go_back()
    page.locator(HITS).filter(has_text="Tram extension").locator("details.versions summary").click()
    version.click()
    page.wait_for_url(re.compile(r"/article/"))
    expect(page.locator(".article footer code")).to_have_text(shown_source)


def test_pick_a_year_then_a_month_on_the_timeline(page: Page):
    page.goto("/?q=flood")
    timeline = page.get_by_role("region", name="Matches by month")
    # fourteen years of months are an overview too fine to click: the years under it lead on
    assert timeline.locator(".overview[inert] .bars a").count() > 12
    timeline.locator(".years").get_by_role("link", name="2009", exact=True).click()
    wait_for_params(page, q="flood", **{"from": "2009-01-01", "to": "2009-12-31"})

    bars = page.get_by_role("region", name="Matches by month").locator(".bars a")
    assert 1 <= bars.count() <= 12
    assert page.locator(".overview").count() == 0
    label = bars.first.get_attribute("aria-label")  # "August 2009: 2 stories"
    bars.first.click()
    page.wait_for_url(lambda url: "from=2009-01-01" not in url and "from=2009-" in url)
    start = params(page)["from"]
    assert start.startswith("2009-") and start.endswith("-01")
    dates = hit_dates(page)
    assert dates and all(d[:7] == start[:7] for d in dates), dates
    assert total(page) == int(label.split(": ")[1].split()[0])
    expect(page.get_by_role("region", name="Matches by month").locator(".bars a.active")).to_have_attribute(
        "aria-label", label
    )
