"""``make chat``: a person types in a terminal and reads Koers' answers."""

from __future__ import annotations

import subprocess
import sys

from bot.settings import PROJECT_ROOT


def _chat(lines: list[str], database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.chat_cli", *args],
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
    assert "Waar gaat je vraag over?" in replies[3]  # a hello in between: asked again
    assert len(replies) == 4


def test_a_terminal_conversation_in_english_ends_at_end_of_input(sqlite_url: str) -> None:
    result = _chat(["hello"], sqlite_url, "--lang", "en")
    assert result.returncode == 0, result.stderr
    replies = [line for line in result.stdout.splitlines() if "Koers:" in line]
    assert "I am Koers" in replies[0] and "not a person" in replies[0]
    assert "What is your question about?" in replies[2]
