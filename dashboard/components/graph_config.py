"""The one configuration of every dcc.Graph: plotly's toolbar in the page's language, without what does not belong
in a public dashboard.

Left out of the toolbar: plotly's own PNG button (its picture has no source, no date and no "fictieve gegevens";
every chart has the product's download, exports.png_figure, that does), the send-to-cloud and Chart Studio links
(they would send the figure's data to plotly's servers), the plotly logo, and box and lasso selection (no page
selects with them). The toolbar's tooltips follow the page's language: `locale` "nl" is registered by
assets/plotly_locale.js (Dutch texts and number format)."""

from __future__ import annotations

from typing import Any

REMOVED = ["select2d", "lasso2d", "toImage", "sendDataToCloud", "editInChartStudio"]


def graph_config(lang: str, **extra: Any) -> dict[str, Any]:
    """dcc.Graph's config for a page in `lang`; `extra` adds to it (scrollZoom for maps)."""
    return {
        "displaylogo": False,
        "responsive": True,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "showLink": False,
        "modeBarButtonsToRemove": list(REMOVED),
        "locale": "en" if lang == "en" else "nl",
    } | extra
