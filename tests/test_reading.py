"""Reading page files: gzip, size cap, charsets, binary files, .txt articles."""

from __future__ import annotations

import gzip
import pickle
from pathlib import Path

import pytest

from indexer.errors import REASONS, PageSkipped
from indexer.extract import extract_file, extract_html, is_supported
from indexer.reading import (
    content_suffix,
    declared_charsets,
    decode_html,
    gunzip,
    read_bytes,
    read_page,
)

HEADLINE = "Café owners protest “unfair” rates"
BODY = "Owners of the café on Rue de l’Église said the new rates were unfair — and too high."


def page(charset_meta: str = "", headline: str = HEADLINE, body: str = BODY) -> str:
    return (
        f"<html><head>{charset_meta}<title>{headline}</title></head>"
        f"<body><h1>{headline}</h1><p>{body}</p><p>{body}</p></body></html>"
    )


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# -- charsets -----------------------------------------------------------------------------------


def test_utf8_page(tmp_path):
    path = write(tmp_path, "a.html", page('<meta charset="utf-8">').encode("utf-8"))
    article = extract_file(path, tmp_path)
    assert article.headline == HEADLINE
    assert BODY in article.body
    assert article.source == "a.html"


def test_cp1252_bytes_declared_as_iso_8859_1_read_as_windows_1252(tmp_path):
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    data = page(meta).encode("cp1252")  # curly quotes and the dash are 0x93/0x94/0x97 in cp1252
    assert b"\x93" in data and b"\x97" in data
    text, encoding = decode_html(data)
    assert encoding == "cp1252"
    assert "“unfair”" in text and "—" in text
    article = extract_file(write(tmp_path, "b.htm", data), tmp_path)
    assert article.headline == HEADLINE
    assert "Rue de l’Église" in article.body


def test_utf8_bytes_declared_as_iso_8859_1_after_wayback_utf8_declaration(tmp_path):
    # A Wayback capture: the archive's utf-8 declaration first, then the page's own latin-1 one,
    # but the bytes are UTF-8.  Strict UTF-8 wins: no mojibake.
    meta = (
        '<script src="/static/wbhack.js" charset="utf-8"></script><meta charset="utf-8">'
        '<meta http-equiv="content-type" content="text/html;charset=iso-8859-1"/>'
    )
    data = page(meta).encode("utf-8")
    assert declared_charsets(data) == ["utf-8", "cp1252"]
    text, encoding = decode_html(data)
    assert encoding == "utf-8"
    article = extract_file(write(tmp_path, "c.html", data), tmp_path)
    assert article.headline == HEADLINE
    assert "Ã" not in article.body and "â€" not in article.headline


def test_latin1_bytes_behind_a_wrong_utf8_declaration_use_the_page_declaration(tmp_path):
    meta = '<meta charset="utf-8"><meta http-equiv="content-type" content="text/html;charset=iso-8859-1"/>'
    data = page(meta, headline="Café society", body="Crème brûlée for £5 at the café.").encode("latin-1")
    text, encoding = decode_html(data)
    assert encoding == "cp1252"
    assert "Crème brûlée for £5" in text


@pytest.mark.parametrize(
    "bom, codec",
    [
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ],
)
def test_byte_order_mark(tmp_path, bom, codec):
    data = bom + page('<meta charset="iso-8859-1">').encode(codec)
    text, encoding = decode_html(data)
    assert encoding == codec
    assert not text.startswith("\ufeff")
    article = extract_file(write(tmp_path, "bom.html", data), tmp_path)
    assert article.headline == HEADLINE


def test_undeclared_mostly_ascii_page_is_windows_1252():
    data = page(headline="It\x92s a deal", body="The firm\x92s deal was agreed on Monday, officials said.").encode(
        "latin-1"
    )
    text, encoding = decode_html(data)
    assert encoding == "cp1252"
    assert "It’s a deal" in text


# -- gzip, size, binary -------------------------------------------------------------------------


def test_gzip_page(tmp_path):
    path = write(tmp_path, "story.html.gz", gzip.compress(page().encode("utf-8")))
    assert is_supported(path)
    article = extract_file(path, tmp_path)
    assert article.headline == HEADLINE
    assert article.source == "story.html.gz"


def test_gzip_with_several_members(tmp_path):
    text = page().encode("utf-8")
    half = len(text) // 2
    data = gzip.compress(text[:half]) + gzip.compress(text[half:])
    assert read_bytes(write(tmp_path, "m.html.gz", data)) == text


@pytest.mark.parametrize(
    "data",
    [
        b"this is not gzip at all",
        gzip.compress(b"<html><body><p>cut short</p></body></html>" * 50)[:-30],  # truncated
        b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"garbage that does not inflate",
    ],
    ids=["bad-magic", "truncated", "corrupt"],
)
def test_broken_gzip(tmp_path, data):
    path = write(tmp_path, "broken.html.gz", data)
    with pytest.raises(PageSkipped) as caught:
        extract_file(path, tmp_path)
    assert caught.value.reason == "bad-gzip"


def test_decompressed_size_is_capped():
    bomb = gzip.compress(b"<p>" + b"a" * 5000 + b"</p>")
    assert len(gunzip(bomb, limit=10_000)) > 5000
    with pytest.raises(PageSkipped) as caught:
        gunzip(bomb, limit=1000)
    assert caught.value.reason == "too-large"


def test_plain_file_size_is_capped(tmp_path):
    path = write(tmp_path, "big.html", b"<p>" + b"x" * 2000 + b"</p>")
    with pytest.raises(PageSkipped) as caught:
        read_bytes(path, limit=1000)
    assert caught.value.reason == "too-large"


@pytest.mark.parametrize("name", ["picture.jpg", "notes.pdf", "archive.tar.gz", "page.html.bz2", "README", "x.gz"])
def test_unsupported_suffix(tmp_path, name):
    path = write(tmp_path, name, page().encode("utf-8"))
    assert not is_supported(path)
    with pytest.raises(PageSkipped) as caught:
        extract_file(path, tmp_path)
    assert caught.value.reason == "unsupported-type"


@pytest.mark.parametrize(
    "name", ["a.html", "a.HTM", "a.stm", "a.shtml", "a.txt", "a.html.gz", "a.STM.GZ", "dir with space/story (1).htm"]
)
def test_supported_suffixes(name):
    assert is_supported(Path(name))
    assert content_suffix(Path(name)) in (".html", ".htm", ".stm", ".shtml", ".txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        bytes(range(256)) * 8,
    ],
    ids=["png", "pdf", "noise"],
)
def test_binary_file_is_not_text(tmp_path, data):
    path = write(tmp_path, "fake.html", data)
    with pytest.raises(PageSkipped) as caught:
        extract_file(path, tmp_path)
    assert caught.value.reason == "not-text"


def test_binary_bytes_given_to_extract_html_are_not_text():
    with pytest.raises(PageSkipped) as caught:
        extract_html(b"\x00\x01\x02\x03binary\x00" * 100)
    assert caught.value.reason == "not-text"


def test_missing_file_is_unreadable(tmp_path):
    with pytest.raises(PageSkipped) as caught:
        extract_file(tmp_path / "nowhere.html", tmp_path)
    assert caught.value.reason == "unreadable"


def test_directory_is_unreadable(tmp_path):
    folder = tmp_path / "folder.html"
    folder.mkdir()
    with pytest.raises(PageSkipped) as caught:
        extract_file(folder, tmp_path)
    assert caught.value.reason == "unreadable"


def test_reasons_are_documented_and_page_skipped_pickles():
    import indexer.errors as errors

    for reason in REASONS:
        assert f"``{reason}``" in errors.__doc__
    error = pickle.loads(pickle.dumps(PageSkipped("bad-gzip", "truncated")))
    assert (error.reason, error.detail) == ("bad-gzip", "truncated")


# -- .txt articles ------------------------------------------------------------------------------

TXT = (
    "Ministers agree new fishing quotas\n"
    "\n"
    "European ministers agreed next year's fishing quotas after two days of talks.\n"
    "\n"
    "Scientists had warned that cod stocks remain fragile,\n"
    "and asked for deeper cuts.\n"
)


def test_txt_article_region_is_parent_folder(tmp_path):
    path = write(tmp_path, "business/042.txt", TXT.encode("utf-8"))
    article = extract_file(path, tmp_path)
    assert article.headline == "Ministers agree new fishing quotas"
    assert article.paragraphs == [
        "European ministers agreed next year's fishing quotas after two days of talks.",
        "Scientists had warned that cod stocks remain fragile, and asked for deeper cuts.",
    ]
    assert article.region == "business"
    assert article.source == "business/042.txt"
    assert article.date is None and article.url == ""


def test_txt_at_the_top_of_root_has_no_region(tmp_path):
    article = extract_file(write(tmp_path, "top.txt", TXT.encode("utf-8")), tmp_path)
    assert article.region == ""


def test_txt_in_latin1_and_crlf(tmp_path):
    data = "Caf\xe9 closes\r\n\r\nThe caf\xe9 closed on Friday.\r\n".encode("latin-1")
    article = extract_file(write(tmp_path, "entertainment/1.txt", data), tmp_path)
    assert article.headline == "Café closes"
    assert article.body == "The café closed on Friday."


def test_blank_txt_is_empty(tmp_path):
    with pytest.raises(PageSkipped) as caught:
        extract_file(write(tmp_path, "sport/blank.txt", b"\n \n\n"), tmp_path)
    assert caught.value.reason == "empty"


def test_read_page_kinds(tmp_path):
    assert read_page(write(tmp_path, "a.txt", b"x\n")).kind == "txt"
    assert read_page(write(tmp_path, "a.stm", b"<p>x</p>")).kind == "html"


# -- hostile files: FIFOs, many gzip members -----------------------------------------------------


@pytest.mark.timeout(60)
def test_a_fifo_named_like_a_page_is_skipped_without_blocking(tmp_path):
    import os

    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)  # no writer: a plain open() would block forever
    with pytest.raises(PageSkipped) as caught:
        extract_file(fifo, tmp_path)
    assert (caught.value.reason, caught.value.detail) == ("not-regular", "a FIFO")


def test_a_character_device_is_not_regular():
    with pytest.raises(PageSkipped) as caught:
        read_bytes(Path("/dev/zero"))
    assert (caught.value.reason, caught.value.detail) == ("not-regular", "a character device")


def test_gzip_members_over_the_cap_are_refused():
    one = gzip.compress(b"<p>part</p>", mtime=0)
    assert gunzip(one * 3, max_members=3) == b"<p>part</p>" * 3
    with pytest.raises(PageSkipped) as caught:
        gunzip(one * 4, max_members=3)
    assert caught.value.reason == "too-many-gzip-members"


@pytest.mark.timeout(60)
def test_many_gzip_members_decompress_in_linear_time():
    """A million empty members took 7 minutes (each member copied the rest of the file); now seconds."""
    data = gzip.compress(b"<p>first</p>", mtime=0) + gzip.compress(b"", mtime=0) * 1_000_000
    assert gunzip(data, max_members=2_000_000) == b"<p>first</p>"


def test_a_big_single_member_still_decompresses_whole():
    text = b"".join(b"<p>paragraph %d of a long page</p>\n" % n for n in range(50_000))
    assert gunzip(gzip.compress(text) + b"trailing junk") == text


def test_every_skip_reason_is_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert [reason for reason in REASONS if f"`{reason}`" not in readme] == []


# -- the HTTP header's charset (web archives) --------------------------------------------------------

MOSTLY_ENGLISH = (
    "<html><body><p>The mayor of Moscow, Sergei Sobyanin (Собянин), said the snow would be cleared "
    "from every main road by the weekend, and that the city had hired extra crews.</p></body></html>"
)


def test_the_http_charset_decodes_an_undeclared_page():
    data = MOSTLY_ENGLISH.encode("windows-1251")
    assert decode_html(data, "windows-1251") == (MOSTLY_ENGLISH, "cp1251")
    assert decode_html(data) == (data.decode("cp1252"), "cp1252")  # without it: a Western page, as browsers guess


def test_the_http_charset_goes_before_the_page_declaration_and_a_bad_one_is_passed_over():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Новости</p></body></html>'
    data = page.encode("koi8-r")
    assert decode_html(data, "koi8-r") == (page, "koi8-r")
    assert decode_html(data, "no-such-charset")[1] == "cp1252"  # the page's own declaration, as before
    assert decode_html("<p>Zürich</p>".encode(), "iso-8859-1") == ("<p>Zürich</p>", "utf-8")  # valid UTF-8 first
