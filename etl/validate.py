"""Validates a staged file in DuckDB: parses every value by explicit rules and lists each fault.

The raw file sits in `raw` (`_line` plus one VARCHAR column per template column).
`stage()` defines the view `staged_all` with the raw `r_<column>`, trimmed `v_<column>` and parsed
`p_<column>` values and builds long tables `list_<column>` for list columns; `collect()` builds
`staged` (`_line` and the parsed values) and `rej` with one row per fault (line, column, value,
reason). Identifiers come from the template spec only; user values are never spliced into SQL.

Rules that look at one row at a time (most of them) are not run over every row one by one: the
pass that builds `staged` also computes `_bad`, the OR of all their conditions, and the rules
themselves then run unchanged over `flagged`, the rows where `_bad` holds. A rule can only fire on a
row where its own condition holds, so this gives exactly the same faults with one scan.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from etl import geometry
from etl import taxonomy as tx
from etl.templates import AREA_CODE, BUURT_CODE, Column, Template

# The table and key columns each entity's rows live under, for references and duplicates.
TABLE_KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "gebieden": ("area", ("code",)),
    "gebiedscijfers": ("area_stat", ("area_code", "year", "stat_code")),
    "organisaties": ("organisation", ("code",)),
    "initiatieven": ("initiative", ("code",)),
    "financiers": ("funder", ("code",)),
    "subsidies": ("grant_award", ("code",)),
    "indicatoren": ("indicator", ("code",)),
    "waarnemingen": (
        "observation",
        ("initiative_code", "indicator_code", "buurt_code", "period_start"),
    ),
    "waardeproxies": ("value_proxy", ("code",)),
}

REF_LABELS = {
    "gebieden": "onbekende gebiedscode: niet geladen als gebied",
    "organisaties": "onbekende organisatiecode: niet geladen als organisatie",
    "initiatieven": "onbekende initiatiefcode: niet geladen als initiatief",
    "financiers": "onbekende financiercode: niet geladen als financier",
    "indicatoren": "onbekende indicatorcode: niet geladen als indicator",
}

# (decimal, whole number) per decimal style. A thousands separator only counts after a leading
# group of 1 to 3 digits that does not start with 0, followed by groups of exactly three digits:
# 1.234.567 is a number in a komma file, 0.500 and 1234.567 are not (see GROUPED_LIKE).
NUMBER_PATTERNS = {
    "komma": (r"^-?([1-9]\d{0,2}(\.\d{3})+|\d+)(,\d+)?$", r"^-?([1-9]\d{0,2}(\.\d{3})+|\d+)$"),
    "punt": (r"^-?([1-9]\d{0,2}(,\d{3})+|\d+)(\.\d+)?$", r"^-?([1-9]\d{0,2}(,\d{3})+|\d+)$"),
}
# Groups of three digits after a leading group that cannot start a thousands notation.
GROUPED_LIKE = {"komma": r"^-?\d+(\.\d{3})+(,\d+)?$", "punt": r"^-?\d+(,\d{3})+(\.\d+)?$"}
GROUPED_REASONS = {
    "komma": "dubbelzinnig getal: een punt scheidt alleen duizendtallen, na een eerste groep van 1 tot 3 "
    "cijfers die niet met 0 begint (1.234 of 12.345,6); schrijf een decimaal getal met een komma (0,5)",
    "punt": "dubbelzinnig getal: een komma scheidt alleen duizendtallen, na een eerste groep van 1 tot 3 "
    "cijfers die niet met 0 begint (1,234 of 12,345.6); schrijf een decimaal getal met een punt (0.5)",
}
# Larger numbers are not exact as a double, and their sums can overflow to infinity in the views.
MAX_ABS_NUMBER = 1e15
TOO_LARGE_REASON = "getal te groot: meer dan 15 cijfers voor de komma (of oneindig)"
NUMBER_REASONS = {
    "komma": "geen getal in Nederlandse notatie (verwacht bijvoorbeeld 1234,5 of 1.234,5)",
    "punt": "geen getal in notatie met decimale punt (verwacht bijvoorbeeld 1234.5; "
    "dit bestand is komma-gescheiden)",
}
INT_REASON = "geen geheel getal"
DECIMAL_MARK = {"komma": ",", "punt": "\\."}  # the decimal separator per style, as a regular expression
MONEY_DECIMALS_REASON = "bedrag met meer dan 2 decimalen"  # as etl/registers/common.py
MONEY_TOLERANCE = 1e-9  # a spreadsheet double this close to a cent amount is that amount
# Spreadsheets run a cell as a formula when it starts with = + - or @, also behind leading
# whitespace, tabs, carriage returns and other invisible characters (which trim() leaves).
FORMULA_START = r"^[\s\p{Z}\p{Cc}\p{Cf}]*[=+\-@]"
# Bidirectional controls: embeddings and overrides, isolates, and the marks (LRM, RLM, ALM).
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_CONTROLS = r"[\x{061C}\x{200E}\x{200F}\x{202A}-\x{202E}\x{2066}-\x{2069}]"
# Other characters nobody sees: C0 and C1 controls (tab and line ends aside), zero-width space, word
# joiner and invisible operators, a BOM inside text, interlinear annotations, tag characters, and
# the Hangul fillers and Mongolian vowel separator used to make blank-looking names.
INVISIBLE = (
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{7F}-\x{9F}\x{200B}\x{2060}-\x{2064}\x{FEFF}\x{FFF9}-\x{FFFB}"
    r"\x{E0000}-\x{E007F}\x{115F}\x{1160}\x{3164}\x{FFA0}\x{180E}]"
)
DATE_NL = r"^\d{1,2}-\d{1,2}-\d{4}$"
DATE_ISO = r"^\d{4}-\d{2}-\d{2}$"
TRUE_WORDS = ("ja", "j", "yes", "y", "true", "waar", "1")
FALSE_WORDS = ("nee", "n", "no", "false", "onwaar", "0")
LIST_SPLIT = "string_split(replace({v}, '|', ';'), ';')"


def q(name: str) -> str:
    """Quote an identifier taken from the template spec."""
    return '"' + name.replace('"', '""') + '"'


def visible_bidi(v: str) -> str:
    """SQL showing each bidirectional control in `v` as <U+202E>, so a reject list prints in order."""
    for ch in BIDI:
        v = f"replace({v}, chr({ord(ch)}), '<U+{ord(ch):04X}>')"
    return v


def fmt_nl(number: float) -> str:
    """A number in Dutch notation for a reason text (1.234,5)."""
    text = f"{number:,.10g}" if abs(number) < 1e15 else str(number)
    if "e" in text:
        return text
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def trimmed(col: Column) -> str:
    v = f"nullif(trim({q(col.name)}), '')"
    if col.missing_markers:
        markers = ", ".join("'" + m + "'" for m in col.missing_markers)
        v = f"CASE WHEN trim({q(col.name)}) IN ({markers}) THEN NULL ELSE {v} END"
    return v


def _bounded_number(v: str, pattern: str, number: str, limit: str) -> str:
    """SQL: `number` when the text `v` matches the notation `pattern` and stays below `limit`, else NULL."""
    return f"CASE WHEN regexp_full_match({v}, '{pattern}') AND abs({number}) < {limit} THEN {number} END"


def parse_scalar(kind: str, v: str, style: str, col: Column) -> str:
    """SQL turning the trimmed text `v` into a typed value, NULL when it does not parse."""
    number_re, int_re = NUMBER_PATTERNS[style]
    if kind == "decimal":
        strip = "replace(replace({v}, '.', ''), ',', '.')" if style == "komma" else "replace({v}, ',', '')"
        return _bounded_number(v, number_re, f"TRY_CAST({strip.format(v=v)} AS DOUBLE)", repr(MAX_ABS_NUMBER))
    if kind == "int":
        sep = "." if style == "komma" else ","
        number = f"TRY_CAST(replace({v}, '{sep}', '') AS BIGINT)"
        return _bounded_number(v, int_re, number, str(int(MAX_ABS_NUMBER)))
    if kind == "date":
        return (
            f"CAST(CASE WHEN regexp_full_match({v}, '{DATE_NL}') THEN try_strptime({v}, '%d-%m-%Y') "
            f"WHEN regexp_full_match({v}, '{DATE_ISO}') THEN try_strptime({v}, '%Y-%m-%d') END AS DATE)"
        )
    if kind == "bool":
        trues = ", ".join(f"'{w}'" for w in TRUE_WORDS)
        falses = ", ".join(f"'{w}'" for w in FALSE_WORDS)
        return f"CASE WHEN lower({v}) IN ({trues}) THEN true WHEN lower({v}) IN ({falses}) THEN false END"
    if kind == "code" and col.pattern in (AREA_CODE, BUURT_CODE):
        return f"upper({v})"
    return v


def enum_tokens(template: Template) -> list[tuple[str, str, str]]:
    """(column, accepted token, code): codes and their Dutch and English labels, lower-cased."""
    rows = []
    for col in template.columns:
        for code, (nl, en) in (col.enum or {}).items():
            for token in {code.lower(), nl.lower(), en.lower()}:
                rows.append((col.name, token, code))
    return rows


class Stager:
    """Builds the staged tables and the fault list for one file of one template."""

    # True: flag every row, so each per-row rule runs over all rows (the reference the tests
    # compare the dictionaries and flags against; slow on large files).
    flag_every_row = False

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        template: Template,
        style: str,
        present: set[str],
        extras: list[str],
    ):
        self.con, self.t, self.style = con, template, style
        self.present, self.extras = present, extras
        self.rules: list[str] = []  # run as they are, over all rows (staged, list tables)
        # Per-row rules over staged: (condition for `_bad`, the rule's SELECT up to and after its source,
        # the column whose values alone decide it, if any: see `collect`).
        self.row_rules: list[tuple[str, str, str, str | None]] = []
        self.deciding: str | None = None  # set while the rules of one column's own values are added
        self.lookups: list[str] = []  # LEFT JOINs in the pass that builds staged (see `fault`)
        self.lookup_flags: list[str] = []

    # -- staging -------------------------------------------------------------------------
    def stage(self) -> None:
        con, t = self.con, self.t
        con.execute(
            "CREATE OR REPLACE TEMP TABLE enum_token (column_name VARCHAR, token VARCHAR, code VARCHAR)"
        )
        tokens = enum_tokens(t)
        if tokens:
            con.executemany("INSERT INTO enum_token VALUES (?, ?, ?)", tokens)
        selects, joins = ["r._line"], []
        self.column_selects: dict[str, list[str]] = {}  # r_, v_ (and p_) of one column, over `raw r`
        self.column_joins: dict[str, str] = {}
        for i, col in enumerate(t.columns):
            v = trimmed(col).replace(q(col.name), f"r.{q(col.name)}")
            mine = [f"r.{q(col.name)} AS {q('r_' + col.name)}", f"{v} AS {q('v_' + col.name)}"]
            if col.kind == "enum" and not col.is_list:
                alias = f"e{i}"
                self.column_joins[col.name] = (
                    f"LEFT JOIN enum_token {alias} ON {alias}.column_name = '{col.name}' "
                    f"AND {alias}.token = lower({v})"
                )
                joins.append(self.column_joins[col.name])
                mine.append(f"{alias}.code AS {q('p_' + col.name)}")
            elif not col.is_list and col.ref and col.pattern not in (AREA_CODE, BUURT_CODE):
                # Keys compare without regard to case, so references do too: 'ini0001' refers to INI0001
                # and is stored as the key is spelled (CBS codes are upper-cased instead).
                table, keys = TABLE_KEYS[col.ref]
                alias = f"k{i}"
                self.column_joins[col.name] = (
                    f"LEFT JOIN (SELECT lower({keys[0]}) AS folded, min({keys[0]}) AS code FROM {table} "  # noqa: S608
                    f"GROUP BY ALL) {alias} ON {alias}.folded = lower({v})"
                )
                joins.append(self.column_joins[col.name])
                parsed = parse_scalar(col.kind, v, self.style, col)
                mine.append(f"coalesce({alias}.code, {parsed}) AS {q('p_' + col.name)}")
            elif not col.is_list:
                mine.append(f"{parse_scalar(col.kind, v, self.style, col)} AS {q('p_' + col.name)}")
            if col.kind == "geometry" and col.name in self.present:
                # shapely's verdict per distinct boundary, looked up like an enum token
                alias, faults = f"g{i}", q("geometry_fault_" + col.name)
                geometry.stage_faults(con, faults.strip('"'), col.name)
                self.column_joins[col.name] = f"LEFT JOIN {faults} {alias} ON {alias}.raw = r.{q(col.name)}"
                joins.append(self.column_joins[col.name])
                mine.append(f"{alias}.fault AS {q('f_' + col.name)}")
            self.column_selects[col.name] = mine
            selects.extend(mine)
        for extra in self.extras:
            selects.append(f"nullif(trim(r.{q(extra)}), '') AS {q(extra)}")
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW staged_all AS SELECT {', '.join(selects)} FROM raw r {' '.join(joins)}"  # noqa: S608
        )
        # What `staged` keeps: the line and the parsed values (the inserts and the key rules read those).
        self.kept = ["_line"] + [q("p_" + c.name) for c in t.columns if not c.is_list]
        for col in t.columns:
            if col.is_list:
                self._stage_list(col)

    def _stage_list(self, col: Column) -> None:
        vcol = q("v_" + col.name)
        split = LIST_SPLIT.format(v=vcol)
        token = "nullif(trim(token), '')"
        if col.kind == "enum":
            parsed, join = (
                "e.code",
                (f"LEFT JOIN enum_token e ON e.column_name = '{col.name}' AND e.token = lower(x.token)"),
            )
        else:
            parsed, join = parse_scalar(col.kind, "x.token", self.style, col), ""
        self.con.execute(
            f"CREATE OR REPLACE TEMP TABLE {q('list_' + col.name)} AS "  # noqa: S608
            f"SELECT x._line, x.pos, x.token, {parsed} AS code FROM ("
            f"  SELECT _line, pos, {token} AS token FROM ("
            f"    SELECT _line, generate_subscripts(parts, 1) AS pos, unnest(parts) AS token "
            f"    FROM (SELECT _line, {split} AS parts FROM staged_all WHERE {vcol} IS NOT NULL))"
            f") x {join} WHERE x.token IS NOT NULL"
        )

    # -- rules ---------------------------------------------------------------------------
    def fault(
        self,
        where: str,
        column: str | None,
        value_sql: str,
        reason: str = "",
        source: str = "staged",
        line: str = "_line",
        join: tuple[str, str] | None = None,
        lookup: tuple[str, str] | None = None,
        reason_sql: str | None = None,
    ) -> None:
        """Register a rule: rows of `source` matching `where` are rejected with `reason`.

        A rule over `staged` (optionally joined to `join` = (table, on): one fault per joined row)
        looks at one row at a time and runs over the flagged rows only (see `collect`). A rule that
        needs other rows of the file uses another source (`staged_all`, a list table).

        A joined rule flags its rows with EXISTS, unless `lookup` = (LEFT JOIN of a table with at
        most one row per staged row, condition over it) gives a cheaper test that holds on at least
        every row where the rule can fire. `reason_sql` takes the reason from a column instead.
        """
        col = "NULL" if column is None else "'" + column.replace("'", "''") + "'"
        reason_sql = reason_sql or "'" + reason.replace("'", "''") + "'"
        select = f"SELECT {line} AS line, {col} AS column_name, CAST({value_sql} AS VARCHAR) AS value, "
        select += f"{reason_sql} AS reason FROM "
        if source == "staged":
            joined = f" JOIN {join[0]} ON {join[1]}" if join else ""
            condition = f"EXISTS (SELECT 1 FROM {join[0]} WHERE ({join[1]}) AND ({where}))" if join else where  # noqa: S608
            if lookup:
                self.lookups.append(lookup[0])
                condition = q(f"_flag_{len(self.lookups)}")
                self.lookup_flags.append(f"({lookup[1]}) AS {condition}")
            self.row_rules.append((condition, select, f"{joined} WHERE {where}", self.deciding))
            return
        if join:
            source += f" JOIN {join[0]} ON {join[1]}"
        self.rules.append(f"{select}{source} WHERE {where}")

    def column_rules(self) -> None:
        for col in self.t.columns:
            r, v, p = q("r_" + col.name), q("v_" + col.name), q("p_" + col.name)
            # The rules below look at this column's own value only (and at loaded tables), except
            # the list rules and a required list, which read the list table by line.
            self.deciding = col.name
            if col.name not in self.present:
                if col.required:
                    self.fault("true", col.name, "NULL", "verplichte kolom ontbreekt in het bestand")
                continue
            if col.required:
                if col.is_list:
                    lst = q("list_" + col.name)
                    self.deciding = None
                    self.fault(
                        f"_line NOT IN (SELECT _line FROM {lst})",  # noqa: S608
                        col.name,
                        r,
                        "verplicht veld is leeg",
                    )
                    self.deciding = col.name
                else:
                    self.fault(f"{v} IS NULL", col.name, r, "verplicht veld is leeg")
            if col.kind == "text":
                self._text_rules(col, v)
            if col.is_list:
                self.deciding = None
                self._list_rules(col)
            else:
                self._scalar_rules(col, v, p)
        self.deciding = None

    def _text_rules(self, col: Column, v: str) -> None:
        self.fault(
            f"regexp_matches({v}, '{FORMULA_START}')",
            col.name,
            v,
            "begint met =, +, - of @ (mogelijke spreadsheetformule)",
        )
        self.fault(
            f"regexp_matches({v}, '{BIDI_CONTROLS}')",
            col.name,
            visible_bidi(v),
            "bevat onzichtbare richtingstekens (Unicode U+202A-U+202E, U+2066-U+2069, U+200E, U+200F "
            "of U+061C) die de getoonde tekst kunnen omdraaien",
        )
        self.fault(
            f"regexp_matches({v}, '<\\s*/?\\s*[a-zA-Z!]')",
            col.name,
            v,
            "bevat HTML- of scriptcode (<...>)",
        )
        self.fault(
            f"regexp_matches({v}, '{INVISIBLE}')",
            col.name,
            v,
            "bevat onzichtbare stuurtekens",
        )
        self.fault(
            f"length({v}) > {int(col.max_length)}",
            col.name,
            f"left({v}, 80)",
            f"te lang: meer dan {col.max_length} tekens",
        )

    def _scalar_rules(self, col: Column, v: str, p: str) -> None:
        kind = col.kind
        if kind in ("decimal", "int"):
            self._number_rules(col, v, p)
        elif kind == "date":
            shape = f"(regexp_full_match({v}, '{DATE_NL}') OR regexp_full_match({v}, '{DATE_ISO}'))"
            self.fault(f"{v} IS NOT NULL AND {p} IS NULL AND {shape}", col.name, v, "datum bestaat niet")
            self.fault(
                f"{v} IS NOT NULL AND NOT {shape}",
                col.name,
                v,
                "onbekende datumnotatie (verwacht dd-mm-jjjj)",
            )
            self.fault(
                f"{p} < DATE '1900-01-01' OR {p} > current_date + INTERVAL 10 YEAR",
                col.name,
                v,
                "onwaarschijnlijke datum (voor 1900 of ver in de toekomst)",
            )
        elif kind == "bool":
            self.fault(f"{v} IS NOT NULL AND {p} IS NULL", col.name, v, "verwacht ja of nee")
        elif kind == "enum":
            allowed = ", ".join(col.enum or {})
            self.fault(
                f"{v} IS NOT NULL AND {p} IS NULL",
                col.name,
                v,
                f"onbekende waarde; toegestaan: {allowed}",
            )
        elif kind == "geometry":
            reason = q("f_" + col.name)
            self.fault(
                f"{v} IS NOT NULL AND {reason} IS NOT NULL", col.name, f"left({v}, 80)", reason_sql=reason
            )
        if col.pattern and kind == "code":
            self.fault(
                f"{p} IS NOT NULL AND NOT regexp_full_match({p}, '{col.pattern}')",
                col.name,
                v,
                pattern_reason(col),
            )
        if col.money and kind == "decimal":
            self._money_rule(col, v, p)
        if col.minimum is not None and kind in ("decimal", "int"):
            self.fault(
                f"{p} < {col.minimum!r} OR {p} > {col.maximum!r}",
                col.name,
                v,
                f"buiten plausibel bereik ({fmt_nl(col.minimum)} tot {fmt_nl(col.maximum)})",
            )
        if col.ref:
            self._ref_rule(col, p, v, source="staged")

    def _number_rules(self, col: Column, v: str, p: str) -> None:
        """Why a number did not parse: too large, grouped like thousands but not, or no number."""
        number_re = NUMBER_PATTERNS[self.style][0 if col.kind == "decimal" else 1]
        grouped = GROUPED_LIKE[self.style]
        unparsed = f"{v} IS NOT NULL AND {p} IS NULL"
        self.fault(f"{unparsed} AND regexp_full_match({v}, '{number_re}')", col.name, v, TOO_LARGE_REASON)
        self.fault(
            f"{unparsed} AND NOT regexp_full_match({v}, '{number_re}') "
            f"AND regexp_full_match({v}, '{grouped}')",
            col.name,
            v,
            GROUPED_REASONS[self.style],
        )
        self.fault(
            f"{unparsed} AND NOT regexp_full_match({v}, '{number_re}') "
            f"AND NOT regexp_full_match({v}, '{grouped}')",
            col.name,
            v,
            NUMBER_REASONS[self.style] if col.kind == "decimal" else INT_REASON,
        )

    def _money_rule(self, col: Column, v: str, p: str) -> None:
        """An amount stored as DECIMAL(14, 2) with a third decimal (0,001) would be rounded: rejected, as the
        registers do. The decimals written count (trailing zeros aside), so no double decides for a large
        amount; a spreadsheet number within 1e-9 of a cent amount (0.1 + 0.2 = 0.30000000000000004) is the
        binary artefact of a 2-decimal amount and passes."""
        decimals = rf"rtrim(regexp_extract({v}, '{DECIMAL_MARK[self.style]}(\d+)$', 1), '0')"
        self.fault(
            f"{p} IS NOT NULL AND length({decimals}) > 2 AND abs({p} - round({p}, 2)) > {MONEY_TOLERANCE!r}",
            col.name,
            v,
            MONEY_DECIMALS_REASON,
        )

    def _list_rules(self, col: Column) -> None:
        lst = q("list_" + col.name)
        if col.kind == "enum":
            allowed = ", ".join(col.enum or {})
            self.fault(
                "code IS NULL",
                col.name,
                "token",
                f"onbekende waarde; toegestaan: {allowed}",
                source=lst,
            )
        elif col.kind == "int":
            self.fault("code IS NULL", col.name, "token", INT_REASON, source=lst)
            if col.minimum is not None:
                self.fault(
                    f"code < {col.minimum!r} OR code > {col.maximum!r}",
                    col.name,
                    "token",
                    f"buiten plausibel bereik ({fmt_nl(col.minimum)} tot {fmt_nl(col.maximum)})",
                    source=lst,
                )
        if col.pattern and col.kind == "code":
            self.fault(
                f"NOT regexp_full_match(code, '{col.pattern}')",
                col.name,
                "token",
                pattern_reason(col),
                source=lst,
            )
        self.fault(
            f"pos > (SELECT min(pos) FROM {lst} y WHERE y._line = {lst}._line AND y.code = {lst}.code)",  # noqa: S608
            col.name,
            "token",
            "staat dubbel in de lijst",
            source=lst,
        )
        if col.ref:
            self._ref_rule(col, "code", "token", source=lst)

    def _ref_rule(self, col: Column, p: str, v: str, source: str) -> None:
        table, keys = TABLE_KEYS[col.ref]
        known = f"SELECT {keys[0]} FROM {table}"  # noqa: S608
        if col.pattern == BUURT_CODE:
            known += " WHERE level = 'buurt'"
            reason = "onbekende buurtcode: niet geladen als buurt"
        else:
            reason = REF_LABELS[col.ref]
        if col.ref == self.t.entity:  # a reference within the same file (a wijk's gemeente)
            own = q("p_" + self.t.key[0])
            known += f" UNION SELECT {own} FROM staged WHERE {own} IS NOT NULL"  # noqa: S608
            source = "staged_all" if source == "staged" else source  # not per row: it reads staged
        self.fault(f"{p} IS NOT NULL AND {p} NOT IN ({known})", col.name, v, reason, source=source)

    def key_rules(self, source_batches: list[int]) -> None:
        """Duplicate keys inside the file, and keys already loaded from another file.

        Codes compare without regard to letter case: `ABC-1` and `abc-1` are one key, so the second
        is a duplicate (its reason names the spelling it clashes with).
        """
        cols = [q("p_" + k) for k in self.t.key]
        if not all(k in self.present for k in self.t.key if self.t.column(k).required):
            return
        partition = ", ".join(key_terms(self.t, lambda k: q("p_" + k)))
        value = f"concat_ws(' | ', {', '.join(cols)})"
        self.rules.append(
            "SELECT _line AS line, '" + ", ".join(self.t.key) + "' AS column_name, value, "  # noqa: S608
            "'dubbele sleutel: komt ook voor op regel ' || first_line || "
            f"{spelling_note(self.t, 'first_value', 'value')} AS reason FROM "
            + first_lines(
                partition,
                cols[0] + " IS NOT NULL",
                f", {value} AS value, arg_min({value}, _line) OVER (PARTITION BY {partition}) AS first_value",
            )
            + " WHERE _line > first_line"
        )
        table, keys = TABLE_KEYS[self.t.entity]
        cond = key_match(self.t, "x", "s")
        if self.t.entity == "gebieden" and "geometrie" in self.present:
            # An area loaded without a shape (from Kerncijfers) is replaced by one with a shape.
            cond += " AND NOT (x.geometry IS NULL AND s.p_geometrie IS NOT NULL)"
        mine = f"concat_ws(' | ', {', '.join('s.' + c for c in cols)})"
        theirs = f"concat_ws(' | ', {', '.join('x.' + k for k in keys)})"
        self.rules.append(
            "SELECT s._line AS line, '" + ", ".join(self.t.key) + "' AS column_name, "  # noqa: S608
            f"{mine} AS value, 'sleutel bestaat al' || {spelling_note(self.t, theirs, mine)} "
            "|| ': geladen uit ' || b.source_name || ' (batch ' || b.batch_id || ')' "
            f"AS reason FROM staged s JOIN {table} x ON {cond} "
            "LEFT JOIN load_batch b ON b.batch_id = x.batch_id"
        )

    def extra_rules(self) -> None:
        # named by the generated column name (_extra_1, ...): the loader reports the header text
        for extra in self.extras:
            self.fault(
                f"{q(extra)} IS NOT NULL",
                extra,
                q(extra),
                f"onbekende kolom: niet in het sjabloon '{self.t.entity}'",
            )

    def entity_rules(self) -> None:
        rules = ENTITY_RULES.get(self.t.entity)
        if rules:
            rules(self)

    def collect(self) -> None:
        """Build `staged` (with `_bad`) in one pass, then materialise all faults into `rej`.

        A rule decided by one column's own value is evaluated once per distinct value of that
        column, in `dict_<column>` (raw value -> trimmed, parsed value and `_bad`, built with the
        very expressions of `staged_all`); each row then looks its values up. Rules across columns
        are evaluated per row. Every row where a rule can fire gets `_bad`; the rules themselves
        then run over those rows only (`flagged`).
        """
        con, t = self.con, self.t
        inner, joins, flags = ["r._line"], [], []
        for i, col in enumerate(t.columns):
            own = [condition for condition, _, _, deciding in self.row_rules if deciding == col.name]
            if col.is_list and not own:
                continue
            table, alias = q("dict_" + col.name), f"d{i}"
            decided = " OR ".join(f"({condition})" for condition in own) or "false"
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT *, ({decided}) IS TRUE AS _bad FROM ("  # noqa: S608
                f"SELECT {', '.join(self.column_selects[col.name])} "
                f"FROM (SELECT DISTINCT {q(col.name)} FROM raw) r {self.column_joins.get(col.name, '')})"
            )
            names = ("r_", "v_") if col.is_list else ("r_", "v_", "p_")
            # An equality join is cheaper than IS NOT DISTINCT FROM; it leaves a NULL cell unmatched,
            # which is right when the dictionary's NULL entry has NULL values too: its _bad is added.
            nulls, null_bad, null_empty = con.execute(
                f"SELECT count(*), bool_or(_bad), bool_and({' AND '.join(q(n + col.name) + ' IS NULL' for n in names)}) "  # noqa: S608
                f"FROM {table} WHERE {q('r_' + col.name)} IS NULL"
            ).fetchone()
            match = "=" if not nulls or null_empty else "IS NOT DISTINCT FROM"
            joins.append(f"LEFT JOIN {table} {alias} ON {alias}.{q('r_' + col.name)} {match} r.{q(col.name)}")
            inner.extend(f"{alias}.{q(prefix + col.name)}" for prefix in names)
            inner.append(f"coalesce({alias}._bad, {bool(null_bad)}) AS {q('_bad_' + col.name)}")
            flags.append(q("_bad_" + col.name))
        inner.extend(f"nullif(trim(r.{q(extra)}), '') AS {q(extra)}" for extra in self.extras)
        inner.extend(self.lookup_flags)
        joins.extend(self.lookups)
        across = [f"({condition})" for condition, _, _, deciding in self.row_rules if deciding is None]
        bad = " OR ".join(flags + across) or "false"
        if self.flag_every_row:
            bad = "true"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE staged AS SELECT {', '.join(self.kept)}, ({bad}) IS TRUE AS _bad "  # noqa: S608
            f"FROM (SELECT {', '.join(inner)} FROM raw r {' '.join(joins)})"
        )
        rules = list(self.rules)
        if self.row_rules and con.execute("SELECT count(*) FROM staged WHERE _bad").fetchone()[0]:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE flagged AS SELECT * FROM staged_all "
                "WHERE _line IN (SELECT _line FROM staged WHERE _bad)"
            )
            rules = [head + "flagged" + tail for _, head, tail, _ in self.row_rules] + rules
        body = " UNION ALL ".join(rules) or (
            "SELECT NULL::BIGINT AS line, NULL::VARCHAR AS column_name, NULL::VARCHAR AS value, "
            "NULL::VARCHAR AS reason WHERE false"
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE rej AS {body}")


def first_lines(partition: str, where: str, extra: str = "") -> str:
    """(_line, the partition columns, `extra` selections, first_line) for the rows of staged whose key
    occurs more than once.

    Gives the rows that matter of `min(_line) OVER (PARTITION BY partition)` over the rows matching
    `where` (those with `_line > first_line`), but the window, a sort of every row, only runs over
    the candidates: rows whose hash of the key occurs more than once, found by sorting the hashes
    alone. Equal keys have equal hashes, so every row of a repeated key is a candidate; a hash
    collision only adds candidates, which the exact window then leaves alone.
    """
    hashes = f"SELECT hash({partition}) AS h FROM staged WHERE {where}"  # noqa: S608
    repeated = (
        f"SELECT h FROM (SELECT h, lag(h) OVER (ORDER BY h) AS previous FROM ({hashes})) WHERE h = previous"  # noqa: S608
    )
    return (
        f"(SELECT _line, {partition}{extra}, min(_line) OVER (PARTITION BY {partition}) AS first_line "  # noqa: S608
        f"FROM staged WHERE {where} AND hash({partition}) IN ({repeated}))"
    )


def pattern_reason(col: Column) -> str:
    if col.pattern == AREA_CODE:
        return "geen geldige CBS-code (GM + 4 cijfers, WK + 6 tekens of BU + 8 tekens)"
    if col.pattern == BUURT_CODE:
        return "geen geldige buurtcode (BU + 8 tekens)"
    return "ongeldige code: alleen letters, cijfers, punt, streepje en liggend streepje"


def _area_rules(s: Stager) -> None:
    code, level, parent = q("p_gebiedscode"), q("p_niveau"), q("p_bovenliggende_code")
    prefix = {"gemeente": "GM", "wijk": "WK", "buurt": "BU"}
    cases = " ".join(f"WHEN '{lv}' THEN '{px}'" for lv, px in prefix.items())
    s.fault(
        f"{code} IS NOT NULL AND {level} IS NOT NULL AND left({code}, 2) <> CASE {level} {cases} END",
        "niveau",
        q("v_niveau"),
        "niveau past niet bij de code (GM = gemeente, WK = wijk, BU = buurt)",
    )
    s.fault(
        f"{level} IN ('wijk', 'buurt') AND {parent} IS NULL",
        "bovenliggende_code",
        "NULL",
        "bovenliggende code ontbreekt (verplicht voor wijk en buurt)",
    )
    s.fault(
        f"{parent} IS NOT NULL AND {code} IS NOT NULL AND NOT ("
        f"({level} = 'wijk' AND {parent} = 'GM' || substr({code}, 3, 4)) OR "
        f"({level} = 'buurt' AND {parent} = 'WK' || substr({code}, 3, 6)))",
        "bovenliggende_code",
        q("v_bovenliggende_code"),
        "bovenliggende code past niet bij de code (een buurt BUggggwwbb hoort bij wijk WKggggww, "
        "een wijk WKggggww bij gemeente GMgggg)",
    )


def _stat_rules(s: Stager) -> None:
    for code, d in tx.STATISTICS.items():
        s.fault(
            f"{q('p_statistiek')} = '{code}' AND ({q('p_waarde')} < {d.minimum!r} "
            f"OR {q('p_waarde')} > {d.maximum!r})",
            "waarde",
            q("v_waarde"),
            f"buiten plausibel bereik voor {code} ({fmt_nl(d.minimum)} tot {fmt_nl(d.maximum)})",
        )


def _period_rule(start: str, end: str, reason: str) -> callable:
    def rule(s: Stager) -> None:
        if start in s.present and end in s.present:
            s.fault(f"{q('p_' + end)} < {q('p_' + start)}", end, q("v_" + end), reason)

    return rule


def _observation_rules(s: Stager) -> None:
    _period_rule("periode_start", "periode_eind", "einde van de periode ligt voor het begin")(s)
    # An initiative reports on the buurten it serves (initiatieven.buurten): another buurt would put its
    # people on a map cell the initiative is not in. (An unknown initiative is reported as such.)
    initiative, buurt = q("p_initiatiefcode"), q("p_buurtcode")
    served = f"SELECT 1 FROM initiative_buurt m WHERE m.initiative_code = {initiative}"  # noqa: S608
    s.fault(
        f"{buurt} IS NOT NULL AND EXISTS ({served}) AND NOT EXISTS ({served} AND m.buurt_code = {buurt})",
        "buurtcode",
        q("v_buurtcode"),
        "buurt wordt niet bediend door dit initiatief",
    )
    s.fault(
        f"{q('p_waarde')} < i.minimum OR {q('p_waarde')} > i.maximum",
        "waarde",
        q("v_waarde"),
        "buiten het plausibele bereik van de indicator",
        join=("indicator i", f"i.code = {q('p_indicatorcode')}"),
        # Flag with the tightest bounds per code (one row per code, not EXISTS per row): a value
        # below some matching indicator's minimum is below the largest minimum, likewise above.
        lookup=(
            "LEFT JOIN (SELECT code, max(minimum) AS minimum, min(maximum) AS maximum FROM indicator "  # noqa: S608
            f"GROUP BY code) indicator_bounds ON indicator_bounds.code = {q('p_indicatorcode')}",
            f"{q('p_waarde')} < indicator_bounds.minimum OR {q('p_waarde')} > indicator_bounds.maximum",
        ),
    )


MAX_PROXY_EUR = 1_000_000  # euro per unit; more is a typo (a total instead of a unit value)


def _value_proxy_rules(s: Stager) -> None:
    low, high = q("p_waarde_laag"), q("p_waarde_hoog")
    for col in ("waarde_laag", "waarde_hoog"):
        p, v = q("p_" + col), q("v_" + col)
        s.fault(f"{p} < 0", col, v, "negatief bedrag: een waardeproxy is 0 euro of meer per eenheid")
        s.fault(
            f"{p} > {MAX_PROXY_EUR}",
            col,
            v,
            f"onwaarschijnlijk bedrag: meer dan {fmt_nl(MAX_PROXY_EUR)} euro per eenheid",
        )
    s.fault(
        f"{low} > {high}",
        "waarde_hoog",
        q("v_waarde_hoog"),
        "waarde_laag is hoger dan waarde_hoog",
    )
    indicator = q("p_indicatorcode")
    joined = ("indicator i", f"i.code = {indicator}")
    s.fault(
        "i.toc_level IN ('input', 'activiteit')",
        "indicatorcode",
        q("v_indicatorcode"),
        "indicator is geen effect (input of activiteit): een waardeproxy hoort bij output, outcome of impact",
        join=joined,
    )
    s.fault(
        "i.aggregation <> 'som'",
        "indicatorcode",
        q("v_indicatorcode"),
        "indicator telt niet op (aggregatie laatste of gemiddelde): een waardeproxy vraagt aggregatie som",
        join=joined,
    )
    # One proxy per indicator and stakeholder: a second one would count the same effect twice.
    pair = f"{indicator}, {q('p_belanghebbende')}"
    both = f"{indicator} IS NOT NULL AND {q('p_belanghebbende')} IS NOT NULL"
    s.rules.append(
        "SELECT _line AS line, 'indicatorcode, belanghebbende' AS column_name, "  # noqa: S608
        f"concat_ws(' | ', {pair}) AS value, "
        "'dezelfde indicator en belanghebbende staan ook op regel ' || first_line || ' (dubbeltelling)' "
        f"AS reason FROM {first_lines(pair, both)} WHERE _line > first_line"
    )
    s.rules.append(
        "SELECT s._line AS line, 'indicatorcode, belanghebbende' AS column_name, "  # noqa: S608
        f"concat_ws(' | ', s.{indicator}, s.{q('p_belanghebbende')}) AS value, "
        "'dezelfde indicator en belanghebbende zijn al geladen uit ' || b.source_name || ' (batch ' "
        "|| b.batch_id || ')' AS reason FROM staged s JOIN value_proxy x "
        f"ON x.indicator_code = s.{indicator} AND x.stakeholder = s.{q('p_belanghebbende')} "
        "LEFT JOIN load_batch b ON b.batch_id = x.batch_id"
    )


ENTITY_RULES = {
    "gebieden": _area_rules,
    "gebiedscijfers": _stat_rules,
    "initiatieven": _period_rule("startdatum", "einddatum", "einddatum ligt voor startdatum"),
    "subsidies": _period_rule("startdatum", "einddatum", "einddatum ligt voor startdatum"),
    "waarnemingen": _observation_rules,
    "waardeproxies": _value_proxy_rules,
}


def fold(template: Template, key: str, sql: str) -> str:
    """A key column as keys are compared: codes and text in lower case."""
    return f"lower({sql})" if template.column(key).kind in ("code", "text") else sql


# A blank buurtcode of an observation stands for the initiative's main buurt (f_observation puts it there),
# so as a key the two are one: `INI1,deelnemers,,Q1` and `INI1,deelnemers,<main buurt>,Q1` would count twice.
MAIN_BUURT = "(SELECT m.buurt_code FROM initiative_buurt m WHERE m.is_primary AND m.initiative_code = {})"
MAIN_BUURT_NOTE = "een lege buurtcode is de hoofdbuurt van het initiatief"


def key_terms(template: Template, column: Callable[[str], str], initiative: str | None = None) -> list[str]:
    """The key columns as keys compare: folded (see `fold`), and a blank buurtcode of an observation as the
    main buurt of its initiative (`initiative`, else the row's own initiatiefcode)."""
    terms = []
    for key in template.key:
        sql = column(key)
        if template.entity == "waarnemingen" and key == "buurtcode":
            sql = f"coalesce({sql}, {MAIN_BUURT.format(initiative or column('initiatiefcode'))})"
        terms.append(fold(template, key, sql))
    return terms


def spelling_note(template: Template, theirs: str, mine: str) -> str:
    """SQL: how the key `theirs` that `mine` clashes with is written, when it is written otherwise."""
    other = f"' als ''' || {theirs} || ''' (hoofdletters tellen niet mee)'"
    if template.entity == "waarnemingen":  # one key written apart in more than case: a blank buurt
        other = (
            f"CASE WHEN lower({theirs}) = lower({mine}) THEN {other} "
            f"ELSE ' als ''' || {theirs} || ''' ({MAIN_BUURT_NOTE})' END"
        )
    return f"CASE WHEN {theirs} <> {mine} THEN {other} ELSE '' END"


def key_match(template: Template, table_alias: str, staged_alias: str) -> str:
    """The join condition of the rule 'sleutel bestaat al': a row of the entity's table with the key of a
    staged row (keys compared as `key_terms` says; NULLs match)."""
    _, keys = TABLE_KEYS[template.entity]
    names = dict(zip(template.key, keys, strict=True))
    # both sides take the main buurt of the staged row's initiative: the initiatives are equal anyway
    initiative = f"{staged_alias}." + q("p_initiatiefcode") if template.entity == "waarnemingen" else None
    theirs = key_terms(template, lambda k: f"{table_alias}.{names[k]}", initiative)
    mine = key_terms(template, lambda k: f"{staged_alias}." + q("p_" + k), initiative)
    return " AND ".join(f"{t} IS NOT DISTINCT FROM {m}" for t, m in zip(theirs, mine, strict=True))
