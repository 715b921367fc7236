"""Reads what an employee typed at a choice question: which option they mean, or, when unsure,
the one or two options they most likely mean.

People answer in sentences, not labels: "het heeft echt geen haast hoor", "liever niet, ik praat
eerst met mijn leidinggevende", "de tweede", "ja prima", "yes, please send it". So an option
counts when one of its words occurs anywhere in the answer (a typing error or two allowed in
longer words), unless it is negated in the same part of the sentence; a negated option may mean
another one ("niet dringend" is no hurry; a negated yes is the question's no). The words come
from content/answers.yml, so the career centre adds its employees' words without a release.

One reader serves every choice question; it knows nothing of dialogs or channels.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.nl.stop_words import STOP_WORDS as NL_STOP_WORDS

from content import AnswerWords, Synonyms

# What one answer may hold before the rest is not read: an answer is a sentence or three (and a
# pasted book is not read to its end on every turn).
MAX_TOKENS = 80
MAX_CHARS = 2000
# A longer word may be this many typing errors away from an option's word.
_TYPOS = ((9, 2), (5, 1))
# How far before (and after) a word a negation still applies.
_NEGATION_BEFORE_WINDOW = 3
_NEGATION_AFTER_WINDOW = 3
# Words that end a part of a sentence: a negation does not reach across them.
_CLAUSE_ENDS = frozenset({",", ".", ";", ":", "!", "?", "maar", "but", "want", "because", "en"})
_PARTICLES = frozenset({"maar"})
# "Kan ik niet gewoon iemand spreken?": a question that begins like this asks for something.
_ASKING_VERBS = frozenset({"kan", "kun", "kunnen", "mag", "could", "can"})
_ASKING_NOT = 2
# Where the first part of an answer ends: "medium, …", "geen haast. …" (the punctuation
# tokens() keeps).
_CLAUSE_ENDS = frozenset({",", ".", ";", ":", "!"})
# How far ahead the best option must be to count without asking.
_CLEAR_LEAD = 2.0
# The whole answer against the options' words, when no word of an option was found in it.
_FUZZY_SURE = 85
_FUZZY_GUESS = 70
# Typed text this long may stand for the one option whose words contain it ("telefoon").
_MIN_PART_CHARS = 4
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[.,;:!?]")
_REPEATS = re.compile(r"(\w)\1{2,}")


@dataclass(frozen=True)
class Option:
    """One option: the id a flow keeps, the words the employee sees, other words for it, and
    whether it is its question's yes or no."""

    id: str
    label: str
    synonyms: tuple[str, ...] = field(default=())
    means: str | None = None
    when_negated: str | None = None


@dataclass(frozen=True)
class Reading:
    """What an answer says: the option meant, or the best guesses when it is not clear."""

    choice: str | None = None
    guesses: tuple[str, ...] = ()


def tokens(text: str) -> list[str]:
    """Lower-case words without accents (oké, oke), with runs of one letter shortened
    ("jaaaa" is "jaa"), and the punctuation that ends a part of a sentence."""
    folded = unicodedata.normalize("NFKD", text[:MAX_CHARS].casefold().replace("’", "'"))
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    return _TOKEN.findall(_REPEATS.sub(r"\1\1", plain))[:MAX_TOKENS]


# The languages' little words (ik, de, you, with, …) as tokens() gives them: they say nothing
# about what a message is about.
LITTLE_WORDS = frozenset(word for stop in (*NL_STOP_WORDS, *EN_STOP_WORDS) for word in tokens(stop))


def phrase_starts(words: Sequence[str], phrase: Sequence[str]) -> Iterator[int]:
    """Where ``phrase`` (tokens in a row) stands in ``words``: each index it starts at."""
    size = len(phrase)
    if not size:
        return
    wanted = tuple(phrase)
    for start in range(len(words) - size + 1):
        if tuple(words[start : start + size]) == wanted:
            yield start


def has_phrase(words: Sequence[str], phrases: Iterable[Sequence[str]]) -> bool:
    """Whether any of ``phrases`` stands in ``words``."""
    return any(next(phrase_starts(words, phrase), None) is not None for phrase in phrases)


def _words_only(found: Iterable[str]) -> list[str]:
    return [token for token in found if token[0].isalnum()]


def _errors(typed: str, known: str) -> int | None:
    """How many typing errors ``typed`` is from ``known`` (None: too many to be that word)."""
    if typed == known:
        return 0
    for length, allowed in _TYPOS:
        if len(known) >= length and len(typed) >= length - 1:
            errors = OSA.distance(typed, known, score_cutoff=allowed)
            return errors if errors <= allowed else None
    return None


@dataclass(frozen=True)
class _Hit:
    option: str
    start: int
    end: int
    chars: int
    errors: int = 0
    # A word of politeness from the yes list ("please"): no answer beside another option's words.
    polite: bool = False


# How a question for information starts: such a message is no yes or no ("wat is een scan
# precies?" does not say yes because it ends in "precies").
_DUTCH_QUESTION_WORDS = ("wat", "wanneer", "hoe", "hoeveel", "waar", "wie", "welke", "waarom")
QUESTION_WORDS = frozenset(
    [*_DUTCH_QUESTION_WORDS, "welk", "what", "when", "how", "where", "who", "which", "why"]
)
# A question that starts with its verb: "kan ik …", "mag ik …", "can we …".
_DUTCH_ASKING_VERBS = ("kan", "kun", "kunnen", "mag", "moet", "ben", "zijn", "heb", "krijg")
ASKING_VERBS = frozenset(
    [*_DUTCH_ASKING_VERBS, "can", "could", "may", "shall", "should", "will", "would", "are", "do"]
)
# Marks a phrase from the yes and no lists: in a long answer such a word counts only near its
# start or end ("ja, ..." / "..., prima"), not as an aside ("ik ben goed in plannen").
_GENERIC = "\x00"
_LONG_ANSWER_WORDS = 6
_EDGE_WORDS = 2


class AnswerReader:
    """Reads answers with one centre's words (content/answers.yml)."""

    def __init__(self, words: AnswerWords) -> None:
        self._words = words
        self._phrase_cache: dict[Option, list[tuple[str, ...]]] = {}

    @cached_property
    def _ordinals(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for number, words in enumerate(self._words.ordinals, start=1):
            for word in (*words.nl, *words.en):
                found.setdefault(" ".join(tokens(word)), number)
        return found

    @staticmethod
    def _both(words: Synonyms) -> frozenset[str]:
        return frozenset(" ".join(tokens(word)) for word in (*words.nl, *words.en))

    @cached_property
    def _number_words(self) -> frozenset[str]:
        return self._both(self._words.number_words)

    @cached_property
    def _polite(self) -> frozenset[str]:
        return self._both(self._words.polite)

    @cached_property
    def _negation_before(self) -> frozenset[str]:
        return self._both(self._words.negation_before)

    @cached_property
    def _negation_after(self) -> frozenset[str]:
        return self._both(self._words.negation_after)

    def _phrases(self, option: Option) -> list[tuple[str, ...]]:
        known = self._phrase_cache.get(option)
        if known is None:
            known = self._phrase_cache[option] = self._phrases_of(option)
        return known

    def _phrases_of(self, option: Option) -> list[tuple[str, ...]]:
        own = {tuple(tokens(word)) for word in (option.label, *option.synonyms)}
        phrases = [phrase for phrase in own if phrase]
        if option.means in ("yes", "no"):
            said = self._words.yes if option.means == "yes" else self._words.no
            generic = {tuple(tokens(word)) for word in (*said.nl, *said.en)} - own
            phrases += [(_GENERIC, *phrase) for phrase in generic if phrase]
        return phrases

    def read(self, text: str | None, options: Sequence[Option], numbers: bool = True) -> Reading:
        """The option ``text`` means among ``options``, or the best guesses, or nothing;
        ``numbers``: whether "2" or "de tweede" picks the option at that place."""
        typed = tokens(text or "")
        words = _words_only(typed)
        if not words or not options:
            return Reading()
        by_number = self._by_number(words, options) if numbers else None
        if by_number is not None:
            return Reading(by_number)
        scores = self._scores(typed, options)
        if scores:
            ranked = sorted(scores, key=lambda option_id: -scores[option_id])
            if len(ranked) == 1 or scores[ranked[0]] >= _CLEAR_LEAD * scores[ranked[1]]:
                return Reading(ranked[0])
            leading = self._leading_clause(typed, options)
            if leading in ranked[:2]:
                return Reading(leading)
            return Reading(guesses=tuple(ranked[:2]))
        return self._near(" ".join(words), options)

    def _leading_clause(self, typed: list[str], options: Sequence[Option]) -> str | None:
        """ "medium, sometime this year would be nice": people answer first and explain after,
        so where the whole message names two options, its first part may name one clearly."""
        end = next((i for i, token in enumerate(typed) if token in _CLAUSE_ENDS), len(typed))
        if end == len(typed):
            return None
        scores = self._scores(typed[:end], options)
        ranked = sorted(scores, key=lambda option_id: -scores[option_id])
        if ranked and (len(ranked) == 1 or scores[ranked[0]] >= _CLEAR_LEAD * scores[ranked[1]]):
            return ranked[0]
        return None

    def _by_number(self, words: list[str], options: Sequence[Option]) -> str | None:
        """ "2", "de tweede", "nummer twee", "the first one": the option at that place."""
        rest = [word for word in words if word not in self._number_words]
        if len(rest) != 1:
            return None
        word = rest[0]
        number = int(word) if word.isdigit() else self._ordinals.get(word)
        if number is None or not 1 <= number <= len(options):
            return None
        # Where the options are numbers themselves (a score of 1 to 5), the number is the option.
        labelled = {option.label: option.id for option in options}
        return labelled.get(word) or options[number - 1].id

    def _scores(self, typed: list[str], options: Sequence[Option]) -> dict[str, float]:
        hits = self._hits(typed, options)
        by_id = {option.id: option for option in options}
        no_option = next((option.id for option in options if option.means == "no"), None)
        # A lone cue that negates another option's word ("stuur het nog maar niet") is spent
        # on that negation; it is no answer of its own.
        negations = {id(hit): self._negation(typed, hit, hits) for hit in hits}
        spent = {index for index in negations.values() if index is not None}
        scores: dict[str, float] = {}
        for hit in hits:
            if hit.end - hit.start == 1 and hit.start in spent:
                continue
            option = by_id[hit.option]
            meant: str | None = option.id
            if negations[id(hit)] is not None:
                meant = option.when_negated or (no_option if option.means == "yes" else None)
            if meant is not None:
                scores[meant] = scores.get(meant, 0.0) + hit.chars
        return scores

    def _hits(self, typed: list[str], options: Sequence[Option]) -> list[_Hit]:
        """Every place where an option's words occur; of overlapping ones, the longest."""
        found: list[_Hit] = []
        words = _words_only(typed)
        long_answer = len(words) > _LONG_ANSWER_WORDS
        # A question is no yes or no: "wat bedoel je precies?", "can we start over please",
        # "mag ik eerst iets vragen?" (a short "ja?" still is one).
        asking = bool(words) and (
            words[0] in QUESTION_WORDS
            or words[0] in ASKING_VERBS
            or ("?" in typed and len(words) > _EDGE_WORDS)
        )
        for option in options:
            for marked in self._phrases(option):
                generic = marked[0] == _GENERIC
                phrase = marked[1:] if generic else marked
                size = len(phrase)
                for start in range(len(typed) - size + 1):
                    if generic and (
                        asking
                        or (
                            long_answer
                            and _EDGE_WORDS <= start < len(typed) - size - _EDGE_WORDS + 1
                        )
                    ):
                        continue
                    errors = [_errors(typed[start + i], phrase[i]) for i in range(size)]
                    if all(error is not None for error in errors):
                        chars = sum(len(word) for word in phrase)
                        typos = sum(error or 0 for error in errors)
                        polite = generic and " ".join(phrase) in self._polite
                        found.append(_Hit(option.id, start, start + size, chars, typos, polite))
        # Of overlapping places the longest wins, and of equally long ones the exact one
        # ("tevreden" is not a typing error for "ontevreden").
        found.sort(key=lambda hit: (-(hit.end - hit.start), hit.errors, -hit.chars, hit.start))
        kept: list[_Hit] = []
        taken: set[int] = set()
        for hit in found:
            span = set(range(hit.start, hit.end))
            if not span & taken:
                kept.append(hit)
                taken |= span
        if any(not hit.polite for hit in kept):
            kept = [hit for hit in kept if not hit.polite]
        return kept

    def _negation(self, typed: list[str], hit: _Hit, hits: list[_Hit]) -> int | None:
        """Where a negation cue stands shortly before (or just after) the hit, in the same part
        of the sentence: a word of its own, or an option's word of one word ("niet")."""
        inside = {
            index
            for other in hits
            if other.end - other.start > 1
            for index in range(other.start, other.end)
        }
        for index in range(hit.start - 1, max(hit.start - 1 - _NEGATION_BEFORE_WINDOW, -1), -1):
            if typed[index] in _CLAUSE_ENDS:
                break
            if index == _ASKING_NOT and typed[0] in _ASKING_VERBS:
                continue  # "kan ik niet gewoon ...?" asks; it does not negate
            if index not in inside and typed[index] in self._negation_before:
                return index
        end = min(hit.end + _NEGATION_AFTER_WINDOW, len(typed))
        for index in range(hit.end, end):
            # After the word, "maar" is a particle ("stuur het nog maar niet"), not "but".
            if typed[index] in _CLAUSE_ENDS and typed[index] not in _PARTICLES:
                break
            if index not in inside and typed[index] in self._negation_after:
                return index
        return None

    def _near(self, text: str, options: Sequence[Option]) -> Reading:
        """No option's words in the answer: a near miss of a whole option, or part of one."""
        names: dict[str, str] = {}
        for option in options:
            for phrase in self._phrases(option):
                names.setdefault(" ".join(phrase).lstrip(_GENERIC).strip(), option.id)
        if len(text) >= _MIN_PART_CHARS:
            holders = {
                option_id
                for words, option_id in names.items()
                if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", words)
            }
            if len(holders) == 1:
                return Reading(holders.pop())
        best = process.extract(text, list(names), scorer=fuzz.ratio, limit=4)
        if best and best[0][1] >= _FUZZY_SURE:
            return Reading(names[best[0][0]])
        guesses = list(
            dict.fromkeys(names[name] for name, score, _ in best if score >= _FUZZY_GUESS)
        )
        return Reading(guesses=tuple(guesses[:2]))


_readers: dict[int, tuple[AnswerWords, AnswerReader]] = {}


def reader_for(words: AnswerWords) -> AnswerReader:
    """The reader for a catalogue's words, made once (a catalogue is built once and kept)."""
    known = _readers.get(id(words))
    if known is None or known[0] is not words:
        known = (words, AnswerReader(words))
        _readers[id(words)] = known
    return known[1]
