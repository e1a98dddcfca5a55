"""The page state as one validated value: every URL parameter and callback input passes through here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from etl import taxonomy as tx

# Real CBS codes: since 2022 Amsterdam has letters in the wijk and buurt parts (WK0363SE, BU0363KA05).
GEMEENTE_RE = re.compile(tx.AREA_CODE_PATTERNS["gemeente"])
WIJK_RE = re.compile(tx.AREA_CODE_PATTERNS["wijk"])
BUURT_RE = re.compile(tx.AREA_CODE_PATTERNS["buurt"])
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")  # funder and indicator codes (etl/templates.py)
YEAR_MIN, YEAR_MAX = 1990, 2100
MAX_LIST = 50  # more selected values than this is not a person using the page
MAX_SEARCH = 100  # a search box's text (?zoek=), in the URL and from the box itself
# A page's whole query ('?...'): gunicorn refuses a request line over 4094 bytes (limit_request_line), so a
# longer link could not be opened anyway; the app's own queries stay far below it.
MAX_QUERY = 4094

# Map metrics a user can pick; context statistics are "stat:<code>" of the fixed catalogue.
BASE_METRICS = ("initiatieven_per_1000", "subsidie_per_inwoner", "deelnemers")
METRICS = BASE_METRICS + tuple(f"stat:{code}" for code in tx.STATISTICS)
DEFAULT_METRIC = "initiatieven_per_1000"
DEFAULT_INDICATOR = "deelnemers"
LANGS = ("nl", "en")

# URL parameter -> field. Dutch keys: the URL ends up in Dutch council memos.
URL_KEYS = {
    "gemeente": "gemeente",
    "wijk": "wijk",
    "buurt": "buurt",
    "thema": "themes",
    "status": "statuses",
    "financier": "funders",
    "van": "year_from",
    "tot": "year_to",
    "kaart": "metric",
    "indicator": "indicator",
    "lang": "lang",
}
FIELD_KEYS = {v: k for k, v in URL_KEYS.items()}


def _text(value: Any) -> str | None:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _code(value: Any, pattern: re.Pattern[str]) -> str | None:
    text = _text(value)
    return text if text is not None and pattern.fullmatch(text) else None


def search_text(value: Any) -> str:
    """A search box's text (URL or browser input): a plain string of at most MAX_SEARCH characters, so it is
    never sent back longer than a person types."""
    return value.strip()[:MAX_SEARCH] if isinstance(value, str) else ""


def query_text(value: Any) -> str:
    """A page's query string from browser input ('?...' of at most MAX_QUERY characters), else ''. It becomes
    part of links the server sends back: only a query, and only one a link could carry."""
    return value if isinstance(value, str) and value.startswith("?") and len(value) <= MAX_QUERY else ""


def capped(value: Any, cap: int = MAX_LIST) -> list:
    """The first `cap` raw items of a list-valued input (a list, a tuple or a comma-separated string),
    cut before anything looks at them: a 100,000-entry list from a forged request costs what a short one does.
    Anything else is no items."""
    if isinstance(value, str):
        return value.split(",", cap)[:cap]
    if isinstance(value, (list, tuple)):
        return list(value[:cap])
    return []


def _codes(value: Any, allowed: Iterable[str] | None = None, pattern: re.Pattern[str] | None = None):
    """A tuple of distinct valid codes from a list or a comma-separated string (at most MAX_LIST items
    are looked at); invalid ones dropped."""
    allowed_set = set(allowed) if allowed is not None else None
    out: list[str] = []
    for item in capped(value):
        if not isinstance(item, str):
            continue
        item = item.strip()
        if allowed_set is not None and item not in allowed_set:
            continue
        if pattern is not None and not pattern.fullmatch(item):
            continue
        if item not in out:
            out.append(item)
    return tuple(out)


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        year = value
    else:
        text = _text(value)
        if text is None or not re.fullmatch(r"\d{4}", text):
            return None
        year = int(text)
    return year if YEAR_MIN <= year <= YEAR_MAX else None


@dataclass(frozen=True)
class Filters:
    """What the user selected. Only valid values get in; anything else becomes 'no filter'."""

    gemeente: str | None = None
    wijk: str | None = None
    buurt: str | None = None
    themes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    funders: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    metric: str = DEFAULT_METRIC
    indicator: str = DEFAULT_INDICATOR
    lang: str = "nl"

    @classmethod
    def from_query(cls, query: Mapping[str, Any] | None) -> Filters:
        """Validate a query (URL parameters or control values, keyed by URL key or field name)."""
        q: dict[str, Any] = {}
        for key, value in (query or {}).items():
            field_name = URL_KEYS.get(key, key if key in FIELD_KEYS else None)
            if field_name is not None:
                q[field_name] = value
        gemeente = _code(q.get("gemeente"), GEMEENTE_RE)
        wijk = _code(q.get("wijk"), WIJK_RE)
        buurt = _code(q.get("buurt"), BUURT_RE)
        # CBS codes nest: WK + gemeente digits + 2, BU + wijk part + 2. A wijk of another gemeente is dropped.
        if wijk and (gemeente is None or wijk[2:6] != gemeente[2:6]):
            wijk = None
        if buurt and (gemeente is None or buurt[2:6] != gemeente[2:6] or (wijk and buurt[2:8] != wijk[2:8])):
            buurt = None
        year_from, year_to = _year(q.get("year_from")), _year(q.get("year_to"))
        if year_from and year_to and year_from > year_to:
            year_from, year_to = year_to, year_from
        metric = _text(q.get("metric"))
        indicator = _code(q.get("indicator"), CODE_RE)
        lang = _text(q.get("lang"))
        return cls(
            gemeente=gemeente,
            wijk=wijk,
            buurt=buurt,
            themes=_codes(q.get("themes"), allowed=tx.THEMES),
            statuses=_codes(q.get("statuses"), allowed=tx.STATUSES),
            funders=_codes(q.get("funders"), pattern=CODE_RE),
            year_from=year_from,
            year_to=year_to,
            metric=metric if metric in METRICS else DEFAULT_METRIC,
            indicator=indicator or DEFAULT_INDICATOR,
            lang=lang if lang in LANGS else "nl",
        )

    @classmethod
    def from_search(cls, search: str | None) -> Filters:
        """From a location search string such as '?gemeente=GM9999&thema=voedsel,groen'."""
        return cls.from_query(dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=False)))

    def to_query(self) -> dict[str, str]:
        """URL parameters for this state; defaults and empty values are left out to keep links short."""
        out: dict[str, str] = {}
        for field_name, key in FIELD_KEYS.items():
            value = getattr(self, field_name)
            if value in (None, (), "") or (field_name, value) in (
                ("metric", DEFAULT_METRIC),
                ("indicator", DEFAULT_INDICATOR),
                ("lang", "nl"),
            ):
                continue
            out[key] = ",".join(value) if isinstance(value, tuple) else str(value)
        return out

    def to_search(self) -> str:
        query = self.to_query()
        return "?" + urlencode(query, safe=",") if query else ""

    def with_(self, **changes: Any) -> Filters:
        return replace(self, **changes)

    @property
    def period(self) -> tuple[int, int] | None:
        if self.year_from is None and self.year_to is None:
            return None
        start = self.year_from or self.year_to
        end = self.year_to or self.year_from
        return start, end  # type: ignore[return-value]

    def previous_period(self) -> tuple[int, int] | None:
        """The period of equal length just before this one (2024 -> 2023, 2023-2024 -> 2021-2022)."""
        period = self.period
        if period is None:
            return None
        length = period[1] - period[0] + 1
        return period[0] - length, period[1] - length
