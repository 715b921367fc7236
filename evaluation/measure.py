"""What one conversation came to, and the figures of a set of them beside their targets.

The targets come from the conversation design: nearly everyone who wants an advisor gets their
own question there, at most one repair per conversation, never the same message twice in a row,
and short conversations (with the scan ≤ 14 typed messages, without ≤ 8).
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

TARGET_OWN_QUESTION = 95.0  # percent of those who consent
TARGET_REPAIRS = 1.0  # per conversation, on average
TARGET_REPEATS = 0  # in all conversations together
TARGET_TURNS_SCAN = 14.0  # median typed messages up to the intake's outcome
TARGET_TURNS_NO_SCAN = 8.0
# Share of the employee's own words (of three letters or more) the stored question must hold.
OWN_WORDS_SHARE = 0.8
_WORD = re.compile(r"[^\W_]{3,}", re.UNICODE)


def own_words(question: str) -> set[str]:
    return set(_WORD.findall(question.casefold()))


def holds_question(stored: str | None, question: str) -> bool:
    """Whether the stored question holds most of the employee's own words: a question cut off,
    replaced by "zie hierboven" or by the theme alone does not."""
    wanted = own_words(question)
    if not stored or not wanted:
        return False
    return len(wanted & own_words(stored)) / len(wanted) >= OWN_WORDS_SHARE


@dataclass(frozen=True)
class Incident:
    """Something that went wrong for the employee: what (repair, repeat, ...), at which
    question, what they had typed and what Koers answered."""

    what: str
    kind: str
    typed: str
    answer: str


@dataclass
class Conversation:
    persona_id: str
    persona_set: str
    language: str
    scan: bool
    consent: bool
    # How it ended: stored, declined, or where it went wrong.
    outcome: str = "unfinished"
    stored: bool = False
    stored_question: str | None = None
    own_question: bool = False
    # Typed messages up to the intake's outcome, or to the end when there was none.
    turns: int = 0
    decided: bool = False
    repairs: int = 0
    repeats: int = 0
    unrecognised: int = 0
    incidents: list[Incident] = field(default_factory=list)
    # Planned moments (a question of their own, a break) whose question never came.
    missed_events: list[str] = field(default_factory=list)
    transcript: list[tuple[str, str]] = field(default_factory=list)

    @property
    def as_intended(self) -> bool:
        """Stored with their question when they consent; nothing stored when they do not."""
        return self.own_question if self.consent else not self.stored


@dataclass(frozen=True)
class Figure:
    name: str
    value: str
    target: str
    # None: nothing to measure (no conversation of that kind in this set).
    met: bool | None


def _median_turns(conversations: Sequence[Conversation]) -> float:
    """Median turns, where a conversation that never reached the intake's outcome counts as
    longer than any that did (a stuck employee is not a short conversation)."""
    return float(statistics.median(c.turns if c.decided else math.inf for c in conversations))


def _share(name: str, target: float, hits: int, whole: int) -> Figure:
    wanted = f"{target:g} %" if target == 100.0 else f"≥ {target:g} %"
    if not whole:
        return Figure(name, "–", wanted, None)
    percent = 100.0 * hits / whole
    return Figure(name, f"{percent:.0f} % ({hits}/{whole})", wanted, percent >= target)


def _turns(name: str, target: float, conversations: Sequence[Conversation]) -> Figure:
    if not conversations:
        return Figure(name, "–", f"≤ {target:g}", None)
    median = _median_turns(conversations)
    shown = "never" if math.isinf(median) else f"{median:g}"
    decided = sum(c.decided for c in conversations)
    value = f"{shown} ({decided}/{len(conversations)} reached the outcome)"
    return Figure(name, value, f"≤ {target:g}", median <= target)


def figures(conversations: Sequence[Conversation]) -> list[Figure]:
    consenting = [c for c in conversations if c.consent]
    declining = [c for c in conversations if not c.consent]
    count = len(conversations)
    repairs = sum(c.repairs for c in conversations) / count if count else math.nan
    repeats = sum(c.repeats for c in conversations)
    return [
        _share(
            "stored with their own question (of those who consent)",
            TARGET_OWN_QUESTION,
            sum(c.own_question for c in consenting),
            len(consenting),
        ),
        _share(
            "nothing stored for those who say no",
            100.0,
            sum(not c.stored for c in declining),
            len(declining),
        ),
        Figure(
            "repairs per conversation (average)",
            f"{repairs:.2f}" if count else "–",
            f"≤ {TARGET_REPAIRS:g}",
            repairs <= TARGET_REPAIRS if count else None,
        ),
        Figure(
            "messages repeated in a row",
            str(repeats) if count else "–",
            str(TARGET_REPEATS),
            repeats <= TARGET_REPEATS if count else None,
        ),
        _turns(
            "median turns with the scan",
            TARGET_TURNS_SCAN,
            [c for c in conversations if c.scan],
        ),
        _turns(
            "median turns without the scan",
            TARGET_TURNS_NO_SCAN,
            [c for c in conversations if not c.scan],
        ),
    ]
