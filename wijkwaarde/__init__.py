"""Wijkwaarde's command line: the one package that may import both the ETL (etl/) and the dashboard."""
