"""Koers in the advisors' Teams channel: a coordinator registers the channel with
'@Koers registreer', and advisors claim intakes with the card's button. No employee
conversation ever runs in a channel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from botbuilder.core import MessageFactory, TurnContext

from advisors.channels import ChannelStore
from advisors.queue import Change, IntakeQueue, InvalidChange, NotAllowed, NotFound
from advisors.roster import Advisor, AdvisorStore
from advisors.teams_card import ACTION_KEY
from bot.proactive import IntakeCards
from content import Messages

REGISTER_WORDS = {"registreer", "register", "aanmelden"}


class AdvisorChannel:
    def __init__(
        self,
        advisors: AdvisorStore,
        queue: IntakeQueue,
        channels: ChannelStore,
        cards: IntakeCards,
        messages: Messages,
        clock: Callable[[], datetime],
    ) -> None:
        self._advisors = advisors
        self._queue = queue
        self._channels = channels
        self._cards = cards
        self._messages = messages
        self._clock = clock

    async def _who(self, context: TurnContext) -> Advisor | None:
        sender = context.activity.from_property
        aad_id = getattr(sender, "aad_object_id", None) if sender else None
        if not aad_id:
            return None
        for advisor in await self._advisors.all():
            if advisor.active and advisor.teams_id == aad_id:
                return advisor
        return None

    async def _say(self, context: TurnContext, key: str, **params: str) -> None:
        await context.send_activity(MessageFactory.text(self._messages.t(key, "nl", **params)))

    async def handle(self, context: TurnContext) -> None:
        activity = context.activity
        value: Any = activity.value
        advisor = await self._who(context)
        if isinstance(value, dict) and value.get(ACTION_KEY) == "claim":
            await self._claim(context, advisor, str(value.get("intake_id", ""))[:36])
            return
        # KoersBot has already taken the @mention out of the text.
        words = set((activity.text or "").lower().split())
        if words & REGISTER_WORDS:
            if advisor is None or not advisor.is_coordinator:
                await self._say(context, "teams.not_coordinator")
                return
            reference = TurnContext.get_conversation_reference(activity).serialize()
            # The channel, not the coordinator's message or person, is where cards go.
            reference.pop("activityId", None)
            reference.pop("user", None)
            await self._channels.register(
                activity.conversation.id, reference, advisor.id, self._clock()
            )
            await self._say(context, "teams.registered")
            return
        await self._say(context, "teams.channel_help")

    async def _claim(self, context: TurnContext, advisor: Advisor | None, intake_id: str) -> None:
        if advisor is None:
            await self._say(context, "teams.not_coordinator")
            return
        try:
            item = await self._queue.change(
                advisor, intake_id, Change(assignee=advisor.id, claim_only=True)
            )
        except (InvalidChange, NotAllowed, NotFound) as error:
            reason = str(error) or "this request is not yours to take"
            await self._say(context, "teams.claim_failed", reason=reason)
            return
        card = await self._cards.card(item.summary())
        card.id = context.activity.reply_to_id
        if card.id:
            await context.update_activity(card)
