"""search/opensearch/writer.py and generations.py on the real cluster: checkpoints, removals, story candidates, the
writer's view of the index when it started, write failures, and which unfinished generation a rebuild resumes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cluster.local import LocalCluster
from search import CommitEvery, IndexWriteFailed, open_engine
from search.model import Article, IndexedArticle
from search.opensearch.engine import OpenSearchEngine
from search.opensearch.mapping import index_body, to_source
from tests.opensearch_cluster import drop_indexes, opensearch_config


def document(n: int, *, story: str = "", keys: tuple[str, ...] = (), sketch: tuple[int, ...] = ()) -> IndexedArticle:
    article = Article(headline=f"Harbour story {n}", body=f"The harbour report number {n}.", source=f"s/{n}.txt")
    return IndexedArticle(article, fingerprint=f"{n}:1", story=story, sketch=sketch, blocking_keys=keys)


@pytest.fixture()
def engine(opensearch_cluster: LocalCluster) -> Iterator[OpenSearchEngine]:
    settings = opensearch_config(opensearch_cluster, "writer")
    opened = open_engine(settings)
    assert isinstance(opened, OpenSearchEngine)
    yield opened
    opened.close()
    drop_indexes(opensearch_cluster, settings.opensearch_index)


def live(engine: OpenSearchEngine) -> list[str]:
    return sorted(engine.client.indices.get_alias(name=engine.alias))


def test_nothing_is_searchable_before_a_checkpoint_and_a_failed_block_keeps_the_checkpoints(
    engine: OpenSearchEngine,
) -> None:
    with engine.update(commit_every=None) as writer:
        writer.add(document(1))
        assert engine.doc_count() == 0
        writer.commit()
        assert engine.doc_count() == 1
    with pytest.raises(RuntimeError), engine.update(commit_every=CommitEvery(documents=2)) as writer:
        for n in range(2, 7):
            writer.add(document(n))
        raise RuntimeError("the reindex stops")
    assert engine.doc_count() == 5  # two checkpoints of two; the fifth was never sent


def test_remove_says_whether_there_was_a_document_even_one_not_sent_yet(engine: OpenSearchEngine) -> None:
    with engine.update() as writer:
        writer.add(document(1))
        writer.add(document(2))
        assert writer.remove("s/2.txt") and not writer.remove("s/9.txt")
    assert engine.fingerprints() == {"s/1.txt": "1:1"}


def test_the_writer_sees_the_index_as_it_was_when_it_started(engine: OpenSearchEngine) -> None:
    with engine.update() as writer:
        writer.add(document(1, keys=("k1", "k2"), sketch=(5, 7)))
        writer.add(document(2, story="story-x", keys=("k2",), sketch=(9,)))
    with engine.update() as writer:
        writer.add(document(3, keys=("k1",)))
        writer.commit()
        assert writer.fingerprints() == {"s/1.txt": "1:1", "s/2.txt": "2:1"}
        candidates = {(c.id, c.story, c.sketch) for c in writer.story_candidates(["k2", "nothing"])}
        assert candidates == {(document(1).id, document(1).id, (5, 7)), (document(2).id, "story-x", (9,))}
    with engine.rebuild() as writer:
        writer.add(document(4, keys=("k1",)))
        writer.commit()
        assert writer.story_candidates(["k1"]) == [] and writer.fingerprints() == {}  # a new index: the indexer
    assert engine.fingerprints() == {"s/4.txt": "4:1"}  # remembers what it added


def test_a_refused_write_is_index_write_failed_and_a_failed_rebuild_is_removed(engine: OpenSearchEngine) -> None:
    with engine.rebuild() as writer:
        writer.add(document(1))
    before = live(engine)
    with (
        pytest.raises(IndexWriteFailed, match=f"cannot write the index at {engine.alias} on .*blocked"),
        engine.rebuild() as writer,
    ):
        engine.client.indices.put_settings(index=writer.index, body={"index.blocks.write": True})
        writer.add(document(2))
    assert live(engine) == before and engine.doc_count() == 1
    assert sorted(engine.client.indices.get(index=f"{engine.alias}-gen-*")) == before  # the failed one is gone
    engine.client.indices.put_settings(index=before[0], body={"index.blocks.write": True})
    with pytest.raises(IndexWriteFailed), engine.update() as writer:
        writer.add(document(3))
    engine.client.indices.put_settings(index=before[0], body={"index.blocks.write": False})


def test_only_the_newest_unfinished_generation_of_this_schema_is_resumed(engine: OpenSearchEngine) -> None:
    with engine.rebuild() as writer:
        writer.add(document(1))
    (old,) = live(engine)
    stamp = int(old.rsplit("-", 1)[1])
    other_schema = index_body(1, 0, 10_000)
    other_schema["mappings"]["_meta"] = {"newsearch_schema": "an-older-one"}
    engine.client.indices.create(index=f"{engine.alias}-gen-{stamp + 2}", body=other_schema)
    engine.client.indices.create(index=f"{engine.alias}-gen-{stamp + 1}", body=index_body(1, 0, 10_000))
    engine.client.index(index=f"{engine.alias}-gen-{stamp + 1}", body=to_source(document(5)), id=document(5).id)
    with engine.rebuild() as writer:
        assert writer.index == f"{engine.alias}-gen-{stamp + 1}" and writer.fingerprints() == {"s/5.txt": "5:1"}
    assert live(engine) == [f"{engine.alias}-gen-{stamp + 1}"]
    assert sorted(engine.client.indices.get(index=f"{engine.alias}-gen-*")) == [old, f"{engine.alias}-gen-{stamp + 1}"]


def test_an_index_already_named_like_the_alias_is_refused_before_any_work(engine: OpenSearchEngine) -> None:
    engine.client.indices.create(index=engine.alias)
    with pytest.raises(IndexWriteFailed, match="an index named .* exists"), engine.rebuild():
        pass
    engine.client.indices.delete(index=engine.alias)
