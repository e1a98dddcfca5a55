"""Number, money and date formats for every text a user reads: Dutch (1.234,5 and 23-11-2026), or English
(1,234.5 and 23 Nov 2026) while a request of an English page is answered (`using`, dashboard/request_lang.py)."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

# The interface language of the request being answered: each request (thread) has its own.
_LANG: ContextVar[str] = ContextVar("wijkwaarde_lang", default="nl")
PLOTLY_SEPARATORS = ",."  # Plotly's layout.separators in Dutch: decimal comma, thousands point
DASH = "–"
MINUS = "−"  # a real minus sign, not a hyphen


@contextlib.contextmanager
def using(lang: str) -> Iterator[None]:
    """Format in `lang` ('en' English, anything else Dutch) inside the block."""
    token = _LANG.set("en" if lang == "en" else "nl")
    try:
        yield
    finally:
        _LANG.reset(token)


def english() -> bool:
    return _LANG.get() == "en"


def plotly_separators() -> str:
    """layout.separators for the current language: ',.' Dutch, '.,' English."""
    return ".," if english() else PLOTLY_SEPARATORS


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def number(value: Any, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' (decimals=1); missing -> '–'."""
    if _missing(value):
        return DASH
    text = f"{abs(float(value)):,.{decimals}f}"
    if not english():
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return (MINUS if float(value) < 0 and text.strip("0,.") else "") + text


def auto_number(value: Any) -> str:
    """Whole numbers without decimals, small ones with one or two."""
    if _missing(value):
        return DASH
    v = abs(float(value))
    decimals = 0 if v >= 100 or float(value).is_integer() else (1 if v >= 10 else 2)
    return number(value, decimals)


def euro(value: Any, decimals: int = 0) -> str:
    """1234.5 -> '€ 1.235'."""
    if _missing(value):
        return DASH
    return ("€ " if float(value) >= 0 else f"{MINUS}€ ") + number(abs(float(value)), decimals)


def signed(value: Any, decimals: int = 0) -> str:
    """A change with its sign: '+1.234', '−3', '0'."""
    if _missing(value):
        return DASH
    text = number(value, decimals)
    return text if text.startswith(MINUS) or float(value) == 0 else "+" + text


def percent(value: Any, decimals: int = 1) -> str:
    """0.052 -> '5,2%'."""
    if _missing(value):
        return DASH
    return number(float(value) * 100, decimals) + "%"


def day(value: date | datetime | str | None) -> str:
    """date(2026, 11, 23) -> '23-11-2026'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if english():
        return f"{value.day} {value.strftime('%b %Y')}"
    return value.strftime("%d-%m-%Y")


# Units as the warehouse holds them (the templates' and CBS's Dutch words) and as an English page writes them.
UNITS_EN = {
    "personen": "people",
    "uren": "hours",
    "aantal": "number",
    "inwoners per km²": "residents per km²",
    "x 1.000 euro": "x 1,000 euro",
    "euro": "euro",
    "huishoudens": "households",
    "woningen": "dwellings",
    "initiatieven": "initiatives",
}


def unit(text: Any) -> Any:
    """A unit in the page's language: 'personen' on a Dutch page, 'people' on an English one (units without
    a translation, such as kg, kWh, m2, ha, %, stay as they are)."""
    if not isinstance(text, str) or not english():
        return text
    return UNITS_EN.get(text.strip(), text)


def quarter_label(year: int, quarter: int) -> str:
    """'2024-K1' (kwartaal), in English '2024 Q1' (quarter)."""
    return f"{int(year)} Q{int(quarter)}" if english() else f"{int(year)}-K{int(quarter)}"


def period_label(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}{DASH}{end}"
