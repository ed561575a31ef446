"""bench/engines.py end to end on a tiny archive and the test cluster, so the side-by-side benchmark cannot rot.

No timing is asserted: only that both engines index every article, answer every query of the mix and print
the table. Needs the shared data (the archive's text model) and Java (the cluster); without them it skips,
except on CI, where it fails.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from bench import engines
from cluster.local import LocalCluster

PAGES = 150
QUERIES = 30


@pytest.fixture(scope="module")
def run(
    shared_data: Path, opensearch_cluster: LocalCluster, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict, str]:
    """One run of both engines: (the JSON it wrote, what it printed)."""
    workdir = tmp_path_factory.mktemp("engines")
    urls = ",".join(node.url for node in opensearch_cluster.data_nodes)
    capture = workdir / "stdout.txt"
    with open(capture, "w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
        status = engines.main(
            [
                "--pages", str(PAGES), "--queries", str(QUERIES), "--workdir", str(workdir),
                "--json", str(workdir / "engines.json"), "--data", str(shared_data), "--opensearch-url", urls,
            ]
        )  # fmt: skip
    assert status == 0
    return json.loads((workdir / "engines.json").read_text(encoding="utf-8")), capture.read_text(encoding="utf-8")


def test_both_engines_index_every_article_and_answer_the_whole_mix(run: tuple[dict, str]) -> None:
    results = run[0]["engines"]
    assert set(results) == {"whoosh", "opensearch"}
    assert results["whoosh"]["documents"] == results["opensearch"]["documents"] > 0
    for figures in results.values():
        assert figures["n"] == QUERIES and len(figures["totals"]) == QUERIES
        assert figures["docs_per_s"] > 0 and figures["index_bytes"] > 0


def test_the_table_puts_the_engines_side_by_side(run: tuple[dict, str]) -> None:
    printed = run[1]
    assert "whoosh" in printed and "opensearch" in printed
    for row in ("index articles/s", "query p50 ms", "query p95 ms", "same total on both"):
        assert row in printed
