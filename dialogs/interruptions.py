"""Interruptions, in one place for every flow: help, stop, start again, "I want a person" and
a question about a product, at any step, then back to the question that was waiting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from botbuilder.core import MessageFactory, StatePropertyAccessor, TurnContext
from botbuilder.dialogs import ComponentDialog, Dialog, DialogContext, DialogInstance
from botbuilder.dialogs.prompts import Prompt, PromptOptions
from botbuilder.schema import Activity

from content import Catalogue
from content.catalogue import PRODUCT_TEXT_FIELDS
from dialogs.choices import CHOICE_KEY, Choice, is_one_of, quoted, read, render
from dialogs.feedback import FeedbackDialog
from dialogs.not_answers import CAREER_QUESTION, PRODUCT_QUESTION, WHERE_WERE_WE, NotAnswers
from dialogs.orientation import WANTS_PERSON
from dialogs.prompts import (
    PERSON_CHOICE,
    CataloguePrompt,
    ChoicePrompt,
    kept_answer,
)
from dialogs.recommend import ADVICE_BECAUSE, advise_again, explain
from dialogs.turn import entity_ids, language_of, top_intent
from insights import events
from insights.events import note
from nlu.answers import Option, reader_for

# How sure the NLU must be before a message interrupts the question that is waiting. An answer
# in the employee's own words ("beleidsadviseur") easily sounds like a request, so a free-text
# question needs more certainty; the exact command words in content always interrupt.
INTERRUPT_CONFIDENCE = 0.6
FREE_TEXT_INTERRUPT_CONFIDENCE = 0.9
SHORT_QUESTION_WORDS = 5
# Commands that throw unsent answers away: asked first when there is something to lose.
DESTRUCTIVE = frozenset({"cancel", "restart"})
# Without the command's own words, the NLU must be this sure before Koers even asks.
SURE = 0.9
PENDING_COMMAND, EARLIER = "pending_command", "earlier"
ASKS_WHY = "asks_why"
# The message Koers just said it could not help with (typed again, it is meant as the answer).
DECLINED = "declined"
PENDING_NOTE, NOTED, MAX_NOTED = "pending_note", "for_advisor", 10
NOTE_YES, NOTE_NO = "koers_note_yes", "koers_note_no"
# The open questions where a question is the answer itself, not one to note for the advisor.
THEME = "theme"
OPEN_QUESTIONS = frozenset({THEME, "question", "question_more", "intake.about"})
# The questions that offer a person: asking for one there says yes.
OFFERS = frozenset({"intake.offer", "intake.offer_teams"})
CONFIRM_YES, CONFIRM_NO = "koers_confirm_yes", "koers_confirm_no"
FEEDBACK = FeedbackDialog.__name__
# What the orientation gathers; a handoff half-way takes every one given so far.
ANSWER_KEYS = ("theme", "question", "urgency", "work")


def _levels(dc: DialogContext) -> Iterator[tuple[DialogContext, Dialog, DialogInstance]]:
    """Each level of the stack, outermost first, down to the waiting prompt: its context, its
    active dialog and that dialog's instance.

    botbuilder-python's ComponentDialog is no DialogContainer, so ``dc.child`` does not reach
    inside it; this walks the components' own stacks the way ComponentDialog itself does."""
    context = dc
    while context.active_dialog is not None:
        active = context.active_dialog
        dialog = context.find_dialog_sync(active.id)
        yield context, dialog, active
        if not isinstance(dialog, ComponentDialog):
            break
        inner = active.state.get(ComponentDialog.persisted_dialog_state)
        context = DialogContext(dialog._dialogs, context.context, inner)


def _active_dialogs(dc: DialogContext) -> list[Dialog]:
    """The active dialog at each level, outermost first, down to the waiting prompt."""
    return [dialog for _, dialog, _ in _levels(dc)]


def _waiting(dc: DialogContext) -> tuple[Dialog, DialogInstance] | None:
    """The innermost active dialog with its instance (its state and options)."""
    levels = list(_levels(dc))
    return (levels[-1][1], levels[-1][2]) if levels else None


def _stack_values(dc: DialogContext) -> Iterator[dict[str, Any]]:
    """The values every waterfall on the stack keeps (its answers so far), the bottom of each
    level first, down to the question waiting."""
    for context, _, _ in _levels(dc):
        for instance in reversed(context.stack):
            values = instance.state.get("values")
            if isinstance(values, dict):
                yield values


def answers_so_far(dc: DialogContext) -> dict[str, Any]:
    """The answers the flows on the stack have gathered: the conversation's answers, then the
    orientation's own."""
    found: dict[str, Any] = {}
    for values in _stack_values(dc):
        if isinstance(values.get("answers"), dict):
            found.update(values["answers"])
        found.update({key: values[key] for key in ANSWER_KEYS if values.get(key) not in (None, [])})
    return found


def change_theme(dc: DialogContext, theme: str, catalogue: Catalogue) -> bool:
    """Put ``theme`` wherever the flows on the stack keep the topic (the orientation's values,
    the conversation's answers, the review's state), with the advice for it where advice was
    given; True when one held it."""
    changed = False
    for values in _stack_values(dc):
        review = values.get("state")
        places = [values, values.get("answers")]
        if isinstance(review, dict):
            places.append(review.get("answers"))
        for place in places:
            if isinstance(place, dict) and "theme" in place:
                place["theme"] = theme
                changed = True
                if "recommended" in place:
                    advise_again(catalogue, place)
    return changed


def waiting_prompt(dc: DialogContext) -> Dialog | None:
    """The innermost dialog that is waiting for the employee's answer."""
    waiting = _waiting(dc)
    return waiting[0] if waiting else None


def waits_for_free_text(dc: DialogContext) -> bool:
    """True when the question waiting is one the employee answers in their own words."""
    waiting = waiting_prompt(dc)
    return isinstance(waiting, CataloguePrompt) and waiting.takes_own_words


def _languages(catalogue: Catalogue, languages: tuple[str, ...], language: str) -> str:
    key = "product.in_both" if len(languages) > 1 else f"product.in_{_NAMES[languages[0]]}"
    return catalogue.messages.t(key, language)


_NAMES = {"nl": "dutch", "en": "english"}


def _aspects_asked(catalogue: Catalogue, text: str | None) -> list[str]:
    """The sides of a product asked about ("wat kost het en moet mijn leidinggevende
    akkoord geven?"): each one named, or none for a question about the whole product."""
    options = [
        Option(aspect, "", (*words.nl, *words.en))
        for aspect, words in catalogue.answers.product_aspects.items()
    ]
    reader = reader_for(catalogue.answers)
    return [
        option.id
        for option in options
        if reader.read(text, [option], numbers=False).choice == option.id
    ]


def _compares(catalogue: Catalogue, text: str | None) -> bool:
    words = catalogue.answers.compare
    option = Option("compare", "", (*words.nl, *words.en))
    return reader_for(catalogue.answers).read(text, [option], numbers=False).choice == "compare"


def explain_products(
    catalogue: Catalogue, context: TurnContext, language: str, asked: bool = False
) -> list[Activity]:
    """What the employee asked about the products they named: how two differ ("is de TMA
    hetzelfde als …?"), one side of one ("wat kost e-coaching?"), or all of it. ``asked``: the
    message is a question, so a product named with a negation counts ("is er geen coaching?")."""
    t = catalogue.messages.t
    ids = entity_ids(context, "PRODUCT", negated_too=asked)
    for product_id in ids:
        note(context, events.ASKED_ABOUT, product_id)
    products = [catalogue.products[product_id] for product_id in ids]
    text = context.activity.text
    if len(products) >= 2 and _compares(catalogue, text):
        first, second = products[:2]
        lines = "\n".join(
            t(
                "product.compare_line",
                language,
                name=product.name.in_language(language),
                summary=product.summary.in_language(language),
                duration=product.duration.in_language(language),
            )
            for product in (first, second)
        )
        compared = t(
            "product.compare",
            language,
            first=first.name.in_language(language),
            second=second.name.in_language(language),
            lines=lines,
        )
        return [MessageFactory.text(compared)]
    aspects = _aspects_asked(catalogue, text)
    explained = []
    for product in products:
        texts = {name: getattr(product, name).in_language(language) for name in PRODUCT_TEXT_FIELDS}
        texts["languages"] = _languages(catalogue, product.languages, language)
        if aspects:
            said = " ".join(texts[aspect] for aspect in aspects)
            answer = t("product.aspect", language, name=texts["name"], answer=said)
        else:
            answer = t("product.explain", language, **texts)
        explained.append(MessageFactory.text(answer))
    return explained


class Interruptions:
    """Handles a message that is not an answer but a request about the conversation itself,
    or no answer at all ("waar waren we?", "zie hierboven", a question for HR)."""

    def __init__(
        self,
        catalogue: Catalogue,
        main_dialog_id: str,
        intake_dialog_id: str,
        memory: StatePropertyAccessor,
    ) -> None:
        self._catalogue = catalogue
        self._main = main_dialog_id
        self._intake = intake_dialog_id
        # A plain dict in conversation state: the command waiting for "are you sure?" and the
        # employee's previous message (for "zie hierboven").
        self._memory = memory
        self._not_answers = NotAnswers(catalogue)

    def _command(self, text: str | None) -> str | None:
        """The intent of an exact command word ("help", "stop", "opnieuw"), in either language."""
        for intent, words in self._catalogue.orientation.commands.items():
            if is_one_of(text, [*words.nl, *words.en]):
                return intent
        return None

    async def handle(self, dc: DialogContext) -> bool:
        """True when the message was an interruption and has been dealt with."""
        context = dc.context
        activity = context.activity
        memory: dict[str, Any] = await self._memory.get(context, dict)
        pending = memory.pop(PENDING_COMMAND, None)
        if isinstance(pending, str):
            answer = read(activity, self._confirmation("nl", pending), self._catalogue.answers)
            if answer.choice == CONFIRM_YES:
                return await self._run(dc, pending)
            if answer.choice == CONFIRM_NO:
                return await self._go_on(dc, "interrupt.go_on")
        noting = memory.pop(PENDING_NOTE, None)
        if isinstance(noting, str):
            said = read(activity, self._note_choices("nl"), self._catalogue.answers).choice
            if said == NOTE_YES:
                memory[NOTED] = [*memory.get(NOTED, []), noting][:MAX_NOTED]
                return await self._go_on(dc, "interrupt.noted")
            if said == NOTE_NO:
                return await self._go_on(dc, "interrupt.not_noted")
            if self._not_answers.kind(context) == WHERE_WERE_WE:
                # "sorry, was even weg. waar waren we?": at the offer to note their question.
                memory[PENDING_NOTE] = noting
                choices = self._note_choices(language_of(context))
                asked = quoted(noting, activity.channel_id)
                return await self._ask(dc, "interrupt.note_question_where", choices, question=asked)
        if isinstance(activity.value, dict) and CHOICE_KEY in activity.value:
            if activity.value[CHOICE_KEY] == PERSON_CHOICE:
                return await self.hand_off(dc)
            return False  # a button press is always an answer
        earlier = memory.get(EARLIER)
        declined = memory.pop(DECLINED, None)
        text = (activity.text or "").strip()
        command = self._command(text)
        if command is None and await self._corrected(dc):
            return True  # "nee, pensioen klopt niet, het gaat over mijn loopbaan"
        stopping = any(self._not_answers.says_command(text, name) for name in sorted(DESTRUCTIVE))
        if stopping and command is None and self._says_no_to_waiting(dc):
            # "Nee hoor, laat maar zitten" at a yes-or-no question is its no, not a stop that
            # throws the answers away.
            stopping = False
        if command is None and not stopping and self._answers_choice(dc):
            memory[EARLIER] = kept_answer(text)
            return False  # a clear answer to the question waiting is never a command
        # "ok nevermind, stop" answers nothing: the stop is checked first, below.
        skip_words = self._catalogue.orientation.skip_words
        skipping = is_one_of(text, [*skip_words.nl, *skip_words.en])  # "weet ik niet" answers
        waiting = waiting_prompt(dc)
        at_open = waiting is not None and waiting.id in OPEN_QUESTIONS
        kind = None
        if command is None and not skipping:
            # In the scan, "When I automate something boring" answers; only a question mark
            # makes a question there.
            in_scan = isinstance(waiting, ChoicePrompt) and waiting.takes_own_words
            kind = self._not_answers.kind(context, at_open, needs_mark=in_scan)
        if kind is not None and declined == kept_answer(text):
            # Typed again after Koers said it could not help with it: they mean it as their
            # answer. It is read as one (a free text is kept; a choice gets its repair).
            kind = None
        if kind == PRODUCT_QUESTION:
            if not at_open:
                # A question about a product, at any step but the open ones: answered.
                language = language_of(context)
                explained = explain_products(self._catalogue, context, language, asked=True)
                await context.send_activities(explained)
                await dc.reprompt_dialog()
                return True
            kind = None
        if kind == CAREER_QUESTION:
            if waiting is None or at_open:
                kind = None  # at "what is your question?" a question is the answer
            elif self._intake_sent(dc):
                # "hoe lang duurt het voor ik wat hoor?" after sending: nothing can be added
                # to what was sent; the advisor answers it.
                reply = self._catalogue.messages.t("interrupt.after_sent", language_of(context))
                await context.send_activity(MessageFactory.text(reply))
                await dc.reprompt_dialog()
                return True
            else:
                return await self._offer_note(dc, memory, text)
        at_theme = command is None and waiting is not None and waiting.id == THEME
        if kind is None and at_theme and self._not_answers.says_a_question_comes(text):
            # "ik weet niet of ik hier goed zit, een collega zei dat ik het eens moest
            # proberen": no topic, and no repair either; the topic is asked again.
            language = language_of(context)
            reply = self._catalogue.messages.t("interrupt.right_place", language)
            await context.send_activity(MessageFactory.text(reply))
            await dc.reprompt_dialog()
            return True
        if kind is not None:
            memory[DECLINED] = kept_answer(text)
            return await self._not_an_answer(dc, kind, earlier)
        memory[EARLIER] = kept_answer(text)
        intent, confidence = top_intent(context)
        if command is None and len(text.split()) <= SHORT_QUESTION_WORDS:
            # "ik wil stoppen": a command word in a short sentence, checked before acting.
            named = [
                name for name in sorted(DESTRUCTIVE) if self._not_answers.says_command(text, name)
            ]
            if named:
                intent, confidence = named[0], SURE
        if command is not None:
            intent, confidence = command, 1.0
        free_text = waits_for_free_text(dc)
        needed = FREE_TEXT_INTERRUPT_CONFIDENCE if free_text else INTERRUPT_CONFIDENCE
        if (
            intent == "product_info"
            and entity_ids(context, "PRODUCT")
            and (text.endswith("?") or len(text.split()) <= SHORT_QUESTION_WORDS)
        ):
            needed = INTERRUPT_CONFIDENCE  # "wat is de tma?" is a question, not an answer
        if intent == "human_handoff" and free_text and command is None:
            # "beleidsadviseur" or "adviseur werk en inkomen" answers "what work do you do";
            # "ik wil liever met een adviseur praten" asks for a person.
            if not self._not_answers.says_command(text, intent, least_words=2):
                return False
            needed = INTERRUPT_CONFIDENCE
        if confidence < needed:
            return False
        if intent in DESTRUCTIVE:
            if (
                command is None
                and not self._not_answers.says_command(text, intent)
                and confidence < SURE
            ):
                return False
            if self._something_to_lose(dc):
                return await self._ask_first(dc, memory, intent)
            return await self._run(dc, intent)
        language = language_of(context)
        t = self._catalogue.messages.t
        if intent == "greeting":
            return await self._hello(dc)
        if intent == "help":
            await context.send_activity(MessageFactory.text(t("interrupt.help", language)))
        elif intent == "human_handoff":
            return await self.hand_off(dc)
        elif intent == "product_info" and entity_ids(context, "PRODUCT"):
            await context.send_activities(explain_products(self._catalogue, context, language))
        else:
            return False
        await dc.reprompt_dialog()
        return True

    @staticmethod
    def _intake_sent(dc: DialogContext) -> bool:
        """Whether this conversation's intake was sent (its closing questions are under way)."""
        return any(values.get("intake") for values in _stack_values(dc))

    @staticmethod
    def _waiting_choice(dc: DialogContext) -> tuple[ChoicePrompt, PromptOptions] | None:
        """The choice question waiting and the options it was asked with, if one waits."""
        waiting = _waiting(dc)
        if waiting is None or not isinstance(waiting[0], ChoicePrompt):
            return None
        prompt, instance = waiting
        options = instance.state.get(Prompt.persisted_options)
        return (prompt, options) if isinstance(options, PromptOptions) else None

    def _understood_by_waiting(self, dc: DialogContext) -> bool:
        """Whether the question waiting takes the message as its answer by its own
        understanding (the review's changes typed in words)."""
        waiting = self._waiting_choice(dc)
        return waiting is not None and waiting[0].understands(dc.context, waiting[1])

    def _says_no_to_waiting(self, dc: DialogContext) -> bool:
        waiting = self._waiting_choice(dc)
        return waiting is not None and waiting[0].reads_as_no(dc.context, waiting[1])

    def _answers_choice(self, dc: DialogContext) -> bool:
        """Whether the message clearly answers the choice question waiting ("send it" at
        "Mag ik dit versturen?" is send, whatever the classifier thinks)."""
        waiting = self._waiting_choice(dc)
        if waiting is None:
            return False
        prompt, options = waiting
        return prompt.reading(dc.context, options).choice is not None or prompt.understands(
            dc.context, options
        )

    async def _not_an_answer(self, dc: DialogContext, kind: str, earlier: object) -> bool:
        context = dc.context
        language = language_of(context)
        t = self._catalogue.messages.t
        if kind == "see_above":
            if isinstance(earlier, str) and earlier:
                context.activity.text = earlier  # the answer is what they wrote before
                return False
            reply = t("interrupt.nothing_above", language)
        elif kind == WHERE_WERE_WE:
            reply = t("interrupt.where", language)
        elif kind == "what_do_you_mean":
            reply = t("interrupt.what", language)
        elif kind == "about_koers":
            reply = t("interrupt.about_koers", language)
        elif kind == ASKS_WHY:
            because = answers_so_far(dc).get(ADVICE_BECAUSE) or {}
            reply = explain(self._catalogue, because, language)
        elif kind == "greeting":
            return await self._hello(dc)
        elif kind.startswith("hr:"):
            reply = self._not_answers.pointer(kind, language) or t(
                "interrupt.out_of_scope", language
            )
        else:
            reply = t("interrupt.out_of_scope", language)
        await context.send_activity(MessageFactory.text(reply))
        await dc.reprompt_dialog()
        return True

    def _note_choices(self, language: str) -> list[Choice]:
        t = self._catalogue.messages.t
        return [
            Choice(NOTE_YES, t("interrupt.note_yes", language), means="yes"),
            Choice(NOTE_NO, t("interrupt.note_no", language), means="no"),
        ]

    async def _offer_note(self, dc: DialogContext, memory: dict[str, Any], text: str) -> bool:
        """A career question Koers cannot answer: offered as a question for the advisor."""
        memory[PENDING_NOTE] = kept_answer(text)
        language = language_of(dc.context)
        return await self._ask(dc, "interrupt.note_question", self._note_choices(language))

    async def noted_questions(self, context: TurnContext) -> list[str]:
        """The questions noted for the advisor so far; handed to one intake, then forgotten."""
        memory: dict[str, Any] = await self._memory.get(context, dict)
        noted = memory.pop(NOTED, [])
        return [str(question) for question in noted] if isinstance(noted, list) else []

    async def _corrected(self, dc: DialogContext) -> bool:
        """A correction of the topic noted earlier ("pensioen klopt niet, het gaat over mijn
        loopbaan"): the topic is changed where it is kept, said, and the question asked again."""
        waiting = waiting_prompt(dc)
        if waiting is None or waiting.id in OPEN_QUESTIONS:
            return False  # at the topic and the question, such words are the answer
        if self._understood_by_waiting(dc):
            return False  # at the review the change is made there, and shown
        theme = self._not_answers.corrected_theme(dc.context)
        if theme is None:
            return False
        if answers_so_far(dc).get("theme") == theme or not change_theme(dc, theme, self._catalogue):
            return False  # nothing to change: the message answers the question waiting
        language = language_of(dc.context)
        name = self._catalogue.themes[theme].name.in_language(language)
        text = self._catalogue.messages.t("interrupt.theme_changed", language, theme=name)
        await dc.context.send_activity(MessageFactory.text(text))
        await dc.reprompt_dialog()
        return True

    async def _hello(self, dc: DialogContext) -> bool:
        """A hello in the middle: hello back, with the waiting question in one line (its
        options are right above it, so they are not sent again)."""
        context = dc.context
        language = language_of(context)
        waiting = _waiting(dc)
        question = ""
        if waiting is not None and isinstance(waiting[0], CataloguePrompt):
            options = waiting[1].state.get(Prompt.persisted_options)
            if isinstance(options, PromptOptions):
                question = waiting[0].short_question(language, options)
        text = self._catalogue.messages.t("interrupt.greeting", language, question=question)
        await context.send_activity(MessageFactory.text(text))
        return True

    def _something_to_lose(self, dc: DialogContext) -> bool:
        """Answers that were not sent yet: anywhere in a flow but its closing questions."""
        active = _active_dialogs(dc)
        return bool(active) and not any(dialog.id == FEEDBACK for dialog in active)

    def _confirmation(self, language: str, intent: str) -> list[Choice]:
        t = self._catalogue.messages.t
        return [
            Choice(CONFIRM_YES, t(f"interrupt.confirm_yes_{intent}", language), means="yes"),
            Choice(CONFIRM_NO, t("interrupt.confirm_no", language), means="no"),
        ]

    async def _ask_first(self, dc: DialogContext, memory: dict[str, Any], intent: str) -> bool:
        """Stop and start again throw answers away: ask before doing it."""
        memory[PENDING_COMMAND] = intent
        language = language_of(dc.context)
        choices = self._confirmation(language, intent)
        return await self._ask(dc, f"interrupt.confirm_{intent}", choices)

    async def _ask(self, dc: DialogContext, key: str, choices: list[Choice], **params: str) -> bool:
        """A question of this layer's own (its answer waits in memory, not on the stack)."""
        context = dc.context
        language = language_of(context)
        t = self._catalogue.messages.t
        question, hint = t(key, language, **params), t("choice.hint", language)
        await context.send_activity(render(question, choices, context.activity.channel_id, hint))
        return True

    async def _go_on(self, dc: DialogContext, key: str) -> bool:
        language = language_of(dc.context)
        text = self._catalogue.messages.t(key, language)
        await dc.context.send_activity(MessageFactory.text(text))
        await dc.reprompt_dialog()
        return True

    async def _run(self, dc: DialogContext, intent: str) -> bool:
        language = language_of(dc.context)
        t = self._catalogue.messages.t
        # Stop and start again forget what was not sent: the answers on the dialog stack, and
        # what this layer kept (the previous message, the questions noted for the advisor).
        (await self._memory.get(dc.context, dict)).clear()
        await dc.cancel_all_dialogs()
        await dc.context.send_activity(MessageFactory.text(t(f"interrupt.{intent}", language)))
        if intent == "restart":
            await dc.begin_dialog(self._main)
        return True

    async def hand_off(self, dc: DialogContext) -> bool:
        """The employee wants a person: straight to the intake (if not on the way already),
        with every answer given so far."""
        if any(dialog.id == self._intake for dialog in _active_dialogs(dc)):
            levels = list(_levels(dc))
            if levels and levels[-1][1].id in OFFERS:
                # "kan ik niet gewoon met een mens praten?" at "Wil je dat een adviseur contact
                # met je opneemt?" is a yes to it, not news that it is on the way.
                await levels[-1][0].end_dialog("yes")
                return True
            return await self._go_on(dc, "interrupt.on_the_way")
        answers = answers_so_far(dc)
        await dc.cancel_all_dialogs()
        text = self._catalogue.messages.t("interrupt.handoff", language_of(dc.context))
        await dc.context.send_activity(MessageFactory.text(text))
        await dc.begin_dialog(self._intake, {**answers, WANTS_PERSON: True})
        return True
