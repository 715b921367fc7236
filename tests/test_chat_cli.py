"""``make chat``: a person types in a terminal and reads Koers' answers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from advisors.intake import validate
from advisors.intake_store import IntakeStore
from server.settings import PROJECT_ROOT
from storage.engine import create_engine


def _chat(lines: list[str], database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "app.py", "chat", *args],
        cwd=PROJECT_ROOT,
        input="".join(f"{line}\n" for line in lines),
        env={"DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_terminal_conversation_in_dutch(sqlite_url: str) -> None:
    result = _chat(["hallo", "/quit"], sqlite_url)
    assert result.returncode == 0, result.stderr
    replies = [line for line in result.stdout.splitlines() if "Koers:" in line]
    assert "Ik ben Koers" in replies[0] and "geen mens" in replies[0]
    assert "Waar gaat je vraag over?" in replies[2]
    assert "1. Ontdekken wat ik wil" in result.stdout  # a numbered list where cards cannot show
    # A hello in between: a short word, and the question just shown is not sent again.
    assert "Hoi! We waren bij deze vraag: Waar gaat je vraag over?" in replies[3]
    assert len(replies) == 4


def test_a_terminal_conversation_in_english_ends_at_end_of_input(sqlite_url: str) -> None:
    result = _chat(["hello"], sqlite_url, "--lang", "en")
    assert result.returncode == 0, result.stderr
    replies = [line for line in result.stdout.splitlines() if "Koers:" in line]
    assert "I am Koers" in replies[0] and "not a person" in replies[0]
    assert "What is your question about?" in replies[2]


@pytest.mark.parametrize(
    ("lang", "lines", "stored_text"),
    [
        (
            "nl",
            [
                "hoi",
                "2",
                "ik wil naar een ander team",
                "1",
                "sla over",
                "2",
                "1",
                "1",
                "ik@gemeente.example",
                "1",
            ],
            "ik wil naar een ander team",
        ),
        (
            "en",
            [
                "hello",
                "2",
                "I want to move to another team",
                "1",
                "skip",
                "2",
                "1",
                "1",
                "me@gemeente.example",
                "1",
            ],
            "I want to move to another team",
        ),
    ],
)
async def test_from_hello_to_a_stored_intake_in_the_terminal(
    sqlite_url: str, lang: str, lines: list[str], stored_text: str
) -> None:
    result = _chat(lines, sqlite_url, *(["--lang", "en"] if lang == "en" else []))
    assert result.returncode == 0, result.stderr
    assert "K-" in result.stdout  # the reference the employee can quote
    engine = create_engine(sqlite_url)
    try:
        (intake,) = await IntakeStore(engine).all()
    finally:
        await engine.dispose()
    validate(intake)
    assert intake["question"]["text"] == stored_text
    assert intake["language"] == lang
    assert intake["channel"] == "console"
