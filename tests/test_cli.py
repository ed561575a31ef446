import json
import socket
from pathlib import Path

import pytest

from search import config
from tests.test_reindex import _write_corpus
from web.cli import cli


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    _write_corpus(root)
    return root


@pytest.fixture()
def indexed(runner, corpus, tmp_path) -> Path:
    index_path = tmp_path / "index"
    result = runner.invoke(cli, ["reindex", str(corpus), "--index", str(index_path), "--workers", "0"])
    assert result.exit_code == 0, result.output
    return index_path


def test_extract_prints_one_json_line_per_file(runner, corpus):
    page = corpus / "wales" / "quarry.html"
    text = corpus / "Business" / "bakery.txt"
    result = runner.invoke(cli, ["extract", str(page), str(text)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [set(line) for line in lines] == [{"headline", "date", "region", "url", "source", "capture_url", "body"}] * 2
    assert lines[0]["headline"] == "Quarry plan rejected after long inquiry"
    assert lines[0]["date"] == "2012-06-05T09:00:00+00:00"
    assert "Copyright notice" not in lines[0]["body"] and "Home" not in lines[0]["body"]
    assert lines[1]["region"] == "Business"


def test_extract_reports_a_skipped_file_and_fails(runner, corpus):
    result = runner.invoke(cli, ["extract", str(corpus / "notes.pdf")])
    assert result.exit_code == 1
    assert "unsupported-type" in result.output


def test_reindex_prints_a_summary_and_writes_the_report(runner, corpus, tmp_path):
    report_path = tmp_path / "skips.json"
    result = runner.invoke(
        cli, ["reindex", str(corpus), "--index", str(tmp_path / "ix"), "--report", str(report_path), "--workers", "0"]
    )
    assert result.exit_code == 0, result.output
    for label in ("seen", "indexed", "unchanged", "removed", "skipped", "bad-gzip", "unsupported-type", "pages/s"):
        assert label in result.output
    assert json.loads(report_path.read_text())["indexed"] == 2


def test_reindex_reads_the_index_dir_from_the_environment(runner, corpus, tmp_path):
    target = tmp_path / "from-env"
    result = runner.invoke(cli, ["reindex", str(corpus), "--workers", "0"], env={config.INDEX_ENV_VAR: str(target)})
    assert result.exit_code == 0, result.output
    assert str(target) in result.output and target.is_dir()


def test_search_prints_results(runner, indexed):
    result = runner.invoke(cli, ["search", "limestone", "--index", str(indexed)])
    assert result.exit_code == 0, result.output
    assert "1 results" in result.output
    assert "Quarry plan rejected" in result.output and "wales/quarry.html" in result.output


def test_search_json_is_the_api_shape(runner, indexed):
    result = runner.invoke(
        cli, ["search", "", "--region", "business", "--sort", "newest", "--json", "--index", str(indexed)]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["total"] == 1 and body["query"]["region"] == "business"
    assert body["results"][0]["headline"] == "Bakery chain expands north"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--from", "soon"], "--from"),
        (["--page-size", "500"], "--page-size"),
        (["--from", "2010-01-02", "--to", "2010-01-01"], "--from"),
    ],
)
def test_search_rejects_bad_options_by_name(runner, indexed, args, option):
    result = runner.invoke(cli, ["search", "quarry", *args, "--index", str(indexed)])
    assert result.exit_code == 2
    assert option in result.output


def test_search_without_an_index_says_what_to_do(runner, tmp_path):
    result = runner.invoke(cli, ["search", "quarry", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "newsearch reindex" in result.output


def test_serve_hands_waitress_the_bound_socket_and_the_chosen_index(runner, indexed, monkeypatch):
    calls = {}

    def fake_waitress(app, sock, threads):
        calls.update(app=app, address=sock.getsockname(), threads=threads)

    monkeypatch.setattr("web.serving._waitress", fake_waitress)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = runner.invoke(cli, ["serve", "--port", str(port), "--processes", "1", "--index", str(indexed)])
    assert result.exit_code == 0, result.output
    assert (calls["address"], calls["threads"]) == (("127.0.0.1", port), 4)
    response = calls["app"].test_client().get("/api/search?q=limestone")
    assert response.get_json()["total"] == 1


def test_the_engine_is_chosen_by_option_or_environment(runner, indexed):
    """--engine or $NEWSEARCH_ENGINE: the opensearch engine goes to the cluster of $NEWSEARCH_OPENSEARCH_URL (here one
    that does not answer: a one-line error naming it, never a traceback)."""
    assert runner.invoke(cli, ["search", "quarry", "--engine", "whoosh", "--index", str(indexed)]).exit_code == 0
    nowhere = {config.OPENSEARCH_URL_ENV_VAR: "http://127.0.0.1:9", config.OPENSEARCH_INDEX_ENV_VAR: "news"}
    for args, env in ((["--engine", "opensearch"], nowhere), ([], {**nowhere, config.ENGINE_ENV_VAR: "opensearch"})):
        for command in (["search", "quarry"], ["reindex"]):
            result = runner.invoke(cli, [*command, *args, "--index", str(indexed)], env=env)
            assert result.exit_code == 1, (command, result.output)
            assert "news on http://127.0.0.1:9" in result.output and "Traceback" not in result.output


def test_an_unknown_engine_is_a_usage_error(runner, indexed):
    result = runner.invoke(cli, ["search", "quarry", "--engine", "lucene"])
    assert result.exit_code == 2 and "'lucene' is not one of 'whoosh', 'opensearch'" in result.output
    result = runner.invoke(cli, ["search", "quarry"], env={config.ENGINE_ENV_VAR: "lucene"})
    assert result.exit_code == 2 and "unknown engine 'lucene'" in result.output
