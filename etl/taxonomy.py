"""The fixed vocabularies of the domain: themes, forms, statuses, funder types, context statistics."""

from __future__ import annotations

from dataclasses import dataclass

# code -> (Dutch label, English label). Themes follow ../shared/DOMAIN.md.
THEMES: dict[str, tuple[str, str]] = {
    "eenzaamheid": ("Eenzaamheid", "Loneliness"),
    "armoede": ("Armoede en kansengelijkheid", "Poverty and unequal chances"),
    "gezondheid": ("Preventie en positieve gezondheid", "Preventive and positive health"),
    "werk": ("Werk en participatie", "Work and labour participation"),
    "inclusie": ("Inclusie van mensen met een beperking", "Disability inclusion"),
    "jeugd": ("Jeugd en jonge vrouwen", "Youth and young women"),
    "zorg_dichtbij": ("Ouderenzorg dichtbij", "Elderly care close to home"),
    "energie": ("Energie", "Energy co-operatives and solar"),
    "voedsel": ("Voedsel", "Food"),
    "groen": ("Groen en schoon", "Green and clean streets"),
    "sociale_cohesie": ("Sociale cohesie", "Social cohesion"),
    "nieuwkomers": ("Vluchtelingen en migranten", "Refugees and migrants"),
    "cultuur": ("Cultuur en festivals", "Culture and festivals"),
    "lokale_economie": ("Vitaal centrum en lokale economie", "Vital town centre and local economy"),
}

FORMS: dict[str, tuple[str, str]] = {
    "bewonersinitiatief": ("Bewonersinitiatief", "Residents' initiative"),
    "wijkonderneming": ("Wijkonderneming", "Neighbourhood enterprise"),
    "buurtcooperatie": ("Buurtcoöperatie", "Neighbourhood co-operative"),
    "sociale_onderneming": ("Sociale onderneming", "Social enterprise"),
    "stichting": ("Stichting", "Foundation"),
    "vereniging": ("Vereniging", "Association"),
    "cooperatie": ("Coöperatie", "Co-operative"),
}

STATUSES: dict[str, tuple[str, str]] = {
    "idee": ("Idee", "Idea"),
    "startend": ("Startend", "Starting"),
    "groeiend": ("Groeiend", "Growing"),
    "gevestigd": ("Gevestigd", "Established"),
    "gestopt": ("Gestopt", "Stopped"),
}

FUNDER_TYPES: dict[str, tuple[str, str]] = {
    "gemeente": ("Gemeente", "Municipality"),
    "fonds": ("Fonds", "Fund"),
    "provincie": ("Provincie", "Province"),
    "eigen_inkomsten": ("Eigen inkomsten", "Own revenue"),
    "maatschappelijk_aanbesteden": ("Maatschappelijk aanbesteden", "Social procurement"),
    "right_to_challenge": ("Right to Challenge", "Right to Challenge"),
    "donaties": ("Donaties", "Donations"),
}

TOC_LEVELS: dict[str, tuple[str, str]] = {
    "input": ("Input", "Input"),
    "activiteit": ("Activiteit", "Activity"),
    "output": ("Output", "Output"),
    "outcome": ("Outcome", "Outcome"),
    "impact": ("Impact", "Impact"),
}

DIRECTIONS: dict[str, tuple[str, str]] = {
    "hoger_beter": ("Hoger is beter", "Higher is better"),
    "lager_beter": ("Lager is beter", "Lower is better"),
}

# How observations of an indicator combine over time: flows add up, stocks take the latest value.
AGGREGATIONS: dict[str, tuple[str, str]] = {
    "som": ("Som over de periode", "Sum over the period"),
    "laatste": ("Laatste waarde in de periode", "Latest value in the period"),
    "gemiddelde": ("Gemiddelde over de periode", "Mean over the period"),
}

LEVELS: dict[str, tuple[str, str]] = {
    "gemeente": ("Gemeente", "Municipality"),
    "wijk": ("Wijk", "District"),
    "buurt": ("Buurt", "Neighbourhood"),
}

# Who gains from an effect (in the spirit of the EffectenArena): the budget or party that saves or earns,
# and so could help pay for the initiative. Value proxies (template waardeproxies) name one of these.
STAKEHOLDERS: dict[str, tuple[str, str]] = {
    "gemeente_wmo": ("Gemeente: Wmo-budget", "Municipality: social support (Wmo) budget"),
    "gemeente_participatiewet": (
        "Gemeente: Participatiewet (bijstand)",
        "Municipality: Participation Act (social assistance)",
    ),
    "gemeente_jeugd": ("Gemeente: Jeugdwet", "Municipality: youth care budget"),
    "gemeente_overig": ("Gemeente: overige budgetten", "Municipality: other budgets"),
    "zorgverzekeraar": ("Zorgverzekeraar", "Health insurer"),
    "zorgkantoor": ("Zorgkantoor (Wlz)", "Long-term care office (Wlz)"),
    "woningcorporatie": ("Woningcorporatie", "Housing corporation"),
    "uwv": ("UWV", "Employee insurance agency (UWV)"),
    "politie_justitie": ("Politie en justitie", "Police and justice"),
    "werkgevers": ("Werkgevers", "Employers"),
    "bewoners": ("Bewoners en deelnemers", "Residents and participants"),
    "samenleving": ("Samenleving (milieu, klimaat)", "Society (environment, climate)"),
}


@dataclass(frozen=True)
class StatDef:
    """A context statistic an area can carry, with its unit and plausible range."""

    code: str
    name_nl: str
    name_en: str
    unit: str
    minimum: float
    maximum: float
    is_count: bool = False
    # The count a share, average or rate is taken over (residents, households, dwellings): where that count
    # is below k the statistic reveals too much about a few people and is not shown (protection rule 4).
    base: str | None = None


STATISTICS: dict[str, StatDef] = {
    s.code: s
    for s in [
        StatDef("inwoners", "Inwoners", "Residents", "aantal", 0, 2_000_000, True),
        StatDef("inwoners_0_14", "Inwoners 0-14 jaar", "Residents aged 0-14", "aantal", 0, 1_000_000, True),
        StatDef(
            "inwoners_65plus", "Inwoners 65 jaar en ouder", "Residents aged 65+", "aantal", 0, 1_000_000, True
        ),
        StatDef("huishoudens", "Huishoudens", "Households", "aantal", 0, 1_000_000, True),
        StatDef(
            "eenpersoonshuishoudens",
            "Eenpersoonshuishoudens",
            "Single-person households",
            "aantal",
            0,
            1_000_000,
            True,
        ),
        StatDef("aandeel_0_14", "Aandeel 0-14 jaar", "Share aged 0-14", "%", 0, 100, base="inwoners"),
        StatDef("aandeel_65plus", "Aandeel 65 jaar en ouder", "Share aged 65+", "%", 0, 100, base="inwoners"),
        StatDef(
            "aandeel_eenpersoonshuishoudens",
            "Aandeel eenpersoonshuishoudens",
            "Share of single-person households",
            "%",
            0,
            100,
            base="huishoudens",
        ),
        StatDef(
            "gemiddelde_huishoudensgrootte",
            "Gemiddelde huishoudensgrootte",
            "Average household size",
            "personen",
            0,
            20,
            base="huishoudens",
        ),
        StatDef(
            "bevolkingsdichtheid",
            "Bevolkingsdichtheid",
            "Population density",
            "inwoners per km²",
            0,
            100_000,
            base="inwoners",
        ),
        StatDef("woningvoorraad", "Woningvoorraad", "Dwellings", "aantal", 0, 1_000_000, True),
        StatDef(
            "woz_waarde",
            "Gemiddelde WOZ-waarde",
            "Average property value",
            "x 1.000 euro",
            0,
            10_000,
            base="woningvoorraad",
        ),
        StatDef(
            "inkomen_per_inwoner",
            "Gemiddeld inkomen per inwoner",
            "Average income per resident",
            "x 1.000 euro",
            0,
            500,
            base="inwoners",
        ),
        StatDef(
            "aandeel_laag_inkomen",
            "Huishoudens met een laag inkomen",
            "Households with a low income",
            "%",
            0,
            100,
            base="huishoudens",
        ),
        StatDef(
            "aandeel_goede_gezondheid",
            "Ervaren gezondheid goed of zeer goed",
            "Good or very good self-rated health",
            "%",
            0,
            100,
            base="inwoners",
        ),
        StatDef("oppervlakte_land_ha", "Oppervlakte land", "Land area", "ha", 0, 1_000_000),
        StatDef("afstand_huisarts", "Afstand tot huisartsenpraktijk", "Distance to GP", "km", 0, 100),
        StatDef(
            "afstand_supermarkt", "Afstand tot grote supermarkt", "Distance to supermarket", "km", 0, 100
        ),
        StatDef(
            "geregistreerde_misdrijven",
            "Geregistreerde misdrijven",
            "Registered crimes",
            "aantal",
            0,
            1_000_000,
            True,
        ),
    ]
}

AREA_CODE_PATTERNS = {
    "gemeente": r"^GM\d{4}$",
    "wijk": r"^WK\d{4}[0-9A-Z]{2}$",  # Amsterdam: WK0363SE
    "buurt": r"^BU\d{4}[0-9A-Z]{4}$",  # Amsterdam: BU0363KA05
}

# Codes reserved for generated, fictional data: no real municipality uses GM9999.
DEMO_GEMEENTE_CODE = "GM9999"
DEMO_GEMEENTE_NAME = "Demostad (fictieve gegevens)"
