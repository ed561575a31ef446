"""Serving the app with waitress in several processes that share one listening socket.

The embedded engine is pure Python: one process answers on one core at a time, however many
threads it runs (the GIL). So ``serve`` forks one waitress process per core, each with a few
threads, all accepting from one socket bound before the fork (whichever process is free takes
the next connection). The app's engine is warmed before the socket is bound, so a client can
connect only once the index has been read, and the processes inherit what was read. The first
process supervises the others: it replaces one that dies, and stops them all on SIGTERM or
SIGINT; each of them stops by itself once the supervisor is gone.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from types import FrameType

from flask import Flask

log = logging.getLogger("newsearch.serve")

BACKLOG = 1024
RESPAWN_PAUSE_S = 1.0
"""A process that dies is replaced after this pause, so one that cannot start does not spin."""
PARENT_CHECK_S = 1.0


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host`` and ``port`` and listening; raises OSError (a busy port, a host that
    is not this machine)."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


def serve_app(app: Flask, sock: socket.socket, *, processes: int, threads: int) -> None:
    """Answer on ``sock`` with waitress until stopped: in this process, or in ``processes`` forked ones."""
    if processes <= 1:
        _waitress(app, sock, threads)
        return
    _Supervisor(app, sock, processes, threads).run()


def _waitress(app: Flask, sock: socket.socket, threads: int) -> None:
    from waitress import serve as waitress_serve

    waitress_serve(app, sockets=[sock], threads=threads)


class _Supervisor:
    """Forks the serving processes, replaces those that die, and stops them all when told to."""

    def __init__(self, app: Flask, sock: socket.socket, processes: int, threads: int) -> None:
        self._app = app
        self._sock = sock
        self._processes = processes
        self._threads = threads
        self._children: set[int] = set()
        self._stopping = False

    def run(self) -> None:
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            for _ in range(self._processes):
                self._fork()
            while self._children:
                try:
                    pid, status = os.wait()
                except ChildProcessError:
                    break
                except InterruptedError:
                    continue
                self._children.discard(pid)
                if not self._stopping:
                    log.warning("serving process %d ended (%s); starting another", pid, _how(status))
                    time.sleep(RESPAWN_PAUSE_S)
                    if not self._stopping:
                        self._fork()
        finally:
            self._stop_children()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _fork(self) -> None:
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the serving process
            code = 1
            try:
                for sig in (signal.SIGTERM, signal.SIGINT):
                    signal.signal(sig, signal.SIG_DFL)
                _end_with(parent)
                _waitress(self._app, self._sock, self._threads)
                code = 0
            finally:
                os._exit(code)
        self._children.add(pid)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self._stopping = True
        self._stop_children()

    def _stop_children(self) -> None:
        self._stopping = True
        for pid in list(self._children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                self._children.discard(pid)


def _end_with(parent: int) -> None:
    """Stop this process once ``parent`` is gone (killed without a chance to stop its children)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="newsearch-parent-watch", daemon=True).start()


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"status {os.WEXITSTATUS(status)}"
