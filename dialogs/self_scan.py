"""The self-scan: the employee's top 3 drivers (what gives energy) and top 3 talents (what they
are good at), one question at a time with visible progress ("vraag 3 van 6").

Each question shows the options not chosen yet, with their one-line descriptions. Free text goes
through the NLU: Koers says what it understood and asks to confirm ("Ik hoor: vrijheid en
afwisseling. Klopt dat?"); what the employee says they do not want is never added, and drops out
of the options.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import PromptOptions

from content import Catalogue, Entry
from dialogs.choices import Choice
from dialogs.prompts import ChoicePrompt, yes_no_understanding
from dialogs.turn import language_of, recognized

PICKS = 3
KINDS = (("drivers", "DRIVER", "scan.driver"), ("talents", "TALENT", "scan.talent"))
TOTAL = PICKS * len(KINDS)
PICK, CONFIRM = "scan.pick", "scan.confirm"
AGAIN = "again"


def _heard(context: TurnContext, label: str) -> tuple[list[str], list[str]]:
    """The ids the employee said they want (or are good at), and the ones they said not."""
    result = recognized(context)
    found = (result.entities or {}).get(label, []) if result is not None else []
    wanted = [str(item["id"]) for item in found if not item.get("negated")]
    unwanted = [str(item["id"]) for item in found if item.get("negated")]
    return list(dict.fromkeys(wanted)), list(dict.fromkeys(unwanted))


class SelfScanDialog(ComponentDialog):
    """Ends with {"drivers": [...], "talents": [...]}: up to three ids each, most important
    first."""

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__(SelfScanDialog.__name__)
        self._catalogue = catalogue

        def entries(kind: str) -> dict[str, Entry]:
            return dict(catalogue.drivers if kind == "drivers" else catalogue.talents)

        def options_left(language: str, options: PromptOptions) -> list[Choice]:
            state: dict[str, Any] = options.validations["state"]
            kind = KINDS[state["kind"]][0]
            taken = set(state[kind]) | set(state["not_" + kind])
            return [
                Choice(
                    entry_id,
                    f"{entry.name.in_language(language)}: "
                    f"{entry.description.in_language(language)}",
                    (entry.name.in_language(language),),
                )
                for entry_id, entry in entries(kind).items()
                if entry_id not in taken
            ]

        def understand(context: TurnContext, options: PromptOptions) -> object | None:
            state: dict[str, Any] = options.validations["state"]
            wanted, unwanted = _heard(context, KINDS[state["kind"]][1])
            return {"heard": wanted, "not": unwanted} if wanted or unwanted else None

        def yes_no(language: str, _options: PromptOptions) -> list[Choice]:
            t = catalogue.messages.t
            return [
                Choice("yes", t("scan.yes", language), means="yes"),
                Choice("no", t("scan.no", language), means="no"),
            ]

        self.add_dialog(
            ChoicePrompt(
                PICK,
                catalogue,
                "scan.question",
                options_left,
                skippable=True,
                understand=understand,
                understand_first=True,
            )
        )
        self.add_dialog(
            ChoicePrompt(
                CONFIRM,
                catalogue,
                "scan.confirm",
                yes_no,
                understand=yes_no_understanding(),
                params_for=self._heard_words,
            )
        )
        self.add_dialog(WaterfallDialog("scan.steps", [self._ask, self._heard, self._record]))
        self.initial_dialog_id = "scan.steps"

    def _state(self, step: WaterfallStepContext) -> dict[str, Any]:
        if "state" not in step.values:
            given = step.options if isinstance(step.options, dict) else {}
            step.values["state"] = given or {
                "kind": 0,
                "drivers": [],
                "talents": [],
                "not_drivers": [],
                "not_talents": [],
            }
        state: dict[str, Any] = step.values["state"]
        return state

    def _question_params(self, step: WaterfallStepContext, state: dict[str, Any]) -> dict[str, str]:
        kind, _, key = KINDS[state["kind"]]
        number = state["kind"] * PICKS + len(state[kind]) + 1
        language = language_of(step.context)
        t = self._catalogue.messages.t
        ask = t(f"{key}.first" if not state[kind] else f"{key}.next", language)
        return {"number": str(number), "total": str(TOTAL), "ask": ask}

    async def _ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = self._state(step)
        return await step.prompt(
            PICK,
            PromptOptions(
                validations={"state": state, "params": self._question_params(step, state)}
            ),
        )

    async def _heard(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = self._state(step)
        answer = step.result
        if not isinstance(answer, dict):
            return await step.next(answer)  # a clicked or typed option: no need to confirm
        kind = KINDS[state["kind"]][0]
        state["not_" + kind] = list(dict.fromkeys([*state["not_" + kind], *answer["not"]]))
        new = [found for found in answer["heard"] if found not in state[kind]]
        if not new:
            if answer["heard"]:  # named again: say so, so the question does not just repeat
                language = language_of(step.context)
                names = self._heard_words(
                    language, PromptOptions(validations={"kind": kind, "heard": answer["heard"]})
                )["heard"]
                text = self._catalogue.messages.t("scan.already_chosen", language, heard=names)
                await step.context.send_activity(MessageFactory.text(text[:1].upper() + text[1:]))
            return await step.next(AGAIN)  # only what they do not want: noted, ask again
        step.values["pending"] = new
        return await step.prompt(CONFIRM, PromptOptions(validations={"kind": kind, "heard": new}))

    def _heard_words(self, language: str, options: PromptOptions) -> dict[str, str]:
        """What Koers heard, in the language the confirmation is asked in."""
        kind, ids = options.validations["kind"], options.validations["heard"]
        names = [self._name(kind, found, language) for found in ids]
        joiner = " en " if language == "nl" else " and "
        heard = joiner.join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        return {"heard": heard}

    def _name(self, kind: str, entry_id: str, language: str) -> str:
        entries = self._catalogue.drivers if kind == "drivers" else self._catalogue.talents
        return entries[entry_id].name.in_language(language).lower()

    async def _record(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = self._state(step)
        kind = KINDS[state["kind"]][0]
        result = step.result
        if result is None:
            state["kind"] += 1  # "sla over": on to the next series
        else:
            if result == "yes":
                state[kind] += step.values.get("pending", [])
            elif result not in {"no", AGAIN}:
                state[kind].append(result)
            state[kind] = state[kind][:PICKS]
            if len(state[kind]) >= PICKS:
                state["kind"] += 1
        if state["kind"] >= len(KINDS):
            return await step.end_dialog({"drivers": state["drivers"], "talents": state["talents"]})
        return await step.replace_dialog("scan.steps", state)
