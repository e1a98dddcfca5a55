"""Dropdown texts in the interface language: Dash 4's dropdown says '2 selected' and 'Search' otherwise."""

from __future__ import annotations

LABELS = {
    "nl": {
        "select_all": "Alles selecteren",
        "deselect_all": "Niets selecteren",
        "selected_count": "{num_selected} geselecteerd",
        "search": "Zoeken",
        "clear_search": "Zoekterm wissen",
        "clear_selection": "Keuze wissen",
        "no_options_found": "Geen keuzes gevonden",
    },
    "en": {
        "select_all": "Select all",
        "deselect_all": "Deselect all",
        "selected_count": "{num_selected} selected",
        "search": "Search",
        "clear_search": "Clear search",
        "clear_selection": "Clear selection",
        "no_options_found": "No options found",
    },
}


def dropdown_labels(lang: str) -> dict[str, str]:
    """The `labels` of every dcc.Dropdown: Dutch unless the page is in English."""
    return LABELS["en" if lang == "en" else "nl"]
