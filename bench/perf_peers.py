"""The peers of bench/perf.py: SQLite FTS5 and tantivy answering the perf query mix with snippets.

They extend the adapters of bench/relevance.py (same schema, tokenizers, BM25 weights and
filters) with what a results page needs: the total, the page asked for in relevance or date
order, and a highlighted body snippet per hit (FTS5 ``snippet()``, tantivy's
``SnippetGenerator``).  No facets: the peers' ratios flatter them by that much.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.perf_queries import BenchQuery
from bench.relevance import BODY_WEIGHT, HEADLINE_WEIGHT, Fts5Engine, TantivyEngine

PAGE_SIZE = 10
SNIPPET_TOKENS = 30
SNIPPET_CHARS = 300


@dataclass(frozen=True)
class PeerPage:
    """One page of results: how many match, and (source, snippet HTML) per hit."""

    total: int
    hits: list[tuple[str, str]]


def quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


class Fts5Peer(Fts5Engine):
    """FTS5 with ``snippet()``, ``count(*)`` for the total, and an index on the day for newest-first."""

    def build(self, articles: Sequence, workdir: Path) -> None:
        super().build(articles, workdir)
        self._db.execute("CREATE INDEX docs_day ON docs(day)")
        self._db.commit()

    @staticmethod
    def expression(query: BenchQuery) -> str:
        if query.mode == "phrase":
            return quoted(" ".join(query.words))
        return (" OR " if query.mode == "any" else " ").join(quoted(w) for w in query.words)

    def run(self, query: BenchQuery) -> PeerPage:
        conditions, params = self.filter_sql(query)
        offset = (query.page - 1) * PAGE_SIZE
        order = "docs.day DESC" if query.sort == "newest" else f"bm25(fts, {HEADLINE_WEIGHT}, {BODY_WEIGHT})"
        if query.words:
            joined = "FROM fts JOIN docs ON docs.id = fts.rowid WHERE fts MATCH ? " + " ".join(conditions)
            params = [self.expression(query), *params]
            snippet = f"snippet(fts, 1, '<mark>', '</mark>', '…', {SNIPPET_TOKENS})"
        else:
            joined = "FROM docs JOIN fts ON fts.rowid = docs.id WHERE 1 " + " ".join(conditions)
            order = "docs.day DESC"
            snippet = f"substr(fts.body, 1, {SNIPPET_CHARS})"
        total = self._db.execute(f"SELECT count(*) {joined}", params).fetchone()[0]
        rows = self._db.execute(
            f"SELECT docs.source, {snippet} {joined} ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET {offset}", params
        ).fetchall()
        return PeerPage(total, [(source, text) for source, text in rows])


class TantivyPeer(TantivyEngine):
    """tantivy with the text stored, a ``SnippetGenerator`` on the body, and date order from the fast field."""

    stored_text = True

    def text_query(self, query: BenchQuery):
        if not query.words:
            return self._tantivy.Query.all_query()
        if query.mode == "phrase":
            expression = '"' + " ".join(query.words) + '"'
        else:
            expression = (" OR " if query.mode == "any" else " ").join(f'"{w}"' for w in query.words)
        return self._index.parse_query(
            expression,
            ["headline", "body"],
            field_boosts={"headline": HEADLINE_WEIGHT, "body": BODY_WEIGHT},
            conjunction_by_default=True,
        )

    def run(self, query: BenchQuery) -> PeerPage:
        tantivy = self._tantivy
        text_query = self.text_query(query)
        clauses = [(tantivy.Occur.Must, text_query), *self.filter_clauses(query)]
        combined = tantivy.Query.boolean_query(clauses) if len(clauses) > 1 else text_query
        result = self._searcher.search(
            combined,
            PAGE_SIZE,
            count=True,
            offset=(query.page - 1) * PAGE_SIZE,
            order_by_field="date" if query.sort == "newest" or not query.words else None,
        )
        snippets = None
        if query.words:
            snippets = tantivy.SnippetGenerator.create(self._searcher, text_query, self._schema, "body")
            snippets.set_max_num_chars(SNIPPET_CHARS)
        hits = []
        for _key, address in result.hits:
            doc = self._searcher.doc(address)
            text = snippets.snippet_from_doc(doc).to_html() if snippets else doc["body"][0][:SNIPPET_CHARS]
            hits.append((doc["source"][0], text))
        return PeerPage(result.count or 0, hits)


PEERS: dict[str, type] = {Fts5Peer.name: Fts5Peer, TantivyPeer.name: TantivyPeer}
