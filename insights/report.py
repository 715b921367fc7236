"""The monthly report for the career centre's management: ``make report MONTH=2026-11`` (or
``python app.py report --month 2026-11``) writes one self-contained HTML file with the same
figures and charts as /insights, small counts hidden the same way. It needs nothing but the
database: open it in any browser, print it, mail it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from content import load_catalogue
from insights.figures import Filters, figures, load_comments
from insights.page import InsightTexts, render_body
from server.pages import e, stylesheet_text
from server.settings import Settings
from storage.engine import create_engine


async def report_html(settings: Settings, month: str, language: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    filters = Filters.month(year, number)
    catalogue = load_catalogue(settings.content_dir)
    engine = create_engine(settings.database_url)
    try:
        k = settings.insights_min_count
        conversations, tables = await figures(engine, catalogue, filters, k, language)
        comments = await load_comments(engine, filters, k)
    finally:
        await engine.dispose()
    texts = InsightTexts(catalogue, language)
    title = f"{catalogue.centre.bot_name} – {texts.t('insights.title')} {month}"
    body = render_body(texts, filters, conversations, tables, k, None, comments)
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{stylesheet_text()}</style></head>"
        f"<body><main><h1>{e(title)}</h1>"
        f"{body}</main></body></html>"
    )


def valid_month(month: str) -> bool:
    """True for a month written as ``YYYY-MM``."""
    parts = month.strip().split("-")
    return len(parts) == 2 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12


def write_report(settings: Settings, month: str, folder: Path, language: str) -> Path:
    """Write the report of ``month`` into ``folder``; the file's path."""
    html = asyncio.run(report_html(settings, month, language))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"koers-insights-{month}.html"
    path.write_text(html, encoding="utf-8")
    return path
