"""Server-rendered HTML for the report pages: a page shell and small builders; every value is escaped here.

Plain HTML forms work without JavaScript, which suits the grantee's one-off visit on any phone. The shell
sets the page's language (lang="nl" or "en", with a switch to the other where a page offers both), one h1,
a skip link and the product's own Bootstrap CSS (assets/, no CDN), on white: Bootstrap's outline buttons
and error text reach 4.5:1 only there (the dashboard's grey page background is for its cards).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from markupsafe import Markup, escape

from dashboard.i18n import t

STYLE = (
    '<link rel="stylesheet" href="/assets/bootstrap.min.css">'
    '<link rel="stylesheet" href="/assets/wijkwaarde.css">'
)


def page(
    title: str,
    body: Markup | str,
    status: int = 200,
    wide: bool = False,
    lang: str = "nl",
    switch: str | None = None,
):
    """A whole HTML page as a Flask response tuple. `body` must already be Markup (escaped pieces). `lang` is
    the page's language ('nl' or 'en'); `switch`, when given, the address of the same page in the other
    language, shown top right as the dashboard's NL/EN switch."""
    lang = "en" if lang == "en" else "nl"
    width = "container-lg" if wide else "container"
    max_width = "72rem" if wide else "44rem"
    other = "nl" if lang == "en" else "en"
    header = (
        Markup(
            '<header class="{width} pt-3 d-flex justify-content-end" style="max-width: {max}">'
            '<a class="btn btn-outline-primary btn-sm" id="taal" href="{href}" hreflang="{other}" lang="{other}" '
            'title="{label}">{text}</a></header>'
        ).format(
            width=width,
            max=max_width,
            href=switch,
            other=other,
            label=t("switch_lang_label", lang),
            text=t("switch_lang", lang),
        )  # fmt: skip
        if switch
        else Markup("")
    )
    html = Markup(
        '<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>{title} – Wijkwaarde</title>{style}</head><body class="bg-white">'
        '<a class="visually-hidden-focusable" href="#inhoud">{skip}</a>{header}'
        '<main id="inhoud" class="{width} py-4" style="max-width: {max}">'
        '<h1 class="h3 mb-3">{title}</h1>{body}</main></body></html>'
    ).format(
        lang=lang, title=title, style=Markup(STYLE), skip=t("rep_skip", lang), header=header,
        width=width, max=max_width, body=Markup(body),
    )  # fmt: skip
    return str(html), status, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}


def table(head: Iterable[str], rows: Iterable[Iterable[object]], caption: str = "") -> Markup:
    """A table; cells that are Markup stay markup (links, inputs), everything else is escaped."""
    cap = Markup("<caption>{}</caption>").format(caption) if caption else Markup("")
    header = Markup("").join(Markup('<th scope="col">{}</th>').format(h) for h in head)
    body = Markup("").join(
        Markup("<tr>{}</tr>").format(Markup("").join(Markup("<td>{}</td>").format(c) for c in row))
        for row in rows
    )
    return Markup('<div class="table-responsive"><table class="table table-sm align-middle">{}<thead><tr>{}</tr>'
                  "</thead><tbody>{}</tbody></table></div>").format(cap, header, body)  # fmt: skip


def csrf_field(token: str) -> Markup:
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(token)


def error_summary(errors: Mapping[str, str]) -> Markup:
    """The errors at the top of the form, each a link to its field (WCAG 3.3.1); focused by role=alert."""
    if not errors:
        return Markup("")
    items = Markup("").join(
        Markup('<li><a href="#{}">{}</a></li>').format(field, message) for field, message in errors.items()
    )
    return Markup(
        '<div class="alert alert-danger" role="alert" id="fouten" tabindex="-1">'
        '<h2 class="h5">Er {} nog {} te verbeteren</h2><ul class="mb-0">{}</ul></div>'
    ).format(
        "is" if len(errors) == 1 else "zijn", "iets" if len(errors) == 1 else f"{len(errors)} dingen", items
    )


def field_error(errors: Mapping[str, str], name: str) -> Markup:
    if name not in errors:
        return Markup("")
    return Markup('<div class="invalid-feedback d-block" id="{}-fout">{}</div>').format(name, errors[name])


def described_by(errors: Mapping[str, str], name: str, hint: bool = False) -> Markup:
    ids = ([f"{name}-hint"] if hint else []) + ([f"{name}-fout"] if name in errors else [])
    invalid = Markup(' aria-invalid="true"') if name in errors else Markup("")
    return (Markup(' aria-describedby="{}"').format(" ".join(ids)) if ids else Markup("")) + invalid


def multiline(text: str) -> Markup:
    """Plain text with its line breaks, escaped."""
    return Markup("<br>").join(escape(line) for line in text.splitlines())
