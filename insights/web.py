"""``/insights`` for coordinators (the console's sign-in): the figures for a chosen period,
channel, group and theme, each table with its chart and a CSV download."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlencode

from aiohttp import web

from advisors.console import require_coordinator
from advisors.web_auth import Caller
from insights.figures import Filters, Table, figures, load_comments
from insights.page import InsightTexts, as_csv, parse_period, render_body
from server.app_keys import CATALOGUE, ENGINE, SETTINGS
from server.pages import e

CHANNELS = ("msteams", "webchat")


def _filters(request: web.Request) -> Filters:
    query = request.query
    catalogue = request.app[CATALOGUE]
    try:
        period = parse_period(query.get("from"), query.get("to"), datetime.now(UTC).date())
    except ValueError as error:
        raise web.HTTPBadRequest(text=f"The period is not valid: {error}") from None

    def chosen(name: str, allowed: Iterable[str]) -> str | None:
        value = query.get(name) or None
        if value is not None and value not in allowed:
            raise web.HTTPBadRequest(text=f"Unknown {name}.")
        return value

    return Filters(
        period.start,
        period.end,
        chosen("channel", CHANNELS),
        chosen("group", catalogue.groups),
        chosen("theme", catalogue.themes),
    )


def _query(filters: Filters, language: str) -> str:
    fields = {
        "from": filters.start.isoformat(),
        "to": filters.last_day.isoformat(),
        "channel": filters.channel or "",
        "group": filters.group or "",
        "theme": filters.theme or "",
        "lang": language,
    }
    return urlencode(fields)


def _form(texts: InsightTexts, request: web.Request, filters: Filters) -> str:
    catalogue = request.app[CATALOGUE]
    language = texts.language

    def select(name: str, options: list[tuple[str, str]], chosen: str | None) -> str:
        items = [f'<option value="">{e(texts.t("insights.all"))}</option>'] + [
            f'<option value="{e(value)}"{_selected(value == chosen)}>{e(label)}</option>'
            for value, label in options
        ]
        label = e(texts.column(name))
        return f'<label>{label} <select name="{name}">{"".join(items)}</select></label>'

    groups = [(g, entry.name.in_language(language)) for g, entry in catalogue.groups.items()]
    themes = [(t, entry.name.in_language(language)) for t, entry in catalogue.themes.items()]
    return (
        '<form method="get" action="/insights" class="filters">'
        f'<input type="hidden" name="lang" value="{e(language)}">'
        f'<label>{e(texts.t("insights.period"))} <input type="date" name="from" '
        f'value="{e(filters.start.isoformat())}"></label>'
        f'<label>– <input type="date" name="to" value="{e(filters.last_day.isoformat())}"></label>'
        + select("channel", [(c, c) for c in CHANNELS], filters.channel)
        + select("group", groups, filters.group)
        + select("theme", themes, filters.theme)
        + f'<button type="submit">{e(texts.t("insights.filter"))}</button></form>'
    )


def _selected(chosen: bool) -> str:
    return " selected" if chosen else ""


async def _figures(
    request: web.Request,
) -> tuple[Caller, InsightTexts, Filters, int, int, list[Table]]:
    """What the page and the CSV both need: the coordinator, their texts, the filters, k,
    and the figures."""
    current = await require_coordinator(request)
    catalogue = request.app[CATALOGUE]
    texts = InsightTexts(catalogue, request.query.get("lang") or current.advisor.languages[0])
    filters = _filters(request)
    k = request.app[SETTINGS].insights_min_count
    conversations, tables = await figures(
        request.app[ENGINE], catalogue, filters, k, texts.language
    )
    return current, texts, filters, k, conversations, tables


async def insights_page(request: web.Request) -> web.Response:
    current, texts, filters, k, conversations, tables = await _figures(request)
    body = (
        f"<h2>{e(texts.t('insights.title'))}</h2>"
        + _form(texts, request, filters)
        + render_body(
            texts,
            filters,
            conversations,
            tables,
            k,
            _query(filters, texts.language),
            await load_comments(request.app[ENGINE], filters, k),
        )
    )
    return texts.document(texts.t("insights.title"), body, current)


async def insights_csv(request: web.Request) -> web.Response:
    _, texts, filters, k, _, tables = await _figures(request)
    wanted = request.match_info["table"]
    table = next((t for t in tables if t.key == wanted), None)
    if table is None:
        raise web.HTTPNotFound(text="There is no such table.")
    response = web.Response(text=as_csv(texts, table, k), content_type="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="koers-{table.key}-{filters.start.isoformat()}.csv"'
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def add_routes(app: web.Application) -> None:
    app.router.add_get("/insights", insights_page)
    app.router.add_get("/insights/{table}.csv", insights_csv)
