"""The conversation from the first question to its end: orientation, then a summary and the
honest next step. Later flows (self-scan, products, intake) join this waterfall."""

from __future__ import annotations

from typing import Any

from botbuilder.core import MessageFactory
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)

from content import Catalogue
from dialogs.orientation import OrientationDialog
from dialogs.recommend import recommend
from dialogs.turn import language_of


class MainDialog(ComponentDialog):
    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__(MainDialog.__name__)
        self._catalogue = catalogue
        self.add_dialog(OrientationDialog(catalogue))
        self.add_dialog(WaterfallDialog("main.steps", [self._orientation, self._summary]))
        self.initial_dialog_id = "main.steps"

    async def _orientation(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.begin_dialog(OrientationDialog.__name__)

    async def _summary(self, step: WaterfallStepContext) -> DialogTurnResult:
        answers: dict[str, Any] = step.result or {}
        language = language_of(step.context)
        catalogue = self._catalogue
        t = catalogue.messages.t
        missing = t("orientation.not_given", language)
        theme = catalogue.themes.get(str(answers.get("theme")))
        urgency = catalogue.orientation.urgency.get(str(answers.get("urgency")))
        summary = t(
            "orientation.summary",
            language,
            theme=theme.name.in_language(language) if theme else missing,
            question=answers.get("question") or missing,
            urgency=urgency.in_language(language) if urgency else missing,
            work=answers.get("work") or missing,
        )
        advice = recommend(
            catalogue,
            answers.get("theme"),
            answers.get("urgency"),
            answers.get("drivers", []),
            answers.get("talents", []),
        )
        lines = [t("recommend.intro", language)]
        lines += [
            f"- {catalogue.products[item.product].name.in_language(language)}: "
            f"{item.reason.in_language(language)}"
            for item in advice
        ]
        await step.context.send_activities(
            [
                MessageFactory.text(summary),
                MessageFactory.text("\n".join(lines)),
                MessageFactory.text(t("orientation.next", language)),
            ]
        )
        answers["recommended"] = [item.product for item in advice]
        return await step.end_dialog(answers)
