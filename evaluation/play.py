"""One employee's conversation with Koers, played by what Koers says rather than by script
position: each reply is read for the question it asks, and the persona types its answer to
that question (or what it planned to do there: a question of its own, a correction, a break).

Whatever the employee meets on the way is counted: repairs, messages repeated in a row,
messages they could not place, and where they gave up.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from evaluation.kinds import DECISION_KEYS, END_KEYS, QUESTIONS, is_repair, question_of
from evaluation.koers import RunningKoers
from evaluation.measure import Conversation, Incident, holds_question
from evaluation.personas import Defaults, Persona
from evaluation.recognise import Found, Recogniser
from tests.support.channel import new_conversation_id

# An employee types at most this many messages to reach the intake's outcome, and this many
# more for the closing questions, before the driver calls it a day.
MAX_TURNS = 60
MAX_AFTER_OUTCOME = 15
# The same question this many times in a row: the employee gives up.
MAX_ASKS_IN_A_ROW = 5
# Replies in a row that hold no question they can place: the employee gives up.
MAX_UNPLACED_IN_A_ROW = 3
# Time between two messages, and Koers' reply, on the driver's clock.
TYPING_TIME = timedelta(seconds=40)
# How much of Koers' answer an incident keeps.
ANSWER_CHARS = 220


@dataclass(frozen=True)
class Ended:
    """The conversation is over, and how."""

    outcome: str


@dataclass(frozen=True)
class Reply:
    """Koers' messages of one turn, and what they are."""

    texts: list[str]
    found: list[list[Found]]

    def keys(self) -> set[str]:
        return {item.key for items in self.found for item in items}


def _short(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= ANSWER_CHARS else one_line[: ANSWER_CHARS - 1] + "…"


class Player:
    """Plays one persona against a running Koers."""

    def __init__(
        self, koers: RunningKoers, recogniser: Recogniser, defaults: Defaults, persona: Persona
    ) -> None:
        self.koers = koers
        self.recogniser = recogniser
        self.defaults = defaults
        self.persona = persona
        self.conversation_id = new_conversation_id()
        self.result = Conversation(
            persona.id, persona.set, persona.language, persona.scan, persona.consent
        )
        self.seen = 0
        self.previous_text: str | None = None
        self.answered: Counter[str] = Counter()
        self.next_event = 0
        self.language = persona.language
        self.known_intakes: set[str] = set()
        self.typed = 0
        # The question waiting for an answer, how often in a row Koers asked it, and how many
        # replies in a row asked nothing the employee could place.
        self.asked = "-"
        self.asks_in_a_row = 0
        self.unplaced_in_a_row = 0

    def _fields(self) -> dict[str, Any]:
        persona = self.persona
        return {
            "channelId": "msteams",
            "from": {
                "id": f"29:{persona.id}",
                "name": "Medewerker",
                "role": "user",
                "aadObjectId": f"aad-{persona.id}",
            },
            "conversation": {"id": self.conversation_id, "conversationType": "personal"},
            "locale": persona.locale,
            "timestamp": self.koers.clock.timestamp(),
        }

    async def _post(self, activity: dict[str, Any]) -> Reply | None:
        status, _ = await self.koers.channel.post(activity)
        texts = self.koers.sink.texts(self.conversation_id)
        new, self.seen = texts[self.seen :], len(texts)
        if status != 200:
            return None
        return Reply(new, [self.recogniser.read(text) for text in new])

    async def _type(self, text: str) -> Reply | None:
        self.koers.clock.advance(TYPING_TIME)
        self.typed += 1
        if not self.result.decided:
            self.result.turns += 1
        self.result.transcript.append(("employee", text))
        return await self._post(
            self.koers.channel.message(self.conversation_id, text, **self._fields())
        )

    def _note(self, reply: Reply, typed: str, asked: str) -> None:
        """Count repairs and repeats in Koers' reply to ``typed`` (typed at question ``asked``)."""
        for text, found in zip(reply.texts, reply.found, strict=True):
            self.result.transcript.append(("koers", text))
            if any(is_repair(item.key) for item in found):
                self.result.repairs += 1
                self.result.incidents.append(Incident("repair", asked, typed, _short(text)))
            if text == self.previous_text:
                self.result.repeats += 1
                self.result.incidents.append(Incident("repeat", asked, typed, _short(text)))
            self.previous_text = text
            if found:
                self.language = found[-1].language

    def _question(self, reply: Reply) -> tuple[str, str | None] | None:
        """The question Koers' reply asks and the key the persona answers it as (None when it
        has no answer for it), from the last message that asks one. A variant of a question
        ("Mag ik dit versturen?" for the whole review) is answered as that question unless the
        persona says something of its own for the variant."""
        answerable = set(self.persona.answers) | set(self.defaults.answers.get(self.language, {}))
        known = QUESTIONS | answerable
        for found in reversed(reply.found):
            asked = [item.key for item in found if question_of(item.key, known)]
            for key in reversed(asked):
                for candidate in (key, question_of(key, known)):
                    if candidate in answerable:
                        return asked[-1], candidate
            if asked:
                return asked[-1], None
        return None

    def _answer(self, key: str | None) -> str | None:
        if key is None:
            return None
        times = self.answered[key]
        answer = self.persona.answer(key, times) or self.defaults.answer(key, self.language, times)
        if answer is not None:
            self.answered[key] += 1
        return answer

    async def _check_store(self) -> None:
        intakes = await self.koers.intakes()
        new = [intake for key, intake in intakes.items() if key not in self.known_intakes]
        self.known_intakes |= set(intakes)
        if new and not self.result.stored:
            self.result.stored = True
            self.result.decided = True
            text = new[-1].get("question", {}).get("text")
            self.result.stored_question = str(text) if text is not None else None
            self.result.own_question = holds_question(
                self.result.stored_question, self.persona.question
            )

    def _event_at(self, asked: str, answer_key: str | None) -> tuple[str | None, float] | None:
        events = self.persona.events
        if self.next_event >= len(events):
            return None
        event = events[self.next_event]
        if event.at not in {asked, answer_key}:
            return None
        self.next_event += 1
        return event.say, event.pause_hours

    def _end(self, outcome: str) -> Conversation:
        self.result.missed_events = [event.at for event in self.persona.events[self.next_event :]]
        if self.result.stored and not self.persona.consent:
            self.result.outcome = "stored although they said no"
        elif self.result.stored:
            self.result.outcome = "stored" if self.result.own_question else "stored, question lost"
        elif self.result.decided:
            self.result.outcome = "declined" if not self.persona.consent else "nothing stored"
        else:
            self.result.outcome = outcome
        if self.persona.consent and self.result.stored and not self.result.own_question:
            self.result.incidents.append(
                Incident(
                    "question lost",
                    "intake.review",
                    self.persona.question,
                    f"stored question: {self.result.stored_question!r}",
                )
            )
        return self.result

    async def play(self) -> Conversation:
        self.known_intakes = set(await self.koers.intakes())
        if self.persona.opens_app:
            opened = await self._post(
                self.koers.channel.joined(self.conversation_id, **self._fields())
            )
            if opened is not None:
                self._note(opened, "(opens Koers in Teams)", self.asked)
        typed = self.persona.opening
        while not self._too_long():
            reply = await self._type(typed)
            if reply is None:
                self.result.incidents.append(Incident("server error", self.asked, typed, "-"))
                return self._end("server error")
            self._note(reply, typed, self.asked)
            await self._check_store()
            if reply.keys() & DECISION_KEYS:
                self.result.decided = True
            step = self._next(reply, typed)
            if isinstance(step, Ended):
                return self._end(step.outcome)
            typed = step
        return self._end(f"still going after {self.typed} messages")

    def _too_long(self) -> bool:
        if self.result.decided:
            return self.typed >= MAX_TURNS + MAX_AFTER_OUTCOME
        return self.result.turns >= MAX_TURNS

    def _next(self, reply: Reply, typed: str) -> str | Ended:
        """What the employee types next, or how the conversation ended."""
        keys = reply.keys()
        question = self._question(reply)
        if question is None and any(is_repair(key) for key in keys) and self.asked != "-":
            # A repair without a question we know: it is about the question still open.
            question = self.asked, self._answer_key_for(self.asked)
        if question is None:
            return self._unplaced(reply, typed)
        self.unplaced_in_a_row = 0
        asked, answer_key = question
        self.asks_in_a_row = self.asks_in_a_row + 1 if asked == self.asked else 1
        self.asked = asked
        if self.asks_in_a_row >= MAX_ASKS_IN_A_ROW:
            self.result.incidents.append(Incident("gave up", asked, typed, _short(reply.texts[-1])))
            return Ended(f"gave up at {asked}")
        event = self._event_at(asked, answer_key)
        if event is not None:
            say, pause_hours = event
            self.koers.clock.advance(timedelta(hours=pause_hours))
            if say is not None:
                return say
        answer = self._answer(answer_key)
        if answer is None:
            self.result.unrecognised += 1
            self.result.incidents.append(
                Incident("no answer planned", asked, typed, _short(reply.texts[-1]))
            )
            return self.defaults.neutral[self.language]
        return answer

    def _unplaced(self, reply: Reply, typed: str) -> str | Ended:
        """Koers asked nothing the employee can place: the end, or a neutral word."""
        keys = reply.keys()
        ends = sorted(keys & (END_KEYS | DECISION_KEYS))
        if ends or not reply.texts:
            if not self.result.decided:
                said = _short(reply.texts[-1]) if reply.texts else "(nothing)"
                self.result.incidents.append(Incident("ended", self.asked, typed, said))
            return Ended(f"ended at {ends[0] if ends else 'silence'}")
        self.unplaced_in_a_row += 1
        self.result.unrecognised += 1
        # Named by the text Koers sent, so that the key a persona could answer shows.
        final = reply.found[-1]
        said_key = final[-1].key if final else "(no catalogue text)"
        self.result.incidents.append(
            Incident("no question found", said_key, typed, _short(reply.texts[-1]))
        )
        if self.unplaced_in_a_row >= MAX_UNPLACED_IN_A_ROW:
            return Ended("gave up: no question found")
        return self.defaults.neutral[self.language]

    def _answer_key_for(self, asked: str) -> str | None:
        answerable = set(self.persona.answers) | set(self.defaults.answers.get(self.language, {}))
        for candidate in (asked, question_of(asked, QUESTIONS | answerable)):
            if candidate in answerable:
                return candidate
        return None
