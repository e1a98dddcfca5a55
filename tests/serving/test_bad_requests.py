"""Real gunicorn: malformed requests get a 4xx and leave no traceback in the log; headers as a browser gets them."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlparse

import requests

from tests.conftest import build_warehouse
from tests.malformed_requests import MALFORMED, forged_bodies, renderer_body
from tests.serving.conftest import start_gunicorn, stop


def raw_status(url: str, request: bytes) -> int:
    """Send bytes as they are (no client normalising the path) and read the status code."""
    address = urlparse(url)
    with socket.create_connection((address.hostname, address.port), timeout=30) as connection:
        connection.sendall(request)
        head = connection.recv(4096).decode("latin-1")
    return int(head.split(" ", 2)[1])


def test_malformed_requests_get_4xx_and_no_traceback_in_the_log(tmp_path: Path):
    home = build_warehouse(tmp_path / "warehouse")
    process, url = start_gunicorn(home, workers=1)
    log = home.parent / f"gunicorn-{urlparse(url).port}.log"
    answers = {}
    try:
        session = requests.Session()
        for name, method, path, body, content_type in MALFORMED:
            headers = {"Content-Type": content_type} if content_type else {}
            answers[name] = session.request(
                method, url + path, data=body, headers=headers, timeout=60
            ).status_code
        # Unnormalised traversal, as an attacker's own client sends it
        for path in (
            "/_dash-component-suites/dash/../../../../etc/passwd",
            "/_dash-component-suites/dash/%2e%2e/app.py",
        ):
            answers[path] = raw_status(
                url, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
            )
        answers["10 KB path"] = raw_status(url, f"GET /{'a' * 10_000} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        answers["not HTTP"] = raw_status(url, b"HELLO THERE\r\n\r\n")
        answers["header of 20 KB"] = raw_status(
            url, b"GET / HTTP/1.1\r\nHost: x\r\nX-A: " + b"a" * 20_000 + b"\r\n\r\n"
        )
        # 20 MB announced: refused on the header, before the body is read
        answers["20 MB body"] = raw_status(
            url,
            b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 20971520\r\nConnection: close\r\n\r\n" + b"[" * 65536,
        )
        # Forged callback bodies Dash itself would trip over (each a 500 with a traceback before)
        callbacks = [
            c
            for c in session.get(url + "/_dash-dependencies", timeout=30).json()
            if not c.get("clientside_function")
        ]
        forged = [
            (c["output"][:40] + ": " + name, body) for c in callbacks for name, body in forged_bodies(c)
        ]
        for name, body in forged:
            answers[name] = session.post(url + "/_dash-update-component", json=body, timeout=60).status_code
        # The upload panel's poll without a login configured (no secret key, so no session): answered
        panel = renderer_body(next(c for c in callbacks if c["output"].startswith("..upload-panel.children")))
        panel["inputs"][0]["value"] = 1
        panel["state"][0]["value"] = "abc"
        polled = session.post(url + "/_dash-update-component", json=panel, timeout=60).status_code
        page = session.get(url + "/", timeout=30)
        proxied = session.get(url + "/", headers={"X-Forwarded-Proto": "https"}, timeout=30)
        alive = session.get(url + "/_dash-layout", timeout=30).status_code
    finally:
        stop(process)
    text = log.read_text()
    assert {name: status for name, status in answers.items() if not 400 <= status < 500} == {}
    assert answers["20 MB body"] == 413
    assert {name for name, _ in forged} <= {name for name, status in answers.items() if status == 400}
    assert polled == 200
    assert "Traceback" not in text and "ERROR" not in text
    assert text.count("verzoek geweigerd") >= len(MALFORMED) + len(forged)
    assert alive == 200
    assert "Server" not in page.headers and "Content-Security-Policy" in page.headers
    assert "Strict-Transport-Security" not in page.headers
    # gunicorn trusts X-Forwarded-Proto from loopback (FORWARDED_ALLOW_IPS): a proxy on this machine gets HSTS
    assert proxied.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_an_upload_without_login_is_refused_before_its_body_is_sent(tmp_path: Path):
    """15 MB announced, 64 KB sent: the 403 arrives at once, the server does not wait for (or read) the rest.
    It used to parse the whole form under the upload limit first, and answer only then."""
    home = build_warehouse(tmp_path / "warehouse")
    process, url = start_gunicorn(home, workers=1)
    address = urlparse(url)
    try:
        with socket.create_connection((address.hostname, address.port), timeout=30) as connection:
            connection.sendall(
                b"POST /gegevens/upload/versturen HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 15728640\r\n\r\n"
                b'--x\r\nContent-Disposition: form-data; name="bestanden"; filename="a.csv"\r\n\r\n'
                + b"a"
                * 65536
            )
            connection.settimeout(5)  # the server's read timeout (10 s) must not be what answers
            head = connection.recv(4096)
        # the log line: 'verzoek geweigerd: POST ... -> 403 geen uploader'
        log = (home.parent / f"gunicorn-{address.port}.log").read_text()
    finally:
        stop(process)
    assert head.startswith(b"HTTP/1.1 403")
    assert "403 geen uploader" in log and "Traceback" not in log
