"""The `wijkwaarde` command line: a thin layer over the ETL (etl/) and the dashboard (dashboard/).

Each command opens what it needs, calls one library function and prints the outcome in Dutch; the
SQL and the CBS steps live in etl/ (etl.status, etl.cbs.pipeline), the export in dashboard.pack.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, NoReturn

import duckdb
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from etl import attempts, contract
from etl import status as history
from etl import warehouse as wh
from etl.inputs import NothingToLoad, check

app = typer.Typer(
    help="Wijkwaarde: laad gegevens over buurtinitiatieven in het warehouse en toon het dashboard.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output (CI logs, `| less`) gets a wide table instead of rich's 80-column default.
_WIDTH = None if sys.stdout.isatty() else 160
console = Console(width=_WIDTH)
errors = Console(stderr=True, width=_WIDTH, soft_wrap=True)  # a message is one line
MAX_REJECTS_SHOWN = 50


def _nl(number: int) -> str:
    """An integer with Dutch thousands separators (1.234.567)."""
    return f"{number:,}".replace(",", ".")


class State:
    home: Path = contract.default_home()
    debug: bool = False


# What a load can run into that the user can act on: one line, exit 1 (exit 3: another load runs).
LOAD_ERRORS = (NothingToLoad, wh.NotEnoughSpace)
WaitOption = Annotated[
    float,
    typer.Option(
        "--wait", metavar="SECONDEN", help="Wacht zo lang op een load die al loopt (standaard: niet wachten)."
    ),
]


@app.callback()
def main_options(
    home: Annotated[
        Path | None,
        typer.Option(help="Map van het warehouse (standaard $WIJKWAARDE_HOME of ./data/warehouse)."),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Toon bij een onverwachte fout de volledige traceback.")
    ] = False,
) -> None:
    """Wijkwaarde command line."""
    State.debug = debug
    if home is not None:
        State.home = home
        os.environ[contract.HOME_ENV] = str(home)


def _rejects_table(rows: list[tuple], title: str) -> Table:
    table = Table(title=title, show_lines=False)
    for name in ("bestand", "blad", "regel", "kolom", "waarde", "reden"):
        table.add_column(name, overflow="fold")
    for row in rows[:MAX_REJECTS_SHOWN]:  # file content: printed as text, never as rich markup
        table.add_row(*("" if v is None else escape(str(v)) for v in row))
    return table


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Bestanden of mappen met CSV, XLSX of GeoJSON.")],
    allow_rejects: Annotated[
        bool,
        typer.Option("--allow-rejects", help="Publiceer de geldige rijen, bewaar de rest als afgekeurd."),
    ] = False,
    entity: Annotated[
        str | None, typer.Option(help="Sjabloon afdwingen (bijv. initiatieven) in plaats van herkennen.")
    ] = None,
    decimal: Annotated[
        str | None, typer.Option(help="Decimaalteken afdwingen: komma (1.234,5) of punt (1234.5).")
    ] = None,
    file_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Extern subsidieregister in plaats van de sjablonen: amsterdam-subsidies "
            "(subsidieregister Amsterdam, JSON) of 360giving (360Giving JSON, CSV of XLSX).",
        ),
    ] = None,
    wait: WaitOption = 0,
    rejects_json: Annotated[
        Path | None,
        typer.Option(
            "--afgekeurd-json",
            hidden=True,  # for the dashboard's report publish (dashboard/reports/publish.py): reasons to show
            help="Schrijf de afgekeurde rijen (regel, kolom, waarde, reden) als JSON naar dit bestand.",
        ),
    ] = None,
) -> None:
    """Laad bestanden: valideer elke rij en publiceer atomair een nieuwe versie."""
    from etl.loader import load as run_load
    from etl.registers import FORMAT_NAMES
    from etl.templates import by_name

    if file_format is not None and file_format not in FORMAT_NAMES:
        errors.print(
            f"[red]Onbekend formaat '{escape(str(file_format))}'; kies uit {', '.join(FORMAT_NAMES)}.[/red]"
        )
        raise typer.Exit(2)
    if file_format is not None and (entity is not None or decimal is not None):
        errors.print("[red]--format gaat niet samen met --entity of --decimal.[/red]")
        raise typer.Exit(2)
    if entity is not None and by_name(entity) is None:
        errors.print(f"[red]Onbekend sjabloon '{escape(str(entity))}'.[/red]")
        raise typer.Exit(2)
    if decimal not in (None, "komma", "punt"):
        errors.print("[red]--decimal moet 'komma' of 'punt' zijn.[/red]")
        raise typer.Exit(2)
    template = by_name(entity).entity if entity else None

    def run():
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("laden…", total=None)

            def report(what: str, rows: int) -> None:
                progress.update(task, description=f"{escape(what)}: {_nl(rows)} rijen")

            result = run_load(
                State.home, paths, allow_rejects, template, decimal, report, file_format, wait=wait,
                loaded_by=_actor(),
            )  # fmt: skip
        if rejects_json is not None:
            rejects_json.write_text(
                json.dumps(
                    [{"line": r.line, "column": r.column, "value": r.value, "reason": r.reason}
                     for r in result.rejects],
                    ensure_ascii=False, default=str,
                ),
                encoding="utf-8",
            )  # fmt: skip
        return result

    _load_and_report(run, FILES)


@dataclass(frozen=True)
class LoadWording:
    """How a load's report reads: `wijkwaarde load` takes the user's files, the CBS commands the template
    files they wrote themselves (no format column, no --allow-rejects to point at)."""

    format_column: bool
    unchanged: str
    not_published: str
    rejects_title: str  # {count}, {shown}


FILES = LoadWording(
    format_column=True,
    unchanged="Niets gewijzigd: alle bestanden waren al geladen.",
    not_published="[red]Niet gepubliceerd:[/red] er zijn afgekeurde rijen. De vorige gegevens blijven staan. "
    "Herstel de bestanden, of gebruik --allow-rejects om alleen de geldige rijen te publiceren.",
    rejects_title="Afgekeurde rijen ({count} fouten; eerste {shown})",
)
CBS = LoadWording(
    format_column=False,
    unchanged="Niets gewijzigd: deze gegevens waren al geladen.",
    not_published="[red]Niet gepubliceerd:[/red] er zijn afgekeurde rijen. De vorige gegevens blijven staan.",
    rejects_title="Afgekeurde rijen ({count} fouten)",
)


def _load_and_report(run, wording: LoadWording) -> None:
    """Run a load and print its batches, rejects and outcome; exit 1 when nothing was published
    (exit 3 when another load runs)."""
    try:
        result = run()
    except wh.LoadInProgress as exc:
        errors.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(3) from None
    except LOAD_ERRORS as exc:
        errors.print(f"[red]Niet geladen:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    _warn_unsupported(result)
    _audit_load(result)
    table = Table(title="Load " + (str(result.load_id) if result.load_id else ""))
    columns = ("batch", "bestand", "sjabloon", "formaat", "in", "geladen", "afgekeurd", "status")
    for name in columns if wording.format_column else (c for c in columns if c != "formaat"):
        table.add_column(name)
    for p in result.parts:
        fmt = ", ".join(x for x in (p.file_format, p.encoding, p.delimiter and repr(p.delimiter)) if x)
        cells = [str(p.batch_id or ""), escape(p.source_name), p.entity or ""]
        cells += [fmt] if wording.format_column else []
        table.add_row(*cells, str(p.rows_in), str(p.rows_loaded), str(p.rows_rejected), p.status)
    console.print(table)
    rejects = [(r.file_name, r.sheet, r.line, r.column, r.value, r.reason) for r in result.rejects]
    if rejects:
        title = wording.rejects_title.format(count=len(rejects), shown=min(len(rejects), MAX_REJECTS_SHOWN))
        console.print(_rejects_table(rejects, title))
    for p in result.parts:
        for note in p.notes:
            console.print(f"[yellow]Let op:[/yellow] {escape(p.origin or p.source_name)}: {escape(note)}")
    for problem in result.problems:
        errors.print(f"[red]Controle mislukt:[/red] {escape(problem)}")
    if all(p.skipped for p in result.parts):
        console.print(wording.unchanged)
    elif result.published:
        console.print(
            f"[green]Gepubliceerd:[/green] {escape(str(wh.published_path(State.home)))} -> {escape(str(result.version))}"
        )
    elif not result.problems and not any(p.rows_loaded for p in result.parts if not p.skipped):
        # also with --allow-rejects: a load without one valid row publishes no new version
        errors.print(
            "[red]Niet gepubliceerd:[/red] geen enkele rij is geldig, er is niets te publiceren. "
            "De vorige gegevens blijven staan."
        )
        raise typer.Exit(1)
    else:
        errors.print(wording.not_published)
        raise typer.Exit(1)


def _audit_load(result) -> None:
    """Every load into the audit log (who, which files, what was published): beside the data, never in it."""
    from dashboard.auth import audit as audit_log

    files = ", ".join(p.source_name for p in result.parts)[:200]
    loaded = sum(p.rows_loaded or 0 for p in result.parts)
    outcome = f"gepubliceerd {Path(str(result.version)).name}" if result.published else "niet gepubliceerd"
    if all(p.skipped for p in result.parts):
        outcome = "ongewijzigd"
    detail = f"load {result.load_id or '-'}: {files}; {loaded} rijen geladen, {len(result.rejects)} afgekeurd; {outcome}"
    audit_log.record(_actor(), "load", detail, home=State.home)


def _warn_unsupported(result) -> None:
    if result.unsupported:
        names = ", ".join(p.name for p in result.unsupported)
        errors.print(f"[yellow]Overgeslagen (formaat niet ondersteund):[/yellow] {escape(str(names))}")


def _open_history() -> duckdb.DuckDBPyConnection:
    """load_batch and rejected_row of published and refused loads together (etl.attempts)."""
    con = attempts.history(State.home)
    if con is None:
        _nothing_loaded()
    return con


def _nothing_loaded() -> NoReturn:
    errors.print(
        f"[red]Nog geen gegevens geladen in {escape(str(State.home))}.[/red] Gebruik `wijkwaarde load`."
    )
    raise typer.Exit(1)


def _open_published() -> duckdb.DuckDBPyConnection:
    path = wh.published_path(State.home)
    if not path.exists():
        _nothing_loaded()
    return duckdb.connect(str(path.resolve()), read_only=True)


@app.command()
def status() -> None:
    """Toon de gepubliceerde versie, de geschiedenis van de loads en achtergebleven deelbestanden."""
    con = _open_history()
    if wh.published_path(State.home).exists():
        console.print(
            f"Gepubliceerd: {escape(str(wh.published_path(State.home)))} -> {escape(str(wh.current_version(State.home)))}"
        )
    else:
        console.print(f"Nog niets gepubliceerd in {escape(str(State.home))}: alleen afgewezen loads.")
    for path in wh.leftovers(State.home):
        errors.print(
            f"[yellow]Achtergebleven deelbestand van een afgebroken load:[/yellow] {escape(str(path))} "
            f"({_nl(path.stat().st_size if path.exists() else 0)} bytes); de volgende load ruimt het op"
        )
    table = Table(title="Batches")
    for name in ("batch", "load", "bestand", "sjabloon", "in", "geladen", "afgekeurd", "status", "tijd"):
        table.add_column(name)
    for row in history.batches(con):
        table.add_row(*("" if v is None else escape(str(v)) for v in row))
    console.print(table)
    con.close()
    if not wh.published_path(State.home).exists():
        return
    con = _open_published()
    counts = Table(title="Inhoud")
    counts.add_column("tabel")
    counts.add_column("rijen", justify="right")
    for name, n in history.table_counts(con):
        counts.add_row(name, _nl(n))
    console.print(counts)


@app.command()
def rejects(
    batch_id: Annotated[int, typer.Argument(help="Nummer van de batch (zie `wijkwaarde status`).")],
) -> None:
    """Toon de afgekeurde rijen van een batch: bestand, blad, regel, kolom, waarde en reden."""
    con = _open_history()
    batch = history.batch(con, batch_id)
    if batch is None:
        errors.print(f"[red]Batch {batch_id} bestaat niet.[/red]")
        raise typer.Exit(1)
    rows = history.rejected_rows(con, batch_id)
    if not rows:
        console.print(
            f"Batch {batch_id} ({escape(str(batch[0]))}, {escape(str(batch[1]))}) heeft geen afgekeurde rijen."
        )
        return
    console.print(
        _rejects_table(
            rows, f"Batch {batch_id}: {escape(str(batch[0]))} ({escape(str(batch[1]))}), {len(rows)} fouten"
        )
    )
    if len(rows) > MAX_REJECTS_SHOWN:
        console.print(f"… en nog {len(rows) - MAX_REJECTS_SHOWN} fouten.")


@app.command("demo-data")
def demo_data(
    output: Annotated[Path, typer.Option(help="Map waarin de sjabloonbestanden komen.")] = Path("data/demo"),
    scale: Annotated[str, typer.Option(help="Omvang: demostad, regio, provincie of nationaal.")] = "demostad",
    seed: Annotated[int, typer.Option(help="Startwaarde van de toevalsgenerator.")] = 42,
) -> None:
    """Schrijf de fictieve demogemeente Demostad als sjabloonbestanden (laad ze met `wijkwaarde load`)."""
    from etl import demo

    if scale not in demo.SCALES:
        errors.print(
            f"[red]Onbekende omvang '{escape(str(scale))}'; kies uit {', '.join(demo.SCALES)}.[/red]"
        )
        raise typer.Exit(2)
    paths = demo.generate(output, scale=scale, seed=seed)
    for path in paths:
        console.print(f"{escape(str(path))}  ({_nl(path.stat().st_size)} bytes)")


@app.command()
def templates(
    output: Annotated[Path, typer.Option(help="Map voor de sjablonen.")] = Path("data/templates"),
) -> None:
    """Schrijf de lege invoersjablonen (CSV en XLSX) en het datawoordenboek."""
    from etl.template_files import write_all

    for path in write_all(output):
        console.print(str(path))


@app.command()
def export(
    urls: Annotated[
        list[str], typer.Argument(help="Permalinks van weergaven (kopieer de link in het dashboard).")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Uitvoerbestand.")],
    format: Annotated[str, typer.Option("--format", "-f", help="pptx, pdf, png, csv of xlsx.")] = "pptx",
    lang: Annotated[str, typer.Option(help="Taal van het pakket: nl of en.")] = "nl",
    als: Annotated[
        str | None,
        typer.Option(
            "--als",
            help="Exporteer met de toegang van dit subject of e-mailadres (wijkwaarde access); "
            "zonder: het publieke, beschermde beeld.",
        ),
    ] = None,
) -> None:
    """Maak een raadspakket (PPTX/PDF) of losse bestanden (PNG/CSV/XLSX) van de grafieken achter permalinks.

    Voor maandelijkse routines: dezelfde links geven elke maand het pakket op de nieuwste gegevens.
    Bij PNG, CSV en XLSX met meer grafieken krijgt elk bestand een volgnummer (naam-1.png, naam-2.png).
    De export toont wat het publiek ziet, tenzij --als een subject met toegang noemt; zo'n export van
    niet-publieke cijfers komt in het auditlog.
    """
    import dashboard.pages  # noqa: F401 - registers the pages the permalinks are checked against
    from dashboard.auth import audit as audit_log
    from dashboard.auth import grants, session
    from dashboard.pack.build import build
    from dashboard.pack.permalinks import UnknownView
    from dashboard.repository import DuckDBRepository, NoDatabase

    fmt = format.lower()
    scope = grants.PUBLIC
    if als:
        scope = grants.scope_for({"sub": als, "email": als}, home=State.home)
        if scope.is_public:
            errors.print(
                f"[red]Export geweigerd:[/red] {escape(als)} heeft geen toegang (wijkwaarde access list)."
            )
            raise typer.Exit(2)
        audit_log.record(
            _actor(), "export", f"{fmt} als {als} [{grants.describe_scope(scope)}]", home=State.home
        )
    try:
        with session.acting_as(scope):
            files = build(DuckDBRepository(State.home), urls, fmt, lang=lang)
    except (UnknownView, ValueError, NoDatabase) as exc:
        errors.print(f"[red]Export mislukt:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    except Exception as exc:  # e.g. LibreOffice or Chromium missing: a sentence, not a traceback
        errors.print(f"[red]Export mislukt:[/red] {exc.__class__.__name__}: {escape(str(exc))}")
        raise typer.Exit(1) from None
    if not files:
        errors.print("[red]Export mislukt:[/red] deze links bevatten geen grafieken.")
        raise typer.Exit(2)
    output.parent.mkdir(parents=True, exist_ok=True)
    paths = [output] if len(files) == 1 else [
        output.with_name(f"{output.stem}-{i}{output.suffix}") for i in range(1, len(files) + 1)
    ]  # fmt: skip
    for path, data in zip(paths, files, strict=True):
        path.write_bytes(data)
        console.print(f"{escape(str(path))} ({_nl(len(data))} bytes)")


@app.command("export-360giving")
def export_360giving(
    output: Annotated[Path, typer.Option("--output", "-o", help="Uitvoerbestand (JSON).")],
    prefix: Annotated[
        str, typer.Option(help="360Giving-prefix van de identifiers (id = prefix-code).")
    ] = "360G-wijkwaarde",
    publisher: Annotated[str, typer.Option(help="Naam van de uitgever in het pakket.")] = "Wijkwaarde",
) -> None:
    """Exporteer de subsidies als 360Giving-JSON, gecontroleerd tegen het 360Giving-schema.

    Buurten gaan mee als beneficiaryLocation met de CBS-code (geoCodeType BU).
    """
    from etl.registers import export360

    con = _open_published()
    try:
        count = export360.export(con, output, prefix, publisher)
    except export360.ExportError as exc:
        errors.print(f"[red]Export mislukt:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    finally:
        con.close()
    console.print(
        f"{escape(str(output))}: {_nl(count)} subsidies ({_nl(output.stat().st_size)} bytes), schema 360Giving geldig"
    )


@app.command()
def ship(
    to: Annotated[
        list[Path],
        typer.Option(
            "--to",
            metavar="DOEL",
            help="Warehouse-map van een serving host (of een lege map voor een nieuwe host); herhaalbaar.",
        ),
    ],
    version: Annotated[
        str | None,
        typer.Option(
            help="Versie om te verzenden, bijv. 3 of wijkwaarde-000003.duckdb (standaard: de gepubliceerde)."
        ),
    ] = None,
    wait: WaitOption = 0,
) -> None:
    """Kopieer een gepubliceerde versie naar het warehouse van een serving host en publiceer die daar atomair.

    De kopie wordt eerst op grootte en SHA-256 gecontroleerd; pas dan wisselt de symlink. Een afgebroken
    verzending laat de gepubliceerde versie van het doel staan; dezelfde versie nog eens verzenden verandert niets.
    """
    from etl import ship as shipping

    for target in to:
        try:
            done = shipping.ship(State.home, target, version, wait=wait)
        except wh.LoadInProgress as exc:
            errors.print(f"[red]{escape(str(target))}: {escape(str(exc))}[/red]")
            raise typer.Exit(3) from None
        except (shipping.ShipRefused, wh.NotEnoughSpace) as exc:
            errors.print(f"[red]Niet verzonden:[/red] {escape(str(exc))}")
            raise typer.Exit(1) from None
        what = f"{done.version} ({_nl(done.size)} bytes, sha256 {done.sha256[:12]}…)"
        if done.published:
            from dashboard.auth import audit as audit_log

            audit_log.record(_actor(), "publish", f"{what} -> {done.target}", home=State.home)
        if not done.published:
            console.print(
                f"Niets gewijzigd: {escape(str(done.target))} -> {escape(what)} was al gepubliceerd."
            )
        elif done.copied:
            console.print(
                f"[green]Verzonden en gepubliceerd:[/green] {escape(str(done.target))} -> {escape(what)}"
            )
        else:
            console.print(
                f"[green]Gepubliceerd:[/green] {escape(str(done.target))} -> {escape(what)} (stond er al, niet opnieuw gekopieerd)"
            )


@app.command()
def rollback(
    version: Annotated[
        str, typer.Argument(help="De versie om terug te zetten, bijv. 3 of wijkwaarde-000003.duckdb.")
    ],
    wait: WaitOption = 0,
) -> None:
    """Zet een eerder gepubliceerde versie terug: die wordt weer de gepubliceerde (atomair, in het auditlog).

    Alleen de bewaarde versies in versions/ kunnen terug; de volgende load bouwt verder op deze versie.
    """
    from dashboard.auth import audit as audit_log
    from etl import rollback as rolling
    from etl.ship import ShipRefused

    try:
        done = rolling.rollback(State.home, version, wait=wait)
    except wh.LoadInProgress as exc:
        errors.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(3) from None
    except ShipRefused as exc:
        errors.print(f"[red]Niet teruggezet:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    if not done.changed:
        console.print(f"Niets gewijzigd: {escape(str(done.version))} is al gepubliceerd.")
        return
    audit_log.record(
        _actor(), "publish", f"teruggezet naar {done.version} (was {done.previous})", home=State.home
    )
    console.print(
        f"[green]Teruggezet:[/green] {escape(str(wh.published_path(State.home)))} -> {escape(str(done.version))} (was {escape(str(done.previous))})"
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort.")] = 8050,
    workers: Annotated[int, typer.Option(help="Aantal gunicorn-workers.")] = 2,
) -> None:
    """Start het dashboard met gunicorn op het gepubliceerde warehouse (alleen-lezen)."""
    from dashboard import access_rule

    refused = access_rule.refusal([host])  # internal mode without a login: loopback only
    if refused:
        errors.print(refused, markup=False, highlight=False)
        raise typer.Exit(1)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    args = [
        str(gunicorn),
        "-c",
        "python:dashboard.gunicorn_conf",
        "--workers",
        str(workers),
        "--bind",
        f"{host}:{port}",
        "--timeout",
        "60",
        "--no-control-socket",
        "--access-logfile",
        "-",
        "dashboard.wsgi:server",
    ]
    os.environ[contract.HOME_ENV] = str(State.home.resolve())
    console.print(f"Wijkwaarde op http://{host}:{port} (warehouse {escape(str(State.home))})")
    os.execv(args[0], args)


access_app = typer.Typer(
    help="Wie mag wat zien: toegang verlenen, intrekken en tonen (buiten de dataversies, access.sqlite).",
    no_args_is_help=True,
)
app.add_typer(access_app, name="access")


def _actor() -> str:
    """Who changes access from the command line: the operating-system user."""
    import getpass

    try:
        return "cli:" + getpass.getuser()
    except (KeyError, OSError):
        return "cli:onbekend"


@access_app.command("grant")
def access_grant(
    subject: Annotated[
        str, typer.Argument(help="Het subject (sub) of e-mailadres zoals de inlogdienst het meldt.")
    ],
    role: Annotated[str, typer.Option("--role", help="publiek, gemeente, fonds of beheerder.")],
    gemeente: Annotated[
        list[str] | None,
        typer.Option("--gemeente", help="GM-code (herhaalbaar); verplicht bij rol gemeente."),
    ] = None,
    funder: Annotated[
        list[str] | None,
        typer.Option("--funder", help="Financiercode (herhaalbaar); verplicht bij rol fonds."),
    ] = None,
) -> None:
    """Geef SUBJECT een rol, voor de genoemde gemeenten of financiers; het wordt in het auditlog vastgelegd."""
    from dashboard.auth import grants

    try:
        if role == "gemeente":
            wanted = [grants.validate(subject, role, gemeente=g) for g in gemeente or [""]]
        elif role == "fonds":
            wanted = [grants.validate(subject, role, funder=f) for f in funder or [""]]
        else:
            wanted = [grants.validate(subject, role, (gemeente or [""])[0], (funder or [""])[0])]
    except grants.GrantError as exc:
        errors.print(f"[red]Geweigerd:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    added = grants.grant(wanted, _actor(), State.home)
    console.print(
        f"Toegang verleend: {added} nieuw, {len(wanted) - added} bestond al ({escape(wanted[0].subject)})."
    )


@access_app.command("revoke")
def access_revoke(
    subject: Annotated[str, typer.Argument(help="Het subject of e-mailadres.")],
    role: Annotated[
        str | None, typer.Option("--role", help="Alleen deze rol (standaard: alle rollen).")
    ] = None,
) -> None:
    """Trek de toegang van SUBJECT in (alle rollen, of alleen --role); geldt vanaf de volgende klik."""
    from dashboard.auth import grants

    try:
        removed = grants.revoke(subject, role, _actor(), State.home)
    except grants.GrantError as exc:
        errors.print(f"[red]Geweigerd:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    console.print(f"Ingetrokken: {removed} toekenning(en) van {escape(grants.normal_subject(subject))}.")


@access_app.command("uitloggen")
def access_log_out(
    subject: Annotated[str, typer.Argument(help="Het subject of e-mailadres.")],
) -> None:
    """Beëindig nu elke sessie van SUBJECT (bij de volgende klik publiek, tot opnieuw inloggen): voor een rol
    die de inlogdienst meegaf (role claim) en daar is ingetrokken; een toekenning intrekken werkt al direct."""
    from dashboard.auth import grants

    try:
        grants.end_logins(subject, _actor(), State.home)
    except grants.GrantError as exc:
        errors.print(f"[red]Geweigerd:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    console.print(f"Uitgelogd: elke sessie van {escape(grants.normal_subject(subject))}.")


@access_app.command("list")
def access_list() -> None:
    """Toon alle toekenningen: subject, rol, gemeente, financier, door wie en wanneer."""
    from dashboard.auth import grants

    rows = grants.all_grants(State.home)
    if not rows:
        console.print("Nog geen toegang verleend: iedereen ziet het publieke dashboard.")
        return
    table = Table(title="Toegang")
    for name in ("subject", "rol", "gemeente", "financier", "door", "wanneer"):
        table.add_column(name)
    for row in rows:
        table.add_row(*(escape(str(v)) for v in row))
    console.print(table)


@app.command()
def audit(
    limit: Annotated[int, typer.Option(help="Aantal nieuwste regels.", min=1)] = 200,
) -> None:
    """Toon het auditlog: inlogs, mislukte inlogs en toegangswijzigingen (wie, wat, wanneer)."""
    from dashboard.auth import audit as audit_log

    rows = audit_log.entries(limit, State.home)
    if not rows:
        console.print("Het auditlog is leeg.")
        return
    table = Table(title="Auditlog")
    for name in ("wanneer", "wie", "wat", "details", "adres"):
        table.add_column(name)
    for row in rows:
        table.add_row(*(escape(str(v)) for v in row))
    console.print(table)


reports_app = typer.Typer(
    help="Rapportages van initiatieven (docs/reports.md): herinneringen sturen voor wat te laat is.",
    no_args_is_help=True,
)
app.add_typer(reports_app, name="rapportages")


@reports_app.command("herinneren")
def reports_remind(
    again_after: Annotated[
        int,
        typer.Option(
            "--opnieuw-na",
            metavar="DAGEN",
            min=0,
            help="Geen nieuwe herinnering binnen zoveel dagen na de vorige (0: altijd). Standaard 7.",
        ),
    ] = 7,
    dry_run: Annotated[
        bool, typer.Option("--proef", help="Tel alleen wat verstuurd zou worden; verstuur niets.")
    ] = False,
) -> None:
    """Stuur een herinnering per e-mail voor elke rapportage die te laat is (voor cron, bijv. dagelijks).

    Alleen voor verzoeken met een e-mailadres; elke herinnering en de run zelf komen in het auditlog. Nodig:
    WIJKWAARDE_SECRET_KEY, WIJKWAARDE_PUBLIC_URL en WIJKWAARDE_SMTP_HOST/_FROM. Exit 1 als dat ontbreekt.
    """
    from dashboard.reports import fund, workflow

    try:
        run = fund.remind_all(_actor(), workflow.now_day(), again_after, dry_run, home=State.home)
    except fund.CannotRemind as exc:
        errors.print(f"[red]Geen herinneringen verstuurd:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    if dry_run:
        console.print(
            f"Proef: {run.due} rapportage(s) te laat om te herinneren, {run.due - run.without_address} met "
            f"e-mailadres, {run.without_address} zonder. Niets verstuurd."
        )
        return
    console.print(
        f"{run.sent} herinnering(en) verstuurd van {run.due} te late rapportage(s); "
        f"{run.without_address} zonder e-mailadres (stuur die de link zelf, zie /rapportages)."
    )
    if run.sent < run.due - run.without_address:
        errors.print(
            "[yellow]Niet alles kon verstuurd worden: de mailserver weigerde of was niet bereikbaar.[/yellow]"
        )
        raise typer.Exit(2)


cbs_app = typer.Typer(
    help="Officiële CBS-bronnen: wijk- en buurtkaart en Kerncijfers wijken en buurten.", no_args_is_help=True
)
app.add_typer(cbs_app, name="cbs")


def _check_given_file(file: Path | None) -> None:
    """A --file must be a regular file (never a device or FIFO, which would hang the read)."""
    reason = check(file, file.parent) if file is not None else None
    if reason:
        errors.print(f"[red]Niet gelezen:[/red] {escape(str(file))}: {escape(reason)}")
        raise typer.Exit(1)


@cbs_app.command("boundaries")
def cbs_boundaries(
    year: Annotated[int, typer.Option(help="Jaar van de wijk- en buurtkaart (grensjaar).")],
    gemeente: Annotated[
        list[str] | None, typer.Option(help="Alleen deze gemeente(n), bijv. GM0362; herhaalbaar.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option(help="GeoJSON of GeoPackage (RD New of WGS84); zonder: downloaden.")
    ] = None,
    wait: WaitOption = 0,
) -> None:
    """Laad CBS/PDOK-grenzen van gemeenten, wijken en buurten (vereenvoudigd voor de kaart)."""
    from etl.batch import Reject
    from etl.cbs import pipeline
    from etl.loader import load as run_load
    from etl.loader import refuse

    _check_given_file(file)
    imports = pipeline.imports_folder(State.home)
    try:
        read = pipeline.read_boundaries(imports, year, gemeente, file)
    except pipeline.BOUNDARY_ERRORS as exc:
        errors.print(f"[red]Grenzen niet geladen:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    result = read.result
    if result.rejects:
        rejects = [
            Reject(read.source.name, None, None, f"feature {number}" + (f": {key}" if key else ""),
                   None if value is None else str(value), reason)
            for number, key, value, reason in result.rejects
        ]  # fmt: skip
        features = result.features_in
        _load_and_report(lambda: refuse(State.home, read.source, rejects, "gebieden", features, wait), CBS)
    for code, numbers in result.merged.items():
        console.print(
            f"{code} staat in {len(numbers)} features ({', '.join(map(str, numbers))}): samengevoegd tot één gebied"
        )
    _print_changes(pipeline.changed_areas(State.home, {a.code for a in result.areas}, year))
    target = pipeline.write_boundaries(imports, read, year)
    replaces = pipeline.boundary_replaces(State.home, target, read, year)
    levels = {lv: sum(a.level == lv for a in result.areas) for lv in ("gemeente", "wijk", "buurt")}
    derived = sum(a.derived for a in result.areas)
    console.print(
        f"{read.source.name}: EPSG:{result.epsg} (via {result.crs_source}), {levels['gemeente']} gemeente(n), "
        f"{levels['wijk']} wijken, {levels['buurt']} buurten ({derived} afgeleid door samenvoegen), "
        f"{result.repaired} geometrieën hersteld; {_nl(result.vertices_in)} -> {_nl(result.vertices_out)} "
        f"punten, {_nl(result.geojson_bytes)} bytes GeoJSON voor de kaart"
    )
    origins = {target.name: read.source.name}  # the source line under a map names the user's file
    _load_and_report(
        lambda: run_load(State.home, [target], wait=wait, replaces=replaces, origins=origins), CBS
    )


def _print_changes(lines: list[str]) -> None:
    for line in lines:
        console.print(f"[yellow]Indeling gewijzigd:[/yellow] {escape(str(line))}")


@cbs_app.command("kerncijfers")
def cbs_kerncijfers(
    year: Annotated[int, typer.Option(help="Jaar van de Kerncijfers (peiljaar van de cijfers).")],
    file: Annotated[
        Path | None,
        typer.Option(
            help="Het bestand (soort wordt herkend aan de inhoud): KWB-download (.xlsx of .csv), StatLine-CSV "
            "(';', '.' = geheim), OData-JSON (TypedDataSet, met DataProperties.json en TableInfos.json ernaast) "
            "of het buurt-indicatorbestand per gemeente van woonikveilig.nl (GM0362.json). Zonder: downloaden."
        ),
    ] = None,
    wait: WaitOption = 0,
) -> None:
    """Laad CBS Kerncijfers wijken en buurten als contextcijfers; geheime waarden blijven leeg.

    Leest deze bestanden (de soort wordt herkend aan de inhoud, niet aan de naam):

    - KWB-download van CBS 'Kerncijfers wijken en buurten': XLSX of CSV.

    - StatLine-CSV (scheidingsteken ';', '.' voor geheime waarden).

    - OData-JSON van opendata.cbs.nl (TypedDataSet), met DataProperties.json en TableInfos.json ernaast.

    - Het buurt-indicatorbestand per gemeente van woonikveilig.nl (JSON met "type": "gemeente").

    Zonder --file wordt de OData-tabel van het jaar gedownload.
    """
    from etl.cbs import pipeline
    from etl.loader import load as run_load
    from etl.loader import refuse

    _check_given_file(file)
    imports = pipeline.imports_folder(State.home)
    try:
        source, data = pipeline.read_kerncijfers(imports, year, file)
    except pipeline.KERNCIJFERS_ERRORS as exc:
        errors.print(f"[red]Kerncijfers niet geladen:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    for note in data.notes:
        console.print(f"[yellow]Let op:[/yellow] {escape(source.name)}: {escape(note)}")
    faults = pipeline.kerncijfers_faults(data)
    if faults:
        _load_and_report(
            lambda: refuse(State.home, source, faults, "gebiedscijfers", data.rows_in, wait), CBS
        )
    _print_changes(pipeline.changed_areas(State.home, {code for code, _y, _s in data.values}, year))
    told = len(data.notes)
    paths, replaces = pipeline.write_kerncijfers(State.home, imports, source, data, year)
    for note in data.notes[told:]:  # what writing the templates found (figures another file already gives)
        console.print(f"[yellow]Let op:[/yellow] {escape(source.name)}: {escape(note)}")
    missing = sum(v is None for v in data.values.values())
    console.print(
        f"{source.name}: {_nl(len(data.names))} gebieden, {_nl(len(data.values))} waarden "
        f"({_nl(missing)} ontbrekend of geheim, blijven leeg)"
    )
    if data.skipped:
        console.print(
            f"{_nl(len(data.skipped))} regel(s) overgeslagen: geen gemeente, wijk of buurt "
            f"({escape(', '.join(data.skipped[:5]))}{', ...' if len(data.skipped) > 5 else ''})"
        )
    locate = pipeline.kerncijfers_locator(data)
    origins = {
        path.name: source.name for path in paths
    }  # the source line under a figure names the user's file
    _load_and_report(
        lambda: run_load(State.home, paths, wait=wait, locate=locate, replaces=replaces, origins=origins), CBS
    )


def _write_log(text: str) -> Path | None:
    """Write a traceback to a new log file: in the warehouse's logs folder, else the temp folder."""
    name = f"wijkwaarde-fout-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
    for folder in (State.home / "logs", Path(tempfile.gettempdir())):
        path = folder / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)  # a full disk leaves no empty log behind
    return None


def main() -> None:
    """Run the command line; an unexpected error is one Dutch line and the log holding its traceback.

    Exit codes: 0 done, 1 refused or nothing to do (the message says why), 2 wrong use or an
    unexpected error, 3 another load is running.
    """
    try:
        app()
    except KeyboardInterrupt:
        errors.print("[red]Afgebroken.[/red] Een onvoltooide load publiceert niets.")
        sys.exit(130)
    except Exception as exc:
        if State.debug:
            raise
        path = _write_log(traceback.format_exc())
        where = f"details in {path}" if path else "details niet op te slaan; gebruik --debug"
        message = str(exc).splitlines()[0][:300] if str(exc).strip() else ""
        errors.print(
            f"[red]Onverwachte fout:[/red] {escape(type(exc).__name__ + (': ' + message if message else ''))}; "
            f"{escape(where)}",
            soft_wrap=True,
            highlight=False,
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
