"""The measured quality Koers reports about itself: of its language technology (written by
``python -m nlu evaluate --write-readme`` to nlu/quality.json) and of its conversations with
employees who type (written by ``python -m evaluation`` to evaluation/last-run.json).

Read from the files the evaluations write, never typed in by hand, so /over-koers and the
algorithm register say what was last measured. A missing or broken file is "not measured yet".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NLU_QUALITY = ROOT / "nlu" / "quality.json"
CONVERSATION_QUALITY = ROOT / "evaluation" / "last-run.json"


@dataclass(frozen=True)
class NluQuality:
    """Intent recognition on the held-out test split, per language and over both."""

    measured: str
    examples: int
    macro_f1: float
    macro_f1_nl: float
    macro_f1_en: float


@dataclass(frozen=True)
class ConversationQuality:
    """The conversations played by ``make eval-conversations``: how many, how many of them
    held out, and the share of held-out employees whose own question reached their intake."""

    measured: str
    conversations: int
    held_out: int
    own_question_held_out: float | None


@dataclass(frozen=True)
class Quality:
    nlu: NluQuality | None
    conversations: ConversationQuality | None


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def load_quality(nlu: Path = NLU_QUALITY, conversations: Path = CONVERSATION_QUALITY) -> Quality:
    """What the last evaluations wrote; None for a part that was never measured."""
    measured_nlu = None
    data = _read(nlu)
    try:
        if data is not None:
            measured_nlu = NluQuality(
                measured=str(data["measured"]),
                examples=int(data["examples"]),
                macro_f1=float(data["macro_f1"]["all"]),
                macro_f1_nl=float(data["macro_f1"]["nl"]),
                macro_f1_en=float(data["macro_f1"]["en"]),
            )
    except (KeyError, TypeError, ValueError):
        measured_nlu = None
    measured_conversations = None
    data = _read(conversations)
    try:
        if data is not None:
            share = data["held_out"]["own_question"]
            measured_conversations = ConversationQuality(
                measured=str(data["measured"]),
                conversations=int(data["conversations"]),
                held_out=int(data["held_out"]["conversations"]),
                own_question_held_out=None if share is None else float(share),
            )
    except (KeyError, TypeError, ValueError):
        measured_conversations = None
    return Quality(measured_nlu, measured_conversations)
