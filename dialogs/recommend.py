"""Which products fit an employee's answers, by the career centre's rules in content/.

What the employee asked for by name comes first ("ik wil coaching"); then, for an urgent
question, the rules that an urgency met (the quickest route); then the most specific rules.
Each recommendation keeps what made it fit, so Koers can say why ("waarom raad je dit aan?").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from content import Catalogue, Rule, Text

MAX_RECOMMENDATIONS = 3
# Where the conversation keeps what made each recommended product fit (by product id).
ADVICE_BECAUSE = "advice_because"
# Drivers and talents the employee mentioned in passing ("ik wil meer vrijheid"): they shape the
# advice, also when it is given again for a changed topic, but never go into the intake.
MENTIONED = "mentioned"
# What made a product fit, as kept in the conversation: the conditions met, by kind.
ASKED, THEMES, URGENCY, DRIVERS, TALENTS = "asked", "themes", "urgency", "drivers", "talents"


@dataclass(frozen=True)
class Recommendation:
    product: str
    reason: Text
    # What made it fit: "asked" (named by the employee) and/or the rule's conditions met, each
    # with the values that met it ({"themes": ["development"], "drivers": ["autonomy"]}).
    because: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def _met(
    rule: Rule, theme: str | None, urgency: str | None, drivers: set[str], talents: set[str]
) -> dict[str, tuple[str, ...]] | None:
    """The conditions the rule names, each with what met it; None when one is not met."""
    named = {
        THEMES: (rule.themes, {theme} if theme else set()),
        URGENCY: (rule.urgency, {urgency} if urgency else set()),
        DRIVERS: (rule.drivers, drivers),
        TALENTS: (rule.talents, talents),
    }
    met: dict[str, tuple[str, ...]] = {}
    for kind, (wanted, given) in named.items():
        if not wanted:
            continue
        found = tuple(value for value in wanted if value in given)
        if not found:
            return None
        met[kind] = found
    return met


def recommend(
    catalogue: Catalogue,
    theme: str | None,
    urgency: str | None,
    drivers: Iterable[str] = (),
    talents: Iterable[str] = (),
    asked: Iterable[str] = (),
) -> list[Recommendation]:
    """Up to three products: asked for first (with the words of recommend.asked where no rule
    gives a reason), then rules an urgency met, then the most specific rules, each once."""
    wanted, good_at = set(drivers), set(talents)
    scored = []
    for index, rule in enumerate(catalogue.rules):
        met = _met(rule, theme, urgency, wanted, good_at)
        if met is not None:
            scored.append((URGENCY not in met, -len(met), index, rule, met))
    scored.sort(key=lambda item: item[:3])
    chosen: dict[str, Recommendation] = {}
    for product in dict.fromkeys(asked):
        if product not in catalogue.products:
            continue
        fitting = next((item for item in scored if item[3].product == product), None)
        if fitting is not None:
            reason, because = fitting[3].reason, {ASKED: (product,), **fitting[4]}
        else:
            reason, because = catalogue.messages.text("recommend.asked"), {ASKED: (product,)}
        chosen[product] = Recommendation(product, reason, because)
    for _, _, _, rule, met in scored:
        if len(chosen) >= MAX_RECOMMENDATIONS:
            break
        if rule.product not in chosen:
            chosen[rule.product] = Recommendation(rule.product, rule.reason, met)
    return list(chosen.values())[:MAX_RECOMMENDATIONS]


def explain(
    catalogue: Catalogue, because: Mapping[str, Mapping[str, Iterable[str]]], language: str
) -> str:
    """ "waarom raad je dit aan?": per product, the rule that fired in plain words."""
    t = catalogue.messages.t
    lines = []
    for product, met in because.items():
        if product not in catalogue.products:
            continue
        said = [t("recommend.why_asked", language)] if ASKED in met else []
        for kind in (THEMES, URGENCY, DRIVERS, TALENTS):
            if kind in met:
                names = ", ".join(catalogue.names(kind, met[kind], language))
                said.append(t(f"recommend.why_{kind}", language, names=names))
        joined = f" {t('recommend.why_and', language)} ".join(said)
        reason = joined or t("recommend.why_always", language)
        name = catalogue.products[product].name.in_language(language)
        lines.append(f"- {name}: {reason}")
    if not lines:
        return t("recommend.why_not_yet", language)
    return t("recommend.why", language, lines="\n".join(lines))


def advise_again(catalogue: Catalogue, answers: dict[str, Any]) -> None:
    """The products for a changed topic in ``answers`` (which hold advice already), by the same
    rules, keeping first what the employee asked for by name."""
    because = answers.get(ADVICE_BECAUSE) or {}
    asked = [product for product, met in because.items() if ASKED in met]
    mentioned = answers.get(MENTIONED) or {}
    advice = recommend(
        catalogue,
        answers.get("theme"),
        answers.get("urgency"),
        merged(answers.get("drivers") or [], mentioned.get("drivers") or []),
        merged(answers.get("talents") or [], mentioned.get("talents") or []),
        asked=asked,
    )
    keep_advice(answers, advice)


def merged(first: list[str], then: list[str]) -> list[str]:
    """``first``, then what ``then`` adds, each once and in order."""
    return list(dict.fromkeys([*first, *then]))


def keep_advice(answers: dict[str, Any], advice: Iterable[Recommendation]) -> None:
    """The products recommended, and what made each fit (ids only, never sent, for "waarom
    raad je dit aan?"), where the conversation keeps its answers."""
    advice = list(advice)
    answers["recommended"] = [item.product for item in advice]
    answers[ADVICE_BECAUSE] = {
        item.product: {kind: list(values) for kind, values in item.because.items()}
        for item in advice
    }
