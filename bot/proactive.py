"""Messages Koers sends on its own, through the door a conversation came in by: the intake card
in the advisors' Teams channel, its update when someone claims it, and the word to the employee
that an advisor has their intake. Each is a deliverer of the advisors' outbox, so a channel
that is down only delays it."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from botbuilder.core import BotAdapter, CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity, ConversationReference

from advisors.channels import ChannelStore
from advisors.outbox import Skip
from advisors.roster import AdvisorStore
from advisors.teams_card import intake_card
from bot.turn_errors import RAISE_SEND_FAILURES
from content import Catalogue, normalise_language

Logic = Callable[[TurnContext], Awaitable[None]]


@dataclass(frozen=True)
class Door:
    """How a proactive message reaches the conversations of one channel: the adapter that
    carries them (the one its activities enter by and its replies leave by), and the channel ids
    on which Koers may start a message to an employee."""

    adapter: BotAdapter
    employee_channels: frozenset[str]
    # The bot's app id, for a channel that authenticates Koers' own calls (None: it does not).
    app_id: str | None = None


class Proactive:
    """Continues a stored conversation through the door of its channel. The Bot Framework door
    carries every channel no other door claims (Teams, and any Azure Bot Service channel); the
    terminal chat has no door: nobody can be reached there."""

    def __init__(self, bot_framework: Door, *others: Door) -> None:
        self._fallback = bot_framework
        self._doors = {channel: door for door in others for channel in door.employee_channels}
        self._employee_channels = frozenset(
            channel for door in (bot_framework, *others) for channel in door.employee_channels
        )

    def reaches_employees_on(self, channel_id: str | None) -> bool:
        """True when Koers can start a message to an employee on ``channel_id``."""
        return channel_id in self._employee_channels

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

        door = self._doors.get(str(conversation.channel_id), self._fallback)
        await door.adapter.continue_conversation(conversation, guarded, door.app_id)
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
        if not self._proactive.reaches_employees_on(reference.get("channelId")):
            raise Skip(f"cannot message the employee on {reference.get('channelId')}")
        language = normalise_language(intake["language"])
        text = self._catalogue.messages.t(
            "employee.claimed", language, reference=str(intake["reference"])
        )

        async def tell(context: TurnContext) -> None:
            await context.send_activity(MessageFactory.text(text))

        await self._proactive.send(reference, tell)
        return "employee told"
