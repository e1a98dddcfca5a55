"""The grantee's form checked before anything is stored: values per field, or errors per field in plain Dutch.

Pure functions: the route hands in the posted fields and gets back a checked Report or the errors, each
keyed by the field's name, so the page can show them next to the field and in a summary at the top.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

NAME_FIELD = "naam"
STORY_FIELD = "verhaal"
CONSENT_FIELD = "toestemming"
PHOTO_FIELD = "foto"
VALUE_PREFIX = "waarde-"
MAX_STORY = 1500
MAX_NAME = 100
MAX_VALUE = 1_000_000_000
# A Dutch number: 12, 12,5, 1.234 or 1.234,5 (a point only groups thousands); also 12.5 without grouping.
NUMBER = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$|^\d+\.\d{1,2}$")


def value_field(indicator: str) -> str:
    return VALUE_PREFIX + indicator


@dataclass
class Report:
    reporter: str
    values: dict[str, float]
    story: str = ""
    consent: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_number(text: str) -> float | None:
    """'1.234,5' -> 1234.5; None when it is not a number a person would write (or negative)."""
    text = text.strip().replace(" ", "")
    if not NUMBER.match(text):
        return None
    if "," in text or re.match(r"^\d{1,3}(\.\d{3})+$", text):
        text = text.replace(".", "").replace(",", ".")
    return float(text)


def _outside(number: float, low: float | None, high: float | None) -> bool:
    return (low is not None and number < low) or (high is not None and number > high)


def plain_text(text: str, limit: int) -> str:
    """Text as typed, without control characters (new lines kept), at most `limit` characters, trimmed.
    It stays plain text: every page escapes it where it is shown."""
    kept = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return kept.replace("\r", "").strip()[: limit + 1]


def _shown(value: float) -> str:
    """A bound as the form writes numbers: 100000, 2,5."""
    return f"{value:f}".rstrip("0").rstrip(".").replace(".", ",")


def check(
    fields: Mapping[str, str],
    indicators: Sequence[str],
    bounds: Mapping[str, tuple[float | None, float | None]] | None = None,
) -> Report:
    """The posted `fields` checked against the request's `indicators` and, when given, each indicator's
    plausible range (`bounds`: minimum, maximum, as the loader checks them); errors in plain Dutch (B1)."""
    bounds = bounds or {}
    errors: dict[str, str] = {}
    reporter = plain_text(fields.get(NAME_FIELD, ""), MAX_NAME)
    if not reporter:
        errors[NAME_FIELD] = "Vul uw naam of de naam van uw organisatie in."
    elif len(reporter) > MAX_NAME:
        errors[NAME_FIELD] = f"Uw naam is te lang. Gebruik hoogstens {MAX_NAME} tekens."
    values: dict[str, float] = {}
    for code in indicators:
        name = value_field(code)
        text = (fields.get(name) or "").strip()
        number = parse_number(text) if text else None
        if not text:
            errors[name] = "Vul een getal in. Was het nul? Vul dan 0 in."
        elif number is None:
            errors[name] = "Dit is geen getal. Schrijf alleen cijfers, bijvoorbeeld 12 of 12,5."
        elif number > MAX_VALUE:
            errors[name] = "Dit getal is te groot. Kijk het nog eens na."
        elif _outside(number, *bounds.get(code, (None, None))):
            low, high = bounds[code]
            if low is not None and high is not None:
                errors[name] = (
                    f"Dit getal kan niet kloppen. Vul een getal in van {_shown(low)} tot en met {_shown(high)}."
                )
            elif high is not None:
                errors[name] = f"Dit getal is te groot. Het kan hoogstens {_shown(high)} zijn."
            else:
                errors[name] = f"Dit getal is te klein. Het moet minstens {_shown(low)} zijn."
        else:
            values[code] = number
    story = plain_text(fields.get(STORY_FIELD, ""), MAX_STORY)
    if len(story) > MAX_STORY:
        errors[STORY_FIELD] = f"Uw verhaal is te lang. Gebruik hoogstens {MAX_STORY} tekens."
    consent = fields.get(CONSENT_FIELD) == "ja"
    return Report(reporter, values, story, consent, errors)
