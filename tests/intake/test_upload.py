"""Upload, check, publish and roll back through the app's routes, as a beheerder and as a fund (issue 16 §1).

The check and the publish run in the worker process the route starts (wijkwaarde/intake_worker.py), on the
fixture warehouse; every assertion reads what a user would see: the state of the upload, the rejects with file,
line and column, the marked XLSX, the published version and its figures.
"""

from __future__ import annotations

import io
import os
import sys

import duckdb
import openpyxl
import pytest

from dashboard.auth import audit, grants
from dashboard.intake import uploads
from etl.contract import published_path
from tests.intake.conftest import HEADER, job_of, observations_csv, send, wait

pytestmark = pytest.mark.slow


def published(home) -> str:
    return os.path.realpath(published_path(home))


def observed(home, indicator: str) -> list[float]:
    con = duckdb.connect(str(published_path(home)), read_only=True)
    try:
        rows = con.execute(
            "SELECT value FROM observation WHERE initiative_code = 'INI1' AND indicator_code = ? "
            "AND period_start = DATE '2025-01-01'",
            [indicator],
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def test_faulty_row_is_located_marked_fixed_published_and_rolled_back(upload_home, as_user):
    home = upload_home
    client, csrf = as_user("beheer-1")
    before = published(home)
    # 1. one faulty row: located, nothing published, "Publiceren" refused
    job = job_of(send(client, csrf, {"waarnemingen.csv": observations_csv(second="zeventien")}))
    state = wait(home, job)
    assert state["state"] == "gecontroleerd" and not state["clean"] and state["publishable"]
    rejects = uploads.read_rejects(home, job)
    assert [(r["file"], r["line"], r["column"], r["value"]) for r in rejects] == [
        ("waarnemingen.csv", 3, "waarde", "zeventien")
    ]
    assert "getal" in rejects[0]["reason"]
    page = client.get(f"/gegevens/upload?taak={job}")
    assert page.status_code == 200
    refused = client.post(
        "/gegevens/upload/publiceren", data={"csrf_token": csrf, "taak": job, "modus": "alles"}
    )
    assert refused.status_code == 409 and published(home) == before
    # 2. the marked XLSX: the faulty cell filled, its reason in the extra column
    marked = client.get(f"/gegevens/upload/{job}/gemarkeerd/0")
    assert marked.status_code == 200 and "waarnemingen.xlsx" in marked.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(marked.data))
    ws = book.active
    header = [c.value for c in ws[1]]
    assert header[-1] == "Wijkwaarde-fouten"
    cell = ws.cell(row=3, column=header.index("waarde") + 1)
    assert cell.value == "zeventien" and cell.fill.start_color.rgb.endswith("FFC7CE")
    assert (
        "getal" in ws.cell(row=3, column=len(header)).value
        and ws.cell(row=2, column=len(header)).value is None
    )
    assert ws.cell(row=2, column=header.index("waarde") + 1).value == 42  # a number again, not text
    # 3. fixed in the marked file itself and uploaded again: clean, published, the figure is there
    cell.value = 17
    fixed = io.BytesIO()
    book.save(fixed)
    job2 = job_of(send(client, csrf, {"waarnemingen.xlsx": fixed.getvalue()}))
    state = wait(home, job2)
    assert state["state"] == "gecontroleerd" and state["clean"], state
    assert published(home) == before  # a check publishes nothing
    response = client.post(
        "/gegevens/upload/publiceren", data={"csrf_token": csrf, "taak": job2, "modus": "alles"}
    )
    assert response.status_code == 303
    state = wait(home, job2)
    assert state["state"] == "gepubliceerd" and state["version"], state
    after = published(home)
    assert after != before
    assert observed(home, "deelnemers") == [42.0] and observed(home, "vrijwilligers") == [17.0]
    con = duckdb.connect(after, read_only=True)
    try:
        who = con.execute(
            "SELECT loaded_by FROM load_batch WHERE source_name = 'waarnemingen.xlsx'"
        ).fetchall()
    finally:
        con.close()
    assert who == [("beheer@wijkwaarde.nl",)]
    history = client.get("/gegevens")
    assert history.status_code == 200
    assert any(e[2] == "publish" and job2[:8] in e[3] for e in audit.entries(50, home))
    # 4. the same file again: nothing new
    job3 = job_of(send(client, csrf, {"waarnemingen.xlsx": fixed.getvalue()}))
    assert wait(home, job3)["unchanged"] is True
    # 5. roll back: the version before is published again, the figure is gone
    back = client.post("/gegevens/terugzetten", data={"csrf_token": csrf, "versie": os.path.basename(before)})
    assert back.status_code == 303, back.get_data(as_text=True)
    assert published(home) == before and observed(home, "deelnemers") == []
    assert any("teruggezet" in e[3] for e in audit.entries(50, home))


def test_publish_valid_rows_only(upload_home, as_user):
    client, csrf = as_user("beheer-1")
    job = job_of(send(client, csrf, {"waarnemingen.csv": observations_csv(second="-")}))
    assert wait(upload_home, job)["rejects"] == 1
    client.post("/gegevens/upload/publiceren", data={"csrf_token": csrf, "taak": job, "modus": "geldig"})
    state = wait(upload_home, job)
    assert state["state"] == "gepubliceerd", (
        state,
        (uploads.job_dir(upload_home, job) / "worker.log").read_text(),
    )
    assert observed(upload_home, "deelnemers") == [42.0] and observed(upload_home, "vrijwilligers") == []


def test_a_fund_loads_only_its_own_grants_and_reports(upload_home, as_user):
    client, csrf = as_user("fonds-2")  # funders F2 and FIN2; FIN2 funds INI1 (G2) and INI3 (G4), not INI2
    prefix = "fonds F2+FIN2: "  # its own source names: never the beheerder's subsidies.csv
    grants_csv = (
        b"subsidiecode;financiercode;initiatiefcode;bedrag;startdatum;einddatum;omschrijving\n"
        b"G9;FIN2;INI3;1.500;01-01-2025;;eigen subsidie\n"
        b"G10;FIN1;INI2;900;01-01-2025;;van een ander\n"
    )
    reports = (
        HEADER + "INI3;deelnemers;;01-01-2025;31-03-2025;12;\nINI2;deelnemers;;01-01-2025;31-03-2025;5;\n"
    ).encode()
    initiatives = b"initiatiefcode;naam\nINI9;Nieuw\n"
    job = job_of(
        send(
            client,
            csrf,
            {"subsidies.csv": grants_csv, "waarnemingen.csv": reports, "initiatieven.csv": initiatives},
        )
    )
    wait(upload_home, job)
    faults = {
        (r["file"], r["line"], r["column"]): r["reason"] for r in uploads.read_rejects(upload_home, job)
    }
    assert "buiten uw toegang" in faults[(prefix + "subsidies.csv", 3, "financiercode")]
    assert "geen subsidie van F2, FIN2" in faults[(prefix + "waarnemingen.csv", 3, "initiatiefcode")]
    assert any(
        f[0] == prefix + "initiatieven.csv" and "alleen subsidies" in reason for f, reason in faults.items()
    )
    assert (prefix + "subsidies.csv", 2, "financiercode") not in faults
    client.post("/gegevens/upload/publiceren", data={"csrf_token": csrf, "taak": job, "modus": "geldig"})
    assert wait(upload_home, job)["state"] == "gepubliceerd"
    con = duckdb.connect(str(published_path(upload_home)), read_only=True)
    try:
        codes = sorted(r[0] for r in con.execute("SELECT code FROM grant_award").fetchall())
        names = {r[0] for r in con.execute("SELECT source_name FROM load_batch").fetchall()}
    finally:
        con.close()
    assert "G9" in codes and "G10" not in codes and "G1" in codes  # the beheerder's subsidies.csv stays
    assert "subsidies.csv" in names and prefix + "subsidies.csv" in names


def test_a_revoked_grant_counts_before_the_publish(upload_home, as_user):
    """The worker publishes with the rights recorded at the upload: after FIN2 was revoked, fonds-2 (still
    fund F2) must not publish the FIN2 reports it was allowed to check an hour ago."""
    client, csrf = as_user("fonds-2")  # funders F2 and FIN2; FIN2 funds INI1 (G2)
    before = published(upload_home)
    job = job_of(send(client, csrf, {"waarnemingen.csv": observations_csv()}))
    assert wait(upload_home, job)["clean"]
    grants.revoke("fonds-2", "fonds", "cli:test")
    grants.grant([grants.validate("fonds-2", "fonds", funder="F2")], "cli:test")
    refused = client.post(
        "/gegevens/upload/publiceren", data={"csrf_token": csrf, "taak": job, "modus": "alles"}
    )
    assert refused.status_code == 409 and "toegang is veranderd" in refused.get_data(as_text=True)
    state = wait(upload_home, job)
    assert state["state"] == "gecontroleerd" and published(upload_home) == before
    assert observed(upload_home, "deelnemers") != [42.0]


def test_a_rollback_that_crashes_shows_no_traceback(upload_home, as_user, monkeypatch):
    """The rollback page showed the last 300 characters of the worker's stderr: a crash put a Python
    traceback in the beheerder's browser. Its own reasons (a version that is not kept) still show."""
    from dashboard.intake import routes

    client, csrf = as_user("beheer-1")
    crash = (
        "import sys; sys.stderr.write('Traceback (most recent call last):\\n  File x\\n"
        "PermissionError: [Errno 13] /geheim/pad\\n'); sys.exit(1)"
    )
    with monkeypatch.context() as crashing:
        crashing.setattr(routes, "WORKER", [sys.executable, "-c", crash])
        page = client.post(
            "/gegevens/terugzetten", data={"csrf_token": csrf, "versie": "wijkwaarde-000001.duckdb"}
        )
    shown = page.get_data(as_text=True)
    assert page.status_code == 409 and "Terugzetten is mislukt door een fout op de server" in shown
    assert "Traceback" not in shown and "PermissionError" not in shown and "/geheim" not in shown
    page = client.post(
        "/gegevens/terugzetten", data={"csrf_token": csrf, "versie": "wijkwaarde-000099.duckdb"}
    )
    assert page.status_code == 409 and "is niet gepubliceerd" in page.get_data(as_text=True)


def test_uploads_and_their_results_are_only_for_their_uploader(upload_home, as_user):
    owner, csrf = as_user("beheer-1")
    job = job_of(send(owner, csrf, {"waarnemingen.csv": observations_csv(second="x")}))
    wait(upload_home, job)
    other, other_csrf = as_user("fonds-2")
    assert other.get(f"/gegevens/upload/{job}/gemarkeerd/0").status_code == 404
    answer = other.post(
        "/gegevens/upload/publiceren", data={"csrf_token": other_csrf, "taak": job, "modus": "geldig"}
    )
    assert answer.status_code == 404
    assert (
        other.post(
            "/gegevens/terugzetten", data={"csrf_token": other_csrf, "versie": "wijkwaarde-000001.duckdb"}
        ).status_code
        == 403
    )
    nobody, _ = as_user("bezoeker-1")  # logged in without a grant: refused before the form is read
    assert send(nobody, "", {"waarnemingen.csv": observations_csv()}, token=False).status_code == 403
    assert send(other, "", {"waarnemingen.csv": observations_csv()}, token=False).status_code == 400  # CSRF
    assert uploads.read(upload_home, job)["state"] == "gecontroleerd"


def test_a_hidden_sheet_is_named_on_the_upload_page_and_not_loaded(upload_home, as_user):
    client, csrf = as_user("beheer-1")
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "waarnemingen"
    for line in observations_csv().decode().splitlines():
        ws.append(line.split(";"))
    old = book.create_sheet("oud")
    old.sheet_state = "hidden"
    old.append(HEADER.strip().split(";"))
    old.append(["INI1", "deelnemers", "", "01-01-2019", "31-03-2019", "999", ""])
    data = io.BytesIO()
    book.save(data)
    job = job_of(send(client, csrf, {"waarnemingen.xlsx": data.getvalue()}))
    state = wait(upload_home, job)
    assert state["state"] == "gecontroleerd" and state["clean"], uploads.read_rejects(upload_home, job)
    assert [p["notes"] for p in state["parts"]] == [["verborgen bladen niet geladen: 'oud'"]]
    from dashboard.views.upload import panel

    shown = str(panel(job, state, [], csrf, "nl"))  # the upload page's panel for this state
    assert "waarnemingen.xlsx: verborgen bladen niet geladen: 'oud'" in shown
