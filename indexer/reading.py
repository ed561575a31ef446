"""Reading page files: bytes off the disk (gunzipped, size-capped) and text out of the bytes.

Everything here raises :class:`indexer.errors.PageSkipped` for a file that cannot be read
as text; nothing here parses HTML.

Charset strategy for HTML (cheapest first, each step only when the previous one fails):

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. strict UTF-8 — bytes that decode as UTF-8 almost never are anything else, and it is the
   only way through the Wayback captures that declare utf-8 in front of the page's own
   iso-8859-1 declaration;
3. the charset the HTTP ``Content-Type`` header gave (a web archive's record has one: it
   overrides the page's own declarations, as in browsers), then the charsets the page declares
   (``<meta charset>``, ``<meta http-equiv content-type>``, ``<?xml encoding?>``), in document
   order; iso-8859-1, latin-1 and ascii are read as windows-1252, as browsers do;
4. windows-1252 when the page is mostly ASCII (a Western page: what browsers default to);
5. bs4's ``UnicodeDammit`` (slow: only for the few pages that get here);
6. windows-1252, which cannot fail (undefined bytes become the C1 control of that code).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePath

from indexer.errors import (
    BAD_GZIP,
    NOT_REGULAR,
    NOT_TEXT,
    TOO_LARGE,
    TOO_MANY_GZIP_MEMBERS,
    UNREADABLE,
    PageSkipped,
)
from indexer.limits import MAX_GZIP_MEMBERS, MAX_PAGE_BYTES

_GUNZIP_INPUT_CHUNK = 16 * 1024
"""Compressed bytes fed to zlib at a time: each member's leftover input is copied, so feeding a
whole file makes a file of many members quadratic; a small chunk keeps the copy small."""

GZIP_SUFFIX = ".gz"
_GZIP_MAGIC = b"\x1f\x8b"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of binary formats that sometimes hide behind a .html name.
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"MZ",
    b"OggS",
    b"ID3",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"wOFF",
    b"wOF2",
)
_SNIFF_BYTES = 8192
# Bytes below 0x20 other than TAB, LF, FF, CR and ESC (ISO-2022) do not occur in text.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))

_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{2,40})""",
    re.IGNORECASE,
)
_DECLARATION_WINDOW = 64 * 1024
"""How far into a page to look for charset declarations (Wayback heads are long)."""

# What browsers (WHATWG Encoding) read these labels as.
_BROWSER_ALIASES = {
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
}

_FALLBACK_ERRORS = "newsearch-latin1-fallback"


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: an undefined byte becomes the code point of the same value."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error(_FALLBACK_ERRORS, _latin1_fallback)


@dataclass(frozen=True)
class PageText:
    """A page file read as text: ``kind`` is ``"html"`` or ``"txt"``; ``encoding`` how it was decoded."""

    text: str
    kind: str
    encoding: str


def content_suffix(path: PurePath) -> str:
    """The suffix that says what the content is, lower-cased, ignoring one trailing ``.gz``.

    >>> content_suffix(Path("a/Story (1).HTML.gz"))
    '.html'
    """
    name = path.name.lower()
    name = name.removesuffix(GZIP_SUFFIX)
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def read_bytes(path: Path, limit: int = MAX_PAGE_BYTES) -> bytes:
    """The file's content, gunzipped when the name ends in ``.gz``, at most ``limit`` bytes.

    The file is opened without blocking and checked to be a regular file before any read: a
    FIFO swapped in after the walk would otherwise hang the reader forever.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:  # missing, a directory, permission denied, a dangling link or a loop
        raise PageSkipped(UNREADABLE, f"{type(exc).__name__}: {exc}") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise PageSkipped(UNREADABLE, "a directory")
        if not stat.S_ISREG(mode):
            raise PageSkipped(NOT_REGULAR, file_kind(mode))
        with open(descriptor, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise PageSkipped(UNREADABLE, f"{type(exc).__name__}: {exc}") from None
    finally:
        os.close(descriptor)
    if path.name.lower().endswith(GZIP_SUFFIX):
        if len(raw) > limit:
            raise PageSkipped(TOO_LARGE, f"compressed file over {limit} bytes")
        return gunzip(raw, limit)
    if len(raw) > limit:
        raise PageSkipped(TOO_LARGE, f"file over {limit} bytes")
    return raw


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, for a report."""
    kinds = (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def gunzip(data: bytes, limit: int = MAX_PAGE_BYTES, max_members: int = MAX_GZIP_MEMBERS) -> bytes:
    """Decompress gzip ``data`` (all members, at most ``max_members``), refusing output over ``limit`` bytes.

    Linear in the input: zlib is fed bounded chunks, and each member starts where the last
    one's input ended (an offset, not a copy of the rest of the file).
    """
    if not data.startswith(_GZIP_MAGIC):
        raise PageSkipped(BAD_GZIP, "not gzip data (bad magic number)")
    out = bytearray()
    view = memoryview(data)
    position = 0
    members = 0
    try:
        while position < len(data) and data.startswith(_GZIP_MAGIC, position):
            members += 1
            if members > max_members:
                raise PageSkipped(TOO_MANY_GZIP_MEMBERS, f"more than {max_members} gzip members")
            position = _inflate_member(view, position, out, limit)
    except zlib.error as exc:
        raise PageSkipped(BAD_GZIP, str(exc)) from None
    # anything after the last member that is not a gzip header is trailing garbage, as gzip(1) tolerates
    return bytes(out)


def _inflate_member(view: memoryview, position: int, out: bytearray, limit: int) -> int:
    """Inflate the gzip member at ``position`` into ``out``; returns where the next member starts."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    while not inflater.eof:
        chunk = view[position : position + _GUNZIP_INPUT_CHUNK]
        if not chunk:
            raise PageSkipped(BAD_GZIP, "truncated gzip stream")
        out += inflater.decompress(chunk, limit + 1 - len(out))
        if len(out) > limit:
            raise PageSkipped(TOO_LARGE, f"decompressed content over {limit} bytes")
        if inflater.unconsumed_tail:  # only when the output cap stopped it, which raised above
            raise PageSkipped(TOO_LARGE, f"decompressed content over {limit} bytes")
        position += len(chunk) - len(inflater.unused_data)
    return position


def check_text(data: bytes) -> None:
    """Raise ``not-text`` for binary content (checked on the first 8 KB)."""
    head = data[:_SNIFF_BYTES]
    for bom, _ in _BOMS:
        if head.startswith(bom):
            return  # UTF-16/32 text is full of NUL bytes
    if head.startswith(_BINARY_MAGIC):
        raise PageSkipped(NOT_TEXT, f"binary signature {head[:4]!r}")
    if b"\x00" in head:
        raise PageSkipped(NOT_TEXT, "NUL bytes")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls > max(8, len(head) // 100):
        raise PageSkipped(NOT_TEXT, f"{controls} control bytes in the first {len(head)}")


def _bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def normalize_charset(label: str) -> str | None:
    """The Python codec to decode a declared charset ``label`` with, as a browser would; None if unknown."""
    try:
        name = codecs.lookup(label.strip().strip("'\"").lower()).name
    except (LookupError, ValueError):
        return None
    return _BROWSER_ALIASES.get(name, name)


def declared_charsets(data: bytes) -> list[str]:
    """The charsets ``data`` declares (meta and XML declaration), normalized, in document order, unique."""
    found: list[str] = []
    for match in _DECLARED_CHARSET.finditer(data, 0, _DECLARATION_WINDOW):
        label = (match.group(1) or match.group(2)).decode("ascii", "replace")
        codec = normalize_charset(label)
        if codec and codec not in found:
            found.append(codec)
    return found


def _decode_with(data: bytes, codec: str) -> str | None:
    try:
        if codec == "cp1252":  # as browsers: undefined bytes decode to C1 controls
            return data.decode("cp1252", _FALLBACK_ERRORS)
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_unicode(data: bytes) -> tuple[str, str] | None:
    """A byte-order mark says the encoding; else strict UTF-8 if the bytes are valid UTF-8."""
    bom = _bom_encoding(data)
    if bom:
        encoding, skip = bom
        return data[skip:].decode(encoding, "replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return None


def decode_html(data: bytes, charset_hint: str = "") -> tuple[str, str]:
    """Decode an HTML page's bytes; returns ``(text, encoding used)`` (see the module docstring).

    ``charset_hint`` is the charset the HTTP headers named, tried before the page's own
    declarations; an unknown label, or one the bytes do not decode with, is passed over.
    """
    unicode_text = _decode_unicode(data)
    if unicode_text:
        return unicode_text
    hinted = normalize_charset(charset_hint) if charset_hint else None
    for codec in ([hinted] if hinted else []) + declared_charsets(data):
        if codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-16", "utf-32"):
            continue  # UTF-8 failed above; a UTF-16 page without BOM is not decodable by label
        text = _decode_with(data, codec)
        if text is not None:
            return text, codec
    return _last_resort(data)


_HIGH_BYTES = bytes(range(0x80, 0x100))
MOSTLY_ASCII = 0.05
"""Below this share of bytes >= 0x80, an undeclared non-UTF-8 page is read as windows-1252."""


def _last_resort(data: bytes) -> tuple[str, str]:
    # An undeclared page that is mostly ASCII is a Western page with a few accented letters and
    # curly quotes: windows-1252, as browsers default to.  Statistical detection guesses wrong
    # there (cp852, windows-1250 for 2005 US pages), and it is slow; keep it for pages with
    # much non-ASCII text (another script, a multi-byte charset).
    sample = data[:65536]
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    if high <= MOSTLY_ASCII * len(sample):
        return data.decode("cp1252", _FALLBACK_ERRORS), "cp1252"
    try:
        from bs4 import UnicodeDammit

        dammit = UnicodeDammit(data, is_html=True)
        if dammit.unicode_markup is not None:
            return dammit.unicode_markup, str(dammit.original_encoding)
    except Exception:  # noqa: BLE001 - detection is best effort; cp1252 below cannot fail
        pass
    return data.decode("cp1252", _FALLBACK_ERRORS), "cp1252"


def decode_plain_text(data: bytes) -> tuple[str, str]:
    """Decode a ``.txt`` file: BOM, else strict UTF-8, else windows-1252."""
    return _decode_unicode(data) or (data.decode("cp1252", _FALLBACK_ERRORS), "cp1252")


def read_page(path: Path) -> PageText:
    """Read a page file as text; ``kind`` follows the suffix (``.txt`` or else HTML)."""
    data = read_bytes(path)
    check_text(data)
    if content_suffix(path) == ".txt":
        text, encoding = decode_plain_text(data)
        return PageText(text=text, kind="txt", encoding=encoding)
    text, encoding = decode_html(data)
    return PageText(text=text, kind="html", encoding=encoding)
