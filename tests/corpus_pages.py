"""Generated news pages for the reindex tests, and the check that an index matches them exactly.

Every page carries a token naming its number and revision (``n17r3``) in its headline and
body, so a test can tell which version of a file a stored document came from. Each write
sets its own modification time, so a rewrite always changes the file's fingerprint.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.walk import CorpusFile, walk_corpus

COMMON_WORD = "harbour"
"""In every page, so a search for it counts the pages of the index."""

_REGIONS = ("wales", "scotland", "europe", "business", "science")
_BASE_MTIME_NS = 1_600_000_000 * 10**9


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    letters = "abcdefghijklmnoprstuvw"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(4, 9))) for _ in range(size)]


_WORDS = _vocabulary(random.Random(8))


def token(number: int, revision: int) -> str:
    return f"n{number}r{revision}"


def page_path(root: Path, number: int) -> Path:
    return root / _REGIONS[number % len(_REGIONS)] / f"story-{number:05d}.html"


def write_page(root: Path, number: int, revision: int = 0) -> Path:
    """A news page of a few hundred words; ``revision`` changes its words and its token."""
    rng = random.Random(number * 1000 + revision)
    mark = token(number, revision)
    paragraphs = "".join(
        f"<p>{' '.join(rng.choice(_WORDS) for _ in range(45))} {COMMON_WORD if i == 0 else mark}.</p>" for i in range(6)
    )
    html = (
        f"<!DOCTYPE html><html><head><title>Story {mark} | Example News</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Story {mark} about the {rng.choice(_WORDS)}</h1>"
        f"<p>The report {mark} opens with the {rng.choice(_WORDS)}.</p>{paragraphs}</article>"
        f"<footer>Copyright Example News</footer></body></html>"
    )
    path = page_path(root, number)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    moment = _BASE_MTIME_NS + (number * 1000 + revision) * 10**9
    os.utime(path, ns=(moment, moment))
    return path


def write_corpus(root: Path, count: int) -> dict[int, int]:
    """``count`` pages at revision 0; returns number → revision, the corpus as the tests track it."""
    for number in range(count):
        write_page(root, number)
    return dict.fromkeys(range(count), 0)


def stored_documents(index_path: Path) -> list[dict]:
    """Every live document's stored fields, read straight from the directory the index path names."""
    ix = whoosh_index.open_dir(os.path.realpath(index_path))
    try:
        with ix.searcher() as searcher:
            return list(searcher.all_stored_fields())
    finally:
        ix.close()


def assert_index_matches(index_path: Path, root: Path, revisions: dict[int, int]) -> None:
    """The index holds exactly one document per page, each from the page's current file."""
    files = {f.source: f for f in walk_corpus([root]) if isinstance(f, CorpusFile)}
    documents = stored_documents(index_path)
    sources = sorted(d["source"] for d in documents)
    assert sources == sorted(files), "documents lost or doubled"
    expected = {page_path(root, n).relative_to(root).as_posix(): token(n, r) for n, r in revisions.items()}
    assert sorted(expected) == sources
    for document in documents:
        assert document["fingerprint"] == files[document["source"]].fingerprint, document["source"]
        assert expected[document["source"]] in document["body"], document["source"]
