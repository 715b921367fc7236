"""Choices the employee can click or type: an Adaptive Card where the channel shows cards, a
numbered list everywhere else. Typing "2", the option's words, or a near miss all work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity

from content import AnswerWords
from nlu.answers import Option, Reading, reader_for

# Channels whose clients render Adaptive Cards (Teams renders up to version 1.5).
CARD_CHANNELS = frozenset({"msteams", "webchat", "directline", "emulator"})
CARD_VERSION = "1.5"
# What an Action.Submit button sends back in the activity's value.
CHOICE_KEY = "koers_choice"
_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s'-]", re.UNICODE)


# One option of a choice question (the reader's Option: id, label, other words, yes or no).
Choice = Option


# What CommonMark treats as formatting inside a line, & for entities, and what a typographer
# turns into other characters (quotes into curly ones, -- into a dash, (c) into ©).
_MARKDOWN = re.compile(r"([\\`*_\[\]<>~|#!&\"'()+.-])")


def quoted(text: str, channel_id: str | None) -> str:
    """The employee's own words inside one of Koers' messages: on one line and, where the
    channel renders markdown, with every markdown character escaped, so that they show
    exactly as typed and never as formatting, a picture or a link."""
    one_line = _SPACES.sub(" ", text).strip()
    return _MARKDOWN.sub(r"\\\1", one_line) if channel_id in CARD_CHANNELS else one_line


def with_own_words(names: Sequence[str], own: Sequence[str], channel_id: str | None) -> list[str]:
    """Options by their names, then what the employee said in their own words, in quotes and
    exactly as typed (the self-scan's "“rustig blijven bij incidenten”")."""
    return [*names, *(f"“{quoted(words, channel_id)}”" for words in own)]


def normalise(text: str) -> str:
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text.casefold())).strip()


def render(question: str, choices: Sequence[Choice], channel_id: str | None, hint: str) -> Activity:
    """The question with its options, as a card or as a numbered text list."""
    if channel_id in CARD_CHANNELS:
        card: dict[str, Any] = {
            "type": "AdaptiveCard",
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "version": CARD_VERSION,
            # The question is the message's text; the card holds only the buttons, so a screen
            # reader and the chat show the question once.
            "body": [],
            "actions": [
                {
                    "type": "Action.Submit",
                    "title": choice.label,
                    # Teams shows the chosen words in the chat and sends them as text too.
                    "data": {
                        CHOICE_KEY: choice.id,
                        "msteams": {
                            "type": "messageBack",
                            "displayText": choice.label,
                            "text": choice.label,
                        },
                    },
                }
                for choice in choices
            ],
        }
        activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
        activity.text = question
        return activity
    lines = [question, ""]
    lines += [f"{number}. {choice.label}" for number, choice in enumerate(choices, start=1)]
    lines += ["", hint]
    return MessageFactory.text("\n".join(lines))


def clicked(activity: Activity, choices: Sequence[Choice]) -> Choice | None:
    """The option whose card button sent this activity, if one did."""
    value = activity.value
    if isinstance(value, dict) and isinstance(value.get(CHOICE_KEY), str):
        return next((choice for choice in choices if choice.id == value[CHOICE_KEY]), None)
    return None


def read(
    activity: Activity, choices: Sequence[Choice], words: AnswerWords, numbers: bool = True
) -> Reading:
    """What the employee chose: a card button, or what they typed, read by the one reader
    that serves every choice question (a number, the option's words inside a sentence, yes
    or no in their everyday forms, a near miss)."""
    button = clicked(activity, choices)
    if button is not None:
        return Reading(button.id)
    return reader_for(words).read(activity.text, choices, numbers)


def match(activity: Activity, choices: Sequence[Choice], words: AnswerWords) -> Choice | None:
    """The option the employee clearly chose, or None."""
    chosen = read(activity, choices, words).choice
    return next((choice for choice in choices if choice.id == chosen), None)


def is_one_of(text: str | None, phrases: Sequence[str]) -> bool:
    """Whether ``text`` is one of ``phrases`` (case, punctuation and spaces aside)."""
    typed = normalise(text or "")
    return bool(typed) and typed in {normalise(phrase) for phrase in phrases}
