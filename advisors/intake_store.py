"""Keeps consented intakes in the database, each in its own row (not in bot state), so that
advisors can read and update them.

Storing an intake is one transaction: the intake, the advisor Koers proposes, the deliveries to
make (outbox) and the audit lines. Either all of it is there, or none of it and the employee is
not told "sent".
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from advisors.audit import KOERS, record
from advisors.intake import StoredIntake, validate
from advisors.matching import Proposal, propose
from advisors.outbox import enqueue
from advisors.roster import AdvisorStore
from privacy.employee import Employee
from storage.engine import utc, writing
from storage.tables import intakes

# What is delivered for every new intake: a card in the advisors' Teams channel, and a mail to
# the proposed advisor (only when Koers could propose someone).
TEAMS_CARD = "teams_card"
ADVISOR_MAIL = "advisor_mail"
# Later, when an advisor takes an intake: its card is updated, the employee is told.
TEAMS_CARD_UPDATE = "teams_card_update"
EMPLOYEE_CLAIMED = "employee_claimed"
WEEK = timedelta(days=7)


class IntakeStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(
        self, intake: dict[str, Any], employee_reference: dict[str, Any] | None = None
    ) -> StoredIntake:
        """Store a schema-valid intake with its proposal and deliveries; returns its reference
        and whether an advisor with room was proposed.
        ``employee_reference`` is where to tell the employee when an advisor takes it."""
        validate(intake)
        created = datetime.fromisoformat(intake["created_at"])
        question = intake["question"]
        employee = Employee.from_reference(employee_reference)
        async with writing(self._engine) as connection:
            proposal = await self._propose(
                connection, question["theme"], intake["language"], created
            )
            await connection.execute(
                intakes.insert().values(
                    id=intake["id"],
                    reference=intake["reference"],
                    created_at=created,
                    updated_at=created,
                    schema_version=intake["schema_version"],
                    status="new",
                    data=json.dumps(intake, ensure_ascii=False),
                    theme=question["theme"],
                    urgency=question.get("urgency"),
                    language=intake["language"],
                    proposed_advisor=proposal.advisor_id,
                    proposal_reason=proposal.reason,
                    employee_reference=json.dumps(employee_reference)
                    if employee_reference
                    else None,
                    employee_key=employee.key if employee else None,
                )
            )
            await record(connection, created, KOERS, "stored", intake["id"])
            await record(
                connection,
                created,
                KOERS,
                "proposed",
                intake["id"],
                f"{proposal.advisor_id or '-'}: {proposal.reason}",
            )
            kinds = [TEAMS_CARD] + ([ADVISOR_MAIL] if proposal.advisor_id else [])
            for kind in kinds:
                await enqueue(connection, kind, intake["id"], created)
        return StoredIntake(str(intake["reference"]), proposal.advisor_id is not None)

    async def _propose(
        self, connection: AsyncConnection, theme: str, language: str, now: datetime
    ) -> Proposal:
        holder = func.coalesce(intakes.c.assignee, intakes.c.proposed_advisor)
        taken = {
            row.holder: row.count
            for row in await connection.execute(
                select(holder.label("holder"), func.count().label("count"))
                .where(intakes.c.created_at >= now - WEEK)
                .where(holder.is_not(None))
                .group_by(holder)
            )
        }
        last = {
            row.advisor: utc(row.last)
            for row in await connection.execute(
                select(
                    intakes.c.proposed_advisor.label("advisor"),
                    func.max(intakes.c.created_at).label("last"),
                )
                .where(intakes.c.proposed_advisor.is_not(None))
                .group_by(intakes.c.proposed_advisor)
            )
        }
        roster = await AdvisorStore(self._engine).all(connection)
        return propose(theme, language, roster, taken, last)

    async def all(self) -> list[dict[str, Any]]:
        """Every stored intake, oldest first."""
        async with self._engine.connect() as connection:
            rows = await connection.execute(select(intakes.c.data).order_by(intakes.c.created_at))
            return [json.loads(data) for (data,) in rows]
