"""Employees who only type, read from the YAML files in ``evaluation/personas/``.

A persona is data, not code, so that the dialog team can read and add them without touching the
driver, and so that the held-out set can be written once and left alone: ``tune/`` is what the
dialogs may be improved against, ``held_out/`` tells how Koers does with people nobody tuned for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PERSONAS_DIR = Path(__file__).resolve().parent / "personas"
SETS = ("tune", "held_out")
LANGUAGES = ("nl", "en")
DEFAULTS_FILE = "defaults.yml"
_LOCALES = {"nl": "nl-NL", "en": "en-US"}


class PersonaError(ValueError):
    """A persona file that cannot be played: names the file and what is wrong."""


@dataclass(frozen=True)
class Event:
    """Something the employee does once, the first time Koers asks ``at``: type something else
    than the answer (an out-of-scope question, a correction, a language switch), or come back
    after ``pause_hours`` away."""

    at: str
    say: str | None = None
    pause_hours: float = 0.0


@dataclass(frozen=True)
class Persona:
    id: str
    set: str
    language: str
    about: str
    # The first thing they type; in Teams Koers may already have greeted them (opens_app).
    opening: str
    # Their own question: its words must reach the stored intake.
    question: str
    scan: bool
    consent: bool
    # Per question key: what they type the first time it is asked, the second time, ...; the
    # last answer is typed again after that.
    answers: Mapping[str, tuple[str, ...]]
    events: tuple[Event, ...]
    opens_app: bool
    locale: str

    def answer(self, key: str, times_answered: int) -> str | None:
        given = self.answers.get(key)
        if not given:
            return None
        return given[min(times_answered, len(given) - 1)]


@dataclass(frozen=True)
class Defaults:
    """What everybody types where their own file says nothing (the closing questions, "yes" to
    a confirmation), and the neutral words for a message they cannot place."""

    neutral: Mapping[str, str]
    answers: Mapping[str, Mapping[str, tuple[str, ...]]]

    def answer(self, key: str, language: str, times_answered: int) -> str | None:
        given = self.answers.get(language, {}).get(key)
        if not given:
            return None
        return given[min(times_answered, len(given) - 1)]


def _texts(path: Path, node: Any, where: str) -> tuple[str, ...]:
    items = [node] if isinstance(node, str) else node
    if not isinstance(items, list) or not items:
        raise PersonaError(f"{path}: {where}: expected a text or a non-empty list of texts")
    if not all(isinstance(item, str) and item.strip() for item in items):
        raise PersonaError(f"{path}: {where}: every answer must be a non-empty text")
    return tuple(items)


def _text(path: Path, data: Mapping[str, Any], field: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        raise PersonaError(f"{path}: {field}: expected a non-empty text")
    return value.strip()


def _flag(path: Path, data: Mapping[str, Any], field: str, default: bool | None = None) -> bool:
    value = data.get(field, default)
    if not isinstance(value, bool):
        raise PersonaError(f"{path}: {field}: expected true or false")
    return value


def _events(path: Path, node: Any) -> tuple[Event, ...]:
    if node is None:
        return ()
    if not isinstance(node, list):
        raise PersonaError(f"{path}: events: expected a list")
    events = []
    for index, item in enumerate(node):
        if not isinstance(item, dict) or not isinstance(item.get("at"), str):
            raise PersonaError(f"{path}: events[{index}]: expected 'at: <question key>'")
        say, pause = item.get("say"), item.get("pause_hours", 0)
        if say is not None and (not isinstance(say, str) or not say.strip()):
            raise PersonaError(f"{path}: events[{index}].say: expected a non-empty text")
        if not isinstance(pause, int | float) or pause < 0 or (say is None and pause == 0):
            raise PersonaError(f"{path}: events[{index}]: expected say and/or pause_hours > 0")
        events.append(Event(item["at"], say, float(pause)))
    return tuple(events)


def _read(path: Path) -> Mapping[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise PersonaError(f"{path}: not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise PersonaError(f"{path}: expected a mapping")
    return data


def load_persona(path: Path, persona_set: str) -> Persona:
    data = _read(path)
    language = _text(path, data, "language")
    if language not in LANGUAGES:
        raise PersonaError(f"{path}: language: expected one of {', '.join(LANGUAGES)}")
    question = _text(path, data, "question")
    raw_answers = data.get("answers")
    if not isinstance(raw_answers, dict) or not raw_answers:
        raise PersonaError(f"{path}: answers: expected a mapping of question keys to answers")
    answers = {
        str(key): _texts(path, value, f"answers.{key}") for key, value in raw_answers.items()
    }
    # Most people answer "what is your question?" with their question.
    answers.setdefault("orientation.question", (question,))
    persona = Persona(
        id=_text(path, data, "id"),
        set=persona_set,
        language=language,
        about=str(data.get("about") or "").strip(),
        opening=_text(path, data, "opening"),
        question=question,
        scan=_flag(path, data, "scan"),
        consent=_flag(path, data, "consent"),
        answers=answers,
        events=_events(path, data.get("events")),
        opens_app=_flag(path, data, "opens_app", False),
        locale=str(data.get("locale") or _LOCALES[language]),
    )
    required = ["intake.offer"]
    required += ["scan.offer"] if persona.scan else []
    required += ["intake.contact", "intake.review"] if persona.consent else []
    missing = [key for key in required if key not in answers]
    if missing:
        raise PersonaError(f"{path}: answers: says nothing for {', '.join(missing)}")
    return persona


def load_personas(root: Path = PERSONAS_DIR, sets: tuple[str, ...] = SETS) -> list[Persona]:
    """Every persona of ``sets``, in file order; ids must be unique."""
    personas = [
        load_persona(path, persona_set)
        for persona_set in sets
        for path in sorted((root / persona_set).glob("*.yml"))
    ]
    seen: set[str] = set()
    for persona in personas:
        if persona.id in seen:
            raise PersonaError(f"two personas have the id {persona.id!r}")
        seen.add(persona.id)
    return personas


def load_defaults(root: Path = PERSONAS_DIR) -> Defaults:
    path = root / DEFAULTS_FILE
    data = _read(path)
    neutral = data.get("neutral")
    answers = data.get("answers")
    if not isinstance(neutral, dict) or set(neutral) != set(LANGUAGES):
        raise PersonaError(f"{path}: neutral: expected a text per language (nl, en)")
    if not isinstance(answers, dict) or not set(answers) <= set(LANGUAGES):
        raise PersonaError(f"{path}: answers: expected a mapping per language (nl, en)")
    return Defaults(
        neutral={language: str(neutral[language]) for language in LANGUAGES},
        answers={
            language: {
                str(key): _texts(path, value, f"answers.{language}.{key}")
                for key, value in (answers.get(language) or {}).items()
            }
            for language in LANGUAGES
        },
    )
