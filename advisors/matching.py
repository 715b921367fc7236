"""Proposes an advisor for a new intake: theme expertise, language, open capacity this week,
round-robin among equals. A coordinator can always reassign; the reason is stored with it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from advisors.roster import Advisor

_NEVER = datetime.min.replace(tzinfo=UTC)


# Why Koers proposed whom; the console and the mail say it in words (messages.yml proposal.*).
REASONS = ("expert", "language_only", "nobody")


@dataclass(frozen=True)
class Proposal:
    advisor_id: str | None
    reason: str  # one of REASONS


def propose(
    theme: str,
    language: str,
    roster: Sequence[Advisor],
    taken_this_week: Mapping[str, int],
    last_proposed: Mapping[str, datetime],
) -> Proposal:
    """The advisor to propose, or None (then a coordinator assigns), with the reason."""

    def free(advisor: Advisor) -> bool:
        return advisor.active and taken_this_week.get(advisor.id, 0) < advisor.weekly_capacity

    def next_in_turn(candidates: list[Advisor]) -> Advisor:
        # Round-robin: whoever was proposed longest ago (or never) goes first.
        return min(candidates, key=lambda a: (last_proposed.get(a.id, _NEVER), a.id))

    speaks = [a for a in roster if free(a) and language in a.languages]
    experts = [a for a in speaks if theme in a.themes]
    if experts:
        chosen = next_in_turn(experts)
        return Proposal(chosen.id, "expert")
    if speaks:
        chosen = next_in_turn(speaks)
        return Proposal(chosen.id, "language_only")
    return Proposal(None, "nobody")
