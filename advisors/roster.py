"""The advisors: read from ``content/advisors.yml``, checked, and kept in the database.

The centre edits the list as content; the database holds what Koers works with (passwords,
lock-outs, who is active), so the list is synchronised into it at start, never the reverse.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from content import LANGUAGES, CatalogueError
from content.catalogue import _File
from storage.engine import writing
from storage.tables import advisors

ROLES = ("advisor", "coordinator")
_ID = re.compile(r"[a-z0-9_]{1,64}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Advisor:
    id: str
    name: str
    email: str
    role: str
    themes: tuple[str, ...]
    languages: tuple[str, ...]
    weekly_capacity: int
    active: bool
    teams_id: str | None = None

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"


def load_roster(directory: Path, theme_ids: Sequence[str]) -> list[Advisor]:
    """The advisors in ``advisors.yml``; CatalogueError names the file and key of a mistake."""
    file = _File(directory, "advisors.yml")
    top = file.mapping(file.data, "-")
    items = top.get("advisors")
    if not isinstance(items, list) or not items:
        raise file.error("advisors", "expected a non-empty list")
    roster: list[Advisor] = []
    seen_ids: set[str] = set()
    seen_emails: set[str] = set()
    for index, item in enumerate(items):
        node = file.mapping(item, f"advisors[{index}]")
        key = f"advisors[{index}]"
        advisor_id = node.get("id")
        if not isinstance(advisor_id, str) or not _ID.fullmatch(advisor_id):
            raise file.error(f"{key}.id", "expected an id of lower-case letters, digits and _")
        email = file.string(node, "email", key).lower()
        if not _EMAIL.fullmatch(email):
            raise file.error(f"{advisor_id}.email", "expected an e-mail address")
        if advisor_id in seen_ids or email in seen_emails:
            raise file.error(advisor_id, "this advisor appears twice")
        seen_ids.add(advisor_id)
        seen_emails.add(email)
        role = node.get("role")
        if role not in ROLES:
            raise file.error(f"{advisor_id}.role", "expected advisor or coordinator")
        themes = _ids(file, node, "themes", advisor_id, theme_ids)
        languages = _ids(file, node, "languages", advisor_id, LANGUAGES)
        capacity = node.get("weekly_capacity")
        if not isinstance(capacity, int) or isinstance(capacity, bool) or not 0 <= capacity <= 100:
            raise file.error(f"{advisor_id}.weekly_capacity", "expected a number from 0 to 100")
        active = node.get("active", True)
        if not isinstance(active, bool):
            raise file.error(f"{advisor_id}.active", "expected true or false")
        teams_id = node.get("teams_id") or None
        if teams_id is not None and not isinstance(teams_id, str):
            raise file.error(f"{advisor_id}.teams_id", "expected a text")
        roster.append(
            Advisor(
                id=advisor_id,
                name=file.string(node, "name", advisor_id),
                email=email,
                role=str(role),
                themes=themes,
                languages=languages,
                weekly_capacity=capacity,
                active=active,
                teams_id=teams_id,
            )
        )
    if not any(advisor.is_coordinator and advisor.active for advisor in roster):
        raise file.error("advisors", "at least one active coordinator is needed")
    return roster


def _ids(
    file: _File, node: Mapping[str, Any], field: str, key: str, known: Sequence[str]
) -> tuple[str, ...]:
    value = node.get(field)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise file.error(f"{key}.{field}", "expected a non-empty list")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise file.error(f"{key}.{field}", f"unknown id {unknown[0]!r}")
    return tuple(value)


def _row(advisor: Advisor) -> dict[str, Any]:
    return {
        "name": advisor.name,
        "email": advisor.email,
        "teams_id": advisor.teams_id,
        "role": advisor.role,
        "themes": json.dumps(advisor.themes),
        "languages": json.dumps(advisor.languages),
        "weekly_capacity": advisor.weekly_capacity,
        "active": advisor.active,
    }


def _advisor(row: Any) -> Advisor:
    return Advisor(
        id=row.id,
        name=row.name,
        email=row.email,
        role=row.role,
        themes=tuple(json.loads(row.themes)),
        languages=tuple(json.loads(row.languages)),
        weekly_capacity=row.weekly_capacity,
        active=row.active,
        teams_id=row.teams_id,
    )


class AdvisorStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def sync(self, roster: Sequence[Advisor]) -> None:
        """Add new advisors and update changed ones; passwords and lock-outs stay."""
        async with writing(self._engine) as connection:
            existing = {row.id for row in await connection.execute(select(advisors.c.id))}
            for advisor in roster:
                if advisor.id in existing:
                    await connection.execute(
                        update(advisors).where(advisors.c.id == advisor.id).values(**_row(advisor))
                    )
                else:
                    await connection.execute(
                        advisors.insert().values(id=advisor.id, failed_sign_ins=0, **_row(advisor))
                    )

    async def all(self, connection: AsyncConnection | None = None) -> list[Advisor]:
        query = select(advisors).order_by(advisors.c.id)
        if connection is not None:
            return [_advisor(row) for row in await connection.execute(query)]
        async with self._engine.connect() as own:
            return [_advisor(row) for row in await own.execute(query)]

    async def get(self, advisor_id: str) -> Advisor | None:
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(select(advisors).where(advisors.c.id == advisor_id))
            ).first()
        return None if row is None else _advisor(row)


__all__ = ["Advisor", "AdvisorStore", "CatalogueError", "load_roster"]
