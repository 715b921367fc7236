"""The conversation from the first question to its end: orientation, then a summary and the
honest next step. Later flows (self-scan, products, intake) join this waterfall."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import PromptOptions
from botbuilder.schema import Activity

from advisors.intake import OWN
from content import Catalogue
from dialogs.choices import CARD_CHANNELS, CARD_VERSION, Choice, quoted, with_own_words
from dialogs.feedback import FeedbackDialog
from dialogs.intake import Clock, IntakeDialog, NotedQuestions, SaveIntake
from dialogs.orientation import ASKED_FOR, WANTS_PERSON, OrientationDialog
from dialogs.prompts import ChoicePrompt, yes_no_understanding
from dialogs.recommend import MENTIONED, keep_advice, merged, recommend
from dialogs.self_scan import PICKS, SelfScanDialog
from dialogs.sensitive import SensitiveTopics
from dialogs.turn import language_of
from insights import events
from insights.events import note

OFFER = "main.offer_scan"
# The address of the self-scan picture for (drivers, talents, language).
ChartUrl = Callable[[list[str], list[str], str], str]


class MainDialog(ComponentDialog):
    def __init__(
        self,
        catalogue: Catalogue,
        save_intake: SaveIntake,
        clock: Clock,
        chart_url: ChartUrl | None = None,
        noted: NotedQuestions | None = None,
        sensitive: SensitiveTopics | None = None,
    ) -> None:
        super().__init__(MainDialog.__name__)
        self._catalogue = catalogue
        self._chart_url = chart_url
        t = catalogue.messages.t

        def offer_choices(language: str, _options: PromptOptions) -> list[Choice]:
            return [
                Choice("start", t("scan.start", language)),
                Choice("skip", t("scan.skip", language)),
            ]

        self.add_dialog(OrientationDialog(catalogue))
        self.add_dialog(SelfScanDialog(catalogue))
        self.add_dialog(IntakeDialog(catalogue, save_intake, clock, noted, sensitive))
        self.add_dialog(FeedbackDialog(catalogue))
        self.add_dialog(
            ChoicePrompt(
                OFFER,
                catalogue,
                "scan.offer",
                offer_choices,
                answers="scan_offer",
                understand=yes_no_understanding("start", "skip"),
                on_skip="skip",
            )
        )
        self.add_dialog(
            WaterfallDialog(
                "main.steps",
                [
                    self._orientation,
                    self._offer_scan,
                    self._scan,
                    self._summary,
                    self._feedback,
                    self._done,
                ],
            )
        )
        self.initial_dialog_id = "main.steps"

    async def _orientation(self, step: WaterfallStepContext) -> DialogTurnResult:
        note(step.context, events.STARTED)
        return await step.begin_dialog(OrientationDialog.__name__, step.options)

    async def _offer_scan(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["answers"] = step.result or {}
        note(step.context, events.ORIENTATION_DONE)
        if step.values["answers"].get(WANTS_PERSON):
            # They asked for a person in their first message: what fits their question, then
            # the way to reach them; no scan offered first.
            text = self._catalogue.messages.t("interrupt.handoff", language_of(step.context))
            await step.context.send_activity(MessageFactory.text(text))
            return await step.next(None)
        return await step.prompt(OFFER, PromptOptions())

    async def _scan(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result == "start":
            return await step.begin_dialog(SelfScanDialog.__name__)
        return await step.next(None)

    async def _summary(self, step: WaterfallStepContext) -> DialogTurnResult:
        answers: dict[str, Any] = dict(step.values.get("answers") or {})
        scan: dict[str, list[str]] = step.result or {}
        # Only what the employee chose or confirmed in the scan goes into the intake; a driver
        # or talent mentioned in passing ("ik wil meer vrijheid") shapes the advice only.
        mentioned = {kind: list(answers.pop(kind, None) or []) for kind in ("drivers", "talents")}
        for kind in ("drivers", "talents"):
            answers[kind] = list(scan.get(kind, []))
            answers[kind + OWN] = list(scan.get(kind + OWN, []))
        language = language_of(step.context)
        catalogue = self._catalogue
        t = catalogue.messages.t
        missing = t("orientation.not_given", language)
        theme = catalogue.themes.get(str(answers.get("theme")))
        urgency = catalogue.orientation.urgency.get(str(answers.get("urgency")))
        channel = step.context.activity.channel_id
        summary = t(
            "orientation.summary",
            language,
            theme=theme.name.in_language(language) if theme else missing,
            question=quoted(answers.get("question") or "", channel) or missing,
            urgency=urgency.in_language(language) if urgency else missing,
            work=quoted(answers.get("work") or "", channel) or missing,
        )
        activities = [MessageFactory.text(summary)]
        if scan:
            activities.append(self._scan_result(step.context, scan, language, missing))
            note(step.context, events.SCAN_COMPLETED)
            for driver in scan.get("drivers", []):
                note(step.context, events.DRIVER, driver)
            for talent in scan.get("talents", []):
                note(step.context, events.TALENT, talent)
        advice = recommend(
            catalogue,
            answers.get("theme"),
            answers.get("urgency"),
            merged(answers["drivers"], mentioned["drivers"]),
            merged(answers["talents"], mentioned["talents"]),
            asked=answers.pop(ASKED_FOR, None) or [],
        )
        answers[MENTIONED] = mentioned
        lines = [t("recommend.intro", language)]
        lines += [
            f"- {catalogue.products[item.product].name.in_language(language)}"
            f"{self._language_note(item.product, language)}: "
            f"{item.reason.in_language(language)}"
            for item in advice
        ]
        activities += [
            MessageFactory.text("\n".join(lines)),
            MessageFactory.text(t("orientation.next", language)),
        ]
        await step.context.send_activities(activities)
        keep_advice(answers, advice)
        note(step.context, events.ADVICE)
        for product in answers["recommended"]:
            note(step.context, events.RECOMMENDED, product)
        step.values["answers"] = answers
        return await step.begin_dialog(IntakeDialog.__name__, answers)

    async def _feedback(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["intake"] = step.result
        return await step.begin_dialog(FeedbackDialog.__name__)

    async def _done(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.end_dialog({**step.values["answers"], "intake": step.values["intake"]})

    def _scan_result(
        self, context: TurnContext, scan: dict[str, list[str]], language: str, missing: str
    ) -> Activity:
        """The top 3s in words, with the chart as a picture where the channel shows cards."""
        catalogue = self._catalogue
        drivers, talents = scan.get("drivers", []), scan.get("talents", [])
        channel = context.activity.channel_id
        named = {
            kind: with_own_words(
                [entries[i].name.in_language(language) for i in scan.get(kind, []) if i in entries],
                scan.get(kind + OWN, []),
                channel,
            )
            for kind, entries in (("drivers", catalogue.drivers), ("talents", catalogue.talents))
        }
        t = catalogue.messages.t
        # "Je top 3" only when there are three.
        titles = {
            f"{kind}_title": t(f"scan.{'top_' if len(names) == PICKS else ''}{kind}", language)
            for kind, names in named.items()
        }
        text = t(
            "scan.result",
            language,
            drivers=", ".join(named["drivers"]) or missing,
            talents=", ".join(named["talents"]) or missing,
            **titles,
        )
        if self._chart_url is None or context.activity.channel_id not in CARD_CHANNELS:
            return MessageFactory.text(text)
        card = {
            "type": "AdaptiveCard",
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "version": CARD_VERSION,
            "body": [
                # The words are the message's text, shown once beside the picture.
                {
                    "type": "Image",
                    "url": self._chart_url(drivers, talents, language),
                    "altText": text,
                },
            ],
        }
        activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
        activity.text = text
        return activity

    def _language_note(self, product_id: str, language: str) -> str:
        """ " (in Dutch only)" after a product an English speaker cannot follow in English."""
        if language in self._catalogue.products[product_id].languages:
            return ""
        return " " + self._catalogue.messages.t("recommend.dutch_only", language)
