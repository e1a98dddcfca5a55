"""The fast-path pre-scan (etl.readers._scan_plain) decides exactly as the plain byte-search version it replaced."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import etl.readers as readers


def reference_scan(path: Path, block_size: int) -> tuple[str, int] | None:
    """The earlier implementation: bytes `in` and `count` per block, kept here as the specification."""
    crs = crlfs = lfs = 0
    tail = b""
    with open(path, "rb") as handle:
        while block := handle.read(block_size):
            window = tail + block
            if b'"' in block or b"\x00" in block or b"\n\n" in window or b"\n\r\n" in window:
                return None
            crs += block.count(b"\r")
            lfs += block.count(b"\n")
            crlfs += window.count(b"\r\n") - tail.count(b"\r\n")
            tail = window[-2:]
    lines = lfs + (0 if tail.endswith(b"\n") else 1)
    if crs == 0:
        return "\n", lines
    if crs == crlfs == lfs:
        return "\r\n", lines
    return None


def random_file(rng: random.Random) -> bytes:
    newline = rng.choice([b"\n", b"\r\n"])
    lines = [
        b",".join(rng.choice([b"INI1", b"12", b"", b"BU99990101", b"01-01-2020"]) for _ in range(3))
        for _ in range(rng.randint(0, 12))
    ]
    data = bytearray(newline.join(lines) + (newline if rng.random() < 0.7 else b""))
    for _ in range(rng.choice([0, 0, 1, 2])):  # a stray line end, quote or NUL somewhere
        data.insert(rng.randint(0, len(data)), rng.choice(b'\r\n\n"\x00'))
    return bytes(data)


@pytest.mark.parametrize("block_size", [1, 2, 3, 5, 8, 64, 1 << 20])
def test_scan_matches_the_reference_on_random_files(block_size, tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_SCAN_BLOCK", block_size)
    rng = random.Random(block_size)
    path = tmp_path / "f.csv"
    outcomes = set()
    for _ in range(400):
        path.write_bytes(random_file(rng))
        expected = reference_scan(path, block_size)
        assert readers._scan_plain(path) == expected, path.read_bytes()
        outcomes.add(None if expected is None else expected[0])
    assert outcomes == {None, "\n", "\r\n"}  # every kind of outcome was exercised


@pytest.mark.parametrize(
    "content",
    [b"", b"\n", b"\r\n", b"a\n\nb\n", b"a\r\n\r\nb", b"a\n\r\nb", b"a\rb\n", b"a\r\nb\n", b"a\nb", b'a"b\n'],
)
def test_scan_matches_the_reference_on_edge_cases(content, tmp_path, monkeypatch):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    for block_size in (1, 2, 3, 1 << 20):
        monkeypatch.setattr(readers, "_SCAN_BLOCK", block_size)
        assert readers._scan_plain(path) == reference_scan(path, block_size)
