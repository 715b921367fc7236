"""Messages that are no answer to the question waiting: a hello, "where were we?", "zie
hierboven", a question for HR, a question Koers is not for. Each gets its own reply, and none
is ever kept as the answer (an intake that says "wat is het weer morgen" helps nobody)."""

from __future__ import annotations

import re

from botbuilder.core import TurnContext

from content import Catalogue
from dialogs.turn import candidates, entity_ids, top_intent
from nlu.answers import (
    LITTLE_WORDS,
    QUESTION_WORDS,
    Option,
    has_phrase,
    phrase_starts,
    reader_for,
    tokens,
)

# A meta remark is short; inside a longer message the same words are part of an answer.
MAX_META_WORDS = 8
MAX_BARE_META = 4
# A hello on its own, not "hoi, ik wil ander werk".
MAX_GREETING_WORDS = 4
GREETING_CONFIDENCE = 0.6
# How sure the NLU must be that a question is about something Koers is not for.
OUT_OF_SCOPE_SCORE = 0.5
# How far into a message a correction says that it is one.
CORRECTION_START_WORDS = 5
# How sure the NLU must be of the topic a correction names.
CORRECTED_THEME_SCORE = 0.6
# A theme this sure makes a question a career question, whatever else it mentions; at "what is
# your question?" a leaning is enough ("can I do a part-time master, and will the municipality
# pay for part of it?" is about development, not pay).
CAREER_SCORE = 0.8
OPEN_QUESTION_CAREER_SCORE = 0.5
OUT_OF_SCOPE = "out_of_scope"
CAREER_QUESTION = "career_question"
PRODUCT_QUESTION = "product_question"
# A question with one of these intents and no product named is one for an advisor.
ASKING_INTENTS = frozenset({"product_info", "help"})
ANNOUNCES = "announces_question"
ABOUT_KOERS = "about_koers"
ANNOUNCES_AT_END = "announces_at_end"
WHERE_WERE_WE = "where_were_we"
# Where a sentence or clause ends inside a message ("moest even weg. waar was ik?", "sorry got
# pulled into a meeting, where were we?").
_SENTENCE_END = re.compile(r"(?<=[.!?,;])\s+")
SAYS_NOTHING = "says_nothing"
IN_SCAN = "says_nothing_in_scan"
# "ik heb een vraag over mijn pensioen?": an announcing phrase, a question mark, and this many
# other words at most (with more, the question is asked in the same message).
MAX_ANNOUNCED_TOPIC_WORDS = 2
CORRECTION = "correction"
# "ik heb een vraag over mijn loopbaan en mijn ontwikkeling": longer than this, it asks too.
MAX_ANNOUNCE_WORDS = 24
# How a question starts, in either language (a question mark is often left out on a phone).
_QUESTION_STARTS = QUESTION_WORDS | frozenset(
    [
        "wat",
        "wanneer",
        "hoe",
        "hoeveel",
        "waar",
        "wie",
        "welke",
        "welk",
        "waarom",
        "kan",
        "kun",
        "kunnen",
        "mag",
        "moet",
        "is",
        "zijn",
        "heb",
        "hebben",
        "krijg",
        "klopt",
        "weet",
        "what",
        "when",
        "how",
        "where",
        "who",
        "which",
        "why",
        "can",
        "could",
        "may",
        "is",
        "are",
        "do",
        "does",
        "did",
        "should",
        "will",
        "would",
    ]
)
_ASKING = (("ik", "wil", "weten"), ("i", "want", "to", "know"), ("vraagje",), ("quick", "question"))


def is_question(text: str | None) -> bool:
    """Whether ``text`` asks something (a question mark, a question word first, "ik wil
    weten")."""
    words = tokens(text or "")
    if not words:
        return False
    if "?" in words or words[0] in _QUESTION_STARTS:
        return True
    return has_phrase(words, _ASKING)


class NotAnswers:
    """Tells what kind of non-answer a message is, or None for an answer."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self._reader = reader_for(catalogue.answers)
        meta = catalogue.answers.not_answers
        # No labels: an option's label counts as its words too, and an id is nobody's word.
        self._meta = [
            Option(kind, "", (*words.nl, *words.en))
            for kind, words in meta.items()
            if kind not in (ANNOUNCES, ANNOUNCES_AT_END, CORRECTION, SAYS_NOTHING, IN_SCAN)
        ]
        announce = meta.get(ANNOUNCES)
        words = (*announce.nl, *announce.en) if announce else ()
        self._announce = [Option(ANNOUNCES, "", words)]
        at_end = meta.get(ANNOUNCES_AT_END)
        self._announce_tokens = [
            tuple(t for t in tokens(phrase) if t[0].isalnum())
            for phrase in (*words, *((*at_end.nl, *at_end.en) if at_end else ()))
        ]
        nothing = meta.get(SAYS_NOTHING)
        self._says_nothing = (
            frozenset(
                word
                for phrase in ((*nothing.nl, *nothing.en) if nothing else ())
                for word in tokens(phrase)
            )
            | LITTLE_WORDS
        )
        # The words for the urgency, the ways of contact and the parts' names: a correction
        # that names one is not about the topic.
        questions = catalogue.answers.questions
        self._parts = [
            Option(f"{question}:{option}", "", (*listed.words.nl, *listed.words.en))
            for question in ("urgency", "contact", "parts")
            for option, listed in questions.get(question, {}).items()
        ]
        self._hr = [
            Option(topic.id, "", (*topic.words.nl, *topic.words.en))
            for topic in catalogue.hr_topics
        ]

    def says_command(self, text: str | None, intent: str, least_words: int = 1) -> bool:
        """Whether the command's words (phrases of at least ``least_words`` words) stand in
        ``text`` and are not negated ("ik wil niet stoppen met werken" is no stop)."""
        words = self._catalogue.orientation.commands.get(intent)
        if words is None:
            return False
        phrases = [p for p in (*words.nl, *words.en) if len(p.split()) >= least_words]
        option = Option(intent, intent, tuple(phrases))
        return bool(phrases) and self._reader.read(text, [option], numbers=False).choice == intent

    def asks_about_koers(self, text: str | None) -> bool:
        """ "Wat is dit eigenlijk? Is dit een robot?": a question about Koers itself, which the
        welcome answers; no topic and no career question."""
        about = [option for option in self._meta if option.id == ABOUT_KOERS]
        return self._reader.read(text, about, numbers=False).choice == ABOUT_KOERS

    def kind(
        self, context: TurnContext, open_question: bool = False, needs_mark: bool = False
    ) -> str | None:
        """ "where_were_we", "see_above", "greeting", "hr:<topic>", "out_of_scope",
        "product_question" (about a product Koers can explain), "career_question" (one Koers
        cannot answer, for the advisor) or None. ``open_question``: Koers is asking for the
        employee's question, so one that leans to a career theme is theirs. ``needs_mark``:
        only a message with a question mark is a question (answers in one's own words may
        start like one: "when I automate something boring")."""
        text = context.activity.text
        words = [word for word in tokens(text or "") if word[0].isalnum()]
        if not words:
            return None
        # "zie hierboven" alone; "dat zei ik al, baliemedewerker burgerzaken" answers too.
        said_more = any(mark in (text or "") for mark in ",:;") and len(words) > MAX_BARE_META
        if len(words) <= MAX_META_WORDS and not said_more:
            meta = self._reader.read(text, self._meta, numbers=False).choice
            if meta is not None:
                return meta
        if self._ends_asking_where(text or ""):
            return WHERE_WERE_WE  # "sorry, moest even weg voor een overleg. waar was ik?"
        intent, confidence = top_intent(context)
        if (
            intent == "greeting"
            and confidence >= GREETING_CONFIDENCE
            and len(words) <= MAX_GREETING_WORDS
        ):
            return "greeting"
        if not is_question(text) or (needs_mark and "?" not in (text or "")):
            return None
        if not self._about_career(context, open_question):
            topic = self._reader.read(text, self._hr).choice
            if topic is not None:
                return f"hr:{topic}"
            best = candidates(context)
            if best and best[0][0] == OUT_OF_SCOPE and best[0][1] >= OUT_OF_SCOPE_SCORE:
                return OUT_OF_SCOPE
        if entity_ids(context, "PRODUCT", negated_too=True):
            return PRODUCT_QUESTION  # "is er geen coaching met een echte coach?"
        if intent in self._catalogue.themes or intent in ASKING_INTENTS:
            return CAREER_QUESTION
        return None

    def _ends_asking_where(self, text: str) -> bool:
        """Back after a break, with a word about it first: the last sentence asks where the
        conversation was."""
        sentences = [part for part in _SENTENCE_END.split(text.strip()) if part.strip()]
        if len(sentences) < 2:
            return False
        last = sentences[-1]
        if len([word for word in tokens(last) if word[0].isalnum()]) > MAX_BARE_META:
            return False
        return self._reader.read(last, self._meta, numbers=False).choice == WHERE_WERE_WE

    def _names_another_part(self, text: str | None) -> bool:
        """Whether a correction is about the urgency or the way of contact, not the topic."""
        named = self._reader.read(text, self._parts, numbers=False)
        return named.choice is not None or bool(named.guesses)

    def corrected_theme(self, context: TurnContext) -> str | None:
        """ "nee, pensioen klopt niet, het gaat over mijn loopbaan": the topic a correction
        names instead (by the NLU, or by a topic's own words), or None."""
        text = context.activity.text
        said = self._catalogue.answers.not_answers.get(CORRECTION)
        if said is None:
            return None
        # A correction says so at its start ("nee, …", "dat klopt niet, …"), not somewhere in a
        # description of one's work.
        words = [word for word in tokens(text or "") if word[0].isalnum()]
        start = " ".join(words[:CORRECTION_START_WORDS])
        no = self._catalogue.answers.no
        option = Option(CORRECTION, "", (*said.nl, *said.en))
        says_no = bool(words) and words[0] in {*no.nl, *no.en}
        if not says_no and self._reader.read(start, [option], numbers=False).choice != CORRECTION:
            return None
        if self._reader.read(text, [option], numbers=False).choice != CORRECTION:
            return None
        if self._names_another_part(text):
            return None  # "the urgency is wrong, it should be within a few weeks"
        intent, confidence = top_intent(context)
        if intent in self._catalogue.themes and confidence >= CORRECTED_THEME_SCORE:
            return intent
        listed_themes = self._catalogue.answers.questions.get("theme", {})
        themes = [
            Option(theme, "", (*listed.words.nl, *listed.words.en))
            for theme, listed in listed_themes.items()
            if theme != "other"
        ]
        return self._reader.read(text, themes, numbers=False).choice

    def only_announces(self, text: str | None) -> bool:
        """ "Goedemorgen, ik heb een vraag over mijn loopbaan", "I was told you could help me
        with a question about my career": a message that says a question is coming, without
        asking it (so it is neither the question nor its topic)."""
        words = [word for word in tokens(text or "") if word[0].isalnum()]
        if not words or len(words) > MAX_ANNOUNCE_WORDS:
            return False
        rest = [word for word in words if word not in self._says_nothing]
        if not rest:
            return True
        announced = self._reader.read(text, self._announce, numbers=False).choice == ANNOUNCES
        # "ik heb een vraag: mag ik een opleiding volgen naast mijn werk?" asks it too.
        asks = "?" in (text or "") and len(rest) > MAX_ANNOUNCED_TOPIC_WORDS
        return announced and not asks

    def says_a_question_comes(self, text: str | None) -> bool:
        """ "ik weet niet of ik hier goed zit, een collega zei dat ik het eens moest proberen":
        a message that only announces a question, in words that say so (not a bare "ja")."""
        return self.only_announces(text) and self.announces(text)

    def announces(self, text: str | None) -> bool:
        """Whether the message says, anywhere, that a question is coming ("Ik heb een vraag
        over mijn positie na de reorganisatie, maar …")."""
        return self._reader.read(text, self._announce, numbers=False).choice == ANNOUNCES

    def announces_at_the_end(self, text: str | None) -> bool:
        """ "Ik ben 63 en zit in mijn laatste jaren, kan ik daar hier iets over vragen?", "I'm
        a security officer and I'd like some advice about my next career step": what comes
        first tells about the employee, and the message ends by saying a question is coming.
        What they said is kept; the question itself is still to be asked."""
        words = [word for word in tokens(text or "") if word[0].isalnum()]
        return any(
            all(word in self._says_nothing for word in words[start + len(phrase) :])
            for phrase in self._announce_tokens
            for start in phrase_starts(words, phrase)
        )

    def corrects(self, text: str | None) -> bool:
        """ "nee, het gaat over mijn werkdruk": a correction of what Koers guessed, which names
        the topic but is not the question itself."""
        words = [word for word in tokens(text or "") if word[0].isalnum()]
        no = self._catalogue.answers.no
        return bool(words) and words[0] in {*no.nl, *no.en}

    def _about_career(self, context: TurnContext, open_question: bool) -> bool:
        intent, confidence = top_intent(context)
        least = OPEN_QUESTION_CAREER_SCORE if open_question else CAREER_SCORE
        return intent in self._catalogue.themes and confidence >= least

    def pointer(self, kind: str, language: str) -> str | None:
        """Where an HR question is answered, for a kind "hr:<topic>"."""
        topic_id = kind.removeprefix("hr:")
        for topic in self._catalogue.hr_topics:
            if topic.id == topic_id:
                return self._catalogue.messages.fill(topic.pointer, language)
        return None
