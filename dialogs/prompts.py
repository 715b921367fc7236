"""Prompts that speak the conversation's language each time they ask.

botbuilder's prompts store the finished question in the dialog state, so a prompt asked in
Dutch would be repeated in Dutch after the employee switched to English. These prompts store
only which question they ask and render it from the catalogue at every (re)prompt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import Dialog, DialogContext, DialogTurnResult
from botbuilder.dialogs.prompts import Prompt, PromptOptions, PromptRecognizerResult
from botbuilder.schema import ActivityTypes
from typing_extensions import override

from content import Catalogue
from dialogs.choices import Choice, clicked, is_one_of, read, render
from dialogs.turn import CARE_GIVEN_KEY, language_of, yes_or_no
from nlu.answers import Reading, reader_for, tokens
from privacy.redact import redact

# What the employee may type at most for one free-text answer.
MAX_ANSWER_CHARS = 1000

# The options to show, for a language and the prompt's options (which may narrow them).
ChoicesFor = Callable[[str, PromptOptions], Sequence[Choice]]
# The question's {names} worked out for the language it is asked in (so a switch of language
# mid-question shows them in the new language).
ParamsFor = Callable[[str, PromptOptions], dict[str, str]]
# Understands free text at a choice question beyond the options' words (the NLU's intent, the
# drivers it found): an answer, a Reading with guesses to confirm, or None.
Understand = Callable[[TurnContext, PromptOptions], object | None]

# The extra options offered after two misses: skip the question, or talk to a person.
SKIP_CHOICE, PERSON_CHOICE, NONE_OF_THESE = "koers_skip", "koers_person", "koers_none"
# Put in turn_state when the employee picked "talk to an advisor" at a choice question.
HANDOFF_KEY = "koers.handoff_requested"
# Put in turn_state when a prompt got its answer: the words that gave it (after a confirmed
# guess, the message before the "yes"), for a step that keeps a long answer as the question.
ANSWER_TEXT_KEY = "koers.answer_text"
# In the turn state: what a question whose understanding is always an answer made of the message.
UNDERSTOOD_KEY = "koers.understood"
MISSES = "misses"
# "I would rather not say" passes an open question.
MAX_PASS_WORDS = 6
# An answer this short is an option's name or number, not a sentence to understand.
EXACT_WORDS = 2
GUESSING = "guessing"


def kept_answer(typed: str) -> str:
    """A free-text answer as Koers keeps it (in state, maybe in an intake): trimmed, not too
    long, and without contact details or identity numbers."""
    return redact(typed.strip()[:MAX_ANSWER_CHARS])


def joined(said: str, more: str | None) -> str:
    """What they said of their question and what they added, as one question in their words."""
    if not more or more.strip() == said.strip():  # "nee" / "zie hierboven": what they said
        return said
    end = "" if said.rstrip()[-1:] in ".!?" else "."
    return f"{said.rstrip()}{end} {more.strip()}"


def yes_no_understanding(yes: str = "yes", no: str = "no") -> Understand:
    """Understands "ja", "klopt", "nope", … (by the recognised intent) as one of two options."""

    def understand(context: TurnContext, _options: PromptOptions) -> object | None:
        answer = yes_or_no(context)
        return None if answer is None else (yes if answer else no)

    return understand


def question_params(options: PromptOptions | None) -> dict[str, str]:
    """Values a flow passes for the question's {names} (PromptOptions.validations["params"])."""
    validations = getattr(options, "validations", None)
    params = validations.get("params", {}) if isinstance(validations, dict) else {}
    return {str(key): str(value) for key, value in params.items()}


def _validation(options: PromptOptions | None, key: str) -> Any:
    validations = getattr(options, "validations", None)
    return validations.get(key) if isinstance(validations, dict) else None


class CataloguePrompt(Prompt):
    # The repair line before the question asked again, unless a prompt names its own.
    REPAIR_KEY: str | None = None

    @property
    def takes_own_words(self) -> bool:
        """Whether an answer in the employee's own words is what this question waits for: a
        sentence is then an answer before it is a command or a request."""
        return False

    def __init__(
        self,
        dialog_id: str,
        catalogue: Catalogue,
        question_key: str,
        skippable: bool,
        retry_key: str | None = None,
    ) -> None:
        super().__init__(dialog_id)
        retry_key = retry_key or self.REPAIR_KEY
        for key in (question_key, retry_key):
            if key is not None and key not in catalogue.messages:
                # Fail when Koers starts, not when an employee reaches this question.
                raise KeyError(f"messages.yml has no {key!r}")
        self._catalogue = catalogue
        self._question_key = question_key
        self._skippable = skippable
        self._retry_key = retry_key
        self._params_for: ParamsFor | None = None

    @override
    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        """Like botbuilder's, but a miss is repaired (never the same message again), and after
        a caring word about a sensitive topic the question is asked again plainly."""
        context = dialog_context.context
        if context.activity.type != ActivityTypes.message:
            return Dialog.end_of_turn
        instance = dialog_context.active_dialog
        state = instance.state[self.persisted_state]
        options = instance.state[self.persisted_options]
        recognized = await self.on_recognize(context, state, options)
        if recognized.succeeded:
            context.turn_state.setdefault(ANSWER_TEXT_KEY, context.activity.text or "")
            return await dialog_context.end_dialog(recognized.value)
        if context.turn_state.get(HANDOFF_KEY):
            return Dialog.end_of_turn  # the bot hands over to an advisor
        if context.turn_state.get(CARE_GIVEN_KEY):
            await self.on_prompt(context, state, options, False)
        else:
            state[MISSES] = int(state.get(MISSES, 0)) + 1
            await self.on_repair(context, state, options)
        return Dialog.end_of_turn

    async def on_repair(
        self, context: TurnContext, state: dict[str, Any], options: PromptOptions
    ) -> None:
        await self.on_prompt(context, state, options, True)

    def _params(self, language: str, options: PromptOptions) -> dict[str, str]:
        params = question_params(options)
        if self._params_for is not None:
            params.update(self._params_for(language, options))
        return params

    def short_question(self, language: str, options: PromptOptions) -> str:
        """The question in one line, without its options or the long summary (for a reminder
        after a hello: the options are right above it)."""
        key = getattr(self, "_short_key", None) or self._question_key
        return self._catalogue.messages.t(key, language, **self._params(language, options))

    def _retry_line(self, state: dict[str, Any] | None) -> str | None:
        """The repair line before the question; another one at the next miss in a row, so
        Koers never sends the same message twice."""
        if self._retry_key is None:
            return None
        again = f"{self._retry_key}_again"
        misses = int((state or {}).get(MISSES, 1))
        return again if misses % 2 == 0 and again in self._catalogue.messages else self._retry_key

    def _question(
        self,
        language: str,
        is_retry: bool,
        options: PromptOptions,
        state: dict[str, Any] | None = None,
    ) -> str:
        t = self._catalogue.messages.t
        retry = self._retry_line(state) if is_retry else None
        parts = [t(retry, language)] if retry else []
        parts.append(t(self._question_key, language, **self._params(language, options)))
        if self._skippable:
            parts.append(t("skip.hint", language))
        return " ".join(parts)

    def _typed_skip(self, context: TurnContext) -> bool:
        words = self._catalogue.orientation.skip_words
        return is_one_of(context.activity.text, [*words.nl, *words.en])

    def _skipped(self, context: TurnContext) -> bool:
        return self._skippable and self._typed_skip(context)


class ChoicePrompt(CataloguePrompt):
    """Asks a question with options; the result is the chosen option's id, or None if skipped.

    A typed answer is read by the one reader for every choice question, with the words for
    this question's options from content/answers.yml (``answers`` names the question there).
    When unsure, Koers offers its best one or two guesses; after two misses, a way out."""

    def __init__(
        self,
        dialog_id: str,
        catalogue: Catalogue,
        question_key: str,
        choices_for: ChoicesFor,
        *,
        answers: str | None = None,
        skippable: bool = False,
        understand: Understand | None = None,
        params_for: ParamsFor | None = None,
        on_skip: str | None = None,
        short_key: str | None = None,
        guess_key: str = "repair.guess",
        understand_first: bool = False,
        offer_skip: bool = True,
        own_words: Understand | None = None,
        understood_is_answer: bool = False,
    ) -> None:
        super().__init__(dialog_id, catalogue, question_key, skippable)
        for key in (short_key, guess_key):
            if key is not None and key not in catalogue.messages:
                raise KeyError(f"messages.yml has no {key!r}")
        self._choices_for = choices_for
        self._answers = answers
        self._understand = understand
        self._params_for = params_for
        # The option that "sla over" / "weet ik niet" means where the question cannot be skipped.
        self._on_skip = on_skip
        # A short form of a long question (the review's summary is never sent again in a repair).
        self._short_key = short_key
        self._guess_key = guess_key
        # Whether ``understand`` reads a sentence better than the options' words do (the
        # self-scan hears several drivers in one sentence and confirms them).
        self._understand_first = understand_first
        # Whether the way out after two misses offers to skip the question (not at consent).
        self._offer_skip = offer_skip
        # An answer in the employee's own words where no option fits (the self-scan keeps
        # "calm under pressure" as said): read last, before any guess.
        self._own_words = own_words
        # Whether all that ``understand`` takes is an answer, never a command or a question
        # (a change typed at the review: "mijn vraag is eigenlijk: hoe word ik teamleider?").
        self._understood_is_answer = understood_is_answer

    @property
    @override
    def takes_own_words(self) -> bool:
        return self._own_words is not None

    def choices(self, language: str, options: PromptOptions) -> list[Choice]:
        """The options as shown in ``language``, each with every word that stands for it: its
        label in both languages and the centre's words from content/answers.yml."""
        words = self._catalogue.answers
        other = "en" if language == "nl" else "nl"
        other_labels = {choice.id: choice.label for choice in self._choices_for(other, options)}
        found = []
        for choice in self._choices_for(language, options):
            listed = words.option(self._answers, choice.id) if self._answers else None
            extra = (*listed.words.nl, *listed.words.en) if listed else ()
            found.append(
                Choice(
                    choice.id,
                    choice.label,
                    (*choice.synonyms, other_labels.get(choice.id, choice.label), *extra),
                    choice.means or (listed.means if listed else None),
                    choice.when_negated or (listed.when_negated if listed else None),
                )
            )
        return found

    @override
    async def begin_dialog(
        self, dialog_context: DialogContext, options: object = None
    ) -> DialogTurnResult:
        """With ``validations["read_now"]``, the message that started the question is read as
        its answer first (an employee's opening message that already says what it is about)."""
        if isinstance(options, PromptOptions) and _validation(options, "read_now"):
            state: dict[str, Any] = {}
            recognized = await self.on_recognize(dialog_context.context, state, options)
            if recognized.succeeded:
                context = dialog_context.context
                context.turn_state.setdefault(ANSWER_TEXT_KEY, context.activity.text or "")
                return await dialog_context.end_dialog(recognized.value)
            options.validations["guesses"] = state.get("guesses_now") or []
            options.validations["typed"] = state.get("guessed_from") or ""
        return await super().begin_dialog(dialog_context, options)

    def _way_out(self, language: str) -> list[Choice]:
        t = self._catalogue.messages.t
        extra = [Choice(PERSON_CHOICE, t("repair.person", language))]
        if self._offer_skip and (self._skippable or self._on_skip is not None):
            extra.insert(0, Choice(SKIP_CHOICE, t("repair.skip", language)))
        return extra

    def _guesses(self, language: str, options: PromptOptions, ids: Sequence[str]) -> list[Choice]:
        by_id = {choice.id: choice for choice in self.choices(language, options)}
        guessed = [by_id[i] for i in ids if i in by_id]
        if len(guessed) == 1:  # "Bedoel je X?": a yes is X
            only = guessed[0]
            guessed = [Choice(only.id, only.label, only.synonyms, "yes", only.when_negated)]
        none = Choice(NONE_OF_THESE, self._catalogue.messages.t("repair.none_of_these", language))
        return [*guessed, Choice(none.id, none.label, (), "no")]

    async def _send(
        self, context: TurnContext, question: str, choices: Sequence[Choice], language: str
    ) -> None:
        hint = self._catalogue.messages.t("choice.hint", language)
        await context.send_activity(render(question, choices, context.activity.channel_id, hint))

    @override
    async def on_prompt(
        self,
        turn_context: TurnContext,
        state: dict[str, Any],
        options: PromptOptions,
        is_retry: bool,
    ) -> None:
        language = language_of(turn_context)
        guesses = state.get(GUESSING)
        if not guesses and not state.get("guessed"):
            guesses = _validation(options, "guesses")  # a first guess, made before asking
            state["guessed_from"] = _validation(options, "typed") or ""
        if guesses:
            state[GUESSING], state["guessed"] = list(guesses), True
            await self._ask_guess(turn_context, options, list(guesses), language)
            return
        question = self._question(language, is_retry, options)
        await self._send(turn_context, question, self.choices(language, options), language)

    async def _ask_guess(
        self, context: TurnContext, options: PromptOptions, ids: list[str], language: str
    ) -> None:
        t = self._catalogue.messages.t
        choices = self._guesses(language, options, ids)
        labels = [choice.label for choice in choices[:-1]]
        if len(labels) == 1:
            text = t(self._guess_key, language, guess=labels[0])
        else:
            text = t(f"{self._guess_key}_two", language, first=labels[0], second=labels[1])
        await self._send(context, text, choices, language)

    @override
    async def on_repair(
        self, context: TurnContext, state: dict[str, Any], options: PromptOptions
    ) -> None:
        language = language_of(context)
        t = self._catalogue.messages.t
        guesses = state.pop("guesses_now", None)
        if state.pop("declined_guess", False):
            state[MISSES] = int(state[MISSES]) - 1  # "nee, iets anders": ask the question itself
            await self.on_prompt(context, state, options, False)
            return
        if guesses:
            state[GUESSING] = list(guesses)
            await self._ask_guess(context, options, list(guesses), language)
            return
        choices = self.choices(language, options)
        short = self.short_question(language, options)
        if int(state[MISSES]) <= 1:
            labels = [choice.label.split(":")[0].lower() for choice in choices[:2]]
            text = t("repair.hint", language, question=short, first=labels[0], second=labels[-1])
            await self._send(context, text, choices, language)
            return
        key = "repair.way_out" if int(state[MISSES]) % 2 == 0 else "repair.way_out_again"
        text = t(key, language, question=short)
        await self._send(context, text, [*choices, *self._way_out(language)], language)

    def reading(
        self, context: TurnContext, options: PromptOptions, numbers: bool = True
    ) -> Reading:
        """What the message says among this question's options (for the interruptions: a
        clear answer to the question waiting is never taken for a command)."""
        choices = self.choices(language_of(context), options)
        return read(context.activity, choices, self._catalogue.answers, numbers)

    def reads_as_no(self, context: TurnContext, options: PromptOptions) -> bool:
        """Whether the message clearly picks this question's no ("nee hoor, laat maar
        zitten" at "Wil je een korte scan doen?")."""
        chosen = self.reading(context, options).choice
        choices = self.choices(language_of(context), options)
        return any(choice.id == chosen and choice.means == "no" for choice in choices)

    def understands(self, context: TurnContext, options: PromptOptions) -> bool:
        """Whether the message is an answer by this question's own understanding (for the
        interruptions, where it is one that is always an answer)."""
        return self._understood_is_answer and self._understood(context, options) is not None

    def _understood(self, context: TurnContext, options: PromptOptions) -> object | None:
        if self._understand is None:
            return None
        if not self._understood_is_answer:
            return self._understand(context, options)
        # The interruptions ask first, then the prompt itself: the message is read once a turn.
        read_now: dict[tuple[str, str | None], object | None] = context.turn_state.setdefault(
            UNDERSTOOD_KEY, {}
        )
        key = (self.id, context.activity.text)
        if key not in read_now:
            read_now[key] = self._understand(context, options)
        return read_now[key]

    def _in_own_words(self, context: TurnContext, options: PromptOptions) -> object | None:
        if self._own_words is None or isinstance(context.activity.value, dict):
            return None  # a button press is never words of one's own
        return self._own_words(context, options)

    @override
    async def on_recognize(
        self, turn_context: TurnContext, state: dict[str, Any], options: PromptOptions
    ) -> PromptRecognizerResult:
        result = PromptRecognizerResult()
        language = language_of(turn_context)
        words = self._catalogue.answers
        activity = turn_context.activity
        guessing = state.pop(GUESSING, None)
        declined: list[str] = []
        if isinstance(guessing, list) and guessing:
            answer = read(activity, self._guesses(language, options, guessing), words).choice
            # "pensioen??" doubts the guess; it does not confirm it.
            doubt = not isinstance(activity.value, dict) and "?" in (activity.text or "")
            if answer in guessing and not doubt:
                turn_context.turn_state[ANSWER_TEXT_KEY] = state.pop("guessed_from", "")
                result.succeeded, result.value = True, answer
                return result
            # Anything but a yes turns the guess down ("pensioen?? ben pas 31"): the guessed
            # options no longer count, another one named now does.
            declined = [str(option) for option in guessing]
        choices = [c for c in self.choices(language, options) if c.id not in declined]
        if int(state.get(MISSES, 0)) >= 2:
            choices += self._way_out(language)
        first = (
            self._understand_first
            and clicked(activity, choices) is None
            and len((activity.text or "").split()) > EXACT_WORDS
        )
        understood = self._understood(turn_context, options) if first else None
        nlu_guesses: tuple[str, ...] = ()
        if isinstance(understood, Reading) and understood.choice is None:
            nlu_guesses, understood = understood.guesses, None  # unsure: the words decide
        reading = Reading() if understood is not None else read(activity, choices, words)
        if reading.choice is None and not reading.guesses and nlu_guesses:
            reading = Reading(guesses=nlu_guesses)
        if not first and understood is None and reading.choice is None:
            understood = self._understood(turn_context, options)
        if isinstance(understood, Reading):
            reading = Reading(understood.choice, reading.guesses or understood.guesses)
            understood = understood.choice
        if reading.choice == PERSON_CHOICE:
            turn_context.turn_state[HANDOFF_KEY] = True
        elif reading.choice == SKIP_CHOICE:
            result.succeeded, result.value = True, self._on_skip
        elif reading.choice is not None:
            result.succeeded, result.value = True, reading.choice
        elif understood is not None:
            result.succeeded, result.value = True, understood
        elif self._skipped(turn_context):
            result.succeeded, result.value = True, None
        elif self._on_skip is not None and self._typed_skip(turn_context):
            result.succeeded, result.value = True, self._on_skip
        elif (own := self._in_own_words(turn_context, options)) is not None:
            result.succeeded, result.value = True, own
        elif fresh := [guess for guess in reading.guesses if guess not in declined]:
            # Also after a guess turned down: "nee, ik bedoel zelf beslissen" gets a new guess.
            state["guesses_now"] = fresh
            state["guessed_from"] = kept_answer(activity.text or "")
        elif declined:
            state["declined_guess"] = True
        if result.succeeded and result.value in declined:
            result.succeeded, result.value = False, None
            state["declined_guess"] = True
        elif result.succeeded and declined and state.get("guessed_from"):
            # "nee, ander werk": the guess was about what they wrote before, which stays theirs.
            turn_context.turn_state[ANSWER_TEXT_KEY] = state.pop("guessed_from")
        return result


class FreeTextPrompt(CataloguePrompt):
    """Asks for an answer in the employee's own words; None when skipped."""

    REPAIR_KEY = "repair.type_it"

    @property
    @override
    def takes_own_words(self) -> bool:
        return True

    @override
    async def on_prompt(
        self,
        turn_context: TurnContext,
        state: dict[str, object],
        options: PromptOptions,
        is_retry: bool,
    ) -> None:
        question = self._question(language_of(turn_context), is_retry, options, state)
        await turn_context.send_activity(MessageFactory.text(question))

    @override
    async def on_recognize(
        self, turn_context: TurnContext, state: dict[str, object], options: PromptOptions
    ) -> PromptRecognizerResult:
        result = PromptRecognizerResult()
        text: Any = turn_context.activity.text
        said = self._yes_no_or_pass(turn_context) if isinstance(text, str) else None
        if self._skipped(turn_context) or (self._skippable and said in ("no", "pass")):
            result.succeeded, result.value = True, None  # "nee", "I'd rather not say"
        elif said == "yes":
            pass  # "ja" says nothing about one's work: asked again
        elif isinstance(text, str) and text.strip():
            result.succeeded, result.value = True, kept_answer(text)
        return result

    def _yes_no_or_pass(self, context: TurnContext) -> str | None:
        """A bare yes or no ("ja", "nee hoor"), or a short way of passing ("I would rather not
        say"), which are no answer to an open question."""
        text = context.activity.text
        words = [word for word in tokens(text or "") if word[0].isalnum()]
        if not words or len(words) > MAX_PASS_WORDS:
            return None
        answers = self._catalogue.answers
        for said, listed in (("yes", answers.yes), ("no", answers.no)):
            if is_one_of(text, [*listed.nl, *listed.en]):
                return said  # the whole message is a yes or a no ("niet vet" is neither)
        skip = self._catalogue.orientation.skip_words
        option = Choice("pass", "", (*skip.nl, *skip.en))
        return reader_for(answers).read(text, [option], numbers=False).choice
