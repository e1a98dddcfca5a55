"""The steps of `wijkwaarde cbs boundaries` and `cbs kerncijfers`: a CBS file (or its download) to templates.

Each command reads its source, reports the boundary changes, writes template files into the warehouse's
imports folder and loads those through the normal loader (etl.loader); the command line only prints.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb

from etl import geo
from etl import warehouse as wh
from etl.batch import Reject, Replaces, origins
from etl.cbs import boundaries as b
from etl.cbs import changes
from etl.cbs import kerncijfers as k

# What reading a source can run into that the user can act on (a bad file, no network): one line, exit 1.
BOUNDARY_ERRORS = (b.BoundaryError, geo.GeoError, OSError)
KERNCIJFERS_ERRORS = (k.KerncijfersError, OSError, ValueError)

T = TypeVar("T")


@dataclass
class Boundaries:
    """A boundary file read: its areas for the year (and gemeenten) asked, simplified for the map."""

    source: Path
    result: b.BoundaryResult
    geometry: dict[str, str]  # area code -> simplified GeoJSON geometry


def imports_folder(home: Path) -> Path:
    """The folder in the warehouse where downloads and the templates written from them go."""
    folder = home / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def read_boundaries(imports: Path, year: int, gemeenten: list[str] | None, file: Path | None) -> Boundaries:
    """The wijk- en buurtkaart of `year` from `file`, or downloaded into `imports` without one.

    Raises one of BOUNDARY_ERRORS.
    """
    source = file or b.download(year, imports / f"wijkenbuurten_{year}.gpkg")
    result = b.build_areas(geo.read_boundaries(source), year, gemeenten)
    return Boundaries(source, result, b.simplify(result))


# A generated template file is named by what it covers: a load supersedes the earlier batch of the same
# name (etl.batch.supersede), so two sources of different gemeenten must never share a name, and a newer
# file of the same gemeenten must. Up to this many gemeenten are named; more by their count and a digest.
NAMED_GEMEENTEN = 4


def coverage(codes: set[str] | list[str]) -> str:
    """The gemeenten `codes` belong to, as part of a file name: 'GM0344', 'GM0344-GM0362', or
    '342-gemeenten-3f9c0a1b2d' for a national file (the same gemeenten give the same name)."""
    gemeenten = sorted({"GM" + code[2:6] for code in codes})
    if len(gemeenten) <= NAMED_GEMEENTEN:
        return "-".join(gemeenten)
    digest = hashlib.sha256(",".join(gemeenten).encode()).hexdigest()[:10]
    return f"{len(gemeenten)}-gemeenten-{digest}"


def write_boundaries(imports: Path, boundaries: Boundaries, year: int) -> Path:
    """The areas template (GeoJSON) of the boundaries, ready for the loader; named by year and the
    gemeenten it covers, so it replaces only an earlier boundary load of those same gemeenten."""
    suffix = coverage([a.code for a in boundaries.result.areas])
    target = imports / f"gebieden-cbs-{year}-{suffix}.geojson"
    return b.write_template(boundaries.result, boundaries.geometry, target)


def _published(home: Path, name: str, params: dict) -> list[tuple]:
    """The rows of the query etl/sql/`name`.sql on the published warehouse (none before the first load)."""
    return _read_published(home, lambda con: con.execute(wh.sql(name), params).fetchall(), [])


def _read_published(home: Path, read: Callable[[duckdb.DuckDBPyConnection], T], default: T) -> T:
    """`read` on the published warehouse, read-only (`default` before the first load)."""
    path = wh.published_path(home)
    if not path.exists():
        return default
    con = duckdb.connect(str(path.resolve()), read_only=True)
    try:
        return read(con)
    finally:
        con.close()


def earlier_sources(
    home: Path,
    prefix: str,
    suffix: str,
    gemeenten: set[str],
    own: str,
    same_kind: Callable[[str], bool] = lambda name: True,
) -> Replaces:
    """The published template files `prefix`...`suffix` (other than `own`, and of the same kind) that a
    newer file of `gemeenten` replaces: whole when all their rows lie in `gemeenten` (a national file
    after one gemeente's, or a file named before names said what they cover, as
    gebieden-cbs-2024-alle.geojson), for those gemeenten only when they hold others too (one gemeente's
    file after a national one: etl.batch.take_over)."""
    found: dict[str, set[str]] = {}
    for name, gemeente in _published(home, "cbs_batch_gemeenten", {"prefix": prefix}):
        found.setdefault(name, set()).update({gemeente} if gemeente else set())
    earlier = {n: gms for n, gms in found.items() if n != own and n.endswith(suffix) and same_kind(n)}
    return Replaces(
        whole=tuple(sorted(n for n, gms in earlier.items() if gms <= gemeenten)),
        partly=tuple(sorted(n for n, gms in earlier.items() if gms & gemeenten and not gms <= gemeenten)),
        gemeenten=frozenset(gemeenten),
    )


def boundary_replaces(home: Path, target: Path, boundaries: Boundaries, year: int) -> dict[str, Replaces]:
    """The earlier boundary files of `year` the new one replaces, whole or for its gemeenten (see
    earlier_sources)."""
    gemeenten = {"GM" + a.code[2:6] for a in boundaries.result.areas}
    replaces = earlier_sources(home, f"gebieden-cbs-{year}-", ".geojson", gemeenten, target.name)
    # Boundary files of other years holding some of the same areas (the national gemeente map of 2022, one
    # gemeente's buurten of 2024): the file loaded last gives the areas both hold (etl.batch.share_over).
    codes = {a.code for a in boundaries.result.areas}
    taken = {target.name, *replaces.whole, *replaces.partly}
    shared = sorted(
        {name for code, name in area_sources(home)
         if code in codes and name and name.startswith("gebieden-cbs-") and name.endswith(".geojson")} - taken
    )  # fmt: skip
    return {target.name: dataclasses.replace(replaces, shared=tuple(shared))}


def changed_areas(home: Path, codes: set[str], year: int) -> list[str]:
    """One line per change of the area division between `codes` of `year` and the years already loaded."""
    comparisons = changes.compare(codes, year, changes.codes_by_year(home))
    return [line for comparison in comparisons for line in comparison.lines()]


def read_kerncijfers(imports: Path, year: int, file: Path | None) -> tuple[Path, k.Kerncijfers]:
    """The source file and its Kerncijfers of `year`; downloaded into `imports` without a file.

    Raises one of KERNCIJFERS_ERRORS.
    """
    source = file or k.download(year, imports / f"kerncijfers_{year}.json")
    return source, k.read_file(source, year)


def area_sources(home: Path) -> list[tuple[str, str | None]]:
    """(code, file it was loaded from) of the areas already published (none before the first load)."""
    return _published(home, "area_codes", {})


# The names write_kerncijfers gives its files: {entity}-cbs-{year}-{kind}-{coverage}.csv. Before these,
# the name was {entity}-cbs-{year}-{stem of the user's file}.csv (kwb-2024-utrecht, GM0344 for a
# woonikveilig.nl file); the kind of such a file is read from its figures (see kind_of).
GENERATED = re.compile(
    r"^(?:gebieden|gebiedscijfers)-cbs-\d{4}-(kwb|woonikveilig|nabijheid)-(?:GM\d{4}(?:-GM\d{4}){0,3}|\d+-gemeenten-[0-9a-f]{10})\.csv$"
)


def kinds_of(home: Path, year: int) -> Callable[[str], str]:
    """The kind of source ('kwb', 'woonikveilig') of a published Kerncijfers template file of `year`:
    from its name, or for a name of before that from its figures (the areas file from the figures
    file it was written with)."""
    site = {
        name: woonikveilig
        for name, woonikveilig in _published(
            home,
            "cbs_batch_kinds",
            {
                "prefix": f"gebiedscijfers-cbs-{year}-",
                "site_stats": sorted(k.WOONIKVEILIG_TRENDS.values()),
                "site_keys": sorted(k.WOONIKVEILIG_KEYS),
            },
        )
    }

    def kind(name: str) -> str:
        generated = GENERATED.match(name)
        if generated:
            return generated.group(1)
        figures = "gebiedscijfers-" + name.removeprefix("gebieden-") if name.startswith("gebieden-") else name
        return "woonikveilig" if site.get(figures) else "kwb"

    return kind


def write_kerncijfers(
    home: Path, imports: Path, source: Path, data: k.Kerncijfers, year: int
) -> tuple[list[Path], dict[str, Replaces]]:
    """The template files of the Kerncijfers (areas not yet known among them), ready for the loader,
    and the earlier files of the same kind and year each replaces (see earlier_sources).

    Named by year, kind of source and the gemeenten covered (not by the file's name: two downloads
    called kwb-2024.csv of two gemeenten are two sources). A newer file of the same coverage writes
    every area its earlier version added again, so its areas file replaces that one completely; so does
    a file of one gemeente for that gemeente's areas in an earlier file of more."""
    codes = set(data.names) | {c for c, _y, _s in data.values}
    tag = f"cbs-{year}-{data.kind}-{coverage(codes)}"
    gemeenten = {"GM" + code[2:6] for code in codes}
    kind = kinds_of(home, year)
    replaces = {
        f"{entity}-{tag}.csv": earlier_sources(
            home, f"{entity}-cbs-{year}-", ".csv", gemeenten, f"{entity}-{tag}.csv",
            lambda name: kind(name) == data.kind,
        )
        for entity in ("gebieden", "gebiedscijfers")
    }  # fmt: skip
    own = f"gebieden-{tag}.csv"
    areas = replaces[own]
    figures = f"gebiedscijfers-{tag}.csv"
    taken = {figures, *replaces[figures].whole, *replaces[figures].partly}
    others = {
        name for name, _gm in _published(home, "cbs_batch_gemeenten", {"prefix": "gebiedscijfers-cbs-"})
    }
    shared = tuple(sorted(others - taken))
    replaces[figures] = dataclasses.replace(replaces[figures], shared=shared)
    keep_known(home, data, shared)

    def replaced(code: str, src: str | None) -> bool:
        return src == own or src in areas.whole or (src in areas.partly and "GM" + code[2:6] in gemeenten)

    known = {code for code, src in area_sources(home) if not replaced(code, src)}
    return k.write_templates(data, known, imports / tag, tag), replaces


def keep_known(home: Path, data: k.Kerncijfers, shared: tuple[str, ...]) -> None:
    """Leave out the missing values ('.', null) of `data` for which a file of another kind already gave a
    figure (the KWB 2023 has '.' for the distances the Nabijheid file gives): the file loaded last supplies
    the figures both hold (etl.batch.share_over), but a value it does not have never erases one. A note
    says how many, and from which file the figures stay."""
    if not shared:
        return
    origin_of = _read_published(home, origins, {})  # name the user's files, as the source lines do
    known = {
        (code, year, stat): origin_of.get(batch, name)
        for code, year, stat, batch, name in _published(home, "cbs_shared_figures", {"names": list(shared)})
    }
    kept = [key for key, value in data.values.items() if value is None and key in known]
    for key in kept:
        del data.values[key]
        data.derived.discard(key)
    if kept:
        files = ", ".join(sorted({known[key] for key in kept}))
        data.notes.append(
            f"{len(kept)} ontbrekende waarde(n) niet geladen: {files} heeft daar al een cijfer, dat blijft staan"
        )


def kerncijfers_faults(data: k.Kerncijfers) -> list[Reject]:
    """The rows and values of the user's file that the reader could not take, at their place."""
    return [Reject(data.source, None, f.line, f.column, f.value, f.reason) for f in data.faults]


def kerncijfers_locator(data: k.Kerncijfers) -> Callable[[list[Reject]], list[Reject]]:
    """Turn the loader's rejects of the generated templates into the user's file, line and column.

    A computed share (aandeel_0_14 from a_00_14 / a_inw) is no fault of its own when a value it was
    computed from is rejected: only that value is reported."""

    def locate(rejects: list[Reject]) -> list[Reject]:
        located, shares, faulty = [], [], set()
        for reject in rejects:
            what = data.written.get((reject.file_name, reject.line)) if reject.line else None
            if what is None:
                located.append(reject)
            elif isinstance(what, str):  # an area row: the line of its code
                column = "code" if data.area_lines.get(what) is None else data.code_column
                located.append(
                    Reject(data.source, None, data.area_lines.get(what), column, what, reject.reason)
                )
            elif what in data.derived:
                shares.append((what, reject))
            elif reject.column == "gebiedscode":  # the area, not the value: one fault at the code
                line = data.area_lines.get(what[0])
                column = "code" if line is None else data.code_column
                located.append(Reject(data.source, None, line, column, what[0], reject.reason))
            else:
                faulty.add(what)
                origin = data.origins[what]
                reason = reject.reason if origin.line is not None else f"{what[0]}: {reject.reason}"
                located.append(Reject(data.source, None, origin.line, origin.column, origin.raw, reason))
        for (code, year, stat), reject in shares:
            if any((code, year, base) in faulty for base in k.DERIVED[stat]):
                continue  # reported at the value it was computed from
            origin = data.origins[(code, year, stat)]
            located.append(
                Reject(
                    data.source, None, origin.line, origin.column, reject.value,
                    f"berekend aandeel {stat} van {code}: {reject.reason}",
                )
            )  # fmt: skip
        unique = {(r.file_name, r.line, r.column, r.value, r.reason): r for r in located}
        return list(unique.values())  # one fault of an area once, not once per value

    return locate
