"""What happens when a turn fails: the user hears a short apology, the operator gets a log line.

The log line names the conversation only by a hash and carries no message text. The bot's state
is not saved for a failed turn, so what was stored before it stays intact.

Two failures are not worth an apology but a second try: the database was away for a moment, or
the channel could not even take the apology. Then the error goes on to the door the activity came
in by, which answers 503, and the channel (or the page) delivers the activity again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import aiohttp
import requests
from botbuilder.core import MessageFactory, TurnContext

from content import Messages, normalise_language
from server.logs import conversation_hash
from storage.availability import causes, database_unavailable

# In a turn's state: a send that fails raises, instead of waiting in a channel's reply outbox
# (a proactive turn is itself a delivery from an outbox, which tries again).
RAISE_SEND_FAILURES = "koers.raise_send_failures"

log = logging.getLogger("koers.turn")

TurnErrorHandler = Callable[[TurnContext, Exception], Awaitable[None]]


# Put in turn_state when the turn is worth delivering again: its database was away, or not even
# the apology reached the user because the channel was away (a 5xx, a 429, no connection).
UNANSWERED = "koers.unanswered"
# No connection, a reset, a timeout: whichever HTTP library botbuilder's client used.
_NETWORK_ERRORS = (
    OSError,
    aiohttp.ClientError,
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
)


def transient(error: Exception) -> bool:
    """A failure that may pass: the connector answered 5xx or 429, or could not be reached.
    A 4xx is the channel's final word (the bot was removed, the user blocked it)."""
    for cause in causes(error):
        status = getattr(getattr(cause, "response", None), "status_code", None)
        if isinstance(status, int):
            return status >= 500 or status == 429
        if isinstance(cause, _NETWORK_ERRORS):
            return True
    return False


def apologise_on_error(messages: Messages) -> TurnErrorHandler:
    """An ``on_turn_error`` for any adapter: log the failure, then apologise to the user; raises
    ``error`` again when the activity should be delivered again instead."""

    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        await _log_and_apologise(context, error)
        if context.turn_state.get(UNANSWERED):
            raise error

    async def _log_and_apologise(context: TurnContext, error: Exception) -> None:
        activity = context.activity
        conversation = conversation_hash(
            activity.conversation.id if activity.conversation else None
        )
        log.error(
            "turn failed",
            exc_info=(type(error), error, error.__traceback__),
            extra={
                "event": "turn_failed",
                "conversation": conversation,
                "channel": activity.channel_id,
                "activity_type": activity.type,
            },
        )
        if database_unavailable(error):
            context.turn_state[UNANSWERED] = True
            return
        if activity.type != "message":
            return
        try:
            text = messages.t("error.apology", normalise_language(activity.locale))
            await context.send_activity(MessageFactory.text(text))
        except Exception as send_error:  # the channel may be what failed; the log says so
            if transient(send_error):
                context.turn_state[UNANSWERED] = True
            log.error(
                "apology could not be sent",
                extra={
                    "event": "apology_failed",
                    "conversation": conversation,
                    "error_type": type(send_error).__name__,
                },
            )

    return on_turn_error
