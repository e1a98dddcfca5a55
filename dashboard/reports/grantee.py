"""The grantee's side: /rapportage/<signed link> opens a short form; no account, the link is the key.

A forged, damaged or expired link, or one whose report was already received, shows a plain page and
stores nothing. After the fund returned a report the same link opens the form again with the fund's note.
"""

from __future__ import annotations

from flask import request
from markupsafe import Markup

from dashboard.reports import form, html, links, photos, register, workflow
from dashboard.reports.publish import dutch_number

MAX_FORM_BYTES = photos.MAX_BYTES + 200_000  # one photo and the text fields

REFUSALS = {
    "vervalst": (
        "Deze link werkt niet",
        "De link is niet compleet of klopt niet. Kopieer de hele link uit de e-mail, of vraag het fonds om "
        "een nieuwe link.",
        403,
    ),
    "verlopen": (
        "Deze link is verlopen",
        "De link is te oud. Vraag het fonds om een nieuwe link. Er is niets opgeslagen.",
        410,
    ),
    "ontvangen": (
        "Uw rapportage is al ontvangen",
        "Met deze link is al een rapportage verstuurd. Wilt u iets veranderen? Neem dan contact op met het "
        "fonds. Er is niets nieuws opgeslagen.",
        409,
    ),
}


def refusal(reason: str, status: int | None = None):
    title, text, code = REFUSALS[reason]
    return html.page(title, Markup("<p>{}</p>").format(text), status or code)


def period_label(period: workflow.Period) -> str:
    return f"{workflow.day(period.start)} tot en met {workflow.day(period.end)}"


def render_form(
    req: workflow.Request,
    grant: register.GrantInfo | None,
    fields: dict[str, str],
    errors: dict[str, str],
):
    names = register.indicators()
    last = register.last_values(req.initiative_code, list(req.indicators))
    initiative = grant.initiative_name if grant else req.initiative_code
    parts = [
        Markup(
            '<p class="lead">Hoe ging het met <strong>{}</strong> van {}? Vul in wat u weet. Het kost '
            "ongeveer vijf minuten.</p>"
        ).format(initiative, period_label(req.period)),  # fmt: skip
        Markup("<p>Inleveren vóór {}. Velden met een * moet u invullen.</p>").format(
            workflow.day(req.period.due)
        ),
    ]
    if req.status == "teruggestuurd" and req.note:
        parts.append(
            Markup(
                '<div class="alert alert-warning" id="opmerking"><h2 class="h5">Opmerking van het fonds</h2>'
                '<p class="mb-0">{}</p></div>'
            ).format(html.multiline(req.note))
        )
    parts.append(html.error_summary(errors))
    inputs = []
    name = form.NAME_FIELD
    inputs.append(
        Markup(
            '<div class="mb-3"><label class="form-label" for="{n}">Uw naam of de naam van uw organisatie *</label>'
            '<input class="form-control" id="{n}" name="{n}" required maxlength="{max}" autocomplete="name" '
            'value="{v}"{d}>{e}</div>'
        ).format(n=name, max=form.MAX_NAME, v=fields.get(name, ""), d=html.described_by(errors, name), e=html.field_error(errors, name))
    )  # fmt: skip
    for code in req.indicators:
        label, unit = names.get(code, (code, ""))
        value, target, _ = last.get(code, (None, None, None))
        hint = " · ".join(
            part
            for part in (
                f"Vorige keer: {dutch_number(value)}" if value is not None else "Nog niet eerder ingevuld",
                f"doel: {dutch_number(target)}" if target is not None else "",
            )
            if part
        )
        field = form.value_field(code)
        shown = fields.get(field, "" if value is None else "")
        inputs.append(
            Markup(
                '<div class="mb-3"><label class="form-label" for="{f}">{label} ({unit}) *</label>'
                '<div class="form-text mt-0 mb-1" id="{f}-hint">{hint}</div>'
                '<input class="form-control" id="{f}" name="{f}" inputmode="decimal" required value="{v}"{d}>'
                "{e}</div>"
            ).format(f=field, label=label, unit=unit, hint=hint, v=shown, d=html.described_by(errors, field, hint=True), e=html.field_error(errors, field))
        )  # fmt: skip
    story = form.STORY_FIELD
    inputs.append(
        Markup(
            '<div class="mb-3"><label class="form-label" for="{n}">Uw verhaal (mag leeg blijven)</label>'
            '<div class="form-text mt-0 mb-1" id="{n}-hint">Wat ging goed? Wat was lastig? Schrijf een paar zinnen. '
            "Noem geen namen of adressen van bewoners. Hoogstens {max} tekens.</div>"
            '<textarea class="form-control" id="{n}" name="{n}" rows="5" maxlength="{max}"{d}>{v}</textarea>{e}</div>'
        ).format(n=story, max=form.MAX_STORY, v=fields.get(story, ""), d=html.described_by(errors, story, hint=True), e=html.field_error(errors, story))
    )  # fmt: skip
    photo = form.PHOTO_FIELD
    inputs.append(
        Markup(
            '<div class="mb-3"><label class="form-label" for="{n}">Een foto (mag leeg blijven)</label>'
            '<div class="form-text mt-0 mb-1" id="{n}-hint">Een JPG- of PNG-foto, kleiner dan 10 MB. Wij maken hem '
            "kleiner en halen de plaats en andere gegevens uit het bestand.</div>"
            '<input class="form-control" type="file" id="{n}" name="{n}" accept="image/jpeg,image/png,image/webp"{d}>'
            "{e}</div>"
        ).format(n=photo, d=html.described_by(errors, photo, hint=True), e=html.field_error(errors, photo))
    )  # fmt: skip
    consent = form.CONSENT_FIELD
    checked = Markup(" checked") if fields.get(consent) == "ja" else Markup("")
    inputs.append(
        Markup(
            '<div class="form-check mb-3"><input class="form-check-input" type="checkbox" id="{n}" name="{n}" '
            'value="ja"{c}><label class="form-check-label" for="{n}">Het verhaal en de foto mogen openbaar op de '
            "website en in presentaties staan. Iedereen op de foto vindt dat goed.</label></div>"
        ).format(n=consent, c=checked)
    )
    body = Markup("").join(parts) + Markup(
        '<form method="post" enctype="multipart/form-data" novalidate>{}'
        '<button class="btn btn-primary" type="submit">Versturen</button></form>'
    ).format(Markup("").join(inputs))
    title = f"Rapportage {initiative}"
    return html.page(title, body, 400 if errors else 200)


def due_of(request_id: str):
    """The due date of the request a link names (None when there is no such request)."""
    req = workflow.request_of(request_id)
    return req.period.due if req is not None else None


def install(server) -> None:
    @server.route(links.PATH_PREFIX + "<token>", methods=["GET", "POST"])
    def grantee_report(token: str):
        settings = links.from_env()
        if settings is None:
            return refusal("vervalst")
        try:
            request_id = links.read_token(settings, token, due_of)
        except links.LinkRefused as refused:
            return refusal(refused.reason)
        req = workflow.request_of(request_id)
        if req is None:
            return refusal("vervalst")
        if not workflow.accepts_submissions(req):
            return refusal("ontvangen", 200 if request.method == "GET" else None)
        grant = register.grant(req.grant_code)
        if request.method == "GET":
            return render_form(req, grant, {}, {})
        # The whole app takes 1 MB per request; the grantee's form may carry one photo. Only now, with the
        # link checked: a forged link is refused above before its body is read, within the 1 MB.
        request.max_content_length = MAX_FORM_BYTES
        fields = {k: v for k, v in request.form.items() if isinstance(v, str)}
        report = form.check(fields, req.indicators, register.bounds(req.indicators))
        upload = request.files.get(form.PHOTO_FIELD)
        data = upload.read(photos.MAX_BYTES + 1) if upload is not None and upload.filename else b""
        cleaned = b""
        if data:
            try:
                cleaned = photos.clean_jpeg(data)
            except photos.PhotoRefused as exc:
                report.errors[form.PHOTO_FIELD] = str(exc)
        if not report.ok:
            return render_form(req, grant, fields, report.errors)
        name = photos.save(cleaned) if cleaned else ""
        buurt = grant.main_buurt if grant else ""
        if not workflow.submit(req.id, report, name, buurt):
            if name:  # another tab sent the report first: keep nothing of this one
                path = photos.path_of(name)
                if path is not None:
                    path.unlink(missing_ok=True)
            return refusal("ontvangen")
        return html.page(
            "Bedankt!",
            Markup(
                "<p>Uw rapportage is ontvangen. Het fonds kijkt ernaar. Als er iets moet veranderen, krijgt u "
                "bericht en kunt u dezelfde link opnieuw gebruiken.</p>"
            ),
        )
