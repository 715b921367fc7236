"""``python -m evaluation``: starts Koers, plays every persona on Teams, prints what happened
and writes ``evaluation/last-run.md``.

A measurement, not a test: it exits 0 whatever the figures are, and non-zero only when the
driver itself cannot run (a broken persona file, Koers not starting, a crash).
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from content import load_catalogue
from evaluation.kinds import RETIRED_QUESTIONS
from evaluation.koers import running_koers
from evaluation.measure import Conversation
from evaluation.personas import (
    PERSONAS_DIR,
    SETS,
    Defaults,
    Persona,
    PersonaError,
    load_defaults,
    load_personas,
)
from evaluation.play import Player
from evaluation.recognise import Recogniser
from evaluation.report import as_json, as_markdown, as_text, transcript

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
LAST_RUN = Path(__file__).resolve().parent / "last-run.md"


def recogniser() -> Recogniser:
    """Every text Koers says, from the catalogue as it is now (new keys included)."""
    return Recogniser(load_catalogue(CONTENT_DIR).messages)


def check_keys(personas: Sequence[Persona], known: frozenset[str]) -> None:
    """A persona answering a key that messages.yml does not have would never be asked it: a
    typo there must stop the run, not quietly lower the figures."""
    for persona in personas:
        keys = set(persona.answers) | {event.at for event in persona.events}
        unknown = sorted(keys - known - RETIRED_QUESTIONS)
        if unknown:
            raise PersonaError(f"persona {persona.id}: no text in messages.yml for {unknown}")


async def evaluate(
    personas: Sequence[Persona], defaults: Defaults | None = None, database: Path | None = None
) -> list[Conversation]:
    """Play ``personas`` one after the other against one Koers on a fresh database.

    One after the other because Koers' clock is shared: an employee's break of a night must not
    move the time of somebody else's conversation."""
    reader = recogniser()
    check_keys(personas, reader.keys)
    chosen_defaults = defaults or load_defaults()
    async with running_koers(database) as koers:
        return [
            await Player(koers, reader, chosen_defaults, persona).play() for persona in personas
        ]


def _git(*arguments: str) -> str | None:
    try:
        # Only the fixed read-only git commands below; nothing typed by anyone reaches them.
        done = subprocess.run(  # noqa: S603
            ["git", *arguments],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


def version() -> str:
    """Which Koers was measured: the commit, and whether files outside the evaluation differed
    from it (figures of a work in progress must not pass for the commit's)."""
    commit = _git("rev-parse", "--short", "HEAD")
    if commit is None:
        return "unknown commit"
    changed = _git(
        "status",
        "--porcelain",
        "--",
        ".",
        ":(exclude)evaluation",
        ":(exclude)tests/test_evaluation.py",
    )
    return f"{commit} with uncommitted changes" if changed else commit


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation", description="Koers with employees who only type."
    )
    parser.add_argument("--set", choices=SETS, action="append", help="only this set (repeatable)")
    parser.add_argument("--persona", action="append", help="only this persona id (repeatable)")
    parser.add_argument(
        "--transcripts", action="store_true", help="print every conversation in full"
    )
    parser.add_argument(
        "--markdown", type=Path, default=LAST_RUN, help=f"where to write the tables ({LAST_RUN})"
    )
    parser.add_argument("--personas-dir", type=Path, default=PERSONAS_DIR, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _arguments(argv)
    try:
        personas = load_personas(arguments.personas_dir, tuple(arguments.set or SETS))
        defaults = load_defaults(arguments.personas_dir)
    except PersonaError as error:
        print(f"evaluation: {error}", file=sys.stderr)
        return 2
    if arguments.persona:
        personas = [persona for persona in personas if persona.id in arguments.persona]
    if not personas:
        print("evaluation: no persona to play", file=sys.stderr)
        return 2
    try:
        conversations = asyncio.run(evaluate(personas, defaults))
    except PersonaError as error:
        print(f"evaluation: {error}", file=sys.stderr)
        return 2
    if arguments.transcripts:
        print("\n\n".join(transcript(c) for c in conversations), end="\n\n")
    print(as_text(conversations))
    heading = (
        f"Koers with employees who only type: {len(conversations)} conversations in Teams, "
        f"{datetime.now(UTC):%Y-%m-%d}, {version()}"
    )
    arguments.markdown.write_text(as_markdown(conversations, heading), encoding="utf-8")
    figures = arguments.markdown.with_suffix(".json")
    measured = f"{datetime.now(UTC):%Y-%m-%d}, {version()}"
    figures.write_text(as_json(conversations, measured), encoding="utf-8")
    print(f"\nWritten: {arguments.markdown} and {figures}")
    return 0
