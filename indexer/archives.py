"""Web archives as input: the pages captured in WARC (ISO 28500) and WACZ files, read with warcio.

News archives are kept as WARC files (the Internet Archive, national libraries, Common Crawl's
news crawl), and web recorders export WACZ, a zip holding WARCs under ``archive/``.  Each
``response`` record of an HTML page with HTTP status 200 becomes an :class:`ArchiveRecord`: its
payload (the page's bytes, de-chunked and decompressed), target URI, capture time and the
charset its HTTP ``Content-Type`` names.  Every other record is a :class:`SkippedFile` with its
reason (``revisit``, ``not-response``, ``not-html``, ``http-status``, ``too-large``; see
:mod:`indexer.errors`).

A record's ``source`` is ``ARCHIVE#OFFSET`` (the byte offset of the record in the file, where a
WARC index would point), or ``ARCHIVE#MEMBER#OFFSET`` in a WACZ: the same on every run, so an
incremental reindex can tell which records an archive held.

The file is streamed: one record at a time is in memory, at most ``MAX_PAGE_BYTES`` of it, so a
multi-GB WARC reads in flat memory.  Damage costs the damaged record, not the file:

- a record whose headers cannot be parsed, whose ``Content-Length`` is missing or wrong (the
  next record does not follow it), or which is cut short, is ``corrupt-record``;
- in a ``.warc.gz``, a gzip member that is corrupt or truncated is ``bad-gzip``;
- either way reading goes on at the next record start after the damage: the next gzip member
  that inflates to a WARC header, or in a plain WARC the next line that is a WARC version line.

A ``.warc.gz`` compressed whole (one gzip member, not one per record as the standard asks;
warcio refuses to read past its first record) is read again through a decompressing stream,
and its offsets are then those of the WARC inside.

What cannot be recovered: the records inside the damaged stretch itself (a record cut short
loses its end; a corrupt gzip member loses all of it).  In a ``.warc.gz`` compressed whole,
damaged gzip data ends the reading there: deflate has no point to restart from inside a
member.  A gzip member that holds several records, in a file that otherwise has one per
record, gives its first record and a ``bad-gzip`` skip for the rest of it (offsets inside it
would not be offsets in the file).  A ``.wacz`` whose zip directory is damaged is a
``bad-archive`` as a whole.
"""

from __future__ import annotations

import email.message
import gzip
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import IO, Protocol

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from indexer.errors import (
    BAD_ARCHIVE,
    BAD_GZIP,
    CORRUPT_RECORD,
    HTTP_STATUS,
    NOT_HTML,
    NOT_REGULAR,
    NOT_RESPONSE,
    REVISIT,
    TOO_LARGE,
    UNREADABLE,
    SkippedFile,
    printable,
)
from indexer.limits import MAX_PAGE_BYTES

WARC_SUFFIXES = (".warc", ".warc.gz")
WACZ_SUFFIX = ".wacz"
ARCHIVE_SUFFIXES = (*WARC_SUFFIXES, WACZ_SUFFIX)
WACZ_ARCHIVE_FOLDER = "archive/"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_GZIP_MEMBER_START = b"\x1f\x8b\x08"
_WARC_VERSION_LINE = re.compile(rb"WARC/\d\.\d+\r?\n")
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_CONTENT_LENGTH = re.compile(rb"^Content-Length:[ \t]*\d+[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_SCAN_WINDOW = 1024 * 1024
"""Bytes read at a time while looking for the next record after damage."""
_READ_BLOCK = 64 * 1024
_RECORD_SOURCE = re.compile(r"^(.+?\.(?:warc|warc\.gz|wacz))#(?:[^#]+#)?\d+$", re.IGNORECASE)


class _Stream(Protocol):
    """What the reader needs of a file: a plain file, a member of a zip, or a decompressing stream."""

    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def tell(self) -> int: ...


@dataclass(frozen=True)
class ArchiveRecord:
    """A captured HTML page of a web archive, ready for extraction (picklable, for the worker pool).

    ``fingerprint`` is the archive file's: a record changes only when its file does.
    """

    source: str
    payload: bytes
    target_uri: str
    captured_at: datetime | None
    charset: str = ""
    fingerprint: str = ""


def is_archive(path: PurePath | str) -> bool:
    """Whether ``path`` names a web archive (``.warc``, ``.warc.gz``, ``.wacz``; case does not matter)."""
    name = PurePath(path).name.lower()
    return name.endswith(ARCHIVE_SUFFIXES)


def archive_of(source: str) -> str | None:
    """The archive's source of a record source (``a/x.warc.gz#1234`` -> ``a/x.warc.gz``); None for a loose file."""
    match = _RECORD_SOURCE.match(source)
    return match.group(1) if match else None


def records_by_archive(sources: Iterable[str]) -> dict[str, set[str]]:
    """The indexed record sources grouped by the archive that holds them."""
    grouped: dict[str, set[str]] = {}
    for source in sources:
        archive = archive_of(source)
        if archive is not None:
            grouped.setdefault(archive, set()).add(source)
    return grouped


def read_archive(path: Path, source: str, fingerprint: str = "") -> Iterator[ArchiveRecord | SkippedFile]:
    """Every record of the archive at ``path`` (named ``source``), in file order: a page or why not.

    Never raises for the archive's content; a file that cannot be opened is one ``unreadable``
    skip under the archive's own source.
    """
    try:
        handle = _open_regular(path)
    except _Unopenable as problem:
        yield SkippedFile(source, problem.reason, problem.detail)
        return
    with handle:
        if path.name.lower().endswith(WACZ_SUFFIX):
            yield from _read_wacz(handle, source, fingerprint)
        else:
            gzipped = path.name.lower().endswith(".gz")
            yield from _read_warc(handle, source, fingerprint, gzipped)


class _Unopenable(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _open_regular(path: Path) -> IO[bytes]:
    """The file opened for reading, after checking it is a regular file (a FIFO must not hang the reader)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise _Unopenable(UNREADABLE, f"{type(exc).__name__}: {exc.strerror or exc}") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise _Unopenable(NOT_REGULAR if not stat.S_ISDIR(mode) else UNREADABLE, "not a regular file")
    return open(descriptor, "rb")


def _read_wacz(handle: IO[bytes], source: str, fingerprint: str) -> Iterator[ArchiveRecord | SkippedFile]:
    """The WARCs under ``archive/`` in the zip, in name order (the other files are the package's metadata)."""
    try:
        package = zipfile.ZipFile(handle)
        members = sorted(
            info.filename
            for info in package.infolist()
            if info.filename.startswith(WACZ_ARCHIVE_FOLDER)
            and is_archive(info.filename)
            and not info.filename.lower().endswith(WACZ_SUFFIX)
        )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        yield SkippedFile(source, BAD_ARCHIVE, f"not a WACZ (zip) file: {exc}")
        return
    if not members:
        yield SkippedFile(source, BAD_ARCHIVE, f"no WARC under {WACZ_ARCHIVE_FOLDER} in the WACZ")
        return
    with package:
        for member in members:
            member_source = f"{source}#{printable(member)}"
            try:
                stream = package.open(member)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, ValueError) as exc:
                yield SkippedFile(member_source, BAD_ARCHIVE, f"the WARC cannot be opened in the zip: {exc}")
                continue
            with stream:
                yield from _read_warc(stream, member_source, fingerprint, member.lower().endswith(".gz"))


def _read_warc(
    stream: _Stream, source: str, fingerprint: str, gzipped: bool, skip_first: int = 0
) -> Iterator[ArchiveRecord | SkippedFile]:
    """The records of one WARC stream; after damage, reading resumes at the next record start.

    ``skip_first`` records are not given again: those given before a ``.warc.gz`` compressed whole
    was found out and read again through a decompressing stream (its first record's offset is 0
    either way).
    """
    start: int | None = 0
    found_any = False
    while start is not None:
        reader = _RecordReader(stream, start, source, fingerprint)
        for outcome in reader:
            found_any = True
            if skip_first:
                skip_first -= 1
                continue
            yield outcome
        if reader.damaged_at is None:
            return
        if gzipped and _COMPRESSED_WHOLE in reader.damage and reader.last_offset is not None:
            if start == 0 and reader.given <= 1:  # compressed whole from its start
                stream.seek(0)
                yield from _read_warc(_Decompressed(stream), source, fingerprint, False, reader.given)
                return
            yield SkippedFile(
                source,
                BAD_GZIP,
                f"the gzip member at offset {reader.last_offset} holds more than one "
                "record: the records after its first are not read",
            )
            start = _resync(stream, reader.last_offset + 1, gzipped)
            continue
        damaged_at = reader.damaged_at
        try:
            if damaged_at == 0 and not found_any and not _looks_like_warc(stream, gzipped):
                yield SkippedFile(source, BAD_ARCHIVE, f"not a WARC file: {reader.damage}")
                return
            reason = _damage_reason(stream, damaged_at, gzipped)
        except _STREAM_ERRORS as exc:  # the stream itself fails (a truncated whole-gzip file, a zip member's CRC)
            yield SkippedFile(
                f"{source}#{damaged_at}",
                CORRUPT_RECORD,
                f"{reader.damage}; nothing after it can be read: {type(exc).__name__}: {_first_line(exc)}",
            )
            return
        found_any = True
        yield SkippedFile(f"{source}#{damaged_at}", reason, reader.damage)
        start = _resync(stream, damaged_at + 1, gzipped)


def _resync(stream: _Stream, after: int, gzipped: bool) -> int | None:
    """The next record start after damage; None when there is none, or the stream cannot be read further."""
    try:
        return _next_record_start(stream, after, gzipped)
    except _STREAM_ERRORS:
        return None


_COMPRESSED_WHOLE = "non-chunked gzip"
"""What warcio's error says of a ``.warc.gz`` that is one gzip member rather than one per record."""
_STREAM_ERRORS = (OSError, EOFError, ValueError, zlib.error, zipfile.BadZipFile)


class _Decompressed(gzip.GzipFile):
    """A ``.warc.gz`` compressed whole, read as the WARC it holds (offsets are then in the WARC, not the file)."""

    def __init__(self, stream: _Stream) -> None:
        super().__init__(fileobj=stream, mode="rb")


class _QuietArchiveIterator(ArchiveIterator):
    """warcio's iterator without its warning on standard error: the damage is reported as a skip instead."""

    INC_RECORD = ""


class _RecordReader:
    """Iterates the records of a stream from ``start`` until the end or the first damage.

    After iterating, ``damaged_at`` is the offset of the damaged record (None when the stream was
    read to its end), ``damage`` says what was wrong, ``given`` counts the records given and
    ``last_offset`` is the offset of the last one.
    """

    def __init__(self, stream: _Stream, start: int, source: str, fingerprint: str) -> None:
        self._stream = stream
        self._start = start
        self._source = source
        self._fingerprint = fingerprint
        self.damaged_at: int | None = None
        self.damage = ""
        self.given = 0
        self.last_offset: int | None = None

    def __iter__(self) -> Iterator[ArchiveRecord | SkippedFile]:
        self._stream.seek(self._start)
        records = _QuietArchiveIterator(self._stream)
        offset = self._start
        try:
            for record in records:
                offset = records.offset
                errors_before = records.err_count
                outcome = _page_or_skip(record, f"{self._source}#{offset}", self._fingerprint)
                records.read_to_end()  # the rest of a record not taken (the payload of an image, a too-large page)
                problem = _record_problem(record, records.err_count > errors_before)
                if problem:
                    self.damaged_at, self.damage = offset, problem
                    return
                self.given += 1
                self.last_offset = offset
                yield outcome
                if records.reader is not None and records.reader.decompressor is not None and records.next_line:
                    self.damaged_at = offset  # its gzip member goes on with the next record: warcio would stop
                    self.damage = f"{_COMPRESSED_WHOLE}: the gzip member goes on after the record"
                    return
                offset = records.offset
        except Exception as exc:  # noqa: BLE001 - warcio and zlib raise many kinds for damaged data
            self.damaged_at, self.damage = offset, f"{type(exc).__name__}: {_first_line(exc)}"
        finally:
            records.close()


def _record_problem(record: ArcWarcRecord, not_followed_by_blank_line: bool) -> str:
    """Why a record just read is damaged, or "" when it is whole."""
    declared = record.rec_headers.get_header("Content-Length")
    if declared is None or not declared.strip().isdigit():
        return f"no valid Content-Length ({declared!r})"
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        return f"cut short: {missing} of its {declared.strip()} bytes are missing"
    if not_followed_by_blank_line:
        return "the record is not followed by a blank line (its Content-Length is wrong)"
    return ""


def _page_or_skip(record: ArcWarcRecord, source: str, fingerprint: str) -> ArchiveRecord | SkippedFile:
    """:func:`_outcome`, with a payload that cannot be decoded (bad chunked or gzip HTTP encoding) a
    ``corrupt-record`` of its own; damage to the WARC itself shows again when the record is read to its end."""
    try:
        return _outcome(record, source, fingerprint)
    except Exception as exc:  # noqa: BLE001 - warcio and zlib raise many kinds for a damaged payload
        return SkippedFile(
            source, CORRUPT_RECORD, f"the payload cannot be decoded: {type(exc).__name__}: {_first_line(exc)}"
        )


def _outcome(record: ArcWarcRecord, source: str, fingerprint: str) -> ArchiveRecord | SkippedFile:
    """The page a record holds, or why it is not one (its payload is read only for an HTML page)."""
    if record.rec_type == "revisit":
        return SkippedFile(source, REVISIT, "the page was unchanged since an earlier capture")
    if record.rec_type != "response":
        return SkippedFile(source, NOT_RESPONSE, f"a {printable(str(record.rec_type))[:40]} record")
    http = record.http_headers
    if http is None:
        return SkippedFile(source, NOT_RESPONSE, "a response without HTTP headers")
    status = http.get_statuscode()
    if status != "200":
        return SkippedFile(source, HTTP_STATUS, f"HTTP status {printable(str(status))[:40]}")
    content_type = email.message.Message()
    content_type["Content-Type"] = http.get_header("Content-Type") or ""
    media_type = content_type.get_content_type() if content_type["Content-Type"] else ""
    if media_type and media_type not in HTML_TYPES:
        return SkippedFile(source, NOT_HTML, f"Content-Type {printable(media_type)[:80]}")
    payload = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(payload) > MAX_PAGE_BYTES:
        return SkippedFile(source, TOO_LARGE, f"payload over {MAX_PAGE_BYTES} bytes")
    if not media_type and not _sniffs_as_html(payload):
        return SkippedFile(source, NOT_HTML, "no Content-Type, and the payload does not start as HTML")
    charset = content_type.get_param("charset") if media_type else None
    return ArchiveRecord(
        source=source,
        payload=payload,
        target_uri=printable(record.rec_headers.get_header("WARC-Target-URI") or "").strip(),
        captured_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
        charset=charset if isinstance(charset, str) else "",
        fingerprint=fingerprint,
    )


_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)


def _sniffs_as_html(payload: bytes) -> bool:
    """A response without a Content-Type is taken as HTML when it starts as a page does (as browsers sniff)."""
    return bool(_HTML_START.match(payload[:1024]))


def _warc_date(value: str | None) -> datetime | None:
    """A WARC-Date (ISO 8601, UTC, ``2009-03-10T07:11:18Z``) as an aware datetime; None when missing or bad."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return printable(text[0][:200]) if text else ""


def _looks_like_warc(stream: _Stream, gzipped: bool) -> bool:
    """Whether a record start can be found anywhere near the start of the stream (else it is no WARC at all)."""
    return _next_record_start(stream, 0, gzipped, limit=_SCAN_WINDOW) is not None


def _damage_reason(stream: _Stream, offset: int, gzipped: bool) -> str:
    """``bad-gzip`` when the gzip member at ``offset`` does not inflate whole, else ``corrupt-record``."""
    if not gzipped:
        return CORRUPT_RECORD
    stream.seek(offset)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        while not inflater.eof:
            block = stream.read(_READ_BLOCK)
            if not block:
                return BAD_GZIP  # truncated
            inflater.decompress(block, _READ_BLOCK)
            while inflater.unconsumed_tail and not inflater.eof:  # flat memory: inflate and drop
                inflater.decompress(inflater.unconsumed_tail, _READ_BLOCK)
    except zlib.error:
        return BAD_GZIP
    return CORRUPT_RECORD


def _next_record_start(stream: _Stream, after: int, gzipped: bool, limit: int | None = None) -> int | None:
    """The offset of the first record start at or after ``after``; None when there is none (before ``limit``)."""
    position = after
    marker = _GZIP_MEMBER_START if gzipped else b"WARC/"
    while limit is None or position < after + limit:
        stream.seek(position)
        window = stream.read(_SCAN_WINDOW + 16)
        if len(window) <= len(marker):
            return None
        found = window.find(marker, 0, _SCAN_WINDOW)
        while found >= 0:
            candidate = position + found
            if _record_starts_at(stream, candidate, gzipped):
                return candidate
            found = window.find(marker, found + 1, _SCAN_WINDOW)
        position += _SCAN_WINDOW
    return None


def _record_starts_at(stream: _Stream, offset: int, gzipped: bool) -> bool:
    """Whether a WARC record starts at ``offset``: a WARC version line and a header block with a Content-Length,
    or a gzip member inflating to them (text in a payload that merely mentions ``WARC/1.0`` is passed over)."""
    stream.seek(offset)
    head = stream.read(_READ_BLOCK)
    if gzipped:
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _READ_BLOCK)
        except zlib.error:
            return False
    version = _WARC_VERSION_LINE.match(head)
    if not version:
        return False
    end = _HEADER_END.search(head, version.end())
    return end is not None and _CONTENT_LENGTH.search(head, version.end(), end.start()) is not None
