"""Wijkwaarde's Dash app: monitoring neighbourhood initiatives from the published DuckDB warehouse."""
