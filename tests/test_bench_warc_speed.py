"""bench/warc_speed.py: the test archives it reads, the loose and WARC copies of the same pages, its tables."""

from __future__ import annotations

import gzip
import shutil

from bench import warc_speed
from bench.warc_files import CORPUS
from indexer.archives import ArchiveRecord, read_archive


def test_the_test_archives_give_what_the_tests_expect(tmp_path):
    rows = warc_speed.read_test_archives(tmp_path)
    whole = rows["plain .warc"]
    assert whole["indexed"] > 10 and whole["skipped"] == {
        "not-response": 3,
        "revisit": 1,
        "not-html": 1,
        "http-status": 1,
    }
    for name in ("gzip per record", "WACZ", "whole-file gzip"):
        assert rows[name] == whole, name
    assert rows["truncated .warc.gz"]["skipped"]["bad-gzip"] == 1
    assert rows["corrupt record in the middle"]["indexed"] == whole["indexed"] - 1
    assert rows["wrong Content-Length"]["skipped"]["corrupt-record"] == 1
    assert "truncated .warc.gz" in warc_speed.test_archives_table(rows)


def test_the_warc_holds_the_same_pages_as_the_loose_copy(tmp_path):
    root = tmp_path / "pages"
    (root / "a").mkdir(parents=True)
    shutil.copyfile(CORPUS / "plain" / "glenmurran-flood-appeal.htm", root / "a" / "flood.htm")
    (root / "story.html.gz").write_bytes(gzip.compress(b"<html><h1>Ferry</h1><p>The ferry sails again.</p></html>"))
    (root / "notes.txt").write_text("Not a page\n\nplain text", encoding="utf-8")
    loose, warc, pages = warc_speed.as_loose_and_warc(root, tmp_path / "out")
    assert pages == 2
    assert sorted(p.relative_to(loose).as_posix() for p in loose.rglob("*") if p.is_file()) == [
        "a/flood.htm",
        "story.html.gz",
    ]
    records = [item for item in read_archive(warc / "crawl.warc.gz", "crawl.warc.gz")]
    payloads = [item.payload for item in records if isinstance(item, ArchiveRecord)]
    assert payloads == [(root / "a" / "flood.htm").read_bytes(), gzip.decompress((root / "story.html.gz").read_bytes())]
    assert len(records) == 4  # a request before each response


def test_a_reindex_of_each_copy_is_measured_and_tabled(tmp_path):
    root = tmp_path / "pages"
    root.mkdir()
    for page in sorted((CORPUS / "plain").iterdir())[:3]:
        shutil.copyfile(page, root / page.name)
    run = warc_speed.compare("tiny", root, tmp_path, workers=0)
    assert run["pages"] == run["loose"]["indexed"] == run["warc"]["indexed"] == 3
    assert run["warc"]["records"] == 6 and run["warc"]["skipped"] == {"not-response": 3}
    assert "tiny" in warc_speed.speed_table({"tiny": run})


def test_the_big_warc_is_the_sample_pages_repeated(tmp_path):
    path = tmp_path / "big.warc.gz"
    repeats = warc_speed.big_warc(path, 1)
    pages = sum(isinstance(item, ArchiveRecord) for item in read_archive(path, "big.warc.gz"))
    assert pages == repeats * len(warc_speed.html_pages(CORPUS))
