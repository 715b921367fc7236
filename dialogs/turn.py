"""What the bot hands the dialogs for one turn: the conversation's language and what the NLU
recognised. Dialogs read these here; they never run a model themselves."""

from __future__ import annotations

from typing import Any

from botbuilder.core import RecognizerResult, TurnContext

LANGUAGE_KEY = "koers.dialog_language"
RECOGNIZER_RESULT_KEY = "koers.recognizer_result"
# A coroutine function the bot puts here in Teams: who the employee is (name, e-mail), for the
# intake's contact details, asked only when the employee chose to be contacted in Teams.
IDENTITY_KEY = "koers.identity"
# Set (True) by the bot when it answered a sensitive topic with care this turn: the waiting
# question is then asked again plainly, never with a repair line after the caring words.
CARE_GIVEN_KEY = "koers.care_given"


def language_of(context: TurnContext) -> str:
    return str(context.turn_state.get(LANGUAGE_KEY) or "nl")


def recognized(context: TurnContext) -> RecognizerResult | None:
    result = context.turn_state.get(RECOGNIZER_RESULT_KEY)
    return result if isinstance(result, RecognizerResult) else None


def top_intent(context: TurnContext) -> tuple[str | None, float]:
    """The recognised intent and its confidence, or (None, 0) when nothing was recognised."""
    result = recognized(context)
    if result is None:
        return None, 0.0
    properties: dict[str, Any] = result.properties or {}
    return properties.get("intent"), float(properties.get("confidence", 0.0))


def candidates(context: TurnContext) -> list[tuple[str, float]]:
    """The NLU's best intents with their scores, best first (kept even when it was unsure)."""
    result = recognized(context)
    found = (result.properties or {}).get("candidates", []) if result is not None else []
    return [(str(pair[0]), float(pair[1])) for pair in found if len(pair) == 2]


def yes_or_no(context: TurnContext) -> bool | None:
    """True for a yes, False for a no, None for anything else (by the recognised intent)."""
    intent, _ = top_intent(context)
    return {"affirm": True, "deny": False}.get(intent or "")


def entity_ids(context: TurnContext, label: str, negated_too: bool = False) -> list[str]:
    """The ids of the recognised entities of one label, in order, without repeats; those said
    with a negation only when ``negated_too`` ("is er geen coaching?" asks about coaching)."""
    result = recognized(context)
    found = (result.entities or {}).get(label, []) if result is not None else []
    return list(
        dict.fromkeys(str(item["id"]) for item in found if negated_too or not item.get("negated"))
    )
