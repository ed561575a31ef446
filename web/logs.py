"""One logging configuration for the CLI and the server: the ``newsearch`` logger and its children
(``newsearch.reindex``, ``newsearch.search``, ``newsearch.web``, ``newsearch.serve``...).

Every module logs on a child of ``newsearch`` and never configures logging itself; the CLI group
(``newsearch -v ...``, ``-q``) and the app factory call :func:`configure`, which gives the
``newsearch`` logger its one handler (standard error, one timestamped line a record) the first
time and sets its level every time, so one process's commands do not inherit each other's level.
Records still propagate, so pytest's ``caplog`` sees them.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

LOGGER_NAME = "newsearch"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

QUIET = logging.ERROR
"""``-q``: errors only."""
DEFAULT = logging.WARNING
"""No option: what needs attention (a damaged index, a serving process that died, a request that failed)."""
VERBOSE = logging.INFO
"""``-v``: also the phases and timings of a reindex, every skipped file and why, each generation switch."""
DEBUG = logging.DEBUG
"""``-vv``: everything."""


class _CurrentStderr(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is when a record comes (click's CliRunner swaps it per command)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # over StreamHandler's attribute: looked up at each record
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        """StreamHandler sets the stream once; this handler has none of its own."""


def level_for(verbose: int = 0, quiet: bool = False) -> int:
    """The level of ``-v`` given ``verbose`` times, or of ``-q``."""
    if quiet:
        return QUIET
    return {0: DEFAULT, 1: VERBOSE}.get(verbose, DEBUG)


def configure(level: int | None = None) -> logging.Logger:
    """The ``newsearch`` logger with its handler (added once), at ``level`` when given; without one, a logger
    configured before keeps its level and a new one gets ``DEFAULT``."""
    logger = logging.getLogger(LOGGER_NAME)
    handler = next((h for h in logger.handlers if isinstance(h, _CurrentStderr)), None)
    if handler is None:
        handler = _CurrentStderr()
        handler.setFormatter(logging.Formatter(FORMAT))
        logger.addHandler(handler)
        if level is None:
            level = DEFAULT
    if level is not None:
        logger.setLevel(level)
    return logger
