"""The end of a conversation: how satisfied the employee is (1 to 5), a comment if they like,
and, if they want to say, which part of the organisation they work in. All are optional. The
score and the group are kept only as anonymous insight events (insights/events.py); a comment
only after an explicit yes, without contact details (privacy/redact.py) and without any link
to the conversation, so the career centre learns whom it reaches and how Koers does, without
knowing who said it."""

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
from dialogs.prompts import ChoicePrompt, FreeTextPrompt, yes_no_understanding
from dialogs.turn import language_of
from insights.events import FINISHED, GROUP, SATISFACTION, keep_comment, note

SATISFACTION_PROMPT = "feedback.satisfaction"
GROUP_PROMPT = "feedback.group"
COMMENT_PROMPT = "feedback.comment"
COMMENT_CONSENT_PROMPT = "feedback.comment_consent"
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
                SATISFACTION_PROMPT,
                catalogue,
                SATISFACTION_PROMPT,
                scores,
                answers="satisfaction",
                skippable=True,
            )
        )

        def yes_no(language: str, _options: PromptOptions) -> list[Choice]:
            return [
                Choice("yes", t("feedback.comment_yes", language), means="yes"),
                Choice("no", t("feedback.comment_no", language), means="no"),
            ]

        self.add_dialog(
            ChoicePrompt(
                GROUP_PROMPT, catalogue, GROUP_PROMPT, groups, answers="group", skippable=True
            )
        )
        self.add_dialog(FreeTextPrompt(COMMENT_PROMPT, catalogue, COMMENT_PROMPT, skippable=True))
        self.add_dialog(
            ChoicePrompt(
                COMMENT_CONSENT_PROMPT,
                catalogue,
                COMMENT_CONSENT_PROMPT,
                yes_no,
                understand=yes_no_understanding(),
                on_skip="no",
            )
        )
        self.add_dialog(
            WaterfallDialog(
                "feedback.steps",
                [
                    self._satisfaction,
                    self._comment,
                    self._comment_consent,
                    self._group,
                    self._thanks,
                ],
            )
        )
        self.initial_dialog_id = "feedback.steps"

    async def _satisfaction(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.prompt(SATISFACTION_PROMPT, PromptOptions())

    async def _comment(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result not in SCORES:
            return await step.next(None)  # no score given: no comment asked either
        note(step.context, SATISFACTION, step.result)
        return await step.prompt(COMMENT_PROMPT, PromptOptions())

    async def _comment_consent(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            return await step.next(None)
        step.values["comment"] = step.result
        return await step.prompt(COMMENT_CONSENT_PROMPT, PromptOptions())

    async def _group(self, step: WaterfallStepContext) -> DialogTurnResult:
        comment = step.values.pop("comment", None)
        if comment and step.result == "yes":
            keep_comment(step.context, comment)
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
