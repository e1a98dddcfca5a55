"""In Chromium, as a beheerder (issue 16 §4): upload a file with one faulty row, see the located reject, download
the marked XLSX, fix it, upload it, publish, see the figure change; roll back. `make demo-login`'s servers."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from tests.auth.test_demo_login import demo_login  # noqa: F401 (the fixture: provider + gunicorn)
from tests.browser.test_accessibility import WITH_BEST_PRACTICE, violations
from tests.browser.test_login import _log_in
from tests.intake.conftest import observations_csv

pytestmark = pytest.mark.browser
TREND = "/?gemeente=GM9999&van=2025&tot=2025&indicator=deelnemers"


def _trend_text(tab, url: str) -> str:
    tab.goto(url + TREND)
    tab.wait_for_function(
        "() => /K1|Geen gegevens/.test(document.querySelector('#overview-trend-data')?.textContent || '')"
    )
    return tab.locator("#overview-trend-data").text_content()


def _upload(tab, url: str, path: Path) -> None:
    tab.goto(url + "/gegevens")
    tab.get_by_label("Sleep bestanden hierheen").set_input_files(str(path))
    tab.wait_for_url("**/gegevens/upload?taak=*")
    tab.wait_for_selector("#upload-state[data-state='gecontroleerd']", timeout=60_000)


def test_upload_fix_publish_and_roll_back_in_the_browser(web, demo_login, tmp_path):  # noqa: F811
    url = demo_login
    context, tab = _log_in(web, url, "beheerder@wijkwaarde.nl")
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    before = _trend_text(tab, url)
    assert "2025" not in before, before
    # a file we do not read: refused with the reason under the drop zone, nothing kept
    tab.goto(url + "/gegevens")
    notes = tmp_path / "notities.exe"
    notes.write_bytes(b"MZ")
    tab.get_by_label("Sleep bestanden hierheen").set_input_files(str(notes))
    tab.locator("#upload-error").get_by_text("geen bruikbaar bestandstype").wait_for()
    # a file with one faulty row: checked, the reject located, nothing to publish as a whole
    faulty = tmp_path / "waarnemingen.csv"
    faulty.write_bytes(observations_csv(second="zeventien"))
    _upload(tab, url, faulty)
    grid = tab.locator("#upload-rejects")
    grid.get_by_text("zeventien").wait_for()
    row = grid.locator(".ag-row").first.inner_text()
    assert "3" in row and "waarde" in row and "waarnemingen.csv" in row, row
    assert tab.get_by_role("button", name="Publiceren", exact=True).is_disabled()
    assert violations(tab, WITH_BEST_PRACTICE) == []  # the upload page with its rejects grid
    # the marked file: the user's own rows, the fault marked and explained
    with tab.expect_download() as download:
        tab.get_by_role("link", name="waarnemingen.csv met gemarkeerde fouten (XLSX)").click()
    assert download.value.suggested_filename == "waarnemingen.xlsx"
    saved = tmp_path / "gemarkeerd.xlsx"
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    ws = book.active
    header = [c.value for c in ws[1]]
    assert ws.cell(row=3, column=len(header)).value.startswith("waarde:")
    ws.cell(row=3, column=header.index("waarde") + 1).value = 17  # fixed in the marked file itself
    fixed = tmp_path / "waarnemingen.xlsx"
    book.save(fixed)
    # uploaded again: clean; published; the figure is there
    _upload(tab, url, fixed)
    tab.get_by_text("Geen fouten gevonden").wait_for()
    tab.get_by_role("button", name="Publiceren", exact=True).click()
    tab.wait_for_selector("#upload-state[data-state='gepubliceerd']", timeout=60_000)
    after = _trend_text(tab, url)
    assert "2025" in after and after != before, after
    tab.goto(url + "/gegevens")
    history = tab.locator("#data-batches-table").inner_text()
    assert violations(tab, WITH_BEST_PRACTICE) == []  # drop zone, history and versions
    assert "waarnemingen.xlsx" in history and "beheerder@wijkwaarde.nl" in history
    # roll back to the version before: the figure is gone again
    tab.locator("#versies").wait_for()
    tab.get_by_role("button", name="Terugzetten wijkwaarde-000001.duckdb").click()
    tab.get_by_text("wijkwaarde-000001.duckdb is weer de gepubliceerde versie").wait_for()
    assert "2025" not in _trend_text(tab, url)
    assert errors == []
    context.close()


def test_the_upload_form_says_who_may_upload(web, demo_login):  # noqa: F811
    url = demo_login
    anonymous = web.new_context(locale="nl-NL").new_page()
    anonymous.goto(url + "/gegevens")
    anonymous.get_by_text("Log in als beheerder of als fonds om bestanden te laden.").wait_for()
    assert anonymous.locator("#upload-files").count() == 0
    context, fund = _log_in(web, url, "fonds@fonds-een.nl")
    fund.goto(url + "/gegevens")
    fund.get_by_text("U laadt als fonds (FIN2)").wait_for()
    assert fund.locator("#versies").count() == 0  # restoring a version is the beheerder's
    fund.get_by_role("link", name="Naar de rapportages").click()  # the way to grantee reports
    fund.wait_for_url("**/rapportages")
    context.close()


def test_marked_download_of_the_check_keeps_the_rows_as_read(tmp_path):
    """The marked file of a CSV holds its rows as the loader read them (no browser needed: a unit guard for
    the file the browser test downloads)."""
    from etl.batch import Reject
    from etl.marked import marked_workbook

    path = tmp_path / "waarnemingen.csv"
    path.write_bytes(observations_csv(value="1.234", second="zeventien"))
    data = marked_workbook(
        path, [Reject("waarnemingen.csv", None, 3, "waarde", "zeventien", "geen getal")], "csv"
    )
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws.cell(row=2, column=6).value == 1234  # Dutch notation read as the CSV meant it
