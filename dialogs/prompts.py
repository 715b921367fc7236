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
from dialogs.choices import Choice, is_one_of, match, render
from dialogs.turn import language_of, yes_or_no
from privacy.redact import redact

# What the employee may type at most for one free-text answer.
MAX_ANSWER_CHARS = 1000

# The options to show, for a language and the prompt's options (which may narrow them).
ChoicesFor = Callable[[str, PromptOptions], Sequence[Choice]]
# The question's {names} worked out for the language it is asked in (so a switch of language
# mid-question shows them in the new language).
ParamsFor = Callable[[str, PromptOptions], dict[str, str]]
# Understands free text at a choice question; what it returns (if not None) is the answer.
Understand = Callable[[TurnContext, PromptOptions], object | None]


def kept_answer(typed: str) -> str:
    """A free-text answer as Koers keeps it (in state, maybe in an intake): trimmed, not too
    long, and without contact details or identity numbers."""
    return redact(typed.strip()[:MAX_ANSWER_CHARS])


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


class _CataloguePrompt(Prompt):
    def __init__(
        self,
        dialog_id: str,
        catalogue: Catalogue,
        question_key: str,
        skippable: bool,
        retry_key: str = "choice.retry",
    ) -> None:
        super().__init__(dialog_id)
        if question_key not in catalogue.messages:
            # Fail when Koers starts, not when an employee reaches this question.
            raise KeyError(f"messages.yml has no {question_key!r}")
        self._catalogue = catalogue
        self._question_key = question_key
        self._skippable = skippable
        self._retry_key = retry_key
        self._params_for: ParamsFor | None = None

    @override
    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        """Like botbuilder's, but asks again even when Koers already said something this turn
        (a caring word about a sensitive topic must not swallow the question)."""
        context = dialog_context.context
        if context.activity.type != ActivityTypes.message:
            return Dialog.end_of_turn
        instance = dialog_context.active_dialog
        state = instance.state[self.persisted_state]
        options = instance.state[self.persisted_options]
        recognized = await self.on_recognize(context, state, options)
        if recognized.succeeded:
            return await dialog_context.end_dialog(recognized.value)
        await self.on_prompt(context, state, options, True)
        return Dialog.end_of_turn

    def _question(self, language: str, is_retry: bool, options: PromptOptions) -> str:
        t = self._catalogue.messages.t
        parts = [t(self._retry_key, language)] if is_retry else []
        params = question_params(options)
        if self._params_for is not None:
            params.update(self._params_for(language, options))
        parts.append(t(self._question_key, language, **params))
        if self._skippable:
            parts.append(t("skip.hint", language))
        return " ".join(parts)

    def _typed_skip(self, context: TurnContext) -> bool:
        words = self._catalogue.orientation.skip_words
        return is_one_of(context.activity.text, [*words.nl, *words.en])

    def _skipped(self, context: TurnContext) -> bool:
        return self._skippable and self._typed_skip(context)


class ChoicePrompt(_CataloguePrompt):
    """Asks a question with options; the result is the chosen option's id, or None if skipped."""

    def __init__(
        self,
        dialog_id: str,
        catalogue: Catalogue,
        question_key: str,
        choices_for: ChoicesFor,
        *,
        skippable: bool = False,
        understand: Understand | None = None,
        params_for: ParamsFor | None = None,
        on_skip: str | None = None,
    ) -> None:
        super().__init__(dialog_id, catalogue, question_key, skippable)
        self._choices_for = choices_for
        self._understand = understand
        self._params_for = params_for
        # The option that "sla over" / "weet ik niet" means where the question cannot be skipped.
        self._on_skip = on_skip

    @override
    async def on_prompt(
        self,
        turn_context: TurnContext,
        state: dict[str, object],
        options: PromptOptions,
        is_retry: bool,
    ) -> None:
        language = language_of(turn_context)
        hint = self._catalogue.messages.t("choice.hint", language)
        question = self._question(language, is_retry, options)
        choices = self._choices_for(language, options)
        await turn_context.send_activity(
            render(question, choices, turn_context.activity.channel_id, hint)
        )

    @override
    async def on_recognize(
        self, turn_context: TurnContext, state: dict[str, object], options: PromptOptions
    ) -> PromptRecognizerResult:
        result = PromptRecognizerResult()
        choices = self._choices_for(language_of(turn_context), options)
        picked = match(turn_context.activity, choices)
        understood = (
            self._understand(turn_context, options)
            if picked is None and self._understand is not None
            else None
        )
        if picked is not None:
            result.succeeded, result.value = True, picked.id
        elif understood is not None:
            result.succeeded, result.value = True, understood
        elif self._skipped(turn_context):
            result.succeeded, result.value = True, None
        elif self._on_skip is not None and self._typed_skip(turn_context):
            result.succeeded, result.value = True, self._on_skip
        return result


class FreeTextPrompt(_CataloguePrompt):
    """Asks for an answer in the employee's own words; None when skipped."""

    @override
    async def on_prompt(
        self,
        turn_context: TurnContext,
        state: dict[str, object],
        options: PromptOptions,
        is_retry: bool,
    ) -> None:
        question = self._question(language_of(turn_context), is_retry, options)
        await turn_context.send_activity(MessageFactory.text(question))

    @override
    async def on_recognize(
        self, turn_context: TurnContext, state: dict[str, object], options: PromptOptions
    ) -> PromptRecognizerResult:
        result = PromptRecognizerResult()
        text: Any = turn_context.activity.text
        if self._skipped(turn_context):
            result.succeeded, result.value = True, None
        elif isinstance(text, str) and text.strip():
            result.succeeded, result.value = True, kept_answer(text)
        return result
