"""Interruptions, in one place for every flow: help, stop, start again, "I want a person" and
a question about a product, at any step, then back to the question that was waiting."""

from __future__ import annotations

from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogContext

from content import Catalogue
from dialogs.choices import CHOICE_KEY
from dialogs.turn import entity_ids, language_of, top_intent

# How sure the NLU must be before a message interrupts the question that is waiting.
INTERRUPT_CONFIDENCE = 0.6


def explain_product(catalogue: Catalogue, product_id: str, language: str) -> str:
    product = catalogue.products[product_id]
    fields = ("name", "summary", "for_whom", "duration", "cost", "how_to_start")
    texts = {name: getattr(product, name).in_language(language) for name in fields}
    return catalogue.messages.t("product.explain", language, **texts)


class Interruptions:
    """Handles a message that is not an answer but a request about the conversation itself."""

    def __init__(self, catalogue: Catalogue, main_dialog_id: str) -> None:
        self._catalogue = catalogue
        self._main = main_dialog_id

    async def handle(self, dc: DialogContext) -> bool:
        """True when the message was an interruption and has been dealt with."""
        activity = dc.context.activity
        if isinstance(activity.value, dict) and CHOICE_KEY in activity.value:
            return False  # a button press is always an answer
        intent, confidence = top_intent(dc.context)
        if confidence < INTERRUPT_CONFIDENCE:
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
            await dc.context.send_activity(MessageFactory.text(t("interrupt.handoff", language)))
        elif intent == "product_info" and entity_ids(dc.context, "PRODUCT"):
            await dc.context.send_activities(
                [
                    MessageFactory.text(explain_product(self._catalogue, product, language))
                    for product in entity_ids(dc.context, "PRODUCT")
                ]
            )
        else:
            return False
        await dc.reprompt_dialog()
        return True
