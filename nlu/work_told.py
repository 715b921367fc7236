"""Work already told in a sentence: "ik werk al 12 jaar bij Parkeren", "ik ben nu twee jaar
teamleider", "I've been a youth worker in Nieuw-West for 6 years".

An employee who said what they do in their first message should not be asked "Wat voor werk
doe je nu?" again. The part of the sentence that tells it is kept in their own words, so the
advisor reads what they wrote and the review can still change it. The words that show it live
in ``content/answers.yml`` (``tells_their_work``); an age ("ik ben 58 jaar en …") or a wish
("ik wil werken als …") is never someone's work now.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from content.catalogue import Synonyms
from nlu.answers import has_phrase, phrase_starts, tokens

# A sentence is cut into parts at commas and at a conjunction that starts a new statement
# ("… en ik werk al 8 jaar als jurist", "… and my department is being reorganised"), not at
# every "en" ("bij Werk en Inkomen").
_SENTENCES = re.compile(r"[^.!?;\n]+")
_PARTS = re.compile(
    r",|\b(?:en|maar|want|omdat|dus|and|but|because|so)\s+"
    r"(?=(?:ik|i|i'm|i've|nu|now|mijn|my|het|it|we|wij|er|there)\b)",
    re.IGNORECASE,
)
# A part this short right after the work ("…, 6 years", "…, bij Parkeren") belongs to it.
TAIL_WORDS = 4
# How far after "ik ben" / "I've been" a duration or an article may stand ("ik ben nu al twee
# jaar teamleider").
IS_REACH = 4


def _phrases(words: Mapping[str, Synonyms], kind: str) -> list[list[str]]:
    found = words[kind]
    return [tokens(phrase) for phrase in (*found.nl, *found.en)]


class WorkTold:
    """Finds the part of a message that tells the employee's work now, if any."""

    def __init__(self, words: Mapping[str, Synonyms], wishes: Synonyms) -> None:
        self._works = _phrases(words, "works")
        self._is = _phrases(words, "is")
        self._since = _phrases(words, "since")
        self._wishes = [tokens(phrase) for phrase in (*wishes.nl, *wishes.en)]
        single = {kind: {p[0] for p in _phrases(words, kind) if len(p) == 1} for kind in words}
        self._role, self._article = single["role"], single["article"]
        self._amounts, self._units = single["amounts"], single["units"]
        self._not_a_job = single["not_a_job"]

    def find(self, text: str) -> str | None:
        """The part that tells their work, in their words ("ik werk al 12 jaar bij Parkeren"),
        or None when the message does not tell it."""
        for sentence in _SENTENCES.findall(text):
            parts = [part.strip() for part in _PARTS.split(sentence) if part and part.strip()]
            for index, part in enumerate(parts):
                if self._tells_work(tokens(part)):
                    return ", ".join([part, *self._tail(parts[index + 1 :])])
        return None

    def _tail(self, rest: Sequence[str]) -> list[str]:
        """ "…, 6 years" or "…, bij Parkeren" right after the work still belongs to it."""
        tail: list[str] = []
        for part in rest:
            words = [word for word in tokens(part) if word[0].isalnum()]
            if len(words) > TAIL_WORDS or not (self._duration(words) or words[0] in self._role):
                break
            tail.append(part)
        return tail

    def _tells_work(self, words: list[str]) -> bool:
        if has_phrase(words, self._wishes):
            return False
        for phrase in self._works:
            for start in phrase_starts(words, phrase):
                after = words[start + len(phrase) :]
                if self._role.intersection(after) or self._duration(after):
                    return True
        for phrase in self._is:
            for start in phrase_starts(words, phrase):
                after = words[start + len(phrase) : start + len(phrase) + IS_REACH + 2]
                near = after[:IS_REACH]
                if self._duration(after, within=IS_REACH):
                    return True
                if (
                    near[:1]
                    and near[0] in self._article
                    and (self._role.intersection(words[start:]) or self._duration(words[start:]))
                ):
                    return True
        return False

    def _duration(self, words: Sequence[str], within: int | None = None) -> bool:
        """An amount and a unit that is no age ("twee jaar teamleider", "for 6 years", but not
        "58 jaar en …"), or "sinds 2019"."""
        limit = len(words) if within is None else min(len(words), within)
        for index in range(limit):
            word = words[index]
            if any(words[index : index + len(p)] == p for p in self._since):
                return index + 1 < len(words)
            if word in self._units and index > 0:
                amount = words[index - 1]
                if not (amount.isdigit() or amount in self._amounts):
                    continue
                following = words[index + 1] if index + 1 < len(words) else None
                if within is None:
                    return True  # "ik werk al 12 jaar": the verb of working says it is work
                # "ik ben 58 jaar" is an age; "ik ben twee jaar teamleider" a job.
                return (
                    following is not None
                    and following not in self._not_a_job
                    and (following[0].isalnum())
                )
        return False
