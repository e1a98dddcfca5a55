"""The fund's side: /rapportages (links, reviews, overdue), a plan per grant, the review of one report.

For a logged-in fonds (its own funders' grants), gemeente (reviews in its gemeenten) or beheerder (all).
Every POST carries the session's CSRF token (dashboard/auth/csrf.py); every decision is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import abort, redirect, request
from markupsafe import Markup

from dashboard.auth import audit, session
from dashboard.env import public_base
from dashboard.reports import access, html, links, mail, register, workflow
from dashboard.reports.publish import dutch_number

HOME = "/rapportages"
STATUS_LABELS = {
    "open": "wacht op het initiatief",
    "ingediend": "te beoordelen",
    "geaccepteerd": "geaccepteerd",
    "teruggestuurd": "teruggestuurd",
}


def today() -> date:
    return workflow.now_day()


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
            return None, html.page("Niet beschikbaar", Markup("<p>Inloggen is niet ingesteld.</p>"), 404)
        return None, redirect("/login?next=" + HOME)
    scope = session.current_scope()
    if not access.may_use_reports(scope):
        return None, html.page(
            "Geen toegang", Markup("<p>Alleen voor een fonds, gemeente of beheerder.</p>"), 403
        )
    return (user, scope), None


def _copyable(url: str, label: str) -> Markup:
    return Markup(
        '<label class="visually-hidden" for="link-{id}">Link voor {label}</label>'
        '<input class="form-control form-control-sm report-link" id="link-{id}" readonly value="{url}">'
    ).format(id=url.rsplit("/", 1)[-1][:24], label=label, url=url)


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
            Markup('<p><a href="/">Terug naar het dashboard</a> · ingelogd als {}</p>').format(user.label)
        ]
        rows = []
        for g in managed:
            plan = workflow.plan_of(g, day)
            nxt = workflow.next_period(plan, asked.get(g.code, set()))
            tick = (
                Markup(
                    '<input class="form-check-input" type="checkbox" name="subsidie" value="{c}" id="kies-{c}" '
                    'aria-label="Link maken voor {n}">'
                ).format(c=g.code, n=g.initiative_name)  # fmt: skip
                if nxt
                else Markup("")
            )
            email = (
                Markup(
                    '<input class="form-control form-control-sm" type="email" name="email-{c}" '
                    'aria-label="E-mailadres van {n}">'
                ).format(c=g.code, n=g.initiative_name)  # fmt: skip
                if nxt
                else Markup("")
            )
            period = (
                f"{workflow.day(nxt.start)} – {workflow.day(nxt.end)} (inleveren {workflow.day(nxt.due)})"
                if nxt
                else "alle perioden gevraagd"
            )
            plan_link = Markup('<a href="{}/plan/{}">{}</a>').format(
                HOME, g.code, "plan" if plan.saved else "plan (voorstel)"
            )
            rows.append((tick, g.initiative_name, g.funder_name, g.code, period, email, plan_link))
        if managed:
            parts.append(
                Markup(
                    '<h2 class="h5 mt-4">Links maken</h2><p>Kies de subsidies en maak in één keer een link per initiatief. '
                    "Met een e-mailadres (en ingestelde e-mail) gaat de link ook per mail.</p>"
                    '<form method="post" action="{home}/links">{csrf}{table}'
                    '<button class="btn btn-primary me-2" type="submit">Links maken voor de gekozen subsidies</button>'
                    '<button class="btn btn-outline-primary" type="submit" name="alle" value="ja">Links maken voor alles wat '
                    "aan de beurt is</button></form>"
                ).format(
                    home=HOME,
                    csrf=html.csrf_field(session.csrf_token()),
                    table=html.table(
                        ("Kies", "Initiatief", "Financier", "Subsidie", "Volgende periode", "E-mail", "Plan"),
                        rows,
                    ),
                )
            )
        review = [r for r in requests if r.status == "ingediend"]
        parts.append(
            Markup('<h2 class="h5 mt-4" id="beoordelen">Te beoordelen ({})</h2>').format(len(review))
        )
        parts.append(
            html.table(
                ("Initiatief", "Periode", "Bekijken"),
                [
                    (
                        by_code[r.grant_code].initiative_name,
                        workflow.day(r.period.start) + " – " + workflow.day(r.period.end),
                        Markup('<a href="{}/beoordelen/{}">beoordelen</a>').format(HOME, r.id),
                    )
                    for r in review
                ],
            )  # fmt: skip
            if review
            else Markup("<p>Niets te beoordelen.</p>")
        )
        late = [r for r in requests if r.overdue(day)]
        parts.append(Markup('<h2 class="h5 mt-4" id="te-laat">Te laat ({})</h2>').format(len(late)))
        if late:
            parts.append(
                html.table(
                    ("Initiatief", "Financier", "Periode", "Inleveren vóór", "E-mail", "Link"),
                    [
                        (
                            by_code[r.grant_code].initiative_name,
                            by_code[r.grant_code].funder_name,
                            workflow.day(r.period.start) + " – " + workflow.day(r.period.end),
                            workflow.day(r.period.due),
                            r.recipient or "–",
                            _copyable(link_for(settings, r), by_code[r.grant_code].initiative_name),
                        )
                        for r in late
                    ],
                )  # fmt: skip
            )
            if mail.from_env() is not None:
                parts.append(
                    Markup(
                        '<form method="post" action="{}/herinneringen">{}<button class="btn btn-outline-primary" '
                        'type="submit">Stuur herinneringen per e-mail</button></form>'
                    ).format(HOME, html.csrf_field(session.csrf_token()))  # fmt: skip
                )
        else:
            parts.append(Markup("<p>Geen rapportages te laat.</p>"))
        parts.append(Markup('<h2 class="h5 mt-4">Alle verzoeken</h2>'))
        parts.append(
            html.table(
                ("Initiatief", "Periode", "Status", "Link"),
                [
                    (
                        by_code[r.grant_code].initiative_name,
                        workflow.day(r.period.start) + " – " + workflow.day(r.period.end),
                        STATUS_LABELS.get(r.status, r.status),
                        _copyable(link_for(settings, r), by_code[r.grant_code].initiative_name)
                        if workflow.accepts_submissions(r)
                        else "",
                    )
                    for r in requests
                ],
            )  # fmt: skip
        )
        return html.page("Rapportages", Markup("").join(parts), wide=True)

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
                abort(403)
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
            if req.recipient and mailed:
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
                    workflow.day(req.period.due),
                    _copyable(url, g.initiative_name),
                    "verstuurd" if sent else "niet gemaild",
                )
            )
        body = Markup("<p>{} link(s) gemaakt. Kopieer een link en stuur hem naar het initiatief, of hij is al gemaild.</p>{}"
                      '<p><a href="{}">Terug naar de rapportages</a></p>').format(
            len(made), html.table(("Initiatief", "Inleveren vóór", "Link", "E-mail"), made) if made else "", HOME
        )  # fmt: skip
        return html.page("Links gemaakt", body, wide=True)

    @server.route(HOME + "/plan/<grant_code>", methods=["GET", "POST"])
    def edit_plan(grant_code: str):
        who, refused = _who()
        if refused is not None:
            return refused
        user, scope = who
        grant = register.grant(grant_code)
        if grant is None:
            abort(404)
        if not access.can_manage(scope, grant):
            audit.record(
                user.subject,
                "refused",
                f"rapportageplan {grant_code} buiten de scope",
                request.remote_addr or "",
            )
            abort(403)
        day = today()
        plan = workflow.plan_of(grant, day)
        message = Markup("")
        chosen, text = list(plan.indicators), workflow.periods_text(plan.periods)
        status = 200
        if request.method == "POST":
            chosen, text = request.form.getlist("indicator"), request.form.get("perioden", "")
            try:
                plan = workflow.save_plan(grant, chosen, workflow.parse_periods(text), user.subject)
                chosen, text = list(plan.indicators), workflow.periods_text(plan.periods)
                message = Markup(
                    '<div class="alert alert-success" role="status">Het plan is opgeslagen.</div>'
                )
            except workflow.PlanError as exc:
                message = Markup('<div class="alert alert-danger" role="alert">{}</div>').format(str(exc))
                status = 400
        boxes = Markup("").join(
            Markup('<div class="form-check"><input class="form-check-input" type="checkbox" name="indicator" value="{c}" '
                   'id="ind-{c}"{ch}><label class="form-check-label" for="ind-{c}">{n} ({u})</label></div>').format(
                c=code, n=name, u=unit, ch=Markup(" checked") if code in chosen else Markup(""))
            for code, (name, unit) in register.indicators().items()
        )  # fmt: skip
        body = message + Markup(
            "<p>{initiative} · {funder} · subsidie {code}{draft}</p>"
            '<form method="post">{csrf}<fieldset class="mb-3"><legend class="h6">Indicatoren</legend>{boxes}</fieldset>'
            '<div class="mb-3"><label class="form-label" for="perioden">Perioden</label>'
            '<div class="form-text mt-0 mb-1" id="perioden-hint">Eén regel per periode: begin; eind; inleverdatum '
            "(dd-mm-jjjj).</div>"
            '<textarea class="form-control" id="perioden" name="perioden" rows="6" aria-describedby="perioden-hint">'
            "{text}</textarea></div>"
            '<button class="btn btn-primary" type="submit">Plan opslaan</button></form>'
            '<p class="mt-3"><a href="{home}">Terug naar de rapportages</a></p>'
        ).format(
            initiative=grant.initiative_name, funder=grant.funder_name, code=grant.code,
            draft=" · voorstel, nog niet opgeslagen" if not plan.saved else "", csrf=html.csrf_field(session.csrf_token()),
            boxes=boxes, text=text, home=HOME,
        )  # fmt: skip
        return html.page(f"Rapportageplan {grant.initiative_name}", body, status)

    @server.route(HOME + "/beoordelen/<request_id>", methods=["GET", "POST"])
    def review(request_id: str):
        who, refused = _who()
        if refused is not None:
            return refused
        user, scope = who
        req = workflow.request_of(request_id)
        grant = register.grant(req.grant_code) if req else None
        if req is None or grant is None:
            abort(404)
        if not access.can_review(scope, grant):
            audit.record(
                user.subject,
                "refused",
                f"rapportage {req.grant_code} beoordelen buiten de scope",
                request.remote_addr or "",
            )
            abort(403)
        message = Markup("")
        status = 200
        if request.method == "POST":
            try:
                if request.form.get("besluit") == "accepteren":
                    workflow.accept(req, user.label, user.subject, today())
                    message = Markup(
                        '<div class="alert alert-success" role="status">Geaccepteerd en gepubliceerd.</div>'
                    )
                elif request.form.get("besluit") == "terugsturen":
                    workflow.send_back(
                        req, user.label, user.subject, request.form.get("opmerking", ""), today()
                    )
                    message = Markup('<div class="alert alert-success" role="status">Teruggestuurd. Het initiatief ziet uw '
                                     "opmerking als het de link opnieuw opent.</div>")  # fmt: skip
                else:
                    abort(400)
            except workflow.DecisionError as exc:
                message = Markup('<div class="alert alert-danger" role="alert">{}</div>').format(str(exc))
                status = 400
            req = workflow.request_of(request_id)
        names = register.indicators()
        history = workflow.submissions(req.id)
        shown = workflow.pending(req.id) or (history[-1] if history else None)
        parts = [message, Markup("<p>{} · {} · periode {} – {} · status: {}</p>").format(
            grant.initiative_name, grant.funder_name, workflow.day(req.period.start), workflow.day(req.period.end),
            STATUS_LABELS.get(req.status, req.status))]  # fmt: skip
        if shown is None:
            parts.append(Markup("<p>Nog geen rapportage ontvangen.</p>"))
        else:
            last = register.last_values(req.initiative_code, list(shown.values))
            parts.append(html.table(
                ("Indicator", "Gerapporteerd", "Vorige waarde", "Doel"),
                [(names.get(c, (c, ""))[0], dutch_number(v), dutch_number(last[c][0]), dutch_number(last[c][1]))
                 for c, v in shown.values.items()],
                caption=f"Gerapporteerd door {shown.reporter}",
            ))  # fmt: skip
            parts.append(Markup('<h2 class="h5">Verhaal</h2><div class="report-story border rounded p-2 mb-2">{}</div>').format(
                html.multiline(shown.story) if shown.story else "(geen verhaal)"))  # fmt: skip
            if shown.photo:
                parts.append(Markup('<p><img src="/rapportage-foto/{}" alt="Foto bij de rapportage van {}" '
                                    'style="max-width: 100%; height: auto"></p>').format(shown.photo, grant.initiative_name))  # fmt: skip
            parts.append(
                Markup("<p>Toestemming voor openbaar tonen: <strong>{}</strong></p>").format(
                    "ja" if shown.consent else "nee"
                )
            )
            if shown.provenance:
                parts.append(Markup('<p class="provenance">{}</p>').format(shown.provenance))
            if shown.decision == "teruggestuurd":
                parts.append(Markup("<p>Teruggestuurd met opmerking: {}</p>").format(shown.note))
        if req.status == "ingediend":
            parts.append(Markup(
                '<form method="post" class="mb-3">{csrf}<button class="btn btn-success" type="submit" name="besluit" '
                'value="accepteren">Accepteren en publiceren</button></form>'
                '<form method="post">{csrf}<div class="mb-2"><label class="form-label" for="opmerking">Opmerking voor '
                'het initiatief</label><textarea class="form-control" id="opmerking" name="opmerking" rows="3" '
                'maxlength="1000"></textarea></div><button class="btn btn-outline-danger" type="submit" name="besluit" '
                'value="terugsturen">Terugsturen met opmerking</button></form>'
            ).format(csrf=html.csrf_field(session.csrf_token())))  # fmt: skip
        parts.append(Markup('<p class="mt-3"><a href="{}">Terug naar de rapportages</a></p>').format(HOME))
        return html.page(f"Rapportage {grant.initiative_name}", Markup("").join(parts), status)

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
        return html.page(
            "Herinneringen",
            Markup(
                '<p>{} herinnering(en) verstuurd.</p><p><a href="{}">Terug naar de rapportages</a></p>'
            ).format(sent, HOME),
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
