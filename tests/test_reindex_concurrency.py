"""Two `newsearch reindex` processes on one index: the second is refused, or waits with --wait.

The first is frozen (SIGSTOP) once it has logged that it is extracting, so it surely holds
the index's lock while the others start; nothing depends on timing.
"""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path

import pytest

from tests.corpus_pages import assert_index_matches, write_corpus
from tests.reindex_process import start_reindex, wait_for_phase

PAGES = 40


@pytest.mark.timeout(240)
def test_a_second_reindex_is_refused_and_one_with_wait_runs_after_the_first(tmp_path: Path):
    root, index_path = tmp_path / "corpus", tmp_path / "index"
    revisions = write_corpus(root, PAGES)
    first = start_reindex(root, index_path, "--full", "--workers", "0")
    waiting = None
    try:
        assert wait_for_phase(first, re.compile("extracting")).reached
        os.killpg(first.pid, signal.SIGSTOP)

        refused = start_reindex(root, index_path, "--workers", "0")
        out, err = refused.communicate(timeout=120)
        assert refused.returncode == 1
        assert f"another reindex of {index_path} is running (process {first.pid})" in err
        assert "Traceback" not in err

        waiting = start_reindex(root, index_path, "--workers", "0", "--wait")
        assert wait_for_phase(waiting, re.compile(rf"waiting: another reindex .*\(process {first.pid}\)")).reached
        os.killpg(first.pid, signal.SIGCONT)
        first_out, _ = first.communicate(timeout=120)
        assert first.returncode == 0
        out, err = waiting.communicate(timeout=120)
        assert waiting.returncode == 0, err
    finally:
        for process in (first, waiting):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
    assert re.search(rf"indexed\s+{PAGES}\b", first_out)
    assert re.search(rf"unchanged\s+{PAGES}\b", out)  # it ran after the first had finished, not alongside
    assert_index_matches(index_path, root, revisions)
