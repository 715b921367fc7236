"""The self-scan: the employee's top 3 drivers (what gives energy) and top 3 talents (what they
are good at), one question at a time with visible progress ("vraag 3 van 6").

Each question shows the options not chosen yet, with their one-line descriptions. Free text goes
through the NLU. Koers says what it understood and goes on ("Ik noteer: vrijheid en afwisseling.
Klopt dat niet? Typ dan 'nee'."): one small step of six is not worth a question of its own, the
next question takes a "nee" or "niet afwisseling" that undoes it, and the top 3s are shown before
anything is sent. What the employee says they do not want is never added, drops out of the
options, and is taken out again when it was noted before.

An answer that no option clearly fits is kept in the employee's own words ("Ik noteer het in je
eigen woorden: “rustig blijven bij incidenten”"), noted and undone the same way: the advisor reads
what was said, and nobody is asked to squeeze it into a word of ours.
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

from advisors.intake import OWN
from content import LANGUAGES, Catalogue, Entry
from dialogs.choices import Choice, read, with_own_words
from dialogs.not_answers import NotAnswers
from dialogs.prompts import ChoicePrompt
from dialogs.turn import language_of, recognized
from nlu.answers import LITTLE_WORDS, Reading, tokens
from nlu.likeness import Likeness
from privacy.redact import email_in, phone_in

PICKS = 3
# More than anyone types for one driver; the rest of a long message is not kept.
MAX_OWN_CHARS = 300
# A word of one's own has at least this many letters ("ok", "hm" and "x" are none).
MIN_LETTERS = 3
KINDS = (("drivers", "DRIVER", "scan.driver"), ("talents", "TALENT", "scan.talent"))
KINDS_BY_NAME = tuple((kind, label) for kind, label, _ in KINDS)
TOTAL = PICKS * len(KINDS)
PICK = "scan.pick"
AGAIN = "again"
# In the scan's state: what was noted from the last answer in the employee's words, which the
# next answer may undo ({"kind": "drivers", "ids": [...], "own": "..."}).
NOTED = "noted"
# After "Klopt dat niet? Typ dan 'nee'": a plain yes or no, read by the one reader, in a message
# of yes, no and little words only ("goed luisteren" is an answer, not a yes).
NOTED_ANSWERS = (Choice("yes", "", means="yes"), Choice("no", "", means="no"))
# A message this short that reads as a yes or a no is no answer in one's own words.
NOTED_REPLY_WORDS = 4


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
    ignore = list(asked)
    for kind in ("says_nothing", "says_nothing_in_scan"):
        nothing = catalogue.answers.not_answers.get(kind)
        ignore += (*nothing.nl, *nothing.en) if nothing else ()
    entries = {"drivers": catalogue.drivers, "talents": catalogue.talents}
    return {kind: Likeness.of(entries[kind], ignore) for kind, _, _ in KINDS}


def _reply_words(catalogue: Catalogue) -> frozenset[str]:
    """The words a bare yes or no is made of ("ja", "klopt", "nee", "niet", "hoor")."""
    answers = catalogue.answers
    listed = (*answers.yes.nl, *answers.yes.en, *answers.no.nl, *answers.no.en)
    negations = (*answers.negation_before.nl, *answers.negation_before.en)
    return (
        frozenset(word for phrase in (*listed, *negations) for word in tokens(phrase))
        | LITTLE_WORDS
    )


def _picked(state: dict[str, Any], kind: str) -> int:
    """How many of this kind's three are given, as options or in one's own words."""
    return len(state[kind]) + len(state.get(kind + OWN, []))


def _last(state: dict[str, Any], kind: str) -> bool:
    """Whether the scan's very last pick was just given."""
    return state["kind"] == len(KINDS) - 1 and _picked(state, kind) >= PICKS


def _heard(context: TurnContext, label: str) -> tuple[list[str], list[str]]:
    """The ids the employee said they want (or are good at), and the ones they said not."""
    result = recognized(context)
    found = (result.entities or {}).get(label, []) if result is not None else []
    wanted = [str(item["id"]) for item in found if not item.get("negated")]
    unwanted = [str(item["id"]) for item in found if item.get("negated")]
    return list(dict.fromkeys(wanted)), list(dict.fromkeys(unwanted))


class SelfScanDialog(ComponentDialog):
    """Ends with {"drivers": [...], "talents": [...], "drivers_own_words": [...],
    "talents_own_words": [...]}: three of each kind at most, ids most important first, then what
    was said in the employee's own words."""

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__(SelfScanDialog.__name__)
        self._catalogue = catalogue

        def entries(kind: str) -> dict[str, Entry]:
            return dict(catalogue.drivers if kind == "drivers" else catalogue.talents)

        likeness = scan_likeness(catalogue)
        reply_words = _reply_words(catalogue)
        answers = catalogue.answers
        yes_no_words = frozenset(
            word
            for phrase in (*answers.yes.nl, *answers.yes.en, *answers.no.nl, *answers.no.en)
            for word in tokens(phrase)[:1]
        )

        # "nee, ik bedoel samenwerken", "no, that's autonomy": a correction of what was just
        # noted, not one more pick beside it.
        not_answers = NotAnswers(catalogue)

        def replies_only(text: str) -> bool:
            words = [word for word in tokens(text) if word[0].isalnum()]
            return bool(words) and all(word in reply_words for word in words)

        def in_own_words(context: TurnContext, _options: PromptOptions) -> object | None:
            """Words of one's own that no option fits: kept as said. A question back, or a
            message of yes, no and little words only, is no answer of that kind."""
            text = " ".join((context.activity.text or "").split())
            words = [word for word in tokens(text) if word[0].isalnum()]
            if not words or text.endswith("?") or all(word in reply_words for word in words):
                return None  # "...", a question back, a bare yes or no
            if email_in(text) or phone_in(text):
                return None  # an address or a number is nobody's driver or talent
            # "yes lets do it": a short message that starts as a yes or a no and reads as one
            # is no driver ("mensen goed inschatten" is one, "goed" or not).
            if (
                len(words) <= NOTED_REPLY_WORDS
                and words[0] in yes_no_words
                and read(context.activity, NOTED_ANSWERS, catalogue.answers, False).choice
            ):
                return None
            long_words = [w for w in words if w.isalpha() and len(w) >= MIN_LETTERS]
            if not any(word not in reply_words for word in long_words):
                return None
            return {"heard": [], "not": [], "undo": [], "own": text[:MAX_OWN_CHARS]}

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
            if noted and wanted and not undo and not_answers.corrects(context.activity.text):
                if noted.get("own"):
                    return {"heard": wanted, "not": unwanted, "undo": [], "undo_own": True}
                undo = [found for found in noted["ids"] if found not in wanted]
            if (
                noted
                and replies_only(context.activity.text or "")
                and not (wanted or unwanted or undo)
            ):
                answer = read(context.activity, NOTED_ANSWERS, catalogue.answers, False).choice
                if answer == "no" and noted.get("own"):
                    return {"heard": [], "not": [], "undo": [], "undo_own": True}
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
                own_words=in_own_words,
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
                "drivers" + OWN: [],
                "talents" + OWN: [],
            }
        state: dict[str, Any] = step.values["state"]
        return state

    def _question_params(self, step: WaterfallStepContext, state: dict[str, Any]) -> dict[str, str]:
        kind, _, key = KINDS[state["kind"]]
        number = state["kind"] * PICKS + _picked(state, kind) + 1
        language = language_of(step.context)
        t = self._catalogue.messages.t
        ask = t(f"{key}.first" if not _picked(state, kind) else f"{key}.next", language)
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
        if answer.get("undo_own") and noted:
            if not answer["heard"]:
                return await self._undo_own(step, state, noted)
            # "nee, ik bedoel samenwerken": their words out, the option they meant in.
            self._drop_own(state, noted)
            await self._say_words(step, "scan.undone", noted["own"])
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
        elif answer["not"] and not answer["heard"] and not answer.get("own"):
            # "zekerheid is voor mij niet belangrijk": heard, and not offered again.
            await self._say(step, "scan.not_wanted", kind, answer["not"])
        if answer.get("own"):
            return await self._own_words(step, state, kind, str(answer["own"]))
        new = [found for found in answer["heard"] if found not in state[kind]]
        new = new[: PICKS - _picked(state, kind)]
        if not new:
            if answer["heard"] and not taken_back:
                # Named again: say so, so the question does not just repeat.
                await self._say(step, "scan.already_chosen", kind, answer["heard"])
            return await step.next(AGAIN)
        state[kind] = [*state[kind], *new]
        if not _last(state, kind):  # the last one is in the top 3s shown right after
            state[NOTED] = {"kind": kind, "ids": new}
            await self._say(step, "scan.noted", kind, new)
        return await step.next(AGAIN)

    async def _own_words(
        self, step: WaterfallStepContext, state: dict[str, Any], kind: str, words: str
    ) -> DialogTurnResult:
        """Kept as said; noted like an option, so that a "nee" takes it out again."""
        own = state.setdefault(kind + OWN, [])
        if words not in own and _picked(state, kind) < PICKS:
            own.append(words)
            if not _last(state, kind):
                state[NOTED] = {"kind": kind, "ids": [], "own": words}
                await self._say_words(step, "scan.noted_own", words)
        return await step.next(AGAIN)

    async def _undo_own(
        self, step: WaterfallStepContext, state: dict[str, Any], noted: dict[str, Any]
    ) -> DialogTurnResult:
        """ "nee" after words of one's own were noted: out they go, and the question is asked
        again in the series they were noted in."""
        undone = self._drop_own(state, noted)
        await self._say_words(step, "scan.undone", noted["own"])
        state["kind"] = [name for name, _ in KINDS_BY_NAME].index(undone)
        return await step.next(AGAIN)

    @staticmethod
    def _drop_own(state: dict[str, Any], noted: dict[str, Any]) -> str:
        """Takes the words of their own that were just noted out; returns their kind."""
        undone = str(noted["kind"])
        state[undone + OWN] = [w for w in state.get(undone + OWN, []) if w != noted["own"]]
        return undone

    async def _say_words(self, step: WaterfallStepContext, key: str, words: str) -> None:
        (heard,) = with_own_words([], [words], step.context.activity.channel_id)
        text = self._catalogue.messages.t(key, language_of(step.context), heard=heard)
        await step.context.send_activity(MessageFactory.text(text[:1].upper() + text[1:]))

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
            state[kind] = state[kind][: PICKS - len(state.get(kind + OWN, []))]
            if _picked(state, kind) >= PICKS:
                state["kind"] += 1
        if state["kind"] >= len(KINDS):
            return await step.end_dialog(
                {
                    name: list(state.get(name, []))
                    for kind, _ in KINDS_BY_NAME
                    for name in (kind, kind + OWN)
                }
            )
        return await step.replace_dialog("scan.steps", state)
