"""extract_file over every page of the shared real data: only PageSkipped ever escapes, and
nearly every page gives an article with a headline and a body."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from indexer.errors import REASONS, PageSkipped
from indexer.extract import extract_file, is_supported
from search.model import Article

MIN_COMPLETE_SHARE = 0.99


def corpus_files(data: Path) -> dict[str, list[Path]]:
    """The page files of each collection (ground-truth files and notes left out)."""
    collections = {
        "msv-big9": sorted((data / "msv-big9" / "Extraction").glob("big5-*/html/*")),
        "l3s-gn1": sorted(data.glob("l3s-gn1/*/original/*")),
        "scrapinghub-aeb": sorted((data / "scrapinghub-aeb" / "html").glob("*")),
        "bbc-fulltext": sorted((data / "bbc-fulltext").glob("bbc/*/*")),
    }
    return {name: [p for p in paths if p.is_file() and is_supported(p)] for name, paths in collections.items()}


@pytest.fixture(scope="module")
def results(shared_data):
    files = corpus_files(shared_data)
    outcome: dict[Path, Article | PageSkipped] = {}
    started = time.perf_counter()
    for paths in files.values():
        for path in paths:
            try:
                outcome[path] = extract_file(path, shared_data)
            except PageSkipped as skipped:
                outcome[path] = skipped
            # anything else propagates and fails the test run
    elapsed = time.perf_counter() - started
    return files, outcome, elapsed


def test_collections_are_all_there(results):
    files, _, _ = results
    counts = {name: len(paths) for name, paths in files.items()}
    assert counts["msv-big9"] == 270
    assert counts["l3s-gn1"] == 610
    assert counts["scrapinghub-aeb"] == 181
    assert counts["bbc-fulltext"] == 2225
    assert sum(counts.values()) > 3000


def test_only_page_skipped_and_nearly_all_complete(results):
    files, outcome, elapsed = results
    total = sum(len(paths) for paths in files.values())
    assert len(outcome) == total
    complete = [a for a in outcome.values() if isinstance(a, Article) and a.headline and a.body]
    skipped = Counter(s.reason for s in outcome.values() if isinstance(s, PageSkipped))
    assert set(skipped) <= set(REASONS), skipped
    share = len(complete) / total
    print(
        f"\n{total} files in {elapsed:.1f}s ({1000 * elapsed / total:.1f} ms/file); "
        f"{share:.2%} complete; skipped: {dict(skipped)}"
    )
    assert share >= MIN_COMPLETE_SHARE


def test_each_collection_is_nearly_complete(results):
    files, outcome, _ = results
    for name, paths in files.items():
        complete = sum(1 for p in paths if isinstance(outcome[p], Article) and outcome[p].headline and outcome[p].body)
        assert complete >= 0.97 * len(paths), (name, complete, len(paths))


def test_article_fields_are_well_formed(results, shared_data):
    _, outcome, _ = results
    for path, article in outcome.items():
        if not isinstance(article, Article):
            continue
        assert article.source == path.relative_to(shared_data).as_posix()
        assert article.date is None or article.date.utcoffset().total_seconds() == 0
        assert "archive.org" not in article.url, (path, article.url)
        assert article.url == "" or article.url.startswith(("http://", "https://")), (path, article.url)
        assert article.headline == article.headline.strip() and "\n" not in article.headline
        assert "\x00" not in article.body
        assert all(p == p.strip() and p for p in article.body.split("\n\n")) if article.body else True


def test_text_articles_keep_their_folder_as_region(results, shared_data):
    files, outcome, _ = results
    regions = Counter(outcome[p].region for p in files["bbc-fulltext"] if isinstance(outcome[p], Article))
    assert set(regions) == {"business", "entertainment", "politics", "sport", "tech"}
    assert all(outcome[p].date is None for p in files["bbc-fulltext"] if isinstance(outcome[p], Article))


def test_most_html_pages_have_a_date_and_wayback_pages_an_original_url(results):
    files, outcome, _ = results
    msv = [outcome[p] for p in files["msv-big9"] if isinstance(outcome[p], Article)]
    assert sum(1 for a in msv if a.url) >= 0.9 * len(msv)
    assert sum(1 for a in msv if a.date) >= 0.8 * len(msv)
