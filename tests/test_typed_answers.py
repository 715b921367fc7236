"""Typed answers to every choice question, read by the one reader Koers uses for all of them:
a table of what employees type, in Dutch and English, with what Koers must understand, and
answers that must not match anything (Koers then asks, instead of guessing wrong)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from botbuilder.dialogs.prompts import PromptOptions

from advisors.intake import StoredIntake
from content import load_catalogue
from dialogs.choices import Choice
from dialogs.main_dialog import MainDialog
from dialogs.prompts import ChoicePrompt
from dialogs.self_scan import NOTED_ANSWERS
from nlu.answers import reader_for
from privacy.redact import email_in, phone_in

CATALOGUE = load_catalogue(Path("content"))


async def _save(_intake: dict[str, Any], _reference: dict[str, Any]) -> StoredIntake:
    return StoredIntake("K-TEST", advisor_proposed=True)


MAIN = MainDialog(CATALOGUE, _save, lambda: datetime(2026, 11, 30, tzinfo=UTC))


def _prompt(*path: str) -> ChoicePrompt:
    dialog: Any = MAIN
    for dialog_id in path:
        found = dialog._dialogs.find_dialog(dialog_id)
        assert found is not None, dialog_id
        dialog = found
    assert isinstance(dialog, ChoicePrompt)
    return dialog


class _Noted:
    """The scan's "Ik noteer: … Klopt dat niet? Typ dan 'nee'": a yes or no without a prompt."""

    @staticmethod
    def choices(_language: str, _options: PromptOptions) -> list[Choice]:
        return list(NOTED_ANSWERS)


SUMMARY = {"answers": {}, "contact": {"preference": "email"}, "left_out": []}
QUESTIONS: dict[str, tuple[ChoicePrompt | _Noted, PromptOptions]] = {
    "theme": (_prompt("OrientationDialog", "theme"), PromptOptions()),
    "urgency": (_prompt("OrientationDialog", "urgency"), PromptOptions()),
    "scan_offer": (_prompt("main.offer_scan"), PromptOptions()),
    "advisor_offer": (_prompt("IntakeDialog", "intake.offer"), PromptOptions()),
    "contact": (
        _prompt("IntakeDialog", "intake.contact"),
        PromptOptions(validations={"teams": True}),
    ),
    "consent": (
        _prompt("IntakeDialog", "intake.review"),
        PromptOptions(validations={"state": SUMMARY, "channel": "msteams"}),
    ),
    "leave_out": (
        _prompt("IntakeDialog", "intake.which"),
        PromptOptions(
            validations={"parts": ["question", "work", "drivers", "talents", "products"]}
        ),
    ),
    "discard": (_prompt("IntakeDialog", "intake.discard"), PromptOptions()),
    "satisfaction": (_prompt("FeedbackDialog", "feedback.satisfaction"), PromptOptions()),
    "group": (_prompt("FeedbackDialog", "feedback.group"), PromptOptions()),
    "scan_noted": (_Noted(), PromptOptions()),
    "comment_consent": (_prompt("FeedbackDialog", "feedback.comment_consent"), PromptOptions()),
}

# (question, typed, what Koers understands: an option id, "?a,b" for guesses, None for nothing)
TABLE: list[tuple[str, str, str | None]] = [
    # The theme, by the option's words in a sentence, a number, a near miss.
    ("theme", "2", "internal_mobility"),
    ("theme", "de tweede", "internal_mobility"),
    ("theme", "nummer 3", "development"),
    ("theme", "the first one", "career_orientation"),
    ("theme", "pensioen", "later_career"),
    ("theme", "iets met mijn pensioen", "later_career"),
    ("theme", "ik wil een andere baan", "internal_mobility"),
    ("theme", "een andere functie binnen de gemeente", "internal_mobility"),
    ("theme", "reorganisatie", "job_uncertainty"),
    ("theme", "ik ben boventallig", "job_uncertainty"),
    ("theme", "mijn werkdruk", "wellbeing_balance"),
    ("theme", "balans werk prive", "wellbeing_balance"),
    ("theme", "ik wil me ontwikkelen", "development"),
    ("theme", "een cursus volgen", "development"),
    ("theme", "coaching", "development"),
    ("theme", "ontdekken wat ik wil", "career_orientation"),
    ("theme", "iets anders", "other"),
    ("theme", "another job please", "internal_mobility"),
    ("theme", "retirement", "later_career"),
    ("theme", "my workload", "wellbeing_balance"),
    ("theme", "I was made redundant", "job_uncertainty"),
    ("theme", "learning new skills", "development"),
    ("theme", "something else", "other"),
    ("theme", "Ander werk binnen de gemeente", "internal_mobility"),
    ("theme", "Other work within the municipality", "internal_mobility"),
    ("theme", "ander werk bnnen de gemeente", "internal_mobility"),
    ("theme", "reorganisatei", "job_uncertainty"),
    ("theme", "wil eigenlijk iets anders binnen de gemeente", "internal_mobility"),
    ("theme", "I want to do something else", "internal_mobility"),
    ("theme", "wat is het weer morgen", None),
    ("theme", "hallo", None),
    ("theme", "ik heb een vraag", None),
    ("theme", "9", None),
    # Urgency: negation respected, everyday words.
    ("urgency", "het is niet dringend hoor", "low"),
    ("urgency", "het heeft echt geen haast hoor", "low"),
    ("urgency", "geen haast", "low"),
    ("urgency", "niet urgent", "low"),
    ("urgency", "dringend is het niet", "low"),
    ("urgency", "niet zo heel dringend eigenlijk", "low"),
    ("urgency", "I wouldn't call it urgent", "low"),
    ("urgency", "it won't be urgent", "low"),
    ("urgency", "rustig aan, ik heb de tijd", "low"),
    ("urgency", "no rush", "low"),
    ("urgency", "not urgent at all", "low"),
    ("urgency", "there's no hurry", "low"),
    ("urgency", "it's not really urgent", "low"),
    ("urgency", "een paar weken", "medium"),
    ("urgency", "binnen een paar weekjes graag", "medium"),
    ("urgency", "binnenkort", "medium"),
    ("urgency", "within a few weeks", "medium"),
    ("urgency", "fairly urgent", "medium"),
    ("urgency", "dringend", "high"),
    ("urgency", "DRINGEND!!", "high"),
    ("urgency", "dringnd", "high"),
    ("urgency", "het is best wel dringend eigenlijk", "high"),
    ("urgency", "zo snel mogelijk graag", "high"),
    ("urgency", "zsm", "high"),
    ("urgency", "urgent", "high"),
    ("urgency", "very urgent, my contract ends soon", "high"),
    ("urgency", "asap", "high"),
    ("urgency", "3", "high"),
    ("urgency", "de eerste", "low"),
    ("urgency", "het tweede", "medium"),
    ("urgency", "Het heeft geen haast", "low"),
    ("urgency", "There is no hurry", "low"),
    ("urgency", "het kan wel even wachten", "low"),
    ("urgency", "valt wel mee", "low"),
    ("urgency", "binnen een maand", "medium"),
    ("urgency", "it can wait", "low"),
    ("urgency", "wat is het weer morgen", None),
    ("urgency", "ik werk bij de gemeente", None),
    ("urgency", "hmm", None),
    ("urgency", "banaan", None),
    # The answer first, the explanation after: the first part decides between the two it names.
    ("urgency", "medium, sometime this year would be nice", "medium"),
    ("urgency", "geen haast, dit jaar is prima", "low"),
    ("urgency", "dringend, deze week nog", "high"),
    ("urgency", "Moderately urgent, my manager wants my plan by the end of next month", "medium"),
    ("urgency", "deze maand of dit jaar", "?medium,low"),
    # The scan offer: yes and no in their everyday forms.
    ("scan_offer", "ja", "start"),
    ("scan_offer", "jaa", "start"),
    ("scan_offer", "JA", "start"),
    ("scan_offer", "ja hoor", "start"),
    ("scan_offer", "ja leuk", "start"),
    ("scan_offer", "oke doe maar", "start"),
    ("scan_offer", "prima", "start"),
    ("scan_offer", "jep", "start"),
    ("scan_offer", "yes", "start"),
    ("scan_offer", "sure, let's do it", "start"),
    ("scan_offer", "yeah ok", "start"),
    ("scan_offer", "nee", "skip"),
    ("scan_offer", "nee hoor", "skip"),
    ("scan_offer", "liever niet", "skip"),
    ("scan_offer", "nee, geen tijd nu", "skip"),
    ("scan_offer", "sla maar over", "skip"),
    ("scan_offer", "no thanks", "skip"),
    ("scan_offer", "nope", "skip"),
    ("scan_offer", "not now", "skip"),
    ("scan_offer", "skip it", "skip"),
    ("scan_offer", "nee dank je", "skip"),
    ("scan_offer", "neee", "skip"),
    ("scan_offer", "1", "start"),
    ("scan_offer", "2", "skip"),
    ("scan_offer", "wat is een scan precies", None),
    ("scan_offer", "ja maar liever niet nu", "skip"),
    ("scan_offer", "ja nee", "?start,skip"),
    ("scan_offer", "maybe another time", "skip"),
    # "Wil je dat ik niets verstuur?" after a no that was not a plain one.
    ("discard", "ja", "discard_yes"),
    ("discard", "niets versturen", "discard_yes"),
    ("discard", "nee, terug", "discard_no"),
    ("discard", "ik wil het aanpassen", "discard_no"),
    ("discard", "go back", "discard_no"),
    ("scan_offer", "I don't think so, no, I've done so many of those tests, but thank you", "skip"),
    ("scan_offer", "ik denk het niet, ik heb al zo veel testjes gedaan", "skip"),
    ("consent", "lgtm", "send"),
    # The advisor offer.
    ("advisor_offer", "ja graag", "yes"),
    ("advisor_offer", "ja prima", "yes"),
    ("advisor_offer", "graag", "yes"),
    ("advisor_offer", "dat zou fijn zijn", "yes"),
    ("advisor_offer", "ja, bel me maar", "yes"),
    ("advisor_offer", "jazeker", "yes"),
    ("advisor_offer", "yes please", "yes"),
    ("advisor_offer", "that would be nice", "yes"),
    ("advisor_offer", "ok", "yes"),
    ("advisor_offer", "liever niet, ik praat eerst met mijn leidinggevende", "no"),
    ("advisor_offer", "nee dank je", "no"),
    ("advisor_offer", "nee, ik kijk zelf verder", "no"),
    ("advisor_offer", "nog niet", "no"),
    ("advisor_offer", "misschien later", "no"),
    ("advisor_offer", "no thanks", "no"),
    ("advisor_offer", "not yet, maybe later", "no"),
    ("advisor_offer", "nah", "no"),
    ("advisor_offer", "niet nodig", "no"),
    ("advisor_offer", "graag niet", "no"),
    ("advisor_offer", "ik ben goed in plannen en organiseren van dingen", None),
    ("advisor_offer", "wat kost dat", None),
    # The way of contact: more than was asked for is fine.
    ("contact", "mail", "by_email"),
    ("contact", "per mail graag", "by_email"),
    ("contact", "mail maar naar x@gemeente.example", "by_email"),
    ("contact", "email me please", "by_email"),
    ("contact", "e-mail", "by_email"),
    ("contact", "emial", "by_email"),
    ("contact", "bel me maar", "by_phone"),
    ("contact", "telefonisch", "by_phone"),
    ("contact", "bellen is prima", "by_phone"),
    ("contact", "call me on 06-12345678", "by_phone"),
    ("contact", "by phone", "by_phone"),
    ("contact", "via teams", "by_teams"),
    ("contact", "in teams graag", "by_teams"),
    ("contact", "teams chat", "by_teams"),
    ("contact", "a teams message is best", "by_teams"),
    ("contact", "de tweede", "by_phone"),
    ("contact", "3", "by_teams"),
    ("contact", "maakt niet uit", None),
    ("contact", "x@gemeente.example", None),
    # Consent: words of sending mean send; "send it" is never stop.
    ("consent", "ja", "send"),
    ("consent", "ja prima", "send"),
    ("consent", "JA", "send"),
    ("consent", "yes, please send it", "send"),
    ("consent", "send it", "send"),
    ("consent", "verstuur maar", "send"),
    ("consent", "doorsturen", "send"),
    ("consent", "stuur maar door", "send"),
    ("consent", "ziet er goed uit, verstuur", "send"),
    ("consent", "akkoord", "send"),
    ("consent", "looks good", "send"),
    ("consent", "ok", "send"),
    ("consent", "prima zo", "send"),
    ("consent", "nee", "cancel"),
    ("consent", "toch niet", "cancel"),
    ("consent", "niet versturen", "cancel"),
    ("consent", "stuur het nog maar niet", "cancel"),
    ("consent", "don't send it", "cancel"),
    ("consent", "no", "cancel"),
    ("consent", "iets weglaten", "leave_out"),
    ("consent", "haal mijn werk eruit", "leave_out"),
    ("consent", "ik wil iets weglaten", "leave_out"),
    ("consent", "leave something out", "leave_out"),
    ("consent", "remove my work", "leave_out"),
    # Politeness goes with any answer: "please" is a yes only on its own.
    ("consent", "leave out my work please", "leave_out"),
    ("consent", "laat mijn werk weg alsjeblieft", "leave_out"),
    ("consent", "please", "send"),
    ("consent", "niet versturen graag", "cancel"),
    ("consent", "2", "leave_out"),
    ("consent", "wat gebeurt er met mijn gegevens", None),
    ("consent", "hmm even denken", None),
    # Leaving out.
    ("leave_out", "mijn vraag", "question"),
    ("leave_out", "de vraag", "question"),
    ("leave_out", "mijn werk", "work"),
    ("leave_out", "drijfveren", "drivers"),
    ("leave_out", "talenten", "talents"),
    ("leave_out", "de producten", "products"),
    ("leave_out", "my job", "work"),
    ("leave_out", "my talents", "talents"),
    ("leave_out", "the products please", "products"),
    ("leave_out", "4", "talents"),
    ("leave_out", "alles", None),
    # Satisfaction.
    ("satisfaction", "4", "4"),
    ("satisfaction", "een 4", "4"),
    ("satisfaction", "vier", "4"),
    ("satisfaction", "tevreden", "4"),
    ("satisfaction", "heel tevreden", "5"),
    ("satisfaction", "super", "5"),
    ("satisfaction", "niet tevreden", "2"),
    ("satisfaction", "ontevreden", "2"),
    ("satisfaction", "gaat wel", "3"),
    ("satisfaction", "5", "5"),
    ("satisfaction", "very satisfied", "5"),
    ("satisfaction", "pretty good", "4"),
    ("satisfaction", "terrible", "1"),
    ("satisfaction", "it was ok", "3"),
    ("satisfaction", "the third", "3"),
    ("satisfaction", "wat bedoel je", None),
    # The group.
    ("group", "sociaal", "sociaal"),
    ("group", "ik werk bij stadsdeel west", "stadsdelen"),
    ("group", "bedrijfsvoering", "bedrijfsvoering"),
    ("group", "ruimte en economie", "ruimte_economie"),
    ("group", "city districts", "stadsdelen"),
    ("group", "operations", "bedrijfsvoering"),
    ("group", "sla over", "skip"),
    ("group", "liever niet zeggen", None),
    # Undoing what Koers noted in the scan (or not), and keeping a comment.
    ("scan_noted", "ja klopt", "yes"),
    ("scan_noted", "klopt helemaal", "yes"),
    ("scan_noted", "yes that's right", "yes"),
    ("scan_noted", "nee klopt niet", "no"),
    ("scan_noted", "nee", "no"),
    ("scan_noted", "not really", "no"),
    ("scan_noted", "dat klopt niet", "no"),
    ("scan_noted", "jup", "yes"),
    ("comment_consent", "ja hoor", "yes"),
    ("comment_consent", "prima", "yes"),
    ("comment_consent", "liever niet", "no"),
    ("comment_consent", "no", "no"),
    ("comment_consent", "nee bedankt", "no"),
    ("comment_consent", "sure", "yes"),
]


@pytest.mark.parametrize(("question", "typed", "expected"), TABLE)
def test_a_typed_answer_is_understood(question: str, typed: str, expected: str | None) -> None:
    prompt, options = QUESTIONS[question]
    language = "en" if any(word in typed.lower().split() for word in ("the", "my")) else "nl"
    reading = reader_for(CATALOGUE.answers).read(typed, prompt.choices(language, options))
    if expected is not None and expected.startswith("?"):
        assert reading.choice is None
        assert set(reading.guesses) == set(expected[1:].split(","))
    else:
        assert reading.choice == expected


def test_the_table_covers_every_choice_question_in_both_languages() -> None:
    assert len(TABLE) >= 200
    assert {question for question, _, _ in TABLE} == set(QUESTIONS)
    assert sum(expected is None for _, _, expected in TABLE) >= 15


def test_an_answer_gives_more_than_was_asked() -> None:
    assert email_in("mail maar naar jan.jansen@gemeente.example.") == "jan.jansen@gemeente.example"
    assert phone_in("bel me op 06-12345678 na vijven") == "06-12345678"
    assert email_in("bel me maar") is None
