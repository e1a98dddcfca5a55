"""The indicator catalogue's rows and columns, for the page and for its search and export callbacks."""

from __future__ import annotations

from dashboard import formatting as fmt
from dashboard.i18n import local, t
from dashboard.repository import Repository

EXPORT_PAGE = "indicators"  # the export buttons' page key


def column_defs(lang: str) -> list[dict]:
    def col(field: str, key: str, **extra) -> dict:
        return {"field": field, "headerName": t(key, lang), **extra}

    return [
        col("code", "col_code", minWidth=185),  # the longest code on one line (cells wrap at spaces)
        col("naam_nl", "col_name_nl", minWidth=200, flex=2),
        col("naam_en", "col_name_en", minWidth=200, flex=2),
        col("eenheid", "col_unit", minWidth=100),
        col("richting", "col_direction", minWidth=130),
        col("toc", "col_toc", minWidth=120),
        col("aggregatie", "col_aggregation", minWidth=150),
        col("thema", "col_theme", minWidth=150),
        col("iris", "col_iris", minWidth=110),
        col("sdg", "col_sdg", minWidth=100),
        col("initiatieven", "col_reporting", minWidth=120, type="rightAligned"),
    ]


def rows(repo: Repository, lang: str) -> list[dict]:
    """One row per indicator, labels in the page's language, in Theory-of-Change order."""
    out = []
    for r in repo.indicator_catalogue().itertuples(index=False):

        def text(value) -> str | None:
            return value if isinstance(value, str) else None

        out.append(
            {
                "code": r.code,
                "naam_nl": r.name_nl,
                "naam_en": r.name_en,
                "eenheid": fmt.unit(r.unit),
                "richting": text(local(r, "direction", lang)),
                "toc": text(local(r, "toc_level", lang)),
                "aggregatie": text(local(r, "aggregation", lang)),
                "thema": text(local(r, "theme", lang)),
                "iris": text(r.iris_code),
                "sdg": text(r.sdg_target),
                "initiatieven": int(r.initiatives),
            }
        )
    return out
