"""Advisors: the roster from content/advisors.yml, matching, and storing an intake with its
proposal, deliveries and audit trail in one transaction (on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from advisors.audit import trail
from advisors.intake import build
from advisors.intake_store import ADVISOR_MAIL, TEAMS_CARD, IntakeStore
from advisors.matching import propose
from advisors.queue import IntakeQueue
from advisors.roster import Advisor, AdvisorStore, load_roster
from content import CatalogueError, load_catalogue
from server.settings import PROJECT_ROOT
from storage.tables import advisors, intakes, outbox

CONTENT = PROJECT_ROOT / "content"
THEMES = tuple(load_catalogue(CONTENT).themes)
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def advisor(
    advisor_id: str, themes: tuple[str, ...], languages: tuple[str, ...] = ("nl",)
) -> Advisor:
    email = f"{advisor_id}@gemeente.example"
    return Advisor(advisor_id, advisor_id.title(), email, "advisor", themes, languages, 3, True)


def intake(
    theme: str = "internal_mobility", language: str = "nl", at: datetime = NOW
) -> dict[str, Any]:
    return build(
        answers={"theme": theme, "question": "Ik wil iets anders", "urgency": "medium"},
        contact={"preference": "email", "email": "jan@gemeente.example"},
        language=language,
        channel="webchat",
        consent_at=at,
        privacy_version="2026-11-25",
    )


def test_the_shipped_roster_loads() -> None:
    roster = load_roster(CONTENT, THEMES)
    assert any(a.is_coordinator for a in roster)
    assert all(set(a.themes) <= set(THEMES) for a in roster)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["advisors"][1].update(themes=["astrology"]), "bram.themes: unknown id"),
        (lambda d: d["advisors"][1].update(languages=["de"]), "bram.languages: unknown id"),
        (lambda d: d["advisors"].append(dict(d["advisors"][1])), "bram: this advisor appears"),
        (lambda d: d["advisors"][0].update(role="boss"), "anna.role"),
        (lambda d: d["advisors"][2].update(weekly_capacity="veel"), "chantal.weekly_capacity"),
        (lambda d: d["advisors"][0].update(role="advisor"), "at least one active coordinator"),
    ],
)
def test_a_broken_roster_names_file_and_key(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], where: str
) -> None:
    data = yaml.safe_load((CONTENT / "advisors.yml").read_text(encoding="utf-8"))
    change(data)
    (tmp_path / "advisors.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"advisors\.yml") as raised:
        load_roster(tmp_path, THEMES)
    assert where in str(raised.value)


def test_matching_prefers_theme_and_language_with_room_and_takes_turns() -> None:
    roster = [
        advisor("bram", ("internal_mobility",)),
        advisor("dirk", ("internal_mobility",)),
        advisor("eva", ("development",), ("nl", "en")),
    ]
    first = propose("internal_mobility", "nl", roster, {}, {})
    assert first.advisor_id == "bram"
    assert first.reason == "expert"
    turn = propose("internal_mobility", "nl", roster, {}, {"bram": NOW})
    assert turn.advisor_id == "dirk"  # round-robin among equals
    full = propose("internal_mobility", "nl", roster, {"bram": 3, "dirk": 3}, {})
    assert full.advisor_id == "eva"
    assert full.reason == "language_only"
    english = propose("internal_mobility", "en", roster, {}, {})
    assert english.advisor_id == "eva"
    nobody = propose("internal_mobility", "en", roster, {"eva": 3}, {})
    assert nobody.advisor_id is None
    assert nobody.reason == "nobody"


async def test_an_intake_is_stored_with_proposal_deliveries_and_audit(engine: AsyncEngine) -> None:
    await AdvisorStore(engine).sync(load_roster(CONTENT, THEMES))
    store = IntakeStore(engine)
    first, second = intake(), intake(at=NOW + timedelta(minutes=5))
    await store.add(first, {"conversation": {"id": "c-1"}})
    await store.add(second)

    async with engine.connect() as connection:
        rows = (await connection.execute(select(intakes).order_by(intakes.c.created_at))).all()
        deliveries = (await connection.execute(select(outbox.c.kind, outbox.c.intake_id))).all()
    # bram, dirk and anna take internal mobility in Dutch; anna has least room but takes turns.
    assert [row.proposed_advisor for row in rows] == ["anna", "bram"]
    assert rows[0].status == "new" and rows[0].theme == "internal_mobility"
    assert rows[0].urgency == "medium" and rows[0].language == "nl"
    assert rows[0].employee_reference == '{"conversation": {"id": "c-1"}}'
    assert sorted(deliveries) == sorted(
        [(kind, i["id"]) for i in (first, second) for kind in (TEAMS_CARD, ADVISOR_MAIL)]
    )
    steps = [(line["actor"], line["action"]) for line in await trail(engine, first["id"])]
    assert steps == [("koers", "stored"), ("koers", "proposed")]


async def test_syncing_the_roster_keeps_passwords_and_updates_details(
    engine: AsyncEngine,
) -> None:
    store = AdvisorStore(engine)
    roster = load_roster(CONTENT, THEMES)
    await store.sync(roster)
    async with engine.begin() as connection:
        await connection.execute(advisors.update().values(password_hash="kept"))
    changed = [
        Advisor(**{**a.__dict__, "weekly_capacity": 9}) if a.id == "bram" else a for a in roster
    ]
    await store.sync(changed)
    bram = await store.get("bram")
    assert bram is not None and bram.weekly_capacity == 9
    async with engine.connect() as connection:
        hashes = {row[0] for row in await connection.execute(select(advisors.c.password_hash))}
    assert hashes == {"kept"}


async def test_what_nobody_had_room_for_comes_first_for_the_coordinator(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    """An intake Koers could propose to nobody (the week is full) waits for a coordinator: it
    heads the coordinator's queue, even when newer intakes came in since."""
    full = yaml.safe_load((CONTENT / "advisors.yml").read_text(encoding="utf-8"))
    for person in full["advisors"]:
        person["weekly_capacity"] = 0
    (tmp_path / "advisors.yml").write_text(yaml.safe_dump(full), encoding="utf-8")
    store, roster = IntakeStore(engine), AdvisorStore(engine)
    await roster.sync(load_roster(tmp_path, THEMES))
    waiting = await store.add(intake(at=NOW))
    assert not waiting.advisor_proposed
    await roster.sync(load_roster(CONTENT, THEMES))
    newer = await store.add(intake(at=NOW + timedelta(hours=1)))
    assert newer.advisor_proposed
    people = {person.id: person for person in load_roster(CONTENT, THEMES)}
    coordinator = next(person for person in people.values() if person.is_coordinator)
    advisor_ = next(person for person in people.values() if not person.is_coordinator)
    queue = IntakeQueue(engine)
    seen = [item.reference for item in await queue.find(coordinator)]
    assert seen == [waiting.reference, newer.reference]
    seen = [item.reference for item in await queue.find(advisor_)]
    assert seen == [newer.reference, waiting.reference]  # advisors: newest first, as before
