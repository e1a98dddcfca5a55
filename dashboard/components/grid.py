"""AG Grid in Dutch: the grid's own texts (paging, empty table, filters), which it otherwise shows in English;
and the column settings every grid shares."""

from __future__ import annotations

# Cells wrap their text onto more lines and the row grows to hold it: a long name is never cut off with an
# ellipsis ('Beweegtuin D…' on a phone and at 200% zoom; WCAG 1.4.10). tests/browser/test_grid_cells.py.
WRAPPED_CELLS = {"wrapText": True, "autoHeight": True}

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
