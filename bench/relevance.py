"""Known-item relevance benchmark: newsearch against SQLite FTS5 and tantivy on the same documents.

    python bench/relevance.py [--data DIR] [--json OUT] [--queries TSV] [--engines LIST] [--details]

Every page of the four real data sets under ``--data`` (default ``$NEWSEARCH_SHARED_DATA``, else
``../shared/data`` beside the project) is extracted once with ``indexer.extract.extract_file`` in a
process pool; the same articles are indexed by every engine (in a temporary directory, nothing is
written to the repository) and every engine answers the same known-item queries
(``bench/data/known_items.tsv``) with the same filters.  A query's answer is correct when a hit's
``source`` is the query's ``source`` or one of its ``also_correct`` paths (exact duplicates).

Metrics (per engine, over all queries and per data set), with ``rank`` the 1-based position of the
first correct hit among the top ``K = 10`` (no rank when none of the ten is correct):

    MRR@10     mean over the queries of 1/rank (0 when no rank)
    success@1  share of the queries whose first hit is correct
    success@10 share of the queries with a correct hit in the top ten
    median ms, p95 ms   wall-clock time of the engine's search call (nearest-rank percentiles)

Per-query ranks, times and the top three sources of every engine go to ``--json`` (default
``bench/results/relevance.json``, git-ignored) so that a loss can be pinned to a query.

The peers are development-only: ``sqlite3`` is the standard library, ``tantivy`` is imported only
here (``pip install tantivy``).  See bench/README.md for their exact configuration.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as dtime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script: make indexer/ and search/ importable
    sys.path.insert(0, str(PROJECT_ROOT))

from bench.shared_data import DATA_ENV_VAR, shared_data_dir
from bench.timing import percentile

DEFAULT_QUERIES = PROJECT_ROOT / "bench" / "data" / "known_items.tsv"
DEFAULT_JSON = PROJECT_ROOT / "bench" / "results" / "relevance.json"
K = 10
WORKERS = 2

# The pages of each data set (relative to the data dir); ground truth (gold/, annotated/,
# ground-truth.json) and the sets' README/notes are not documents.
DATA_SETS: dict[str, tuple[str, ...]] = {
    "msv-big9": ("msv-big9/Extraction/*/html/*",),
    "l3s-gn1": ("l3s-gn1/*/original/*",),
    "scrapinghub-aeb": ("scrapinghub-aeb/html/*",),
    "bbc-fulltext": ("bbc-fulltext/bbc/*/*.txt",),
}

TSV_COLUMNS = ("query", "source", "also_correct", "from", "to", "region", "note")
VAGUE_PREFIX = "vague:"

# Peer configuration (documented in bench/README.md).
FTS5_TOKENIZER = "porter unicode61"
HEADLINE_WEIGHT = 2.0
BODY_WEIGHT = 1.0
TANTIVY_TOKENIZER = "en_stem"

_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class KnownItem:
    """One known-item query: the words, the one article meant, and the filters the reader set."""

    query: str
    source: str
    also_correct: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    region: str = ""
    note: str = ""

    @property
    def data_set(self) -> str:
        return data_set_of(self.source)

    @property
    def correct(self) -> frozenset[str]:
        return frozenset((self.source, *self.also_correct))

    @property
    def has_filter(self) -> bool:
        return bool(self.date_from or self.date_to or self.region)

    @property
    def vague(self) -> bool:
        """A gist-only query without rare names (its note starts with ``vague:``)."""
        return self.note.lower().startswith(VAGUE_PREFIX)


def data_set_of(source: str) -> str:
    """The data set a source path belongs to: its first path component."""
    return source.split("/", 1)[0]


def load_known_items(path: Path = DEFAULT_QUERIES) -> list[KnownItem]:
    """Read the TSV; raises ValueError naming the line when a row is malformed."""
    items = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if tuple(header or ()) != TSV_COLUMNS:
            raise ValueError(f"{path}: header must be {' / '.join(TSV_COLUMNS)}, got {header}")
        for line_number, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(TSV_COLUMNS):
                raise ValueError(f"{path}:{line_number}: {len(row)} columns, expected {len(TSV_COLUMNS)}")
            values = dict(zip(TSV_COLUMNS, row, strict=True))
            try:
                items.append(
                    KnownItem(
                        query=values["query"].strip(),
                        source=values["source"].strip(),
                        also_correct=tuple(p.strip() for p in values["also_correct"].split("|") if p.strip()),
                        date_from=date.fromisoformat(values["from"]) if values["from"].strip() else None,
                        date_to=date.fromisoformat(values["to"]) if values["to"].strip() else None,
                        region=values["region"].strip(),
                        note=values["note"].strip(),
                    )
                )
            except ValueError as exc:
                raise ValueError(f"{path}:{line_number}: {exc}") from None
    return items


# --------------------------------------------------------------------------- metrics


def first_correct_rank(ranked_sources: Sequence[str], correct: Iterable[str], k: int = K) -> int | None:
    """1-based position of the first source in ``correct`` among the top ``k``; None when there is none."""
    wanted = set(correct)
    for position, source in enumerate(ranked_sources[:k], start=1):
        if source in wanted:
            return position
    return None


def reciprocal_rank(rank: int | None, k: int = K) -> float:
    """1/rank, and 0 for no rank or a rank beyond ``k``."""
    if rank is None or rank < 1 or rank > k:
        return 0.0
    return 1.0 / rank


def summarize(ranks: Sequence[int | None], times_ms: Sequence[float] = (), k: int = K) -> dict[str, float]:
    """MRR@k, success@1, success@k and query-time median/p95 of one engine on some queries."""
    n = len(ranks)
    if n == 0:
        return {"n": 0, "mrr": 0.0, "success_1": 0.0, "success_k": 0.0, "median_ms": 0.0, "p95_ms": 0.0}
    return {
        "n": n,
        "mrr": sum(reciprocal_rank(r, k) for r in ranks) / n,
        "success_1": sum(1 for r in ranks if r == 1) / n,
        "success_k": sum(1 for r in ranks if r is not None and r <= k) / n,
        "median_ms": statistics.median(times_ms) if times_ms else 0.0,
        "p95_ms": percentile(times_ms, 95),
    }


# --------------------------------------------------------------------------- documents


def document_paths(data_dir: Path) -> list[Path]:
    """Every supported page file of the four data sets, sorted."""
    from indexer.extract import is_supported

    paths: set[Path] = set()
    for patterns in DATA_SETS.values():
        for pattern in patterns:
            paths.update(p for p in data_dir.glob(pattern) if p.is_file() and is_supported(p))
    return sorted(paths)


def _extract_one(job: tuple[str, str]):
    """Worker: (path, root) → Article, or (source, reason) when the page is skipped."""
    from indexer.errors import PageSkipped
    from indexer.extract import extract_file

    path, root = job
    with warnings.catch_warnings():  # e.g. dateutil's UnknownTimezoneWarning: not this benchmark's concern
        warnings.simplefilter("ignore")
        try:
            return extract_file(Path(path), Path(root))
        except PageSkipped as exc:
            return (Path(path).relative_to(root).as_posix(), exc.reason)


def extract_all(data_dir: Path, workers: int = WORKERS):
    """(articles, skipped {source: reason}) for every page of the data sets, extracted in a process pool."""
    return extract_paths(document_paths(data_dir), data_dir, workers)


def extract_paths(paths: Iterable[Path], root: Path, workers: int = WORKERS):
    """(articles, skipped {source: reason}) for these pages, sources relative to ``root``, in a process pool."""
    from search.model import Article

    jobs = [(str(p), str(root)) for p in paths]
    articles: list[Article] = []
    skipped: dict[str, str] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(_extract_one, jobs, chunksize=16):
            if isinstance(result, Article):
                articles.append(result)
            else:
                skipped[result[0]] = result[1]
    return articles, skipped


def words(text: str) -> list[str]:
    """The query's words as the peers get them: every ``\\w+`` run (punctuation separates words)."""
    return _WORD.findall(text)


def _region_key(region: str) -> str:
    from search.model import region_key

    return region_key(region)


def _day(article_date: datetime | None) -> str | None:
    return article_date.astimezone(UTC).date().isoformat() if article_date else None


# --------------------------------------------------------------------------- engines


class Engine:
    """An engine under test: index the articles once, then return the top-K sources of a query."""

    name = ""
    config = ""

    def build(self, articles: Sequence, workdir: Path) -> None:
        raise NotImplementedError

    def search(self, item: KnownItem) -> list[str]:
        raise NotImplementedError

    def close(self) -> None:
        pass


class NewsearchEngine(Engine):
    """The product: indexer.reindex.index_articles + Engine.search, exactly as the app calls it."""

    name = "newsearch"
    config = (
        "indexer.reindex.index_articles + Engine.search(SearchRequest(..., page_size=10)) of the whoosh engine; "
        "query string as typed"
    )

    def build(self, articles, workdir):
        from indexer.reindex import index_articles
        from search import EngineConfig, open_engine

        self._index = open_engine(EngineConfig(kind="whoosh", index_dir=workdir / "newsearch-index"))
        index_articles(self._index, articles)

    def search(self, item):
        from search.model import SearchRequest

        request = SearchRequest(
            q=item.query, date_from=item.date_from, date_to=item.date_to, region=item.region, page_size=K
        )
        return [hit.source for hit in self._index.search(request).hits]


class Fts5Engine(Engine):
    """SQLite FTS5 ranked by bm25() over headline and body; filters on a joined table."""

    name = "sqlite-fts5"
    config = (
        f"fts5(headline, body, tokenize='{FTS5_TOKENIZER}'); words quoted and ANDed; "
        f"ORDER BY bm25(fts, {HEADLINE_WEIGHT}, {BODY_WEIGHT})"
    )

    def build(self, articles, workdir):
        self._db = sqlite3.connect(str(workdir / "fts5.sqlite3"))
        db = self._db
        db.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, source TEXT NOT NULL, day TEXT, region TEXT)")
        db.execute(f"CREATE VIRTUAL TABLE fts USING fts5(headline, body, tokenize='{FTS5_TOKENIZER}')")
        for number, article in enumerate(articles, start=1):
            db.execute(
                "INSERT INTO docs VALUES (?, ?, ?, ?)",
                (number, article.source, _day(article.date), _region_key(article.region)),
            )
            db.execute(
                "INSERT INTO fts (rowid, headline, body) VALUES (?, ?, ?)", (number, article.headline, article.body)
            )
        db.commit()

    fallback = False  # the "+or" variant retries with any word when all words find nothing

    @staticmethod
    def match_expression(query: str, any_word: bool = False) -> str:
        """Each word as a quoted FTS5 string (no syntax errors possible), ANDed (or ORed)."""
        joiner = " OR " if any_word else " "
        return joiner.join('"' + word.replace('"', '""') + '"' for word in words(query))

    def search(self, item):
        sources = self._search(item, any_word=False)
        if not sources and self.fallback and len(words(item.query)) > 1:
            sources = self._search(item, any_word=True)
        return sources

    def _search(self, item, any_word):
        expression = self.match_expression(item.query, any_word)
        if not expression:
            return []
        conditions, params = self.filter_sql(item)
        sql = ["SELECT docs.source FROM fts JOIN docs ON docs.id = fts.rowid WHERE fts MATCH ?", *conditions]
        sql.append(f"ORDER BY bm25(fts, {HEADLINE_WEIGHT}, {BODY_WEIGHT}) LIMIT {K}")
        return [row[0] for row in self._db.execute(" ".join(sql), [expression, *params])]

    @staticmethod
    def filter_sql(item) -> tuple[list[str], list[str]]:
        """``AND`` conditions on the joined ``docs`` table for the item's date range and region, and their values."""
        sql, params = [], []
        if item.date_from:
            sql.append("AND docs.day >= ?")
            params.append(item.date_from.isoformat())
        if item.date_to:
            sql.append("AND docs.day <= ?")
            params.append(item.date_to.isoformat())
        if item.region:
            sql.append("AND docs.region = ?")
            params.append(_region_key(item.region))
        return sql, params

    def close(self):
        self._db.close()


class TantivyEngine(Engine):
    """tantivy (Python bindings): BM25 over headline and body with the en_stem tokenizer."""

    name = "tantivy"
    stored_text = False  # headline and body stored too (for snippets: bench/perf_peers.py)
    config = (
        f"headline, body: tokenizer {TANTIVY_TOKENIZER}; parse_query(words quoted, default fields headline+body, "
        f"field_boosts headline={HEADLINE_WEIGHT}, conjunction_by_default=True); "
        "date range and region term as zero-score Must clauses"
    )

    def build(self, articles, workdir):
        try:
            import tantivy
        except ImportError:
            raise SystemExit(
                "tantivy is not installed: `pip install tantivy`, or leave it out with --engines newsearch,sqlite-fts5"
            ) from None
        self._tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("headline", stored=self.stored_text, tokenizer_name=TANTIVY_TOKENIZER)
        builder.add_text_field("body", stored=self.stored_text, tokenizer_name=TANTIVY_TOKENIZER)
        builder.add_text_field("source", stored=True, tokenizer_name="raw")
        builder.add_text_field("region", tokenizer_name="raw")
        builder.add_date_field("date", indexed=True, fast=True)
        self._schema = builder.build()
        path = workdir / "tantivy-index"
        path.mkdir()
        self._index = tantivy.Index(self._schema, path=str(path))
        writer = self._index.writer(heap_size=128_000_000, num_threads=1)
        for article in articles:
            document = tantivy.Document(headline=article.headline, body=article.body, source=article.source)
            if article.region:
                document.add_text("region", _region_key(article.region))
            if article.date is not None:
                document.add_date("date", article.date.astimezone(UTC))
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()
        self._searcher = self._index.searcher()

    fallback = False  # the "+or" variant retries with any word when all words find nothing

    def search(self, item):
        sources = self._search(item, any_word=False)
        if not sources and self.fallback and len(words(item.query)) > 1:
            sources = self._search(item, any_word=True)
        return sources

    def _search(self, item, any_word):
        tantivy = self._tantivy
        query_words = words(item.query)
        if not query_words:
            return []
        text_query = self._index.parse_query(
            " ".join(f'"{word}"' for word in query_words),
            ["headline", "body"],
            field_boosts={"headline": HEADLINE_WEIGHT, "body": BODY_WEIGHT},
            conjunction_by_default=not any_word,
        )
        clauses = [(tantivy.Occur.Must, text_query), *self.filter_clauses(item)]
        query = tantivy.Query.boolean_query(clauses) if len(clauses) > 1 else text_query
        hits = self._searcher.search(query, K).hits
        return [self._searcher.doc(address)["source"][0] for _score, address in hits]

    def filter_clauses(self, item) -> list:
        """Zero-score ``Must`` clauses for the item's date range and region."""
        tantivy = self._tantivy
        clauses = []
        if item.date_from or item.date_to:
            low = datetime.combine(item.date_from or date(1678, 1, 1), dtime.min, UTC)
            high = datetime.combine(item.date_to or date(2261, 12, 31), dtime(23, 59, 59), UTC)
            dates = tantivy.Query.range_query(self._schema, "date", tantivy.FieldType.Date, low, high)
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(dates, 0.0)))
        if item.region:
            region = tantivy.Query.term_query(self._schema, "region", _region_key(item.region))
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(region, 0.0)))
        return clauses


class Fts5OrEngine(Fts5Engine):
    name = "sqlite-fts5+or"
    config = Fts5Engine.config + "; when no article has all the words, the words ORed"
    fallback = True


class TantivyOrEngine(TantivyEngine):
    name = "tantivy+or"
    config = TantivyEngine.config + "; when no article has all the words, conjunction_by_default=False"
    fallback = True


ENGINES: dict[str, type[Engine]] = {
    NewsearchEngine.name: NewsearchEngine,
    Fts5Engine.name: Fts5Engine,
    TantivyEngine.name: TantivyEngine,
    Fts5OrEngine.name: Fts5OrEngine,
    TantivyOrEngine.name: TantivyOrEngine,
}
DEFAULT_ENGINES = (NewsearchEngine.name, Fts5Engine.name, TantivyEngine.name)


# --------------------------------------------------------------------------- the run


@dataclass
class QueryResult:
    item: KnownItem
    ranks: dict[str, int | None] = field(default_factory=dict)
    times_ms: dict[str, float] = field(default_factory=dict)
    top: dict[str, list[str]] = field(default_factory=dict)
    indexed: bool = True


def run_engine(engine: Engine, items: Sequence[KnownItem], results: Sequence[QueryResult]) -> None:
    """Search every query once (after one untimed warm-up query) and record rank, time and top hits."""
    if items:
        engine.search(items[0])
    for item, result in zip(items, results, strict=True):
        started = time.perf_counter()
        sources = engine.search(item)
        result.times_ms[engine.name] = (time.perf_counter() - started) * 1000
        result.ranks[engine.name] = first_correct_rank(sources, item.correct)
        result.top[engine.name] = sources[:3]


def query_groups(results: Sequence[QueryResult]) -> dict[str, list[QueryResult]]:
    """The row groups of the table: all queries, each data set, the filtered and the vague queries."""
    groups = {"all": list(results)}
    for data_set in sorted({r.item.data_set for r in results}):
        groups[data_set] = [r for r in results if r.item.data_set == data_set]
    groups["with filter"] = [r for r in results if r.item.has_filter]
    groups["vague"] = [r for r in results if r.item.vague]
    return {name: chosen for name, chosen in groups.items() if chosen}


def summaries(results: Sequence[QueryResult], engine_names: Sequence[str]) -> dict[str, dict[str, dict]]:
    """{engine: {group: summarize(...)}} for the groups of ``query_groups``."""
    groups = query_groups(results)
    return {
        name: {
            group: summarize([r.ranks[name] for r in chosen], [r.times_ms[name] for r in chosen])
            for group, chosen in groups.items()
        }
        for name in engine_names
    }


def format_table(table: dict[str, dict[str, dict]]) -> str:
    """One table: for each data set (all first) a row per engine."""
    header = f"{'set':<16} {'engine':<15} {'n':>4} {'MRR@10':>7} {'S@1':>6} {'S@10':>6} {'med ms':>7} {'p95 ms':>7}"
    lines = [header, "-" * len(header)]
    engine_names = list(table)
    data_sets = list(next(iter(table.values()))) if table else []
    for data_set in data_sets:
        for name in engine_names:
            s = table[name][data_set]
            lines.append(
                f"{data_set:<16} {name:<15} {s['n']:>4} {s['mrr']:>7.3f} {s['success_1']:>6.3f} "
                f"{s['success_k']:>6.3f} {s['median_ms']:>7.1f} {s['p95_ms']:>7.1f}"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def losses(results: Sequence[QueryResult], ours: str, peers: Sequence[str]) -> list[str]:
    """Lines for the queries where a peer ranks the target better than ``ours``."""

    def score(rank):
        return reciprocal_rank(rank)

    lines = []
    for r in results:
        best_peer = max(peers, key=lambda p: score(r.ranks[p]), default=None)
        if best_peer and score(r.ranks[best_peer]) > score(r.ranks[ours]):
            ranks = " ".join(f"{n}={r.ranks[n] or '-'}" for n in (ours, *peers))
            lines.append(f"  {r.item.query!r:50} {ranks}  [{r.item.data_set}]")
    return lines


def code_version() -> str:
    """``git describe --always --dirty`` of the project, so results can be tied to the code measured."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=10
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def to_json(results, table, data_dir, queries_path, counts, skipped, engines) -> dict:
    return {
        "k": K,
        "code": code_version(),
        "data_dir": str(data_dir),
        "queries_file": str(queries_path),
        "documents": counts,
        "skipped": skipped,
        "engines": {e.name: {"config": e.config, "summary": table[e.name]} for e in engines},
        "queries": [
            {
                "query": r.item.query,
                "source": r.item.source,
                "also_correct": list(r.item.also_correct),
                "set": r.item.data_set,
                "from": r.item.date_from.isoformat() if r.item.date_from else None,
                "to": r.item.date_to.isoformat() if r.item.date_to else None,
                "region": r.item.region or None,
                "note": r.item.note,
                "vague": r.item.vague,
                "target_indexed": r.indexed,
                "ranks": r.ranks,
                "ms": {name: round(ms, 3) for name, ms in r.times_ms.items()},
                "top3": r.top,
            }
            for r in results
        ],
    }


def default_data_dir() -> Path:
    return shared_data_dir()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=None, help=f"the shared data dir (default ${DATA_ENV_VAR}, else ../shared/data)"
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="per-query results (default %(default)s)")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES, help="known-item TSV (default %(default)s)")
    parser.add_argument(
        "--engines",
        default=",".join(DEFAULT_ENGINES),
        help="comma-separated, from: " + ", ".join(ENGINES) + " (default: %(default)s); "
        "the +or variants fall back to any word when all words find nothing, as newsearch does",
    )
    parser.add_argument("--workers", type=int, default=WORKERS, help="extraction processes (default %(default)s)")
    parser.add_argument(
        "--details", action="store_true", help="also list the queries where a peer ranks the target above newsearch"
    )
    args = parser.parse_args(argv)

    data_dir = (args.data or default_data_dir()).resolve()
    if not data_dir.is_dir():
        parser.error(f"no data at {data_dir} (pass --data or set ${DATA_ENV_VAR})")
    names = [n.strip() for n in args.engines.split(",") if n.strip()]
    unknown = [n for n in names if n not in ENGINES]
    if unknown or not names:
        parser.error(f"unknown engine(s) {unknown}; choose from {', '.join(ENGINES)}")

    items = load_known_items(args.queries)
    started = time.perf_counter()
    articles, skipped = extract_all(data_dir, workers=args.workers)
    counts = dict(sorted(Counter(data_set_of(a.source) for a in articles).items()))
    print(
        f"extracted {len(articles)} articles ({', '.join(f'{k} {v}' for k, v in counts.items())}), "
        f"skipped {len(skipped)}, in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )

    indexed = {a.source for a in articles}
    results = [QueryResult(item, indexed=bool(item.correct & indexed)) for item in items]
    for r in results:
        if not r.indexed:
            print(
                f"warning: target of {r.item.query!r} was not extracted ({skipped.get(r.item.source, '?')})",
                file=sys.stderr,
            )

    engines = [ENGINES[n]() for n in names]
    with tempfile.TemporaryDirectory(prefix="newsearch-relevance-") as tmp:
        for engine in engines:
            started = time.perf_counter()
            workdir = Path(tmp) / re.sub(r"\W", "-", engine.name)
            workdir.mkdir()
            engine.build(articles, workdir)
            built = time.perf_counter() - started
            run_engine(engine, items, results)
            engine.close()
            print(f"{engine.name}: indexed in {built:.1f}s", file=sys.stderr)

    table = summaries(results, names)
    print(
        f"known-item queries: {len(items)} ({sum(i.has_filter for i in items)} with a date or region filter); "
        f"K={K}; documents: {len(articles)}; code {code_version()}"
    )
    print(format_table(table), end="")
    if args.details and NewsearchEngine.name in names and len(names) > 1:
        peers = [n for n in names if n != NewsearchEngine.name]
        lost = losses(results, NewsearchEngine.name, peers)
        print(f"\nqueries where a peer ranks the target above newsearch ({len(lost)}):")
        print("\n".join(lost) if lost else "  none")

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            to_json(results, table, data_dir, args.queries, counts, skipped, engines), indent=1, ensure_ascii=False
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"per-query results: {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
