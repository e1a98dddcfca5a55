"""Static images of pack items: through the one kaleido server per process that dashboard/exports.py keeps."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.exports import render_png


def figure_png(fig: go.Figure, width: int = 1200, height: int = 640, scale: float = 2.0) -> bytes:
    """The figure as PNG bytes (maps included: MapLibre renders in headless Chromium without tiles)."""
    return render_png(fig, (width, height), scale)
