"""Callback wiring, one module per page; each callback builds Filters and calls a render function."""
