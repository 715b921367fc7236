"""The end of a conversation: how satisfied the employee is (1 to 5) and, if they want to say,
which part of the organisation they work in. Both are optional and kept only as anonymous
insight events (insights/events.py), so the career centre learns whom it reaches and how Koers
does, without knowing who said it."""

from __future__ import annotations

from botbuilder.core import MessageFactory
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import PromptOptions

from content import Catalogue
from dialogs.choices import Choice
from dialogs.prompts import ChoicePrompt
from dialogs.turn import language_of
from insights.events import FINISHED, GROUP, SATISFACTION, note

SATISFACTION_PROMPT = "feedback.satisfaction"
GROUP_PROMPT = "feedback.group"
SKIP = "skip"
SCORES = ("1", "2", "3", "4", "5")


class FeedbackDialog(ComponentDialog):
    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__(FeedbackDialog.__name__)
        self._catalogue = catalogue
        t = catalogue.messages.t

        def skip(language: str) -> Choice:
            return Choice(SKIP, t("feedback.skip", language))

        def scores(language: str, _options: PromptOptions) -> list[Choice]:
            return [*(Choice(score, score) for score in SCORES), skip(language)]

        def groups(language: str, _options: PromptOptions) -> list[Choice]:
            return [
                *(
                    Choice(group_id, entry.name.in_language(language))
                    for group_id, entry in catalogue.groups.items()
                ),
                skip(language),
            ]

        self.add_dialog(
            ChoicePrompt(
                SATISFACTION_PROMPT, catalogue, SATISFACTION_PROMPT, scores, skippable=True
            )
        )
        self.add_dialog(ChoicePrompt(GROUP_PROMPT, catalogue, GROUP_PROMPT, groups, skippable=True))
        self.add_dialog(
            WaterfallDialog("feedback.steps", [self._satisfaction, self._group, self._thanks])
        )
        self.initial_dialog_id = "feedback.steps"

    async def _satisfaction(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.prompt(SATISFACTION_PROMPT, PromptOptions())

    async def _group(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result in SCORES:
            note(step.context, SATISFACTION, step.result)
        if not self._catalogue.groups:
            return await step.next(None)
        return await step.prompt(GROUP_PROMPT, PromptOptions())

    async def _thanks(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result in self._catalogue.groups:
            note(step.context, GROUP, step.result)
        note(step.context, FINISHED)
        text = self._catalogue.messages.t("feedback.thanks", language_of(step.context))
        await step.context.send_activity(MessageFactory.text(text))
        return await step.end_dialog(None)
