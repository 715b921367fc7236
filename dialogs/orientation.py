"""The orientation: what brings the employee, their question, how urgent, a little context.

One question per message; optional questions can be skipped with "sla over" or "weet ik niet".
A theme typed in the employee's own words is understood through the NLU's intent. A long
answer at that step that says what they want ("ik vraag me af of …") already counts as their
question; one that only tells their situation is kept, and Koers asks what they want to know or
reach, so the advisor gets the question and not only the story. Work told along the way ("ik
werk al 12 jaar bij Parkeren") is kept in their words and not asked for again.
"""

from __future__ import annotations

import re
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import PromptOptions

from content import Catalogue
from dialogs.choices import Choice, is_one_of
from dialogs.not_answers import NotAnswers, is_question
from dialogs.prompts import ANSWER_TEXT_KEY, ChoicePrompt, FreeTextPrompt, joined, kept_answer
from dialogs.turn import CARE_GIVEN_KEY, candidates, entity_ids, top_intent
from insights import events
from insights.events import note
from nlu.answers import Reading, phrase_starts, tokens
from nlu.work_told import WorkTold

THEME, QUESTION, URGENCY, WORK = "theme", "question", "urgency", "work"
# What they want to know or reach, asked after they told about their situation. The id stays
# "question_more" (its old name): conversations stored on that prompt carry on after an upgrade.
QUESTION_MORE = "question_more"
DRIVERS, TALENTS = "drivers", "talents"
# An orientation that ends early because the first message asked for a person as well
# (the intake's own key: it then asks no "Wil je dat een adviseur contact met je opneemt?").
WANTS_PERSON = "wants_person"
HANDOFF = "human_handoff"
# Products the employee asked for by name ("ik wil coaching"): the advice names them first.
ASKED_FOR = "asked_for"
# How sure the NLU must be before free text counts as a theme without asking; below, down to
# GUESS_CONFIDENCE, Koers asks "Gaat je vraag over …?" (the theme decides all that follows).
THEME_CONFIDENCE = 0.8
GUESS_CONFIDENCE = 0.35
# An opening message is guessed at only when it leans clearly to one theme ("ik heb een vraag
# over mijn werk" gets the question with all the options).
OPENING_GUESS_CONFIDENCE = 0.5
# A first message this long is read as the answer to the first question.
OPENING_WORDS = 3
# A free-text theme answer this long, which says what the employee wants ("ik wil", "hoe kan
# ik", a question mark), is the employee's question too.
QUESTION_WORDS = 16
# A sentence ending in a question mark asks a question from this many words on.
QUESTION_SENTENCE_WORDS = 4
_QUESTION_SENTENCE = re.compile(r"[^.!?]*\?")


def _asks_a_question(text: str) -> bool:
    """ "ik wil ander werk, welke mogelijkheden heb ik?" asks one; "Something else? Or other
    work, I guess" only doubts its own answer."""
    return any(
        len([w for w in tokens(sentence) if w[0].isalnum()]) >= QUESTION_SENTENCE_WORDS
        for sentence in _QUESTION_SENTENCE.findall(text)
    )


# "wat ik wil", "where I want to work": a wish named as a thing, not said ("ik weet nog niet
# precies wat ik wil" is the topic "Ontdekken wat ik wil").
_NAMES_A_THING = frozenset({"wat", "waar", "welke", "what", "where", "which"})
# One this long already says something of the question: it is kept, and Koers asks what they
# want to know or reach ("ik raak uitgekeken op mijn werk" tells the situation, not the aim).
SAID_WORDS = 6


class OrientationDialog(ComponentDialog):
    """Ends with a dict: theme, question, urgency, work (None where skipped), the drivers
    and talents the employee mentioned in their own words, and the products they asked for."""

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__(OrientationDialog.__name__)
        self._catalogue = catalogue
        self._not_answers = NotAnswers(catalogue)
        wants = catalogue.answers.says_what_they_want
        self._work_told = WorkTold(catalogue.answers.tells_their_work, wants)
        self._wants = [tuple(tokens(phrase)) for phrase in (*wants.nl, *wants.en)]
        themes = catalogue.themes

        def theme_choices(language: str, _options: PromptOptions) -> list[Choice]:
            return [
                Choice(theme_id, entry.name.in_language(language))
                for theme_id, entry in themes.items()
            ]

        def urgency_choices(language: str, _options: PromptOptions) -> list[Choice]:
            return [
                Choice(level, name.in_language(language))
                for level, name in catalogue.orientation.urgency.items()
            ]

        skip_words = catalogue.orientation.skip_words

        def theme_from_words(context: TurnContext, options: PromptOptions) -> object | None:
            if is_one_of(context.activity.text, [*skip_words.nl, *skip_words.en]):
                return "other"  # "weet ik niet" / "sla over": the topic is left open
            intent, confidence = top_intent(context)
            if intent in themes and confidence >= THEME_CONFIDENCE:
                return intent
            opening = bool((options.validations or {}).get("read_now"))
            least = OPENING_GUESS_CONFIDENCE if opening else GUESS_CONFIDENCE
            likely = [
                candidate
                for candidate, score in candidates(context)
                if candidate in themes and candidate != "other" and score >= least
            ]
            return Reading(guesses=tuple(likely[:2])) if likely else None

        self.add_dialog(
            ChoicePrompt(
                THEME,
                catalogue,
                "orientation.theme",
                theme_choices,
                answers="theme",
                understand=theme_from_words,
                # A sentence is read by the NLU first ("oké, dan iets anders. ik vind het
                # lastig om werk en thuis te combineren" is about balance, not "iets anders").
                understand_first=True,
                on_skip="other",
                guess_key="orientation.theme_guess",
            )
        )
        self.add_dialog(FreeTextPrompt(QUESTION, catalogue, "orientation.question", True))
        self.add_dialog(FreeTextPrompt(QUESTION_MORE, catalogue, "orientation.question_aim", True))
        self.add_dialog(
            ChoicePrompt(
                URGENCY,
                catalogue,
                "orientation.urgency",
                urgency_choices,
                answers="urgency",
                skippable=True,
            )
        )
        self.add_dialog(FreeTextPrompt(WORK, catalogue, "orientation.work", True))
        self.add_dialog(
            WaterfallDialog(
                "orientation.steps",
                [self._theme, self._question, self._urgency, self._work, self._done],
            )
        )
        self.initial_dialog_id = "orientation.steps"

    async def _theme(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Asks what the question is about, unless the employee's first message already said
        it ("ik ben twee jaar teamleider en wil coaching voor lastige gesprekken")."""
        opening = isinstance(step.options, dict) and step.options.get("opening")
        typed = step.context.activity.text or ""
        intent, _ = top_intent(step.context)
        # "Goedemiddag, ik heb een vraag over mijn loopbaan" says a question is coming: its
        # topic is asked, not guessed from "loopbaan".
        read_now = (
            bool(opening)
            and (len(typed.split()) >= OPENING_WORDS or intent in self._catalogue.themes)
            and not self._not_answers.only_announces(typed)
            # "Is dit een robot of zit daar echt iemand?": the welcome just said what Koers is.
            and not self._not_answers.asks_about_koers(typed)
        )
        return await step.prompt(THEME, PromptOptions(validations={"read_now": read_now}))

    @staticmethod
    def _note_mentions(step: WaterfallStepContext) -> None:
        """Keep the drivers and talents the employee mentioned wanting or being good at, and
        the products they asked for (not those said with a negation: "geen coaching")."""
        for label, key in (("DRIVER", DRIVERS), ("TALENT", TALENTS), ("PRODUCT", ASKED_FOR)):
            known: list[str] = step.values.setdefault(key, [])
            known += [found for found in entity_ids(step.context, label) if found not in known]

    def _note_work(self, step: WaterfallStepContext, typed: str) -> None:
        """Keep the part of a message that told their work ("ik werk al 12 jaar bij
        Parkeren"), so Koers does not ask for it again."""
        told = None if step.values.get(WORK) else self._work_told.find(typed)
        if told:
            step.values[WORK] = kept_answer(told)

    async def _question(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values[THEME] = step.result
        if step.result is not None:
            note(step.context, events.THEME, str(step.result))
        self._note_mentions(step)
        typed = str(step.context.turn_state.get(ANSWER_TEXT_KEY) or "")
        self._note_work(step, typed)
        said = (
            len(typed.split())
            if not self._not_answers.only_announces(typed) and not self._not_answers.corrects(typed)
            else 0
        )
        # After care for a sensitive topic Koers does not ask to tell more about it.
        cared = bool(step.context.turn_state.get(CARE_GIVEN_KEY))
        if said and self._not_answers.announces_at_the_end(typed):
            # "Ik ben 63 en zit in mijn laatste jaren, kan ik daar iets over vragen?": kept, and
            # the question itself is asked (a handoff now takes what was said).
            step.values[QUESTION] = step.values[QUESTION_MORE] = kept_answer(typed)
            return await step.prompt(QUESTION, PromptOptions())
        # "Ik heb een vraag over mijn positie na de reorganisatie, maar …": a question
        # announced, not asked; what was said is kept and the question is still to come.
        announced = self._not_answers.announces(typed) and "?" not in typed
        # A question typed ("ander werk, welke mogelijkheden heb ik?") is the question; a
        # hedge is not ("Something else? Or other work, I guess").
        asked = said >= SAID_WORDS and _asks_a_question(typed)
        told = not announced and (
            asked or (said >= QUESTION_WORDS and self._says_what_they_want(typed))
        )
        if said >= SAID_WORDS and self._not_answers.says_command(typed, HANDOFF, least_words=2):
            # "Ik wil ander werk, kan ik met een adviseur praten?": the question is kept and
            # the person they asked for comes next, not five more questions.
            step.values[QUESTION] = kept_answer(typed)
            return await step.end_dialog({**self._answers(step), WANTS_PERSON: True})
        if told or (cared and said >= SAID_WORDS):
            return await step.next(kept_answer(typed))  # they already told their question
        if said >= SAID_WORDS:
            # Kept as the question already (a handoff now takes it), joined with their aim.
            step.values[QUESTION] = step.values[QUESTION_MORE] = kept_answer(typed)
            return await step.prompt(QUESTION_MORE, PromptOptions())
        return await step.prompt(QUESTION, PromptOptions())

    def _says_what_they_want(self, text: str) -> bool:
        """Whether a message asks or says what the employee wants ("…, hoe kan ik dat
        aanpakken?"), not only what happens to them ("our team is being merged and I don't
        know where I'll end up")."""
        if is_question(text):
            return True
        words = [word for word in tokens(text) if word[0].isalnum()]
        return any(
            start == 0 or words[start - 1] not in _NAMES_A_THING
            for phrase in self._wants
            for start in phrase_starts(words, phrase)
        )

    async def _urgency(self, step: WaterfallStepContext) -> DialogTurnResult:
        said = step.values.pop(QUESTION_MORE, None)
        step.values[QUESTION] = joined(said, step.result) if said else step.result
        if step.result is not None:
            self._note_mentions(step)
            self._note_work(step, str(step.result))
        return await step.prompt(URGENCY, PromptOptions())

    async def _work(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values[URGENCY] = step.result
        if step.values.get(WORK):
            return await step.next(step.values[WORK])  # told already: "dat zei ik al"
        return await step.prompt(WORK, PromptOptions())

    @staticmethod
    def _answers(step: WaterfallStepContext) -> dict[str, Any]:
        answers: dict[str, Any] = {
            key: step.values.get(key) for key in (THEME, QUESTION, URGENCY, WORK)
        }
        answers[DRIVERS] = step.values.get(DRIVERS, [])
        answers[TALENTS] = step.values.get(TALENTS, [])
        answers[ASKED_FOR] = step.values.get(ASKED_FOR, [])
        return answers

    async def _done(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values[WORK] = step.result
        return await step.end_dialog(self._answers(step))
