"""Messages Koers sends on its own, through the door a conversation came in by: the intake card
in the advisors' Teams channel, its update when someone claims it, and the word to the employee
that an advisor has their intake. Each is a deliverer of the advisors' outbox, so a channel
that is down only delays it."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from botbuilder.core import BotAdapter, CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity, ConversationReference

from advisors.channels import ChannelStore
from advisors.outbox import Skip
from advisors.roster import AdvisorStore
from advisors.teams_card import intake_card
from bot.reply_outbox import RAISE_SEND_FAILURES
from content import Catalogue, normalise_language

Logic = Callable[[TurnContext], Awaitable[None]]
# Channels where Koers can start a message on its own (the terminal chat cannot be reached).
REACHABLE_CHANNELS = frozenset({"msteams", "webchat"})


class Proactive:
    """Continues a stored conversation on the adapter of its channel."""

    def __init__(self, channels: BotAdapter, webchat: BotAdapter, app_id: str) -> None:
        self._channels = channels
        self._webchat = webchat
        self._app_id = app_id

    async def send(self, reference: Mapping[str, Any], logic: Logic) -> None:
        """Raises what went wrong (the channel down, say), so the outbox tries again later;
        the adapter's turn error handler would otherwise swallow it."""
        conversation = ConversationReference().deserialize(dict(reference))
        failures: list[Exception] = []

        async def guarded(context: TurnContext) -> None:
            # A new message, not a reply to the (made-up) continuation activity.
            context.activity.id = None
            context.turn_state[RAISE_SEND_FAILURES] = True
            try:
                await logic(context)
            except Exception as error:
                failures.append(error)

        if conversation.channel_id == "webchat":
            await self._webchat.continue_conversation(conversation, guarded, None)
        else:
            await self._channels.continue_conversation(conversation, guarded, self._app_id)
        if failures:
            raise failures[0]

    async def send_replies(
        self, reference: ConversationReference, activities: list[Activity]
    ) -> None:
        """Send replies that waited in the reply outbox, each still answering its activity."""

        async def replies(context: TurnContext) -> None:
            for activity in activities:
                context.activity.id = activity.reply_to_id
                await context.send_activity(activity)

        await self.send(reference.serialize(), replies)


class IntakeCards:
    """Builds an intake's card with the advisors' names; shared by the three deliverers."""

    def __init__(self, catalogue: Catalogue, advisors: AdvisorStore, console_url: str) -> None:
        self.catalogue = catalogue
        self._advisors = advisors
        self._console_url = console_url

    async def card(self, intake: Mapping[str, Any]) -> Activity:
        names = {a.id: a.name for a in await self._advisors.all()}
        claimed = names.get(intake["assignee"] or "") if intake["status"] != "new" else None
        withdrawn = intake["status"] == "withdrawn"
        content = intake_card(
            intake, self.catalogue, self._console_url, "nl", names, claimed, withdrawn
        )
        return MessageFactory.attachment(CardFactory.adaptive_card(content))


class _ChannelCard:
    """What the card's first posting and its updates both need."""

    def __init__(self, proactive: Proactive, cards: IntakeCards, channels: ChannelStore) -> None:
        self._proactive = proactive
        self._cards = cards
        self._channels = channels


class TeamsCardDelivery(_ChannelCard):
    async def deliver(self, intake: Mapping[str, Any]) -> str:
        reference = await self._channels.current()
        if reference is None:
            raise Skip("no advisors' Teams channel registered")
        card = await self._cards.card(intake)
        posted: list[str] = []

        async def post(context: TurnContext) -> None:
            response = await context.send_activity(card)
            posted.append(response.id if response and response.id else "")

        await self._proactive.send(reference, post)
        if posted and posted[0]:
            await self._channels.remember_card(str(intake["id"]), posted[0])
        return "card in the advisors' channel"


class TeamsCardUpdate(_ChannelCard):
    async def deliver(self, intake: Mapping[str, Any]) -> str:
        reference = await self._channels.current()
        if reference is None or not intake["teams_activity_id"]:
            raise Skip("the intake has no card in a Teams channel")
        card = await self._cards.card(intake)
        card.id = intake["teams_activity_id"]

        async def replace(context: TurnContext) -> None:
            await context.update_activity(card)

        await self._proactive.send(reference, replace)
        return "card updated"


class EmployeeNotice:
    def __init__(self, proactive: Proactive, catalogue: Catalogue) -> None:
        self._proactive = proactive
        self._catalogue = catalogue

    async def deliver(self, intake: Mapping[str, Any]) -> str:
        if not intake["employee_reference"]:
            raise Skip("no way to reach the employee")
        reference = json.loads(intake["employee_reference"])
        if reference.get("channelId") not in REACHABLE_CHANNELS:
            raise Skip(f"cannot message the employee on {reference.get('channelId')}")
        language = normalise_language(intake["language"])
        text = self._catalogue.messages.t(
            "employee.claimed", language, reference=str(intake["reference"])
        )

        async def tell(context: TurnContext) -> None:
            await context.send_activity(MessageFactory.text(text))

        await self._proactive.send(reference, tell)
        return "employee told"
