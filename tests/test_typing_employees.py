"""Employees who only type, in Dutch and English, as most do in Teams: each question takes
their own words, a miss is repaired and never repeated, and what is stored is what they said."""

from __future__ import annotations

from typing import Any

from server.settings import Settings
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.test_orientation import Employee
from tests.test_personas import _intakes

NOT_UNDERSTOOD = ("Ik weet niet zeker wat je bedoelt", "I am not sure what you mean")


def _no_repair(texts: list[str]) -> None:
    assert not any(text.startswith(NOT_UNDERSTOOD) for text in texts), texts


async def _to_the_offer(employee: Employee) -> str:
    """A topic told in a sentence, nothing to add, no hurry, no work, no scan: the offer of
    an advisor, which is returned."""
    await employee.says("ik wil graag naar een andere afdeling binnen de gemeente")
    await employee.says("nee")  # nothing to add to that
    await employee.says("geen haast")
    await employee.says("sla over")
    *_, offer = await employee.says("nee", replies=4)
    return offer


async def test_a_team_leader_types_everything_and_is_understood_first_time(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    lotte = Employee(channel, sink)
    opening = (
        "ik ben nu twee jaar teamleider en ik wil coaching om beter moeilijke gesprekken "
        "met mijn team te voeren"
    )
    # Her first message in Teams: greeted, and her question is understood at once.
    texts = await lotte.says(opening, replies=3)
    assert texts[0].startswith("Hoi! Ik ben Koers")
    assert texts[2].startswith("Hoe dringend is je vraag voor je?")
    # She told her work in her first message: Koers does not ask for it again.
    (offer,) = await lotte.says("het is niet dringend hoor")
    assert offer.startswith("Wil je een korte scan doen")
    texts = await lotte.says("nee, liever niet", replies=4)
    assert "Je vraag: ik ben nu twee jaar teamleider" in texts[0]
    assert "Hoe dringend: Het heeft geen haast" in texts[0]
    assert texts[3].startswith("Wil je dat een loopbaanadviseur")
    # More than was asked: the yes, the way of contact and the address in one go.
    (review,) = await lotte.says("ja prima, mail maar naar lotte@gemeente.example")
    assert review.startswith("Dit zou ik sturen")
    assert "lotte@gemeente.example" in review
    stored, _ = await lotte.says("ja, verstuur maar", replies=2)
    assert stored.startswith("Dank je. Je aanvraag is verstuurd")
    (intake,) = await _intakes(settings)
    assert intake["question"]["theme"] == "development"
    assert intake["question"]["text"] == opening
    assert intake["question"]["urgency"] == "low"
    assert intake["context"]["work"] == "ik ben nu twee jaar teamleider"
    assert intake["contact"] == {"preference": "email", "email": "lotte@gemeente.example"}


async def test_typed_consent_is_consent_and_a_miss_never_resends_the_summary(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    sam = Employee(channel, sink, locale="en-GB")
    await sam.opens()
    (more,) = await sam.says("I'd like another job within the municipality, maybe in IT")
    assert more.startswith("What would you like to know or achieve?")
    (urgency,) = await sam.says("no")
    assert urgency.startswith("How urgent")
    await sam.says("within a few weeks")
    await sam.says("data analyst, 5 years")
    await sam.says("no thanks", replies=4)
    (phone,) = await sam.says("yes please, call me")
    assert phone.startswith("At which phone number?")
    (review,) = await sam.says("it's 06-12345678")
    assert review.startswith("This is what I would send")
    (repair,) = await sam.says("hmm let me think")
    assert "This is what I would send" not in repair  # the short question, not the summary
    assert repair.startswith("I am not sure what you mean. May I send this?")
    stored, _ = await sam.says("yes, please send it", replies=2)
    assert stored.startswith("Thank you. Your request has been sent")
    (intake,) = await _intakes(settings)
    assert intake["contact"] == {"preference": "phone", "phone": "06-12345678"}
    assert intake["question"]["theme"] == "internal_mobility"


async def test_an_unsure_theme_is_confirmed_and_a_correction_changes_it(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    jan = Employee(channel, sink)
    await jan.opens()
    (guess,) = await jan.says("pensioen of minder uren")
    assert guess.startswith("Gaat je vraag over: ")
    assert "De laatste jaren voor mijn pensioen" in guess
    # Not a yes: the guess is turned down, and the question comes with all its options.
    (theme,) = await jan.says("pensioen?? ben pas 31")
    assert theme.startswith("Waar gaat je vraag over?")
    (question,) = await jan.says("nee het gaat over mijn werkdruk")
    assert question.startswith("Wat is je vraag?")
    await jan.says("ik wil 32 uur gaan werken")
    await jan.says("binnen een paar weken")
    await jan.says("sla over")
    summary, *_ = await jan.says("nee", replies=4)
    assert "Onderwerp: Balans tussen werk en privé" in summary


async def test_a_clear_option_word_needs_no_confirmation(
    channel: Channel, sink: ConnectorSink
) -> None:
    ahmed = Employee(channel, sink)
    await ahmed.opens()
    (asked,) = await ahmed.says("pensioen")
    assert asked.startswith("Wat is je vraag?")
    ahmed2 = Employee(channel, sink)
    await ahmed2.opens()
    (theme,) = await ahmed2.says("hoi wil wat anders gaan doen")
    assert "pensioen" not in theme.lower()


async def test_questions_for_hr_get_a_pointer_and_are_never_stored(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    eva = Employee(channel, sink)
    await eva.opens()
    await eva.says("2")
    pointer, again = await eva.says("in welke salarisschaal zit ik eigenlijk?", replies=2)
    assert "HR" in pointer and "salaris" in pointer
    assert again.startswith("Wat is je vraag?")
    (urgency,) = await eva.says("ik wil graag naar een andere afdeling")
    assert urgency.startswith("Hoe dringend")
    await eva.says("geen haast")
    nope, work_again = await eva.says("wat is het weer morgen", replies=2)
    assert nope.startswith("Daar kan ik je niet mee helpen.")
    assert work_again.startswith("Wat voor werk doe je nu")
    (offer,) = await eva.says("zie hierboven")
    assert offer.startswith("Wil je een korte scan doen")  # took what she wrote before
    summary, *_ = await eva.says("nee", replies=4)
    assert "Je vraag: ik wil graag naar een andere afdeling" in summary
    assert "salarisschaal" not in summary and "weer morgen" not in summary


async def test_where_were_we_gets_the_question_and_a_hello_a_short_word(
    channel: Channel, sink: ConnectorSink
) -> None:
    kim = Employee(channel, sink)
    await kim.opens()
    await kim.says("3")
    where, question = await kim.says("waar waren we?", replies=2)
    assert where.startswith("We waren bij deze vraag:")
    assert question.startswith("Wat is je vraag?")
    (hello,) = await kim.says("hallo")  # one line: the question, not its options again
    assert hello.startswith("Hoi! We waren bij deze vraag: Wat is je vraag?")
    # "ehh wat?" asks what Koers means: the question again, not one to note for the advisor.
    what, question = await kim.says("ehh wat?", replies=2)
    assert what == "Ik bedoel deze vraag. Je mag antwoorden in je eigen woorden:"
    assert question.startswith("Wat is je vraag?")
    # Back from a meeting, with a word about it first.
    where, question = await kim.says(
        "sorry, moest even weg voor een overleg. waar was ik?", replies=2
    )
    assert where.startswith("We waren bij deze vraag:")
    assert question.startswith("Wat is je vraag?")


async def test_a_language_switch_in_a_sentence_and_answers_in_either_language(
    channel: Channel, sink: ConnectorSink
) -> None:
    piet = Employee(channel, sink)
    await piet.opens()
    switched, theme = await piet.says("sorry, can we continue in English?", replies=2)
    assert switched == "Okay, I will continue in English."
    assert theme.startswith("What is your question about?")
    (question,) = await piet.says("ander werk binnen de gemeente")  # Dutch still counts
    assert question.startswith("What is your question?")


async def test_asking_for_a_person_half_way_keeps_every_answer(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    noor = Employee(channel, sink, channelId="telegram")
    await noor.opens()
    await noor.says("reorganisatie")
    await noor.says("mijn functie vervalt per januari en ik weet niet wat ik moet doen")
    await noor.says("dringend")
    handoff, contact = await noor.says("kan ik niet gewoon met een adviseur praten?", replies=2)
    assert handoff.startswith("Je wilt een adviseur spreken.")
    assert contact.startswith("Hoe wil je dat de adviseur contact")  # not asked again
    await noor.says("bellen graag")
    await noor.says("06-12345678")
    await noor.says("ja")
    (intake,) = await _intakes(settings)
    assert intake["question"]["theme"] == "job_uncertainty"
    assert intake["question"]["text"].startswith("mijn functie vervalt per januari")
    assert intake["question"]["urgency"] == "high"


async def test_two_misses_offer_a_way_out_and_the_way_out_works(
    channel: Channel, sink: ConnectorSink
) -> None:
    bo = Employee(channel, sink, channelId="telegram")
    await bo.opens()
    await bo.says("2")
    await bo.says("ik wil naar een ander team")
    (first,) = await bo.says("qwerty")
    assert first.startswith("Ik weet niet zeker wat je bedoelt. Hoe dringend")
    (second,) = await bo.says("zzz")
    assert "Sla deze vraag over" in second and "Met een adviseur praten" in second
    (work,) = await bo.says("sla deze vraag over")
    assert work.startswith("Wat voor werk doe je nu")


def _texts(activities: list[dict[str, Any]]) -> list[str]:
    return [activity.get("text") or "" for activity in activities]


async def test_questions_about_products_get_the_part_asked_and_comparisons_compare(
    channel: Channel, sink: ConnectorSink
) -> None:
    mo = Employee(channel, sink)
    await mo.opens()
    await mo.says("3")
    cost, again = await mo.says("wat kost e-coaching?", replies=2)
    assert cost == "E-coaching: Het kost je niets."
    assert again.startswith("Wat is je vraag?")
    compared, _ = await mo.says("is de TMA hetzelfde als de klussenbank?", replies=2)
    assert compared.startswith("TMA (Talent Motivatie Analyse) en Klussenbank zijn niet hetzelfde.")
    assert "- TMA (Talent Motivatie Analyse):" in compared and "- Klussenbank:" in compared
    language, _ = await mo.says("is de klussenbank ook in het engels?", replies=2)
    assert language == "Klussenbank: Het is alleen in het Nederlands."


async def test_a_career_question_koers_cannot_answer_is_noted_for_the_advisor(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    iris = Employee(channel, sink, channelId="telegram")
    await iris.opens()
    await iris.says("2")
    await iris.says("ik wil graag naar een team met meer klantcontact")
    (offer_note,) = await iris.says("hoe lang duurt een interne sollicitatie meestal?")
    assert offer_note.startswith("Die vraag kan ik niet goed beantwoorden, een adviseur wel.")
    # Back after a break: where we were is the offer to note her question, which still waits.
    (where,) = await iris.says("sorry, was even weg. waar waren we?")
    assert where.startswith(
        "We waren bij je vraag “hoe lang duurt een interne sollicitatie meestal?”."
    )
    assert "Zal ik hem noteren voor de adviseur?" in where
    noted, urgency = await iris.says("ja graag", replies=2)
    assert noted.startswith("Genoteerd.")
    assert urgency.startswith("Hoe dringend")
    await iris.says("binnen een paar weken")
    await iris.says("klantadviseur, 6 jaar")
    await iris.says("nee", replies=4)
    await iris.says("ja")
    await iris.says("mail")
    (review,) = await iris.says("iris@gemeente.example")
    assert "Je vragen voor de adviseur: hoe lang duurt een interne sollicitatie meestal?" in review
    await iris.says("verstuur maar", replies=2)
    (intake,) = await _intakes(settings)
    assert intake["question"]["for_advisor"] == ["hoe lang duurt een interne sollicitatie meestal?"]
    assert intake["question"]["text"] == "ik wil graag naar een team met meer klantcontact"


async def test_leaving_out_what_is_named_with_the_wish_and_a_part_already_gone(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    fleur = Employee(channel, sink, channelId="telegram")
    await fleur.opens()
    await fleur.says("ander werk")
    await fleur.says("ik wil van het stadsloket naar een team met meer beleid")
    await fleur.says("geen haast")
    await fleur.says("baliemedewerker, 7 jaar")
    await fleur.says("nee", replies=4)
    await fleur.says("ja, mail me maar op fleur@gemeente.example")
    (review,) = await fleur.says("laat mijn werk maar weg")  # the wish and the part at once
    assert review.startswith("Dit zou ik sturen")
    assert "baliemedewerker" not in review
    (which,) = await fleur.says("iets weglaten")
    assert which.startswith("Wat wil je weglaten?")
    gone, again = await fleur.says("mijn werk", replies=2)
    assert gone == "Je werk had ik al weggelaten."
    assert again.startswith("Dit zou ik sturen")
    await fleur.says("verstuur maar", replies=2)
    (intake,) = await _intakes(settings)
    assert "context" not in intake
    assert intake["contact"] == {"preference": "email", "email": "fleur@gemeente.example"}


async def test_questions_are_no_yes_and_a_bare_no_at_an_open_question_is_no_answer(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    rik = Employee(channel, sink, channelId="telegram")
    await rik.opens()
    about, again = await rik.says("ben je een mens?", replies=2)
    assert about.startswith("Nee, ik ben een chatbot")
    assert again.startswith("Waar gaat je vraag over?")
    # A sentence with "iets anders" in it that is clearly about balance.
    (question,) = await rik.says(
        "oke, dan iets anders. ik vind het lastig om werk en thuis te combineren"
    )
    assert question.startswith("Wat wil je daarbij weten of bereiken?")
    await rik.says("ik wil minder uren werken")
    await rik.says("geen haast")
    (offer,) = await rik.says("dat zei ik al, baliemedewerker burgerzaken")
    assert offer.startswith("Wil je een korte scan doen")
    summary, *_ = await rik.says("nee", replies=4)
    assert "Onderwerp: Balans tussen werk en privé" in summary
    assert "Je werk: dat zei ik al, baliemedewerker burgerzaken" in summary
    # A question at a yes/no question is no yes.
    (sure,) = await rik.says("kunnen we opnieuw beginnen?")
    assert sure.startswith("Wil je opnieuw beginnen?")
    _, offer_again = await rik.says("nee", replies=2)
    assert offer_again.startswith("Wil je dat een loopbaanadviseur")
    cost_and_manager, _ = await rik.says(
        "wat kost e-coaching en moet mijn leidinggevende akkoord geven?", replies=2
    )
    assert "Het kost je niets." in cost_and_manager
    assert "leidinggevende" in cost_and_manager


async def test_a_bare_no_or_yes_is_not_kept_as_work(channel: Channel, sink: ConnectorSink) -> None:
    lin = Employee(channel, sink, channelId="telegram")
    await lin.opens()
    await lin.says("2")
    await lin.says("ik wil naar een ander team")
    await lin.says("geen haast")
    (again,) = await lin.says("ja")
    assert again.startswith("Ik heb je antwoord nog niet.")
    (offer,) = await lin.says("nee")  # a no passes the optional question
    assert offer.startswith("Wil je een korte scan doen")
    summary, *_ = await lin.says("nee", replies=4)
    assert "Je werk: niet ingevuld" in summary


async def test_a_correction_of_the_topic_later_on_changes_it(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    sem = Employee(channel, sink, channelId="telegram")
    await sem.opens()
    await sem.says("pensioen")
    await sem.says("ik wil weten wat ik de komende jaren kan doen")
    changed, urgency = await sem.says(
        "nee, pensioen klopt niet, ik ben pas 31. het gaat over mijn loopbaan", replies=2
    )
    assert changed.startswith("Dank je, ik heb het onderwerp aangepast: Ontdekken wat ik wil.")
    assert urgency.startswith("Hoe dringend")
    await sem.says("geen haast")
    await sem.says("sla over")
    summary, *_ = await sem.says("nee", replies=4)
    assert "Onderwerp: Ontdekken wat ik wil" in summary


async def test_a_correction_at_a_yes_no_question_changes_the_topic_and_is_no_no(
    channel: Channel, sink: ConnectorSink
) -> None:
    bas = Employee(channel, sink, channelId="telegram")
    await bas.opens()
    await bas.says("pensioen")
    await bas.says("ik wil weten wat ik de komende jaren kan doen")
    await bas.says("geen haast")
    await bas.says("beleidsmedewerker verkeer en mobiliteit, sinds twee jaar")
    changed, offer = await bas.says(
        "nee, pensioen klopt niet, ik ben pas 31. het gaat over mijn loopbaan", replies=2
    )
    assert changed.startswith("Dank je, ik heb het onderwerp aangepast: Ontdekken wat ik wil.")
    assert offer.startswith("Wil je een korte scan doen")


async def test_in_teams_a_yes_to_an_advisor_is_a_chat_in_teams_and_a_way_named_is_taken(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    noor = Employee(channel, sink)
    await noor.opens()
    offer = await _to_the_offer(noor)
    # The offer says how the advisor will get in touch, so a plain yes needs no second question.
    assert offer.startswith("Wil je dat een loopbaanadviseur contact met je opneemt?")
    assert "via een chat in Teams" in offer
    (review,) = await noor.says("ja graag")
    assert review.startswith("Dit zou ik sturen")
    assert "- Contact: Teams" in review
    await noor.says("ja, verstuur maar", replies=2)
    # Someone who would rather be called says so in the same answer.
    bas = Employee(channel, sink)
    await bas.opens()
    await _to_the_offer(bas)
    (phone,) = await bas.says("ja, maar bel me liever")
    assert phone.startswith("Op welk telefoonnummer")
    (review,) = await bas.says("06-12345678")
    assert "- Contact: 06-12345678" in review
    await bas.says("verstuur", replies=2)
    # A way named with a "niet" elsewhere in the sentence is that way, never a no.
    riet = Employee(channel, sink)
    await riet.opens()
    await _to_the_offer(riet)
    (phone,) = await riet.says("Ik word liever gebeld, met dat Teams ben ik niet zo handig.")
    assert phone.startswith("Op welk telefoonnummer")
    # A yes first, the way after, and a "niks" about typing: a yes by phone, never a no.
    henk = Employee(channel, sink)
    await henk.opens()
    await _to_the_offer(henk)
    (phone,) = await henk.says(
        "Ja hoor, maar eigenlijk bel ik liever, dat getik op zo'n ding is niks voor mij"
    )
    assert phone.startswith("Op welk telefoonnummer")
    first, second = (await _intakes(settings))[:2]
    assert first["contact"]["preference"] == "teams"
    assert second["contact"] == {"preference": "phone", "phone": "06-12345678"}
    # In the web chat Koers cannot reach anyone in Teams: it asks how.
    web = Employee(channel, sink, channelId="webchat")
    await web.opens()
    offer = await _to_the_offer(web)
    assert "Teams" not in offer
    (how,) = await web.says("ja graag")
    assert how.startswith("Hoe wil je dat de adviseur contact met je opneemt?")


async def test_the_scan_notes_what_it_heard_and_a_no_or_a_correction_undoes_it(
    channel: Channel, sink: ConnectorSink
) -> None:
    mo = Employee(channel, sink)
    await mo.opens()
    for answer in ("ik zoek meer uitdaging in mijn werk als projectleider", "nee", "geen haast"):
        await mo.says(answer)
    await mo.says("projectleider, 6 jaar")
    (first,) = await mo.says("ja leuk")
    assert first.startswith("Vraag 1 van 6.")
    noted, second = await mo.says("ik krijg energie van afwisseling", replies=2)
    assert noted == "Ik noteer: afwisseling. Klopt dat niet? Typ dan 'nee'."
    assert second.startswith("Vraag 2 van 6.")
    # A correction in the next answer: out with what was wrong, in with what was meant.
    undone, noted, again = await mo.says("nee, niet afwisseling maar vrijheid", replies=3)
    assert undone == "Oké, afwisseling haal ik weg."
    assert noted.startswith("Ik noteer: vrijheid.")
    assert again.startswith("Vraag 2 van 6.") and "Afwisseling" not in again
    # "ja klopt" out of habit: no miss, the question stands.
    fine, same = await mo.says("ja klopt", replies=2)
    assert fine == "Fijn."
    assert same.startswith("Vraag 2 van 6.")
    _no_repair([fine, same])
    await mo.says("uitdaging", replies=1)
    (talent,) = await mo.says("zekerheid")
    assert talent.startswith("Vraag 4 van 6. Waar ben je het beste in?")
    await mo.says("organiseren")
    await mo.says("ik ben goed in analyseren", replies=2)
    summary, scan, *_ = await mo.says("problemen oplossen", replies=5)
    assert summary.startswith("Dank je. Dit heb ik genoteerd:")
    assert scan.startswith("Je top 3 drijfveren: Vrijheid, Uitdaging, Zekerheid.")
    assert "Je top 3 talenten: Organiseren, Analyseren, Problemen oplossen." in scan


async def test_an_opening_that_only_announces_a_question_is_neither_topic_nor_question(
    channel: Channel, sink: ConnectorSink
) -> None:
    lies = Employee(channel, sink)
    texts = await lies.says(
        "Hallo, mijn collega zei dat ik hier terecht kon met vragen over mijn loopbaan, klopt dat?",
        replies=3,
    )
    assert texts[2].startswith("Waar gaat je vraag over?")
    (question,) = await lies.says("ik wil weten wat ik hierna wil gaan doen")
    assert question.startswith("Gaat je vraag over") or question.startswith("Hoe dringend")
    john = Employee(channel, sink, locale="en-GB")
    texts = await john.says(
        "Good afternoon. I was told that you could help me with a question about my career.",
        replies=3,
    )
    assert texts[2].startswith("What is your question about?")
    (question,) = await john.says("something else")
    assert question.startswith("What is your question?")
    (urgency,) = await john.says("I would like to move to the finance department")
    assert urgency.startswith("How urgent")
    await john.says("no rush")
    # A short answer is no other language: a job title stays in the conversation's language.
    (offer,) = await john.says("data analyst at finance")
    assert offer.startswith("Would you like a short scan")


async def test_a_scan_answer_no_option_fits_is_kept_in_the_employees_own_words(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    dev = Employee(channel, sink, locale="en-GB")
    await dev.opens()
    await dev.says("3")
    await dev.says("I want to become a product owner")
    await dev.says("no rush")
    await dev.says("developer, 3 years")
    (first,) = await dev.says("sure, let's do it")
    assert first.startswith("Question 1 of 6.")
    # No word of any option, but the words of one: noted, and undone like any other.
    noted, second = await dev.says("being able to decide how I do my work", replies=2)
    assert noted == "Noted: autonomy. If that is not right, type 'no'."
    assert second.startswith("Question 2 of 6.")
    # No option clearly fits: kept as she said it, not squeezed into a guess.
    noted, third = await dev.says("learning new skills all the time", replies=2)
    assert noted == (
        "Noted in your own words: “learning new skills all the time”. "
        "If that is not right, type 'no'."
    )
    assert third.startswith("Question 3 of 6. And what gives you the most energy after that?")
    # "no" takes her words out again, and the question is asked again.
    undone, again = await dev.says("no", replies=2)
    assert undone == "Okay, I have taken out “learning new skills all the time”."
    assert again.startswith("Question 2 of 6.")
    # "goed luisteren"-like answers are answers, not a yes to what was noted.
    noted, third = await dev.says("a decent paycheck, honestly", replies=2)
    assert noted.startswith("Noted in your own words: “a decent paycheck, honestly”.")
    (talent,) = await dev.says("growth")
    assert talent.startswith("Question 4 of 6. What are you best at?")
    noted, _ = await dev.says("staying calm during incidents", replies=2)
    assert noted.startswith("Noted in your own words: “staying calm during incidents”.")
    # A question back is no answer in one's own words.
    (repair,) = await dev.says("what kind of things do you mean?")
    assert "Noted" not in repair
    texts = await dev.says("skip", replies=5)
    (scan,) = [text for text in texts if text.startswith("Your top 3 drivers:")]
    assert scan.startswith(
        "Your top 3 drivers: Autonomy, Growth, “a decent paycheck, honestly”.\n"
        "Your talents: “staying calm during incidents”."
    )
    (review,) = await dev.says("yes please")
    assert "- Your drivers: Autonomy, Growth, “a decent paycheck, honestly”\n" in review
    assert "- Your talents: “staying calm during incidents”\n" in review
    await dev.says("send it", replies=2)
    (intake,) = await _intakes(settings)
    assert intake["profile"] == {
        "drivers": ["autonomy", "growth"],
        "drivers_own_words": ["a decent paycheck, honestly"],
        "talents_own_words": ["staying calm during incidents"],
    }


async def test_a_topic_told_in_a_sentence_is_kept_and_koers_asks_what_she_wants(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    fien = Employee(channel, sink)
    await fien.opens()
    # A sentence about the topic says part of the question: kept, and Koers asks her aim.
    (more,) = await fien.says("ik wil naar een andere afdeling, ik ben uitgekeken op mijn werk")
    assert more.startswith("Wat wil je daarbij weten of bereiken?")
    assert "Noem geen medische gegevens." in more
    (urgency,) = await fien.says("ik doe al zes jaar hetzelfde bij financiën")
    assert urgency.startswith("Hoe dringend")
    await fien.says("geen haast")
    await fien.says("sla over")
    summary, *_ = await fien.says("nee", replies=4)
    # One question in her words: what she said first, then what she added.
    assert "Je vraag: ik wil naar een andere afdeling, ik ben uitgekeken op mijn werk" in summary
    assert "ik doe al zes jaar hetzelfde bij financiën\n- Hoe dringend" in summary
    # "nee": that was it; the sentence is the question.
    gijs = Employee(channel, sink)
    await gijs.opens()
    (more,) = await gijs.says("ik wil graag naar een andere afdeling")
    assert more.startswith("Wat wil je daarbij weten of bereiken?")
    (urgency,) = await gijs.says("nee, dat was het")
    assert urgency.startswith("Hoe dringend")
    await gijs.says("geen haast")
    await gijs.says("sla over")
    summary, *_ = await gijs.says("nee", replies=4)
    assert "Je vraag: ik wil graag naar een andere afdeling\n" in summary


async def test_asking_for_a_person_first_gives_the_advisor_a_few_words_about_what(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    mila = Employee(channel, sink)
    *_, about = await mila.says(
        "Kan ik iemand spreken van loopbaanadvies? Ik heb liever een echt gesprek", replies=3
    )
    assert about.startswith("Waar wil je het met de adviseur over hebben?")
    # A question of her own is the answer here, not one to note for later.
    (how,) = await mila.says("kan ik als jurist overstappen naar ruimtelijke ordening?")
    assert how.startswith("Hoe wil je dat de adviseur contact met je opneemt?")
    (review,) = await mila.says("via teams is prima")
    assert review.startswith("Dit zou ik sturen")
    assert "- Je vraag: kan ik als jurist overstappen naar ruimtelijke ordening?" in review
    # Her few words clearly name the topic: the intake goes under it, not under "Iets anders".
    assert "- Ander werk binnen de gemeente\n" in review
    await mila.says("ja, versturen")
    (intake,) = await _intakes(settings)
    assert intake["question"]["text"] == "kan ik als jurist overstappen naar ruimtelijke ordening?"
    assert intake["question"]["theme"] == "internal_mobility"


async def test_an_opening_that_says_a_question_is_coming_gets_the_topic_question(
    channel: Channel, sink: ConnectorSink
) -> None:
    wim = Employee(channel, sink)
    *_, theme = await wim.says("hoi ik wil wat vragen over doorgroeien", replies=3)
    assert theme.startswith("Waar gaat je vraag over?")


async def test_an_opening_that_ends_by_announcing_a_question_is_kept_and_the_question_asked(
    channel: Channel, sink: ConnectorSink
) -> None:
    kees = Employee(channel, sink)
    *_, question = await kees.says(
        "Goedemorgen. Ik ben 63 en zit in mijn laatste jaren, kan ik daar hier iets over vragen?",
        replies=3,
    )
    # The topic is clear; the question itself is still to come, so Koers asks for it.
    assert question.startswith("Wat is je vraag?")
    (urgency,) = await kees.says("ik wil minder buiten werken en jonge collega's inwerken")
    assert urgency.startswith("Hoe dringend")
    await kees.says("geen haast")
    await kees.says("sla over")
    summary, *_ = await kees.says("nee", replies=4)
    assert "- Onderwerp: De laatste jaren voor mijn pensioen\n" in summary
    # What he said first stays with the question, in his words.
    assert "Ik ben 63 en zit in mijn laatste jaren" in summary
    assert "vragen? ik wil minder buiten werken en jonge collega\\'s inwerken\n" in summary
    sam = Employee(channel, sink, locale="en-GB")
    *_, question = await sam.says(
        "Hello, I'm a security officer at the city and I'd like some advice about my next step.",
        replies=3,
    )
    # No clear topic here: asked for it, never for "a bit more" about an announcement.
    assert question.startswith("What is your question about?")


async def test_the_intake_holds_only_the_drivers_the_employee_chose_in_the_scan(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    joost = Employee(channel, sink)
    await joost.opens()
    await joost.says("3")
    # Drivers named in passing, one of them negated: neither is added to the intake silently.
    await joost.says("ik wil meer vrijheid, want ik hou NIET van leidinggeven")
    await joost.says("geen haast")
    await joost.says("sla over")
    (first,) = await joost.says("ja leuk")
    assert first.startswith("Vraag 1 van 6.")
    # A negation after the word: not noted, and not offered again.
    heard, again = await joost.says("zekerheid is voor mij niet belangrijk", replies=2)
    assert heard == "Oké, zekerheid niet."
    assert again.startswith("Vraag 1 van 6.") and "Zekerheid" not in again
    await joost.says("afwisseling")
    await joost.says("uitdaging")
    (talents,) = await joost.says("sla over")
    assert talents.startswith("Vraag 4 van 6.")
    texts = await joost.says("sla over", replies=5)
    (scan,) = [text for text in texts if text.startswith("Je drijfveren:")]
    # Two of three: "Je top 3" only when there are three.
    assert scan.startswith("Je drijfveren: Afwisseling, Uitdaging.\nJe talenten: niet")
    (review,) = await joost.says("ja graag")
    assert "- Je drijfveren: Afwisseling, Uitdaging\n" in review
    assert "Leidinggeven" not in review and "Vrijheid" not in review
    await joost.says("verstuur maar", replies=2)
    (intake,) = await _intakes(settings)
    assert intake["profile"] == {"drivers": ["variety", "challenge"]}


async def test_asking_for_a_person_after_an_announcing_opening_keeps_what_was_said(
    channel: Channel, sink: ConnectorSink
) -> None:
    ria = Employee(channel, sink, channelId="webchat")
    *_, question = await ria.says(
        "Ik ben 63 en zit in mijn laatste jaren, kan ik daar hier iets over vragen?", replies=3
    )
    assert question.startswith("Wat is je vraag?")
    texts = await ria.says("ik wil liever met een adviseur praten", replies=2)
    assert texts[-1].startswith("Hoe wil je dat de adviseur contact met je opneemt?")
    await ria.says("bel me maar")
    (review,) = await ria.says("06-12345678")
    assert "Ik ben 63 en zit in mijn laatste jaren" in review


async def test_a_correction_at_the_review_never_throws_the_answers_away_unasked(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    tess = Employee(channel, sink, channelId="webchat")
    await tess.opens()
    await _to_the_offer(tess)
    await tess.says("ja graag")
    await tess.says("per mail")
    (review,) = await tess.says("tess@gemeente.example")
    assert review.startswith("Dit zou ik sturen")
    # Not a plain no: Koers asks before it throws anything away.
    (asked,) = await tess.says("nee wacht, mijn mailadres is verkeerd")
    assert asked.startswith("Wil je dat ik niets verstuur?")
    (again,) = await tess.says("nee, terug")
    assert again.startswith("Dit zou ik sturen")
    gone, _closing = await tess.says("actually no. don't send", replies=2)  # a plain no
    assert gone == "Goed, ik heb niets naar het Carrièrecentrum gestuurd."
    assert await _intakes(settings) == []


async def test_a_stop_in_a_sentence_is_asked_and_a_yes_or_dunno_is_no_driver(
    channel: Channel, sink: ConnectorSink
) -> None:
    ward = Employee(channel, sink)
    await ward.opens()
    await ward.says("3")
    await ward.says("ik wil leren over beleid en dan teamleider worden")
    await ward.says("geen haast")
    (offer,) = await ward.says("beleidsmedewerker bij wonen")
    assert offer.startswith("Wil je een korte scan doen")
    # "ok" would answer the offer, but the stop in the same message is asked about first.
    (sure,) = await ward.says("ok nevermind, stop")
    assert sure.startswith("Wil je stoppen met de vragen?")
    going_on, offer = await ward.says("nee, ga maar door", replies=2)
    assert going_on == "Goed, we gaan verder."
    assert offer.startswith("Wil je een korte scan doen")
    (first,) = await ward.says("ja")
    assert first.startswith("Vraag 1 van 6.")
    # A yes is no driver, and a few English words do not switch the conversation.
    (again,) = await ward.says("yes lets do it")
    assert "Ik noteer" not in again and "Vraag 1 van 6." in again
    assert again.startswith("Ik weet niet zeker wat je bedoelt.")
    # Punctuation alone is nothing to note either.
    (again,) = await ward.says("...")
    assert "Ik noteer" not in again
    # "goed" in a short answer does not make it a yes.
    noted, _ = await ward.says("mensen goed inschatten", replies=2)
    assert noted.startswith("Ik noteer het in je eigen woorden: “mensen goed inschatten”.")
    # "dunno" passes on the question, as "weet ik niet" does.
    (talents,) = await ward.says("dunno")
    assert talents.startswith("Vraag 4 van 6. Waar ben je het beste in?")


async def test_not_sure_what_i_want_is_a_question_not_a_pass(
    channel: Channel, sink: ConnectorSink
) -> None:
    ann = Employee(channel, sink, locale="en-GB")
    await ann.opens()
    await ann.says("3")
    await ann.says("I'm not sure what I want")
    await ann.says("no rush")
    await ann.says("skip")
    summary, *_ = await ann.says("no", replies=4)
    assert "- Your question: I\\'m not sure what I want\n" in summary  # markdown-escaped


async def test_a_first_message_stays_the_question_when_the_guessed_topic_is_corrected(
    channel: Channel, sink: ConnectorSink
) -> None:
    opening = "hallo ik werk al 15 jaar bij groenonderhoud en wil graag binnen werken, ik heb mbo2"
    gert = Employee(channel, sink, channelId="telegram")
    *_, guess = await gert.says(opening, replies=3)
    assert guess.startswith("Gaat je vraag over")
    (urgency,) = await gert.says("nee ander werk binnen de gemeente")
    assert urgency.startswith("Hoe dringend")  # not "Wat is je vraag?": he told it already
    await gert.says("geen haast")
    await gert.says("sla over")
    summary, *_ = await gert.says("nee", replies=4)
    assert "- Onderwerp: Ander werk binnen de gemeente\n" in summary
    assert f"- Je vraag: {opening}\n" in summary


async def test_a_correction_of_the_urgency_is_no_change_of_topic(
    channel: Channel, sink: ConnectorSink
) -> None:
    pat = Employee(channel, sink, locale="en-GB", channelId="telegram")
    await pat.opens()
    await pat.says("1")
    await pat.says("I would like to find out what suits me")
    await pat.says("no rush")
    (offer,) = await pat.says("policy adviser, 3 years")
    assert offer.startswith("Would you like a short scan")
    (reply,) = await pat.says("wait, the urgency is wrong, it should be within a few weeks")
    assert "changed the topic" not in reply


async def test_health_details_typed_in_passing_are_left_out_unless_the_employee_keeps_them(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    question = (
        "Ik wil minder zwaar werk doen. Vorig jaar zat ik thuis met een burn-out. "
        "Misschien past een andere rol beter?"
    )
    for answer, kept in (("ja", False), ("nee, laat het staan", True)):
        rik = Employee(channel, sink, channelId="telegram")
        await rik.opens()
        await rik.says("2")
        await rik.says(question, replies=2)  # a caring word about health comes first
        await rik.says("geen haast")
        await rik.says("sla over")
        await rik.says("nee", replies=4)
        await rik.says("ja")
        await rik.says("per mail")
        (asked,) = await rik.says("rik@gemeente.example")
        assert asked.startswith(
            "Je schreef iets over je gezondheid: “Vorig jaar zat ik thuis met een burn-out.”"
        )
        (review,) = await rik.says(answer)
        assert review.startswith("Dit zou ik sturen")
        assert ("burn-out" in review) is kept
        assert "Ik wil minder zwaar werk doen." in review
        await rik.says("verstuur maar", replies=2)
    left_out, kept_in = await _intakes(settings)
    assert left_out["question"]["text"] == (
        "Ik wil minder zwaar werk doen. Misschien past een andere rol beter?"
    )
    assert kept_in["question"]["text"] == question


async def test_asking_for_a_person_at_the_offer_of_one_is_a_yes(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    gijs = Employee(channel, sink, channelId="webchat")
    await gijs.opens()
    offer = await _to_the_offer(gijs)
    assert offer.startswith("Wil je dat een loopbaanadviseur contact met je opneemt?")
    (how,) = await gijs.says("kan ik niet gewoon met een mens praten?")
    assert how.startswith("Hoe wil je dat de adviseur contact met je opneemt?")
    await gijs.says("bel me maar")
    (review,) = await gijs.says("06-12345678")
    assert "Je vraag: ik wil graag naar een andere afdeling binnen de gemeente" in review
    await gijs.says("verstuur", replies=2)
    (intake,) = await _intakes(settings)
    assert intake["contact"] == {"preference": "phone", "phone": "06-12345678"}


async def test_a_question_about_a_product_is_answered_even_with_a_negation_in_it(
    channel: Channel, sink: ConnectorSink
) -> None:
    joke = Employee(channel, sink, channelId="telegram")
    await joke.opens()
    await joke.says("2")
    (urgency,) = await joke.says("ik wil beter worden in lastige gesprekken")
    assert urgency.startswith("Hoe dringend")
    texts = await joke.says("is er geen coaching met een echte coach?", replies=2)
    assert texts[0].startswith("Loopbaancoaching door de interne coachpool")
    assert "Die vraag kan ik niet goed beantwoorden" not in " ".join(texts)
    assert texts[-1].startswith("Hoe dringend")


async def test_asking_for_english_at_the_open_question_switches_and_is_no_question(
    channel: Channel, sink: ConnectorSink
) -> None:
    nina = Employee(channel, sink)
    await nina.opens()
    await nina.says("3")
    switched, question = await nina.says("kunnen we in het engels verder?", replies=2)
    assert switched == "Okay, I will continue in English."
    assert question.startswith("What is your question?")
    await nina.says("I want to become a team lead")
    await nina.says("no rush")
    await nina.says("skip")
    summary, *_ = await nina.says("no", replies=4)
    assert "Your question: I want to become a team lead" in summary
    assert "engels" not in summary


async def test_a_long_story_without_a_question_gets_asked_what_she_wants(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    """A first message that tells what happens, not what the employee wants: kept, and Koers
    asks what she wants to know or reach, so the advisor gets her question, not only her story."""
    noor = Employee(channel, sink)
    story = (
        "ik sta al vijftien jaar aan de balie bij burgerzaken en ik ben echt uitgekeken op dat werk"
    )
    *_, aim = await noor.says(story, replies=3)
    assert aim.startswith("Wat wil je daarbij weten of bereiken?")
    (urgency,) = await noor.says("ik wil weten welk ander werk bij de gemeente bij me past")
    assert urgency.startswith("Hoe dringend")
    await noor.says("binnen een paar weken")
    await noor.says("sla over")
    summary, *_ = await noor.says("nee", replies=4)
    assert "Je vraag: ik sta al vijftien jaar aan de balie" in summary
    assert "ik wil weten welk ander werk bij de gemeente bij me past\n" in summary
    # One that says what he wants is his question at once.
    bas = Employee(channel, sink)
    asked = (
        "ik werk al twaalf jaar bij de belastingen en ik vraag me af of ik de overstap naar "
        "beleid kan maken"
    )
    *_, guess = await bas.says(asked, replies=3)
    assert guess.startswith("Gaat je vraag over: Ander werk binnen de gemeente?")
    (urgency,) = await bas.says("ja")
    assert urgency.startswith("Hoe dringend")


async def test_a_question_typed_again_after_a_pointer_is_taken_as_the_answer(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    """A career question that mentions pay is the employee's question at "what is your
    question?"; and whatever Koers pointed elsewhere, typed again, is meant as the answer."""
    ella = Employee(channel, sink, locale="en-GB")
    await ella.says("hi", replies=3)
    await ella.says("developing myself")
    (urgency,) = await ella.says(
        "Can I do a part-time master next to my job, and will the municipality pay for it?"
    )
    assert urgency.startswith("How urgent")
    joost = Employee(channel, sink)
    await joost.says("hoi", replies=3)
    await joost.says("ander werk")
    (pointer, question) = await joost.says("hoeveel verlofuren krijg ik bij een andere baan?", 2)
    assert pointer.startswith("Je verlof regel je zelf in het HR-portaal")
    assert question.startswith("Wat is je vraag?")
    (urgency,) = await joost.says("hoeveel verlofuren krijg ik bij een andere baan?")
    assert urgency.startswith("Hoe dringend")
    await joost.says("geen haast")
    await joost.says("sla over")
    summary, *_ = await joost.says("nee", replies=4)
    assert "Je vraag: hoeveel verlofuren krijg ik bij een andere baan?" in summary


async def test_back_from_a_meeting_where_were_we_after_a_comma(
    channel: Channel, sink: ConnectorSink
) -> None:
    sam = Employee(channel, sink, locale="en-GB")
    await sam.says("hi", replies=3)
    await sam.says("finding out what I want")
    await sam.says("I'd like to find out what suits me better")
    (work,) = await sam.says("no hurry")
    assert work.startswith("What kind of work")
    where, again = await sam.says("sorry got pulled into a meeting, where were we?", replies=2)
    assert where == "We were at this question:"
    assert again.startswith("What kind of work")
    (offer,) = await sam.says("youth worker, 7 years")
    assert offer.startswith("Would you like a short scan")


async def test_not_sure_she_is_in_the_right_place_hears_she_is(
    channel: Channel, sink: ConnectorSink
) -> None:
    """A hesitation at "Waar gaat je vraag over?" is no topic: Koers says she is in the right
    place and asks again, without a repair line and without guessing a topic from it."""
    fleur = Employee(channel, sink)
    await fleur.says("hoi", replies=3)
    welcome, again = await fleur.says(
        "ik weet eigenlijk niet of ik hier goed zit, een collega zei dat ik het eens moest "
        "proberen",
        replies=2,
    )
    assert welcome == "Je bent hier goed: ik ben er voor vragen over je werk en je loopbaan."
    assert again.startswith("Waar gaat je vraag over?")
    (question,) = await fleur.says("balans tussen werk en privé")
    assert question.startswith("Wat is je vraag?")
    tom = Employee(channel, sink, locale="en-GB")
    await tom.says("hello", replies=3)
    welcome, again = await tom.says(
        "not sure I'm in the right place, a colleague told me to try", replies=2
    )
    assert welcome.startswith("You are in the right place")
    assert again.startswith("What is your question about?")


async def test_at_the_review_the_employee_changes_parts_by_typing(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    """ "mijn vraag is eigenlijk: …", "zet erbij dat …", "haal zekerheid weg", "laat het stuk over
    mijn leidinggevende weg": each change is made, shown, and what is stored is what was shown."""
    eva = Employee(channel, sink, channelId="telegram")
    await eva.opens()
    await eva.says("ik wil doorgroeien naar een rol als teamleider")
    await eva.says(
        "mijn leidinggevende is aardig maar ik zie haar bijna nooit. "
        "ik wil weten welke opleiding ik nodig heb"
    )
    await eva.says("geen haast")
    await eva.says("handhaver, 6 jaar")
    await eva.says("ja")  # the scan
    for typed in ("vrijheid", "zekerheid", "vakmanschap", "analyseren", "organiseren"):
        await eva.says(typed)
    *_, offer = await eva.says("creëren", replies=4)
    assert offer.startswith("Wil je dat een loopbaanadviseur")
    await eva.says("ja")
    await eva.says("mail")
    (review,) = await eva.says("eva@gemeente.example")
    assert "Je drijfveren: Vrijheid, Zekerheid, Vakmanschap" in review
    changed, review = await eva.says("laat het stuk over mijn leidinggevende weg", replies=2)
    assert changed == "Ik heb het aangepast."
    assert "leidinggevende" not in review
    assert "- Je vraag: ik wil doorgroeien naar een rol als teamleider. ik wil weten" in review
    changed, review = await eva.says(
        "bij mijn werk moet alleen staan: handhaver parkeren, 6 jaar", replies=2
    )
    assert changed == "Ik heb het aangepast."
    assert "- Je werk: handhaver parkeren, 6 jaar" in review
    changed, review = await eva.says("haal zekerheid weg", replies=2)
    assert changed == "Ik heb het aangepast."
    assert "Je drijfveren: Vrijheid, Vakmanschap\n" in review
    changed, review = await eva.says("haal e-coaching er maar uit", replies=2)
    assert "De producten: Talentworkshop „Talentvol Coachen”, Loopbaangesprek" in review
    assert "E-coaching" not in review
    changed, review = await eva.says("zet erbij dat ik parttime werk, 24 uur", replies=2)
    assert "opleiding ik nodig heb. ik parttime werk, 24 uur\n" in review
    changed, review = await eva.says(
        "mijn vraag is eigenlijk: hoe word ik teamleider zonder hbo?", replies=2
    )
    assert "- Je vraag: hoe word ik teamleider zonder hbo?\n" in review
    assert "Mag ik dit versturen? Je kunt ook iets weglaten." in review
    await eva.says("ja, verstuur maar", replies=2)
    (intake,) = await _intakes(settings)
    assert intake["question"]["text"] == "hoe word ik teamleider zonder hbo?"
    assert intake["context"]["work"] == "handhaver parkeren, 6 jaar"
    assert intake["profile"]["drivers"] == ["autonomy", "expertise"]
    assert intake["profile"]["talents"] == ["analysing", "organising", "creating"]
    assert "e_coaching" not in str(intake)


async def test_leave_out_the_part_about_my_manager_in_english(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    """ "Could you leave out the part about my manager?" takes those sentences out of the
    question; it is not a question about annual leave."""
    jo = Employee(channel, sink, channelId="telegram", locale="en-GB")
    await jo.opens()
    await jo.says("uncertain after the reorganisation, although I'm not really unhappy")
    await jo.says("My new manager is nice but I hardly see her. I don't know what my role is now.")
    await jo.says("no hurry")
    await jo.says("skip")
    await jo.says("no", replies=4)
    await jo.says("yes")
    await jo.says("by e-mail")
    (review,) = await jo.says("jo@gemeente.example")
    assert "My new manager is nice" in review
    changed, review = await jo.says(
        "Could you leave out the part about my manager? The rest is fine.", replies=2
    )
    assert changed == "I have changed it."
    assert "manager" not in review
    assert "know what my role is now" in review
    await jo.says("yes, send it", replies=2)
    (intake,) = await _intakes(settings)
    assert "manager" not in intake["question"]["text"]
    assert intake["question"]["text"].endswith("I don't know what my role is now.")


async def test_a_question_announced_in_a_long_message_is_still_asked(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    """ "Ik heb een vraag over …, maar ik weet niet of ik hier aan het juiste adres ben" says a
    question is coming: Koers asks it, and the question joins what was said."""
    wim = Employee(channel, sink)
    texts = await wim.says(
        "Goedemiddag. Ik heb een vraag over mijn plek na de reorganisatie bij Belastingen, maar "
        "ik weet niet goed of ik hier aan het juiste adres ben.",
        replies=3,
    )
    assert texts[-1].startswith("Wat is je vraag?")
    await wim.says("ik wil weten of ik voorrang krijg bij vacatures")
    await wim.says("binnen een paar weken")
    await wim.says("sla over")
    summary, *_ = await wim.says("nee", replies=4)
    assert "Je vraag: Goedemiddag" in summary
    assert "ik wil weten of ik voorrang krijg bij vacatures\n- Hoe dringend" in summary


async def test_a_typed_question_is_the_question_and_a_hedge_is_not(
    channel: Channel, sink: ConnectorSink
) -> None:
    """ "ik wil ander werk, welke mogelijkheden heb ik?" asks: it is the question. "Something
    else? Or other work within the municipality, I guess" doubts a topic: the question follows."""
    rob = Employee(channel, sink, channelId="telegram")
    await rob.opens()
    (urgency,) = await rob.says(
        "ik wil graag ander werk binnen de gemeente, welke mogelijkheden heb ik?"
    )
    assert urgency.startswith("Hoe dringend")
    amy = Employee(channel, sink, channelId="telegram", locale="en-GB")
    await amy.opens()
    (asked,) = await amy.says("Something else? Or other work within the municipality, I guess")
    assert asked.startswith("What would you like to know or achieve?")


async def test_working_from_home_gets_a_pointer_and_the_question_again(
    channel: Channel, sink: ConnectorSink
) -> None:
    lies = Employee(channel, sink, channelId="telegram")
    await lies.opens()
    await lies.says("ik wil graag naar een andere afdeling binnen de gemeente")
    await lies.says("nee")
    await lies.says("geen haast")
    (offer,) = await lies.says("wijkbeheerder, 8 jaar")
    assert offer.startswith("Wil je een korte scan doen")
    pointer, again = await lies.says(
        "mag ik eigenlijk vaker thuiswerken als wijkbeheerder? wat zijn daar de regels voor",
        replies=2,
    )
    assert pointer.startswith("Afspraken over thuiswerken maak je met je leidinggevende.")
    assert again.startswith("Wil je een korte scan doen")


async def test_a_scan_answer_that_starts_like_a_question_is_an_answer(
    channel: Channel, sink: ConnectorSink
) -> None:
    """ "When I automate something boring" answers "what gives you energy?"; it is no question
    Koers cannot help with. With a question mark, a question in the scan still gets its reply."""
    max_ = Employee(channel, sink, channelId="telegram", locale="en-GB")
    await max_.opens()
    await max_.says("I'd like to find out what kind of role would suit me next, any ideas?")
    await max_.says("within a few weeks")
    await max_.says("IT service desk, 5 years")
    (first,) = await max_.says("yes")
    assert first.startswith("Question 1 of 6.")
    noted, second = await max_.says("When I automate something boring", replies=2)
    assert noted.startswith("Noted")
    assert second.startswith("Question 2 of 6.")
    pointer, again = await max_.says("can you reset my password?", replies=2)
    assert pointer.startswith("For your password")
    assert again.startswith("Question 2 of 6.")


async def test_a_question_left_out_and_then_given_again_is_back_and_stored(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    """Left out by mistake, then "mijn vraag is eigenlijk: …" (at the review or in the menu of
    what to leave out): the new question is shown and stored, never lost while Koers says it
    changed it. "sla over" in that menu goes back to what would be sent."""
    ida = Employee(channel, sink, channelId="telegram")
    await ida.opens()
    await ida.says("ik wil ander werk")
    await ida.says("ik zoek een functie bij een ander team")
    await ida.says("geen haast")
    await ida.says("sla over")
    await ida.says("nee", replies=4)
    await ida.says("ja graag")
    await ida.says("mail")
    await ida.says("ida@gemeente.example")
    (which,) = await ida.says("iets weglaten")
    assert which.startswith("Wat wil je weglaten?")
    (review,) = await ida.says("sla over")
    assert review.startswith("Dit zou ik sturen:")
    await ida.says("iets weglaten")
    (review,) = await ida.says("je vraag")
    assert "Je vraag" not in review
    await ida.says("iets weglaten")
    changed, review = await ida.says("mijn vraag is eigenlijk: kan ik naar team financiën?", 2)
    assert changed == "Ik heb het aangepast."
    assert "- Je vraag: kan ik naar team financiën?" in review
    await ida.says("ja, verstuur maar", replies=2)
    (intake,) = await _intakes(settings)
    assert intake["question"]["text"] == "kan ik naar team financiën?"


async def test_a_topic_corrected_at_the_review_is_shown_stored_and_advised_on(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    tim = Employee(channel, sink, channelId="telegram", locale="en-GB")
    await tim.opens()
    await tim.says("uncertain after the reorganisation")
    await tim.says("my temporary contract ends in three weeks and I need a new job")
    await tim.says("urgent")
    await tim.says("skip")
    await tim.says("no", replies=4)
    await tim.says("yes")
    await tim.says("by e-mail")
    (review,) = await tim.says("tim@gemeente.example")
    assert "- Uncertain after a reorganisation" in review
    changed, review = await tim.says(
        "the topic is wrong, it should be other work within the municipality", replies=2
    )
    assert changed == "I have changed it."
    assert "- Other work within the municipality" in review
    assert "Uncertain after a reorganisation" not in review
    assert "Job exchange" in review  # the advice for the new topic
    await tim.says("yes, send it", replies=2)
    (intake,) = await _intakes(settings)
    assert intake["question"]["theme"] == "internal_mobility"
    assert "job_exchange" in intake["products"]["recommended"]


async def test_a_question_after_sending_is_for_the_advisor_not_a_note(
    channel: Channel, sink: ConnectorSink
) -> None:
    """After the intake is sent nothing can be added to it: a question then is not offered as
    a note for the advisor (which would never arrive)."""
    noa = Employee(channel, sink, channelId="telegram")
    await noa.opens()
    await _to_the_offer(noa)
    await noa.says("ja")
    await noa.says("mail")
    await noa.says("noa@gemeente.example")
    stored, _satisfaction = await noa.says("ja, verstuur maar", replies=2)
    assert stored.startswith("Dank je. Je aanvraag is verstuurd")
    after, again = await noa.says("hoe lang duurt het voor ik wat hoor?", replies=2)
    assert after.startswith("Je aanvraag is al verstuurd. Stel die vraag gerust aan de adviseur")
    assert "Hoe tevreden ben je over Koers?" in again


async def test_skipping_the_review_asks_before_nothing_is_sent(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    """ "sla over" at "Mag ik dit versturen?" is no wish to throw the answers away: Koers asks."""
    bo = Employee(channel, sink, channelId="telegram")
    await bo.opens()
    await _to_the_offer(bo)
    await bo.says("ja")
    await bo.says("mail")
    await bo.says("bo@gemeente.example")
    (asked,) = await bo.says("sla over")
    assert asked.startswith("Wil je dat ik niets verstuur?")
    assert await _intakes(settings) == []


async def test_a_topic_corrected_before_the_review_changes_the_advice_too(
    channel: Channel, sink: ConnectorSink
) -> None:
    """ "onderwerp klopt niet, t gaat om balans werk prive" after the advice: the products and
    the reasons follow the new topic."""
    fem = Employee(channel, sink, channelId="telegram")
    await fem.opens()
    await fem.says("ik wil graag doorgroeien in mijn werk als boa")
    await fem.says("nee")
    await fem.says("geen haast")
    await fem.says("boa, 6 jaar")
    _, advice, _, _offer = await fem.says("nee", replies=4)
    assert "Talentworkshop" in advice
    changed, _ = await fem.says("onderwerp klopt niet, t gaat om balans werk prive", replies=2)
    assert changed.startswith(
        "Dank je, ik heb het onderwerp aangepast: Balans tussen werk en privé"
    )
    (why, _) = await fem.says("waarom raad je dit aan?", replies=2)
    assert "je vraag gaat over: Balans tussen werk en privé" in why
    assert "Mezelf ontwikkelen" not in why


async def test_work_told_in_the_first_message_is_not_asked_again(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    # "dat zei ik al": a question whose answer was already given should not be asked.
    noor = Employee(channel, sink, locale="en-GB")
    await noor.opens()
    (urgency,) = await noor.says(
        "I'd like to move to another department, I've been a youth worker in Nieuw-West for 6 years"
    )
    assert urgency.startswith("How urgent")
    (offer,) = await noor.says("not urgent")
    assert offer.startswith("Would you like a short scan")  # in English still, no work question
    texts = await noor.says("no thanks", replies=4)
    noted = texts[0].replace("\\", "")  # the summary escapes markdown
    assert "Your work: I've been a youth worker in Nieuw-West for 6 years" in noted
    await noor.says("yes, by email")
    (review,) = await noor.says("noor@gemeente.example")
    assert review.startswith("This is what I would send")
    await noor.says("yes send it", replies=2)
    (intake,) = await _intakes(settings)
    assert intake["context"]["work"] == "I've been a youth worker in Nieuw-West for 6 years"


async def test_no_and_what_was_meant_in_the_scan_replaces_what_was_noted(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    # "no, that's …" corrects what was just noted; it is not one more pick beside it.
    kim = Employee(channel, sink, locale="en-GB")
    await kim.opens()
    await kim.says("3")
    await kim.says("I want to become a product owner")
    await kim.says("no rush")
    await kim.says("developer, 3 years")
    await kim.says("sure")
    noted, _ = await kim.says("being able to decide how I do my work", replies=2)
    assert noted == "Noted: autonomy. If that is not right, type 'no'."
    undone, noted, again = await kim.says("no, I meant security", replies=3)
    assert undone == "Okay, I have taken out autonomy."
    assert noted.startswith("Noted: security.")
    assert again.startswith("Question 2 of 6.")
    noted, _ = await kim.says("learning new skills all the time", replies=2)
    assert noted.startswith("Noted in your own words: “learning new skills all the time”.")
    undone, noted, again = await kim.says("no, that's growth", replies=3)
    assert undone == "Okay, I have taken out “learning new skills all the time”."
    assert noted.startswith("Noted: growth.")
    assert again.startswith("Question 3 of 6.")
    (talent,) = await kim.says("skip")
    assert talent.startswith("Question 4 of 6.")
    texts = await kim.says("skip", replies=5)
    (scan,) = [text for text in texts if text.startswith("Your drivers:")]
    assert scan.startswith("Your drivers: Security, Growth.")


async def test_a_driver_in_her_own_words_is_removed_alone_at_the_review(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    ada = Employee(channel, sink, locale="en-GB")
    await ada.opens()
    await ada.says("3")
    await ada.says("I want to become a product owner")
    await ada.says("no rush")
    await ada.says("developer, 3 years")
    await ada.says("sure")
    await ada.says("a decent paycheck, honestly", replies=2)
    await ada.says("growth")
    await ada.says("skip")
    await ada.says("staying calm during incidents", replies=2)
    await ada.says("skip", replies=5)
    (review,) = await ada.says("yes please")
    assert "- Your drivers: Growth, “a decent paycheck, honestly”\n" in review
    # Named by one of her words: only that driver goes, her work and talents stay.
    changed, review = await ada.says("remove the paycheck one", replies=2)
    assert changed == "I have changed it."
    assert "- Your drivers: Growth\n" in review
    assert "paycheck" not in review
    assert "- Your talents: “staying calm during incidents”\n" in review
    assert "- Your work: developer, 3 years\n" in review
    await ada.says("send it", replies=2)
    (intake,) = await _intakes(settings)
    assert intake["profile"] == {
        "drivers": ["growth"],
        "talents_own_words": ["staying calm during incidents"],
    }


async def test_a_fragment_named_at_the_review_takes_its_sentence_out(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    bas = Employee(channel, sink)
    await bas.opens()
    await bas.says(
        "Ik wil graag naar een andere afdeling. Ik woon sinds kort in Almere en reis elke dag "
        "twee uur."
    )
    await bas.says("geen haast")
    await bas.says("sla over")
    await bas.says("nee", replies=4)
    (review,) = await bas.says("ja, mail maar naar bas@gemeente.example")
    assert "Almere" in review
    # "haal weg dat …": the sentence that holds those words goes, the rest stays.
    changed, review = await bas.says("haal weg dat ik in Almere woon", replies=2)
    assert changed == "Ik heb het aangepast."
    assert "Almere" not in review
    assert "Je vraag: Ik wil graag naar een andere afdeling.\n" in review.replace("\\", "")
    await bas.says("verstuur maar", replies=2)
    (intake,) = await _intakes(settings)
    assert intake["question"]["text"] == "Ik wil graag naar een andere afdeling."


async def test_a_first_message_that_asks_for_a_person_too_goes_to_the_person_with_its_question(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    joost = Employee(channel, sink, channelId="telegram")
    opening = (
        "Hoi, ik werk al 8 jaar als jurist bij Zuid en ik wil graag naar ruimtelijke ordening. "
        "Kan ik met een adviseur praten?"
    )
    *_, guess = await joost.says(opening, replies=3)
    assert guess.startswith("Gaat je vraag over: Ander werk binnen de gemeente?")
    texts = await joost.says("ja", replies=5)
    # Heard: no urgency, work or scan questions first, and no "Wil je dat een adviseur …?".
    assert texts[0] == "Je wilt een adviseur spreken. Dat regel ik met een paar korte vragen."
    assert texts[1].startswith("Dank je. Dit heb ik genoteerd:")
    assert texts[4].startswith("Hoe wil je dat de adviseur contact met je opneemt?")
    (review,) = await joost.says("mail maar naar joost@gemeente.example")
    assert review.startswith("Dit zou ik sturen")
    await joost.says("ja", replies=2)
    (intake,) = await _intakes(settings)
    assert intake["question"]["theme"] == "internal_mobility"
    assert intake["question"]["text"] == opening
    assert intake["context"]["work"] == "ik werk al 8 jaar als jurist bij Zuid"


async def test_nee_laat_maar_zitten_at_the_scan_offer_is_a_no_not_a_stop(
    channel: Channel, sink: ConnectorSink
) -> None:
    kees = Employee(channel, sink, channelId="telegram")
    await kees.says("ik wil graag naar een andere afdeling binnen de gemeente", replies=3)
    await kees.says("nee")  # nothing to add to that
    await kees.says("geen haast")
    (offer,) = await kees.says("marktmeester, kramen indelen en ruzies sussen, 19 jaar")
    # His work settles quarrels: no care for a conflict of his own.
    assert offer.startswith("Wil je een korte scan doen")
    texts = await kees.says("Nee hoor, laat maar zitten, ik ben niet zo van die testjes", replies=4)
    assert texts[0].startswith("Dank je. Dit heb ik genoteerd:")
    assert not any("stoppen" in text for text in texts)
    assert texts[3].startswith("Wil je dat een loopbaanadviseur")


async def test_a_help_request_is_no_question_and_an_address_at_the_review_changes_the_contact(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    lien = Employee(channel, sink, channelId="telegram")
    *_, guess = await lien.says(
        "Hoi! Ik zoek mijn volgende stap, kun jij me daarbij helpen?", replies=3
    )
    assert guess.startswith("Gaat je vraag over: Ontdekken wat ik wil?")
    (asked,) = await lien.says("ja")
    # "kun jij me daarbij helpen?" asks for help; the question itself is still to come.
    assert asked.startswith("Wat is je vraag?")
    await lien.says("ik wil weten welke functies bij mij passen")
    await lien.says("binnen een paar weken")
    await lien.says("sla over")
    await lien.says("nee", replies=4)
    (how,) = await lien.says("ja graag")
    assert how.startswith("Hoe wil je dat de adviseur contact met je opneemt?")
    await lien.says("bel me maar")
    (review,) = await lien.says("06-12345678")
    assert "Contact: 06" in review
    # The address typed at the review is how she wants to be reached now.
    changed, review = await lien.says("toch liever per mail: lien@gemeente.example")
    assert changed == "Ik heb het aangepast."
    assert "- Contact: lien@gemeente.example" in review
    assert "06-12345678" not in review
    await lien.says("ja, verstuur", replies=2)
    (intake,) = await _intakes(settings)
    assert intake["contact"] == {"preference": "email", "email": "lien@gemeente.example"}
    assert "ik wil weten welke functies bij mij passen" in intake["question"]["text"]


async def test_a_question_about_privacy_first_is_answered_and_the_first_question_follows(
    channel: Channel, sink: ConnectorSink
) -> None:
    dilan = Employee(channel, sink, locale="en-GB")
    texts = await dilan.says(
        "Before I start: who gets to see what I type here, and is it stored anywhere?", replies=3
    )
    # The welcome says what is kept and who sees it; no menu of data rights, and no dead end.
    assert texts[1].startswith("I keep your answers and messages for 30 days")
    assert texts[2].startswith("What is your question about?")
    (more,) = await dilan.says("growing in my role")
    assert not more.startswith("Type 'start again'")
    # Later on, the same question gets the short answer, and the question waiting comes back.
    answer, again = await dilan.says("wait, who gets to see what I type here?", replies=2)
    assert answer.startswith("I keep your answers and messages for 30 days")
    assert again.split("?")[0] == more.split("?")[0]


async def test_a_driver_mentioned_in_passing_still_shapes_the_advice_after_a_topic_change(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    ivo = Employee(channel, sink, channelId="telegram", locale="en-GB")
    await ivo.opens()
    await ivo.says("uncertain after the reorganisation")
    await ivo.says("my contract ends soon and I want a job where I have more freedom")
    await ivo.says("urgent")
    await ivo.says("skip")
    texts = await ivo.says("no", replies=4)
    assert "E-coaching" in texts[1]  # freedom: e-coaching, by the rule for autonomy
    await ivo.says("yes")
    await ivo.says("by e-mail")
    await ivo.says("ivo@gemeente.example")
    changed, review = await ivo.says(
        "the topic is wrong, it should be other work within the municipality", replies=2
    )
    assert changed == "I have changed it."
    assert "Job exchange" in review
    assert "E-coaching" in review  # what he said about freedom still counts
    await ivo.says("yes, send it", replies=2)
    (intake,) = await _intakes(settings)
    assert "e_coaching" in intake["products"]["recommended"]
    assert "profile" not in intake  # mentioned in passing: it shapes the advice only


async def test_a_first_message_that_asks_what_koers_is_gets_the_topic_question(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    gerrit = Employee(channel, sink)
    welcome, _, theme = await gerrit.says(
        "Wat is dit eigenlijk voor iets? Is dit een robot of zit daar echt iemand?", replies=3
    )
    # The welcome says what Koers is; the question about it is no topic and no question.
    assert "Ik ben geen mens" in welcome
    assert theme.startswith("Waar gaat je vraag over?")
    (urgency,) = await gerrit.says(
        "ik zit in mijn laatste jaren voor mijn pensioen en wil weten wat ik nog kan"
    )
    assert urgency.startswith("Hoe dringend")  # "wil weten": that is his question
    await gerrit.says("geen haast")
    await gerrit.says("marktmeester, 19 jaar")
    await gerrit.says("nee", replies=4)
    await gerrit.says("ja, bel me maar")
    await gerrit.says("06-12345678")
    await gerrit.says("ja", replies=2)
    (intake,) = await _intakes(settings)
    assert "robot" not in intake["question"]["text"]


async def test_a_next_scan_answer_that_starts_with_i_is_one_more_pick_not_a_correction(
    channel: Channel, sink: ConnectorSink
) -> None:
    # "I …" or "ik …" starts many answers; only a no ("no, …", "nee, …") corrects what was noted.
    pim = Employee(channel, sink, locale="en-GB")
    await pim.opens()
    await pim.says("3")
    await pim.says("I want to become a product owner")
    await pim.says("no rush")
    await pim.says("developer, 3 years")
    await pim.says("sure")
    noted, _ = await pim.says("being able to decide how I do my work", replies=2)
    assert noted == "Noted: autonomy. If that is not right, type 'no'."
    noted, again = await pim.says("I like working together with my team", replies=2)
    assert noted.startswith("Noted: connection.")
    assert again.startswith("Question 3 of 6.")


async def test_sla_maar_over_in_the_scan_skips_and_is_never_kept_as_a_driver(
    channel: Channel, sink: ConnectorSink
) -> None:
    roos = Employee(channel, sink, channelId="telegram")
    await roos.says("ik wil graag naar een andere afdeling binnen de gemeente", replies=3)
    await roos.says("nee")
    await roos.says("geen haast")
    await roos.says("sla over")
    (first,) = await roos.says("ja leuk")
    assert first.startswith("Vraag 1 van 6.")
    await roos.says("samenwerken met collega's", replies=2)
    (talent,) = await roos.says("sla maar over")
    # A skip in other words: on to the talents, and nothing noted in "her own words".
    assert talent.startswith("Vraag 4 van 6.")
    texts = await roos.says("skip this one", replies=5)
    assert not any("sla maar over" in text or "skip this one" in text for text in texts)
