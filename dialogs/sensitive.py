"""Recognises sensitive topics (crisis, distress, harassment, conflict, health) in what an
employee types, in the words people really use.

People write "ik word gepest", "hij intimideert me", "he keeps harassing me": every form of a word
counts, so the catalogue's base forms and the typed words are compared by their stems (Snowball,
Dutch and English). A phrase matches word by word, with room for a few words where the catalogue
writes "..." ("ik kan het echt niet meer aan"). A negation just before a word ("niet ziek") and
a phrase in which the word means something else ("conflict of interest") do not count.

Koers does not probe into these topics: the bot answers every topic found in one caring message,
once per topic per conversation, and never asks for medical details. This runs on every message,
so the catalogue is stemmed once, when Koers starts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from content import LANGUAGES, Catalogue, SensitiveTopic, Synonyms, Text

# The topic after which Koers stops asking questions in this turn.
STOP_TOPICS = frozenset({"crisis"})
# In a catalogue phrase, "..." stands for up to this many other words.
GAP = "..."
MAX_GAP = 4
# How many words before a topic word a negation reaches ("niet ziek", "niet meer ziek").
NEGATION_REACH = 2
_STEMMERS = {"nl": "dutch", "en": "english"}
# More than a Teams message can hold (about 28 KB), so nothing a person types is cut off, while
# an oversized request cannot make this slow.
MAX_CHARS = 30_000

_APOSTROPHES = re.compile(r"[’‘`´]")
_SENTENCE_ENDS = re.compile(r"[.!?;:\n]+")
# A sentence with what ends it, as written.
_SENTENCES = re.compile(r"[^.!?;:\n]+[.!?;:\n]*")
_WORD = re.compile(r"[^\W_]+")
# English contractions, with or without the apostrophe, so that "can't", "cant" and "cannot" are
# all "can not" for the catalogue's phrases and for negation.
_CONTRACTIONS = (
    (re.compile(r"\bcan'?t\b|\bcannot\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (
        re.compile(r"\b(do|does|did|is|are|was|were|have|has|had|could|would|should|must)n'?t\b"),
        r"\1 not",
    ),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
    (re.compile(r"\bi'?m\b"), "i am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
)
# Dutch verb endings the Snowball stemmer keeps ("intimideert", "bedreigd") and a doubled vowel
# in the last syllable ("intimideer"): removed so that every form of a verb meets its base form.
_DUTCH_VERB_END = re.compile(r"(?<=\w{3})(dt|[td])$")
_DUTCH_DOUBLE_VOWEL = re.compile(r"([aeou])\1([^aeiou])$")


def _fold(text: str) -> str:
    """Lower case, without accents ("suïcide", "beëindigen"), apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", _APOSTROPHES.sub("'", text).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _words(text: str) -> list[str]:
    """The words of ``text`` as compared: folded, contractions written out."""
    folded = _fold(text)
    for pattern, replacement in _CONTRACTIONS:
        folded = pattern.sub(replacement, folded)
    return _WORD.findall(folded)


class _Stems:
    """The stem of a word in each language, cached: most messages use the same few words."""

    def __init__(self) -> None:
        self._stemmers = {
            language: snowballstemmer.stemmer(name) for language, name in _STEMMERS.items()
        }
        self.of = lru_cache(maxsize=50_000)(self._of)

    def _of(self, language: str, word: str) -> str:
        stem = str(self._stemmers[language].stemWord(word))
        if language == "nl":
            stem = _DUTCH_DOUBLE_VOWEL.sub(r"\1\2", _DUTCH_VERB_END.sub("", stem))
        return stem


@dataclass(frozen=True)
class _Token:
    """One typed word: as typed (folded), its stem per language, and its sentence."""

    word: str
    stems: dict[str, str]
    sentence: int


@dataclass(frozen=True)
class _Step:
    """One word of a phrase: a stem, an exact word, or the start of a word (``prefix``)."""

    key: str
    prefix: bool
    # How many other words may come before this one (after the phrase's previous word).
    gap: int

    def accepts(self, token: _Token, language: str | None) -> bool:
        if self.prefix:
            return token.word.startswith(self.key)
        typed = token.word if language is None else token.stems[language]
        return typed == self.key


@dataclass(frozen=True)
class _Phrase:
    """A catalogue phrase, compared by stems in ``language`` or, when None, as typed."""

    language: str | None
    steps: tuple[_Step, ...]

    def end(self, tokens: Sequence[_Token], step: int, at: int) -> int | None:
        """Where the phrase ends when its word ``step`` is ``tokens[at]``; None if it does not
        go on there. Tries every place the next word may be, within the sentence."""
        if step + 1 == len(self.steps):
            return at + 1
        following = self.steps[step + 1]
        for position in range(at + 1, min(len(tokens), at + 2 + following.gap)):
            if tokens[position].sentence != tokens[at].sentence:
                break
            if following.accepts(tokens[position], self.language):
                end = self.end(tokens, step + 1, position)
                if end is not None:
                    return end
        return None


class _Phrases:
    """A list of catalogue phrases in both languages, ready to be found in typed words."""

    def __init__(self, words: Synonyms, stems: _Stems | None) -> None:
        self._by_first: dict[tuple[str | None, str], list[_Phrase]] = {}
        self._by_prefix: list[_Phrase] = []
        for language in LANGUAGES:
            compared_as = language if stems is not None else None
            for text in words.in_language(language):
                phrase = _compile(text, compared_as, stems)
                if phrase is None:
                    continue
                first = phrase.steps[0]
                if first.prefix:
                    self._by_prefix.append(phrase)
                else:
                    self._by_first.setdefault((phrase.language, first.key), []).append(phrase)
        self._languages: list[str | None] = [*LANGUAGES] if stems is not None else [None]

    def spans(self, tokens: Sequence[_Token]) -> list[tuple[int, int]]:
        """Where the phrases occur: (first word, after the last word), left to right."""
        found: list[tuple[int, int]] = []
        for at, token in enumerate(tokens):
            for phrase in self._starting_with(token):
                end = phrase.end(tokens, 0, at)
                if end is not None:
                    found.append((at, end))
        return found

    def _starting_with(self, token: _Token) -> Iterable[_Phrase]:
        for language in self._languages:
            key = token.word if language is None else token.stems[language]
            yield from self._by_first.get((language, key), ())
        for phrase in self._by_prefix:
            if phrase.steps[0].accepts(token, phrase.language):
                yield phrase


def _compile(text: str, language: str | None, stems: _Stems | None) -> _Phrase | None:
    """A catalogue phrase as steps: each word stemmed (or kept as typed), "..." a gap."""
    steps: list[_Step] = []
    gap = 0
    for chunk in text.split():
        if chunk == GAP:
            gap = MAX_GAP
            continue
        words = _words(chunk.removesuffix("*"))
        for index, word in enumerate(words):
            prefix = chunk.endswith("*") and index == len(words) - 1
            key = word
            if language is not None and stems is not None and not prefix:
                key = stems.of(language, word)
            steps.append(_Step(key, prefix, gap))
            gap = 0
    return _Phrase(language, tuple(steps)) if steps else None


@dataclass(frozen=True)
class Finding:
    """A topic found in a message, and whether the message names the employee's manager."""

    topic: SensitiveTopic
    names_manager: bool

    @property
    def helpers(self) -> Text:
        return self.topic.helpers_for(self.names_manager)


class _TopicFinder:
    """Finds one topic: its words, unless negated or part of an exception."""

    def __init__(self, topic: SensitiveTopic, stems: _Stems) -> None:
        self.topic = topic
        self._words = _Phrases(topic.words, stems)
        self._exceptions = _Phrases(topic.exceptions, None)
        self._manager = _Phrases(topic.manager_words, stems)
        self._negations = frozenset(
            _fold(word) for language in LANGUAGES for word in topic.negations.in_language(language)
        )

    def find(self, tokens: Sequence[_Token]) -> Finding | None:
        exceptions = self._exceptions.spans(tokens)
        for start, end in self._words.spans(tokens):
            if self._negated(tokens, start):
                continue
            if any(start < until and since < end for since, until in exceptions):
                continue
            return Finding(self.topic, bool(self._manager.spans(tokens)))
        return None

    def _negated(self, tokens: Sequence[_Token], start: int) -> bool:
        sentence = tokens[start].sentence
        before = tokens[max(0, start - NEGATION_REACH) : start]
        return any(t.sentence == sentence and t.word in self._negations for t in before)


class SensitiveTopics:
    """Every sensitive topic of the catalogue, stemmed once when Koers starts."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._stems = _Stems()
        self._finders = [_TopicFinder(topic, self._stems) for topic in catalogue.sensitive]

    def find(self, text: str | None) -> tuple[Finding, ...]:
        """The topics in ``text``, most urgent first, in Dutch and English words alike."""
        tokens = self._tokens(text or "")
        if not tokens:
            return ()
        found = (finder.find(tokens) for finder in self._finders)
        return tuple(finding for finding in found if finding is not None)

    def sentences_about(self, topic_id: str, text: str | None) -> list[str]:
        """The sentences of ``text`` that are about the topic ("vorig jaar zat ik thuis met een
        burn-out."), as written, so that they can be left out of what is sent."""
        finder = next((f for f in self._finders if f.topic.id == topic_id), None)
        if finder is None or not text:
            return []
        found = []
        for sentence in _SENTENCES.findall(text[:MAX_CHARS]):
            tokens = self._tokens(sentence)
            if tokens and finder.find(tokens) is not None:
                found.append(sentence)
        return found

    def _tokens(self, text: str) -> list[_Token]:
        tokens: list[_Token] = []
        for sentence, part in enumerate(_SENTENCE_ENDS.split(text[:MAX_CHARS])):
            for word in _words(part):
                stems = {language: self._stems.of(language, word) for language in LANGUAGES}
                tokens.append(_Token(word, stems, sentence))
        return tokens


def care_message(findings: Sequence[Finding], fill: Callable[[Text], str]) -> str:
    """One message for every topic found: the most urgent topic's caring words, who can help
    with each topic (a topic whose helpers an earlier one covers adds none), and the most urgent
    topic's closing. ``fill`` puts a catalogue text in the conversation's language."""
    first = findings[0].topic
    helpers = [
        finding.helpers
        for index, finding in enumerate(findings)
        if not any(finding.topic.id in earlier.topic.covers for earlier in findings[:index])
    ]
    paragraphs = [f"{fill(first.care)} {fill(helpers[0])}", *map(fill, helpers[1:])]
    return "\n\n".join([*paragraphs, fill(first.closing)])
