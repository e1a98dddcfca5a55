"""The life of a report: plan -> request (signed link) -> submission -> accepted (published) or returned.

Plain functions over the reports database and the warehouse; the routes (routes.py) only check who asks
and call these. Every decision goes into the audit log.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from dashboard.auth import audit
from dashboard.i18n import t
from dashboard.reports import publish, register, store
from dashboard.reports.form import Report
from dashboard.reports.register import GrantInfo

DUE_DAYS = 30  # a period's report is due this many days after it ends (the plan's template)
MAX_PERIODS = 24
# The years a period may lie in: the warehouse reads dd-mm-jjjj, and a typo such as 0025 for 2025 would make a
# link whose report can never be accepted (the loader refuses the period once the grantee has sent it).
FIRST_YEAR, LAST_YEAR = 2000, 2100
DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


class Refusal(ValueError):
    """Why something cannot be done, as a key of dashboard/i18n.py STRINGS with its values: str() is the
    Dutch text (logs, the CLI), `text(lang)` the text of a page in its language."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(self.text("nl"))

    def text(self, lang: str) -> str:
        return t(self.key, lang).format(**self.values)


class PlanError(Refusal):
    """A plan that cannot be saved; the message says why."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    due: date


@dataclass(frozen=True)
class Plan:
    grant_code: str
    indicators: tuple[str, ...]
    periods: tuple[Period, ...]
    saved: bool  # False: the template, not saved yet


@dataclass(frozen=True)
class Request:
    id: str
    grant_code: str
    funder_code: str
    initiative_code: str
    indicators: tuple[str, ...]
    period: Period
    recipient: str
    status: str
    note: str
    created_at: str

    def overdue(self, today: date) -> bool:
        return self.status in ("open", "teruggestuurd") and self.period.due < today


@dataclass(frozen=True)
class Submission:
    id: int
    request_id: str
    reporter: str
    values: dict[str, float]
    story: str
    photo: str
    consent: bool
    buurt_code: str
    submitted_at: str
    decision: str
    reviewer: str
    note: str
    decided_at: str
    provenance: str


# -- dates -------------------------------------------------------------------------------------------


def day(value: date) -> str:
    """d-m-jjjj, as the provenance line and the pages write dates."""
    return f"{value.day}-{value.month}-{value.year}"


def parse_day(text: str) -> date | None:
    match = DATE.match(text.strip())
    if not match:
        return None
    try:
        return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def quarter_of(value: date) -> tuple[date, date]:
    first = date(value.year, 3 * ((value.month - 1) // 3) + 1, 1)
    following = date(first.year + (first.month == 10), (first.month + 2) % 12 + 1, 1)
    return first, following - timedelta(days=1)


# -- plans -------------------------------------------------------------------------------------------


def template_plan(grant: GrantInfo, today: date, home: Path | None = None) -> Plan:
    """The plan a grant starts from: the indicators the initiative reported before (else the first two of
    the catalogue), four quarters from the current one (or the grant's start, when later), due 30 days on."""
    codes = register.reported_indicators(grant.initiative_code, home) or list(register.indicators(home))[:2]
    start, _ = quarter_of(max(today, grant.start_date))
    periods = []
    for _ in range(4):
        first, last = quarter_of(start)
        periods.append(Period(first, last, last + timedelta(days=DUE_DAYS)))
        start = last + timedelta(days=1)
    return Plan(grant.code, tuple(codes), tuple(periods), saved=False)


def parse_periods(text: str) -> list[Period]:
    """Lines 'begin; eind; inleverdatum' (dd-mm-jjjj) -> periods; PlanError naming the first wrong line."""
    periods = []
    for number, line in enumerate((ln for ln in text.splitlines() if ln.strip()), start=1):
        parts = [parse_day(p) for p in line.split(";")]
        if len(parts) != 3 or None in parts:
            raise PlanError("rep_err_line_format", line=number)
        start, end, due = parts
        if not all(FIRST_YEAR <= d.year <= LAST_YEAR for d in parts):
            raise PlanError("rep_err_line_year", line=number, first=FIRST_YEAR, last=LAST_YEAR)
        if not start <= end <= due:
            raise PlanError("rep_err_line_order", line=number)
        periods.append(Period(start, end, due))
    if not periods:
        raise PlanError("rep_err_no_period")
    if len(periods) > MAX_PERIODS:
        raise PlanError("rep_err_too_many", n=MAX_PERIODS)
    if len({p.start for p in periods}) != len(periods):
        raise PlanError("rep_err_same_start")
    return sorted(periods, key=lambda p: p.start)


def periods_text(periods: tuple[Period, ...] | list[Period]) -> str:
    return "\n".join(
        f"{p.start.strftime('%d-%m-%Y')}; {p.end.strftime('%d-%m-%Y')}; {p.due.strftime('%d-%m-%Y')}"
        for p in periods
    )


def plan_of(grant: GrantInfo, today: date, home: Path | None = None) -> Plan:
    """The saved plan of a grant, else its template."""
    with store.connect(home) as con:
        row = con.execute("SELECT indicators FROM report_plan WHERE grant_code = ?", (grant.code,)).fetchone()
        rows = con.execute(
            "SELECT period_start, period_end, due_date FROM report_period WHERE grant_code = ? ORDER BY 1",
            (grant.code,),
        ).fetchall()
    if row is None:
        return template_plan(grant, today, home)
    periods = tuple(Period(*(date.fromisoformat(v) for v in r)) for r in rows)
    return Plan(grant.code, tuple(c for c in row["indicators"].split(",") if c), periods, saved=True)


def save_plan(
    grant: GrantInfo, indicators: list[str], periods: list[Period], actor: str, home: Path | None = None
) -> Plan:
    """Store the plan (indicators allow-listed against the catalogue); audited."""
    known = register.indicators(home)
    chosen = [c for c in dict.fromkeys(indicators) if c in known]
    if not chosen:
        raise PlanError("rep_err_no_indicator")
    with store.connect(home) as con:
        con.execute(
            "INSERT INTO report_plan (grant_code, funder_code, initiative_code, indicators, changed_by) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (grant_code) DO UPDATE SET indicators = excluded.indicators, "
            "changed_by = excluded.changed_by, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            (grant.code, grant.funder_code, grant.initiative_code, ",".join(chosen), actor),
        )
        con.execute("DELETE FROM report_period WHERE grant_code = ?", (grant.code,))
        con.executemany(
            "INSERT INTO report_period VALUES (?, ?, ?, ?)",
            [(grant.code, p.start.isoformat(), p.end.isoformat(), p.due.isoformat()) for p in periods],
        )
    audit.record(
        actor, "report_plan", f"{grant.code}: {','.join(chosen)}; {len(periods)} perioden", home=home
    )
    return Plan(grant.code, tuple(chosen), tuple(periods), saved=True)


# -- requests ----------------------------------------------------------------------------------------

REQUEST_COLUMNS = (
    "id, grant_code, funder_code, initiative_code, indicators, period_start, period_end, due_date, recipient, "
    "status, note, created_at"
)


def _request(row) -> Request:
    return Request(
        row["id"],
        row["grant_code"],
        row["funder_code"],
        row["initiative_code"],
        tuple(c for c in row["indicators"].split(",") if c),
        Period(*(date.fromisoformat(row[k]) for k in ("period_start", "period_end", "due_date"))),
        row["recipient"],
        row["status"],
        row["note"],
        row["created_at"],
    )


def request_of(request_id: str, home: Path | None = None) -> Request | None:
    with store.connect(home) as con:
        query = f"SELECT {REQUEST_COLUMNS} FROM report_request WHERE id = ?"  # noqa: S608 - fixed columns
        row = con.execute(query, (request_id,)).fetchone()
    return _request(row) if row else None


def requests(home: Path | None = None) -> list[Request]:
    """Every request, newest period first."""
    with store.connect(home) as con:
        rows = con.execute(
            f"SELECT {REQUEST_COLUMNS} FROM report_request ORDER BY period_start DESC, grant_code"  # noqa: S608 - fixed columns
        ).fetchall()
    return [_request(r) for r in rows]


def next_period(plan: Plan, asked: set[date]) -> Period | None:
    """The plan's first period that has no request yet."""
    return next((p for p in plan.periods if p.start not in asked), None)


EMAIL = re.compile(r"^[^@\s<>,;\"']{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,}$")


def create_request(
    grant: GrantInfo, recipient: str, actor: str, today: date, home: Path | None = None
) -> Request | None:
    """A request for the plan's next period without one (the plan saved first when it was the template);
    None when every period already has one. The recipient's e-mail is kept only when it looks like one."""
    plan = plan_of(grant, today, home)
    if not plan.saved:
        plan = save_plan(grant, list(plan.indicators), list(plan.periods), actor, home)
    recipient = recipient.strip() if EMAIL.match(recipient.strip()) else ""
    request_id = secrets.token_urlsafe(18)
    with store.connect(home) as con:
        asked = {
            date.fromisoformat(r[0])
            for r in con.execute(
                "SELECT period_start FROM report_request WHERE grant_code = ?", (grant.code,)
            )
        }
        period = next_period(plan, asked)
        if period is None:
            return None
        con.execute(
            "INSERT INTO report_request (id, grant_code, funder_code, initiative_code, indicators, period_start, "
            "period_end, due_date, recipient, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                request_id,
                grant.code,
                grant.funder_code,
                grant.initiative_code,
                ",".join(plan.indicators),
                period.start.isoformat(),
                period.end.isoformat(),
                period.due.isoformat(),
                recipient,
                actor,
            ),
        )
    audit.record(actor, "report_link", f"{grant.code} {day(period.start)}-{day(period.end)}", home=home)
    return request_of(request_id, home)


def overdue(today: date, home: Path | None = None) -> list[Request]:
    return [r for r in requests(home) if r.overdue(today)]


def to_remind(today: date, again_after: int, home: Path | None = None) -> list[Request]:
    """The overdue requests not reminded in the last `again_after` days (0: every overdue one): what a
    daily run may mail without mailing the same initiative every day."""
    cutoff = (today - timedelta(days=again_after)).isoformat()
    with store.connect(home) as con:
        recent = {
            r[0]
            for r in con.execute(
                "SELECT id FROM report_request WHERE reminded_at <> '' AND substr(reminded_at, 1, 10) > ?",
                (cutoff,),
            )
        }
    return [r for r in overdue(today, home) if again_after <= 0 or r.id not in recent]


def mark_reminded(request_id: str, home: Path | None = None) -> None:
    with store.connect(home) as con:
        con.execute(
            "UPDATE report_request SET reminded_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
            (request_id,),
        )


# -- submissions ---------------------------------------------------------------------------------------

SUBMISSION_COLUMNS = (
    "id, request_id, reporter, vals, story, photo, consent, buurt_code, submitted_at, decision, reviewer, note, "
    "decided_at, provenance"
)


def _submission(row) -> Submission:
    values = {str(k): float(v) for k, v in json.loads(row["vals"]).items()}
    return Submission(
        row["id"],
        row["request_id"],
        row["reporter"],
        values,
        row["story"],
        row["photo"],
        bool(row["consent"]),
        row["buurt_code"],
        row["submitted_at"],
        row["decision"],
        row["reviewer"],
        row["note"],
        row["decided_at"],
        row["provenance"],
    )


def accepts_submissions(request: Request | None) -> bool:
    return request is not None and request.status in ("open", "teruggestuurd")


def submit(request_id: str, report: Report, photo: str, buurt: str, home: Path | None = None) -> bool:
    """Store a checked report for an open (or returned) request; False, storing nothing, when the request
    has had its report already (a reused link) or does not exist."""
    with store.connect(home) as con:
        row = con.execute("SELECT status FROM report_request WHERE id = ?", (request_id,)).fetchone()
        if row is None or row["status"] not in ("open", "teruggestuurd"):
            return False
        con.execute(
            "INSERT INTO submission (request_id, reporter, vals, story, photo, consent, buurt_code) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                request_id,
                report.reporter,
                json.dumps(report.values),
                report.story,
                photo,
                int(report.consent),
                buurt,
            ),
        )
        con.execute("UPDATE report_request SET status = 'ingediend' WHERE id = ?", (request_id,))
    return True


def submissions(request_id: str | None = None, home: Path | None = None) -> list[Submission]:
    """The submissions of one request (or all), oldest first."""
    with store.connect(home) as con:
        rows = con.execute(
            f"SELECT {SUBMISSION_COLUMNS} FROM submission WHERE (? IS NULL OR request_id = ?) ORDER BY id",  # noqa: S608 - fixed columns
            (request_id, request_id),
        ).fetchall()
    return [_submission(r) for r in rows]


PUBLISHING = "bezig"  # a submission's decision while its values are being published (accept claimed it)
CLAIM_SECONDS = publish.TIMEOUT + 300  # a claim older than this was left by a worker that died: waiting again


def _claim_lapsed(s: Submission) -> bool:
    try:
        claimed = datetime.fromisoformat(s.decided_at)
    except ValueError:
        return True
    return (datetime.now() - claimed).total_seconds() > CLAIM_SECONDS


def pending(request_id: str, home: Path | None = None) -> Submission | None:
    """The submission waiting for a decision on this request, if any (one being published is not waiting,
    unless its publish was abandoned long ago)."""
    return next(
        (
            s
            for s in submissions(request_id, home)
            if not s.decision or (s.decision == PUBLISHING and _claim_lapsed(s))
        ),
        None,
    )


def provenance(reporter: str, reviewer: str, on: date) -> str:
    return f"gerapporteerd door {reporter}, geaccepteerd door {reviewer} op {day(on)}"


class DecisionError(Refusal):
    """A decision that cannot be taken; the message says why."""


def accept(request: Request, reviewer: str, actor: str, today: date, home: Path | None = None) -> Submission:
    """Publish the pending submission's values as their own batch and mark it accepted, with provenance."""
    waiting = pending(request.id, home)
    if request.status != "ingediend" or waiting is None:
        raise DecisionError("rep_err_nothing_waiting")
    # Claim it first: publishing takes seconds, and a second click, another reviewer's accept or a return in
    # the meantime must find nothing waiting (else the values were published twice, or published while the
    # report went back to the initiative, its note then overwritten by this accept).
    with store.connect(home) as con:
        claimed = con.execute(
            "UPDATE submission SET decision = ?, decided_at = ? WHERE id = ? AND decision = ?",
            (PUBLISHING, datetime.now().isoformat(timespec="seconds"), waiting.id, waiting.decision),
        ).rowcount
    if not claimed:
        raise DecisionError("rep_err_nothing_waiting")
    try:
        return _publish_accepted(request, waiting, reviewer, actor, today, home)
    except BaseException:
        with store.connect(home) as con:  # not published: waiting again
            con.execute(
                "UPDATE submission SET decision = '', decided_at = '' WHERE id = ? AND decision = ?",
                (waiting.id, PUBLISHING),
            )
        raise


def _publish_accepted(
    request: Request, waiting: Submission, reviewer: str, actor: str, today: date, home: Path | None
) -> Submission:
    targets = {
        c: t
        for c, (_, t, _) in register.last_values(request.initiative_code, list(waiting.values), home).items()
    }
    try:
        published = publish.publish(
            f"{request.initiative_code}-{request.period.start:%Y-%m}-{waiting.id}",
            request.initiative_code,
            request.period.start,
            request.period.end,
            waiting.values,
            targets,
            home,
        )
    except publish.PublishFailed as exc:
        raise DecisionError("rep_err_not_published", detail=exc) from None
    text = provenance(waiting.reporter, reviewer, today)
    with store.connect(home) as con:
        con.execute(
            "UPDATE submission SET decision = 'geaccepteerd', reviewer = ?, decided_at = ?, batch_id = ?, "
            "provenance = ? WHERE id = ? AND decision = ?",
            (reviewer, today.isoformat(), published.batch_id, text, waiting.id, PUBLISHING),
        )
        con.execute(
            "UPDATE report_request SET status = 'geaccepteerd', note = '' WHERE id = ?", (request.id,)
        )
        if waiting.story or waiting.photo:
            store.bump(con)  # the map's story layer is cached per count: a new story is a new count
    audit.record(
        actor, "report_accept", f"{request.grant_code} {request.id}: batch {published.batch_id}", home=home
    )
    return next(s for s in submissions(request.id, home) if s.id == waiting.id)


def send_back(
    request: Request, reviewer: str, actor: str, note: str, today: date, home: Path | None = None
) -> Submission:
    """Return the pending submission with a note the initiative sees when it opens its link again."""
    waiting = pending(request.id, home)
    if request.status != "ingediend" or waiting is None:
        raise DecisionError("rep_err_nothing_waiting")
    note = note.strip()[:1000]
    if not note:
        raise DecisionError("rep_err_note_needed")
    with store.connect(home) as con:
        returned = con.execute(
            "UPDATE submission SET decision = 'teruggestuurd', reviewer = ?, decided_at = ?, note = ? "
            "WHERE id = ? AND decision = ?",
            (reviewer, today.isoformat(), note, waiting.id, waiting.decision),
        ).rowcount
        if not returned:  # accepted (being published) since it was read
            raise DecisionError("rep_err_nothing_waiting")
        con.execute(
            "UPDATE report_request SET status = 'teruggestuurd', note = ? WHERE id = ?", (note, request.id)
        )
    audit.record(actor, "report_return", f"{request.grant_code} {request.id}", home=home)
    return next(s for s in submissions(request.id, home) if s.id == waiting.id)


# -- stories -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    initiative_code: str
    funder_code: str
    buurt_code: str
    text: str
    photo: str
    consent: bool
    provenance: str
    period: Period


def stories(home: Path | None = None) -> list[Story]:
    """Accepted submissions with a story or a photo, newest period first (consent kept: callers filter)."""
    with store.connect(home) as con:
        rows = con.execute(
            "SELECT r.initiative_code, r.funder_code, s.buurt_code, s.story, s.photo, s.consent, s.provenance, "
            "r.period_start, r.period_end, r.due_date FROM submission s JOIN report_request r ON r.id = s.request_id "
            "WHERE s.decision = 'geaccepteerd' AND (s.story <> '' OR s.photo <> '') "
            "ORDER BY r.period_start DESC, s.id DESC"
        ).fetchall()
    return [
        Story(
            r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], Period(*(date.fromisoformat(v) for v in r[7:10]))
        )
        for r in rows
    ]


def now_day() -> date:
    return datetime.now().date()
