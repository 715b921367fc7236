"""Interruptions, in one place for every flow: help, stop, start again, "I want a person" and
a question about a product, at any step, then back to the question that was waiting."""

from __future__ import annotations

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, Dialog, DialogContext
from botbuilder.schema import Activity

from content import Catalogue
from content.catalogue import PRODUCT_TEXT_FIELDS
from dialogs.choices import CHOICE_KEY, is_one_of
from dialogs.prompts import FreeTextPrompt
from dialogs.turn import entity_ids, language_of, top_intent
from insights import events
from insights.events import note

# How sure the NLU must be before a message interrupts the question that is waiting. An answer
# in the employee's own words ("beleidsadviseur") easily sounds like a request, so a free-text
# question needs more certainty; the exact command words in content always interrupt.
INTERRUPT_CONFIDENCE = 0.6
FREE_TEXT_INTERRUPT_CONFIDENCE = 0.9
SHORT_QUESTION_WORDS = 5


def _active_dialogs(dc: DialogContext) -> list[Dialog]:
    """The active dialog at each level, outermost first, down to the waiting prompt.

    botbuilder-python's ComponentDialog is no DialogContainer, so ``dc.child`` does not reach
    inside it; this walks the components' own stacks the way ComponentDialog itself does."""
    found: list[Dialog] = []
    context = dc
    while context.active_dialog is not None:
        active = context.active_dialog
        dialog = context.find_dialog_sync(active.id)
        found.append(dialog)
        if not isinstance(dialog, ComponentDialog):
            break
        inner = active.state.get(ComponentDialog.persisted_dialog_state)
        context = DialogContext(dialog._dialogs, context.context, inner)
    return found


def waiting_prompt(dc: DialogContext) -> Dialog | None:
    """The innermost dialog that is waiting for the employee's answer."""
    active = _active_dialogs(dc)
    return active[-1] if active else None


def waits_for_free_text(dc: DialogContext) -> bool:
    """True when the question waiting is one the employee answers in their own words."""
    return isinstance(waiting_prompt(dc), FreeTextPrompt)


def explain_products(catalogue: Catalogue, context: TurnContext, language: str) -> list[Activity]:
    """One message per product the employee asked about: what it is, for whom, how long, what
    it costs, how to start."""
    explained = []
    for product_id in entity_ids(context, "PRODUCT"):
        note(context, events.ASKED_ABOUT, product_id)
        product = catalogue.products[product_id]
        texts = {name: getattr(product, name).in_language(language) for name in PRODUCT_TEXT_FIELDS}
        explained.append(
            MessageFactory.text(catalogue.messages.t("product.explain", language, **texts))
        )
    return explained


class Interruptions:
    """Handles a message that is not an answer but a request about the conversation itself."""

    def __init__(self, catalogue: Catalogue, main_dialog_id: str, intake_dialog_id: str) -> None:
        self._catalogue = catalogue
        self._main = main_dialog_id
        self._intake = intake_dialog_id

    def _command(self, text: str | None) -> str | None:
        """The intent of an exact command word ("help", "stop", "opnieuw"), in either language."""
        for intent, words in self._catalogue.orientation.commands.items():
            if is_one_of(text, [*words.nl, *words.en]):
                return intent
        return None

    async def handle(self, dc: DialogContext) -> bool:
        """True when the message was an interruption and has been dealt with."""
        activity = dc.context.activity
        if isinstance(activity.value, dict) and CHOICE_KEY in activity.value:
            return False  # a button press is always an answer
        intent, confidence = top_intent(dc.context)
        command = self._command(activity.text)
        if command is not None:
            intent, confidence = command, 1.0
        free_text = waits_for_free_text(dc)
        needed = FREE_TEXT_INTERRUPT_CONFIDENCE if free_text else INTERRUPT_CONFIDENCE
        text = (activity.text or "").strip()
        if (
            intent == "product_info"
            and entity_ids(dc.context, "PRODUCT")
            and (text.endswith("?") or len(text.split()) <= SHORT_QUESTION_WORDS)
        ):
            needed = INTERRUPT_CONFIDENCE  # "wat is de tma?" is a question, not an answer
        if confidence < needed:
            return False
        language = language_of(dc.context)
        t = self._catalogue.messages.t
        if intent == "cancel":
            await dc.cancel_all_dialogs()
            await dc.context.send_activity(MessageFactory.text(t("interrupt.cancel", language)))
            return True
        if intent == "restart":
            await dc.cancel_all_dialogs()
            await dc.context.send_activity(MessageFactory.text(t("interrupt.restart", language)))
            await dc.begin_dialog(self._main)
            return True
        if intent == "greeting":
            pass  # a hello in the middle: just ask the waiting question again
        elif intent == "help":
            await dc.context.send_activity(MessageFactory.text(t("interrupt.help", language)))
        elif intent == "human_handoff":
            if any(dialog.id == self._intake for dialog in _active_dialogs(dc)):
                pass  # already on the way to an advisor: ask the waiting question again
            else:
                await dc.cancel_all_dialogs()
                text = t("interrupt.handoff", language)
                await dc.context.send_activity(MessageFactory.text(text))
                await dc.begin_dialog(self._intake)
                return True
        elif intent == "product_info" and entity_ids(dc.context, "PRODUCT"):
            await dc.context.send_activities(
                explain_products(self._catalogue, dc.context, language)
            )
        else:
            return False
        await dc.reprompt_dialog()
        return True
