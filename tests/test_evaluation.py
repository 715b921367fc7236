"""The conversation evaluation (`make eval-conversations`): its personas load, it recognises
Koers' questions by their words in both languages, and it plays two employees end to end."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from content import Messages, load_catalogue
from evaluation.drive import CONTENT_DIR, evaluate, recogniser
from evaluation.kinds import QUESTIONS, is_repair
from evaluation.personas import PERSONAS_DIR, load_personas
from evaluation.recognise import Recogniser
from evaluation.report import as_markdown, as_text


@pytest.fixture(scope="module")
def reader() -> Recogniser:
    return recogniser()


def _plain_repair(messages: Messages, language: str) -> str:
    """A repair line that fills nothing in (which repair keys exist changes with the dialogs)."""
    for key in sorted(messages.keys()):
        if is_repair(key):
            with contextlib.suppress(KeyError):
                return messages.t(key, language)
    raise AssertionError("messages.yml has no repair line")


def _asks(reader: Recogniser, text: str) -> str | None:
    found = reader.last_of(text, QUESTIONS)
    return found.key if found else None


@pytest.mark.parametrize("language", ["nl", "en"])
def test_questions_are_recognised_by_their_words(reader: Recogniser, language: str) -> None:
    messages = load_catalogue(CONTENT_DIR).messages
    t = messages.t
    urgency = t("orientation.urgency", language)
    assert _asks(reader, urgency) == "orientation.urgency"
    # A repair line before the question and a hint after it: still the urgency question.
    repaired = f"{_plain_repair(messages, language)} {urgency} {t('skip.hint', language)}"
    assert _asks(reader, repaired) == "orientation.urgency"
    assert any(is_repair(item.key) for item in reader.read(repaired))
    # The scan's questions are told apart by the text inside "Vraag 3 van 6".
    ask = t("scan.driver.next", language)
    scan = t("scan.question", language, number="3", total="6", ask=ask)
    assert _asks(reader, scan) == "scan.driver.next"
    # What was noted before the next scan question does not hide the question.
    noted = t("scan.noted", language, heard="afwisseling en vrijheid")
    assert _asks(reader, f"{noted} {scan}") == "scan.driver.next"
    review = t("intake.review", language, summary="- Je vraag: ik wil iets anders\n- Contact: -")
    assert _asks(reader, review) == "intake.review"
    for stored in ("intake.stored", "intake.stored_no_room"):
        promised = t("service.days", language, days="10")
        assert _asks(reader, t(stored, language, reference="K-1234", promised=promised)) is None
        said = t(stored, language, reference="K-1", promised=promised)
        assert [found.key for found in reader.read(said)] == [stored]


def test_the_personas_are_split_and_the_held_out_set_says_so() -> None:
    personas = load_personas()
    assert len(personas) >= 40
    assert {p.language for p in personas} == {"nl", "en"}
    assert sum(p.set == "tune" for p in personas) >= 20
    assert sum(p.set == "held_out" for p in personas) >= 14
    for path in (PERSONAS_DIR / "held_out").glob("*.yml"):
        assert "never tuned on" in path.read_text(encoding="utf-8").splitlines()[0]


async def test_two_employees_are_played_and_reported(tmp_path: Path) -> None:
    tune = [p for p in load_personas(sets=("tune",)) if not p.scan]
    chosen = [next(p for p in tune if p.language == language) for language in ("nl", "en")]
    conversations = await evaluate(chosen, database=tmp_path / "koers.db")
    assert [c.persona_id for c in conversations] == [p.id for p in chosen]
    for persona, conversation in zip(chosen, conversations, strict=True):
        assert (conversation.persona_set, conversation.language) == ("tune", persona.language)
        assert ("employee", persona.opening) in conversation.transcript
        assert conversation.turns > 0
        assert conversation.repairs >= 0
        assert conversation.repeats >= 0
        assert conversation.stored or not conversation.own_question
        assert conversation.outcome
    text = as_text(conversations)
    for figure in (
        "stored with their own question",
        "repairs per conversation",
        "messages repeated in a row",
        "median turns with the scan",
        "median turns without the scan",
    ):
        assert figure in text
    markdown = as_markdown(conversations, "Two employees")
    assert "| figure | target | tune (2) | held_out (0) | all (2) |" in markdown
