"""Shows the insights: the page for coordinators (``/insights``), a CSV per table, and the same
figures as one self-contained HTML file for the monthly report. Charts are SVG drawn here, so
nothing is loaded from elsewhere; every chart has its table beside it."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, timedelta

from advisors.console import Page
from insights.figures import Filters, Table
from server.pages import e

BAR_HEIGHT = 22
CHART_WIDTH = 520
LABEL_WIDTH = 230


class InsightTexts(Page):
    """The console's texts in the coordinator's language, and the names of the insights'
    columns and steps."""

    def column(self, name: str) -> str:
        key = f"insights.column.{name}"
        return self.t(key) if key in self.catalogue.messages else name

    def label(self, table: Table, value: str) -> str:
        key = f"insights.step.{value}"
        if table.key in {"funnel", "stopped"} and key in self.catalogue.messages:
            return self.t(key)
        return value


def render_body(
    texts: InsightTexts,
    filters: Filters,
    conversations: int,
    tables: Sequence[Table],
    k: int,
    csv_query: str | None,
    comments: Sequence[str] = (),
) -> str:
    """The figures as HTML: a headline, then per table a chart and the table itself."""
    total = str(conversations) if conversations >= k else f"< {k}"
    parts = [
        f"<p>{e(texts.t('insights.intro', k=str(k)))}</p>",
        f'<p class="headline">{e(texts.t("insights.conversations"))}: '
        f'<strong data-figure="conversations">{e(total)}</strong> '
        f"({e(filters.start.isoformat())} – {e(filters.last_day.isoformat())})"
        "</p>",
    ]
    for table in tables:
        shown = table.shown(k)
        title = texts.t(f"insights.table.{table.key}")
        link = (
            f'<p><a href="/insights/{table.key}.csv?{e(csv_query)}">{e(texts.t("insights.csv"))}'
            "</a></p>"
            if csv_query is not None
            else ""
        )
        parts.append(
            f'<section id="{table.key}"><h2>{e(title)}</h2><div class="insight">'
            f"{_chart(texts, table, shown, title)}{_table(texts, table, shown)}</div>{link}"
            "</section>"
        )
    items = "".join(f"<li>{e(comment)}</li>" for comment in comments)
    parts.append(
        f'<section id="comments"><h2>{e(texts.t("insights.comments"))}</h2>'
        f"<p>{e(texts.t('insights.comments_note', k=str(k)))}</p>"
        f'<ul class="comments">{items}</ul></section>'
    )
    return "".join(parts)


def _table(texts: InsightTexts, table: Table, shown: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{e(texts.column(c))}</th>' for c in table.columns)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{e(texts.label(table, row[0]))}</th>'
        + "".join(
            f'<td data-column="{e(c)}">{e(v)}</td>'
            for c, v in zip(table.columns[1:], row[1:], strict=True)
        )
        + "</tr>"
        for row in shown
    )
    return (
        f'<table data-table="{table.key}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _chart(texts: InsightTexts, table: Table, shown: list[list[str]], title: str) -> str:
    """Horizontal bars of the table's first count; a hidden count gets no bar."""
    if not table.counts or not table.rows:
        return ""
    column = table.counts[0]
    values = [
        row[column] if isinstance(row[column], int) and shown[i][column].isdigit() else None
        for i, row in enumerate(table.rows)
    ]
    largest = max((v for v in values if isinstance(v, int)), default=0) or 1
    height = BAR_HEIGHT * len(values) + 4
    bars = []
    for index, (row, value) in enumerate(zip(shown, values, strict=True)):
        y = index * BAR_HEIGHT + 2
        label = texts.label(table, row[0])
        width = (
            0
            if not isinstance(value, int)
            else round((CHART_WIDTH - LABEL_WIDTH - 60) * value / largest)
        )
        bars.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{e(label[:28])}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{BAR_HEIGHT - 6}" '
            'fill="#1f5f99"></rect>'
            f'<text x="{LABEL_WIDTH + width + 4}" y="{y + 15}" font-size="12">'
            f"{e(row[column])}</text>"
        )
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'width="{CHART_WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{e(title)}</title>{''.join(bars)}</svg>"
    )


def as_csv(texts: InsightTexts, table: Table, k: int) -> str:
    """The table as shown (small counts hidden), with a text that starts like a formula made
    harmless for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in table.shown(k):
        writer.writerow([_cell(texts.label(table, row[0])), *(_cell(v) for v in row[1:])])
    return out.getvalue()


def _cell(value: str) -> str:
    return "'" + value if value[:1] in {"=", "+", "-", "@"} and value not in {"-"} else value


def parse_period(start: str | None, end: str | None, today: date) -> Filters:
    """The period from the query (YYYY-MM-DD, inclusive); the current month by default."""
    if not start and not end:
        return Filters.month(today.year, today.month)
    first = date.fromisoformat(start) if start else today.replace(day=1)
    last = date.fromisoformat(end) if end else today
    if last < first:
        raise ValueError("the period ends before it starts")
    return Filters(first, last + timedelta(days=1))
