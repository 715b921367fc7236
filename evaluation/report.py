"""The run as people read it: one line per conversation, the figures per set beside their
targets, and the failures that happened most, as plain text for the terminal and as markdown
for the README (``evaluation/last-run.md``)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence

from evaluation.measure import Conversation, Figure, Incident, figures
from evaluation.personas import SETS

WORST = 15
EXAMPLES = 3
_TYPED_CHARS = 60


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def conversation_rows(conversations: Sequence[Conversation]) -> list[list[str]]:
    return [
        [
            c.persona_id,
            c.persona_set,
            c.language,
            _yes(c.scan),
            _yes(c.consent),
            _yes(c.stored),
            (_yes(c.own_question) if c.stored else "–"),
            str(c.turns),
            str(c.repairs),
            str(c.repeats),
            str(c.unrecognised),
            c.outcome,
        ]
        for c in conversations
    ]


CONVERSATION_HEADER = [
    "persona",
    "set",
    "lang",
    "scan",
    "consent",
    "stored",
    "own question",
    "turns",
    "repairs",
    "repeats",
    "unplaced",
    "outcome",
]


def _cell(figure: Figure) -> str:
    if figure.met is None:
        return figure.value
    return f"{figure.value}: {'met' if figure.met else 'NOT MET'}"


def figure_rows(conversations: Sequence[Conversation]) -> list[list[str]]:
    """One row per figure: its name, its target, and its value in each set and overall."""
    groups = [[c for c in conversations if c.persona_set == name] for name in SETS]
    columns: list[list[Figure]] = [figures(group) for group in [*groups, list(conversations)]]
    rows = []
    for index, first in enumerate(columns[0]):
        cells = [_cell(column[index]) for column in columns]
        rows.append([first.name, first.target, *cells])
    return rows


def figure_header(conversations: Sequence[Conversation]) -> list[str]:
    counts = Counter(c.persona_set for c in conversations)
    sets = [f"{name} ({counts[name]})" for name in SETS]
    return ["figure", "target", *sets, f"all ({len(conversations)})"]


def _clip(text: str, limit: int = _TYPED_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def worst(conversations: Sequence[Conversation], limit: int = WORST) -> list[list[str]]:
    """The incidents that happened most, per what happened and at which question, with how
    many employees met it, a few of the things they typed, and what Koers answered the first."""
    grouped: dict[tuple[str, str], list[tuple[str, Incident]]] = defaultdict(list)
    for conversation in conversations:
        for incident in conversation.incidents:
            grouped[(incident.what, incident.kind)].append((conversation.persona_id, incident))
    ranked = sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0]))
    rows = []
    for (what, kind), happened in ranked[:limit]:
        people = len({persona for persona, _ in happened})
        typed = list(dict.fromkeys(f"“{incident.typed}”" for _, incident in happened))
        rows.append(
            [
                str(len(happened)),
                str(people),
                what,
                kind,
                _clip(" / ".join(typed[:EXAMPLES]), _TYPED_CHARS * EXAMPLES),
                _clip(happened[0][1].answer, 160),
            ]
        )
    return rows


def missed(conversations: Sequence[Conversation]) -> list[str]:
    """Planned moments that never came: the persona never met the question they wait for, so
    what it meant to test (a break, a switch of language) was not tested."""
    return [
        f"{c.persona_id}: never asked {', '.join(c.missed_events)}"
        for c in conversations
        if c.missed_events
    ]


WORST_HEADER = ["times", "employees", "what", "question", "typed (examples)", "Koers answered"]


def text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return "\n".join([line(header), line(["---"] * len(header)), *map(line, rows)])


def _missed_text(conversations: Sequence[Conversation]) -> str:
    lines = missed(conversations)
    return "Planned moments that never came:\n" + "\n".join(f"- {line}" for line in lines)


def as_text(conversations: Sequence[Conversation]) -> str:
    parts = [
        text_table(CONVERSATION_HEADER, conversation_rows(conversations)),
        text_table(figure_header(conversations), figure_rows(conversations)),
        "Failures that happened most:\n" + text_table(WORST_HEADER, worst(conversations)),
    ]
    if missed(conversations):
        parts.append(_missed_text(conversations))
    return "\n\n".join(parts)


def as_markdown(conversations: Sequence[Conversation], heading: str) -> str:
    parts = [
        f"# {heading}",
        markdown_table(figure_header(conversations), figure_rows(conversations)),
        "## Failures that happened most",
        markdown_table(WORST_HEADER, worst(conversations)),
        "## Every conversation",
        markdown_table(CONVERSATION_HEADER, conversation_rows(conversations)),
    ]
    if missed(conversations):
        parts.append(_missed_text(conversations))
    return "\n\n".join(parts) + "\n"


def transcript(conversation: Conversation) -> str:
    """The whole conversation, for reading one persona's run closely (``--transcripts``)."""
    lines = [f"== {conversation.persona_id} ({conversation.outcome})"]
    for speaker, text in conversation.transcript:
        marker = "   >" if speaker == "employee" else "    "
        lines += [f"{marker} {line}" for line in text.splitlines() or [""]]
    return "\n".join(lines)


def as_json(conversations: Sequence[Conversation], measured: str) -> str:
    """The figures /over-koers and the algorithm register quote (about/quality.py reads
    them): how many conversations, and per set the share stored with their own question."""

    def own_question(chosen: Sequence[Conversation]) -> float | None:
        consenting = [c for c in chosen if c.consent]
        if not consenting:
            return None
        return sum(c.own_question for c in consenting) / len(consenting)

    sets = {
        name: [c for c in conversations if c.persona_set == name] for name in ("tune", "held_out")
    }
    data = {
        "measured": measured,
        "conversations": len(conversations),
        **{
            name: {"conversations": len(chosen), "own_question": own_question(chosen)}
            for name, chosen in sets.items()
        },
    }
    return json.dumps(data, indent=2) + "\n"
