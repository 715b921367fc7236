"""Koers' NLU as its users see it: the predict contract, languages, entities, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from content import load_catalogue
from nlu.dataset import INTENTS, DatasetError, expand, parse_markup, read_examples
from nlu.fingerprint import DEFAULT_MODEL_DIR
from nlu.model import KoersNlu, ModelMissingError
from nlu.recognizer import shared_nlu, to_recognizer_result
from server.settings import PROJECT_ROOT

CONTENT = PROJECT_ROOT / "content"


@pytest.fixture(scope="module")
def nlu() -> KoersNlu:
    return shared_nlu(DEFAULT_MODEL_DIR, CONTENT, load_catalogue(CONTENT))


def _predict_cli(lines: list[str]) -> list[dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-m", "nlu", "predict"],
        cwd=PROJECT_ROOT,
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_predict_reads_and_writes_json_lines() -> None:
    outputs = _predict_cli(
        [
            json.dumps({"text": "ik wil graag een andere baan binnen de gemeente"}),
            json.dumps({"text": "what is e-coaching?", "lang": "en"}),
            "this line is not json",
            json.dumps({"text": ""}),
        ]
    )
    assert len(outputs) == 4
    first = outputs[0]
    assert first["intent"] == "internal_mobility"
    assert first["lang"] == "nl"
    assert set(first) >= {"text", "lang", "intent", "confidence", "entities"}
    assert outputs[1]["intent"] == "product_info"
    assert outputs[1]["entities"] == [
        {
            "label": "PRODUCT",
            "text": "e-coaching",
            "id": "e_coaching",
            "negated": False,
            "start": 8,
            "end": 18,
        }
    ]
    assert "error" in outputs[2]
    assert outputs[3]["intent"] == "out_of_scope"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hoi", "greeting"),
        ("bedankt voor de info", "thanks"),
        ("ik ben boventallig verklaard, wat nu", "job_uncertainty"),
        ("mag ik mijn ikb budget gebruiken voor een cursus", "development"),
        ("ik wil met een echte adviseur praten", "human_handoff"),
        ("hoe werkt het generatiepact", "later_career"),
        ("verwijder mijn gegevens", "privacy_request"),
        ("my workload is way too high and i'm exhausted", "wellbeing_balance"),
        ("where can i find internal vacancies", "internal_mobility"),
    ],
)
def test_typical_questions_get_their_intent(nlu: KoersNlu, text: str, intent: str) -> None:
    assert nlu.predict(text, "nl").intent == intent


@pytest.mark.parametrize(
    ("text", "hint", "language"),
    [
        ("ja", "en", "en"),  # too short to tell: the conversation's language stays
        ("ok", "nl", "nl"),
        ("thanks", "nl", "nl"),
        ("thank you so much", "nl", "en"),
        ("dank je wel", "en", "nl"),
        ("ik wil graag een andere baan binnen de gemeente", "en", "nl"),
        ("I would like another job within the municipality", "nl", "en"),
        ("data analyst at finance", "en", "en"),  # an answer too short to be another language
        ("analysing things, finding patterns in data", "en", "en"),  # German-looking to lingua
        # A Dutch place name in an English answer does not make it Dutch, nor the reverse.
        ("youth worker in Nieuw-West, 6 years", "en", "en"),
        ("Jongerenwerker in Nieuw-West, 6 jaar", "en", "nl"),
        ("teamleider stadsdeel Zuid sinds 2019", "en", "nl"),
        ("Ich möchte gerne mit jemandem über meine Arbeit sprechen", "nl", "other"),
        ("Belediyede başka bir iş bulmak istiyorum", "nl", "other"),
        ("أريد التحدث مع مستشار", "en", "other"),
    ],
)
def test_language_per_message(nlu: KoersNlu, text: str, hint: str, language: str) -> None:
    assert nlu.predict(text, hint).language == language


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("geen leidinggeven voor mij", "nl", [("leadership", True)]),
        ("ik heb een hekel aan plannen", "nl", [("organising", True)]),
        (
            "leidinggeven is niks voor mij, ik wil vrijheid",
            "nl",
            [("leadership", True), ("autonomy", False)],
        ),
        ("ik heb geen zekerheid meer", "nl", [("security", False)]),
        ("ik wil meer afwisselng en uitdagingen", "nl", [("variety", False), ("challenge", False)]),
        (
            "ik ben goed in organiseren en analyseer graag",
            "nl",
            [("organising", False), ("analysing", False)],
        ),
        ("not into managing people", "en", [("leadership", True)]),
        (
            "i love anlaysing data and i'm very precise",
            "en",
            [("analysing", False), ("precision", False)],
        ),
        ("i don't have time for my family anymore", "en", [("balance", False)]),
        ("wat kost de talent motivatie analyse", "nl", [("tma", False)]),
        ("mijn leidinggevende zegt dat ik moet kiezen", "nl", []),
    ],
)
def test_entities_with_typos_inflections_and_negation(
    nlu: KoersNlu, text: str, language: str, expected: list[tuple[str, bool]]
) -> None:
    found = [(e.entity_id, e.negated) for e in nlu.predict(text, language).entities]
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "a" * 10_000,
        "ik wil een andere baan " * 500,
        "🙂🚀🎉",
        "<script>alert('x')</script><b>hallo</b>",
        "ik\x00 wil\x07 een\u200b baan\x1b[31m",
        "ik want a new job please binnen de gemeente",
        "Ich möchte eine neue Stelle",
        "مرحبا",
        "{{7*7}} ${jndi:ldap://x} '; DROP TABLE bot_state;--",
        "\ud800",  # a lone surrogate
    ],
)
def test_bad_input_never_raises(nlu: KoersNlu, text: str) -> None:
    prediction = nlu.predict(text, "nl")
    assert prediction.intent in INTENTS
    assert 0.0 <= prediction.confidence <= 1.0
    assert prediction.language in {"nl", "en", "other"}


def test_unsure_predictions_keep_the_two_best_candidates(nlu: KoersNlu) -> None:
    prediction = nlu.predict("blub blub", "nl")
    assert prediction.intent == "out_of_scope"
    assert len(prediction.candidates) == 2
    assert prediction.candidates[0][1] >= prediction.candidates[1][1]


def test_a_synonym_added_to_the_catalogue_is_recognised_without_training(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    drivers = content / "drivers.yml"
    drivers.write_text(
        drivers.read_text(encoding="utf-8").replace('"vrijheid", ', '"speelruimte", "vrijheid", '),
        encoding="utf-8",
    )
    nlu = KoersNlu(DEFAULT_MODEL_DIR, load_catalogue(content))
    assert [e.entity_id for e in nlu.predict("ik zoek meer speelruimte", "nl").entities] == [
        "autonomy"
    ]


def test_the_recogniser_result_carries_intent_entities_and_language(nlu: KoersNlu) -> None:
    result = to_recognizer_result(nlu.predict("wat is de tma? geen leidinggeven voor mij", "nl"))
    top = max(result.intents.items(), key=lambda item: item[1].score)
    assert top[0] == "product_info"
    assert result.entities["PRODUCT"] == [{"id": "tma", "text": "tma", "negated": False}]
    assert result.entities["DRIVER"] == [
        {"id": "leadership", "text": "leidinggeven", "negated": True}
    ]
    assert result.properties["language"] == "nl"


def test_a_missing_model_is_named_with_the_command_that_makes_it(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="make nlu"):
        KoersNlu(tmp_path, load_catalogue(CONTENT))


def test_data_files_parse_and_report_mistakes_by_line(tmp_path: Path) -> None:
    assert parse_markup("ik wil [vrijheid](autonomy) en geen [plannen](!organising)") == (
        "ik wil vrijheid en geen plannen",
        parse_markup("ik wil [vrijheid](autonomy) en geen [plannen](!organising)")[1],
    )
    spans = parse_markup("ik wil [vrijheid](autonomy) en geen [plannen](!organising)")[1]
    assert [(s.start, s.end, s.entity_id, s.negated) for s in spans] == [
        (7, 15, "autonomy", False),
        (24, 31, "organising", True),
    ]
    bad = tmp_path / "bad.txt"
    bad.write_text("## greeting\nhoi\n## weather\nzon\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad\.txt:3: unknown intent 'weather'"):
        read_examples(bad, "nl")


def test_templates_expand_deterministically() -> None:
    import random

    lines = expand("{ik wil|wij willen} {meer |}[vrijheid](autonomy)", random.Random(1), 10)
    assert lines == [
        "ik wil meer [vrijheid](autonomy)",
        "ik wil [vrijheid](autonomy)",
        "wij willen meer [vrijheid](autonomy)",
        "wij willen [vrijheid](autonomy)",
    ]
