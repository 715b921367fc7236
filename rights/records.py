"""Everything Koers keeps about one employee: found, exported, or erased, in one place.

Where an employee's data lives:
- bot state: their conversations' state and their user state (``bot_state``, by botbuilder's
  keys ``<channel>/conversations/<id>`` and ``<channel>/users/<id>``);
- web chat: their conversations and every message in them (``dl_conversations``,
  ``dl_activities``);
- intakes they sent, with the advisors' notes on them and the deliveries still to make.

Erasing deletes all of it. An intake an advisor has already taken up is not deleted but
anonymised: its content goes, the row stays as "withdrawn", so the advisor sees what happened to
the conversation they were about to have. The audit trail (who did what to which intake) holds
no employee data and stays for its own period.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from advisors.audit import record
from advisors.intake_store import TEAMS_CARD_UPDATE
from advisors.outbox import enqueue
from privacy.employee import Employee
from storage.engine import utc, writing
from storage.sql_storage import key_hash
from storage.tables import (
    bot_state,
    dl_activities,
    dl_conversations,
    intake_notes,
    intakes,
    outbox,
    reply_outbox,
)

WEB_CHAT = "webchat"
WITHDRAWN = "withdrawn"
# What an anonymised intake keeps: enough for the advisor's queue and the career centre's
# counts, nothing that says who it was or what they wrote.
_KEPT_FIELDS = ("schema_version", "id", "reference", "created_at", "language", "channel")


def state_keys(channel: str, user_id: str, conversation_ids: Iterable[str]) -> list[str]:
    """botbuilder's storage keys for a user's state and their conversations' state."""
    return [f"{channel}/users/{user_id}"] + [
        f"{channel}/conversations/{conversation_id}" for conversation_id in conversation_ids
    ]


def anonymised(intake: dict[str, Any]) -> dict[str, Any]:
    """The intake without its content: still schema-valid, so every reader keeps working."""
    kept = {name: intake[name] for name in _KEPT_FIELDS if name in intake}
    return {
        **kept,
        "consent": {"given_at": intake["consent"]["given_at"], "privacy_version": "withdrawn"},
        "question": {"theme": intake["question"]["theme"]},
        "contact": {"preference": intake["contact"]["preference"]},
    }


@dataclass
class Found:
    """Where the employee's rows are."""

    conversation_ids: list[str] = field(default_factory=list)
    state_keys: list[str] = field(default_factory=list)
    intakes: list[Any] = field(default_factory=list)
    # Web chat conversations kept, and the messages in them.
    web_conversations: int = 0
    messages: int = 0


@dataclass(frozen=True)
class Erased:
    """What an erasure removed, by kind (for the audit and the reply; no content)."""

    conversations: int
    states: int
    intakes_deleted: int
    intakes_withdrawn: int


class PersonalRecords:
    def __init__(self, engine: AsyncEngine, privacy_version: str = "") -> None:
        self._engine = engine
        self._privacy_version = privacy_version

    async def find(
        self,
        connection: AsyncConnection,
        employee: Employee | None,
        conversation_id: str | None = None,
        intake_id: str | None = None,
    ) -> Found:
        """The employee's rows; ``intake_id`` adds an intake that does not know its employee
        (sent from the terminal chat, or before Koers kept employee keys)."""
        found = Found()
        ids = {conversation_id} if conversation_id else set()
        if employee is not None and employee.channel == WEB_CHAT:
            rows = await connection.execute(
                select(dl_conversations.c.id).where(dl_conversations.c.user_id == employee.user_id)
            )
            ids.update(row.id for row in rows)
        whose = [intakes.c.id == intake_id] if intake_id else []
        if employee is not None:
            whose.append(intakes.c.employee_key == employee.key)
        found.intakes = (
            list(
                await connection.execute(
                    select(intakes).where(or_(*whose)).order_by(intakes.c.created_at)
                )
            )
            if whose
            else []
        )
        for row in found.intakes:
            reference = json.loads(row.employee_reference) if row.employee_reference else {}
            conversation = reference.get("conversation") or {}
            if conversation.get("id"):
                ids.add(str(conversation["id"]))
        found.conversation_ids = sorted(ids)
        if employee is None:
            return found
        counted = (
            await connection.execute(
                select(
                    func.count(func.distinct(dl_activities.c.conversation_id)), func.count()
                ).where(dl_activities.c.conversation_id.in_(found.conversation_ids))
            )
        ).one()
        found.web_conversations, found.messages = int(counted[0]), int(counted[1])
        keys = state_keys(employee.channel, employee.user_id, found.conversation_ids)
        stored = await connection.execute(
            select(bot_state.c.key).where(bot_state.c.key_hash.in_([key_hash(k) for k in keys]))
        )
        found.state_keys = [row.key for row in stored]
        return found

    async def export(
        self,
        employee: Employee | None,
        conversation_id: str | None,
        now: datetime,
        intake_id: str | None = None,
    ) -> dict[str, Any]:
        """Everything stored about the employee, as JSON the employee can keep."""
        async with self._engine.connect() as connection:
            found = await self.find(connection, employee, conversation_id, intake_id)
            conversations = [
                conversation
                for cid in found.conversation_ids
                if (conversation := await _conversation(connection, cid)) is not None
            ]
            states = await connection.execute(
                select(bot_state.c.key, bot_state.c.data).where(
                    bot_state.c.key_hash.in_([key_hash(k) for k in found.state_keys])
                )
            )
            sent = [await _sent_intake(connection, row) for row in found.intakes]
        return {
            "exported_at": now.isoformat(),
            "privacy_version": self._privacy_version,
            "channel": employee.channel if employee else None,
            "conversations": conversations,
            "state": {row.key: _plain(row.data) for row in states},
            "intakes": sent,
        }

    async def export_file(
        self,
        employee: Employee | None,
        conversation_id: str | None,
        now: datetime,
        intake_id: str | None = None,
    ) -> bytes:
        """The export as the file the employee downloads (UTF-8 JSON, indented to be read)."""
        export = await self.export(employee, conversation_id, now, intake_id)
        return json.dumps(export, ensure_ascii=False, indent=2).encode("utf-8")

    async def erase(
        self,
        employee: Employee | None,
        conversation_id: str | None,
        now: datetime,
        actor: str,
        intake_id: str | None = None,
    ) -> Erased:
        """Delete everything about the employee in one transaction; anonymise intakes an
        advisor already took up, and update their card in the advisors' channel."""
        async with writing(self._engine) as connection:
            found = await self.find(connection, employee, conversation_id, intake_id)
            gone = await _erase_conversations(connection, found)
            deleted = withdrawn = 0
            for row in found.intakes:
                outcome = await _erase_intake(connection, row, now, actor)
                deleted += outcome == "deleted"
                withdrawn += outcome == "newly_withdrawn"
        return Erased(
            conversations=gone,
            states=len(found.state_keys),
            intakes_deleted=deleted,
            intakes_withdrawn=withdrawn,
        )

    async def employee_of(self, intake_id: str) -> tuple[Employee | None, str | None]:
        """Who sent an intake and from which conversation, for a coordinator acting on a
        request that came by mail; (None, None) when the intake does not say."""
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(
                    select(intakes.c.employee_reference).where(intakes.c.id == intake_id)
                )
            ).first()
        reference = json.loads(row.employee_reference) if row and row.employee_reference else None
        conversation = (reference or {}).get("conversation") or {}
        return Employee.from_reference(reference), conversation.get("id")

    async def summary(self, employee: Employee, conversation_id: str | None) -> Found:
        """Where the employee's rows are, for "wat weet je van mij?"."""
        async with self._engine.connect() as connection:
            return await self.find(connection, employee, conversation_id)


def _message(activity: dict[str, Any]) -> dict[str, Any]:
    """One web chat message as the employee saw it: who, when, what."""
    sender = "employee" if (activity.get("from") or {}).get("role") == "user" else "koers"
    kept = {"from": sender, "at": activity.get("timestamp"), "type": activity.get("type")}
    for name in ("text", "value", "attachments"):
        if activity.get(name) is not None:
            kept[name] = activity[name]
    return kept


def _plain(data: str) -> Any:
    """Stored state as plain JSON (its class markers are Koers' business, not the employee's)."""
    return _strip_markers(json.loads(data))


def _strip_markers(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip_markers(v) for k, v in node.items() if not str(k).startswith("py/")}
    if isinstance(node, list):
        return [_strip_markers(item) for item in node]
    return node


# Where the web endpoints find the records on the aiohttp application.
RECORDS = web.AppKey("personal_records", PersonalRecords)


async def _conversation(connection: AsyncConnection, cid: str) -> dict[str, Any] | None:
    """One web chat conversation with its messages, as the export shows it."""
    row = (
        await connection.execute(select(dl_conversations).where(dl_conversations.c.id == cid))
    ).first()
    if row is None:
        return None
    messages = await connection.execute(
        select(dl_activities.c.data)
        .where(dl_activities.c.conversation_id == cid)
        .order_by(dl_activities.c.seq)
    )
    return {
        "id": cid,
        "started_at": utc(row.created_at).isoformat(),
        "last_activity_at": utc(row.last_activity_at).isoformat(),
        "messages": [_message(json.loads(data)) for (data,) in messages],
    }


async def _sent_intake(connection: AsyncConnection, row: Any) -> dict[str, Any]:
    """One intake the employee sent, with the advisors' notes on it, as the export shows it."""
    notes = await connection.execute(
        select(intake_notes.c.created_at, intake_notes.c.text)
        .where(intake_notes.c.intake_id == row.id)
        .order_by(intake_notes.c.created_at)
    )
    return {
        "reference": row.reference,
        "status": row.status,
        "sent_at": utc(row.created_at).isoformat(),
        "intake": json.loads(row.data),
        "advisor_notes": [{"at": utc(n.created_at).isoformat(), "text": n.text} for n in notes],
    }


async def _erase_conversations(connection: AsyncConnection, found: Found) -> int:
    """Delete the employee's web chat conversations, their messages, their state and the
    replies still waiting for them; how many conversations went."""
    await connection.execute(
        delete(dl_activities).where(dl_activities.c.conversation_id.in_(found.conversation_ids))
    )
    gone = await connection.execute(
        delete(dl_conversations).where(dl_conversations.c.id.in_(found.conversation_ids))
    )
    await connection.execute(
        delete(bot_state).where(bot_state.c.key_hash.in_([key_hash(k) for k in found.state_keys]))
    )
    await connection.execute(
        delete(reply_outbox).where(reply_outbox.c.conversation_id.in_(found.conversation_ids))
    )
    return int(gone.rowcount or 0)


async def _erase_intake(connection: AsyncConnection, row: Any, now: datetime, actor: str) -> str:
    """Delete an intake nobody took up; empty and withdraw one an advisor took, and have its
    Teams card updated. "deleted", "newly_withdrawn" or "withdrawn" (it already was)."""
    await connection.execute(delete(intake_notes).where(intake_notes.c.intake_id == row.id))
    if row.status == "new" and row.assignee is None:
        await connection.execute(delete(outbox).where(outbox.c.intake_id == row.id))
        await connection.execute(delete(intakes).where(intakes.c.id == row.id))
        await record(connection, now, actor, "erased", row.id)
        return "deleted"
    outcome = "withdrawn" if row.status == WITHDRAWN else "newly_withdrawn"
    await connection.execute(
        update(intakes)
        .where(intakes.c.id == row.id)
        .values(
            data=json.dumps(anonymised(json.loads(row.data)), ensure_ascii=False),
            status=WITHDRAWN,
            employee_reference=None,
            employee_key=None,
            withdrawn_at=now,
            updated_at=now,
        )
    )
    await record(connection, now, actor, WITHDRAWN, row.id)
    if row.teams_activity_id is not None:
        await enqueue(connection, TEAMS_CARD_UPDATE, row.id, now)
    return outcome
