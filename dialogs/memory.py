"""What Koers remembers about a conversation between turns, kept in botbuilder's state."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from botbuilder.core import ConversationState, StatePropertyAccessor, TurnContext

from content import normalise_language


class ConversationMemory:
    """The conversation's own facts: which language it is held in and whether we said hello.

    Stored as a plain dict so that state written by an older Koers still loads in a newer one.
    """

    def __init__(self, conversation_state: ConversationState) -> None:
        self._accessor: StatePropertyAccessor = conversation_state.create_property("koers")

    async def _get(self, context: TurnContext) -> dict[str, Any]:
        memory: dict[str, Any] = await self._accessor.get(context, dict)
        return memory

    async def language(self, context: TurnContext) -> str:
        """The conversation's language: set from the channel's locale on the first turn."""
        memory = await self._get(context)
        if "language" not in memory:
            memory["language"] = normalise_language(context.activity.locale)
        return str(memory["language"])

    async def set_language(self, context: TurnContext, language: str, chosen: bool = False) -> None:
        """Follow the employee into ``language``; ``chosen``: they asked for it, so it stays
        until they ask for another (an answer in the other language does not switch back)."""
        memory = await self._get(context)
        memory["language"] = normalise_language(language)
        if chosen:
            memory["language_chosen"] = True

    async def language_chosen(self, context: TurnContext) -> bool:
        return bool((await self._get(context)).get("language_chosen", False))

    async def first_time_for(self, context: TurnContext, topic: str) -> bool:
        """True the first time a sensitive topic comes up in this conversation (and notes it)."""
        memory = await self._get(context)
        shown: list[str] = memory.setdefault("care_shown", [])
        if topic in shown:
            return False
        shown.append(topic)
        return True

    async def away_since(self, context: TurnContext, now: datetime) -> timedelta | None:
        """How long since the employee's previous message (None for the first); notes ``now``."""
        memory = await self._get(context)
        previous = memory.get("last_seen")
        memory["last_seen"] = now.isoformat()
        return now - datetime.fromisoformat(previous) if isinstance(previous, str) else None

    async def resume_pending(self, context: TurnContext) -> bool:
        return bool((await self._get(context)).get("resume_pending", False))

    async def set_resume_pending(self, context: TurnContext, pending: bool) -> None:
        (await self._get(context))["resume_pending"] = pending

    async def said_last(self, context: TurnContext) -> str | None:
        """A fingerprint of Koers' last message (not its text: that may hold contact details)."""
        said = (await self._get(context)).get("said_last")
        return said if isinstance(said, str) else None

    async def set_said_last(self, context: TurnContext, fingerprint: str) -> None:
        (await self._get(context))["said_last"] = fingerprint

    async def greeted(self, context: TurnContext) -> bool:
        return bool((await self._get(context)).get("greeted", False))

    async def mark_greeted(self, context: TurnContext) -> None:
        (await self._get(context))["greeted"] = True

    async def privacy_pending(self, context: TurnContext) -> str | None:
        """The privacy question waiting for an answer (the menu, or "delete everything?")."""
        pending = (await self._get(context)).get("privacy_pending")
        return pending if isinstance(pending, str) else None

    async def set_privacy_pending(self, context: TurnContext, pending: str | None) -> None:
        (await self._get(context))["privacy_pending"] = pending
