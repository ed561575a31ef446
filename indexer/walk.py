"""Walking a corpus: which files there are, what each is called, and how to tell it changed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator


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


def walk_corpus(roots: list[Path]) -> Iterator[CorpusFile]:
    """Every file under the roots (hidden files and folders left out), in a stable order."""
    base = source_base(roots)
    for root in roots:
        if root.is_file():
            yield _corpus_file(root, base)
            continue
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    yield _corpus_file(Path(folder) / name, base)


def _corpus_file(path: Path, base: Path) -> CorpusFile:
    stat = path.stat()
    return CorpusFile(
        path=path,
        root=base,
        source=path.relative_to(base).as_posix(),
        fingerprint=f"{stat.st_size}-{stat.st_mtime_ns}",
    )
