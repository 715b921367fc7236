"""Which catalogue entries a sentence comes closest to, when none of their words was said.

"being able to decide how I do my work" names no synonym of *Autonomy*, but shares "decide" with
its description ("Deciding for yourself how and when you do your work"). The self-scan notes
such a likeness only when it is clear (one word no other entry has), in a way the next answer can
undo; what is not clear is kept in the employee's own words instead of being squeezed into an
option (a question back still gets the closest one or two as a guess).

Words are compared by their Snowball stems, in both languages, without the languages' little
words; a stem shared by many entries counts for less than one that only a single entry has.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import snowballstemmer

from content import Entry
from nlu.answers import LITTLE_WORDS, tokens

_STEMMERS = {
    language: snowballstemmer.stemmer(name)
    for language, name in (("nl", "dutch"), ("en", "english"))
}
# Stems this long that start another stem count as the same word ("blijf", "blijven"; not "blij"),
# and so do stems that start with the same letters this long ("recognis", "recognit").
MIN_PREFIX = 5
SAME_START = 6
# The second guess is offered only when it is nearly as close as the first.
SECOND_SHARE = 0.75
# How close is clear enough to note without asking: one word that no other entry has.
SURE = 1.0


def _words(text: str, ignore: frozenset[str]) -> list[frozenset[str]]:
    """Each word that says something, as its stems in both languages."""
    words = [word for word in tokens(text) if word.isalpha() and len(word) > 2]
    kept = dict.fromkeys(word for word in words if word not in LITTLE_WORDS and word not in ignore)
    return [
        frozenset(str(stemmer.stemWord(word)) for stemmer in _STEMMERS.values()) for word in kept
    ]


def _stems(text: str, ignore: frozenset[str]) -> set[str]:
    return {stem for word in _words(text, ignore) for stem in word}


def _alike(typed: str, known: str) -> bool:
    if typed == known:
        return True
    short, long = sorted((typed, known), key=len)
    if len(short) >= MIN_PREFIX and long.startswith(short):
        return True
    return len(short) >= SAME_START and long[:SAME_START] == short[:SAME_START]


@dataclass(frozen=True)
class Closest:
    """The closest one or two entries, best first (none if the text shares no word with any),
    and whether the one is clear: alone, by a word no other entry has (or more shared words)."""

    ids: tuple[str, ...]
    clear: bool


@dataclass(frozen=True)
class Likeness:
    """The entries of one kind (drivers, talents), each as the stems of all its words."""

    stems: Mapping[str, frozenset[str]]
    ignore: frozenset[str]

    @classmethod
    def of(cls, entries: Mapping[str, Entry], ignore: Iterable[str] = ()) -> Likeness:
        """``ignore``: words every answer to the question uses ("energie", "goed in")."""
        left_out = frozenset(word for phrase in ignore for word in tokens(phrase))
        stems = {}
        for entry_id, entry in entries.items():
            text = " ".join(
                [
                    *(entry.name.in_language(language) for language in _STEMMERS),
                    *(entry.description.in_language(language) for language in _STEMMERS),
                    *entry.synonyms.nl,
                    *entry.synonyms.en,
                ]
            )
            stems[entry_id] = frozenset(_stems(text, left_out))
        return cls(stems, left_out)

    def closest(self, text: str, among: Iterable[str]) -> Closest:
        """The one or two entries (of ``among``) the text is closest to, and whether the one
        is clear enough to note without asking."""
        scores = self._scores(text, among)
        ranked = sorted(scores, key=lambda entry_id: -scores[entry_id])
        if len(ranked) > 1 and scores[ranked[1]] >= SECOND_SHARE * scores[ranked[0]]:
            return Closest((ranked[0], ranked[1]), clear=False)
        return Closest(tuple(ranked[:1]), clear=bool(ranked) and scores[ranked[0]] >= SURE)

    def _scores(self, text: str, among: Iterable[str]) -> dict[str, float]:
        candidates = [entry_id for entry_id in among if entry_id in self.stems]
        scores: dict[str, float] = {}
        for word in _words(text, self.ignore):
            # A typed word counts once per entry, and less the more entries (of all, also those
            # already chosen) share it.
            having = [
                entry_id
                for entry_id, stems in self.stems.items()
                if any(_alike(typed, stem) for typed in word for stem in stems)
            ]
            for entry_id in having:
                if entry_id in candidates:
                    scores[entry_id] = scores.get(entry_id, 0.0) + 1 / len(having)
        return scores
