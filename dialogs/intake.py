"""Intake & consent: Koers offers a career advisor, shows exactly what it would send, lets the
employee leave parts out, and stores the intake only after an explicit yes, with the consent's
time and the privacy statement's version. Saying no stores nothing."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import PromptOptions, PromptRecognizerResult
from botbuilder.schema import Activity, ActivityTypes
from typing_extensions import override

from advisors.intake import build
from content import Catalogue
from dialogs.choices import Choice, quoted
from dialogs.prompts import ChoicePrompt, FreeTextPrompt, yes_no_understanding
from dialogs.turn import IDENTITY_KEY, language_of
from insights import events
from insights.events import note

# Stores the intake; the second argument is where to reach the employee later (the
# conversation reference), for the message that an advisor has taken it.
# Channels where a contact centre can listen for the handoff event (Teams cannot take events).
HANDOFF_CHANNELS = frozenset({"directline", "webchat", "emulator"})
SaveIntake = Callable[[dict[str, Any], dict[str, Any]], Awaitable[str]]
Clock = Callable[[], datetime]

OFFER, CONTACT, EMAIL, PHONE, REVIEW, WHICH = (
    "intake.offer",
    "intake.contact",
    "intake.email",
    "intake.phone",
    "intake.review",
    "intake.which",
)
PARTS = ("question", "work", "drivers", "talents", "products")
# Other words for the ways of contact, in both languages.
_WAY_WORDS = {
    "by_email": ("e-mail", "email", "mail", "mailen"),
    "by_phone": ("telefoon", "bellen", "bel me", "telefonisch", "phone", "call", "call me"),
    "by_teams": ("teams", "chat", "teams chat"),
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{8,20}$")


class ContactPrompt(FreeTextPrompt):
    """An e-mail address or phone number, checked before it is accepted."""

    def __init__(self, dialog_id: str, catalogue: Catalogue, pattern: re.Pattern[str]) -> None:
        super().__init__(dialog_id, catalogue, dialog_id, False, retry_key="intake.invalid")
        self._pattern = pattern

    @override
    async def on_recognize(
        self, turn_context: TurnContext, state: dict[str, object], options: PromptOptions
    ) -> PromptRecognizerResult:
        result = PromptRecognizerResult()
        typed = (turn_context.activity.text or "").strip()
        if self._pattern.match(typed):
            result.succeeded, result.value = True, typed
        return result


class IntakeDialog(ComponentDialog):
    """Begins with the conversation's answers; ends with the stored reference, or None."""

    def __init__(self, catalogue: Catalogue, save: SaveIntake, clock: Clock) -> None:
        super().__init__(IntakeDialog.__name__)
        self._catalogue = catalogue
        self._save = save
        self._clock = clock
        t = catalogue.messages.t

        def options_of(*keys: str) -> Callable[[str, PromptOptions], list[Choice]]:
            def choices(language: str, _options: PromptOptions) -> list[Choice]:
                return [Choice(key, t(f"intake.{key}", language)) for key in keys]

            return choices

        def contact_ways(language: str, _options: PromptOptions) -> list[Choice]:
            ways = ["by_email", "by_phone"]
            validations = getattr(_options, "validations", None) or {}
            if validations.get("teams"):
                ways.append("by_teams")
            return [Choice(way, t(f"intake.{way}", language), _WAY_WORDS[way]) for way in ways]

        def parts_left(language: str, options: PromptOptions) -> list[Choice]:
            present: list[str] = options.validations["parts"]
            return [Choice(part, t(f"intake.part.{part}", language)) for part in present]

        self.add_dialog(
            ChoicePrompt(
                OFFER,
                catalogue,
                "intake.offer",
                options_of("yes", "no"),
                understand=yes_no_understanding(),
                on_skip="no",
            )
        )
        self.add_dialog(
            ChoicePrompt(CONTACT, catalogue, "intake.contact", contact_ways, on_skip="none")
        )
        self.add_dialog(ContactPrompt(EMAIL, catalogue, _EMAIL))
        self.add_dialog(ContactPrompt(PHONE, catalogue, _PHONE))
        self.add_dialog(
            ChoicePrompt(
                REVIEW,
                catalogue,
                "intake.review",
                options_of("send", "leave_out", "cancel"),
                on_skip="cancel",
                params_for=lambda language, options: {
                    "summary": self._describe(
                        options.validations["state"], language, options.validations.get("channel")
                    )
                },
            )
        )
        self.add_dialog(ChoicePrompt(WHICH, catalogue, "intake.which", parts_left))
        self.add_dialog(
            WaterfallDialog(
                "intake.steps", [self._offer, self._contact, self._detail, self._to_review]
            )
        )
        self.add_dialog(
            WaterfallDialog("intake.review_loop", [self._review, self._decide, self._leave_out])
        )
        self.initial_dialog_id = "intake.steps"

    # The first part: offer, way of contact, address or number.

    async def _offer(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["answers"] = dict(step.options or {})
        return await step.prompt(OFFER, PromptOptions())

    async def _contact(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result != "yes":
            note(step.context, events.INTAKE_DECLINED)
            text = self._catalogue.messages.t("intake.declined", language_of(step.context))
            await step.context.send_activity(MessageFactory.text(text))
            return await step.end_dialog(None)
        teams = step.context.activity.channel_id == "msteams"
        return await step.prompt(CONTACT, PromptOptions(validations={"teams": teams}))

    async def _detail(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result == "none":  # "weet ik niet" how to be reached: then nothing is sent
            note(step.context, events.INTAKE_DECLINED)
            text = self._catalogue.messages.t("intake.declined", language_of(step.context))
            await step.context.send_activity(MessageFactory.text(text))
            return await step.end_dialog(None)
        step.values["way"] = step.result
        if step.result == "by_email":
            return await step.prompt(EMAIL, PromptOptions())
        if step.result == "by_phone":
            return await step.prompt(PHONE, PromptOptions())
        return await step.next(None)

    async def _to_review(self, step: WaterfallStepContext) -> DialogTurnResult:
        way = step.values["way"]
        contact = {
            "by_email": {"preference": "email", "email": step.result},
            "by_phone": {"preference": "phone", "phone": step.result},
        }.get(way, {"preference": "teams"})
        identity = step.context.turn_state.get(IDENTITY_KEY)
        if way == "by_teams" and identity is not None:
            # Who to find in Teams; shown in the review, sent only after the employee's yes.
            contact.update(await identity(step.context))
        state = {"answers": step.values["answers"], "contact": contact, "left_out": []}
        return await step.replace_dialog("intake.review_loop", state)

    # The review: what would be sent; send, leave something out, or not send.

    def _present_parts(self, state: Mapping[str, Any]) -> list[str]:
        answers = state["answers"]
        keys = {"products": "recommended"}
        return [
            part
            for part in PARTS
            if answers.get(keys.get(part, part)) and part not in state["left_out"]
        ]

    def _describe(self, state: Mapping[str, Any], language: str, channel: str | None) -> str:
        catalogue = self._catalogue
        t = catalogue.messages.t
        answers = state["answers"]
        # Exactly what build() sends: a question without a theme goes as "other".
        theme = catalogue.themes.get(str(answers.get("theme") or "other"))
        lines = []
        if theme is not None:
            lines.append(f"- {theme.name.in_language(language)}")
        urgency = catalogue.orientation.urgency.get(str(answers.get("urgency")))
        if urgency is not None:
            lines.append(f"- {urgency.in_language(language)}")
        names: dict[str, Mapping[str, Any]] = {
            "drivers": catalogue.drivers,
            "talents": catalogue.talents,
            "products": catalogue.products,
        }
        for part in self._present_parts(state):
            if part in names:
                ids = answers["recommended" if part == "products" else part]
                value = ", ".join(names[part][i].name.in_language(language) for i in ids)
            else:
                value = quoted(str(answers[part]), channel)
            lines.append(f"- {t(f'intake.part.{part}', language)}: {value}")
        contact = state["contact"]
        if contact["preference"] == "teams":
            known = ", ".join(contact[k] for k in ("name", "email") if contact.get(k))
            detail = f"Teams ({known})" if known else "Teams"
        else:
            detail = contact.get("email") or contact.get("phone") or "-"
        lines.append(f"- {t('intake.part.contact', language)}: {detail}")
        return "\n".join(lines)

    async def _review(self, step: WaterfallStepContext) -> DialogTurnResult:
        state: dict[str, Any] = dict(step.options or {})
        step.values["state"] = state
        channel = step.context.activity.channel_id
        validations = {"state": state, "channel": channel}
        return await step.prompt(REVIEW, PromptOptions(validations=validations))

    async def _decide(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = step.values["state"]
        language = language_of(step.context)
        t = self._catalogue.messages.t
        if step.result == "leave_out" and self._present_parts(state):
            return await step.prompt(
                WHICH, PromptOptions(validations={"parts": self._present_parts(state)})
            )
        if step.result == "leave_out":
            return await step.replace_dialog("intake.review_loop", state)
        if step.result != "send":
            note(step.context, events.INTAKE_DECLINED)
            await step.context.send_activity(MessageFactory.text(t("intake.not_sent", language)))
            return await step.end_dialog(None)
        now = self._clock()
        intake = build(
            answers=state["answers"],
            contact=state["contact"],
            language=language,
            channel=str(step.context.activity.channel_id or "unknown"),
            consent_at=now,
            privacy_version=self._catalogue.privacy.version,
            left_out=state["left_out"],
        )
        employee = TurnContext.get_conversation_reference(step.context.activity)
        reference = await self._save(intake, employee.serialize())
        note(step.context, events.INTAKE_CONSENTED, str(intake.get("theme") or "") or None)
        text = t("intake.stored", language, reference=reference)
        await step.context.send_activity(MessageFactory.text(text))
        if step.context.activity.channel_id in HANDOFF_CHANNELS:
            # The Bot Framework handoff convention: a contact centre that supports it can
            # take the conversation over, with the intake as its context.
            await step.context.send_activity(
                Activity(type=ActivityTypes.event, name="handoff.initiate", value=intake)
            )
        return await step.end_dialog(reference)

    async def _leave_out(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = step.values["state"]
        state["left_out"] = [*state["left_out"], step.result]
        return await step.replace_dialog("intake.review_loop", state)
