"""gunicorn's threaded worker with a read timeout per connection: a client that stops sending mid-request is closed.

A gthread worker hands a connection to one of its threads as soon as the first bytes arrive, and that thread
then reads the rest of the request in blocking mode, without a limit in time. A client that sends half a
request head (or a body shorter than its Content-Length) and then nothing holds the thread for as long as it
keeps the socket open; a handful of such sockets stop the worker (slowloris). gunicorn's `timeout` does not
help: the worker's main loop keeps reporting that it is alive.

Here every client socket gets a kernel receive timeout (SO_RCVTIMEO, WIJKWAARDE_READ_TIMEOUT seconds, default
10): a read that waits that long for a single byte gives up, the worker logs one line and closes the
connection. It applies to each read, of the head and of the body, not to writing the answer, so a slow
download is not cut off. A client that trickles a byte every few seconds is not stopped by it: a reverse
proxy that buffers whole requests (nginx) in front is still the real protection (docs/deployment.md).
"""

from __future__ import annotations

import logging
import os
import socket
import struct

from gunicorn.http.errors import NoMoreData
from gunicorn.workers import gthread

from dashboard.env import bounded_number

log = logging.getLogger("wijkwaarde")

DEFAULT_READ_TIMEOUT = 10.0  # seconds without a byte, mid-request


def read_timeout(environ: dict[str, str] | None = None) -> float:
    """WIJKWAARDE_READ_TIMEOUT (default 10): seconds a request may go without sending a byte before it is
    closed. A value that is no number, or below 1 second, stops the start."""
    env = os.environ if environ is None else environ
    return float(
        bounded_number(
            env, "WIJKWAARDE_READ_TIMEOUT", DEFAULT_READ_TIMEOUT, 1, 3600, what="een aantal seconden"
        )
    )


class ReadTimeout(NoMoreData, TimeoutError):
    """The client sent nothing for the read timeout, mid-request. gunicorn treats it as a client that left
    (NoMoreData: the connection is closed without a traceback); werkzeug, reading a body, turns it into a
    ClientDisconnected whose context is this TimeoutError (dashboard/request_guard.py answers 408)."""

    def __str__(self) -> str:
        return "read timeout"


class ReadTimeoutSocket(socket.socket):
    """A client socket whose blocking reads give up after the kernel's receive timeout (SO_RCVTIMEO)."""

    __slots__ = ()

    @classmethod
    def take(cls, sock: socket.socket, seconds: float) -> ReadTimeoutSocket:
        """The same connection as `sock` (which is detached), with a receive timeout of `seconds`."""
        timeout = sock.gettimeout()
        taken = cls(sock.family, sock.type, sock.proto, fileno=sock.detach())
        taken.settimeout(timeout)
        whole = int(seconds)
        # struct timeval {long tv_sec; long tv_usec}; Python's own timeouts (settimeout) do not touch it
        taken.setsockopt(
            socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ll", whole, int((seconds - whole) * 1e6))
        )
        return taken

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        try:
            return super().recv(bufsize, flags)
        except BlockingIOError:
            # A blocking socket gets EAGAIN only from SO_RCVTIMEO. gunicorn also reads with timeouts of its
            # own (settimeout: draining a body, closing) or non-blocking: those errors stay theirs.
            if self.gettimeout() is not None:
                raise
        try:
            host, port = self.getpeername()[:2]
        except (OSError, ValueError):
            host, port = "?", "?"
        log.warning(
            "verbinding gesloten: %s:%s stuurde niets binnen de leestijd (WIJKWAARDE_READ_TIMEOUT), "
            "onvolledig verzoek",
            host,
            port,
        )
        try:
            # Reads now end at once (no 2 s linger on close); an answer can still be written.
            self.shutdown(socket.SHUT_RD)
        except OSError:
            pass
        raise ReadTimeout()


class ThreadWorker(gthread.ThreadWorker):
    """gthread with a read timeout on every client connection (worker_class in dashboard/gunicorn_conf.py)."""

    read_timeout = DEFAULT_READ_TIMEOUT

    def init_process(self) -> None:
        self.read_timeout = read_timeout()
        super().init_process()

    def enqueue_req(self, conn: gthread.TConn) -> None:
        # A new connection goes to a thread here first; a kept-alive one comes back with its socket already
        # taken. gunicorn's own TLS (not used here: nginx ends TLS) would wrap the socket again later.
        if not isinstance(conn.sock, ReadTimeoutSocket):
            conn.sock = ReadTimeoutSocket.take(conn.sock, self.read_timeout)
        super().enqueue_req(conn)
