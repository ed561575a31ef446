"""Walking a corpus that holds odd things: undecodable names, links, FIFOs, unlistable folders."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.errors import SkippedFile
from indexer.walk import CorpusFile, kept_sources, walk_corpus
from search.model import document_id

PAGE = b"<html><body><h1>Harbour wall repaired</h1><p>The harbour wall was repaired after the storm.</p></body></html>"


def _entries(root: Path, **options) -> dict[str, CorpusFile | SkippedFile]:
    return {entry.source: entry for entry in walk_corpus([root], **options)}


def _skip(entries: dict, source: str) -> SkippedFile:
    entry = entries[source]
    assert isinstance(entry, SkippedFile), entry
    return entry


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "news").mkdir(parents=True)
    (corpus / "news" / "harbour.html").write_bytes(PAGE)
    return corpus


def test_a_name_that_is_not_utf8_gets_a_stable_printable_source(root):
    os.close(os.open(os.fsencode(root / "news") + b"/caf\xe9 \xff.html", os.O_CREAT | os.O_WRONLY))
    first = _entries(root)
    odd = first["news/caf\\xe9 \\xff.html"]
    assert isinstance(odd, CorpusFile)
    assert odd.source.encode("utf-8")  # printable: no lone surrogates
    assert document_id(odd.source)  # what raised UnicodeEncodeError before
    assert json.dumps(odd.source, ensure_ascii=False).encode("utf-8")
    assert [e.source for e in walk_corpus([root])] == list(first)  # same source every run


def test_newlines_and_long_names_are_files_like_any_other(root):
    (root / "news" / "two\nlines.html").write_bytes(PAGE)
    long_name = "x" * 250 + ".html"
    (root / "news" / long_name).write_bytes(PAGE)
    entries = _entries(root)
    assert isinstance(entries["news/two\nlines.html"], CorpusFile)
    assert isinstance(entries[f"news/{long_name}"], CorpusFile)


def test_dangling_link_and_link_loop_are_unreadable(root):
    (root / "news" / "gone.html").symlink_to(root / "news" / "deleted.html")
    (root / "news" / "a.html").symlink_to("b.html")
    (root / "news" / "b.html").symlink_to("a.html")
    entries = _entries(root)
    assert _skip(entries, "news/gone.html").reason == "unreadable"
    assert "dangling" in entries["news/gone.html"].detail
    for loop in ("news/a.html", "news/b.html"):
        assert (_skip(entries, loop).reason, entries[loop].detail) == ("unreadable", "a symbolic link loop")
    assert isinstance(entries["news/harbour.html"], CorpusFile)


def test_fifo_and_socket_are_not_regular(root):
    os.mkfifo(root / "news" / "pipe.html")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "news" / "sock.html"))
        entries = _entries(root)
    finally:
        server.close()
    assert (_skip(entries, "news/pipe.html").reason, entries["news/pipe.html"].detail) == ("not-regular", "a FIFO")
    assert (_skip(entries, "news/sock.html").reason, entries["news/sock.html"].detail) == ("not-regular", "a socket")


def test_a_link_out_of_the_root_is_skipped_unless_links_are_followed(root, tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_bytes(PAGE)
    (root / "news" / "passwd.html").symlink_to(secret)
    (root / "news" / "alias.html").symlink_to("harbour.html")  # inside the root: fine
    entries = _entries(root)
    assert (_skip(entries, "news/passwd.html").reason) == "outside-root"
    assert isinstance(entries["news/alias.html"], CorpusFile)
    followed = _entries(root, follow_links=True)
    assert isinstance(followed["news/passwd.html"], CorpusFile)


def test_a_link_made_of_dot_dots_is_judged_by_its_real_path(root, tmp_path):
    (tmp_path / "outside.html").write_bytes(PAGE)
    (root / "news" / "sneaky.html").symlink_to("../../outside.html")
    assert _skip(_entries(root), "news/sneaky.html").reason == "outside-root"


def test_folder_links_are_followed_only_when_asked_and_only_once(root, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "far.html").write_bytes(PAGE)
    (elsewhere / "itself").symlink_to(".", target_is_directory=True)  # a loop outside the root
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)
    (root / "news" / "loop").symlink_to("..", target_is_directory=True)  # back to the root
    (root / "again").symlink_to("news", target_is_directory=True)  # a folder walked anyway
    entries = _entries(root)
    assert _skip(entries, "linked").reason == "outside-root"
    assert "linked/far.html" not in entries and "again/harbour.html" not in entries
    followed = [e.source for e in walk_corpus([root], follow_links=True)]
    assert followed.count("linked/far.html") == 1 and not any("itself/" in s for s in followed)
    assert followed.count("news/harbour.html") == 1 and not any("loop/" in s for s in followed)
    assert not any(s.startswith("again/") for s in followed)


def test_a_file_deleted_after_its_folder_was_listed_is_not_there(root):
    for name in ("a.html", "b.html", "c.html"):
        (root / "news" / name).write_bytes(PAGE)
    walk = walk_corpus([root])
    first = next(walk)
    assert first.source == "news/a.html"
    (root / "news" / "b.html").unlink()  # the folder's listing is already read
    rest = [entry.source for entry in walk]
    assert rest == ["news/c.html", "news/harbour.html"]


def test_a_folder_that_cannot_be_listed_is_reported(root, monkeypatch):
    (root / "locked").mkdir()
    (root / "locked" / "inside.html").write_bytes(PAGE)
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    entries = _entries(root)
    locked = _skip(entries, "locked")
    assert (locked.reason, locked.folder) == ("unreadable", True)
    assert "Permission denied" in locked.detail
    assert isinstance(entries["news/harbour.html"], CorpusFile)


def test_the_root_itself_unlistable_is_reported_as_dot(root, monkeypatch):
    def scandir(path):
        raise OSError(5, "Input/output error", str(path))

    monkeypatch.setattr(os, "scandir", scandir)
    assert [(e.source, e.reason, e.folder) for e in walk_corpus([root])] == [(".", "unreadable", True)]


_WALK_AS_NOBODY = """
import json, os, sys
from pathlib import Path
from indexer.walk import walk_corpus
os.setgid(65534); os.setuid(65534)
entries = walk_corpus([Path(sys.argv[1])])
print(json.dumps([[e.source, getattr(e, "reason", ""), getattr(e, "folder", False)] for e in entries]))
"""


def test_a_folder_without_permissions_is_reported_for_real(tmp_path):
    """A real EACCES: as root chmod does not stop reading, so the walk runs as nobody."""
    top = Path(os.path.realpath(tmp_path)) / "corpus"
    (top / "locked").mkdir(parents=True)
    (top / "locked" / "inside.html").write_bytes(PAGE)
    (top / "open.html").write_bytes(PAGE)
    (top / "locked").chmod(0)
    command = [sys.executable, "-c", _WALK_AS_NOBODY, str(top)]
    if os.geteuid() == 0:
        for folder in [top, *top.parents]:  # let nobody reach the corpus
            folder.chmod(folder.stat().st_mode | 0o005)
    else:
        command = [sys.executable, "-c", _WALK_AS_NOBODY.replace("os.setgid(65534); os.setuid(65534)", ""), str(top)]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=60, cwd=Path(__file__).parent.parent, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [["open.html", "", False], ["locked", "unreadable", True]]


def test_kept_sources_of_unreadable_files_and_folders():
    known = ["a/x.html", "a/b/y.html", "ab/z.html", "c.html"]
    assert kept_sources(SkippedFile("a", "unreadable", folder=True), known) == {"a/x.html", "a/b/y.html"}
    assert kept_sources(SkippedFile(".", "unreadable", folder=True), known) == set(known)
    assert kept_sources(SkippedFile("c.html", "unreadable"), known) == {"c.html"}
    assert kept_sources(SkippedFile("c.html", "outside-root"), known) == set()


def test_skipped_files_are_printable_even_from_raw_names():
    skipped = SkippedFile("caf\udce9.html", "unreadable", "cannot open caf\udce9.html")
    assert skipped.source == "caf\\xe9.html"
    assert json.dumps(skipped.to_json(), ensure_ascii=False).encode("utf-8")
