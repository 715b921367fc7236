"""Which of Koers' texts a message contains, recognised by their words and not by the step the
conversation is at.

A driver that knows the order of the questions breaks, or worse measures the wrong thing, as
soon as the dialogs ask something in another order, ask a confirmation first or repair a
question. So every text in ``content/messages.yml`` (both languages) becomes a pattern: its fixed
words, with a wildcard wherever Koers fills in a {name}. The catalogue is read through
``content.load_catalogue``, so a key the dialogs add later is recognised without a change here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from content import LANGUAGES, Messages

# Stands in for every {name} Koers fills in, so the fixed words around it can be found.
_HOLE = "\x00"
# Fixed text shorter than this (a button label such as "Nee" or "Sla over") occurs inside too
# many other messages to say anything about a message.
MIN_FIXED_CHARS = 12
_SPACES = re.compile(r"\s+")
# Where a sentence may start: the message's start, or after a sign that is not a letter, a
# digit or a comma (". ", "? ", "* ", a quote).
_SENTENCE_START = r"(?:^|(?<=[^\w\s,] )|(?<=[^\w\s,]))"
# How many {names} one text may have; more means the text itself is broken.
_MAX_HOLES = 32


def normalise(text: str) -> str:
    """Case and runs of white space aside, so that a line break in a card or a double space
    does not hide a text."""
    return _SPACES.sub(" ", text.casefold()).strip()


@dataclass(frozen=True)
class Found:
    """One catalogue text inside a message: its key, its language and where it starts."""

    key: str
    language: str
    start: int


@dataclass(frozen=True)
class _Template:
    key: str
    language: str
    pattern: re.Pattern[str]
    # The longest fixed stretch: checked with a plain substring search before the pattern runs.
    anchor: str


def _with_holes(messages: Messages, key: str, language: str) -> str:
    """The text as Koers would say it, with the centre's details filled in and a hole for every
    value that depends on the conversation (a question, a number, a name)."""
    values: dict[str, str] = {}
    for _ in range(_MAX_HOLES):
        try:
            return messages.t(key, language, **values)
        except KeyError as missing:
            values[str(missing.args[0])] = _HOLE
    raise ValueError(f"messages.yml {key!r} has more than {_MAX_HOLES} names in braces")


def _template(messages: Messages, key: str, language: str) -> _Template | None:
    # Inner spaces are kept: "vraag {number} van {total}" must not match "vraagvan".
    parts = _with_holes(messages, key, language).casefold().split(_HOLE)
    fixed = [_SPACES.sub(" ", part) for part in parts if part.strip()]
    if not fixed:
        return None
    fixed[0], fixed[-1] = fixed[0].lstrip(), fixed[-1].rstrip()
    if sum(len(part) for part in fixed) < MIN_FIXED_CHARS:
        return None
    body = ".+?".join(re.escape(part) for part in fixed)
    # Koers' texts are whole sentences: one starts the message or follows the end of another
    # ("…niet. Hoe dringend…"), never inside a word ("aanvraag" is no "Vraag 2 van 6").
    opens_with_hole, closes_with_hole = not parts[0].strip(), not parts[-1].strip()
    start = _SENTENCE_START if fixed[0][0].isalnum() and not opens_with_hole else ""
    end = r"(?!\w)" if fixed[-1][-1].isalnum() and not closes_with_hole else ""
    pattern = re.compile(start + body + end, re.DOTALL)
    return _Template(key, language, pattern, max(fixed, key=len))


class Recogniser:
    """Finds every catalogue text in a message Koers sent."""

    def __init__(self, messages: Messages) -> None:
        self._templates = [
            template
            for key in sorted(messages.keys())
            for language in LANGUAGES
            if (template := _template(messages, key, language)) is not None
        ]
        self.keys = frozenset(template.key for template in self._templates)

    def read(self, text: str) -> list[Found]:
        """The catalogue texts in ``text``, in the order they appear (one per key)."""
        said = normalise(text)
        found: dict[str, Found] = {}
        for template in self._templates:
            if template.anchor not in said:
                continue
            match = template.pattern.search(said)
            if match is None:
                continue
            known = found.get(template.key)
            if known is None or match.start() < known.start:
                found[template.key] = Found(template.key, template.language, match.start())
        return sorted(found.values(), key=lambda item: (item.start, item.key))

    def last_of(self, text: str, keys: Iterable[str]) -> Found | None:
        """The last of ``keys`` that ``text`` contains: a repair line comes before the question
        it repeats, so the question a message asks is the last one in it."""
        wanted = frozenset(keys)
        found = [item for item in self.read(text) if item.key in wanted]
        return found[-1] if found else None
