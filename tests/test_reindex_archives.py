"""Web archives end to end: reindexing WARC and WACZ files (incrementally, by archive), the articles
they give, their captures grouped as versions, the article page's capture link, and ``extract``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

import indexer.reindex
from bench.warc_files import Capture, corpus_pages, page_captures, write_wacz, write_warc
from indexer.reindex import reindex
from search.model import SearchRequest, document_id
from tests.engines import config_at, engine_at
from web import create_app
from web.cli import cli

PAGES = corpus_pages(count=6)
NOT_PAGES = [
    Capture("http://www.dailyherald.example/", kind="request"),
    Capture("http://www.dailyherald.example/again.html", kind="revisit"),
    Capture("http://www.dailyherald.example/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
    Capture("http://www.dailyherald.example/gone.html", b"<html><p>Not found</p></html>", status="404 Not Found"),
]
UNDATED = (
    b"<!DOCTYPE html><html><head><title>Quarry plan rejected</title></head><body><article>"
    b"<h1>Quarry plan rejected after long inquiry</h1>"
    b"<p>Planning inspectors have rejected a proposal to reopen the limestone quarry above the village.</p>"
    b"<p>Residents had campaigned for three years against the lorries the quarry would have brought.</p>"
    b"</article></body></html>"
)


def _search(index: Path, q: str):
    return engine_at(index).search(SearchRequest(q=q))


def _sources(index: Path) -> set[str]:
    engine = engine_at(index)
    try:
        return set(engine.fingerprints())
    finally:
        engine.close()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A loose page, and a .warc.gz of three pages among records that are not pages."""
    root = tmp_path / "corpus"
    (root / "crawls").mkdir(parents=True)
    (root / "loose.html").write_bytes(PAGES[5].read_bytes())
    write_warc(root / "crawls" / "herald.warc.gz", [NOT_PAGES[0], *page_captures(PAGES[:3]), *NOT_PAGES[1:]], gzip=True)
    return root


def test_an_archive_is_indexed_beside_loose_pages(corpus, tmp_path):
    index = tmp_path / "index"
    report = reindex([corpus], config_at(index), workers=0)
    assert (report.seen, report.archives, report.records, report.indexed) == (8, 1, 7, 4)
    assert report.skipped_by_reason == {"not-response": 1, "revisit": 1, "not-html": 1, "http-status": 1}
    hit = _search(index, '"Nakasuge"').hits[0]
    assert hit.source.startswith("crawls/herald.warc.gz#")
    assert hit.url == "http://www.dailyherald.example/dailyherald/asia-pacific/nakasuge-young-mayor.html"
    assert _search(index, "Wyrebridge school").hits[0].source == "loose.html"


def test_records_go_through_the_worker_pool_as_they_do_in_process(corpus, tmp_path):
    in_process = reindex([corpus], config_at(tmp_path / "one"), workers=0)
    pooled = reindex([corpus], config_at(tmp_path / "two"), workers=2)
    assert pooled.summary() | {"elapsed_s": 0, "pages_per_s": 0} == in_process.summary() | {
        "elapsed_s": 0,
        "pages_per_s": 0,
    }
    assert _sources(tmp_path / "one") == _sources(tmp_path / "two")


def test_an_unchanged_archive_is_not_read_again_and_keeps_its_articles(corpus, tmp_path, monkeypatch):
    index = tmp_path / "index"
    reindex([corpus], config_at(index), workers=0)
    before = _sources(index)

    def must_not_read(*args, **kwargs):
        raise AssertionError("an unchanged archive was read")

    monkeypatch.setattr(indexer.reindex, "read_archive", must_not_read)
    again = reindex([corpus], config_at(index), workers=0)
    assert (again.seen, again.records, again.indexed, again.unchanged, again.removed) == (4, 0, 0, 4, 0)
    assert _sources(index) == before


def test_a_changed_archive_is_read_again_and_records_no_longer_in_it_are_removed(corpus, tmp_path):
    index = tmp_path / "index"
    warc = corpus / "crawls" / "herald.warc.gz"
    old = {f"crawls/herald.warc.gz#{offset}" for offset in write_warc(warc, page_captures(PAGES[:3]), gzip=True)}
    reindex([corpus], config_at(index), workers=0)
    new = {
        f"crawls/herald.warc.gz#{offset}" for offset in write_warc(warc, page_captures([PAGES[0], PAGES[2]]), gzip=True)
    }  # the middle capture is gone
    report = reindex([corpus], config_at(index), workers=0)
    assert (report.records, report.indexed, report.unchanged) == (2, 2, 1)
    assert report.removed == len(old - new) >= 1
    assert _search(index, "Millbrook").total == 0
    assert _sources(index) == new | {"loose.html"}


def test_records_appended_to_an_archive_are_added_and_the_others_keep_their_sources(corpus, tmp_path):
    index = tmp_path / "index"
    warc = corpus / "crawls" / "herald.warc.gz"
    write_warc(warc, page_captures(PAGES[:2]), gzip=True)
    reindex([corpus], config_at(index), workers=0)
    before = _sources(index)
    more = tmp_path / "more.warc.gz"
    write_warc(more, page_captures(PAGES[2:4]), gzip=True)
    with warc.open("ab") as crawl:  # as a crawler goes on writing its WARC
        crawl.write(more.read_bytes())
    report = reindex([corpus], config_at(index), workers=0)
    assert (report.indexed, report.removed) == (4, 0)
    assert before < _sources(index) and len(_sources(index) - before) == 2


def test_a_removed_archive_takes_its_articles_along(corpus, tmp_path):
    index = tmp_path / "index"
    reindex([corpus], config_at(index), workers=0)
    (corpus / "crawls" / "herald.warc.gz").unlink()
    report = reindex([corpus], config_at(index), workers=0)
    assert report.removed == 3
    assert _sources(index) == {"loose.html"}


@pytest.mark.parametrize("mode", [{}, {"full": True}], ids=["incremental", "full"])
def test_an_archive_that_cannot_be_read_now_keeps_its_articles(corpus, tmp_path, mode):
    index = tmp_path / "index"
    reindex([corpus], config_at(index), workers=0)
    before = _sources(index)
    warc = corpus / "crawls" / "herald.warc.gz"
    warc.unlink()
    warc.symlink_to(tmp_path / "on-a-disk-not-mounted.warc.gz")  # a dangling link: unreadable, not gone
    report = reindex([corpus], config_at(index), workers=0, **mode)
    assert report.skipped_by_reason == {"unreadable": 1}
    assert _sources(index) == before


def test_damaged_records_are_skipped_and_the_rest_indexed(corpus, tmp_path):
    warc = corpus / "crawls" / "herald.warc.gz"
    offsets = write_warc(warc, page_captures(PAGES[:5]), gzip=True)
    data = bytearray(warc.read_bytes())
    data[offsets[1] + 300 : offsets[1] + 340] = bytes(40)  # a corrupt gzip member
    warc.write_bytes(bytes(data[: offsets[4] + 500]))  # and the last one cut short
    report = reindex([corpus], config_at(tmp_path / "index"), workers=2)
    assert report.skipped_by_reason == {"bad-gzip": 2}
    assert report.indexed == 1 + 3


def test_a_wacz_is_indexed_and_its_sources_name_the_warc_inside(corpus, tmp_path):
    warc = tmp_path / "data.warc.gz"
    offsets = write_warc(warc, page_captures(PAGES[3:5]), gzip=True)
    write_wacz(corpus / "crawls" / "recorded.wacz", {"data.warc.gz": warc.read_bytes()})
    index = tmp_path / "index"
    report = reindex([corpus], config_at(index), workers=0)
    assert report.archives == 2 and report.indexed == 6
    assert {f"crawls/recorded.wacz#archive/data.warc.gz#{offset}" for offset in offsets} <= _sources(index)
    again = reindex([corpus], config_at(index), workers=0)
    assert (again.records, again.unchanged) == (0, 6)


# -- what the articles say ------------------------------------------------------------------------


def test_captures_of_one_page_group_as_versions_of_its_story(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    page = PAGES[4].read_bytes()
    url = "http://www.dailyherald.example/business/castlegate-bank-branch-closures"
    write_warc(
        root / "crawl.warc.gz",
        [
            Capture(url, page, date="2018-04-18T06:00:00Z"),
            Capture(url, page.replace(b"</p>", b" Updated.</p>", 1), date="2018-04-19T06:00:00Z"),
            Capture(f"https://web.archive.org/web/20180420060000/{url}", page, date="2024-01-01T00:00:00Z"),
            *page_captures(PAGES[:1]),
        ],
        gzip=True,
    )
    index = tmp_path / "index"
    reindex([root], config_at(index), workers=0)
    response = _search(index, '"Castlegate Bank"')
    assert response.total == 1
    [hit] = response.hits
    assert len(hit.versions) == 2
    assert _search(index, '"Cape Harrow"').hits[0].versions == []


def test_the_capture_time_is_the_date_only_when_the_page_gives_none(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    write_warc(
        root / "crawl.warc",
        [
            Capture("http://local.example/quarry", UNDATED, date="2011-07-04T12:30:00Z"),
            Capture("http://www.dailyherald.example/bank", PAGES[4].read_bytes(), date="2019-01-01T00:00:00Z"),
            Capture("http://www.dailyherald.example/bank-early", PAGES[4].read_bytes(), date="2015-01-01T00:00:00Z"),
        ],
        gzip=False,
    )
    index = tmp_path / "index"
    reindex([root], config_at(index), workers=0)
    dates = {
        hit.url.rsplit("/", 1)[1]: hit.date
        for hit in _search(index, "quarry OR bank").hits
        + [version for hit in _search(index, "bank").hits for version in hit.versions]
    }
    assert dates["quarry"] == datetime(2011, 7, 4, 12, 30, tzinfo=UTC)  # the page gives none
    assert dates["bank"] == datetime(2018, 4, 17, 10, 30, tzinfo=UTC)  # the page's own
    assert dates["bank-early"] != datetime(2018, 4, 17, 10, 30, tzinfo=UTC)  # no page is dated after its capture


def test_the_http_charset_decodes_the_page(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    text = UNDATED.decode().replace("limestone quarry", "limestone quarry at Sobyanin (Собянин)")
    write_warc(
        root / "crawl.warc",
        [
            Capture(
                "http://local.example/quarry",
                text.encode("windows-1251"),
                content_type="text/html; charset=windows-1251",
            ),
        ],
        gzip=False,
    )
    index = tmp_path / "index"
    reindex([root], config_at(index), workers=0)
    assert "Sobyanin (Собянин)" in _search(index, "quarry").hits[0].snippet_html


WAYBACK = "https://web.archive.org/web/20090310071118/http://news.bbc.co.uk/1/hi/world/americas/4337120.stm"


@pytest.fixture()
def wayback_index(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    write_warc(root / "wayback.warc.gz", [Capture(WAYBACK, UNDATED, date="2024-05-01T00:00:00Z")], gzip=True)
    index = tmp_path / "index"
    reindex([root], config_at(index), workers=0)
    return index


def test_a_wayback_record_is_the_original_page_captured_at_its_timestamp(wayback_index):
    stored = engine_at(wayback_index).article(document_id("wayback.warc.gz#0"))
    assert stored is not None
    assert stored.article.url == "http://news.bbc.co.uk/1/hi/world/americas/4337120.stm"
    assert stored.article.capture_url == WAYBACK
    assert stored.article.date == datetime(2009, 3, 10, 7, 11, 18, tzinfo=UTC)


def test_the_article_page_links_the_original_and_the_capture(wayback_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(wayback_index)}).test_client()
    page = client.get(f"/article/{document_id('wayback.warc.gz#0')}").get_data(as_text=True)
    assert (
        '<a href="http://news.bbc.co.uk/1/hi/world/americas/4337120.stm" rel="noopener noreferrer nofollow">'
        "Original page</a>"
    ) in page
    assert f'<a href="{WAYBACK}" rel="noopener noreferrer nofollow">Archived capture</a>' in page
    api = client.get(f"/api/article/{document_id('wayback.warc.gz#0')}").get_json()
    assert api["capture_url"] == WAYBACK


# -- the command line ----------------------------------------------------------------------------


def test_extract_prints_a_line_per_page_of_an_archive_and_lists_the_rest(corpus, runner, monkeypatch):
    monkeypatch.chdir(corpus)
    result = runner.invoke(cli, ["extract", "crawls/herald.warc.gz"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source"].split("#")[0] for line in lines] == ["crawls/herald.warc.gz"] * 3
    assert [line["headline"].split()[0] for line in lines] == ["Cod", "Canadian", "Japanese"]
    reasons = [line.split("skipped (")[1].split(")")[0] for line in result.stderr.splitlines()]
    assert reasons == ["not-response", "revisit", "not-html", "http-status"]


def test_extract_fails_on_a_damaged_record_but_prints_the_others(corpus, runner):
    warc = corpus / "crawls" / "herald.warc"
    offsets = write_warc(warc, page_captures(PAGES[:3]), gzip=False)
    warc.write_bytes(warc.read_bytes()[: offsets[2] + 900])
    result = runner.invoke(cli, ["extract", str(warc)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert f"#{offsets[2]}: skipped (corrupt-record)" in result.stderr


def test_reindex_reports_the_archives_and_records_read(corpus, runner, tmp_path):
    result = runner.invoke(cli, ["reindex", str(corpus), "--index", str(tmp_path / "index"), "--workers", "0"])
    assert result.exit_code == 0, result.output
    assert "in 1 web archives, 7 records read" in result.output
    assert "revisit" in result.output and "http-status" in result.output
