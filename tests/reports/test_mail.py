"""Links and reminders by e-mail, against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import sqlite3
from email import message_from_bytes, policy

import duckdb
import pytest
from aiosmtpd.controller import Controller

from etl.contract import published_path
from tests.reports.conftest import FUND, GEMEENTE, csrf, filled, logged_in, make_link, text
from tests.serving.conftest import free_port


class Inbox:
    def __init__(self) -> None:
        self.mails = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's handler name
        self.mails.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def inbox(monkeypatch):
    box = Inbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("WIJKWAARDE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WIJKWAARDE_SMTP_PORT", str(port))
    monkeypatch.setenv("WIJKWAARDE_SMTP_FROM", "rapportage@wijkwaarde.nl")
    monkeypatch.setenv(
        "WIJKWAARDE_PUBLIC_URL", "https://wijkwaarde.example.nl"
    )  # mails never use the Host header
    yield box
    controller.stop()


def test_links_are_mailed_and_overdue_reports_get_a_reminder(inbox, app_client, new_client, reports_home):
    fund = logged_in(app_client, FUND)
    page = text(fund.get("/rapportages/plan/G2"))
    fund.post(  # a plan whose first period is long past due
        "/rapportages/plan/G2",
        data={
            "csrf_token": csrf(page),
            "indicator": "deelnemers",
            "perioden": "1-1-2025;31-3-2025;30-4-2025",
        },
    )
    link = make_link(fund, "G2", "buurtkracht@example.org")
    assert len(inbox.mails) == 1
    to, mail = inbox.mails[0]
    assert to == ["buurtkracht@example.org"] and "Buurtkeuken" in mail["Subject"]
    assert link.startswith("/rapportage/") and mail.get_content_type() == "text/plain"
    mailed = mail.get_content().split("https://wijkwaarde.example.nl", 1)[1].split()[0]
    assert "Buurtkeuken" in text(new_client().get(mailed))  # the mailed link opens the form

    overview = text(fund.get("/rapportages"))
    assert "Te laat (1)" in overview and "Stuur herinneringen" in overview
    reminded = fund.post("/rapportages/herinneringen", data={"csrf_token": csrf(overview)})
    assert "1 herinnering(en) verstuurd" in text(reminded)
    to, reminder = inbox.mails[1]
    assert reminder["Subject"].startswith("Herinnering") and "30-4-2025" in reminder.get_content()
    fresh = "/rapportage/" + reminder.get_content().split("/rapportage/", 1)[1].split()[0]
    assert (
        new_client().post(fresh, data=filled(("deelnemers",)), content_type="multipart/form-data").status_code
        == 200
    )
    with sqlite3.connect(reports_home / "reports.sqlite") as con:
        assert con.execute("SELECT status, reminded_at <> '' FROM report_request").fetchall() == [
            ("ingediend", 1)
        ]
    assert "Te laat (0)" in text(fund.get("/rapportages"))


def test_a_gemeente_sees_overdue_reports_but_no_reminder_button(inbox, app_client, new_client, reports_home):
    """Reminders go out only for grants one manages: the gemeente's button sent nothing ('0 herinneringen')."""
    fund = logged_in(app_client, FUND)
    page = text(fund.get("/rapportages/plan/G2"))
    data = {"csrf_token": csrf(page), "indicator": "deelnemers", "perioden": "1-1-2025;31-3-2025;30-4-2025"}
    fund.post("/rapportages/plan/G2", data=data)
    make_link(fund, "G2", "buurtkracht@example.org")
    assert "Stuur herinneringen" in text(fund.get("/rapportages"))
    gemeente = logged_in(new_client(), GEMEENTE)
    page = text(gemeente.get("/rapportages"))
    assert "Te laat (1)" in page and "Stuur herinneringen" not in page


def test_a_line_break_in_an_initiatives_name_stays_out_of_the_mail_headers(inbox, app_client, reports_home):
    """A name with a line break passes the loader (Alt+Enter in an Excel cell); in the subject it made
    EmailMessage refuse the header: a 500 on 'Links maken' (and no mail), or extra headers elsewhere."""
    con = duckdb.connect(str(published_path(reports_home).resolve()))
    try:
        con.execute(
            "UPDATE initiative SET name = 'Buurtkeuken\r\nBcc: stiekem@example.org' WHERE code = 'INI1'"
        )
    finally:
        con.close()
    fund = logged_in(app_client, FUND)
    make_link(fund, "G2", "buurtkracht@example.org")
    assert len(inbox.mails) == 1
    to, mail = inbox.mails[0]
    assert to == ["buurtkracht@example.org"] and mail["Bcc"] is None
    assert mail["Subject"].startswith("Rapportage Buurtkeuken Bcc: stiekem@example.org: ")


def test_without_smtp_nothing_is_sent_and_the_link_is_shown(app_client, monkeypatch):
    monkeypatch.delenv("WIJKWAARDE_SMTP_HOST", raising=False)
    fund = logged_in(app_client, FUND)
    page = text(fund.get("/rapportages"))
    made = fund.post(
        "/rapportages/links", data={"csrf_token": csrf(page), "subsidie": "G2", "email-G2": "a@example.org"}
    )
    assert "niet gemaild" in text(made) and "/rapportage/" in text(made)


def test_the_cli_sends_reminders_for_cron_once_a_week_and_audits_them(inbox, app_client, reports_home):
    from typer.testing import CliRunner

    from dashboard.auth import audit
    from wijkwaarde.cli import app

    fund = logged_in(app_client, FUND)
    page = text(fund.get("/rapportages/plan/G2"))
    fund.post(
        "/rapportages/plan/G2",
        data={
            "csrf_token": csrf(page),
            "indicator": "deelnemers",
            "perioden": "1-1-2025;31-3-2025;30-4-2025",
        },
    )
    make_link(fund, "G2", "buurtkracht@example.org")
    make_link(fund, "G4")  # not overdue yet (this quarter), and no address
    assert len(inbox.mails) == 1  # the link itself

    runner = CliRunner()
    home = ["--home", str(reports_home), "rapportages", "herinneren"]
    trial = runner.invoke(app, [*home, "--proef"])
    assert trial.exit_code == 0, trial.output
    assert "1 rapportage(s) te laat" in trial.output and len(inbox.mails) == 1
    done = runner.invoke(app, home)
    assert done.exit_code == 0, done.output
    assert "1 herinnering(en) verstuurd" in done.output
    to, reminder = inbox.mails[1]
    assert to == ["buurtkracht@example.org"] and reminder["Subject"].startswith("Herinnering")
    assert "https://wijkwaarde.example.nl/rapportage/" in reminder.get_content()
    again = runner.invoke(app, home)  # the next day's run: reminded this week already
    assert again.exit_code == 0 and "0 herinnering(en) verstuurd van 0" in again.output
    assert len(inbox.mails) == 2
    assert runner.invoke(app, [*home, "--opnieuw-na", "0"]).exit_code == 0 and len(inbox.mails) == 3
    actions = [(e[2], e[3]) for e in audit.entries(20, reports_home) if e[1].startswith("cli:")]
    assert sum(a == "report_reminder" and d.startswith("G2 ") for a, d in actions) == 2
    assert any(a == "report_reminder" and d.startswith("herinneringen: 1 van 1") for a, d in actions)


def test_the_cli_says_why_it_cannot_remind(app_client, reports_home, monkeypatch):
    from typer.testing import CliRunner

    from wijkwaarde.cli import app

    monkeypatch.delenv("WIJKWAARDE_SMTP_HOST", raising=False)
    result = CliRunner().invoke(app, ["--home", str(reports_home), "rapportages", "herinneren"])
    assert result.exit_code == 1 and "E-mail is niet ingesteld" in result.output
