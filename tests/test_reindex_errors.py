"""`newsearch reindex` when things go wrong: a full disk, a read-only folder, a busy index, a bad --report.

Always a clear message and exit status 1 (2 for a bad option), never a traceback, and the
index in use keeps answering. As root, chmod does not stop writes, so a full disk or a
read-only file system is simulated by making the index's file creation fail.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from search.model import SearchRequest
from search.whoosh.storage import generations, reindex_lock
from tests.corpus_pages import (
    COMMON_WORD,
    assert_index_matches,
    write_corpus,
    write_page,
)
from tests.engines import engine_at
from web.cli import cli

PAGES = 12


@pytest.fixture()
def corpus(tmp_path: Path) -> tuple[Path, dict[int, int]]:
    root = tmp_path / "corpus"
    return root, write_corpus(root, PAGES)


@pytest.fixture()
def built(runner, corpus, tmp_path) -> Path:
    index_path = tmp_path / "index"
    result = runner.invoke(cli, ["reindex", str(corpus[0]), "--index", str(index_path), "--workers", "0"])
    assert result.exit_code == 0, result.output
    return index_path


def _fail(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Creating any index file or folder fails with ``code`` (ENOSPC: disk full, EROFS: read-only)."""

    def failing(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(FileStorage, "create_file", failing)
    monkeypatch.setattr(os, "mkdir", failing)


def _reindex(runner, root: Path, index_path: Path, *options: str):
    return runner.invoke(cli, ["reindex", str(root), "--index", str(index_path), "--workers", "0", *options])


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
@pytest.mark.parametrize("mode", [["--full"], []])
def test_a_disk_that_cannot_be_written_gives_a_clear_message_and_the_old_index_keeps_serving(
    runner, corpus, built, monkeypatch, code, mode
):
    root, revisions = corpus
    serving = engine_at(built)
    live = os.path.realpath(built)
    write_page(root, 3, revision=1)  # something for an incremental run to write
    revisions[3] = 1
    _fail(monkeypatch, code)
    result = _reindex(runner, root, built, *mode)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a ClickException, not a traceback
    assert f"cannot write the index at {built}: {os.strerror(code)}" in result.output
    assert "The index in use is unchanged" in result.output
    assert os.path.realpath(built) == live
    assert [g.partial for g in generations(built)] == [False]  # no partial generation left taking space
    assert serving.search(SearchRequest(q=COMMON_WORD)).total == PAGES
    retried = _reindex(runner, root, built, *mode)  # nothing is left locked
    assert retried.exit_code == 0, retried.output
    assert_index_matches(built, root, revisions)
    assert serving.search(SearchRequest(q="n3r1")).total == 1


def test_a_busy_index_is_refused_with_a_clear_message(runner, corpus, built):
    with reindex_lock(built):
        result = _reindex(runner, corpus[0], built)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert f"another reindex of {built} is running (process {os.getpid()})" in result.output
    assert "--wait" in result.output


def test_a_report_into_a_missing_folder_fails_before_the_reindex(runner, corpus, tmp_path):
    index_path = tmp_path / "index"
    result = _reindex(runner, corpus[0], index_path, "--report", str(tmp_path / "missing" / "report.json"))
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "--report" in result.output and "does not exist" in result.output
    assert not index_path.exists()  # refused before any work


def test_the_report_is_written_whole_or_not_at_all(runner, corpus, built, tmp_path, monkeypatch):
    report = tmp_path / "report.json"
    report.write_text('{"previous": true}\n', encoding="utf-8")

    def on_a_full_disk(*args, **kwargs):
        temporary = named_temporary_file(*args, **kwargs)

        def write(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        temporary.write = write
        return temporary

    named_temporary_file = tempfile.NamedTemporaryFile
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", on_a_full_disk)
    result = _reindex(runner, corpus[0], built, "--report", str(report))
    monkeypatch.undo()
    assert result.exit_code == 1
    assert f"cannot write the report {report}: No space left on device" in result.output
    assert json.loads(report.read_text(encoding="utf-8")) == {"previous": True}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".report")) == []
    result = _reindex(runner, corpus[0], built, "--report", str(report))
    assert result.exit_code == 0
    assert json.loads(report.read_text(encoding="utf-8"))["seen"] == PAGES


def test_verbose_logs_each_phase_to_stderr(runner, corpus, tmp_path, logging_enabled):
    result = _reindex(runner, corpus[0], tmp_path / "index", "--full", "--verbose", "--commit-every", "5")
    assert result.exit_code == 0, result.output
    phases = result.stderr
    for phase in (
        "building new generation",
        "extracting 12 files",
        "committing batch 1",
        "committed batch 2",
        "committing batch 3",
        "switching index",
    ):
        assert phase in phases
    assert "committing batch" not in result.stdout
    quiet = _reindex(runner, corpus[0], tmp_path / "index")
    assert "extracting" not in quiet.stderr
