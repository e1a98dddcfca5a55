"""E-mail for report links and reminders, when SMTP is configured; nothing is sent when it is not.

WIJKWAARDE_SMTP_HOST and WIJKWAARDE_SMTP_FROM switch it on; WIJKWAARDE_SMTP_PORT (default 25),
WIJKWAARDE_SMTP_USER / WIJKWAARDE_SMTP_PASSWORD and WIJKWAARDE_SMTP_STARTTLS=1 are optional.
"""

from __future__ import annotations

import logging
import os
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage

from dashboard.env import positive_int

log = logging.getLogger("wijkwaarde")
TIMEOUT = 20


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str = ""
    password: str = ""
    starttls: bool = False


def from_env(environ: Mapping[str, str] | None = None) -> SmtpSettings | None:
    env = os.environ if environ is None else environ
    host, sender = env.get("WIJKWAARDE_SMTP_HOST", "").strip(), env.get("WIJKWAARDE_SMTP_FROM", "").strip()
    if not host or not sender:
        return None
    return SmtpSettings(
        host,
        positive_int(env, "WIJKWAARDE_SMTP_PORT", 25),
        sender,
        env.get("WIJKWAARDE_SMTP_USER", "").strip(),
        env.get("WIJKWAARDE_SMTP_PASSWORD", ""),
        env.get("WIJKWAARDE_SMTP_STARTTLS", "").strip() == "1",
    )


def one_line(text: str) -> str:
    """A header value on one line: an initiative's name may hold a line break (Alt+Enter in Excel passes the
    loader), which would make the header refuse the whole mail (or, in a naive mail library, add headers)."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def message(sender: str, recipient: str, subject: str, body: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = one_line(sender), one_line(recipient), one_line(subject)
    mail.set_content(body)  # plain text only: no markup from anyone's input can reach a mail client as HTML
    return mail


def send(settings: SmtpSettings | None, recipient: str, subject: str, body: str) -> bool:
    """Send one plain-text mail; False (logged, never raised) when SMTP is off or the server refuses."""
    if settings is None or not recipient:
        return False
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT) as smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.user:
                smtp.login(settings.user, settings.password)
            smtp.send_message(message(settings.sender, recipient, subject, body))
    except (OSError, smtplib.SMTPException, ValueError) as exc:  # ValueError: an address the header refuses
        log.warning("mail to a grantee not sent: %s", type(exc).__name__)
        return False
    return True


def link_text(initiative: str, period: str, due: str, url: str, note: str = "") -> tuple[str, str]:
    """(subject, body) of the mail with a report link, in plain Dutch."""
    subject = f"Rapportage {initiative}: {period}"
    lines = [
        "Beste initiatiefnemer,",
        "",
        f"Wilt u vóór {due} vertellen hoe het ging met {initiative} ({period})?",
        "Het kost ongeveer vijf minuten. U hebt geen account nodig.",
        "",
        f"Open deze link: {url}",
        "",
        "Deel de link niet met anderen: wie de link heeft, kan de rapportage invullen.",
    ]
    if note:
        lines[3:3] = ["", f"Opmerking van het fonds: {note}"]
    return subject, "\n".join(lines) + "\n"


def reminder_text(initiative: str, period: str, due: str, url: str) -> tuple[str, str]:
    subject = f"Herinnering: rapportage {initiative}: {period}"
    body = (
        "Beste initiatiefnemer,\n\n"
        f"De rapportage van {initiative} over {period} moest binnen zijn op {due}. "
        "Wij hebben hem nog niet ontvangen.\n\n"
        f"U kunt hem nu invullen via deze link: {url}\n"
    )
    return subject, body
