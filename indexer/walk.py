"""Walking a corpus: which files there are, what each is called, and how to tell it changed.

The walk meets whatever the file system holds, and one odd entry never stops it; each is
either a :class:`CorpusFile` or a :class:`~indexer.errors.SkippedFile` with its reason:

- a name that is not valid UTF-8 gets a stable, printable source (bad bytes shown as ``\\xNN``);
- a folder that cannot be listed is reported (``unreadable``, ``folder=True``), so the reindex
  keeps the documents under it instead of removing them;
- a dangling symbolic link or a link loop is ``unreadable`` (its previous document is kept);
- a FIFO, socket or device is ``not-regular``: opening a FIFO for reading blocks forever;
- a symbolic link that leads out of the corpus root is ``outside-root`` unless ``follow_links``;
  with it, a link to a folder outside is walked, each real folder once, which also stops link
  loops.  A link to a folder inside the root is never followed: that folder is walked under its
  own name, and following would index its files twice (or forever, for a link to a parent);
- a file or folder that disappears between the listing and its ``stat`` was simply not there.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.archives import archive_of, is_archive
from indexer.errors import NOT_REGULAR, OUTSIDE_ROOT, UNREADABLE, SkippedFile, printable
from indexer.reading import file_kind


@dataclass(frozen=True)
class CorpusFile:
    """A file found under a corpus root: ``source`` is its stable name in the index."""

    path: Path
    root: Path
    source: str
    fingerprint: str


def source_base(roots: Iterable[Path]) -> Path:
    """What sources are relative to: the corpus root, or the common parent of several."""
    bases = [root if root.is_dir() else root.parent for root in roots]
    return Path(os.path.commonpath(bases)) if len(bases) > 1 else bases[0]


def source_of(path: Path, base: Path) -> str:
    """``path`` relative to ``base``, posix style and printable: the name the index knows it by."""
    return printable(path.relative_to(base).as_posix())


def walk_corpus(roots: list[Path], *, follow_links: bool = False) -> Iterator[CorpusFile | SkippedFile]:
    """Every file under the roots (hidden files and folders left out), in a stable order.

    Files are listed folder by folder, a folder's files (sorted by name) before its subfolders.
    A root named explicitly is taken as it is, link or not.
    """
    base = source_base(roots)
    for root in roots:
        if root.is_dir():
            yield from _walk_folder(root, base, follow_links)
        else:
            yield from _take(root, base, inside=None)


def _walk_folder(top: Path, base: Path, follow_links: bool) -> Iterator[CorpusFile | SkippedFile]:
    inside = _Inside(os.path.realpath(top), follow_links)
    walked: set[str] = set()  # real paths, when following links
    stack = [top]
    while stack:
        folder = stack.pop()
        if follow_links:
            real_folder = os.path.realpath(folder)
            if real_folder in walked:
                continue
            walked.add(real_folder)
        entries = _listing(folder, base)
        if isinstance(entries, SkippedFile):
            yield entries
            continue
        subfolders: list[Path] = []
        yield from _entries(entries, base, inside, subfolders)
        stack.extend(reversed(subfolders))


def _listing(folder: Path, base: Path) -> list[os.DirEntry[str]] | SkippedFile:
    """The folder's entries by name; none for a folder deleted after its parent was listed (it is not there)."""
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda entry: entry.name)
    except FileNotFoundError:
        return []
    except OSError as exc:
        return SkippedFile(
            _folder_source(folder, base),
            UNREADABLE,
            f"the folder cannot be listed: {exc.strerror or exc}",
            folder=True,
        )


def _entries(
    entries: list[os.DirEntry[str]], base: Path, inside: _Inside, subfolders: list[Path]
) -> Iterator[CorpusFile | SkippedFile]:
    """The files of one folder (hidden ones left out); its folders to walk next are added to ``subfolders``."""
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if _is_real_folder(entry):
            subfolders.append(path)
        elif entry.is_symlink() and _links_to_folder(path):
            if inside.holds(os.path.realpath(path)):
                continue  # a folder of the corpus, walked under its own name
            if inside.follow_links:
                subfolders.append(path)
            else:
                yield SkippedFile(
                    source_of(path, base), OUTSIDE_ROOT, "a link to a folder outside the corpus root", folder=True
                )
        else:
            yield from _take(path, base, inside if entry.is_symlink() else None)


class _Inside:
    """Whether a real path may be read: under the real corpus root, or anywhere with ``follow_links``."""

    def __init__(self, real_root: str, follow_links: bool) -> None:
        self._real_root = real_root
        self._prefix = real_root.rstrip(os.sep) + os.sep
        self.follow_links = follow_links

    def holds(self, real_path: str) -> bool:
        """Whether ``real_path`` is the corpus root or under it."""
        return real_path == self._real_root or real_path.startswith(self._prefix)

    def __call__(self, real_path: str) -> bool:
        return self.follow_links or self.holds(real_path)


def _is_real_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _links_to_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _folder_source(folder: Path, base: Path) -> str:
    return source_of(folder, base) if folder != base else "."


def _take(path: Path, base: Path, inside: _Inside | None) -> Iterator[CorpusFile | SkippedFile]:
    """The file at ``path``, or why it is skipped; nothing when it vanished since the listing.

    ``inside`` is given for a symbolic link, whose target must stay inside the corpus root.
    """
    source = source_of(path, base)
    try:
        status = os.stat(path)
    except OSError as exc:
        if not os.path.lexists(path):
            return  # deleted after the folder was listed: it is not there
        if exc.errno == errno.ELOOP:
            yield SkippedFile(source, UNREADABLE, "a symbolic link loop")
        elif exc.errno == errno.ENOENT:
            yield SkippedFile(source, UNREADABLE, "a dangling symbolic link")
        else:
            yield SkippedFile(source, UNREADABLE, f"{type(exc).__name__}: {exc.strerror or exc}")
        return
    if inside is not None and not inside(os.path.realpath(path)):
        yield SkippedFile(source, OUTSIDE_ROOT, "a link to a file outside the corpus root")
        return
    if not stat.S_ISREG(status.st_mode):
        yield SkippedFile(source, NOT_REGULAR, file_kind(status.st_mode))
        return
    yield CorpusFile(path=path, root=base, source=source, fingerprint=f"{status.st_size}-{status.st_mtime_ns}")


def kept_sources(skipped: SkippedFile, known: Iterable[str]) -> set[str]:
    """The indexed sources an ``unreadable`` skip keeps: the file's own (a web archive's records), or all
    under the folder.

    A file or folder that cannot be read now (a permission, a dangling link, a disk error) has
    not been deleted, so its documents stay until it is read again or really gone.
    """
    if skipped.reason != UNREADABLE:
        return set()
    if not skipped.folder:
        if is_archive(skipped.source):  # a web archive's documents are its records'
            return {skipped.source} | {source for source in known if archive_of(source) == skipped.source}
        return {skipped.source}
    if skipped.source == ".":
        return set(known)
    prefix = skipped.source + "/"
    return {source for source in known if source.startswith(prefix)}
