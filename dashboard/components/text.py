"""UI text with `code` spans (command names in the strings of i18n.py) as real <code> elements, not backticks."""

from __future__ import annotations

from dash import html


def with_code(text: str) -> list:
    """'Laad ze met `wijkwaarde load`.' -> ['Laad ze met ', Code('wijkwaarde load'), '.']"""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: plain text, as written
        return [text]
    # text-reset: the surrounding text's colour (Bootstrap's pink <code> falls below 4.5:1 contrast)
    return [html.Code(p, className="text-reset") if i % 2 else p for i, p in enumerate(parts) if p]
