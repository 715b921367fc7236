"""The employee's rights over their data, in the chat, at any moment and in both languages:
"wat weet je van mij?" (show), "exporteer mijn gegevens" (export), "verwijder mijn gegevens"
(delete, after a confirmation) and "privacy" (the statement). A question about privacy that
names none of these ("who gets to see what I type here?") is answered in short: what Koers
keeps, for how long, and who sees it. Another message about privacy that names none gets the
four as choices.

Like "continue where you were?", the menu and the confirmation wait in the conversation's memory,
not on the dialog stack: the question the flow was asking stays where it was and is asked again
afterwards (except after an erasure, when there is nothing left to ask).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import DialogContext
from botbuilder.schema import Activity, InvokeResponse

from content import Catalogue
from content.catalogue import RIGHTS
from dialogs.choices import Choice, is_one_of, match, normalise, render
from dialogs.memory import ConversationMemory
from dialogs.not_answers import is_question
from dialogs.turn import language_of, top_intent, yes_or_no
from privacy.employee import Employee, conversation_of
from rights.export_links import ExportLinks
from rights.records import PersonalRecords
from rights.teams_files import FILE_CONSENT_INVOKE, UploadFailed, consent_card, info_card, upload

# Put in turn_state when the employee's data was erased this turn: nothing may be saved after.
ERASED_KEY = "koers.erased"
PRIVACY_INTENT = "privacy_request"
INTENT_CONFIDENCE = 0.6
FREE_TEXT_INTENT_CONFIDENCE = 0.9
# A privacy question that names no right gets the menu only when the NLU is this sure: a
# message about a manager or a colleague can sound like one about "my data".
MENU_CONFIDENCE = 0.85
MENU, CONFIRM_DELETE = "menu", "delete"
# A question about privacy that names no right: answered with what Koers keeps and who sees it.
ASKED = "asked"
DELETE_YES, DELETE_NO = "privacy_delete_yes", "privacy_delete_no"
EXPORT_CONTEXT = {"koers": "export"}
_INTAKE_PARTS = ("question", "context", "profile", "products", "contact")


class DataRights:
    def __init__(
        self,
        catalogue: Catalogue,
        memory: ConversationMemory,
        records: PersonalRecords,
        links: ExportLinks,
        clock: Callable[[], datetime],
    ) -> None:
        self._catalogue = catalogue
        self._memory = memory
        self._records = records
        self._links = links
        self._clock = clock

    def requested(self, context: TurnContext, free_text_waiting: bool) -> str | None:
        """The right asked for ("show", "export", "delete", "statement"), "menu" for a privacy
        question that names none, or None when the message is about something else."""
        privacy = self._catalogue.privacy
        text = context.activity.text
        for right in RIGHTS:
            words = privacy.requests[right]
            if is_one_of(text, [*words.nl, *words.en]):
                return right
        intent, confidence = top_intent(context)
        needed = FREE_TEXT_INTENT_CONFIDENCE if free_text_waiting else INTENT_CONFIDENCE
        if intent != PRIVACY_INTENT or confidence < needed:
            return None
        typed = normalise(text or "")
        for right, words in privacy.request_words.items():
            for word in (*words.nl, *words.en):
                if re.search(rf"(?<!\w){re.escape(normalise(word))}", typed):
                    return right
        if confidence < max(needed, MENU_CONFIDENCE):
            return None
        return ASKED if is_question(text) else MENU

    async def handle(
        self, dc: DialogContext, free_text_waiting: bool, greeted_now: bool = False
    ) -> bool:
        """Answer a request about the employee's data, or their answer to the menu or the
        confirmation; True when the message was one of those. A question about privacy in the
        first message is answered by the welcome just sent: nothing more is said."""
        context = dc.context
        pending = await self._memory.privacy_pending(context)
        if pending is not None:
            await self._memory.set_privacy_pending(context, None)
            answer = self._answer_to(pending, context)
            if answer is not None:
                await self._act(dc, answer)
                return True
        right = self.requested(context, free_text_waiting)
        if right is None:
            return False
        if not (right == ASKED and greeted_now):
            await self._act(dc, right)
        return True

    def _menu(self, language: str) -> list[Choice]:
        t = self._catalogue.messages.t
        return [Choice(right, t(f"privacy.option.{right}", language)) for right in RIGHTS]

    def _confirmation(self, language: str) -> list[Choice]:
        t = self._catalogue.messages.t
        return [
            Choice(DELETE_YES, t("privacy.delete.yes", language), means="yes"),
            Choice(DELETE_NO, t("privacy.delete.no", language), means="no"),
        ]

    def _answer_to(self, pending: str, context: TurnContext) -> str | None:
        language = language_of(context)
        if pending == MENU:
            picked = match(context.activity, self._menu(language), self._catalogue.answers)
            return picked.id if picked else None
        picked = match(context.activity, self._confirmation(language), self._catalogue.answers)
        if picked is not None:
            return picked.id
        said = yes_or_no(context)
        return None if said is None else (DELETE_YES if said else DELETE_NO)

    async def _act(self, dc: DialogContext, answer: str) -> None:
        context = dc.context
        language = language_of(context)
        t = self._catalogue.messages.t
        hint = t("choice.hint", language)
        if answer == MENU:
            await self._memory.set_privacy_pending(context, MENU)
            question = t("privacy.menu", language)
            await context.send_activity(
                render(question, self._menu(language), context.activity.channel_id, hint)
            )
            return
        if answer == "delete":
            await self._memory.set_privacy_pending(context, CONFIRM_DELETE)
            question = t("privacy.delete.confirm", language)
            await context.send_activity(
                render(question, self._confirmation(language), context.activity.channel_id, hint)
            )
            return
        if answer == DELETE_YES:
            await self._erase(dc, language)
            return
        if answer == DELETE_NO:
            await context.send_activity(MessageFactory.text(t("privacy.kept", language)))
        elif answer == ASKED:
            await context.send_activity(MessageFactory.text(t("welcome.privacy", language)))
        elif answer == "statement":
            await context.send_activity(MessageFactory.text(self.statement(language)))
        elif answer == "show":
            await context.send_activity(MessageFactory.text(await self._summary(context)))
        elif answer == "export":
            await self._export(context, language)
        if dc.active_dialog is not None:
            await dc.reprompt_dialog()

    def statement(self, language: str) -> str:
        """The whole privacy statement, as the chat shows it."""
        privacy = self._catalogue.privacy
        fill = self._catalogue.messages.fill
        parts = [fill(privacy.title, language)]
        parts += [fill(section, language) for section in privacy.sections]
        return "\n\n".join(parts)

    async def _summary(self, context: TurnContext) -> str:
        language = language_of(context)
        t = self._catalogue.messages.t
        employee = Employee.of(context.activity)
        conversation_id = conversation_of(context.activity)
        lines = [t("privacy.show.intro", language)]
        if employee is not None:
            found = await self._records.summary(employee, conversation_id)
            if found.messages:
                lines.append(
                    t(
                        "privacy.show.conversations",
                        language,
                        conversations=t(
                            "privacy.show.one_conversation"
                            if found.web_conversations == 1
                            else "privacy.show.many_conversations",
                            language,
                            count=str(found.web_conversations),
                        ),
                        messages=str(found.messages),
                    )
                )
            lines.append(t("privacy.show.state", language))
            for row in found.intakes:
                lines.append(self._intake_line(row, language))
        else:
            lines.append(t("privacy.show.state", language))
        lines.append(t("privacy.show.more", language))
        return "\n".join(lines)

    def _intake_line(self, row: Any, language: str) -> str:
        t = self._catalogue.messages.t
        intake = json.loads(row.data)
        present = ["theme", *(part for part in _INTAKE_PARTS if intake.get(part))]
        if "text" not in intake.get("question", {}):
            present.remove("question")
        parts = ", ".join(t(f"privacy.part.{part}", language) for part in present)
        return t(
            "privacy.show.intake",
            language,
            reference=row.reference,
            date=datetime.fromisoformat(intake["created_at"]).strftime("%d-%m-%Y"),
            status=t(f"privacy.status.{row.status}", language),
            parts=parts,
        )

    async def _export(self, context: TurnContext, language: str) -> None:
        t = self._catalogue.messages.t
        employee = Employee.of(context.activity)
        conversation_id = conversation_of(context.activity)
        if employee is None:
            await context.send_activity(MessageFactory.text(t("privacy.show.nothing", language)))
            return
        if context.activity.channel_id == "msteams":
            content = await self._records.export_file(employee, conversation_id, self._clock())
            card = consent_card(
                self.file_name(),
                len(content),
                t("privacy.export.file", language),
                EXPORT_CONTEXT,
            )
            offer = MessageFactory.attachment(card)
            offer.text = t("privacy.export.teams", language)
            await context.send_activity(offer)
            return
        url = await self._links.url(employee, conversation_id)
        text = t("privacy.export.link", language, url=url, minutes=str(self._links.minutes))
        await context.send_activity(MessageFactory.text(text))

    def file_name(self) -> str:
        return f"{self._catalogue.centre.bot_name.lower()}-gegevens-{self._clock():%Y%m%d}.json"

    async def file_consent(self, context: TurnContext) -> InvokeResponse:
        """Teams' answer to the file card: upload on "allow", say so either way."""
        language = await self._memory.language(context)
        t = self._catalogue.messages.t
        value = context.activity.value if isinstance(context.activity.value, dict) else {}
        employee = Employee.of(context.activity)
        if value.get("action") != "accept" or employee is None:
            await context.send_activity(MessageFactory.text(t("privacy.export.declined", language)))
            return InvokeResponse(status=200)
        found = value.get("uploadInfo")
        info: dict[str, Any] = found if isinstance(found, dict) else {}
        conversation_id = conversation_of(context.activity)
        try:
            await upload(
                str(info.get("uploadUrl", "")),
                await self._records.export_file(employee, conversation_id, self._clock()),
            )
        except UploadFailed:
            await context.send_activity(MessageFactory.text(t("error.apology", language)))
            return InvokeResponse(status=200)
        sent = MessageFactory.attachment(info_card(info))
        sent.text = t("privacy.export.sent", language)
        await context.send_activity(sent)
        return InvokeResponse(status=200)

    @staticmethod
    def is_file_consent(activity: Activity) -> bool:
        return bool(activity.name == FILE_CONSENT_INVOKE)

    async def _erase(self, dc: DialogContext, language: str) -> None:
        context = dc.context
        employee = Employee.of(context.activity)
        conversation_id = conversation_of(context.activity)
        if employee is not None:
            await self._records.erase(employee, conversation_id, self._clock(), "employee")
        context.turn_state[ERASED_KEY] = True
        text = self._catalogue.messages.t("privacy.deleted", language)
        await context.send_activity(MessageFactory.text(text))
