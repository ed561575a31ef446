"""bench/load_reindex.py: full reindexes one after another with the real CLI, each switch of the index seen."""

from __future__ import annotations

import os
from pathlib import Path

from bench.load_reindex import ReindexLoop, generation, generations_open, reindex_command
from bench.perf_process import run_measured

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_runs_until_the_most_allowed_and_each_switches_the_index(tmp_path: Path) -> None:
    index = tmp_path / "index"
    first = run_measured(reindex_command(CORPUS, index, tmp_path / "first.json"))
    assert first.returncode == 0
    before = generation(index)
    loop = ReindexLoop(CORPUS, index, tmp_path, max_runs=2, name="test")
    loop.start()
    runs = loop.join()  # no stop asked: the loop ends at max_runs
    assert [run["returncode"] for run in runs] == [0, 0]
    generations = [before, *(run["generation"] for run in runs)]
    assert len(set(generations)) == 3 and generations[-1] == generation(index)
    for run in runs:
        assert run["started_s"] <= run["switched_s"] <= run["ended_s"]
        assert run["seen"] == run["indexed"] > 0 and run["skipped"] == 0
        assert "switching index" in Path(run["log"]).read_text(encoding="utf-8")
    assert runs[1]["started_s"] >= runs[0]["ended_s"]


def test_stop_starts_no_new_run(tmp_path: Path) -> None:
    index = tmp_path / "index"
    loop = ReindexLoop(CORPUS, index, tmp_path, max_runs=5, name="test")
    loop.stop()
    loop.start()
    assert loop.join() == []
    assert not index.exists()


def test_generations_open_are_the_folders_of_the_open_files_under_home(tmp_path: Path) -> None:
    served = tmp_path / ".index.gen-2" / "segment.seg"
    served.parent.mkdir()
    served.write_bytes(b"x")
    (tmp_path / "report.json").write_text("{}", encoding="utf-8")
    with open(served, "rb"), open(tmp_path / "report.json", encoding="utf-8"):
        assert generations_open(os.getpid(), tmp_path) == {str(served.parent)}
    assert generations_open(os.getpid(), tmp_path) == set()
