"""bench/perf_peers.py: FTS5 and tantivy answer the perf mix (phrase, OR, filters, newest, paging) with snippets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bench.perf_peers import PEERS
from bench.perf_queries import BenchQuery
from search.model import Article


def article(n: int, headline: str, body: str, day: date, region: str) -> Article:
    return Article(
        headline=headline,
        body=body,
        source=f"site/{n:02d}.html",
        date=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        region=region,
    )


ARTICLES = [
    article(
        1,
        "Flood defences hold",
        "The river peaked overnight and the flood defences held firm.",
        date(2009, 3, 10),
        "West Midlands",
    ),
    article(2, "Storm cuts power", "A storm left villages without power; defences held.", date(2010, 1, 5), "Wales"),
    article(
        3, "Tram line approved", "Councillors approved the tram line to the north.", date(2008, 11, 2), "West Midlands"
    ),
    *[
        article(
            10 + n,
            f"Council meeting {n}",
            f"The council met for the {n}th time about the budget.",
            date(2001 + n, 6, 1),
            "Scotland",
        )
        for n in range(15)
    ],
]


@pytest.fixture(scope="module", params=sorted(PEERS))
def peer(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    engine = PEERS[request.param]()
    folder: Path = tmp_path_factory.mktemp(request.param.replace("-", "_"))
    engine.build(ARTICLES, folder)
    yield engine
    engine.close()


def sources(page) -> list[str]:
    return [source for source, _ in page.hits]


def test_all_words_with_highlighted_snippets(peer) -> None:
    page = peer.run(BenchQuery("2 words", ("flood", "defences")))
    assert (page.total, sources(page)) == (1, ["site/01.html"])
    assert "<b>" in page.hits[0][1] or "<mark>" in page.hits[0][1]


def test_phrase_and_or(peer) -> None:
    assert sources(peer.run(BenchQuery("phrase", ("held", "firm"), mode="phrase"))) == ["site/01.html"]
    assert peer.run(BenchQuery("phrase", ("river", "overnight"), mode="phrase")).total == 0
    assert set(sources(peer.run(BenchQuery("OR", ("tram", "storm"), mode="any")))) == {"site/02.html", "site/03.html"}


def test_date_and_region_filters(peer) -> None:
    dated = BenchQuery("date filter", ("defences",), date_from=date(2010, 1, 1), date_to=date(2010, 1, 31))
    assert sources(peer.run(dated)) == ["site/02.html"]
    assert sources(peer.run(BenchQuery("region filter", ("approved",), region="west midlands"))) == ["site/03.html"]
    assert peer.run(BenchQuery("region filter", ("approved",), region="Wales")).total == 0


def test_browse_newest_and_page_two(peer) -> None:
    newest = peer.run(BenchQuery("browse newest", sort="newest"))
    assert newest.total == len(ARTICLES)
    assert sources(newest)[:3] == ["site/24.html", "site/23.html", "site/22.html"]
    second = peer.run(BenchQuery("page", ("council",), sort="newest", page=2))
    assert second.total == 15 and sources(second) == [f"site/{n:02d}.html" for n in range(14, 9, -1)]
