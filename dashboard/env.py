"""Reading settings from the environment: one rule for whole-number settings, the site's public address."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping


def positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    """The setting `name` as a whole number of at least 1; anything unreadable or smaller: `default`."""
    try:
        value = int(env.get(name, default))
    except (TypeError, ValueError):
        return default
    return value if value >= 1 else default


def bounded_number(
    env: Mapping[str, str],
    name: str,
    default: float,
    low: float,
    high: float,
    kind=float,
    what: str = "een getal",
) -> float:
    """The setting `name` as a number of type `kind` in [low, high], `default` when unset. Unlike the
    settings above, a wrong value here stops the start (SystemExit with a Dutch message): a server that
    silently ran without the limit its administrator set would be worse."""
    text = (env.get(name) or "").strip()
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        raise SystemExit(f"{name} moet {what} zijn, niet {text!r}") from None
    if not low <= value <= high:
        plain = [int(x) if float(x).is_integer() else x for x in (low, high)]
        raise SystemExit(f"{name}={text} moet tussen {plain[0]} en {plain[1]} liggen")
    return value


SAFE_URL = re.compile(r"^https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~\-/%]*)?$")


def public_base(environ: Mapping[str, str] | None = None) -> str:
    """The site's public address for the permalinks in a pack: WIJKWAARDE_PUBLIC_URL, e.g.
    'https://wijkwaarde.example.nl' (a path after it is kept, a trailing slash dropped).

    Without it, or when it is not a plain http(s) address (user info, query, fragment, spaces...), permalinks
    stay relative ('/portefeuille?...'). Never the request's Host header: any client chooses that one.
    """
    env = os.environ if environ is None else environ
    value = (env.get("WIJKWAARDE_PUBLIC_URL") or "").strip()
    return value.rstrip("/") if SAFE_URL.fullmatch(value) else ""
