"""The self-scan: the employee's top 3 drivers (what gives energy) and top 3 talents (what they
are good at), one question at a time with visible progress ("vraag 3 van 6").

Each question shows the options not chosen yet, with their one-line descriptions. Free text goes
through the NLU. Koers says what it understood and goes on ("Ik noteer: vrijheid en afwisseling.
Klopt dat niet? Typ dan 'nee'."): one small step of six is not worth a question of its own, the
next question takes a "nee" or "niet afwisseling" that undoes it, and the top 3s are shown before
anything is sent. What the employee says they do not want is never added, drops out of the
options, and is taken out again when it was noted before.
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

from content import LANGUAGES, Catalogue, Entry
from dialogs.choices import Choice, read
from dialogs.prompts import ChoicePrompt
from dialogs.turn import language_of, recognized
from nlu.answers import Reading
from nlu.likeness import Likeness

PICKS = 3
KINDS = (("drivers", "DRIVER", "scan.driver"), ("talents", "TALENT", "scan.talent"))
KINDS_BY_NAME = tuple((kind, label) for kind, label, _ in KINDS)
TOTAL = PICKS * len(KINDS)
PICK = "scan.pick"
AGAIN = "again"
# In the scan's state: what was noted from the last answer in the employee's words, which the
# next answer may undo ({"kind": "drivers", "ids": [...]}).
NOTED = "noted"
# After "Klopt dat niet? Typ dan 'nee'": a plain yes or no, read by the one reader, in a message
# this short ("resultaat zien van wat ik doe" is an answer, not a yes).
NOTED_REPLY_WORDS = 4
NOTED_ANSWERS = (Choice("yes", "", means="yes"), Choice("no", "", means="no"))


def scan_likeness(catalogue: Catalogue) -> dict[str, Likeness]:
    """Per kind, what an answer in one's own words is closest to. The words of the scan's own
    questions ("energie", "goed in") and words that say nothing ("krijg", "idee") tell no option
    apart."""
    asked = [
        catalogue.messages.t(f"{key}.{which}", language)
        for _, _, key in KINDS
        for which in ("first", "next")
        for language in LANGUAGES
    ]
    nothing = catalogue.answers.not_answers.get("says_nothing")
    ignore = [*asked, *((*nothing.nl, *nothing.en) if nothing else ())]
    entries = {"drivers": catalogue.drivers, "talents": catalogue.talents}
    return {kind: Likeness.of(entries[kind], ignore) for kind, _, _ in KINDS}


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

        likeness = scan_likeness(catalogue)

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
            noted = state.get(NOTED)
            undo: list[str] = []
            if noted:
                # What was just noted may be undone: "nee" / "niet afwisseling" (any kind).
                _, unwanted = _heard(context, dict(KINDS_BY_NAME)[noted["kind"]])
                undo = [found for found in unwanted if found in noted["ids"]]
            wanted, unwanted = _heard(context, KINDS[state["kind"]][1])
            short = len((context.activity.text or "").split()) <= NOTED_REPLY_WORDS
            if noted and short and not (wanted or unwanted or undo):
                answer = read(context.activity, NOTED_ANSWERS, catalogue.answers, False).choice
                if answer == "no":
                    undo = list(noted["ids"])
                elif answer == "yes":  # "ja klopt": it was right; the question stands
                    return {"heard": [], "not": [], "undo": [], "agreed": True}
            if wanted or unwanted or undo:
                return {"heard": wanted, "not": unwanted, "undo": undo}
            # Said in words of their own: an option clearly closest is noted like a word of its
            # own (and can be undone the same way); otherwise the closest one or two are a guess.
            kind = KINDS[state["kind"]][0]
            taken = {*state[kind], *state["not_" + kind]}
            left = [entry_id for entry_id in entries(kind) if entry_id not in taken]
            closest = likeness[kind].closest(context.activity.text or "", left)
            if closest.clear:
                return {"heard": list(closest.ids), "not": [], "undo": []}
            return Reading(guesses=closest.ids) if closest.ids else None

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
        """Records what the employee said in their own words, says what was noted, and undoes
        what they say was not right."""
        state = self._state(step)
        answer = step.result
        noted, state[NOTED] = state.get(NOTED), None
        if not isinstance(answer, dict):
            return await step.next(answer)  # a clicked or typed option: nothing to undo
        if answer.get("agreed"):  # "ja klopt"
            await self._say(step, "scan.agreed", "", [])
            return await step.next(AGAIN)
        kind = KINDS[state["kind"]][0]
        if answer["undo"] and noted:
            undone = noted["kind"]
            self._take_out(state, undone, answer["undo"])
            await self._say(step, "scan.undone", undone, answer["undo"])
            if undone != kind:  # back to the series that was just finished
                state["kind"] = [name for name, _ in KINDS_BY_NAME].index(undone)
                return await step.next(AGAIN)
        taken_back = [found for found in answer["not"] if found in state[kind]]
        self._take_out(state, kind, answer["not"])
        if taken_back:  # "toch geen afwisseling": out again
            await self._say(step, "scan.undone", kind, taken_back)
        new = [found for found in answer["heard"] if found not in state[kind]]
        new = new[: PICKS - len(state[kind])]
        if not new:
            if answer["heard"] and not taken_back:
                # Named again: say so, so the question does not just repeat.
                await self._say(step, "scan.already_chosen", kind, answer["heard"])
            return await step.next(AGAIN)
        state[kind] = [*state[kind], *new]
        last = state["kind"] == len(KINDS) - 1 and len(state[kind]) >= PICKS
        if not last:  # the last one is in the top 3s shown right after
            state[NOTED] = {"kind": kind, "ids": new}
            await self._say(step, "scan.noted", kind, new)
        return await step.next(AGAIN)

    @staticmethod
    def _take_out(state: dict[str, Any], kind: str, ids: list[str]) -> None:
        """What the employee does not want: out of their picks and of the options."""
        state[kind] = [found for found in state[kind] if found not in ids]
        state["not_" + kind] = list(dict.fromkeys([*state["not_" + kind], *ids]))

    async def _say(self, step: WaterfallStepContext, key: str, kind: str, ids: list[str]) -> None:
        language = language_of(step.context)
        names = [self._name(kind, found, language) for found in ids]
        joiner = " en " if language == "nl" else " and "
        heard = joiner.join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        text = self._catalogue.messages.t(key, language, heard=heard)
        await step.context.send_activity(MessageFactory.text(text[:1].upper() + text[1:]))

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
            if result != AGAIN:
                state[kind].append(result)
            state[kind] = state[kind][:PICKS]
            if len(state[kind]) >= PICKS:
                state["kind"] += 1
        if state["kind"] >= len(KINDS):
            return await step.end_dialog({"drivers": state["drivers"], "talents": state["talents"]})
        return await step.replace_dialog("scan.steps", state)
