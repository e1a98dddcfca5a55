"""Example value proxies (euro per unit of an effect, per stakeholder), written as an editable template file.

Every amount here is a made-up example for the demo indicators, not a licensed or official figure: each
row says so in its source and is flagged `is_voorbeeld = ja`. Replace them with your own, sourced values.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from etl.templates import TEMPLATES

EXAMPLE_SOURCE = "voorbeeldwaarde, geen officiële bron"
EXAMPLE_YEAR = 2024
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "value-proxies" / "voorbeeld-waardeproxies.csv"

# code, indicator, stakeholder, low, high (euro per unit of the indicator), note
EXAMPLE_PROXIES: list[tuple[str, str, str, float, float, str]] = [
    ("VB-WERK-BIJSTAND", "naar_werk", "gemeente_participatiewet", 6000, 14000,
     "Bespaarde bijstandsuitkering en begeleiding in het eerste jaar na uitstroom naar werk"),
    ("VB-WERK-UWV", "naar_werk", "uwv", 500, 3000,
     "Minder uitkering en re-integratie via het UWV, voor wie daar in beeld was"),
    ("VB-WERK-BEWONER", "naar_werk", "bewoners", 2500, 8000,
     "Extra besteedbaar inkomen van de persoon die werk vond, eerste jaar"),
    ("VB-WERK-ZORG", "naar_werk", "zorgverzekeraar", 300, 1500,
     "Minder zorggebruik door betere ervaren gezondheid na werk"),
    ("VB-WERK-WMO", "naar_werk", "gemeente_wmo", 100, 800,
     "Minder vraag naar Wmo-ondersteuning door meer dagstructuur"),
    ("VB-WERK-WONEN", "naar_werk", "woningcorporatie", 50, 400,
     "Minder huurachterstand en incassokosten"),
    ("VB-VOEDSEL-BEWONER", "voedsel_gered_kg", "bewoners", 1.5, 4,
     "Waarde van geredde levensmiddelen voor de huishoudens die ze krijgen, per kg"),
    ("VB-VOEDSEL-AFVAL", "voedsel_gered_kg", "gemeente_overig", 0.05, 0.2,
     "Minder restafval om in te zamelen en te verwerken, per kg"),
    ("VB-VOEDSEL-KLIMAAT", "voedsel_gered_kg", "samenleving", 0.3, 1.2,
     "Vermeden uitstoot bij productie van voedsel dat anders verspild was, per kg"),
    ("VB-STROOM-BEWONER", "opgewekte_kwh", "bewoners", 0.1, 0.3,
     "Lagere energierekening van de leden, per kWh"),
    ("VB-STROOM-KLIMAAT", "opgewekte_kwh", "samenleving", 0.02, 0.1,
     "Vermeden uitstoot van fossiel opgewekte stroom, per kWh"),
]  # fmt: skip


def _rows(decimal_comma: bool) -> list[list[str]]:
    def amount(value: float) -> str:
        text = f"{value:.2f}"
        return text.replace(".", ",") if decimal_comma else text

    return [
        [
            code,
            indicator,
            stakeholder,
            amount(low),
            amount(high),
            EXAMPLE_SOURCE,
            str(EXAMPLE_YEAR),
            "ja",
            note,
        ]
        for code, indicator, stakeholder, low, high, note in EXAMPLE_PROXIES
    ]


def example_csv(dutch: bool = True) -> str:
    """The example proxies as CSV text: ';' and decimal comma (as Dutch Excel writes it), or ',' and point."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";" if dutch else ",", lineterminator="\r\n" if dutch else "\n")
    writer.writerow([c.name for c in TEMPLATES["waardeproxies"].columns])
    writer.writerows(_rows(decimal_comma=dutch))
    return out.getvalue()


def write_example(path: Path = SHIPPED, dutch: bool = True) -> Path:
    """Write the example file; the Dutch variant gets a BOM so Excel reads € and ë correctly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(example_csv(dutch).encode("utf-8-sig" if dutch else "utf-8"))
    return path
