"""The accessibility statement (toegankelijkheidsverklaring): what was tested, how, and what is known."""

from __future__ import annotations

from dash import html

from dashboard.components.shell import create_page
from dashboard.filters import Filters
from dashboard.page import Page
from dashboard.repository import Repository

TESTED_ON = "07-12-2026"  # the date the checks below were last run in full (update with the tests)

# Kept here rather than in i18n.py: long prose per language reads better as whole paragraphs.
TEXT = {
    "nl": {
        "title": "Toegankelijkheidsverklaring",
        "intro": (
            "Wijkwaarde wil voor iedereen bruikbaar zijn en volgt de Web Content Accessibility Guidelines "
            "(WCAG) 2.1 op niveau AA, zoals de wet (Besluit digitale toegankelijkheid overheid, EN 301 549) "
            "van overheidswebsites vraagt."
        ),
        "status_h": "Stand van zaken",
        "status": (
            "Deze verklaring berust op een eigen toets van de ontwikkelaars, niet op onderzoek door een externe "
            "deskundige. Volgens die toets voldoen de geteste pagina's aan WCAG 2.1 AA, met de beperkingen "
            "hieronder. Tot er een extern onderzoek is, geldt de status: voldoet gedeeltelijk."
        ),
        "how_h": "Wat is getest en hoe",
        "how": [
            "Automatisch, bij elke wijziging: axe-core 4.12 (via axe-playwright-python, zonder internet) in "
            "Chromium, op het Overzicht (standaard, gefilterd, lege selectie, en een selectie met "
            "afgeschermde kleine aantallen), de pagina Gegevens en deze pagina, en op elke andere pagina "
            "(Buurtprofiel, Behoefte en aanbod, Portefeuilles, Overleving, Maatschappelijke waarde, "
            "Initiatief, Indicatoren, Raadspakket, Presentatie) in de standaardstand en een gefilterde of "
            "lege stand, met de regels voor WCAG 2.0/2.1 A en AA. Uitkomst: geen overtredingen.",
            "Herschikken (reflow): bij 320 pixels breed scrolt de pagina niet horizontaal; tabellen "
            "scrollen binnen hun eigen kader. Grafieken passen zich aan hun breedte aan: lange namen en titels "
            "lopen over meer regels, zodat geen label buiten de grafiek valt (getest op 320 en 390 pixels).",
            "Toetsenbord: alle knoppen, keuzelijsten, links en downloadknoppen zijn met Tab bereikbaar, "
            "hebben een zichtbare focusrand en er is geen toetsenbordval.",
            "Elk bedieningselement heeft een zichtbaar label; elke grafiek en kaart heeft een toegankelijke "
            "naam, een korte tekstsamenvatting en een tabel met dezelfde waarden (‘Tabel bij deze grafiek’).",
            "Kleuren: lijnen en kaartkleuren hebben ten minste 3:1 contrast met wit, of een tweede kenmerk "
            "(de doellijn is gestreept, buurten zonder gegevens zijn grijs en staan zo in de tekst).",
            'Taal: de pagina heeft lang="nl", en lang="en" na de taalwissel.',
        ],
        "limits_h": "Bekende beperkingen",
        "limits": [
            "Een buurt kiezen door op de kaart te klikken gaat alleen met een muis of touchscreen; met het "
            "toetsenbord kiest u de buurt in het filter ‘Buurt’, met hetzelfde resultaat.",
            "Op een smal scherm (telefoon) worden lange namen onder een heatmap afgekort (…) en laten "
            "grafieken de bedragen naast de balken weg; de volledige namen en bedragen staan in de tabel bij "
            "de grafiek. In het stroomdiagram op Portefeuilles kunnen namen dan over elkaar vallen; de tabel "
            "eronder geeft dezelfde stromen.",
            "De kaart en grafieken zelf zijn afbeeldingen voor hulpsoftware; de cijfers staan in de tabel "
            "onder elke grafiek en in de downloads (CSV, Excel).",
            "Geëxporteerde PNG-afbeeldingen hebben geen tekstalternatief; gebruik daarvoor de CSV of Excel.",
            "Pagina's die na deze toets zijn toegevoegd, zijn nog niet met axe-core getoetst.",
        ],
        "privacy_h": "Kleine aantallen",
        "privacy": (
            "Aantallen personen onder een drempel (standaard 10) staan als ‘< 10’, ook in tabellen, "
            "tekstsamenvattingen en downloads; aantallen die verborgen zijn omdat ze een klein aantal zouden "
            "verraden, of omdat één initiatief ze alleen meldt, staan als ‘afgeschermd’."
        ),
        "contact_h": "Contact",
        "contact": (
            "Loopt u tegen een probleem aan? Meld het bij de beheerder van deze omgeving; wij reageren binnen "
            "twee weken."
        ),
        "date": "Laatst getoetst op {date}.",
    },
    "en": {
        "title": "Accessibility statement",
        "intro": (
            "Wijkwaarde aims to be usable by everyone and follows the Web Content Accessibility Guidelines "
            "(WCAG) 2.1 at level AA, as Dutch law (EN 301 549) requires of government websites."
        ),
        "status_h": "Status",
        "status": (
            "This statement rests on the developers' own testing, not on an audit by an outside expert. By "
            "that testing the pages tested meet WCAG 2.1 AA, with the limitations below. Until an outside "
            "audit, the status is: partially compliant."
        ),
        "how_h": "What was tested and how",
        "how": [
            "Automatically, on every change: axe-core 4.12 (through axe-playwright-python, offline) in "
            "Chromium, on the Overview (default, filtered, empty selection, and a selection with protected "
            "small numbers), the Data page and this page, and on every other page (Neighbourhood profile, "
            "Need vs coverage, Portfolios, Survival, Social value, Initiative, Indicators, Council pack, "
            "Presentation) in its default and a filtered or empty state, with the WCAG 2.0/2.1 A and AA "
            "rules. Result: no violations.",
            "Reflow: at 320 pixels wide the page does not scroll horizontally; tables scroll in their own box. "
            "Charts adapt to their width: long names and titles wrap onto more lines, so no label falls "
            "outside its chart (tested at 320 and 390 pixels).",
            "Keyboard: every button, list box, link and download button is reachable with Tab, shows a "
            "visible focus outline, and there is no keyboard trap.",
            "Every control has a visible label; every chart and map has an accessible name, a short text "
            "summary and a table with the same values ('Table for this chart').",
            "Colours: lines and map colours reach at least 3:1 contrast with white, or carry a second cue "
            "(the target line is dashed, neighbourhoods without data are grey and say so in the text).",
            'Language: the page has lang="nl", and lang="en" after the language switch.',
        ],
        "limits_h": "Known limitations",
        "limits": [
            "Choosing a neighbourhood by clicking the map needs a mouse or touch screen; with the keyboard, "
            "choose it in the 'Neighbourhood' filter, with the same result.",
            "On a narrow screen (a phone) long names under a heatmap are shortened (…) and charts leave out "
            "the amounts beside their bars; the full names and amounts are in the chart's table. In the flow "
            "diagram on Portfolios names may then overlap; the table under it lists the same flows.",
            "The map and charts themselves are images to assistive technology; their numbers are in the "
            "table under each chart and in the downloads (CSV, Excel).",
            "Exported PNG images have no text alternative; use the CSV or Excel for that.",
            "Pages added after this test have not yet been checked with axe-core.",
        ],
        "privacy_h": "Small numbers",
        "privacy": (
            "Counts of people below a threshold (10 by default) are shown as '< 10', also in tables, text "
            "summaries and downloads; counts hidden because they would reveal a small one, or because one "
            "initiative alone reports them, are shown as 'protected'."
        ),
        "contact_h": "Contact",
        "contact": (
            "Run into a problem? Report it to the administrator of this installation; we answer within two weeks."
        ),
        "date": "Last tested on {date}.",
    },
}


def build(repo: Repository, query: dict) -> html.Div:
    filters = Filters.from_query(query)
    lang = filters.lang
    text = TEXT[lang]

    def section(key: str) -> list:
        body = text[key]
        content = html.Ul([html.Li(item) for item in body]) if isinstance(body, list) else html.P(body)
        return [html.H2(text[f"{key}_h"], className="h5 mt-4"), content]

    body = [
        html.H1(text["title"], className="h3"),
        html.P(text["intro"]),
        *section("status"),
        *section("how"),
        *section("limits"),
        *section("privacy"),
        *section("contact"),
        html.P(text["date"].format(date=TESTED_ON), className="small text-muted mt-4"),
    ]
    fictional = bool(repo.dataset().get("is_fictional")) if repo.available() else False
    return create_page(
        lang, "accessibility", fictional, html.Article(body, className="statement"), filters.to_search()
    )


PAGE = Page(
    key="accessibility",
    path="/toegankelijkheid",  # linked from every page's footer
    label={"nl": "Toegankelijkheid", "en": "Accessibility"},
    build=build,
    title="Wijkwaarde – Toegankelijkheidsverklaring",
)
