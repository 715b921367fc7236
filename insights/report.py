"""The monthly report for the career centre's management: ``make report MONTH=2026-11`` (or
``python -m insights.report --month 2026-11``) writes one self-contained HTML file with the same
figures and charts as /insights, small counts hidden the same way. It needs nothing but the
database: open it in any browser, print it, mail it."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from advisors.console import e
from content import CatalogueError, load_catalogue
from insights.figures import Filters, figures, load_comments
from insights.page import InsightTexts, render_body
from server.settings import Settings, SettingsError
from storage.engine import DatabaseUrlError, create_engine

STYLE = Path(__file__).resolve().parent.parent / "advisors" / "static" / "console.css"


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
        f"<title>{e(title)}</title><style>{STYLE.read_text(encoding='utf-8')}</style></head>"
        f"<body><main><h1>{e(title)}</h1>"
        f"{body}</main></body></html>"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m insights.report", description=__doc__)
    parser.add_argument("--month", required=True, help="the month, as YYYY-MM")
    parser.add_argument("--out", default="var/reports", help="the folder to write to")
    parser.add_argument("--lang", default="nl", choices=["nl", "en"])
    arguments = parser.parse_args(argv)
    month = arguments.month.strip()
    parts = month.split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
        sys.stderr.write(f"koers: --month must look like 2026-11, not {month!r}\n")
        return 2
    try:
        settings = Settings.from_env()
        html = asyncio.run(report_html(settings, month, arguments.lang))
    except (SettingsError, CatalogueError, DatabaseUrlError) as error:
        sys.stderr.write(f"koers: {error}\n")
        return 2
    except Exception as error:  # the database is away or not migrated: say so in one line
        sys.stderr.write(f"koers: cannot read the insights: {type(error).__name__}: {error}\n")
        return 1
    folder = Path(arguments.out)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"koers-insights-{month}.html"
    path.write_text(html, encoding="utf-8")
    sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
