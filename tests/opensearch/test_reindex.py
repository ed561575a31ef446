"""`newsearch reindex --engine opensearch`: the sample corpus, incremental runs, full rebuilds behind the alias, a
rebuild killed mid-run, and the lock; all on the real cluster (tests/opensearch_cluster.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cluster.local import LocalCluster
from indexer.reindex import reindex
from indexer.walk import CorpusFile, walk_corpus
from search import Engine, EngineConfig, config, open_engine
from search.model import SearchRequest, document_id
from search.opensearch.engine import OpenSearchEngine
from tests.corpus_pages import COMMON_WORD, token, write_corpus, write_page
from tests.opensearch_cluster import drop_indexes, opensearch_config
from tests.reindex_process import PROJECT_ROOT, kill_after
from web.cli import cli

CORPUS = Path(config.DEFAULT_CORPUS_DIR)
PAGES = 240
BATCH = 40


@pytest.fixture()
def target(opensearch_cluster: LocalCluster) -> Iterator[EngineConfig]:
    """An alias of its own on the cluster, 2 shards and 1 replica, as a production index would be."""
    settings = opensearch_config(opensearch_cluster, "reindex", shards=2, replicas=1)
    yield settings
    drop_indexes(opensearch_cluster, settings.opensearch_index)


def environment(settings: EngineConfig) -> dict[str, str]:
    """What `newsearch` reads to reach the alias (the CLI gets --engine opensearch)."""
    return {
        config.OPENSEARCH_URL_ENV_VAR: ",".join(settings.opensearch_urls),
        config.OPENSEARCH_INDEX_ENV_VAR: settings.opensearch_index,
        config.OPENSEARCH_SHARDS_ENV_VAR: str(settings.opensearch_shards),
        config.OPENSEARCH_REPLICAS_ENV_VAR: str(settings.opensearch_replicas),
    }


def run(settings: EngineConfig, *args: str) -> str:
    result = CliRunner().invoke(cli, ["reindex", "--engine", "opensearch", *args], env=environment(settings))
    assert result.exit_code == 0, result.output
    return result.output


def engine_of(settings: EngineConfig) -> OpenSearchEngine:
    engine = open_engine(settings)
    assert isinstance(engine, OpenSearchEngine)
    return engine


def generations(engine: OpenSearchEngine) -> tuple[list[str], list[str]]:
    """(every concrete index of the alias, oldest first; those the alias names)."""
    names = sorted(engine.client.indices.get(index=f"{engine.alias}-gen-*"), key=lambda n: int(n.rsplit("-", 1)[1]))
    return names, sorted(engine.client.indices.get_alias(name=engine.alias))


def stories(engine: Engine, sources: list[str]) -> dict[str, str]:
    """source -> the story of its document (named by the story's first source), to compare two engines' grouping."""
    first: dict[str, str] = {}
    grouped = {}
    for source in sources:
        stored = engine.article(document_id(source))
        assert stored is not None, source
        grouped[source] = first.setdefault(stored.story, source)
    return grouped


def test_the_sample_corpus_indexes_as_on_the_embedded_engine(target: EngineConfig, tmp_path: Path) -> None:
    output = run(target, str(CORPUS))
    assert f"Index: {target.opensearch_index} on {target.opensearch_urls[0]}," in output
    engine = engine_of(target)
    embedded = open_engine(EngineConfig(kind="whoosh", index_dir=tmp_path / "index"))
    reindex([CORPUS], EngineConfig(kind="whoosh", index_dir=tmp_path / "index"))
    assert engine.fingerprints() == embedded.fingerprints() and engine.doc_count() == embedded.doc_count() > 50
    sources = sorted(engine.fingerprints())
    assert stories(engine, sources) == stories(embedded, sources)
    for q in ("flood", "council budget", "glacier OR ferry", '"city centre"'):
        assert engine.search(SearchRequest(q=q)).total == embedded.search(SearchRequest(q=q)).total, q
    names, live = generations(engine)
    settings = engine.client.indices.get_settings(index=live[0])[live[0]]["settings"]["index"]
    assert names == live and (settings["number_of_shards"], settings["number_of_replicas"]) == ("2", "1")


def test_an_incremental_reindex_updates_by_source_in_the_same_index(target: EngineConfig, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    revisions = write_corpus(root, 12)
    run(target, str(root))
    engine = engine_of(target)
    before = generations(engine)
    write_page(root, 3, revision=1)
    (root / "wales" / "story-00005.html").unlink()
    write_page(root, 20)
    revisions.update({3: 1, 20: 0})
    del revisions[5]
    output = run(target, str(root))
    assert re.search(r"indexed\s+2\b", output) and re.search(r"removed\s+1\b", output), output
    assert re.search(r"unchanged\s+10\b", output), output
    assert generations(engine) == before  # updated in place, no rebuild
    files = {f.source: f.fingerprint for f in walk_corpus([root]) if isinstance(f, CorpusFile)}
    assert engine.fingerprints() == files
    found = {q: engine.search(SearchRequest(q=q)).total for q in (token(3, 1), token(3, 0), token(5, 0), token(20, 0))}
    assert found == {token(3, 1): 1, token(3, 0): 0, token(5, 0): 0, token(20, 0): 1}
    assert engine.search(SearchRequest(q=COMMON_WORD)).total == len(revisions)


def test_a_full_rebuild_switches_the_alias_and_keeps_one_previous_index(target: EngineConfig, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, 10)
    run(target, str(root))
    server = engine_of(target)  # opened before the rebuilds, as a running server holds it
    first, _ = generations(server)
    run(target, str(root), "--full")
    second, live = generations(server)
    assert len(second) == 2 and live == [second[-1]] and second[0] == first[0]
    assert server.search(SearchRequest(q=COMMON_WORD)).total == 10
    run(target, str(root), "--full", "--verbose")
    third, live = generations(server)
    assert third == second[1:] + live and len(third) == 2  # the oldest removed, the previous one kept
    assert server.search(SearchRequest(q=COMMON_WORD)).total == 10


def test_a_rebuild_killed_mid_run_leaves_the_alias_on_the_old_index_and_is_resumed(
    target: EngineConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "corpus"
    revisions = write_corpus(root, PAGES)
    run(target, str(root), "--commit-every", str(BATCH))
    server = engine_of(target)
    (old,), _ = generations(server)
    for number in range(PAGES):
        write_page(root, number, revision=1)
    revisions = dict.fromkeys(revisions, 1)
    for name, value in environment(target).items():
        monkeypatch.setenv(name, value)
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from web.cli import cli; cli()",
            "reindex",
            str(root),
            "--engine",
            "opensearch",
            "--full",
            "--commit-every",
            str(BATCH),
            "--verbose",
            "--workers",
            "1",
        ],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    stopped = kill_after(process, re.compile(r"committed batch 2 "), 0.0)
    assert stopped.killed and stopped.committed_changes >= 2 * BATCH, "".join(stopped.lines)

    names, live = generations(server)
    assert live == [old] and len(names) == 2  # the alias never moved; the partial generation is there
    assert server.search(SearchRequest(q=COMMON_WORD)).total == PAGES
    assert server.search(SearchRequest(q=token(0, 0))).total == 1  # still the old index's pages

    resumed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from web.cli import cli; cli()",
            "reindex",
            str(root),
            "--engine",
            "opensearch",
            "--full",
            "--commit-every",
            str(BATCH),
            "--verbose",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert f"resuming partial generation {names[1]}" in resumed.stderr
    unchanged = int(re.search(r"unchanged\s+(\d+)", resumed.stdout)[1])  # type: ignore[index]
    assert unchanged >= 2 * BATCH  # the committed batches were not redone
    assert generations(server) == ([old, names[1]], [names[1]])
    files = {f.source: f.fingerprint for f in walk_corpus([root]) if isinstance(f, CorpusFile)}
    assert server.fingerprints() == files and server.search(SearchRequest(q=token(0, 1))).total == 1


def test_one_reindex_at_a_time_and_a_dead_holder_does_not_keep_the_lock(target: EngineConfig, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, 3)
    engine = engine_of(target)
    with engine.reindex_lock():
        result = CliRunner().invoke(cli, ["reindex", str(root), "--engine", "opensearch"], env=environment(target))
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert f"another reindex of {engine.location} is running (host " in result.output
        assert f"process {os.getpid()}" in result.output
    gone = subprocess.Popen(["true"])
    gone.wait()
    engine.client.index(
        index=f"{engine.alias}-reindex-lock",
        id="reindex",
        refresh=True,
        body={  # a fresh heartbeat,
            "host": os.uname().nodename,
            "pid": gone.pid,
            "since": "then",
            "heartbeat": 4e9,
        },
    )  # but its process is gone
    assert "indexed" in run(target, str(root))


def test_a_lock_of_another_machine_holds_until_its_heartbeat_is_stale(target: EngineConfig) -> None:
    from search.opensearch import lock

    engine = engine_of(target)
    index = f"{engine.alias}-reindex-lock"
    holder = {"host": "elsewhere.example", "pid": 1, "since": "then"}
    with engine.reindex_lock():
        pass  # creates the lock's index
    engine.client.index(index=index, id="reindex", refresh=True, body={**holder, "heartbeat": 4e9})
    with pytest.raises(Exception, match="another reindex .* is running .*elsewhere.example"), engine.reindex_lock():
        pass
    engine.client.index(index=index, id="reindex", refresh=True, body={**holder, "heartbeat": 1.0})
    with engine.reindex_lock():
        current = engine.client.get(index=index, id="reindex")["_source"]
        assert current["pid"] == os.getpid() and current["heartbeat"] > lock.STALE_S
