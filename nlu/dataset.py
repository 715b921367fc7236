"""The NLU's examples: plain-text files a person can read and extend.

Each file (``nlu/data/<lang>/<split>.txt``) lists examples under ``## intent`` headings, one a
line. Entities are marked inline: ``[vrijheid](autonomy)``, and ``[plannen](!organising)`` when
the employee says they do *not* want it. Lines starting with ``#`` (and one space) are comments.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from content.catalogue import REQUIRED_IDS

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("nl", "en")
# The career themes (all but "other") are intents too: a message can name its theme directly.
THEME_INTENTS = tuple(theme for theme in REQUIRED_IDS["themes"] if theme != "other")
INTENTS = (
    "greeting",
    "goodbye",
    "thanks",
    "help",
    "restart",
    "cancel",
    "human_handoff",
    "product_info",
    *THEME_INTENTS,
    "privacy_request",
    "affirm",
    "deny",
    "out_of_scope",
)
_MARK = re.compile(r"\[([^\[\]]+)\]\((!?)([a-z_]+)\)")


class DatasetError(ValueError):
    """A data file has a line Koers cannot read; the message names file and line."""


@dataclass(frozen=True)
class Span:
    """An entity in an example: characters ``start:end`` mean ``entity_id``."""

    start: int
    end: int
    entity_id: str
    negated: bool = False


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    language: str
    spans: tuple[Span, ...] = field(default=())


def parse_markup(line: str) -> tuple[str, tuple[Span, ...]]:
    """The plain text of a marked-up line and its entity spans."""
    text_parts: list[str] = []
    spans: list[Span] = []
    position = 0
    length = 0
    for match in _MARK.finditer(line):
        before = line[position : match.start()]
        text_parts.append(before)
        length += len(before)
        words = match.group(1)
        spans.append(Span(length, length + len(words), match.group(3), match.group(2) == "!"))
        text_parts.append(words)
        length += len(words)
        position = match.end()
    text_parts.append(line[position:])
    return "".join(text_parts), tuple(spans)


def read_examples(path: Path, language: str, *, markup: bool = True) -> list[Example]:
    """Every example in one file; ``DatasetError`` names the line of any mistake.

    With ``markup=False`` lines are kept as written (templates are expanded before their
    entity markup is read)."""
    examples: list[Example] = []
    intent: str | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("# ") or line == "#":
            continue
        if line.startswith("## "):
            intent = line[3:].strip()
            if intent not in INTENTS:
                raise DatasetError(f"{path}:{number}: unknown intent {intent!r}")
            continue
        if intent is None:
            raise DatasetError(f"{path}:{number}: an example before the first ## intent heading")
        if not markup:
            examples.append(Example(text=line, intent=intent, language=language))
            continue
        text, spans = parse_markup(line)
        if "[" in text and "](" in text:
            raise DatasetError(f"{path}:{number}: entity markup not closed")
        examples.append(Example(text=text, intent=intent, language=language, spans=spans))
    return examples


def load(language: str, split: str, data_dir: Path = DATA_DIR) -> list[Example]:
    return read_examples(data_dir / language / f"{split}.txt", language)


_GROUP = re.compile(r"\{([^{}]*)\}")


def expand(template: str, rng: random.Random, limit: int) -> list[str]:
    """The lines a template stands for: all of them, or ``limit`` chosen by ``rng``."""
    literals = _GROUP.split(template)
    # split() alternates literal text and group contents: even indexes are literals.
    choices = [part.split("|") if index % 2 else [part] for index, part in enumerate(literals)]
    total = 1
    for options in choices:
        total *= len(options)
    if total <= limit:
        combos: Iterable[tuple[str, ...]] = itertools.product(*choices)
    else:
        combos = (tuple(rng.choice(options) for options in choices) for _ in range(limit))
    lines = (" ".join("".join(combo).split()) for combo in combos)
    return list(dict.fromkeys(line for line in lines if line))


def load_templates(
    language: str, rng: random.Random, per_template: int, data_dir: Path = DATA_DIR
) -> list[Example]:
    """Training examples from ``<lang>/templates.txt``: each line expanded, entities marked."""
    path = data_dir / language / "templates.txt"
    expanded: list[Example] = []
    for template in read_examples(path, language, markup=False):
        for line in expand(template.text, rng, per_template):
            text, spans = parse_markup(line)
            expanded.append(
                Example(text=text, intent=template.intent, language=language, spans=spans)
            )
    return expanded
