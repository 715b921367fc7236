"""The advisors' queue: who may see which intake, and the changes an intake can go through.

Status: new → claimed → contacted → closed (with a closing reason). An advisor sees intakes
nobody has taken yet and their own; a coordinator sees all and can give one to anybody. An
advisor can hand an intake back (it becomes new again). Every read and change is audited.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from advisors.audit import record
from advisors.intake_store import ADVISOR_MAIL, EMPLOYEE_CLAIMED, TEAMS_CARD_UPDATE
from advisors.outbox import enqueue
from advisors.roster import Advisor, AdvisorStore
from server.clock import or_now
from storage.engine import utc, writing
from storage.tables import intake_notes, intakes

STATUSES = ("new", "claimed", "contacted", "closed", "withdrawn")
MAX_NOTE = 5000
MAX_REASON = 200


class NotAllowed(Exception):
    """The intake exists but is not this advisor's to see or change (403)."""


class NotFound(Exception):
    """There is no such intake (404)."""


class InvalidChange(ValueError):
    """The change cannot be made; the message says why (422)."""


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    mine: bool = False
    theme: str | None = None
    urgency: str | None = None
    older_than_days: int | None = None


@dataclass(frozen=True)
class Change:
    status: str | None = None
    assignee: str | None = None
    unassign: bool = False
    note: str | None = None
    closing_reason: str | None = None
    # A claim (the button), not a reassignment: refused when somebody already has it.
    claim_only: bool = False


@dataclass
class QueueItem:
    id: str
    reference: str
    created_at: datetime
    status: str
    theme: str | None
    urgency: str | None
    language: str | None
    proposed_advisor: str | None
    proposal_reason: str | None
    assignee: str | None
    closing_reason: str | None
    intake: dict[str, Any]
    has_employee_reference: bool = False
    has_card: bool = False
    notes: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reference": self.reference,
            "created_at": self.created_at.isoformat(),
            "status": self.status,
            "theme": self.theme,
            "urgency": self.urgency,
            "language": self.language,
            "proposed_advisor": self.proposed_advisor,
            "proposal_reason": self.proposal_reason,
            "assignee": self.assignee,
            "closing_reason": self.closing_reason,
        }

    def details(self) -> dict[str, Any]:
        return {**self.summary(), "intake": self.intake, "notes": self.notes}


def _item(row: Any) -> QueueItem:
    return QueueItem(
        id=row.id,
        reference=row.reference,
        created_at=utc(row.created_at),
        status=row.status,
        theme=row.theme,
        urgency=row.urgency,
        language=row.language,
        proposed_advisor=row.proposed_advisor,
        proposal_reason=row.proposal_reason,
        assignee=row.assignee,
        closing_reason=row.closing_reason,
        intake=json.loads(row.data),
        has_employee_reference=row.employee_reference is not None,
        has_card=row.teams_activity_id is not None,
    )


def may_see(viewer: Advisor, item: QueueItem) -> bool:
    return viewer.is_coordinator or item.assignee in {None, viewer.id}


class IntakeQueue:
    def __init__(self, engine: AsyncEngine, clock: Callable[[], datetime] | None = None) -> None:
        self._engine = engine
        self._clock = or_now(clock)

    async def find(self, viewer: Advisor, filters: Filters = Filters()) -> list[QueueItem]:
        newest_first = intakes.c.created_at.desc()
        query: Select[Any] = select(intakes).order_by(newest_first).limit(500)
        if viewer.is_coordinator:
            # New intakes no advisor had room for wait for a coordinator: they come first.
            waiting = and_(
                intakes.c.status == "new",
                intakes.c.assignee.is_(None),
                intakes.c.proposed_advisor.is_(None),
            )
            query = query.order_by(None).order_by(case((waiting, 0), else_=1), newest_first)
        if not viewer.is_coordinator:
            query = query.where((intakes.c.assignee.is_(None)) | (intakes.c.assignee == viewer.id))
        if filters.mine:
            query = query.where(intakes.c.assignee == viewer.id)
        if filters.status:
            query = query.where(intakes.c.status == filters.status)
        if filters.theme:
            query = query.where(intakes.c.theme == filters.theme)
        if filters.urgency:
            query = query.where(intakes.c.urgency == filters.urgency)
        if filters.older_than_days is not None:
            cutoff = self._clock() - timedelta(days=filters.older_than_days)
            query = query.where(intakes.c.created_at <= cutoff)
        async with self._engine.connect() as connection:
            return [_item(row) for row in await connection.execute(query)]

    async def get(self, viewer: Advisor, intake_id: str) -> QueueItem:
        """One intake with its notes, for ``viewer``; the reading is audited."""
        item = await self._load(intake_id)
        if not may_see(viewer, item):
            raise NotAllowed
        async with writing(self._engine) as connection:
            await record(connection, self._clock(), viewer.id, "read", intake_id)
        async with self._engine.connect() as connection:
            notes = await connection.execute(
                select(intake_notes)
                .where(intake_notes.c.intake_id == intake_id)
                .order_by(intake_notes.c.created_at)
            )
            item.notes = [
                {"author": n.author, "at": utc(n.created_at).isoformat(), "text": n.text}
                for n in notes
            ]
        return item

    def now(self) -> datetime:
        return self._clock()

    async def audit(self, viewer: Advisor, intake_id: str, action: str) -> None:
        """Note in the audit trail what ``viewer`` did with an intake outside its own changes."""
        async with writing(self._engine) as connection:
            await record(connection, self._clock(), viewer.id, action, intake_id)

    async def by_reference(self, viewer: Advisor, reference: str) -> str | None:
        """The id of the intake with ``reference`` if ``viewer`` may see it, else None."""
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(select(intakes).where(intakes.c.reference == reference))
            ).first()
        return row.id if row is not None and may_see(viewer, _item(row)) else None

    async def _load(self, intake_id: str) -> QueueItem:
        if not intake_id or len(intake_id) > 36:
            raise NotFound
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(select(intakes).where(intakes.c.id == intake_id))
            ).first()
        if row is None:
            raise NotFound
        return _item(row)

    async def change(self, viewer: Advisor, intake_id: str, change: Change) -> QueueItem:
        """Apply ``change`` as ``viewer``; InvalidChange says why it cannot be made."""
        item = await self._load(intake_id)
        if not may_see(viewer, item):
            raise NotAllowed
        values, actions = await self._plan(viewer, item, change)
        now = self._clock()
        async with writing(self._engine) as connection:
            if values:
                values["updated_at"] = now
                await connection.execute(
                    update(intakes).where(intakes.c.id == intake_id).values(**values)
                )
            if change.note:
                await connection.execute(
                    intake_notes.insert().values(
                        id=str(uuid.uuid4()),
                        intake_id=intake_id,
                        author=viewer.id,
                        created_at=now,
                        text=change.note,
                    )
                )
                actions.append(("note", ""))
            for action, detail in actions:
                await record(connection, now, viewer.id, action, intake_id, detail)
            taken = any(action in {"claimed", "assigned"} for action, _ in actions)
            kinds = []
            if taken and item.assignee is None and item.has_employee_reference:
                kinds.append(EMPLOYEE_CLAIMED)  # the employee hears an advisor has it
            if values and item.has_card:
                kinds.append(TEAMS_CARD_UPDATE)  # the channel's card shows who has it
            if any(action == "assigned" for action, _ in actions):
                kinds.append(ADVISOR_MAIL)  # given to someone else: they get the mail
            for kind in kinds:
                await enqueue(connection, kind, intake_id, now)
        return await self._load(intake_id)

    async def _plan(
        self, viewer: Advisor, item: QueueItem, change: Change
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        values: dict[str, Any] = {}
        actions: list[tuple[str, str]] = []
        if item.status == "withdrawn":
            raise InvalidChange("the employee withdrew this intake")
        if change.note is not None and not (0 < len(change.note.strip()) <= MAX_NOTE):
            raise InvalidChange(f"a note needs 1 to {MAX_NOTE} characters")
        if change.unassign:
            if item.status == "closed":
                raise InvalidChange("a closed intake cannot be handed back")
            if item.assignee is None:
                raise InvalidChange("nobody has this intake")
            values.update(assignee=None, status="new")
            actions.append(("handed_back", ""))
        elif change.assignee is not None:
            if change.claim_only and item.assignee is not None:
                raise InvalidChange("someone has already claimed this intake")
            if change.assignee != viewer.id and not viewer.is_coordinator:
                raise InvalidChange("only a coordinator can give an intake to someone else")
            target = await AdvisorStore(self._engine).get(change.assignee)
            if target is None or not target.active:
                raise InvalidChange(f"there is no active advisor {change.assignee!r}")
            if item.status == "closed":
                raise InvalidChange("a closed intake cannot be assigned")
            if item.assignee not in {None, change.assignee} and not viewer.is_coordinator:
                raise InvalidChange("another advisor has this intake")
            values.update(assignee=target.id)
            if item.status == "new":
                values.update(status="claimed", claimed_at=self._clock())
            actions.append(("claimed" if target.id == viewer.id else "assigned", target.id))
        if change.status is not None:
            self._check_status(viewer, item, change, values)
            values["status"] = change.status
            actions.append(("status", change.status))
        return values, actions

    def _check_status(
        self, viewer: Advisor, item: QueueItem, change: Change, values: dict[str, Any]
    ) -> None:
        target = change.status
        if target not in STATUSES:
            raise InvalidChange(f"status must be one of {', '.join(STATUSES)}")
        current = values.get("status", item.status)
        assignee = values.get("assignee", item.assignee)
        allowed = {"claimed": {"contacted", "closed"}, "contacted": {"closed"}}
        if target not in allowed.get(current, set()):
            raise InvalidChange(f"an intake that is {current} cannot become {target}")
        if assignee != viewer.id and not viewer.is_coordinator:
            raise InvalidChange("only the advisor who has the intake can change its status")
        if target == "closed":
            reason = (change.closing_reason or "").strip()
            if not 0 < len(reason) <= MAX_REASON:
                raise InvalidChange(f"closing needs a reason of 1 to {MAX_REASON} characters")
            values.update(closing_reason=reason, closed_at=self._clock())
