"""A reindex over a folder of hostile files beside good pages (see bench/hostile_corpus.py):
no crash, no hang, bounded memory, a reason for every skip, and the good pages indexed."""

from __future__ import annotations

import json

import pytest

from bench.hostile_corpus import GOOD_PAGES, INDEXED, build_hostile_corpus, run_reindex
from indexer.errors import REASONS
from search.model import SearchRequest
from tests.engines import engine_at

MEMORY_BOUND = 1024**3
"""The reindex and each of its workers stay under 1 GB (a page of tags alone took 2.7 GB before)."""


@pytest.mark.timeout(900)
def test_a_reindex_of_hostile_files_skips_each_with_its_reason(tmp_path):
    corpus = tmp_path / "corpus"
    expected = build_hostile_corpus(corpus)
    report_path = tmp_path / "report.json"
    _, peak_rss, result = run_reindex(corpus, tmp_path / "index", report_path, timeout=600)
    assert result.returncode == 0, result.stderr
    assert peak_rss < MEMORY_BOUND

    report = json.loads(report_path.read_text(encoding="utf-8"))
    skipped = {entry["source"]: entry for entry in report["skipped_files"]}
    assert all(
        entry["reason"] in REASONS and entry["detail"]
        for entry in skipped.values()
        if entry["reason"] not in ("unsupported-type",)
    )
    outcomes = {source: skipped[source]["reason"] if source in skipped else INDEXED for source in expected}
    assert {s: o for s, o in outcomes.items() if o not in expected[s]} == {}
    assert set(skipped) <= set(expected)
    assert report["indexed"] == sum(outcome == INDEXED for outcome in outcomes.values())

    index = engine_at(tmp_path / "index")
    assert index.doc_count() == report["indexed"]
    found = index.search(SearchRequest(q="inquiry", page_size=100))
    sources = {hit.source for hit in found.hits}
    assert {f"good/story-{n:02}.html" for n in range(GOOD_PAGES)} <= sources
    assert {"nasty/caf\\xe9-\\xff.html", "nasty/two\nlines.html", "nasty/attributes.html"} <= sources
    assert index.search(SearchRequest(q="root")).total == 0  # /etc/passwd was not followed
