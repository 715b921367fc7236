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

from advisors.intake import OWN, StoredIntake, build
from content import Catalogue
from dialogs.choices import Choice, is_one_of, quoted, with_own_words
from dialogs.orientation import THEME_CONFIDENCE, WANTS_PERSON
from dialogs.prompts import ChoicePrompt, FreeTextPrompt, yes_no_understanding
from dialogs.recommend import advise_again
from dialogs.review_edits import (
    ADD,
    CONTACT_EMAIL,
    CONTACT_PHONE,
    REPLACE,
    REPLACE_WORK,
    THEME,
    Edit,
    ReviewEdits,
    apply,
    without_sentences,
)
from dialogs.sensitive import SensitiveTopics
from dialogs.turn import IDENTITY_KEY, language_of, top_intent
from insights import events
from insights.events import note
from nlu.answers import reader_for
from privacy.redact import email_in, phone_in

# Stores the intake; the second argument is where to reach the employee later (the
# conversation reference), for the message that an advisor has taken it.
# Channels where a contact centre can listen for the handoff event (Teams cannot take events).
HANDOFF_CHANNELS = frozenset({"directline", "webchat", "emulator"})
SaveIntake = Callable[[dict[str, Any], dict[str, Any]], Awaitable[StoredIntake]]
Clock = Callable[[], datetime]
# The questions the employee had noted for the advisor in this conversation.
NotedQuestions = Callable[[TurnContext], Awaitable[list[str]]]

ABOUT, OFFER, OFFER_TEAMS, CONTACT, EMAIL, PHONE, REVIEW, WHICH, DISCARD, HEALTH = (
    "intake.about",
    "intake.offer",
    "intake.offer_teams",
    "intake.contact",
    "intake.email",
    "intake.phone",
    "intake.review",
    "intake.which",
    "intake.discard",
    "intake.health",
)
# The employee's own words that are looked at for health details before anything is sent.
FREE_TEXT_PARTS = ("question", "work", "for_advisor")
PARTS = ("question", "for_advisor", "work", "drivers", "talents", "products")
# The ways besides Teams that the offer in Teams has buttons for.
TEAMS_OFFER_WAYS = ("by_phone", "by_email")
# What the choice of a part already left out reads as ("gone:work").
GONE = "gone:"
# "sla over" or "terug" at "Wat wil je weglaten?": back to the review, nothing left out.
BACK = "back"
# In the intake's options: the employee asked for a person (so the offer is not made again).
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{8,20}$")


class ContactPrompt(FreeTextPrompt):
    """An e-mail address or phone number, checked before it is accepted."""

    def __init__(self, dialog_id: str, catalogue: Catalogue, pattern: re.Pattern[str]) -> None:
        kind = "email" if pattern is _EMAIL else "phone"
        super().__init__(dialog_id, catalogue, dialog_id, False, retry_key=f"intake.invalid_{kind}")
        self._pattern = pattern

    @override
    async def on_recognize(
        self, turn_context: TurnContext, state: dict[str, object], options: PromptOptions
    ) -> PromptRecognizerResult:
        result = PromptRecognizerResult()
        typed = (turn_context.activity.text or "").strip()
        # "het is jan@gemeente.example" / "bel me op 06-12345678": the address in a sentence.
        found = email_in(typed) if self._pattern is _EMAIL else phone_in(typed)
        for candidate in (typed, found or ""):
            if self._pattern.match(candidate):
                result.succeeded, result.value = True, candidate
                break
        return result


class IntakeDialog(ComponentDialog):
    """Begins with the conversation's answers; ends with the stored reference, or None."""

    def __init__(
        self,
        catalogue: Catalogue,
        save: SaveIntake,
        clock: Clock,
        noted: NotedQuestions | None = None,
        sensitive: SensitiveTopics | None = None,
    ) -> None:
        """``sensitive``: the recognition of sensitive topics the bot already has (the
        catalogue is stemmed once), or a new one."""
        super().__init__(IntakeDialog.__name__)
        self._noted = noted
        self._catalogue = catalogue
        self._save = save
        self._clock = clock
        self._edits = ReviewEdits(catalogue)
        t = catalogue.messages.t

        def options_of(*keys: str) -> Callable[[str, PromptOptions], list[Choice]]:
            def choices(language: str, _options: PromptOptions) -> list[Choice]:
                return [Choice(key, t(f"intake.{key}", language)) for key in keys]

            return choices

        def teams_offer(language: str, _options: PromptOptions) -> list[Choice]:
            """Yes in Teams, yes by phone or by e-mail (buttons), no."""
            return [
                Choice("yes", t("intake.yes_teams", language)),
                *(Choice(way, t(f"intake.yes_{way}", language)) for way in TEAMS_OFFER_WAYS),
                Choice("no", t("intake.no", language)),
            ]

        plain_yes_no = yes_no_understanding()

        def way_in_teams(context: TurnContext, options: PromptOptions) -> object | None:
            """ "Ik word liever gebeld, met Teams ben ik niet zo handig": the way named is the
            answer, read before anything else in the sentence can sound like a no."""
            in_teams = PromptOptions(validations={"teams": True})
            way = contact.reading(context, in_teams, numbers=False).choice
            if way in TEAMS_OFFER_WAYS:
                return way
            given = contact_given(context, options)
            if given is not None:
                return "yes"  # an address or number: the next step reads it
            if way == "by_teams":
                return "yes"
            # "Ja hoor, maar … is niks voor mij": the offer's own words first; what the NLU
            # makes of the whole sentence only when they say nothing.
            said = offer_in_teams.reading(context, options, numbers=False).choice
            return said if said is not None else plain_yes_no(context, options)

        def contact_ways(language: str, _options: PromptOptions) -> list[Choice]:
            ways = ["by_email", "by_phone"]
            validations = getattr(_options, "validations", None) or {}
            if validations.get("teams"):
                ways.append("by_teams")
            return [Choice(way, t(f"intake.{way}", language)) for way in ways]

        def contact_given(context: TurnContext, _options: PromptOptions) -> object | None:
            """An address or number typed instead of a way: that way, and the detail too."""
            text = context.activity.text
            return "by_email" if email_in(text) else ("by_phone" if phone_in(text) else None)

        contact = ChoicePrompt(
            CONTACT,
            catalogue,
            "intake.contact",
            contact_ways,
            answers="contact",
            understand=contact_given,
            on_skip="none",
        )

        def parts_left(language: str, options: PromptOptions) -> list[Choice]:
            present: list[str] = options.validations["parts"]
            return [Choice(part, t(f"intake.part.{part}", language)) for part in present]

        def already_left_out(context: TurnContext, options: PromptOptions) -> object | None:
            """A part named again that is already left out: said so, not a miss."""
            gone: list[str] = options.validations.get("gone", [])
            language = language_of(context)
            words = catalogue.answers
            choices = [
                Choice(part, t(f"intake.part.{part}", language), synonyms(part)) for part in gone
            ]
            named = reader_for(words).read(context.activity.text, choices, numbers=False).choice
            return f"{GONE}{named}" if named else None

        def synonyms(part: str) -> tuple[str, ...]:
            listed = catalogue.answers.option("leave_out", part).words
            return (*listed.nl, *listed.en)

        self.add_dialog(
            ChoicePrompt(
                OFFER,
                catalogue,
                "intake.offer",
                options_of("yes", "no"),
                answers="advisor_offer",
                understand=yes_no_understanding(),
                on_skip="no",
            )
        )
        # In Teams the offer names the way too ("via een chat in Teams, of liever bellen of
        # mailen?"), so a plain yes needs no question about how.
        offer_in_teams = ChoicePrompt(
            OFFER_TEAMS,
            catalogue,
            "intake.offer_teams",
            teams_offer,
            answers="advisor_offer",
            understand=way_in_teams,
            understand_first=True,
            on_skip="no",
        )
        self.add_dialog(offer_in_teams)
        self.add_dialog(contact)
        # Someone who asks for a person before saying what about: a few words for the advisor.
        self.add_dialog(FreeTextPrompt(ABOUT, catalogue, "orientation.question_direct", True))
        self.add_dialog(ContactPrompt(EMAIL, catalogue, _EMAIL))
        self.add_dialog(ContactPrompt(PHONE, catalogue, _PHONE))
        self.add_dialog(
            ChoicePrompt(
                REVIEW,
                catalogue,
                "intake.review",
                options_of("send", "leave_out", "cancel"),
                answers="consent",
                on_skip="cancel",
                offer_skip=False,
                short_key="intake.review_short",
                # "mijn vraag is eigenlijk: …", "haal leidinggeven weg": changed, then shown.
                understand=lambda context, options: self._edits.read(
                    context, options.validations["state"]["answers"]
                ),
                understand_first=True,
                understood_is_answer=True,
                params_for=lambda language, options: {
                    "summary": self._describe(
                        options.validations["state"], language, options.validations.get("channel")
                    )
                },
            )
        )
        self.add_dialog(
            ChoicePrompt(
                WHICH,
                catalogue,
                "intake.which",
                parts_left,
                answers="leave_out",
                # "mijn vraag is eigenlijk: …" here too is a change, not the question left out.
                understand=lambda context, options: (
                    self._edits.read(context, options.validations.get("answers") or {})
                    or already_left_out(context, options)
                ),
                understand_first=True,
                understood_is_answer=True,
                # "sla over", "terug": back to what would be sent, nothing left out.
                on_skip=BACK,
            )
        )

        def yes_or_no(dialog_id: str, yes: str, no: str, on_skip: str) -> ChoicePrompt:
            """A question of two options, the first a yes; skipping it or a miss is
            ``on_skip`` (the safe one), with no way out to skip it."""
            name = dialog_id.removeprefix("intake.")
            return ChoicePrompt(
                dialog_id,
                catalogue,
                dialog_id,
                options_of(yes, no),
                answers=name,
                understand=yes_no_understanding(yes=yes, no=no),
                on_skip=on_skip,
                offer_skip=False,
                params_for=lambda _language, options: {
                    key: str(value) for key, value in (options.validations or {}).items()
                },
            )

        # "nee wacht, mijn mailadres is verkeerd" is no clear "don't send": asked first.
        self.add_dialog(yes_or_no(DISCARD, "discard_yes", "discard_no", "discard_no"))
        # Medical details typed in passing go to nobody unless the employee wants them to.
        self._sensitive = sensitive or SensitiveTopics(catalogue)
        self.add_dialog(yes_or_no(HEALTH, "health_out", "health_keep", "health_out"))
        self.add_dialog(
            WaterfallDialog(
                "intake.steps",
                [self._offer, self._contact, self._detail, self._to_review, self._health_decided],
            )
        )
        self.add_dialog(
            WaterfallDialog("intake.review_loop", [self._review, self._decide, self._leave_out])
        )
        self.initial_dialog_id = "intake.steps"

    # The first part: offer, way of contact, address or number.

    async def _offer(self, step: WaterfallStepContext) -> DialogTurnResult:
        answers = dict(step.options or {})
        # The employee asked for a person: Koers does not ask whether they want one.
        wants_person = bool(answers.pop(WANTS_PERSON, False))
        step.values["answers"] = answers
        if wants_person and not answers.get("question"):
            step.values["asked_about"] = True
            return await step.prompt(ABOUT, PromptOptions())
        if wants_person:
            return await step.next("yes")
        teams = step.context.activity.channel_id == "msteams"
        step.values["teams_offered"] = teams
        return await step.prompt(OFFER_TEAMS if teams else OFFER, PromptOptions())

    async def _contact(self, step: WaterfallStepContext) -> DialogTurnResult:
        result = step.result
        if step.values.pop("asked_about", False):  # what they want to talk about, or skipped
            if result:
                self._take_about(step.context, step.values["answers"], str(result))
            result = "yes"
        if result in TEAMS_OFFER_WAYS:  # "Ja, bel me liever" clicked
            return await step.next(result)
        if result != "yes":
            note(step.context, events.INTAKE_DECLINED)
            text = self._catalogue.messages.t("intake.declined", language_of(step.context))
            await step.context.send_activity(MessageFactory.text(text))
            return await step.end_dialog(None)
        teams = step.context.activity.channel_id == "msteams"
        options = PromptOptions(validations={"teams": teams})
        contact = await self.find_dialog(CONTACT)
        if isinstance(contact, ChoicePrompt) and step.context.activity.value is None:
            # "ja, bel me maar" / "ja, mail naar x@gemeente.nl": the yes and the way at once.
            way = contact.reading(step.context, options, numbers=False).choice
            if way is not None and way != "none":
                return await step.next(way)
        if step.values.get("teams_offered"):
            return await step.next("by_teams")  # a yes to "via een chat in Teams?"
        return await step.prompt(CONTACT, options)

    def _take_about(self, context: TurnContext, answers: dict[str, Any], said: str) -> None:
        """What they want to talk about is their question; where it clearly names a topic
        ("coaching nu ik teamleider ben"), that is the topic too, so the intake goes to an
        advisor for it rather than under "Iets anders". The review shows it, and a typed
        correction there changes it."""
        answers["question"] = said
        intent, confidence = top_intent(context)
        clear = intent in self._catalogue.themes and confidence >= THEME_CONFIDENCE
        if clear and not answers.get("theme"):
            answers["theme"] = intent

    async def _detail(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result == "none":  # "weet ik niet" how to be reached: then nothing is sent
            note(step.context, events.INTAKE_DECLINED)
            text = self._catalogue.messages.t("intake.declined", language_of(step.context))
            await step.context.send_activity(MessageFactory.text(text))
            return await step.end_dialog(None)
        step.values["way"] = step.result
        typed = step.context.activity.text
        if step.result == "by_email":
            given = email_in(typed)  # "mail maar naar x@gemeente.nl": the way and the address
            if given and _EMAIL.match(given):
                return await step.next(given)
            return await step.prompt(EMAIL, PromptOptions())
        if step.result == "by_phone":
            given = phone_in(typed)
            if given and _PHONE.match(given):
                return await step.next(given)
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
        answers = dict(step.values["answers"])
        if self._noted is not None:
            answers["for_advisor"] = await self._noted(step.context)
        state = {"answers": answers, "contact": contact, "left_out": []}
        health = self._health_details(answers)
        if health:
            step.values["state"], step.values["health"] = state, health
            channel = step.context.activity.channel_id
            said = " ".join(f"“{quoted(sentence, channel)}”" for sentence in health)
            return await step.prompt(HEALTH, PromptOptions(validations={"said": said}))
        return await step.replace_dialog("intake.review_loop", state)

    def _health_details(self, answers: Mapping[str, Any]) -> list[str]:
        """The sentences about health in what the employee typed, in the order of the parts."""
        found: list[str] = []
        for part in FREE_TEXT_PARTS:
            value = answers.get(part)
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str):
                    found += [s.strip() for s in self._sensitive.sentences_about("health", text)]
        return list(dict.fromkeys(found))

    async def _health_decided(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Left out unless the employee says to keep it ("ja", "sla over" and a miss leave it
        out)."""
        state = step.values["state"]
        if step.result != "health_keep":
            answers = state["answers"]
            for part in FREE_TEXT_PARTS:
                answers[part] = without_sentences(answers.get(part), step.values["health"])
        return await step.replace_dialog("intake.review_loop", state)

    # The review: what would be sent; send, leave something out, or not send.

    def _present_parts(self, state: Mapping[str, Any]) -> list[str]:
        answers = state["answers"]
        keys = {"products": "recommended"}
        return [
            part
            for part in PARTS
            if (answers.get(keys.get(part, part)) or answers.get(part + OWN))
            and part not in state["left_out"]
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
                ids = answers.get("recommended" if part == "products" else part) or []
                named = [names[part][i].name.in_language(language) for i in ids]
                value = ", ".join(with_own_words(named, answers.get(part + OWN) or [], channel))
            elif isinstance(answers[part], list):
                value = " / ".join(quoted(str(asked), channel) for asked in answers[part])
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
        if isinstance(step.result, Edit):
            return await self._change(step, state, step.result)
        if step.result == "leave_out" and self._present_parts(state):
            options = PromptOptions(
                validations={
                    "parts": self._present_parts(state),
                    "gone": state["left_out"],
                    "answers": state["answers"],
                }
            )
            which = await self.find_dialog(WHICH)
            if isinstance(which, ChoicePrompt) and step.context.activity.value is None:
                # "laat mijn werk maar weg": what to leave out, said with the wish itself.
                part = which.reading(step.context, options, numbers=False).choice
                if part is not None:
                    return await step.next(part)
            return await step.prompt(WHICH, options)
        if step.result == "leave_out":
            return await step.replace_dialog("intake.review_loop", state)
        if step.result == "cancel" and not self._plainly_not(step.context):
            step.values[DISCARD] = True
            return await step.prompt(DISCARD, PromptOptions())
        if step.result != "send":
            return await self._not_sent(step)
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
        stored = await self._save(intake, employee.serialize())
        reference = stored.reference
        note(step.context, events.INTAKE_CONSENTED, str(intake.get("theme") or "") or None)
        text = t(
            "intake.stored" if stored.advisor_proposed else "intake.stored_no_room",
            language,
            reference=reference,
            promised=self._promised(state["answers"].get("urgency"), stored, language),
        )
        await step.context.send_activity(MessageFactory.text(text))
        if step.context.activity.channel_id in HANDOFF_CHANNELS:
            # The Bot Framework handoff convention: a contact centre that supports it can
            # take the conversation over, with the intake as its context.
            await step.context.send_activity(
                Activity(type=ActivityTypes.event, name="handoff.initiate", value=intake)
            )
        return await step.end_dialog(reference)

    def _promised(self, urgency: object, stored: StoredIntake, language: str) -> str:
        """When an advisor gets in touch: by the urgency's service level, or later when no
        advisor had room this week; the centre's general term where the urgency is unknown."""
        centre = self._catalogue.centre
        t = self._catalogue.messages.t
        days = centre.service_days.get(str(urgency))
        if not stored.advisor_proposed:
            days = max(days or 0, centre.service_days_no_room)
        if days is None:
            return centre.service_level.in_language(language)
        return (
            t("service.one_day", language)
            if days == 1
            else t("service.days", language, days=str(days))
        )

    async def _change(
        self, step: WaterfallStepContext, state: dict[str, Any], edit: Edit
    ) -> DialogTurnResult:
        """A change typed at the review: made, said, and what would be sent shown again. A
        part changed is no longer left out; a new topic gets the advice that fits it."""
        answers = state["answers"]
        apply(edit, answers)
        if edit.kind == CONTACT_EMAIL:
            state["contact"] = {"preference": "email", "email": edit.text}
        elif edit.kind == CONTACT_PHONE:
            state["contact"] = {"preference": "phone", "phone": edit.text}
        changed_part = {REPLACE: "question", ADD: "question", REPLACE_WORK: "work"}.get(edit.kind)
        state["left_out"] = [part for part in state["left_out"] if part != changed_part]
        if edit.kind == THEME:
            advise_again(self._catalogue, answers)
        t = self._catalogue.messages.t
        await step.context.send_activity(
            MessageFactory.text(t("intake.changed", language_of(step.context)))
        )
        return await step.replace_dialog("intake.review_loop", state)

    def _plainly_not(self, context: TurnContext) -> bool:
        """A button or the option's number, or a message that is only a no or a "niet
        versturen". "sla over" or "weet ik niet" is asked about first: skipping is no wish to
        throw the answers away."""
        text = (context.activity.text or "").strip()
        if isinstance(context.activity.value, dict) or text.isdigit():
            return True
        words = self._catalogue.answers
        cancel = words.option("consent", "cancel").words
        listed = (*words.no.nl, *words.no.en, *cancel.nl, *cancel.en)
        if is_one_of(text, listed):
            return True
        # "actually no. don't send": the words of not sending itself, in a sentence.
        said = Choice("cancel", "", (*cancel.nl, *cancel.en))
        return reader_for(words).read(text, [said], numbers=False).choice == "cancel"

    async def _not_sent(self, step: WaterfallStepContext) -> DialogTurnResult:
        note(step.context, events.INTAKE_DECLINED)
        text = self._catalogue.messages.t("intake.not_sent", language_of(step.context))
        await step.context.send_activity(MessageFactory.text(text))
        return await step.end_dialog(None)

    async def _leave_out(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = step.values["state"]
        if step.values.pop(DISCARD, False):
            if step.result == "discard_yes":
                return await self._not_sent(step)
            return await step.replace_dialog("intake.review_loop", state)
        if isinstance(step.result, Edit):
            return await self._change(step, state, step.result)
        if step.result in (BACK, None):
            return await step.replace_dialog("intake.review_loop", state)
        if isinstance(step.result, str) and step.result.startswith(GONE):
            part = step.result.removeprefix(GONE)
            language = language_of(step.context)
            t = self._catalogue.messages.t
            name = t(f"intake.part.{part}", language).lower()
            text = t("intake.already_left_out", language, part=name)
            await step.context.send_activity(MessageFactory.text(text[:1].upper() + text[1:]))
            return await step.replace_dialog("intake.review_loop", state)
        state["left_out"] = [*state["left_out"], step.result]
        return await step.replace_dialog("intake.review_loop", state)
