"""Wijkwaarde ETL: loads source files into a versioned, atomically published DuckDB warehouse."""
