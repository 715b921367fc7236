"""Which products fit an employee's answers, by the career centre's rules in content/."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from content import Catalogue, Rule, Text

MAX_RECOMMENDATIONS = 3


@dataclass(frozen=True)
class Recommendation:
    product: str
    reason: Text


def _matches(
    rule: Rule, theme: str | None, urgency: str | None, drivers: set[str], talents: set[str]
) -> int | None:
    """How many conditions the rule names and meets, or None when one is not met."""
    checks = [
        (rule.themes, theme is not None and theme in rule.themes),
        (rule.urgency, urgency is not None and urgency in rule.urgency),
        (rule.drivers, bool(drivers & set(rule.drivers))),
        (rule.talents, bool(talents & set(rule.talents))),
    ]
    named = [met for condition, met in checks if condition]
    return len(named) if all(named) else None


def recommend(
    catalogue: Catalogue,
    theme: str | None,
    urgency: str | None,
    drivers: Iterable[str] = (),
    talents: Iterable[str] = (),
) -> list[Recommendation]:
    """Up to three products, the most specific rules first, each product once."""
    wanted, good_at = set(drivers), set(talents)
    scored = [
        (score, index, rule)
        for index, rule in enumerate(catalogue.rules)
        if (score := _matches(rule, theme, urgency, wanted, good_at)) is not None
    ]
    scored.sort(key=lambda item: (-item[0], item[1]))
    chosen: dict[str, Recommendation] = {}
    for _, _, rule in scored:
        if rule.product not in chosen:
            chosen[rule.product] = Recommendation(rule.product, rule.reason)
        if len(chosen) == MAX_RECOMMENDATIONS:
            break
    return list(chosen.values())
