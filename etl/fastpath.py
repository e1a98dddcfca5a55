"""DuckDB reads a large plain CSV file itself into the staging table, instead of Python's csv reader.

The result is the same `raw` relation the Python path builds (`_line` plus one VARCHAR per template
column and extra column), so validation, reject reasons and inserts are shared. Which files qualify
is decided in `etl.readers.FastCsv`; anything DuckDB refuses (invalid UTF-8, a row with another
number of fields) raises `duckdb.Error` here, before the load transaction, and the file is read the
Python way instead.
"""

from __future__ import annotations

import duckdb

from etl.readers import FastCsv

# Python's str.strip() whitespace (Unicode Zs/Zl/Zp plus the bidi WS/B/S controls), for RE2:
# a record whose cells are all whitespace is a blank row, skipped exactly as the Python reader does.
BLANK_ROW = r"[\t\n\x0b\x0c\r\x1c-\x1f\x85\p{Z}]*"
FIRST_DATA_LINE = 2  # the header is line 1


class NotExact(Exception):
    """DuckDB read the file, but not line for line: use the Python reader."""


def read_lines(con: duckdb.DuckDBPyConnection, table: str, fast: FastCsv) -> int:
    """Parse the file into temp table `table` (c0..cN, file order kept, so rowid is the record index).

    Run outside a transaction: a DuckDB error aborts the enclosing transaction. Raises NotExact unless
    every physical line after the header became exactly one row with its line end removed.
    """
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(fast.width)) + "}"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM read_csv($path, columns = {columns}, "  # noqa: S608
        "header = false, skip = 1, delim = $delim, quote = '\"', escape = '\"', "
        "auto_detect = false, strict_mode = true, null_padding = false, all_varchar = true, "
        "force_not_null = $names, comment = '', encoding = 'utf-8')",
        {
            "path": str(fast.path),
            "delim": fast.delimiter,
            "names": [f"c{i}" for i in range(fast.width)],
        },
    )
    # DuckDB detects the line end itself (an explicit new_line of '\r\n' silently read no rows).
    rows, carriage_returns = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE contains(c{fast.width - 1}, chr(13))) FROM {table}"  # noqa: S608
    ).fetchone()
    if rows != fast.records or carriage_returns:
        con.execute(f"DROP TABLE {table}")
        raise NotExact(f"{rows} rijen gelezen, {fast.records} regels verwacht")
    return rows


def stage_view(con: duckdb.DuckDBPyConnection, table: str, names: list[str], columns: list[str]) -> int:
    """Create the temp view `raw` over the parsed lines; return its row count (blank rows left out).

    `names` is the template column (or `_extra_...`) per file column; `columns` the order of `raw`.
    """
    position = {name: i for i, name in enumerate(names)}
    selects = [f"rowid + {FIRST_DATA_LINE} AS _line"]
    for column in columns:
        quoted = '"' + column.replace('"', '""') + '"'
        i = position.get(column)
        selects.append(f"c{i} AS {quoted}" if i is not None else f"CAST(NULL AS VARCHAR) AS {quoted}")
    everything = "concat(" + ", ".join(f"c{i}" for i in range(len(names))) + ")"
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW raw AS SELECT {', '.join(selects)} FROM {table} "  # noqa: S608
        # A first cell starting with a visible ASCII character (byte 33 to 126) settles it without the
        # regex. Written as byte-wise string comparisons, not ascii(c0): those are cheap, and when
        # every first cell is in range the column's min/max statistics drop the test altogether.
        f"WHERE (c0 >= '!' AND c0 < chr(127)) OR NOT regexp_full_match({everything}, '{BLANK_ROW}')"
    )
    return con.execute("SELECT count(*) FROM raw").fetchone()[0]
