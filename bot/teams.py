"""What is particular to Microsoft Teams: which kind of conversation this is, the typing
indicator Teams users expect within two seconds, @mentions that must not reach the NLU, and the
employee's first name from Teams for the greeting (used there only, never stored)."""

from __future__ import annotations

import logging
import re
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import Activity, ActivityTypes

log = logging.getLogger("koers.teams")
TEAMS_CHANNEL = "msteams"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def in_teams(context: TurnContext) -> bool:
    return bool(context.activity.channel_id == TEAMS_CHANNEL)


def conversation_kind(context: TurnContext) -> str:
    """personal, channel or groupChat in Teams ('personal' elsewhere: one person, one bot)."""
    conversation = context.activity.conversation
    kind = getattr(conversation, "conversation_type", None) if conversation else None
    return str(kind) if in_teams(context) and kind else "personal"


def bot_was_added(context: TurnContext) -> bool:
    """True when this conversationUpdate adds Koers itself (the app was installed)."""
    activity = context.activity
    bot_id = activity.recipient.id if activity.recipient else None
    return any(member.id == bot_id for member in activity.members_added or [])


def strip_mentions(context: TurnContext) -> None:
    """'<at>Koers</at> help' becomes 'help' before anything reads the text."""
    if in_teams(context) and context.activity.text and context.activity.recipient:
        TurnContext.remove_recipient_mention(context.activity)
        context.activity.text = context.activity.text.strip()


async def show_typing(context: TurnContext) -> None:
    # Not when the replies travel back in the response itself (expectReplies).
    if in_teams(context) and context.activity.delivery_mode != "expectReplies":
        await context.send_activity(Activity(type=ActivityTypes.typing))


async def _member(context: TurnContext) -> Any | None:
    """What Teams knows about the sender, or None (not Teams, unknown, Teams unreachable)."""
    sender = context.activity.from_property
    if not in_teams(context) or sender is None or not sender.id:
        return None
    try:
        return await TeamsInfo.get_member(context, sender.id)
    except Exception as error:  # then Koers goes on without it
        log.info(
            "nothing known from Teams",
            extra={"event": "teams_member_unknown", "error_type": type(error).__name__},
        )
        return None


async def first_name(context: TurnContext) -> str | None:
    """The employee's given name, for the greeting only (never stored)."""
    member = await _member(context)
    name = (getattr(member, "given_name", None) or "").strip()
    return name[:50] or None


async def identity(context: TurnContext) -> dict[str, str]:
    """The employee's name and e-mail address as Teams knows them (empty when unknown), for
    the intake of someone who chose to be contacted in Teams."""
    member = await _member(context)
    if member is None:
        return {}
    found = {
        "name": (getattr(member, "name", None) or "").strip()[:200],
        "email": (
            getattr(member, "email", None) or getattr(member, "user_principal_name", None) or ""
        ).strip()[:254],
    }
    if not _EMAIL.fullmatch(found["email"]):
        found.pop("email")
    return {key: value for key, value in found.items() if value}
