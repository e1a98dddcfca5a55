"""Real gunicorn: clients that stop sending halfway through a request cannot hold every thread of a worker."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests

from dashboard.gunicorn_worker import read_timeout
from tests.conftest import build_warehouse
from tests.serving.conftest import start_gunicorn, stop

THREADS = 4
READ_TIMEOUT = 2
# Requests that stop before they are complete, then send nothing: a head without its blank line, a body
# shorter than its Content-Length (as the security probe sent them).
INCOMPLETE = [
    b"GET / HTTP/1.1\r\nHost: x\r\n",
    b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    b'Content-Length: 500\r\n\r\n{"a":',
]


def answer_then_close(connection: socket.socket, within: float) -> bytes | None:
    """What the server sends on `connection` before it closes it, or None when it is still open after
    `within` seconds."""
    connection.settimeout(within)
    received = b""
    try:
        while data := connection.recv(4096):
            received += data
    except TimeoutError:
        return None
    except OSError:  # reset: closed too
        pass
    return received


def test_incomplete_requests_on_every_thread_do_not_freeze_the_worker(tmp_path: Path):
    home = build_warehouse(tmp_path / "warehouse")
    env = {"WIJKWAARDE_THREADS": str(THREADS), "WIJKWAARDE_READ_TIMEOUT": str(READ_TIMEOUT)}
    process, url = start_gunicorn(home, workers=1, env=env)
    log = home.parent / f"gunicorn-{urlparse(url).port}.log"
    address = urlparse(url)
    slow: list[socket.socket] = []
    try:
        for number in range(THREADS + 2):  # more stuck connections than the worker has threads
            connection = socket.create_connection((address.hostname, address.port), timeout=10)
            connection.sendall(INCOMPLETE[number % len(INCOMPLETE)])
            slow.append(connection)
        opened = time.monotonic()
        time.sleep(0.5)  # every thread now waits on one of them
        # A normal request is answered once the read timeout has closed the stuck ones (two rounds: the
        # threads' first, then the two that waited for a thread); without the timeout, never.
        answer = requests.get(url + "/_dash-dependencies", timeout=30)
        waited = time.monotonic() - opened
        answers = [answer_then_close(connection, within=READ_TIMEOUT + 2) for connection in slow]
        # The limit is on each wait for a byte, not on the whole request: a slow but steady client, and a
        # kept-alive connection idle between two requests, are served.
        with socket.create_connection((address.hostname, address.port), timeout=10) as steady:
            for piece in (b"GET /_dash-dependencies HTTP/1.1\r\n", b"Host: x\r\n", b"\r\n"):
                steady.sendall(piece)
                time.sleep(READ_TIMEOUT * 0.6)
            first = steady.recv(12)
            time.sleep(READ_TIMEOUT + 1)
            steady.sendall(b"GET /_dash-layout HTTP/1.1\r\nHost: x\r\n\r\n")
            rest = b""
            while b"HTTP/1.1" not in rest and (data := steady.recv(65536)):  # end of the first, the second
                rest += data
    finally:
        for connection in slow:
            connection.close()
        stop(process)
    text = log.read_text()
    assert answer.status_code == 200
    assert first == b"HTTP/1.1 200" and b"HTTP/1.1 200" in rest
    assert waited < 2 * READ_TIMEOUT + 3
    assert None not in answers  # every stuck connection closed by the server
    # half a head gets no answer; a body that stopped coming gets 408
    assert answers[0::2] == [b""] * (len(slow) // 2)
    assert [answer[:12] for answer in answers[1::2]] == [b"HTTP/1.1 408"] * (len(slow) // 2)
    assert "Traceback" not in text and "ERROR" not in text
    # one line per connection the timeout closed, no more
    assert text.count("verbinding gesloten") == len(slow)
    assert "verzoek geweigerd" not in text


def test_the_read_timeout_setting():
    assert read_timeout({}) == 10
    assert read_timeout({"WIJKWAARDE_READ_TIMEOUT": "2.5"}) == 2.5
    for wrong in ("tien", "0", "0.5", "-3", "99999"):
        with pytest.raises(SystemExit, match="WIJKWAARDE_READ_TIMEOUT"):
            read_timeout({"WIJKWAARDE_READ_TIMEOUT": wrong})
