"""AG Grid in Dutch: the grid's own texts (paging, empty table, filters), which it otherwise shows in English."""

from __future__ import annotations

# Keys from AG Grid's localeText (the ones a user of a paged, sortable, quick-filtered table meets).
_NL = {
    "page": "Pagina",
    "of": "van",
    "to": "t/m",
    "more": "meer",
    "next": "Volgende",
    "last": "Laatste",
    "first": "Eerste",
    "previous": "Vorige",
    "firstPage": "Eerste pagina",
    "lastPage": "Laatste pagina",
    "nextPage": "Volgende pagina",
    "previousPage": "Vorige pagina",
    "pageSizeSelectorLabel": "Rijen per pagina:",
    "ariaPageSizeSelectorLabel": "Rijen per pagina",
    "pageLastRowUnknown": "?",
    "loadingOoo": "Laden…",
    "noRowsToShow": "Geen gegevens voor deze selectie",
    "ariaRowCount": "Aantal rijen",
    "ariaSearch": "Zoeken",
    "ariaSortableColumn": "Druk op Enter om te sorteren",
    "ariaLabelColumnMenu": "Kolommenu",
    "sortAscending": "Oplopend sorteren",
    "sortDescending": "Aflopend sorteren",
    "sortUnSort": "Sortering wissen",
}
_EN = {"noRowsToShow": "No data for this selection"}


def locale_text(lang: str) -> dict[str, str]:
    """AG Grid localeText for the interface language (English is AG Grid's default, except 'no rows')."""
    return _NL if lang == "nl" else _EN
