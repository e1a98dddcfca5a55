"""Fetch an official CBS/PDOK file to disk, for the CBS commands run without --file."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path


def download(url: str, target: Path, timeout: float, failed: Callable[[object], Exception]) -> Path:
    """Write the file at `url` to `target` in blocks; a failed download leaves no partial file behind and
    raises `failed(reason)` (reason: no network, a timeout, an HTTP error)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(target, "wb") as out:  # noqa: S310
            while block := response.read(1 << 20):
                out.write(block)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        target.unlink(missing_ok=True)
        raise failed(getattr(exc, "reason", exc)) from None
    return target
