"""web/logs.py: one logging configuration for the CLI and the server, set by ``newsearch -v/-q``.

A reindex logs each skipped file (source and reason) and its timings at INFO; the level is the
command's own, not the one a previous command in the same process set.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.test_reindex import _write_corpus
from web import create_app, logs
from web.cli import cli


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    _write_corpus(root)  # two pages, a .pdf (unsupported-type) and a broken .gz among them
    return root


def _reindex(runner, *args: str, corpus: Path, index: Path):
    return runner.invoke(cli, [*args, "reindex", str(corpus), "--index", str(index), "--workers", "0"])


def _messages(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("newsearch") and r.levelno == level]


def test_verbose_reindex_logs_every_skip_with_its_reason(runner, corpus, tmp_path, caplog, logging_enabled):
    result = _reindex(runner, "-v", corpus=corpus, index=tmp_path / "index")
    assert result.exit_code == 0, result.output
    skips = [m for m in _messages(caplog, logging.INFO) if m.startswith("skipped ")]
    assert len(skips) == 2, skips
    assert "skipped notes.pdf: unsupported-type .pdf" in skips
    assert any(m.startswith("skipped wales/broken.html.gz: bad-gzip") for m in skips), skips
    assert "skipped notes.pdf: unsupported-type .pdf" in result.stderr  # on stderr, not in the report on stdout
    assert "skipped notes.pdf" not in result.stdout


def test_verbose_reindex_logs_its_timings(runner, corpus, tmp_path, caplog, logging_enabled):
    result = _reindex(runner, "-v", corpus=corpus, index=tmp_path / "index")
    assert result.exit_code == 0, result.output
    messages = _messages(caplog, logging.INFO)
    assert any(m.startswith("walked the corpus in ") and m.endswith(": 4 pages found") for m in messages), messages
    assert any(m.startswith("extracted and wrote 2 articles in ") for m in messages), messages
    done = [m for m in messages if m.startswith(f"reindexed {tmp_path / 'index'} in ")]
    assert len(done) == 1 and "2 indexed" in done[0] and "2 skipped" in done[0], messages


def test_without_verbose_a_reindex_logs_nothing_after_a_verbose_one(runner, corpus, tmp_path, logging_enabled):
    assert "skipped notes.pdf" in _reindex(runner, "-v", corpus=corpus, index=tmp_path / "index").stderr
    quiet = _reindex(runner, corpus=corpus, index=tmp_path / "index")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr == ""


def test_the_reindex_verbose_option_is_the_groups(runner, corpus, tmp_path, logging_enabled):
    result = runner.invoke(cli, ["reindex", str(corpus), "--index", str(tmp_path / "index"), "--workers", "0", "-v"])
    assert result.exit_code == 0, result.output
    assert "skipped notes.pdf: unsupported-type .pdf" in result.stderr


@pytest.mark.parametrize(
    ("options", "level"),
    [([], logging.WARNING), (["-v"], logging.INFO), (["-vv"], logging.DEBUG), (["--quiet"], logging.ERROR)],
)
def test_the_group_options_set_the_level(runner, options, level):
    result = runner.invoke(cli, [*options, "search", "anything", "--index", "/nonexistent/index"])
    assert result.exit_code == 1  # no index there: the level is set all the same
    assert logging.getLogger(logs.LOGGER_NAME).level == level


def test_quiet_hides_warnings_and_shows_errors(runner, logging_enabled):
    logger = logging.getLogger("newsearch.test")

    @cli.command("log-both")
    def log_both() -> None:
        logger.warning("a warning")
        logger.error("an error")

    try:
        result = runner.invoke(cli, ["-q", "log-both"])
        assert "an error" in result.stderr and "a warning" not in result.stderr
        result = runner.invoke(cli, ["log-both"])
        assert "an error" in result.stderr and "a warning" in result.stderr
    finally:
        cli.commands.pop("log-both")


def test_one_handler_however_often_it_is_configured(sample_index_dir, runner):
    for _ in range(3):
        create_app({"TESTING": True, "INDEX_DIR": str(sample_index_dir)})
        runner.invoke(cli, ["-v", "--help"])
    handlers = logging.getLogger(logs.LOGGER_NAME).handlers
    assert len([h for h in handlers if isinstance(h, logging.StreamHandler)]) == 1


def test_the_app_keeps_the_level_the_cli_set(sample_index_dir):
    logs.configure(logs.VERBOSE)
    create_app({"TESTING": True, "INDEX_DIR": str(sample_index_dir)})
    assert logging.getLogger(logs.LOGGER_NAME).level == logging.INFO
    logs.configure(logs.DEFAULT)
