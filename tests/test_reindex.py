import gzip
import json
import os
from pathlib import Path

import pytest

import indexer.reindex
from indexer.reindex import reindex
from indexer.walk import walk_corpus
from search.model import SearchRequest
from tests.engines import config_at, engine_at

HTML_PAGE = """<!DOCTYPE html><html><head><title>Quarry plan rejected</title>
<meta property="og:title" content="Quarry plan rejected after long inquiry">
<meta property="article:published_time" content="2012-06-05T10:00:00+01:00">
<meta property="article:section" content="Wales"></head>
<body><nav><a href="/">Home</a> <a href="/wales">Wales</a></nav>
<article><h1>Quarry plan rejected after long inquiry</h1>
<p>Planning inspectors have rejected a proposal to reopen the limestone quarry above the village of Pentrefelin.</p>
<p>Residents had campaigned for three years against the lorries that the quarry would have brought
through the narrow lanes.</p>
<p>The company behind the plan said it was disappointed and would consider an appeal.</p></article>
<footer>Copyright notice</footer></body></html>"""


def _write_corpus(root: Path) -> None:
    (root / "Business").mkdir(parents=True)
    (root / "Business" / "bakery.txt").write_text(
        "Bakery chain expands north\n\nThe family bakery chain is opening twelve shops in the north.\n\n"
        "Its founder said bread sales had doubled since the spring.\n",
        encoding="utf-8",
    )
    (root / "wales").mkdir()
    (root / "wales" / "quarry.html").write_text(HTML_PAGE, encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4 not a news page")
    (root / "wales" / "broken.html.gz").write_bytes(b"this is not gzip data")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "ignored.txt").write_text("Hidden\n\nNot part of the corpus.\n", encoding="utf-8")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    _write_corpus(root)
    return root


def _search(index_path: Path, q: str):
    return engine_at(index_path).search(SearchRequest(q=q))


def test_walk_is_sorted_relative_and_skips_hidden_files(corpus):
    sources = [f.source for f in walk_corpus([corpus])]
    assert sources == ["notes.pdf", "Business/bakery.txt", "wales/broken.html.gz", "wales/quarry.html"]


def test_first_run_indexes_and_reports_skips(corpus, tmp_path):
    index_path = tmp_path / "index"
    report = reindex([corpus], config_at(index_path), workers=0)
    assert (report.seen, report.indexed, report.unchanged, report.removed) == (4, 2, 0, 0)
    assert report.skipped_by_reason == {"unsupported-type": 1, "bad-gzip": 1}
    hit = _search(index_path, "limestone quarry").hits[0]
    assert (hit.source, hit.region, hit.date.year) == ("wales/quarry.html", "Wales", 2012)
    assert _search(index_path, "bakery").hits[0].region == "Business"


def test_second_run_is_incremental(corpus, tmp_path):
    index_path = tmp_path / "index"
    reindex([corpus], config_at(index_path), workers=0)
    again = reindex([corpus], config_at(index_path), workers=0)
    assert (again.indexed, again.unchanged, again.removed) == (0, 2, 0)

    bakery = corpus / "Business" / "bakery.txt"
    bakery.write_text(
        "Bakery chain closes shops\n\nThe bakery chain is closing its shops after a poor winter.\n", encoding="utf-8"
    )
    os.utime(bakery, ns=(1, 1_000_000_000_000))
    (corpus / "wales" / "quarry.html").unlink()
    changed = reindex([corpus], config_at(index_path), workers=0)
    assert (changed.indexed, changed.unchanged, changed.removed) == (1, 0, 1)
    assert _search(index_path, "limestone").total == 0
    assert _search(index_path, "winter").hits[0].headline == "Bakery chain closes shops"


def test_a_file_that_breaks_keeps_its_old_document(corpus, tmp_path):
    index_path = tmp_path / "index"
    reindex([corpus], config_at(index_path), workers=0)
    page = corpus / "wales" / "quarry.html"
    page.write_bytes(b"")
    report = reindex([corpus], config_at(index_path), workers=0)
    assert "empty" in report.skipped_by_reason
    assert _search(index_path, "limestone").total == 1


def test_full_rebuild_and_process_pool(corpus, tmp_path):
    for n in range(30):
        (corpus / "Business" / f"market-{n}.txt").write_text(
            f"Market report number {n}\n\nShares in the harbour company rose for day {n} running.\n", encoding="utf-8"
        )
    index_path = tmp_path / "index"
    reindex([corpus], config_at(index_path), workers=0)
    report = reindex([corpus], config_at(index_path), full=True, workers=2)
    assert report.full and report.indexed == 32 and report.unchanged == 0
    assert index_path.is_symlink()
    assert _search(index_path, "harbour company").total == 30


def test_report_file_lists_every_skip(corpus, tmp_path):
    report = reindex([corpus], config_at(tmp_path / "index"), workers=0)
    out = tmp_path / "report.json"
    report.write_json(out)
    data = json.loads(out.read_text())
    assert data["skipped_by_reason"] == {"unsupported-type": 1, "bad-gzip": 1}
    assert {entry["source"] for entry in data["skipped_files"]} == {"notes.pdf", "wales/broken.html.gz"}
    assert data["pages_per_s"] > 0


def test_missing_root_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        reindex([tmp_path / "nope"], config_at(tmp_path / "index"))


def test_gzip_pages_are_indexed(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "quarry.html.gz").write_bytes(gzip.compress(HTML_PAGE.encode("utf-8")))
    report = reindex([root], config_at(tmp_path / "index"), workers=0)
    assert report.indexed == 1


def test_progress_bar_when_asked_and_none_by_default_off_a_terminal(corpus, tmp_path, capsys):
    reindex([corpus], config_at(tmp_path / "a"), workers=0, progress=True)
    assert "100%" in capsys.readouterr().err
    reindex([corpus], config_at(tmp_path / "b"), workers=0)
    assert "100%" not in capsys.readouterr().err


# -- hostile corpora: one bad file costs one skip, never the run ---------------------------------


def _page(word: str) -> str:
    """A page of its own story (pages too alike are grouped as one story in the results)."""
    paragraphs = "".join(f"<p>The {word} inquiry heard witness {n} describe the {word} works.</p>" for n in range(12))
    return f"<html><head><title>{word} inquiry</title></head><body><h1>{word} inquiry</h1>{paragraphs}</body></html>"


def _write_page(path: Path, word: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_page(word), encoding="utf-8")


@pytest.mark.timeout(120)
def test_odd_names_are_indexed_and_reported(tmp_path):
    root = tmp_path / "corpus"
    _write_page(root / "plain.html", "plainword")
    raw = os.fsencode(root) + b"/caf\xe9.html"
    with open(raw, "wb") as handle:
        handle.write(_page("latinword").encode("utf-8"))
    with open(os.fsencode(root) + b"/bro\xffken.html.gz", "wb") as handle:
        handle.write(b"not gzip")
    _write_page(root / "new\nline.html", "newlineword")
    index_path = tmp_path / "index"
    report = reindex([root], config_at(index_path), workers=0)
    assert report.indexed == 3 and report.skipped_by_reason == {"bad-gzip": 1}
    assert _search(index_path, "latinword").hits[0].source == "caf\\xe9.html"
    assert _search(index_path, "newlineword").hits[0].source == "new\nline.html"
    out = tmp_path / "report.json"
    report.write_json(out)
    assert json.loads(out.read_text(encoding="utf-8"))["skipped_files"][0]["source"] == "bro\\xffken.html.gz"
    again = reindex([root], config_at(index_path), workers=0)  # the escaped names are stable: nothing changed
    assert (again.indexed, again.unchanged, again.removed) == (0, 3, 0)


def test_reindex_command_report_with_an_undecodable_name(tmp_path, runner):
    from web.cli import cli

    root = tmp_path / "corpus"
    root.mkdir()
    with open(os.fsencode(root) + b"/\xe9t\xe9.html", "wb") as handle:
        handle.write(b"\x00\x01 binary")
    out = tmp_path / "report.json"
    result = runner.invoke(
        cli, ["reindex", str(root), "--index", str(tmp_path / "index"), "--report", str(out), "--workers", "0"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["skipped_files"][0]["source"] == "\\xe9t\\xe9.html"


def test_an_unlistable_folder_keeps_its_documents(corpus, tmp_path, monkeypatch):
    index_path = tmp_path / "index"
    reindex([corpus], config_at(index_path), workers=0)
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "wales":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = reindex([corpus], config_at(index_path), workers=0)
    assert report.removed == 0
    assert [(s.source, s.reason, s.folder) for s in report.skipped if s.folder] == [("wales", "unreadable", True)]
    assert _search(index_path, "limestone").total == 1
    monkeypatch.undo()
    (corpus / "wales" / "quarry.html").unlink()  # once listable again, a deleted file is removed
    assert reindex([corpus], config_at(index_path), workers=0).removed == 1


def test_a_dangling_link_keeps_its_document_and_a_vanished_file_keeps_its_own(tmp_path, monkeypatch):
    root, store = tmp_path / "corpus", tmp_path / "corpus" / "store"
    _write_page(store / "quarry.html", "limestone")
    _write_page(root / "mill.html", "millstone")
    (root / "link.html").symlink_to(store / "quarry.html")
    index_path = tmp_path / "index"
    reindex([root], config_at(index_path), workers=0)
    assert {hit.source for hit in _search(index_path, "limestone").hits} == {"link.html"}  # one story
    assert _search(index_path, "limestone").hits[0].versions[0].source == "store/quarry.html"

    (store / "quarry.html").unlink()
    os.utime(root / "mill.html", ns=(1, 1))
    real_extract_all = indexer.reindex.extract_all

    def extract_after_deleting(pending, *args, **kwargs):
        (root / "mill.html").unlink()  # gone between the walk and the read
        return real_extract_all(pending, *args, **kwargs)

    monkeypatch.setattr(indexer.reindex, "extract_all", extract_after_deleting)
    report = reindex([root], config_at(index_path), workers=0)
    reasons = {s.source: (s.reason, s.detail) for s in report.skipped}
    assert reasons["link.html"] == ("unreadable", "a dangling symbolic link")
    assert reasons["mill.html"][0] == "unreadable"
    assert report.removed == 1  # store/quarry.html, really deleted
    assert _search(index_path, "limestone").hits[0].source == "link.html"
    assert _search(index_path, "millstone").total == 1


def test_links_out_of_the_corpus_are_not_followed_unless_asked(tmp_path):
    root = tmp_path / "corpus"
    _write_page(root / "inside.html", "insideword")
    _write_page(tmp_path / "private" / "secret.html", "secretword")
    (root / "passwd.html").symlink_to(tmp_path / "private" / "secret.html")
    (root / "private").symlink_to(tmp_path / "private", target_is_directory=True)
    index_path = tmp_path / "index"
    report = reindex([root], config_at(index_path), workers=0)
    assert report.skipped_by_reason == {"outside-root": 2}
    assert _search(index_path, "secretword").total == 0
    followed = reindex([root], config_at(index_path), workers=0, follow_links=True)
    assert followed.indexed == 2
    hits = _search(index_path, "secretword").hits  # the same page twice: one story, two versions
    assert {hits[0].source, *(version.source for version in hits[0].versions)} == {"passwd.html", "private/secret.html"}
    assert reindex([root], config_at(index_path), workers=0).removed == 2  # not asked again: gone from the index


@pytest.mark.timeout(120)
def test_a_fifo_and_a_socket_do_not_hang_the_reindex(corpus, tmp_path):
    import socket

    os.mkfifo(corpus / "wales" / "pipe.html")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(corpus / "wales" / "socket.html"))
    try:
        report = reindex([corpus], config_at(tmp_path / "index"), workers=2)
    finally:
        server.close()
    assert report.skipped_by_reason == {"not-regular": 2, "unsupported-type": 1, "bad-gzip": 1}
    assert report.indexed == 2


def test_reindex_command_follows_links_out_of_the_corpus_only_with_follow_links(tmp_path, runner):
    from web.cli import cli

    root = tmp_path / "corpus"
    _write_page(root / "inside.html", "insideword")
    _write_page(tmp_path / "elsewhere" / "far.html", "farword")
    (root / "far.html").symlink_to(tmp_path / "elsewhere" / "far.html")
    command = ["reindex", str(root), "--index", str(tmp_path / "index"), "--workers", "0"]
    plain = runner.invoke(cli, command)
    assert plain.exit_code == 0, plain.output
    assert "outside-root" in plain.output
    assert _search(tmp_path / "index", "farword").total == 0
    followed = runner.invoke(cli, [*command, "--follow-links"])
    assert followed.exit_code == 0, followed.output
    assert _search(tmp_path / "index", "farword").hits[0].source == "far.html"


def test_a_full_rebuild_keeps_the_documents_of_an_unlistable_folder(corpus, tmp_path, monkeypatch):
    index_path = tmp_path / "index"
    reindex([corpus], config_at(index_path), workers=0)
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "wales":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = reindex([corpus], config_at(index_path), workers=0, full=True)
    assert ("wales", "unreadable") in {(s.source, s.reason) for s in report.skipped if s.folder}
    hit = _search(index_path, "limestone").hits[0]  # carried over from the index in use
    assert (hit.source, hit.region) == ("wales/quarry.html", "Wales")
    monkeypatch.undo()
    assert reindex([corpus], config_at(index_path), workers=0).unchanged == 2  # with its fingerprint: not re-extracted
