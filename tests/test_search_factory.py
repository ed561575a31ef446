"""search.factory.open_engine and search.config.EngineConfig: the one way to an engine, chosen by configuration."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from search import (
    Engine,
    EngineConfig,
    EngineNotAvailable,
    IndexNotFound,
    IndexUnavailable,
    IndexWriter,
    SearchEngine,
    SearchRequest,
    config,
    open_engine,
)
from search.model import Article, IndexedArticle

ARTICLE = Article(headline="Flood defences hold", body="The river peaked overnight.", source="flood.txt")


def test_the_whoosh_engine_is_an_engine_and_its_writers_are_index_writers(tmp_path):
    engine = open_engine(EngineConfig(kind="whoosh", index_dir=tmp_path / "index"))
    assert isinstance(engine, Engine) and isinstance(engine, SearchEngine)
    assert engine.location == str(tmp_path / "index")
    assert not engine.exists()
    with engine.reindex_lock(), engine.rebuild() as writer:
        assert isinstance(writer, IndexWriter)
        writer.add(IndexedArticle(ARTICLE, fingerprint="12:34"))
    assert engine.exists()
    assert engine.fingerprints() == {"flood.txt": "12:34"}
    with engine.update() as writer:
        assert isinstance(writer, IndexWriter)
        assert writer.fingerprints() == {"flood.txt": "12:34"}
        assert writer.remove("flood.txt") and not writer.remove("nothing.txt")
    assert engine.doc_count() == 0
    engine.close()


def test_opening_reads_nothing_and_the_first_search_reports_a_missing_index(tmp_path):
    engine = open_engine(EngineConfig(index_dir=tmp_path / "none"))
    with pytest.raises(IndexNotFound):
        engine.search(SearchRequest(q="flood"))
    assert not (tmp_path / "none").exists()


def test_the_opensearch_engine_opens_without_reading_and_a_cluster_that_does_not_answer_is_unavailable():
    engine = open_engine(
        EngineConfig(kind="opensearch", opensearch_urls=("http://user:secret@127.0.0.1:9",), opensearch_index="news")
    )
    assert isinstance(engine, Engine) and engine.location == "news on http://127.0.0.1:9"  # never the credentials
    with pytest.raises(IndexUnavailable, match="cannot answer"):
        engine.search(SearchRequest(q="flood"))
    engine.close()


@pytest.mark.parametrize("name", ["News", "news archive", "_news", "news/2009", "n" * 201])
def test_an_unusable_opensearch_index_name_is_refused_naming_the_setting(name):
    with pytest.raises(EngineNotAvailable, match="NEWSEARCH_OPENSEARCH_INDEX"):
        open_engine(EngineConfig(kind="opensearch", opensearch_index=name))


def test_the_environment_chooses_the_engine(monkeypatch, tmp_path):
    monkeypatch.setenv(config.INDEX_ENV_VAR, str(tmp_path / "from-env"))
    monkeypatch.delenv(config.ENGINE_ENV_VAR, raising=False)
    assert open_engine().location == str(tmp_path / "from-env")
    monkeypatch.setenv(config.ENGINE_ENV_VAR, "opensearch")
    monkeypatch.setenv(config.OPENSEARCH_INDEX_ENV_VAR, "news")
    monkeypatch.delenv(config.OPENSEARCH_URL_ENV_VAR, raising=False)
    assert open_engine().location == "news on http://127.0.0.1:9200"


def test_engine_config_from_the_environment():
    env = {
        config.ENGINE_ENV_VAR: " OpenSearch ",
        config.OPENSEARCH_URL_ENV_VAR: "http://a:9200, http://b:9200,,",
        config.OPENSEARCH_INDEX_ENV_VAR: "news",
        config.OPENSEARCH_SHARDS_ENV_VAR: "2",
        config.OPENSEARCH_REPLICAS_ENV_VAR: "0",
        config.INDEX_ENV_VAR: "/srv/index",
    }
    assert EngineConfig.from_env(env) == EngineConfig(
        kind="opensearch",
        index_dir=Path("/srv/index"),
        opensearch_urls=("http://a:9200", "http://b:9200"),
        opensearch_index="news",
        opensearch_shards=2,
        opensearch_replicas=0,
    )
    assert EngineConfig.from_env({}) == EngineConfig()
    assert EngineConfig.from_env(env, kind="whoosh", index="here").kind == "whoosh"
    assert EngineConfig.from_env(env, kind="whoosh", index="here").index_dir == Path("here")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({config.ENGINE_ENV_VAR: "lucene"}, "unknown engine 'lucene'; use one of: whoosh, opensearch"),
        ({config.OPENSEARCH_SHARDS_ENV_VAR: "0"}, "NEWSEARCH_OPENSEARCH_SHARDS must be a whole number of at least 1"),
        (
            {config.OPENSEARCH_REPLICAS_ENV_VAR: "-1"},
            "NEWSEARCH_OPENSEARCH_REPLICAS must be a whole number of at least 0",
        ),
        ({config.OPENSEARCH_REPLICAS_ENV_VAR: "two"}, "NEWSEARCH_OPENSEARCH_REPLICAS must be a whole number"),
    ],
)
def test_a_bad_setting_is_named(env, message):
    with pytest.raises(ValueError, match=message.replace("$", r"\$")):
        EngineConfig.from_env(env)


def test_the_embedded_engine_loads_neither_another_engine_nor_a_cluster_client(tmp_path):
    """``import search`` loads no engine; opening the whoosh engine loads Whoosh and not opensearch-py."""
    code = (
        "import sys; import search; loaded = set(sys.modules); "
        "assert not any(m == 'whoosh' or m.startswith(('whoosh.', 'search.whoosh')) for m in loaded), loaded; "
        f"search.open_engine(search.EngineConfig(index_dir={str(tmp_path)!r})); "
        "assert 'search.whoosh' in sys.modules and 'opensearchpy' not in sys.modules"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
