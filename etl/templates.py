"""The input templates: one per entity, with Dutch column headers, English aliases, types and rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from etl import taxonomy as tx


@dataclass(frozen=True)
class Column:
    """One template column: its Dutch header, English alias and the rule its values follow."""

    name: str  # Dutch header, as written in the template
    alias: str  # English header, accepted as well
    kind: str  # text | code | int | decimal | date | enum | bool | geometry
    required: bool = False
    description_nl: str = ""
    description_en: str = ""
    example: str = ""
    enum: dict[str, tuple[str, str]] | None = None
    is_list: bool = False  # values separated by ';' (or '|' inside a ';'-separated file)
    ref: str | None = None  # entity whose key this column refers to
    pattern: str | None = None  # regular expression a code must match
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 200
    missing_markers: tuple[str, ...] = ()  # values that mean "missing" (kept as NULL, never 0)
    money: bool = False  # euro stored as DECIMAL(14, 2): a third decimal is rejected, never rounded


@dataclass(frozen=True)
class Template:
    """An input entity: the file a user fills in, its key and the table it lands in."""

    entity: str  # Dutch name, also the template file name
    alias: str  # English name
    table: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    description_nl: str = ""
    description_en: str = ""
    depends_on: tuple[str, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


# CBS codes: GM + 4 digits, WK + gemeente digits + 2, BU + wijk part + 2. Since 2022 Amsterdam uses
# letters in the wijk and buurt parts (WK0363SE, BU0363KA05), so those parts are alphanumeric.
AREA_CODE = r"^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$"
BUURT_CODE = r"^BU\d{4}[0-9A-Z]{4}$"
CODE = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"

GEBIEDEN = Template(
    entity="gebieden",
    alias="areas",
    table="area",
    key=("gebiedscode",),
    description_nl="Gemeenten, wijken en buurten met CBS-code, bovenliggend gebied, grensjaar en "
    "(optioneel) de grens als GeoJSON in WGS84.",
    description_en="Municipalities, districts and neighbourhoods with CBS code, parent, boundary "
    "year and (optionally) the boundary as WGS84 GeoJSON.",
    columns=(
        Column(
            "gebiedscode",
            "area_code",
            "code",
            True,
            "CBS-code (GM/WK/BU)",
            "CBS code",
            "BU99990101",
            pattern=AREA_CODE,
        ),
        Column("naam", "name", "text", True, "Naam van het gebied", "Area name", "Centrum-Noord"),
        Column(
            "niveau",
            "level",
            "enum",
            True,
            "gemeente, wijk of buurt",
            "level",
            "buurt",
            enum=tx.LEVELS,
        ),
        Column(
            "bovenliggende_code",
            "parent_code",
            "code",
            False,
            "Code van de wijk (voor een buurt) of gemeente (voor een wijk)",
            "Parent area code",
            "WK999901",
            pattern=AREA_CODE,
            ref="gebieden",
        ),
        Column(
            "grensjaar",
            "boundary_year",
            "int",
            True,
            "Jaar van de CBS wijk- en buurtkaart",
            "Boundary year",
            "2024",
            minimum=1990,
            maximum=2100,
        ),
        Column(
            "oppervlakte_ha",
            "area_ha",
            "decimal",
            False,
            "Landoppervlakte in hectare",
            "Land area in hectares",
            "52,3",
            minimum=0,
            maximum=500_000,
        ),
        Column(
            "fictief",
            "fictional",
            "bool",
            False,
            "ja als het gebied verzonnen is (demo)",
            "yes for generated areas",
            "nee",
        ),
        Column(
            "geometrie",
            "geometry",
            "geometry",
            False,
            "Grens als GeoJSON-geometrie (WGS84)",
            "Boundary as GeoJSON geometry (WGS84)",
            '{"type":"Polygon","coordinates":[...]}',
            max_length=5_000_000,
        ),
    ),
)

GEBIEDSCIJFERS = Template(
    entity="gebiedscijfers",
    alias="area_statistics",
    table="area_stat",
    key=("gebiedscode", "jaar", "statistiek"),
    depends_on=("gebieden",),
    description_nl="Contextcijfers per gebied en jaar (lange vorm). Een ontbrekende of geheime "
    "waarde ('.' of leeg) blijft ontbrekend, nooit 0.",
    description_en="Context statistics per area and year (long form). A missing or secret value "
    "('.' or empty) stays missing, never 0.",
    columns=(
        Column(
            "gebiedscode",
            "area_code",
            "code",
            True,
            "CBS-code",
            "CBS code",
            "BU99990101",
            pattern=AREA_CODE,
            ref="gebieden",
        ),
        Column("jaar", "year", "int", True, "Peiljaar", "Year", "2024", minimum=1990, maximum=2100),
        Column(
            "statistiek",
            "statistic",
            "enum",
            True,
            "Code van de statistiek",
            "Statistic code",
            "inwoners",
            enum={k: (v.name_nl, v.name_en) for k, v in tx.STATISTICS.items()},
        ),
        Column(
            "waarde",
            "value",
            "decimal",
            False,
            "Waarde; '.' of leeg = ontbrekend",
            "Value; '.' or empty = missing",
            "1.234",
            missing_markers=(".", "x", "?"),
        ),
        Column("bron", "source", "text", False, "Bron van het cijfer", "Source", "CBS"),
    ),
)

ORGANISATIES = Template(
    entity="organisaties",
    alias="organisations",
    table="organisation",
    key=("organisatiecode",),
    description_nl="Organisaties achter initiatieven.",
    description_en="Organisations behind initiatives.",
    columns=(
        Column(
            "organisatiecode",
            "organisation_code",
            "code",
            True,
            "Eigen code",
            "Own code",
            "ORG001",
            pattern=CODE,
        ),
        Column("naam", "name", "text", True, "Naam", "Name", "Stichting Buurtkracht"),
        Column(
            "kvk_nummer",
            "coc_number",
            "code",
            False,
            "KvK-nummer (8 cijfers)",
            "Chamber of Commerce number",
            "12345678",
            pattern=r"^\d{8}$",
        ),
        Column("plaats", "place", "text", False, "Vestigingsplaats", "Place", "Demostad"),
    ),
)

INITIATIEVEN = Template(
    entity="initiatieven",
    alias="initiatives",
    table="initiative",
    key=("initiatiefcode",),
    depends_on=("gebieden", "organisaties"),
    description_nl="Initiatieven met thema's, vorm, levensloop en de buurten die ze bedienen.",
    description_en="Initiatives with themes, form, lifecycle and the neighbourhoods they serve.",
    columns=(
        Column(
            "initiatiefcode",
            "initiative_code",
            "code",
            True,
            "Eigen code",
            "Own code",
            "INI0001",
            pattern=CODE,
        ),
        Column("naam", "name", "text", True, "Naam", "Name", "Buurtkeuken De Kruidenier"),
        Column(
            "organisatiecode",
            "organisation_code",
            "code",
            False,
            "Organisatie",
            "Organisation",
            "ORG001",
            pattern=CODE,
            ref="organisaties",
        ),
        Column(
            "themas",
            "themes",
            "enum",
            True,
            "Thema's, gescheiden door ';'",
            "Themes, separated by ';'",
            "voedsel;eenzaamheid",
            enum=tx.THEMES,
            is_list=True,
        ),
        Column(
            "vorm",
            "form",
            "enum",
            True,
            "Organisatievorm",
            "Form",
            "wijkonderneming",
            enum=tx.FORMS,
        ),
        Column(
            "startdatum",
            "start_date",
            "date",
            True,
            "Startdatum (dd-mm-jjjj)",
            "Start date",
            "01-03-2021",
        ),
        Column(
            "einddatum",
            "end_date",
            "date",
            False,
            "Einddatum, leeg als actief",
            "End date, empty while active",
            "",
        ),
        Column(
            "status",
            "status",
            "enum",
            True,
            "Levensfase",
            "Lifecycle status",
            "groeiend",
            enum=tx.STATUSES,
        ),
        Column(
            "buurten",
            "neighbourhoods",
            "code",
            True,
            "Bediende buurten (BU-codes), gescheiden door ';'; de eerste is de hoofdbuurt",
            "Neighbourhoods served (BU codes), separated by ';'; the first is the main one",
            "BU99990101;BU99990102",
            pattern=BUURT_CODE,
            ref="gebieden",
            is_list=True,
        ),
        Column(
            "omschrijving",
            "description",
            "text",
            False,
            "Korte omschrijving",
            "Short description",
            "",
            max_length=2000,
        ),
        Column(
            "sdgs",
            "sdgs",
            "int",
            False,
            "SDG-doelen (1-17), gescheiden door ';'",
            "SDG goals (1-17)",
            "3;10",
            is_list=True,
            minimum=1,
            maximum=17,
        ),
    ),
)

FINANCIERS = Template(
    entity="financiers",
    alias="funders",
    table="funder",
    key=("financiercode",),
    description_nl="Financiers: gemeente, fondsen, provincie, eigen inkomsten en andere routes.",
    description_en="Funders: municipality, funds, province, own revenue and other routes.",
    columns=(
        Column(
            "financiercode",
            "funder_code",
            "code",
            True,
            "Eigen code",
            "Own code",
            "FIN01",
            pattern=CODE,
        ),
        Column("naam", "name", "text", True, "Naam", "Name", "Fonds Demostad"),
        Column(
            "type",
            "type",
            "enum",
            True,
            "Soort financier",
            "Funder type",
            "fonds",
            enum=tx.FUNDER_TYPES,
        ),
    ),
)

SUBSIDIES = Template(
    entity="subsidies",
    alias="grants",
    table="grant_award",
    key=("subsidiecode",),
    depends_on=("financiers", "initiatieven"),
    description_nl="Toekenningen: bedrag, periode, financier en initiatief.",
    description_en="Grants: amount, period, funder and initiative.",
    columns=(
        Column(
            "subsidiecode",
            "grant_code",
            "code",
            True,
            "Eigen code",
            "Own code",
            "SUB0001",
            pattern=CODE,
        ),
        Column(
            "financiercode",
            "funder_code",
            "code",
            True,
            "Financier",
            "Funder",
            "FIN01",
            pattern=CODE,
            ref="financiers",
        ),
        Column(
            "initiatiefcode",
            "initiative_code",
            "code",
            True,
            "Initiatief",
            "Initiative",
            "INI0001",
            pattern=CODE,
            ref="initiatieven",
        ),
        Column(
            "bedrag",
            "amount",
            "decimal",
            True,
            "Bedrag in euro",
            "Amount in euro",
            "12.500,00",
            minimum=0,
            maximum=50_000_000,
            money=True,
        ),
        Column(
            "startdatum",
            "start_date",
            "date",
            True,
            "Begin van de periode",
            "Period start",
            "01-01-2024",
        ),
        Column(
            "einddatum",
            "end_date",
            "date",
            False,
            "Einde van de periode",
            "Period end",
            "31-12-2024",
        ),
        Column(
            "omschrijving",
            "description",
            "text",
            False,
            "Omschrijving",
            "Description",
            "",
            max_length=2000,
        ),
    ),
)

INDICATOREN = Template(
    entity="indicatoren",
    alias="indicators",
    table="indicator",
    key=("indicatorcode",),
    description_nl="Indicatoren met eenheid, richting, Theory of Change-niveau, thema, IRIS+ en SDG.",
    description_en="Indicators with unit, direction, Theory-of-Change level, theme, IRIS+ and SDG.",
    columns=(
        Column(
            "indicatorcode",
            "indicator_code",
            "code",
            True,
            "Eigen code",
            "Own code",
            "deelnemers",
            pattern=CODE,
        ),
        Column(
            "naam_nl",
            "name_nl",
            "text",
            True,
            "Naam (Nederlands)",
            "Name (Dutch)",
            "Bereikte deelnemers",
        ),
        Column(
            "naam_en",
            "name_en",
            "text",
            True,
            "Naam (Engels)",
            "Name (English)",
            "Participants reached",
        ),
        Column("eenheid", "unit", "text", True, "Eenheid", "Unit", "personen"),
        Column(
            "richting",
            "direction",
            "enum",
            True,
            "hoger_beter of lager_beter",
            "Direction",
            "hoger_beter",
            enum=tx.DIRECTIONS,
        ),
        Column(
            "toc_niveau",
            "toc_level",
            "enum",
            True,
            "Niveau in de Theory of Change",
            "Theory-of-Change level",
            "output",
            enum=tx.TOC_LEVELS,
        ),
        Column(
            "aggregatie",
            "aggregation",
            "enum",
            True,
            "som (stroom), laatste (stand) of gemiddelde",
            "sum, latest or mean",
            "som",
            enum=tx.AGGREGATIONS,
        ),
        Column(
            "telt_personen",
            "counts_people",
            "bool",
            False,
            "ja als de waarde een aantal personen is",
            "yes if the value counts people",
            "ja",
        ),
        Column("thema", "theme", "enum", False, "Thema", "Theme", "eenzaamheid", enum=tx.THEMES),
        Column(
            "minimum",
            "minimum",
            "decimal",
            False,
            "Laagste plausibele waarde",
            "Lowest plausible value",
            "0",
        ),
        Column(
            "maximum",
            "maximum",
            "decimal",
            False,
            "Hoogste plausibele waarde",
            "Highest plausible value",
            "100000",
        ),
        Column(
            "iris_code",
            "iris_metric",
            "code",
            False,
            "IRIS+-metriek",
            "IRIS+ metric id",
            "PI4060",
            pattern=r"^[A-Z]{2}\d{4}$",
        ),
        Column(
            "sdg_doel",
            "sdg_target",
            "code",
            False,
            "SDG-subdoel",
            "SDG target",
            "3.4",
            pattern=r"^\d{1,2}\.[0-9a-z]{1,2}$",
        ),
    ),
)

WAARNEMINGEN = Template(
    entity="waarnemingen",
    alias="observations",
    table="observation",
    key=("initiatiefcode", "indicatorcode", "buurtcode", "periode_start"),
    depends_on=("initiatieven", "indicatoren", "gebieden"),
    description_nl="Gemeten waarden per initiatief, indicator, (optioneel) buurt en periode, met doel.",
    description_en="Measured values per initiative, indicator, (optional) neighbourhood and period.",
    columns=(
        Column(
            "initiatiefcode",
            "initiative_code",
            "code",
            True,
            "Initiatief",
            "Initiative",
            "INI0001",
            pattern=CODE,
            ref="initiatieven",
        ),
        Column(
            "indicatorcode",
            "indicator_code",
            "code",
            True,
            "Indicator",
            "Indicator",
            "deelnemers",
            pattern=CODE,
            ref="indicatoren",
        ),
        Column(
            "buurtcode",
            "neighbourhood_code",
            "code",
            False,
            "Buurt; leeg = de hoofdbuurt van het initiatief",
            "Neighbourhood; empty = main",
            "BU99990101",
            pattern=BUURT_CODE,
            ref="gebieden",
        ),
        Column(
            "periode_start",
            "period_start",
            "date",
            True,
            "Begin van de periode",
            "Period start",
            "01-01-2024",
        ),
        Column(
            "periode_eind",
            "period_end",
            "date",
            True,
            "Einde van de periode",
            "Period end",
            "31-03-2024",
        ),
        Column("waarde", "value", "decimal", True, "Gemeten waarde", "Value", "42"),
        Column("doel", "target", "decimal", False, "Streefwaarde", "Target", "50"),
    ),
)

WAARDEPROXIES = Template(
    entity="waardeproxies",
    alias="value_proxies",
    table="value_proxy",
    key=("proxycode",),
    depends_on=("indicatoren",),
    description_nl="Waardeproxies: euro per eenheid van een effectindicator (output, outcome of impact, "
    "aggregatie som) en wie dat bedrag wint of bespaart, als bandbreedte laag–hoog met bron en jaar. "
    "Eén proxy per indicator en belanghebbende, zodat niets dubbel telt.",
    description_en="Value proxies: euro per unit of an effect indicator (output, outcome or impact, "
    "aggregation sum) and who gains or saves it, as a low-high range with source and year. One proxy "
    "per indicator and stakeholder, so nothing counts twice.",
    columns=(
        Column(
            "proxycode",
            "proxy_code",
            "code",
            True,
            "Eigen code",
            "Own code",
            "WP-WERK-BIJSTAND",
            pattern=CODE,
        ),
        Column(
            "indicatorcode",
            "indicator_code",
            "code",
            True,
            "Indicator waarvan een eenheid deze waarde heeft",
            "Indicator whose unit carries this value",
            "naar_werk",
            pattern=CODE,
            ref="indicatoren",
        ),
        Column(
            "belanghebbende",
            "stakeholder",
            "enum",
            True,
            "Wie de waarde wint of bespaart",
            "Who gains or saves the value",
            "gemeente_participatiewet",
            enum=tx.STAKEHOLDERS,
        ),
        Column(
            "waarde_laag",
            "value_low",
            "decimal",
            True,
            "Laagste waarde in euro per eenheid (0 of meer)",
            "Low value in euro per unit (0 or more)",
            "8.000,00",
        ),
        Column(
            "waarde_hoog",
            "value_high",
            "decimal",
            True,
            "Hoogste waarde in euro per eenheid (niet lager dan waarde_laag)",
            "High value in euro per unit (not below value_low)",
            "14.000,00",
        ),
        Column(
            "bron",
            "source",
            "text",
            True,
            "Bron van het bedrag, of 'voorbeeldwaarde, geen officiële bron'",
            "Source of the amount",
            "voorbeeldwaarde, geen officiële bron",
            max_length=500,
        ),
        Column(
            "jaar",
            "year",
            "int",
            True,
            "Prijspeil (jaar van het bedrag)",
            "Price year",
            "2024",
            minimum=1990,
            maximum=2100,
        ),
        Column(
            "is_voorbeeld",
            "is_example",
            "bool",
            False,
            "ja als het een voorbeeldwaarde is (geen officiële bron)",
            "yes for an example value (no official source)",
            "ja",
        ),
        Column(
            "toelichting",
            "note",
            "text",
            False,
            "Aanname achter het bedrag",
            "Assumption behind the amount",
            "Bespaarde bijstandsuitkering in het eerste jaar",
            max_length=2000,
        ),
    ),
)

TEMPLATES: dict[str, Template] = {
    t.entity: t
    for t in (
        GEBIEDEN,
        GEBIEDSCIJFERS,
        ORGANISATIES,
        INITIATIEVEN,
        FINANCIERS,
        SUBSIDIES,
        INDICATOREN,
        WAARNEMINGEN,
        WAARDEPROXIES,
    )
}

# The order in which entities load, so references resolve to rows loaded before them.
LOAD_ORDER: tuple[str, ...] = tuple(TEMPLATES)


def by_name(name: str) -> Template | None:
    """The template called `name` in Dutch or English, or None."""
    name = name.lower()
    return next((t for t in TEMPLATES.values() if name in (t.entity, t.alias)), None)
