"""The fund's side: /rapportages (links, reviews, overdue), a plan per grant, the review of one report.

For a logged-in fonds (its own funders' grants), gemeente (reviews in its gemeenten) or beheerder (all).
Every POST carries the session's CSRF token (dashboard/auth/csrf.py); every decision is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

from flask import abort, redirect, request
from markupsafe import Markup

from dashboard import formatting as fmt
from dashboard.auth import audit, session
from dashboard.env import public_base
from dashboard.i18n import t
from dashboard.reports import access, html, links, mail, register, workflow
from dashboard.reports.publish import dutch_number
from dashboard.request_lang import request_lang

HOME = "/rapportages"
STATUSES = ("open", "ingediend", "geaccepteerd", "teruggestuurd")


def today() -> date:
    return workflow.now_day()


def lang() -> str:
    """The page's language: 'en' with ?lang=en (kept in every link and form between the fund's pages)."""
    return request_lang()


def text(key: str, **values: object) -> str:
    """The string `key` (dashboard/i18n.py, '# -- grantee reports --') in the page's language; plain text,
    escaped where it goes into Markup."""
    return t(key, lang()).format(**values) if values else t(key, lang())


def here(path: str) -> str:
    """A path of the fund's pages (or the dashboard) in the page's language."""
    return path + "?lang=en" if lang() == "en" else path


def switch(path: str | None = None) -> str:
    """The same page (or `path`, for an answer to a POST) in the other language."""
    path = path or request.path
    return path if lang() == "en" else path + "?lang=en"


def page(title: str, body: Markup, status: int = 200, wide: bool = False, back: str | None = None):
    return html.page(title, body, status, wide, lang=lang(), switch=switch(back))


def heads(*columns: str) -> list[str]:
    """A table's column headings: heads("initiative", "period") -> ["Initiatief", "Periode"]."""
    return [text(f"rep_col_{c}") for c in columns]


def status_label(status: str) -> str:
    return text(f"rep_status_{status}") if status in STATUSES else status


def when(value: date) -> str:
    """A date as the fund's pages write it: 1-4-2025 in Dutch, 1 Apr 2025 in English."""
    if lang() != "en":
        return workflow.day(value)
    with fmt.using("en"):
        return fmt.day(value)


def span(start: date, end: date) -> str:
    return f"{when(start)} – {when(end)}"


def amount(value: float | None) -> str:
    """A reported value with all its decimals: 1234,5 in Dutch, 1,234.5 in English."""
    if value is None:
        return ""
    if lang() != "en":
        return dutch_number(value)
    with fmt.using("en"):
        return fmt.number(value, len(dutch_number(value).partition(",")[2]))


def link_for(settings: links.LinkSettings, req: workflow.Request) -> str:
    """The link as the fund copies it: on WIJKWAARDE_PUBLIC_URL when set, else on the address the fund's own
    browser uses (the fund sees it on its own page)."""
    return (public_base() or request.host_url.rstrip("/")) + links.path_for(settings, req.id)


def mail_link(settings: links.LinkSettings, req: workflow.Request) -> str | None:
    """The link for an e-mail: only on WIJKWAARDE_PUBLIC_URL, never on a request's Host header."""
    base = public_base()
    return base + links.path_for(settings, req.id) if base else None


def _who():
    """(user, scope) of a fund, gemeente or beheerder; else a response to return."""
    user = session.current_user()
    if user is None:
        if session.settings() is None:
            return None, page(
                text("rep_unavailable"), Markup("<p>{}</p>").format(text("rep_no_login")), 404, back=HOME
            )
        return None, redirect("/login?next=" + quote(here(request.path), safe="/"))
    scope = session.current_scope()
    if not access.may_use_reports(scope):
        return None, page(text("rep_no_access"), Markup("<p>{}</p>").format(text("rep_only_for")), 403)
    return (user, scope), None


def _refuse(status: int):
    """A grant or report that does not exist (404) or lies outside the scope (403), in the page's language."""
    if status == 404:
        return page(text("rep_not_found"), Markup("<p>{}</p>").format(text("rep_not_found_text")), 404)
    return page(text("rep_no_access"), Markup("<p>{}</p>").format(text("rep_out_of_scope")), 403)


def _back() -> Markup:
    return Markup('<p class="mt-3"><a href="{}">{}</a></p>').format(here(HOME), text("rep_back"))


def _copyable(url: str, label: str) -> Markup:
    return Markup(
        '<label class="visually-hidden" for="link-{id}">{label}</label>'
        '<input class="form-control form-control-sm report-link" id="link-{id}" readonly value="{url}">'
    ).format(id=url.rsplit("/", 1)[-1][:24], label=text("rep_link_for", name=label), url=url)


def install(server) -> None:
    @server.get(HOME)
    def reports_home():
        who, refused = _who()
        if refused is not None:
            return refused
        user, scope = who
        settings = links.from_env()
        grants = register.grants()
        by_code = {g.code: g for g in grants}
        managed = [g for g in grants if access.can_manage(scope, g)]
        day = today()
        requests = [
            r
            for r in workflow.requests()
            if r.grant_code in by_code and access.can_review(scope, by_code[r.grant_code])
        ]
        asked: dict[str, set[date]] = {}
        for r in requests:
            asked.setdefault(r.grant_code, set()).add(r.period.start)
        parts = [
            Markup('<p><a href="{}">{}</a> · {}</p>').format(
                here("/"), text("rep_back_dashboard"), text("rep_logged_in_as", name=user.label)
            )
        ]
        rows = []
        for g in managed:
            plan = workflow.plan_of(g, day)
            nxt = workflow.next_period(plan, asked.get(g.code, set()))
            tick = (
                Markup(
                    '<input class="form-check-input" type="checkbox" name="subsidie" value="{c}" id="kies-{c}" '
                    'aria-label="{n}">'
                ).format(c=g.code, n=text("rep_tick_label", name=g.initiative_name))  # fmt: skip
                if nxt
                else Markup("")
            )
            email = (
                Markup(
                    '<input class="form-control form-control-sm" type="email" name="email-{c}" aria-label="{n}">'
                ).format(c=g.code, n=text("rep_email_label", name=g.initiative_name))  # fmt: skip
                if nxt
                else Markup("")
            )
            period = (
                text("rep_next_period", start=when(nxt.start), end=when(nxt.end), due=when(nxt.due))
                if nxt
                else text("rep_all_asked")
            )
            plan_link = Markup('<a href="{}">{}</a>').format(
                here(f"{HOME}/plan/{g.code}"), text("rep_plan" if plan.saved else "rep_plan_draft")
            )
            rows.append((tick, g.initiative_name, g.funder_name, g.code, period, email, plan_link))
        if managed:
            parts.append(
                Markup(
                    '<h2 class="h5 mt-4">{title}</h2><p>{intro}</p>'
                    '<form method="post" action="{action}">{csrf}{table}'
                    '<button class="btn btn-primary me-2" type="submit">{chosen}</button>'
                    '<button class="btn btn-outline-primary" type="submit" name="alle" value="ja">{all}</button></form>'
                ).format(
                    title=text("rep_make_links"),
                    intro=text("rep_make_links_intro"),
                    action=here(HOME + "/links"),
                    csrf=html.csrf_field(session.csrf_token()),
                    table=html.table(
                        heads("choose", "initiative", "funder", "grant", "next_period", "email", "plan"),
                        rows,
                    ),
                    chosen=text("rep_make_chosen"),
                    all=text("rep_make_all"),
                )  # fmt: skip
            )
        review = [r for r in requests if r.status == "ingediend"]
        parts.append(
            Markup('<h2 class="h5 mt-4" id="beoordelen">{}</h2>').format(text("rep_to_review", n=len(review)))
        )
        parts.append(
            html.table(
                heads("initiative", "period", "view"),
                [
                    (
                        by_code[r.grant_code].initiative_name,
                        span(r.period.start, r.period.end),
                        Markup('<a href="{}">{}</a>').format(
                            here(f"{HOME}/beoordelen/{r.id}"), text("rep_review_link")
                        ),
                    )
                    for r in review
                ],
            )  # fmt: skip
            if review
            else Markup("<p>{}</p>").format(text("rep_nothing_to_review"))
        )
        late = [r for r in requests if r.overdue(day)]
        parts.append(
            Markup('<h2 class="h5 mt-4" id="te-laat">{}</h2>').format(text("rep_overdue", n=len(late)))
        )
        if late:
            parts.append(
                html.table(
                    heads("initiative", "funder", "period", "due", "email", "link"),
                    [
                        (
                            by_code[r.grant_code].initiative_name,
                            by_code[r.grant_code].funder_name,
                            span(r.period.start, r.period.end),
                            when(r.period.due),
                            r.recipient or "–",
                            _copyable(link_for(settings, r), by_code[r.grant_code].initiative_name)
                            if access.can_manage(scope, by_code[r.grant_code])
                            else "",
                        )
                        for r in late
                    ],
                )  # fmt: skip
            )
            # reminders go out for the grants one manages (a gemeente reviews, it does not ask for reports)
            if mail.from_env() is not None and any(
                access.can_manage(scope, by_code[r.grant_code]) for r in late
            ):
                parts.append(
                    Markup(
                        '<form method="post" action="{}">{}<button class="btn btn-outline-primary" '
                        'type="submit">{}</button></form>'
                    ).format(
                        here(HOME + "/herinneringen"),
                        html.csrf_field(session.csrf_token()),
                        text("rep_send_reminders"),
                    )  # fmt: skip
                )
        else:
            parts.append(Markup("<p>{}</p>").format(text("rep_none_overdue")))
        parts.append(Markup('<h2 class="h5 mt-4">{}</h2>').format(text("rep_all_requests")))
        parts.append(
            html.table(
                heads("initiative", "period", "status", "link"),
                [
                    (
                        by_code[r.grant_code].initiative_name,
                        span(r.period.start, r.period.end),
                        status_label(r.status),
                        _copyable(link_for(settings, r), by_code[r.grant_code].initiative_name)
                        if workflow.accepts_submissions(r) and access.can_manage(scope, by_code[r.grant_code])
                        else "",
                    )
                    for r in requests
                ],
            )  # fmt: skip
        )
        return page(text("rep_title"), Markup("").join(parts), wide=True)

    @server.post(HOME + "/links")
    def make_links():
        who, refused = _who()
        if refused is not None:
            return refused
        user, scope = who
        settings = links.from_env()
        smtp = mail.from_env()
        day = today()
        managed = {g.code: g for g in register.grants() if access.can_manage(scope, g)}
        if request.form.get("alle") == "ja":
            chosen = [g for g in managed.values() if workflow.plan_of(g, day).periods]
        else:
            wanted = request.form.getlist("subsidie")
            if any(code not in managed for code in wanted):
                audit.record(
                    user.subject,
                    "refused",
                    "rapportagelink voor een subsidie buiten de scope",
                    request.remote_addr or "",
                )
                return _refuse(403)
            chosen = [managed[c] for c in dict.fromkeys(wanted)]
        made = []
        for g in chosen:
            if request.form.get("alle") == "ja":
                plan = workflow.plan_of(g, day)
                asked = {r.period.start for r in workflow.requests() if r.grant_code == g.code}
                nxt = workflow.next_period(plan, asked)
                if nxt is None or nxt.start > day:  # 'aan de beurt': the period has begun
                    continue
            req = workflow.create_request(g, request.form.get(f"email-{g.code}", ""), user.subject, day)
            if req is None:
                continue
            url = link_for(settings, req)
            sent = False
            mailed = mail_link(settings, req)
            if req.recipient and mailed:  # the mail goes to the initiative: Dutch, whatever the fund reads
                subject, body = mail.link_text(
                    g.initiative_name,
                    f"{workflow.day(req.period.start)} tot en met {workflow.day(req.period.end)}",
                    workflow.day(req.period.due),
                    mailed,
                )
                sent = mail.send(smtp, req.recipient, subject, body)
            made.append(
                (
                    g.initiative_name,
                    when(req.period.due),
                    _copyable(url, g.initiative_name),
                    text("rep_mailed" if sent else "rep_not_mailed"),
                )
            )
        made_table = html.table(heads("initiative", "due", "link", "email"), made) if made else ""
        body = Markup("<p>{}</p>{}{}").format(text("rep_links_made", n=len(made)), made_table, _back())
        return page(text("rep_links_made_title"), body, wide=True, back=HOME)

    @server.route(HOME + "/plan/<grant_code>", methods=["GET", "POST"])
    def edit_plan(grant_code: str):
        who, refused = _who()
        if refused is not None:
            return refused
        user, scope = who
        grant = register.grant(grant_code)
        if grant is None:
            return _refuse(404)
        if not access.can_manage(scope, grant):
            audit.record(
                user.subject,
                "refused",
                f"rapportageplan {grant_code} buiten de scope",
                request.remote_addr or "",
            )
            return _refuse(403)
        day = today()
        plan = workflow.plan_of(grant, day)
        message = Markup("")
        chosen, periods = list(plan.indicators), workflow.periods_text(plan.periods)
        status = 200
        if request.method == "POST":
            chosen, periods = request.form.getlist("indicator"), request.form.get("perioden", "")
            try:
                plan = workflow.save_plan(grant, chosen, workflow.parse_periods(periods), user.subject)
                chosen, periods = list(plan.indicators), workflow.periods_text(plan.periods)
                message = Markup('<div class="alert alert-success" role="status">{}</div>').format(
                    text("rep_plan_saved")
                )
            except workflow.PlanError as exc:
                message = Markup('<div class="alert alert-danger" role="alert">{}</div>').format(
                    exc.text(lang())
                )
                status = 400
        boxes = Markup("").join(
            Markup('<div class="form-check"><input class="form-check-input" type="checkbox" name="indicator" value="{c}" '
                   'id="ind-{c}"{ch}><label class="form-check-label" for="ind-{c}">{n} ({u})</label></div>').format(
                c=code, n=name, u=unit, ch=Markup(" checked") if code in chosen else Markup(""))
            for code, (name, unit) in register.indicators(lang=lang()).items()
        )  # fmt: skip
        body = message + Markup(
            "<p>{of}{draft}</p>"
            '<form method="post" action="{action}">{csrf}<fieldset class="mb-3"><legend class="h6">{indicators}</legend>'
            "{boxes}</fieldset>"
            '<div class="mb-3"><label class="form-label" for="perioden">{periods}</label>'
            '<div class="form-text mt-0 mb-1" id="perioden-hint">{hint}</div>'
            '<textarea class="form-control" id="perioden" name="perioden" rows="6" aria-describedby="perioden-hint">'
            "{text}</textarea></div>"
            '<button class="btn btn-primary" type="submit">{save}</button></form>{back}'
        ).format(
            of=text("rep_plan_of", initiative=grant.initiative_name, funder=grant.funder_name, code=grant.code),
            draft=text("rep_plan_unsaved") if not plan.saved else "", action=here(request.path),
            csrf=html.csrf_field(session.csrf_token()), indicators=text("rep_indicators"), boxes=boxes,
            periods=text("rep_periods"), hint=text("rep_periods_hint"), text=periods, save=text("rep_save_plan"),
            back=_back(),
        )  # fmt: skip
        return page(text("rep_plan_title", name=grant.initiative_name), body, status)

    @server.route(HOME + "/beoordelen/<request_id>", methods=["GET", "POST"])
    def review(request_id: str):
        who, refused = _who()
        if refused is not None:
            return refused
        user, scope = who
        req = workflow.request_of(request_id)
        grant = register.grant(req.grant_code) if req else None
        if req is None or grant is None:
            return _refuse(404)
        if not access.can_review(scope, grant):
            audit.record(
                user.subject,
                "refused",
                f"rapportage {req.grant_code} beoordelen buiten de scope",
                request.remote_addr or "",
            )
            return _refuse(403)
        message = Markup("")
        status = 200
        if request.method == "POST":
            try:
                if request.form.get("besluit") == "accepteren":
                    workflow.accept(req, user.label, user.subject, today())
                    message = Markup('<div class="alert alert-success" role="status">{}</div>').format(
                        text("rep_accepted")
                    )
                elif request.form.get("besluit") == "terugsturen":
                    workflow.send_back(
                        req, user.label, user.subject, request.form.get("opmerking", ""), today()
                    )
                    message = Markup('<div class="alert alert-success" role="status">{}</div>').format(
                        text("rep_returned")
                    )
                else:
                    abort(400)
            except workflow.DecisionError as exc:
                message = Markup('<div class="alert alert-danger" role="alert">{}</div>').format(
                    exc.text(lang())
                )
                status = 400
            req = workflow.request_of(request_id)
        names = register.indicators(lang=lang())
        history = workflow.submissions(req.id)
        shown = workflow.pending(req.id) or (history[-1] if history else None)
        parts = [message, Markup("<p>{}</p>").format(text(
            "rep_review_of", initiative=grant.initiative_name, funder=grant.funder_name, start=when(req.period.start),
            end=when(req.period.end), status=status_label(req.status)))]  # fmt: skip
        if shown is None:
            parts.append(Markup("<p>{}</p>").format(text("rep_nothing_received")))
        else:
            last = register.last_values(req.initiative_code, list(shown.values))
            parts.append(html.table(
                heads("indicator", "reported", "previous", "target"),
                [(names.get(c, (c, ""))[0], amount(v), amount(last[c][0]), amount(last[c][1]))
                 for c, v in shown.values.items()],
                caption=text("rep_reported_by", name=shown.reporter),
            ))  # fmt: skip
            parts.append(Markup('<h2 class="h5">{}</h2><div class="report-story border rounded p-2 mb-2">{}</div>').format(
                text("rep_story"), html.multiline(shown.story) if shown.story else text("rep_no_story")))  # fmt: skip
            if shown.photo:
                parts.append(Markup('<p><img src="/rapportage-foto/{}" alt="{}" style="max-width: 100%; height: auto">'
                                    "</p>").format(shown.photo, text("rep_photo_alt", name=grant.initiative_name)))  # fmt: skip
            parts.append(
                Markup("<p>{} <strong>{}</strong></p>").format(
                    text("rep_consent"), text("rep_yes" if shown.consent else "rep_no")
                )
            )
            if shown.provenance:  # stored with the published values, in Dutch
                parts.append(Markup('<p class="provenance" lang="nl">{}</p>').format(shown.provenance))
            if shown.decision == "teruggestuurd":
                parts.append(Markup("<p>{}</p>").format(text("rep_returned_with", note=shown.note)))
        if req.status == "ingediend":
            parts.append(Markup(
                '<form method="post" action="{action}" class="mb-3">{csrf}<button class="btn btn-success" type="submit" '
                'name="besluit" value="accepteren">{accept}</button></form>'
                '<form method="post" action="{action}">{csrf}<div class="mb-2"><label class="form-label" for="opmerking">'
                '{note}</label><textarea class="form-control" id="opmerking" name="opmerking" rows="3" '
                'maxlength="1000"></textarea></div><button class="btn btn-outline-danger" type="submit" name="besluit" '
                'value="terugsturen">{back}</button></form>'
            ).format(action=here(request.path), csrf=html.csrf_field(session.csrf_token()), accept=text("rep_accept"),
                     note=text("rep_note_label"), back=text("rep_send_back")))  # fmt: skip
        parts.append(_back())
        return page(text("rep_report_title", name=grant.initiative_name), Markup("").join(parts), status)

    @server.post(HOME + "/herinneringen")
    def remind():
        who, refused = _who()
        if refused is not None:
            return refused
        user, scope = who
        by_code = {g.code: g for g in register.grants() if access.can_manage(scope, g)}
        sent = send_reminders(
            [r for r in workflow.overdue(today()) if r.grant_code in by_code],
            by_code,
            links.from_env(),
            mail.from_env(),
            user.subject,
        )
        return page(
            text("rep_reminders_title"),
            Markup("<p>{}</p>").format(text("rep_reminders_sent", n=sent)) + _back(),
            back=HOME,
        )


def send_reminders(
    overdue: list[workflow.Request],
    grants: dict[str, register.GrantInfo],
    settings: links.LinkSettings,
    smtp: mail.SmtpSettings | None,
    actor: str,
    home: Path | None = None,
) -> int:
    """Mail a reminder for each overdue request with an address; returns how many went out. Each one sent
    is marked on its request and audited."""
    sent = 0
    for r in overdue:
        grant = grants.get(r.grant_code)
        url = mail_link(settings, r)
        if grant is None or not r.recipient or url is None:
            continue
        period = f"{workflow.day(r.period.start)} tot en met {workflow.day(r.period.end)}"
        subject, body = mail.reminder_text(grant.initiative_name, period, workflow.day(r.period.due), url)
        if mail.send(smtp, r.recipient, subject, body):
            workflow.mark_reminded(r.id, home)
            audit.record(actor, "report_reminder", f"{r.grant_code} {r.id}", home=home)
            sent += 1
    return sent


@dataclass(frozen=True)
class ReminderRun:
    due: int  # overdue and not reminded recently
    sent: int
    without_address: int  # no e-mail address given with the link: the fund sends those itself


class CannotRemind(RuntimeError):
    """Reminders cannot go out (no signing key, no SMTP, no public address); the message says which (Dutch)."""


def remind_all(
    actor: str, today: date, again_after: int = 7, dry_run: bool = False, home: Path | None = None
) -> ReminderRun:
    """Every overdue report with an address gets a reminder, unless it had one in the last `again_after`
    days; for a daily cron job (`wijkwaarde rapportages herinneren`). `dry_run`: count, send nothing."""
    settings, smtp = links.from_env(), mail.from_env()
    if settings is None:
        raise CannotRemind("WIJKWAARDE_SECRET_KEY ontbreekt of is te zwak: er kan geen link gemaakt worden.")
    if smtp is None and not dry_run:
        raise CannotRemind("E-mail is niet ingesteld (WIJKWAARDE_SMTP_HOST en WIJKWAARDE_SMTP_FROM).")
    if not public_base() and not dry_run:
        raise CannotRemind(
            "WIJKWAARDE_PUBLIC_URL ontbreekt: een link in een e-mail heeft het adres van de site nodig."
        )
    due = workflow.to_remind(today, again_after, home)
    without = sum(1 for r in due if not r.recipient)
    if dry_run:
        return ReminderRun(len(due), 0, without)
    grants = {g.code: g for g in register.grants(home)}
    sent = send_reminders(due, grants, settings, smtp, actor, home)
    audit.record(
        actor, "report_reminder", f"herinneringen: {sent} van {len(due)} verstuurd, {without} zonder e-mailadres",
        home=home,
    )  # fmt: skip
    return ReminderRun(len(due), sent, without)
