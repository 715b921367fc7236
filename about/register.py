"""What Koers says about itself: the recommendation rules in words, and its description in
the fields of the Dutch government's algorithm register (Algoritmeregister publication
standard), for the municipality to publish.

Everything is generated from ``content/`` and the last measurements, so it cannot go stale:
change a rule in recommendations.yml and the page and the register file change with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from about.quality import Quality
from content import Catalogue, Rule

STANDARD = "Algoritmeregister publicatiestandaard"


def say(catalogue: Catalogue, key: str, language: str, **params: str) -> str:
    """A text of content/about.yml in ``language``, with the centre's details and ``params``."""
    return catalogue.messages.fill(catalogue.about.texts[key], language, **params)


@dataclass(frozen=True)
class RuleInWords:
    """One rule as the page shows it: when it applies, the product, and Koers' reason."""

    when: tuple[str, ...]
    product: str
    reason: str


def _names(catalogue: Catalogue, kind: str, ids: tuple[str, ...], language: str) -> str:
    names = catalogue.names(kind, ids, language)
    return f" {say(catalogue, 'rule_or', language)} ".join(names)


def _conditions(catalogue: Catalogue, rule: Rule, language: str) -> tuple[str, ...]:
    parts = [
        (rule.themes, "themes", "rule_theme"),
        (rule.urgency, "urgency", "rule_urgency"),
        (rule.drivers, "drivers", "rule_driver"),
        (rule.talents, "talents", "rule_talent"),
    ]
    said = tuple(
        say(catalogue, key, language, names=_names(catalogue, kind, ids, language))
        for ids, kind, key in parts
        if ids
    )
    return said or (say(catalogue, "rule_always", language),)


def rules_in_words(catalogue: Catalogue, language: str) -> list[RuleInWords]:
    """Every rule of recommendations.yml, in the order the centre wrote them."""
    fill = catalogue.messages.fill
    return [
        RuleInWords(
            when=_conditions(catalogue, rule, language),
            product=catalogue.products[rule.product].name.in_language(language),
            reason=fill(rule.reason, language),
        )
        for rule in catalogue.rules
    ]


def product_languages(catalogue: Catalogue, language: str) -> list[tuple[str, str]]:
    """Each product with the languages it is given in, named in ``language``."""
    names = catalogue.about.language_names.get(language, {})
    return [
        (
            product.name.in_language(language),
            ", ".join(names.get(code, code) for code in product.languages),
        )
        for product in catalogue.products.values()
    ]


def _methods(catalogue: Catalogue, quality: Quality, language: str) -> str:
    """The technical working in a few sentences, with the figures last measured."""
    rules = "\n".join(
        f"- {'; '.join(rule.when)} → {rule.product}" for rule in rules_in_words(catalogue, language)
    )
    intro = [say(catalogue, key, language) for key in ("rules_intro", "rules_asked")]
    return "\n\n".join([*intro, rules, quality_sentence(catalogue, quality, language)])


def quality_sentence(catalogue: Catalogue, quality: Quality, language: str) -> str:
    """The measured quality in plain words, or "not measured yet"."""
    said = []
    if quality.nlu is not None:
        nlu = quality.nlu
        said.append(
            say(
                catalogue,
                "quality_nlu",
                language,
                examples=str(nlu.examples),
                macro_f1=f"{nlu.macro_f1:.2f}",
                macro_f1_nl=f"{nlu.macro_f1_nl:.2f}",
                macro_f1_en=f"{nlu.macro_f1_en:.2f}",
                measured=nlu.measured,
            )
        )
    talks = quality.conversations
    if talks is not None and talks.own_question_held_out is not None:
        said.append(
            say(
                catalogue,
                "quality_conversations",
                language,
                conversations=str(talks.conversations),
                held_out=str(talks.held_out),
                own_question=f"{talks.own_question_held_out:.0%}",
                measured=talks.measured,
            )
        )
    return " ".join(said) or say(catalogue, "not_measured", language)


def algorithm_register(catalogue: Catalogue, quality: Quality, language: str) -> dict[str, Any]:
    """Koers in the fields of the algorithm register's publication standard; what only the
    organisation knows comes from content/about.yml, the rest from the catalogue."""
    about = catalogue.about
    centre = catalogue.centre
    fields = about.register_fields
    fill = catalogue.messages.fill
    return {
        "standard": STANDARD,
        "lang": language,
        "name": centre.bot_name,
        "description_short": " ".join(fill(text, language) for text in about.what[:2]),
        "organization": fields.get("organisation", ""),
        "category": [fields.get("theme", "")],
        "status": fields.get("status", ""),
        "begin_date": fields.get("begin_date", ""),
        "end_date": None,
        "contact_email": centre.contact_email,
        "website": "/over-koers",
        "publication_category": fields.get("publication_category", ""),
        **{key: fill(text, language) for key, text in about.register_texts.items()},
        "source_data": say(catalogue, "source_data", language),
        "methods_and_models": _methods(catalogue, quality, language),
        "rules": [
            {"when": list(rule.when), "product": rule.product, "reason": rule.reason}
            for rule in rules_in_words(catalogue, language)
        ],
    }
