"""Shared fixtures: a small hand-written index, the Flask app, its client and a CLI runner; a second index
of stories in several versions (``features_client``, tests/web_pages.py); the real pages (``shared_data``);
the OpenSearch cluster (``opensearch_cluster``) comes from the plugin tests/opensearch_cluster.py."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.model import Article
from tests.shared_data import DATA_ENV_VAR, shared_data_dir

pytest.register_assert_rewrite("tests.web_pages")  # its page readers assert: full messages when they fail

from tests.web_pages import FEATURE_ARTICLES  # noqa: E402 - after the registration above

pytest_plugins = ("tests.opensearch_cluster",)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real pages; skips when absent, except on CI (CI=true) where their absence is a failure."""
    path = shared_data_dir()
    if not path.is_dir():
        message = f"real data not found at {path} (set ${DATA_ENV_VAR})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def wrk() -> None:
    """Debian's wrk, the benchmarks' load tool (``make bench-deps``); skips when absent, except on CI where it fails."""
    if shutil.which("wrk") is None:
        message = "wrk is not installed (apt-get install wrk)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


SAMPLE_ARTICLES = [
    Article(
        headline="Flood defences hold as river peaks in Worcester",
        body="Temporary flood barriers kept the river Severn out of Worcester city centre overnight.\n\n"
        "The Environment Agency said the river peaked at 5.2 metres shortly after midnight.\n\n"
        "Residents along the quay had been told to move cars to higher ground.",
        source="west-midlands/flood-defences.html",
        date=_utc(2009, 3, 10, 8, 30),
        region="West Midlands",
        url="http://news.example.org/west-midlands/flood-defences",
    ),
    Article(
        headline="Council approves new tram line for the city",
        body="Councillors voted to extend the tram network to the northern suburbs.\n\n"
        "Construction of the tram line is expected to start next spring and take two years.",
        source="west-midlands/tram-line.html",
        date=_utc(2008, 11, 2, 14, 0),
        region="West Midlands",
        url="http://news.example.org/west-midlands/tram-line",
    ),
    Article(
        headline="Glacier retreat measured by satellite",
        body="Researchers used satellite images to measure how far alpine glaciers have retreated.\n\n"
        "Climate records suggest the retreat has accelerated since 1990.",
        source="science/glacier-retreat.html",
        date=_utc(2009, 5, 4, 22, 47),
        region="Science & Environment",
        url="http://news.example.org/science/glacier-retreat",
    ),
    Article(
        headline="Ministers meet to discuss fishing quotas",
        body="European fisheries ministers met in Brussels to discuss next year's fishing quotas.\n\n"
        "Scientists have warned that cod stocks in the North Sea remain fragile.",
        source="europe/fishing-quotas.html",
        date=_utc(2005, 12, 20, 9, 15),
        region="Europe",
        url="http://news.example.org/europe/fishing-quotas",
    ),
    Article(
        headline="Village school wins <national> award & prize",
        body="A village school with forty pupils has won a national award for its garden project.\n\n"
        "Pupils grew vegetables for the school kitchen <b>all year</b>.",
        source="england/school-award.txt",
        date=None,
        region="England",
        url="",
    ),
]


@pytest.fixture(scope="session")
def sample_articles() -> list[Article]:
    return list(SAMPLE_ARTICLES)


@pytest.fixture(scope="session")
def sample_index_dir(tmp_path_factory: pytest.TempPathFactory, sample_articles: list[Article]) -> Path:
    """An index of SAMPLE_ARTICLES, built once per test session and never written to by tests."""
    from tests.engines import write_index

    path = tmp_path_factory.mktemp("sample-index")
    write_index(path, sample_articles)
    return path


@pytest.fixture()
def app(sample_index_dir: Path):
    from web import create_app

    return create_app({"TESTING": True, "INDEX_DIR": str(sample_index_dir)})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def logging_enabled() -> Iterator[None]:
    """Undo a ``logging.disable`` left by another test in this process (bench/extraction.py's peers set one)."""
    disabled = logging.root.manager.disable
    logging.disable(logging.NOTSET)
    yield
    logging.disable(disabled)


@pytest.fixture(scope="session")
def features_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of tests/web_pages.py's FEATURE_ARTICLES, built once per session and never written to."""
    from tests.engines import write_index

    path = tmp_path_factory.mktemp("web-features-index")
    write_index(path, FEATURE_ARTICLES)
    return path


@pytest.fixture()
def features_client(features_index_dir: Path):
    from web import create_app

    return create_app({"TESTING": True, "INDEX_DIR": str(features_index_dir)}).test_client()
