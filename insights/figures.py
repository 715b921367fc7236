"""Counts the anonymous insight events into the tables the career centre reads.

Every table counts journeys (one pass through the conversation) that started in the chosen
period and match the chosen channel, group and theme. A count from 1 to ``k`` - 1 is never
shown (a zero names nobody): it becomes "< k" on the page, in the CSV and in the report; and
when a column has exactly one such cell, the next smallest is hidden too, so that it cannot be
worked out from the total.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from content import Catalogue
from insights import events
from storage.engine import utc
from storage.tables import feedback_comments, insight_events, intakes

HIDDEN = "—"


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # the first day after the period
    channel: str | None = None
    group: str | None = None
    theme: str | None = None

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @classmethod
    def month(cls, year: int, month: int) -> Filters:
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1)
        return cls(start, end)


@dataclass
class Journey:
    channel: str
    started_at: datetime
    kinds: set[str] = field(default_factory=set)
    values: dict[str, list[str]] = field(default_factory=dict)

    def first(self, kind: str) -> str | None:
        found = self.values.get(kind)
        return found[0] if found else None


Cell = int | float | str | None


@dataclass
class Table:
    """Rows of a label and numbers; ``counts`` says which columns are counts (suppressed)."""

    key: str
    columns: list[str]
    rows: list[list[Cell]]
    counts: tuple[int, ...] = (1,)

    def shown(self, k: int) -> list[list[str]]:
        """The rows as shown: small counts hidden, see the module's docstring."""
        hidden = {
            (row, column)
            for column in self.counts
            for row in _hidden_in_column([r[column] for r in self.rows], k)
        }
        return [
            [
                _shown(value, k, (row_index, column) in hidden, column in self.counts)
                for column, value in enumerate(row)
            ]
            for row_index, row in enumerate(self.rows)
        ]


def _hidden_in_column(values: Sequence[Cell], k: int) -> set[int]:
    small = [i for i, v in enumerate(values) if isinstance(v, int) and 0 < v < k]
    if len(small) != 1:
        return set(small)
    others = [(v, i) for i, v in enumerate(values) if isinstance(v, int) and v >= k]
    return set(small) | ({min(others)[1]} if others else set())


def _shown(value: Cell, k: int, hidden: bool, is_count: bool) -> str:
    if value is None:
        return HIDDEN
    if is_count and isinstance(value, int) and hidden:
        return f"< {k}" if value < k else HIDDEN
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


async def load_journeys(engine: AsyncEngine, filters: Filters) -> list[Journey]:
    """The journeys that started in the period and match the filters."""
    start = datetime.combine(filters.start, time(), UTC)
    end = datetime.combine(filters.end, time(), UTC)
    started = (
        select(insight_events.c.journey)
        .where(insight_events.c.kind == events.STARTED)
        .where(insight_events.c.at >= start, insight_events.c.at < end)
    )
    if filters.channel:
        started = started.where(insight_events.c.channel == filters.channel)
    query = (
        select(insight_events)
        .where(insight_events.c.journey.in_(started))
        .order_by(insight_events.c.id)
    )
    journeys: dict[str, Journey] = {}
    async with engine.connect() as connection:
        for row in (await connection.execute(query)).all():
            journey = journeys.setdefault(row.journey, Journey(row.channel, utc(row.at)))
            journey.kinds.add(row.kind)
            if row.value is not None:
                journey.values.setdefault(row.kind, []).append(row.value)
    return [
        journey
        for journey in journeys.values()
        if (filters.group is None or journey.first(events.GROUP) == filters.group)
        and (filters.theme is None or journey.first(events.THEME) == filters.theme)
    ]


def _by(journeys: Iterable[Journey], key: Callable[[Journey], Iterable[str]]) -> Counter[str]:
    counted: Counter[str] = Counter()
    for journey in journeys:
        counted.update(set(key(journey)))
    return counted


def _ratio(part: int, whole: int, k: int) -> float | None:
    """A percentage, only when both numbers may be shown."""
    shown = (part == 0 or part >= k) and whole >= k
    return round(100 * part / whole, 1) if shown else None


async def figures(
    engine: AsyncEngine, catalogue: Catalogue, filters: Filters, k: int, language: str
) -> tuple[int, list[Table]]:
    """The number of conversations and every table, for ``filters``."""
    journeys = await load_journeys(engine, filters)
    name = _namer(catalogue, language)
    tables = [
        _weekly(journeys),
        _counted("themes", journeys, events.THEME, catalogue.themes, name("themes")),
        _counted("drivers", journeys, events.DRIVER, catalogue.drivers, name("drivers")),
        _counted("talents", journeys, events.TALENT, catalogue.talents, name("talents")),
        _products(journeys, catalogue, name("products")),
        _funnel(journeys, k),
        _stopped(journeys),
        await _intakes(engine, journeys, filters, catalogue, name("themes"), k),
        _satisfaction(journeys, k),
        _counted("groups", journeys, events.GROUP, catalogue.groups, name("groups"), True),
    ]
    return len(journeys), tables


def _namer(catalogue: Catalogue, language: str) -> Callable[[str], Callable[[str], str]]:
    def for_section(section: str) -> Callable[[str], str]:
        entries = getattr(catalogue, section)

        def name(entry_id: str) -> str:
            entry = entries.get(entry_id)
            return entry.name.in_language(language) if entry else entry_id

        return name

    return for_section


def _weekly(journeys: list[Journey]) -> Table:
    channels = sorted({journey.channel for journey in journeys})
    weeks: dict[str, Counter[str]] = {}
    for journey in journeys:
        year, week, _ = journey.started_at.isocalendar()
        weeks.setdefault(f"{year}-W{week:02d}", Counter())[journey.channel] += 1
    rows: list[list[Cell]] = [
        [week, *(weeks[week][channel] for channel in channels)] for week in sorted(weeks)
    ]
    return Table("weekly", ["week", *channels], rows, tuple(range(1, len(channels) + 1)))


def _counted(
    key: str,
    journeys: list[Journey],
    kind: str,
    entries: Iterable[str],
    name: Callable[[str], str],
    with_unknown: bool = False,
) -> Table:
    counted = _by(journeys, lambda journey: journey.values.get(kind, []))
    rows: list[list[Cell]] = [[name(entry), counted[entry]] for entry in entries]
    if with_unknown:
        rows.append(["-", sum(1 for journey in journeys if kind not in journey.values)])
    return Table(key, [key[:-1], "conversations"], rows)


def _products(journeys: list[Journey], catalogue: Catalogue, name: Callable[[str], str]) -> Table:
    recommended = _by(journeys, lambda j: j.values.get(events.RECOMMENDED, []))
    asked = _by(journeys, lambda j: j.values.get(events.ASKED_ABOUT, []))
    requested = _by(
        (j for j in journeys if events.INTAKE_CONSENTED in j.kinds),
        lambda j: j.values.get(events.RECOMMENDED, []),
    )
    rows: list[list[Cell]] = [
        [name(product), recommended[product], asked[product], requested[product]]
        for product in catalogue.products
    ]
    return Table("products", ["product", "recommended", "asked_about", "request"], rows, (1, 2, 3))


def _funnel(journeys: list[Journey], k: int) -> Table:
    rows: list[list[Cell]] = []
    before: int | None = None
    for step in events.FUNNEL:
        reached = sum(1 for journey in journeys if step in journey.kinds)
        dropped = _ratio(before - reached, before, k) if before is not None else 0.0
        rows.append([step, reached, dropped])
        before = reached
    return Table("funnel", ["step", "conversations", "dropped_percent"], rows)


def _stopped(journeys: list[Journey]) -> Table:
    last_steps: Counter[str] = Counter()
    for journey in journeys:
        if events.FINISHED in journey.kinds:
            continue
        reached = [step for step in events.FUNNEL if step in journey.kinds]
        last_steps[reached[-1] if reached else events.STARTED] += 1
    rows: list[list[Cell]] = [[step, last_steps[step]] for step in events.FUNNEL]
    return Table("stopped", ["after_step", "conversations"], rows)


async def _intakes(
    engine: AsyncEngine,
    journeys: list[Journey],
    filters: Filters,
    catalogue: Catalogue,
    name: Callable[[str], str],
    k: int,
) -> Table:
    with_theme = _by(journeys, lambda j: j.values.get(events.THEME, []))
    consented = _by(
        (j for j in journeys if events.INTAKE_CONSENTED in j.kinds),
        lambda j: j.values.get(events.THEME, []),
    )
    start = datetime.combine(filters.start, time(), UTC)
    end = datetime.combine(filters.end, time(), UTC)
    query = select(intakes.c.theme, intakes.c.created_at, intakes.c.claimed_at, intakes.c.closed_at)
    query = query.where(intakes.c.created_at >= start, intakes.c.created_at < end)
    claim_hours: dict[str, list[float]] = {}
    close_days: dict[str, list[float]] = {}
    async with engine.connect() as connection:
        for row in (await connection.execute(query)).all():
            theme = row.theme or "-"
            created = utc(row.created_at)
            if row.claimed_at is not None:
                hours = (utc(row.claimed_at) - created) / timedelta(hours=1)
                claim_hours.setdefault(theme, []).append(hours)
            if row.closed_at is not None:
                days = (utc(row.closed_at) - created) / timedelta(days=1)
                close_days.setdefault(theme, []).append(days)

    def median(values: list[float]) -> float | None:
        return statistics.median(values) if len(values) >= k else None

    rows: list[list[Cell]] = [
        [
            name(theme),
            with_theme[theme],
            consented[theme],
            _ratio(consented[theme], with_theme[theme], k),
            median(claim_hours.get(theme, [])),
            median(close_days.get(theme, [])),
        ]
        for theme in catalogue.themes
    ]
    return Table(
        "intakes",
        [
            "theme",
            "conversations",
            "requests",
            "request_percent",
            "median_hours_to_claim",
            "median_days_to_close",
        ],
        rows,
        (1, 2),
    )


def _satisfaction(journeys: list[Journey], k: int) -> Table:
    scores = [int(s) for j in journeys for s in j.values.get(events.SATISFACTION, [])[:1]]
    counted = Counter(scores)
    rows: list[list[Cell]] = [[str(score), counted[score]] for score in range(1, 6)]
    mean = round(statistics.mean(scores), 2) if len(scores) >= k else None
    rows.append(["mean", mean])
    return Table("satisfaction", ["score", "conversations"], rows)


MAX_COMMENTS_SHOWN = 200


async def load_comments(engine: AsyncEngine, filters: Filters, k: int) -> list[str]:
    """The period's comments, newest first; none at all when there are fewer than ``k`` (a
    comment is never filtered by group, channel or theme, so it cannot be put next to one)."""
    start = datetime.combine(filters.start, time(), UTC)
    end = datetime.combine(filters.end, time(), UTC)
    query = (
        select(feedback_comments.c.text)
        .where(feedback_comments.c.day >= start, feedback_comments.c.day < end)
        .order_by(feedback_comments.c.day.desc(), feedback_comments.c.id.desc())
        .limit(MAX_COMMENTS_SHOWN)
    )
    async with engine.connect() as connection:
        texts = list((await connection.scalars(query)).all())
    return texts if len(texts) >= k else []
