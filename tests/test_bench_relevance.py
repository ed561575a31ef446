"""The relevance benchmark: its metrics, its engine adapters, and the known-item query set."""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from bench import relevance as rel
from bench.relevance import KnownItem

SETS = ("msv-big9", "l3s-gn1", "scrapinghub-aeb", "bbc-fulltext")
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


# --------------------------------------------------------------------------- metrics


def test_first_correct_rank_is_one_based_position_of_first_correct_hit():
    ranked = ["a", "b", "c", "d"]
    assert rel.first_correct_rank(ranked, {"a"}) == 1
    assert rel.first_correct_rank(ranked, {"c"}) == 3
    assert rel.first_correct_rank(ranked, {"d", "b"}) == 2
    assert rel.first_correct_rank(ranked, {"x"}) is None
    assert rel.first_correct_rank([], {"a"}) is None


def test_an_exact_duplicate_counts_as_correct():
    item = KnownItem(query="q w", source="set/target.txt", also_correct=("set/copy.txt",))
    assert item.correct == {"set/target.txt", "set/copy.txt"}
    assert rel.first_correct_rank(["set/other.txt", "set/copy.txt", "set/target.txt"], item.correct) == 2


def test_a_hit_below_the_cutoff_is_a_miss_worth_zero():
    ranked = [f"doc{i}" for i in range(1, 21)]
    assert rel.first_correct_rank(ranked, {"doc11"}) is None
    assert rel.first_correct_rank(ranked, {"doc11"}, k=20) == 11
    assert rel.reciprocal_rank(None) == 0.0
    assert rel.reciprocal_rank(11) == 0.0
    assert rel.reciprocal_rank(10) == pytest.approx(0.1)


def test_mrr_and_success_from_known_ranks():
    summary = rel.summarize([1, 2, None, 5, 10])
    assert summary["n"] == 5
    assert summary["mrr"] == pytest.approx((1 + 1 / 2 + 0 + 1 / 5 + 1 / 10) / 5)
    assert summary["success_1"] == pytest.approx(1 / 5)
    assert summary["success_k"] == pytest.approx(4 / 5)


def test_all_misses_score_zero_and_no_queries_is_not_an_error():
    assert rel.summarize([None, None])["mrr"] == 0.0
    assert rel.summarize([None, None])["success_k"] == 0.0
    assert rel.summarize([])["n"] == 0


def test_query_time_median_and_nearest_rank_p95():
    times = [float(t) for t in range(1, 21)]  # 1..20 ms
    summary = rel.summarize([1] * 20, times)
    assert summary["median_ms"] == pytest.approx(10.5)
    assert summary["p95_ms"] == 19.0
    assert rel.percentile([5.0], 95) == 5.0
    assert rel.percentile([], 95) == 0.0


def test_run_engine_records_rank_time_and_top_hits():
    class Fixed(rel.Engine):
        name = "fixed"

        def search(self, item):
            return {"first": ["t1", "x"], "second": ["x", "y", "copy2"], "third": ["x"]}[item.query]

    items = [KnownItem("first", "t1"), KnownItem("second", "t2", ("copy2",)), KnownItem("third", "t3")]
    results = [rel.QueryResult(item) for item in items]
    rel.run_engine(Fixed(), items, results)
    assert [r.ranks["fixed"] for r in results] == [1, 3, None]
    assert results[1].top["fixed"] == ["x", "y", "copy2"]
    assert all(r.times_ms["fixed"] >= 0 for r in results)
    table = rel.summaries(results, ["fixed"])
    assert table["fixed"]["all"]["mrr"] == pytest.approx((1 + 1 / 3 + 0) / 3)


def test_loading_rejects_a_malformed_tsv(tmp_path: Path):
    bad_header = tmp_path / "bad.tsv"
    bad_header.write_text("query\tsource\nflood\tx.txt\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        rel.load_known_items(bad_header)
    bad_row = tmp_path / "row.tsv"
    bad_row.write_text("\t".join(rel.TSV_COLUMNS) + "\nflood\tx.txt\t\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":2:"):
        rel.load_known_items(bad_row)
    bad_date = tmp_path / "date.tsv"
    bad_date.write_text("\t".join(rel.TSV_COLUMNS) + "\nflood\tx.txt\t\t2009-13-01\t\t\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":2:"):
        rel.load_known_items(bad_date)


# --------------------------------------------------------------------------- engine adapters


def _sample_items() -> dict[str, KnownItem]:
    return {
        "plain": KnownItem("flood worcester", "west-midlands/flood-defences.html"),
        "stemmed": KnownItem("glaciers retreating", "science/glacier-retreat.html"),
        "wrong region": KnownItem("flood worcester", "west-midlands/flood-defences.html", region="europe"),
        "region": KnownItem("tram line", "west-midlands/tram-line.html", region="WEST  midlands"),
        "dates": KnownItem(
            "ministers", "europe/fishing-quotas.html", date_from=date(2005, 12, 20), date_to=date(2005, 12, 20)
        ),
        "outside dates": KnownItem("ministers", "europe/fishing-quotas.html", date_from=date(2005, 12, 21)),
        "syntax": KnownItem('"flood (worcester: ^ -', "west-midlands/flood-defences.html"),
        "no words": KnownItem("!!! ---", "x"),
        "any word": KnownItem("flood zeppelin", "west-midlands/flood-defences.html"),
    }


@pytest.mark.parametrize("engine_name", ["sqlite-fts5", "tantivy"])
def test_peer_adapters_search_stem_and_filter(engine_name, sample_articles, tmp_path: Path):
    engine = rel.ENGINES[engine_name]()
    engine.build(sample_articles, tmp_path)
    items = _sample_items()
    try:
        assert engine.search(items["plain"])[0] == "west-midlands/flood-defences.html"
        assert engine.search(items["stemmed"]) == ["science/glacier-retreat.html"]
        assert engine.search(items["wrong region"]) == []
        assert engine.search(items["region"]) == ["west-midlands/tram-line.html"]
        assert engine.search(items["dates"]) == ["europe/fishing-quotas.html"]
        assert engine.search(items["outside dates"]) == []
        assert engine.search(items["syntax"])[0] == "west-midlands/flood-defences.html"
        assert engine.search(items["no words"]) == []
        assert engine.search(items["any word"]) == []  # all words are required
    finally:
        engine.close()


@pytest.mark.parametrize("engine_name", ["sqlite-fts5+or", "tantivy+or"])
def test_or_variants_fall_back_to_any_word(engine_name, sample_articles, tmp_path: Path):
    engine = rel.ENGINES[engine_name]()
    engine.build(sample_articles, tmp_path)
    try:
        assert engine.search(_sample_items()["any word"])[0] == "west-midlands/flood-defences.html"
        assert engine.search(_sample_items()["wrong region"]) == []  # filters still apply
    finally:
        engine.close()


def test_newsearch_adapter_returns_sources(sample_articles, tmp_path: Path):
    engine = rel.NewsearchEngine()
    engine.build(sample_articles, tmp_path)
    items = _sample_items()
    assert engine.search(items["plain"])[0] == "west-midlands/flood-defences.html"
    assert engine.search(items["wrong region"]) == []
    assert engine.search(items["dates"]) == ["europe/fishing-quotas.html"]


def test_the_bench_does_not_import_tantivy_at_module_level():
    source = Path(rel.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^(import tantivy|from tantivy)", source, re.MULTILINE)


# --------------------------------------------------------------------------- the query set


@pytest.fixture(scope="module")
def items() -> list[KnownItem]:
    return rel.load_known_items(rel.DEFAULT_QUERIES)


def test_the_tsv_has_the_columns_and_at_least_90_queries(items):
    with open(rel.DEFAULT_QUERIES, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert tuple(rows[0]) == rel.TSV_COLUMNS
    assert all(len(row) == len(rel.TSV_COLUMNS) for row in rows[1:])
    assert len(items) >= 90


def test_queries_are_two_to_six_words_and_unique(items):
    for item in items:
        assert 2 <= len(item.query.split()) <= 6, item.query
        assert item.note, f"{item.query!r} has no note of what the reader remembers"
    counts = Counter(item.query.lower() for item in items)
    assert [q for q, n in counts.items() if n > 1] == []


def test_every_data_set_has_at_least_15_queries(items):
    per_set = Counter(item.data_set for item in items)
    assert set(per_set) == set(SETS), per_set
    assert all(per_set[s] >= 15 for s in SETS), per_set


def test_at_least_12_queries_have_a_date_or_region_filter(items):
    filtered = [item for item in items if item.has_filter]
    assert len(filtered) >= 12
    for item in filtered:
        if item.date_from and item.date_to:
            assert item.date_from <= item.date_to, item.query


def test_every_source_exists_under_the_shared_data(items, shared_data: Path):
    missing = [p for item in items for p in (item.source, *item.also_correct) if not (shared_data / p).is_file()]
    assert missing == []
    assert all(item.source not in item.also_correct for item in items)


def test_bbc_fulltext_duplicates_are_exactly_the_files_with_the_same_content(items, shared_data: Path):
    by_hash: dict[str, set[str]] = defaultdict(set)
    for path in (shared_data / "bbc-fulltext").rglob("*.txt"):
        if path.parent.parent.name == "bbc":
            by_hash[hashlib.sha256(path.read_bytes()).hexdigest()].add(path.relative_to(shared_data).as_posix())
    for item in items:
        if item.data_set != "bbc-fulltext":
            continue
        digest = hashlib.sha256((shared_data / item.source).read_bytes()).hexdigest()
        assert set(item.also_correct) == by_hash[digest] - {item.source}, item.query


def _manifest_sections(shared_data: Path) -> dict[str, str]:
    """msv-big9 html path (relative to the data dir) → BBC meta Section ('' for other sites)."""
    sections = {}
    with open(shared_data / "msv-big9" / "MANIFEST.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            sections["msv-big9/Extraction/" + row["html_path(relative to Extraction/)"]] = (
                row.get("bbc_meta_Section") or ""
            )
    return sections


def test_regions_are_only_set_where_the_region_is_known(items, shared_data: Path):
    sections = _manifest_sections(shared_data)
    for item in items:
        if not item.region:
            continue
        if item.data_set == "bbc-fulltext":
            assert item.region == Path(item.source).parent.name, item.query
        elif item.data_set == "msv-big9":
            assert sections.get(item.source), f"{item.query!r}: region on a page with no BBC Section"
            assert item.region == sections[item.source], item.query
        else:
            pytest.fail(f"{item.query!r}: {item.data_set} has no known region")


def _gold_headline(shared_data: Path, source: str) -> str:
    path = shared_data / source
    if source.startswith("msv-big9/"):
        gold = path.parent.parent / "gold" / (path.stem + ".txt")
        return gold.read_bytes().decode("cp1252", errors="replace").split("\n", 1)[0]
    if source.startswith("bbc-fulltext/"):
        return path.read_bytes().decode("utf-8", errors="replace").split("\n", 1)[0]
    if source.startswith("l3s-gn1/"):
        import lxml.html

        annotated = path.parent.parent / "annotated" / path.name
        tree = lxml.html.fromstring(annotated.read_text(encoding="utf-8", errors="replace"))
        return " ".join(e.text_content() for e in tree.xpath('//span[contains(@class, "x-nc-sel1")]'))
    return ""  # scrapinghub-aeb has no headline in its ground truth


def _is_contiguous_run(needle: list[str], haystack: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def test_no_query_is_its_documents_headline_or_a_run_of_it(items, shared_data: Path):
    """Queries paraphrase: neither the headline nor its words taken in order (gold and extracted headline)."""
    from indexer.extract import extract_file

    offenders = []
    for item in items:
        headlines = [
            _gold_headline(shared_data, item.source),
            extract_file(shared_data / item.source, shared_data).headline,
        ]
        query_words = _words(item.query)
        for headline in filter(None, headlines):
            if " ".join(item.query.lower().split()) == " ".join(headline.lower().split()) or _is_contiguous_run(
                query_words, _words(headline)
            ):
                offenders.append((item.query, headline))
    assert offenders == []


def test_the_default_data_dir_follows_the_environment(monkeypatch, tmp_path: Path):
    monkeypatch.setenv(rel.DATA_ENV_VAR, str(tmp_path))
    assert rel.default_data_dir() == tmp_path
    monkeypatch.delenv(rel.DATA_ENV_VAR)
    assert rel.default_data_dir() == rel.PROJECT_ROOT.parent / "shared" / "data"


def test_document_paths_are_the_pages_not_the_ground_truth(shared_data: Path):
    sources = {p.relative_to(shared_data).as_posix() for p in rel.document_paths(shared_data)}
    assert Counter(rel.data_set_of(s) for s in sources) == {
        "msv-big9": 270,
        "l3s-gn1": 610,
        "scrapinghub-aeb": 181,
        "bbc-fulltext": 2225,
    }
    assert not any("/gold/" in s or "/annotated/" in s or s.endswith("README.TXT") for s in sources)
