"""Changes typed at the review ("Mag ik dit versturen?"), so an employee can correct what
would be sent instead of only leaving whole parts out: "mijn vraag is eigenlijk: …", "bij mijn
werk moet alleen staan: …", "zet erbij dat ik parttime werk", "haal leidinggeven weg", "leave
out the part about my manager", "het onderwerp klopt niet, het is …".

Each change is read from the words in ``content/answers.yml`` (``review_edits``), and applied
to the answers that the review shows and the intake stores: what the employee sees after the
change is what would be sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import snowballstemmer
from botbuilder.core import TurnContext

from advisors.intake import OWN
from content import LANGUAGES, Catalogue
from dialogs.not_answers import NotAnswers
from dialogs.prompts import joined, kept_answer
from dialogs.turn import entity_ids
from nlu.answers import LITTLE_WORDS, has_phrase, tokens
from privacy.redact import email_in, phone_in

REPLACE, ADD, REMOVE, SENTENCES = "replace_question", "add_to_question", "remove", "sentences"
# "zet er liever mijn mail bij: x@gemeente.nl": the way to be reached, changed at the review.
CONTACT_EMAIL, CONTACT_PHONE = "contact_email", "contact_phone"
THEME, REPLACE_WORK = "theme", "replace_work"
# The free-text parts a sentence can be taken out of.
TEXT_PARTS = ("question", "work")
# Where the review keeps each listed part's ids ("products" are the recommended ones).
LISTED_PARTS = {"drivers": "DRIVER", "talents": "TALENT", "products": "PRODUCT"}
STORED_AS = {"products": "recommended"}
# Drivers and talents kept in the employee's own words, removed by naming one of their words.
OWN_WORDS_PARTS = tuple(kind + OWN for kind in ("drivers", "talents"))
# What is left of a new or added question must say something.
LEAST_WORDS = 2
# Words that name a piece of text, not what it is about ("het stuk over", "the bit about").
_PIECE_WORDS = frozenset({"stuk", "stukje", "deel", "part", "bit", "zin", "sentence"})
_SENTENCES = re.compile(r"[^.!?;\n]+[.!?;\n]*")
_STEMMERS = {"nl": "dutch", "en": "english"}


@dataclass(frozen=True)
class Edit:
    """One change: a new question, an addition to it, ids to take out per listed part, the
    sentences to take out of the free-text parts, or a new address or number to be reached at
    (which changes the contact, not the answers)."""

    kind: str
    text: str = ""
    ids: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sentences: tuple[str, ...] = ()


def _after(text: str, phrases: tuple[str, ...]) -> str | None:
    """What follows the first of ``phrases`` (the longest first) in ``text``, as typed."""
    for phrase in sorted(phrases, key=len, reverse=True):
        found = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE)
        if found:
            return text[found.end() :].strip(" :,;-–—\"'“”")
    return None


class ReviewEdits:
    """Reads a change from a message at the review and applies it to the review's state."""

    def __init__(self, catalogue: Catalogue) -> None:
        words = catalogue.answers
        self._not_answers = NotAnswers(catalogue)
        self._edits = words.review_edits
        remove = self._edits.get(REMOVE)
        listed = (*remove.nl, *remove.en) if remove else ()
        self._remove = [tuple(tokens(phrase)) for phrase in listed]
        self._remove_words = frozenset(word for phrase in self._remove for word in phrase)
        # "haal mijn werk eruit" names a part of the review, not a driver that mentions work.
        leave_out = words.questions.get("leave_out", {})
        self._part_words = frozenset(
            word
            for option in leave_out.values()
            for phrase in (*option.words.nl, *option.words.en)
            for word in tokens(phrase)
        )
        self._stemmers = {lang: snowballstemmer.stemmer(_STEMMERS[lang]) for lang in LANGUAGES}

    def read(self, context: TurnContext, answers: Mapping[str, Any]) -> Edit | None:
        """The change the message asks for, or None when it asks none Koers can make."""
        if isinstance(context.activity.value, dict):
            return None  # a button is one of the review's options
        text = (context.activity.text or "").strip()
        if not text:
            return None
        # An address or a number typed at the review is how they want to be reached now.
        address, number = email_in(text), phone_in(text)
        if address:
            return Edit(CONTACT_EMAIL, text=address)
        if number:
            return Edit(CONTACT_PHONE, text=number)
        # "het onderwerp klopt niet, het is ander werk binnen de gemeente"
        theme = self._not_answers.corrected_theme(context)
        if theme is not None and theme != answers.get("theme"):
            return Edit(THEME, text=theme)
        for kind in (REPLACE, REPLACE_WORK, ADD):
            listed = self._edits.get(kind)
            rest = _after(text, (*listed.nl, *listed.en)) if listed else None
            if rest is not None and len(rest.split()) >= LEAST_WORDS:
                return Edit(kind, text=kept_answer(rest))
        if not has_phrase(tokens(text), self._remove):
            return None
        about = self._edits.get("about")
        subject = _after(text, (*about.nl, *about.en)) if about else None
        if subject:
            found = self._sentences_about(subject, answers)
            if found:
                return Edit(SENTENCES, sentences=found)
        named: dict[str, tuple[str, ...]] = {}
        for part, label in LISTED_PARTS.items():
            present = answers.get(STORED_AS.get(part, part)) or []
            ids = tuple(i for i in entity_ids(context, label, negated_too=True) if i in present)
            if ids:
                named[part] = ids
        named.update(self._own_words_named(text, answers))
        if named:
            return Edit(REMOVE, ids=named)
        # "haal weg dat ik parttime werk": the sentences that hold every word of the fragment.
        if len(self._content_words(text)) >= LEAST_WORDS:
            found = self._sentences_about(text, answers, every=True)
            if found:
                return Edit(SENTENCES, sentences=found)
        return None

    def _content_words(self, text: str) -> list[set[str]]:
        """The stems of each word that says what something is about: no little words, no
        words of removing ("haal", "weg") and none that name a piece of text."""
        return [
            self._stems(word)
            for word in tokens(text)
            if word[0].isalnum() and word not in LITTLE_WORDS | _PIECE_WORDS | self._remove_words
        ]

    def _content_stems(self, text: str) -> set[str]:
        return {stem for stems in self._content_words(text) for stem in stems}

    def _own_words_named(self, text: str, answers: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
        """Drivers and talents in the employee's own words that the message names by one of
        their words ("haal 'a decent paycheck' weg", "remove the paycheck one")."""
        said = self._content_stems(" ".join(w for w in tokens(text) if w not in self._part_words))
        named: dict[str, tuple[str, ...]] = {}
        for part in OWN_WORDS_PARTS:
            own = answers.get(part) or []
            found = tuple(w for w in own if isinstance(w, str) and self._content_stems(w) & said)
            if found:
                named[part] = found
        return named

    def _stems(self, word: str) -> set[str]:
        return {stemmer.stemWord(word) for stemmer in self._stemmers.values()}

    def _sentences_about(
        self, subject: str, answers: Mapping[str, Any], every: bool = False
    ) -> tuple[str, ...]:
        """The sentences of the question and the work that share a word with ``subject``
        ("my manager" finds "my new manager is nice but I hardly see her."), or with
        ``every``, that hold all its words ("haal weg dat ik parttime werk")."""
        wanted = self._content_words(subject)
        if not wanted:
            return ()
        found: list[str] = []
        for part in TEXT_PARTS:
            value = answers.get(part)
            for text in value if isinstance(value, list) else [value]:
                if not isinstance(text, str):
                    continue
                for sentence in _SENTENCES.findall(text):
                    held = self._content_stems(sentence)
                    matched = [stems for stems in wanted if stems & held]
                    if len(matched) == len(wanted) if every else matched:
                        found.append(sentence.strip())
        return tuple(dict.fromkeys(found))


def apply(edit: Edit, answers: MutableMapping[str, Any]) -> None:
    """Changes ``answers`` as ``edit`` says (what is added joins the question as the
    orientation joins what was said)."""
    if edit.kind == THEME:
        answers["theme"] = edit.text
    elif edit.kind == REPLACE:
        answers["question"] = edit.text
    elif edit.kind == REPLACE_WORK:
        answers["work"] = edit.text
    elif edit.kind == ADD:
        said = answers.get("question")
        answers["question"] = joined(said, edit.text) if isinstance(said, str) else edit.text
    elif edit.kind == REMOVE:
        for part, ids in edit.ids.items():
            key = STORED_AS.get(part, part)
            answers[key] = [item for item in answers.get(key) or [] if item not in ids]
    elif edit.kind == SENTENCES:
        for part in TEXT_PARTS:
            answers[part] = without_sentences(answers.get(part), list(edit.sentences))


def without_sentences(value: Any, sentences: list[str]) -> Any:
    """``value`` (a text or a list of texts) without the given sentences; None when nothing of
    a text is left."""
    if isinstance(value, list):
        kept = [without_sentences(item, sentences) for item in value]
        return [item for item in kept if item]
    if not isinstance(value, str):
        return value
    for sentence in sentences:
        value = value.replace(sentence, " ")
    left = " ".join(value.split()).strip(" ,;")
    return left or None
