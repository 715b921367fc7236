"""KoersBot: receives every activity, says hello, runs the conversation flows, and keeps the
conversation's state in SQL.

Per message: the NLU recognises language, intent and entities; Koers follows the employee into
Dutch or English; an interruption (help, stop, start again, a person, a product question) is
handled in one place; otherwise the waiting question gets its answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from botbuilder.core import (
    ActivityHandler,
    ConversationState,
    MessageFactory,
    Recognizer,
    TurnContext,
    UserState,
)
from botbuilder.dialogs import DialogContext, DialogSet
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    InvokeResponse,
    ResourceResponse,
)

from bot.advisor_channel import AdvisorChannel
from bot.teams import (
    bot_was_added,
    conversation_kind,
    first_name,
    identity,
    in_teams,
    show_typing,
    strip_mentions,
)
from content import LANGUAGES, Catalogue
from dialogs.choices import Choice, read, render
from dialogs.data_rights import ERASED_KEY, DataRights
from dialogs.intake import IntakeDialog, SaveIntake
from dialogs.interruptions import Interruptions, explain_products, waits_for_free_text
from dialogs.main_dialog import ChartUrl, MainDialog
from dialogs.memory import ConversationMemory
from dialogs.orientation import WANTS_PERSON
from dialogs.prompts import HANDOFF_KEY
from dialogs.sensitive import STOP_TOPICS, SensitiveTopics, care_message
from dialogs.turn import (
    CARE_GIVEN_KEY,
    IDENTITY_KEY,
    LANGUAGE_KEY,
    RECOGNIZER_RESULT_KEY,
    entity_ids,
    top_intent,
)
from insights.events import Journeys
from nlu.answers import reader_for, tokens
from nlu.language import SHORT_OTHER_WORDS
from nlu.recognizer import LANGUAGE_HINT_KEY
from server.clock import or_now

# How sure the NLU must be that a first message asks for a person.
FIRST_HANDOFF_CONFIDENCE = 0.6
# After this long away, Koers asks whether to continue where the employee was.
RESUME_AFTER = timedelta(hours=8)
# "Can we continue in English?" is a request to switch; a longer message is about something else.
MAX_SWITCH_WORDS = 14
BARE_SWITCH_WORDS = 3
# What the recogniser reports for a message in neither Dutch nor English.
OTHER_LANGUAGE = "other"
# Messages that need a short answer, not a new round of questions, once a flow has ended.
_SMALL_TALK = {
    "thanks": "small_talk.thanks",
    "goodbye": "small_talk.goodbye",
    "affirm": "small_talk.idle",
    "deny": "small_talk.idle",
}


class KoersBot(ActivityHandler):
    """Routes activities and saves the conversation's and user's state at the end of each turn."""

    def __init__(
        self,
        catalogue: Catalogue,
        conversation_state: ConversationState,
        user_state: UserState,
        save_intake: SaveIntake,
        recognizer: Recognizer | None = None,
        clock: Callable[[], datetime] | None = None,
        chart_url: ChartUrl | None = None,
        advisor_channel: AdvisorChannel | None = None,
        data_rights: Callable[[ConversationMemory], DataRights] | None = None,
        journeys: Journeys | None = None,
    ) -> None:
        super().__init__()
        self._advisor_channel = advisor_channel
        self._journeys = journeys
        self._clock = or_now(clock)
        self._catalogue = catalogue
        self._messages = catalogue.messages
        self._conversation_state = conversation_state
        self._user_state = user_state
        self._memory = ConversationMemory(conversation_state)
        self._rights = data_rights(self._memory) if data_rights is not None else None
        self._recognizer = recognizer
        self._dialogs = DialogSet(conversation_state.create_property("DialogState"))
        self._interruptions = Interruptions(
            catalogue,
            MainDialog.__name__,
            IntakeDialog.__name__,
            conversation_state.create_property("KoersTalk"),
        )
        noted = self._interruptions.noted_questions
        # One recognition of sensitive topics (the catalogue stemmed once) serves every turn and
        # both intakes.
        self._sensitive = SensitiveTopics(catalogue)
        main = MainDialog(catalogue, save_intake, self._clock, chart_url, noted, self._sensitive)
        # Straight to an advisor, from any point: the intake on its own.
        intake = IntakeDialog(catalogue, save_intake, self._clock, noted, self._sensitive)
        self._dialogs.add(main)
        self._dialogs.add(intake)
        self._main_id: str = main.id
        self._intake_id: str = intake.id

    @property
    def understands(self) -> bool:
        """Whether the NLU is loaded (tests may run Koers without one)."""
        return self._recognizer is not None

    async def on_turn(self, turn_context: TurnContext) -> None:
        turn_context.on_send_activities(self._never_twice)
        await super().on_turn(turn_context)
        if turn_context.turn_state.get(ERASED_KEY):
            return  # the employee's data was erased this turn: nothing is written back
        if self._journeys is not None:  # the turn's anonymous insight events
            await self._journeys.flush(turn_context, turn_context.turn_state.get(LANGUAGE_KEY))
        # Saved only when the turn succeeded: a failed turn leaves the stored state as it was.
        await self._conversation_state.save_changes(turn_context)
        await self._user_state.save_changes(turn_context)

    async def _never_twice(
        self,
        context: TurnContext,
        activities: list[Activity],
        send: Callable[[], Awaitable[list[ResourceResponse]]],
    ) -> list[ResourceResponse]:
        """Koers never sends the same message twice in a row to an employee: a message equal
        to the one just before it says that it asks again. (A team channel is no
        conversation with one person: the same answer to two advisors is fine there.)"""
        if conversation_kind(context) != "personal":
            return await send()
        for activity in activities:
            if activity.type != ActivityTypes.message or not activity.text:
                continue
            fingerprint = hashlib.sha256(activity.text.encode()).hexdigest()[:16]
            if fingerprint == await self._memory.said_last(context):
                language = str(context.turn_state.get(LANGUAGE_KEY) or "nl")
                activity.text = f"{self._messages.t('repair.again', language)} {activity.text}"
                fingerprint = hashlib.sha256(activity.text.encode()).hexdigest()[:16]
            await self._memory.set_said_last(context, fingerprint)
        return await send()

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        if conversation_kind(turn_context) != "personal":
            return  # a team or a group chat: no employee conversation there
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        someone_joined = any(member.id != bot_id for member in members_added)
        # In Teams, installing the app adds only Koers itself to the personal chat.
        installed = in_teams(turn_context) and bot_was_added(turn_context)
        if (someone_joined or installed) and await self._greet_once(turn_context):
            turn_context.turn_state[LANGUAGE_KEY] = await self._memory.language(turn_context)
            await (await self._dialogs.create_context(turn_context)).begin_dialog(self._main_id)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        strip_mentions(turn_context)
        kind = conversation_kind(turn_context)
        if kind == "channel":
            if self._advisor_channel is not None:
                await self._advisor_channel.handle(turn_context)
            return
        if kind != "personal":
            language = await self._memory.language(turn_context)
            text = self._messages.t("teams.personal_only", language)
            await turn_context.send_activity(MessageFactory.text(text))
            return
        await show_typing(turn_context)
        if in_teams(turn_context):
            turn_context.turn_state[IDENTITY_KEY] = identity
        away = await self._memory.away_since(turn_context, self._clock())
        if await self._switched_language(turn_context):
            return
        language = await self._understand(turn_context)
        if language == OTHER_LANGUAGE:
            await self._greet_once(turn_context)
            t = self._messages.t
            both = f"{t('language.other', 'nl')}\n\n{t('language.other', 'en')}"
            await turn_context.send_activity(MessageFactory.text(both))
            return
        turn_context.turn_state[LANGUAGE_KEY] = language
        dc = await self._dialogs.create_context(turn_context)
        greeted_now = await self._greet_once(turn_context)
        rights = self._rights
        if rights is not None and await rights.handle(dc, waits_for_free_text(dc), greeted_now):
            if (
                greeted_now
                and dc.active_dialog is None
                and not turn_context.turn_state.get(ERASED_KEY)
            ):
                # "Who gets to see what I type here?" first: answered, then the first question.
                await dc.begin_dialog(self._main_id)
            return
        if await self._show_care(turn_context, language):
            await dc.cancel_all_dialogs()  # no questions now; the employee can come back later
            return
        if greeted_now:
            await self._begin(dc, self._first_dialog(turn_context))
            return
        if dc.active_dialog is not None:
            if await self._resumed(dc, language, away):
                return
            if not await self._interruptions.handle(dc):
                await dc.continue_dialog()
                if turn_context.turn_state.get(HANDOFF_KEY):
                    await self._interruptions.hand_off(dc)
            return
        await self._between_flows(dc, language)

    async def _begin(self, dc: DialogContext, dialog_id: str) -> None:
        """Start a flow; the conversation's first message is read as the first answer (an
        employee who opens with their whole question is not asked what it is about)."""
        options = {"opening": True} if dialog_id == self._main_id else {WANTS_PERSON: True}
        await dc.begin_dialog(dialog_id, options)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        """Teams' answer to the file card of "exporteer mijn gegevens"."""
        if self._rights is not None and DataRights.is_file_consent(turn_context.activity):
            return await self._rights.file_consent(turn_context)
        # botbuilder answers an invoke it does not know with 501; a channel (or anyone) sending
        # one Koers does not offer gets a plain refusal instead.
        return InvokeResponse(status=400, body={"error": "Koers does not handle this invoke"})

    async def _switched_language(self, turn_context: TurnContext) -> bool:
        """On "English please" or "Nederlands graag": switch, say so, ask the question again."""
        language = self._asked_language(turn_context.activity.text)
        if language is None:
            return False
        await self._memory.set_language(turn_context, language, chosen=True)
        turn_context.turn_state[LANGUAGE_KEY] = language
        await self._greet_once(turn_context)
        text = self._messages.t("language.switched", language)
        await turn_context.send_activity(MessageFactory.text(text))
        dc = await self._dialogs.create_context(turn_context)
        if dc.active_dialog is not None:
            await dc.reprompt_dialog()
        else:
            await dc.begin_dialog(self._main_id)
        return True

    def _asked_language(self, text: str | None) -> str | None:
        """The language asked for: "English please", "can we continue in English?". A bare
        language name counts only as a message of its own ("ik werk met Engelse collega's"
        asks for nothing)."""
        switch = self._catalogue.orientation.language_switch
        typed = [word for word in tokens(text or "") if word[0].isalnum()]
        if not typed or len(typed) > MAX_SWITCH_WORDS:
            return None
        options = [
            Choice(
                lang,
                "",  # no label: "en" is also a Dutch word
                tuple(
                    phrase
                    for phrase in switch.in_language(lang)
                    if len(typed) <= BARE_SWITCH_WORDS or len(phrase.split()) > 1
                ),
            )
            for lang in LANGUAGES
        ]
        return reader_for(self._catalogue.answers).read(text, options, numbers=False).choice

    async def _resumed(self, dc: DialogContext, language: str, away: timedelta | None) -> bool:
        """After a long absence, ask whether to continue; handle the answer. True if handled."""
        context = dc.context
        t = self._messages.t
        words = self._catalogue.answers
        options = [
            Choice("continue", t("resume.continue", language), means="yes"),
            Choice("restart", t("resume.restart", language), means="no"),
        ]
        if await self._memory.resume_pending(context):
            resume = words.questions.get("resume", {})
            listed = [
                Choice(o.id, o.label, (*resume[o.id].words.nl, *resume[o.id].words.en), o.means)
                if o.id in resume
                else o
                for o in options
            ]
            picked = read(context.activity, listed, words).choice
            intent, _ = top_intent(context)
            choice = picked or {"affirm": "continue", "deny": "restart"}.get(intent or "")
            if choice is None:
                return False  # not an answer to "continue?": treat it as an answer to the flow
            await self._memory.set_resume_pending(context, False)
            if choice == "continue":
                await dc.reprompt_dialog()
            else:
                await dc.cancel_all_dialogs()
                await dc.begin_dialog(self._main_id)
            return True
        if away is None or away < RESUME_AFTER:
            return False
        await self._memory.set_resume_pending(context, True)
        hint = t("choice.hint", language)
        question = t("resume.ask", language)
        await context.send_activity(render(question, options, context.activity.channel_id, hint))
        return True

    async def _show_care(self, turn_context: TurnContext, language: str) -> bool:
        """Answer the sensitive topics of this message in one caring message, each topic once
        per conversation (a crisis every time); True when questions must pause (a crisis)."""
        findings = self._sensitive.find(turn_context.activity.text)
        new = [
            f
            for f in findings
            if await self._memory.first_time_for(turn_context, f.topic.id)
            or f.topic.id in STOP_TOPICS
        ]
        if not new:
            return False
        reply = care_message(new, lambda text: self._messages.fill(text, language))
        await turn_context.send_activity(MessageFactory.text(reply))
        # The waiting question is asked again plainly after the caring words, without a repair.
        turn_context.turn_state[CARE_GIVEN_KEY] = True
        return any(finding.topic.id in STOP_TOPICS for finding in new)

    def _first_dialog(self, turn_context: TurnContext) -> str:
        """A first message asking for a person goes straight to the intake."""
        intent, confidence = top_intent(turn_context)
        wants_person = intent == "human_handoff" and confidence >= FIRST_HANDOFF_CONFIDENCE
        return self._intake_id if wants_person else self._main_id

    async def _between_flows(self, dc: DialogContext, language: str) -> None:
        """No question is waiting: answer thanks or goodbye briefly, else start the flow."""
        intent, _ = top_intent(dc.context)
        products = entity_ids(dc.context, "PRODUCT")
        if intent == "product_info" and products:
            await dc.context.send_activities(
                explain_products(self._catalogue, dc.context, language)
            )
            return
        if self._first_dialog(dc.context) == self._intake_id:
            await self._begin(dc, self._intake_id)
            return
        if intent in _SMALL_TALK:
            text = self._messages.t(_SMALL_TALK[intent], language)
            await dc.context.send_activity(MessageFactory.text(text))
            return
        await self._begin(dc, self._main_id)

    async def _understand(self, turn_context: TurnContext) -> str:
        """Recognise the message; follow the user into Dutch or English; return its language."""
        conversation_language = await self._memory.language(turn_context)
        if self._recognizer is None:
            return conversation_language
        turn_context.turn_state[LANGUAGE_HINT_KEY] = conversation_language
        result = await self._recognizer.recognize(turn_context)
        turn_context.turn_state[RECOGNIZER_RESULT_KEY] = result
        language = str((result.properties or {}).get("language", conversation_language))
        # Koers follows an employee who writes in the other language; once the conversation
        # is under way, a short answer ("yes lets do it", "no rush") is no reason to switch.
        under_way = await self._memory.greeted(turn_context)
        short = len((turn_context.activity.text or "").split()) <= SHORT_OTHER_WORDS
        if (
            language in LANGUAGES
            and language != conversation_language
            and not (under_way and short)
            and not await self._memory.language_chosen(turn_context)
        ):
            await self._memory.set_language(turn_context, language)
            return language
        return conversation_language if language in LANGUAGES else language

    async def _greet_once(self, turn_context: TurnContext) -> bool:
        """Greet if this conversation has not been greeted yet; True when it greeted now."""
        if await self._memory.greeted(turn_context):
            return False
        language = await self._memory.language(turn_context)
        t = self._messages.t
        name = await first_name(turn_context)
        greeting = (
            t("welcome.greeting_named", language, name=name)
            if name
            else t("welcome.greeting", language)
        )
        await turn_context.send_activities(
            [
                MessageFactory.text(f"{greeting} {t('welcome.purpose', language)}"),
                MessageFactory.text(
                    f"{t('welcome.privacy', language)} {t('welcome.status', language)}"
                ),
            ]
        )
        await self._memory.mark_greeted(turn_context)
        return True
