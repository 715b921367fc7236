"""The intake: what Koers sends the career centre, built from the conversation and checked
against the versioned JSON Schema in advisors/schema/, so advisors' tools can rely on it."""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from privacy.redact import redact

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "intake-v1.json"
SCHEMA_VERSION = "1"
# After a kind of the profile ("drivers_own_words"): what the employee said in their own words
# where no option fitted, kept as said.
OWN = "_own_words"
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread


class InvalidIntake(ValueError):
    """The intake does not match its schema; the message says where."""


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def validate(intake: Mapping[str, Any]) -> None:
    """Raise ``InvalidIntake`` naming the first problem, if there is one."""
    error = next(iter(_validator().iter_errors(intake)), None)
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "-"
        raise InvalidIntake(f"{where}: {error.message}")


def new_reference() -> str:
    """A short code the employee can quote ("K-7F3KQ2")."""
    return "K-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))


@dataclass(frozen=True)
class StoredIntake:
    """What storing an intake tells the conversation: its reference, and whether an advisor
    with room was proposed (if not, a coordinator assigns it and Koers says so honestly)."""

    reference: str
    advisor_proposed: bool


def build(
    *,
    answers: Mapping[str, Any],
    contact: Mapping[str, str],
    language: str,
    channel: str,
    consent_at: datetime,
    privacy_version: str,
    left_out: Sequence[str] = (),
) -> dict[str, Any]:
    """The intake for the conversation's answers, without the parts the employee left out."""
    question: dict[str, Any] = {"theme": answers.get("theme") or "other"}
    if answers.get("question") and "question" not in left_out:
        question["text"] = redact(str(answers["question"]))
    if answers.get("urgency"):
        question["urgency"] = answers["urgency"]
    if answers.get("for_advisor") and "for_advisor" not in left_out:
        question["for_advisor"] = [redact(str(asked)) for asked in answers["for_advisor"]][:10]
    intake: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": str(uuid.uuid4()),
        "reference": new_reference(),
        "created_at": consent_at.isoformat(),
        "language": language,
        "channel": channel,
        "consent": {"given_at": consent_at.isoformat(), "privacy_version": privacy_version},
        "question": question,
        "contact": dict(contact),
    }
    if answers.get("work") and "work" not in left_out:
        intake["context"] = {"work": redact(str(answers["work"]))}
    profile: dict[str, list[str]] = {}
    for kind in ("drivers", "talents"):
        if kind in left_out:
            continue
        if answers.get(kind):
            profile[kind] = list(answers[kind])
        if answers.get(kind + OWN):
            profile[kind + OWN] = [redact(str(words)) for words in answers[kind + OWN]]
    if profile:
        intake["profile"] = profile
    if answers.get("recommended") and "products" not in left_out:
        intake["products"] = {"recommended": list(answers["recommended"])}
    validate(intake)
    return intake
