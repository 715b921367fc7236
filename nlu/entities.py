"""Finds drivers, talents and products in what employees type, and whether they are negated.

The words come from the catalogue's synonyms, read when Koers starts: the career centre adds a
synonym in ``content/`` and Koers recognises it, no retraining needed. A word matches when its
stem matches (``plannen``/``planning``) or when it is one or two typing errors away from a
synonym word of some length (``leidinggevn``). Negation is read from a few words around the
match within the same clause: "geen leidinggeven voor mij", "een hekel aan plannen",
"not into managing people".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from content import Catalogue

LABELS = {"drivers": "DRIVER", "talents": "TALENT", "products": "PRODUCT"}

# Words that end a clause: negation does not reach across them.
_BREAKS = {
    "nl": frozenset({",", ".", ";", ":", "!", "?", "maar", "en", "want", "omdat", "of", "terwijl"}),
    "en": frozenset({",", ".", ";", ":", "!", "?", "but", "and", "because", "or", "although"}),
}
_NEGATION_BEFORE = {
    "nl": frozenset(
        [
            "geen",
            "niet",
            "nooit",
            "niks",
            "niets",
            "hekel",
            "haat",
            "zonder",
            "allerminst",
            "weinig",
        ]
    ),
    "en": frozenset(["not", "no", "never", "n't", "nothing", "hate", "dislike", "without"]),
}
_NEGATION_AFTER = {
    "nl": frozenset(["niet", "niks", "niets"]),
    "en": frozenset(["not", "n't", "nothing"]),
}
# "ik heb geen zekerheid meer" says it is missing, not unwanted.
_HAVE = frozenset(["heb", "hebben", "heeft", "had", "hadden", "have", "has"])
_LACK_CUES = frozenset({"geen", "no"})
# Words that look like a synonym (same stem, one letter off) but mean something else.
_LOOK_ALIKES = {
    "nl": frozenset(
        {"organisatie", "organisaties", "beleid", "idee", "leidinggevende", "leidinggevenden"}
        | {"precies"}
    ),
    "en": frozenset(
        {"organisation", "organization", "organisations", "mean", "means", "export", "care"}
        | {"leaving", "idea", "master", "collection", "arrangement", "arrangements"}
        | {"appreciate", "appreciated", "certainly", "caring"}
    ),
}
_WINDOW_BEFORE = 4
_WINDOW_AFTER = 4
_STEMMERS = {"nl": "dutch", "en": "english"}

Tokenize = Callable[[str], Sequence[tuple[str, int]]]


@dataclass(frozen=True)
class EntityMatch:
    """One entity in the text: ``text[start:end]`` is ``entity_id`` of kind ``label``."""

    label: str
    text: str
    entity_id: str
    negated: bool
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return {
            "label": self.label,
            "text": self.text,
            "id": self.entity_id,
            "negated": self.negated,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    label: str
    entity_id: str


class EntityMatcher:
    """Matches the catalogue's synonyms of one language in tokenised text."""

    def __init__(self, catalogue: Catalogue, language: str, tokenize: Tokenize) -> None:
        self._language = language
        self._tokenize = tokenize
        self._stemmer = snowballstemmer.stemmer(_STEMMERS[language])
        self._by_first: dict[str, list[_Phrase]] = {}
        for section, label in LABELS.items():
            entries = getattr(catalogue, section)
            for entity_id, entry in entries.items():
                for synonym in entry.synonyms.in_language(language):
                    words = tuple(token.lower() for token, _ in tokenize(synonym))
                    if words:
                        phrase = _Phrase(words, label, entity_id)
                        self._by_first.setdefault(words[0], []).append(phrase)
        for phrases in self._by_first.values():
            phrases.sort(key=lambda phrase: -len(phrase.words))  # longest match first
        self._first_words = list(self._by_first)
        self._first_stems: dict[str, list[str]] = {}
        for word in self._first_words:
            self._first_stems.setdefault(self._stem(word), []).append(word)
        self._same = lru_cache(maxsize=50_000)(self._same_uncached)
        self._starts = lru_cache(maxsize=50_000)(self._starts_uncached)

    def _stem(self, word: str) -> str:
        return str(self._stemmer.stemWord(word))

    def _same_uncached(self, typed: str, known: str) -> bool:
        if typed == known:
            return True
        if not typed.isalpha() or not known.isalpha():
            return False
        if typed in _LOOK_ALIKES[self._language]:
            return False
        # Same stem counts for inflections of the same length or longer ("plannen" → "planning"),
        # not for shorter words: "mean" is no form of "meaning", "zeker" none of "zekerheid".
        if self._stem(typed) == self._stem(known) and len(typed) >= len(known) - 1:
            return True
        return _close(typed, known)

    def _starts_uncached(self, typed: str) -> tuple[str, ...]:
        """Synonym first-words that ``typed`` can stand for."""
        if typed in _LOOK_ALIKES[self._language]:
            return (typed,) if typed in self._by_first else ()
        found = [
            word for word in self._first_stems.get(self._stem(typed), ()) if self._same(typed, word)
        ]
        if typed in self._by_first and typed not in found:
            found.append(typed)
        if len(typed) >= _MIN_FUZZY and typed.isalpha():
            for word, _, _ in process.extract(
                typed, self._first_words, scorer=OSA.distance, score_cutoff=2, limit=5
            ):
                if word not in found and _close(typed, word):
                    found.append(word)
        return tuple(found)

    def find(self, text: str) -> list[EntityMatch]:
        """Every entity in ``text``, left to right, without overlaps."""
        tokens = [(token, start) for token, start in self._tokenize(text) if token.strip()]
        lowered = [token.lower() for token, _ in tokens]
        matches: list[EntityMatch] = []
        index = 0
        while index < len(tokens):
            found = self._match_at(lowered, index)
            if found is None:
                index += 1
                continue
            phrase, end_index = found
            start = tokens[index][1]
            last_token, last_start = tokens[end_index - 1]
            end = last_start + len(last_token)
            matches.append(
                EntityMatch(
                    label=phrase.label,
                    text=text[start:end],
                    entity_id=phrase.entity_id,
                    negated=self._negated(lowered, index, end_index),
                    start=start,
                    end=end,
                )
            )
            index = end_index
        return matches

    def _match_at(self, lowered: list[str], index: int) -> tuple[_Phrase, int] | None:
        best: tuple[_Phrase, int] | None = None
        for first in self._starts(lowered[index]):
            for phrase in self._by_first[first]:
                end = index + len(phrase.words)
                if end > len(lowered) or (best is not None and end <= best[1]):
                    continue
                if all(
                    self._same(lowered[index + offset], word)
                    for offset, word in enumerate(phrase.words[1:], start=1)
                ):
                    best = (phrase, end)
        return best

    def _negated(self, lowered: list[str], start: int, end: int) -> bool:
        before = _NEGATION_BEFORE[self._language]
        for position in range(start - 1, max(-1, start - 1 - _WINDOW_BEFORE), -1):
            word = lowered[position]
            if word in _BREAKS[self._language]:
                break
            if word in before:
                # "ik heb geen tijd", "i don't have time": something missing, not unwanted.
                had = position > 0 and lowered[position - 1] in _HAVE and word in _LACK_CUES
                lacks = any(lowered[between] in _HAVE for between in range(position + 1, start))
                return not (had or lacks)
        after = _NEGATION_AFTER[self._language]
        for position in range(end, min(len(lowered), end + _WINDOW_AFTER)):
            word = lowered[position]
            if word in _BREAKS[self._language]:
                break
            if word in after:
                return True
        return False


_MIN_FUZZY = 7


def _close(typed: str, known: str) -> bool:
    """A typing error away: same start, one edit or swap (two for long words)."""
    if len(typed) < _MIN_FUZZY or len(known) < _MIN_FUZZY or typed[:2] != known[:2]:
        return False
    allowed = 1 if len(known) < 12 else 2
    return bool(OSA.distance(typed, known, score_cutoff=allowed) <= allowed)
