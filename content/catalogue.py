"""Loads and checks the catalogue the career centre edits: products, themes, drivers, talents,
texts.

The centre edits YAML, not code, so a typo must not reach an employee: the loader checks every
file when Koers starts and stops start-up with a message that names the file and the key.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from privacy.retention import Retention

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

# Ids that the NLU, the flows and the insights rely on: the catalogue must define each of them.
# The centre may add more; it may not drop one of these.
REQUIRED_IDS: Mapping[str, tuple[str, ...]] = {
    "themes": (
        "career_orientation",
        "internal_mobility",
        "development",
        "job_uncertainty",
        "wellbeing_balance",
        "later_career",
        "other",
    ),
    "drivers": (
        "autonomy",
        "security",
        "expertise",
        "leadership",
        "entrepreneurship",
        "meaning",
        "challenge",
        "balance",
        "connection",
        "growth",
        "recognition",
        "variety",
    ),
    "talents": (
        "analysing",
        "organising",
        "creating",
        "connecting",
        "supporting",
        "persuading",
        "executing",
        "communicating",
        "problem_solving",
        "leading",
        "learning",
        "precision",
    ),
    "products": (
        "career_conversation",
        "e_coaching",
        "talent_workshop",
        "tma",
        "career_coaching",
        "job_exchange",
        "inspiration_lab",
    ),
}

_ID = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_MESSAGE_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_PLACEHOLDER = re.compile(r"^[a-z][a-z0-9_]*$")
PRODUCT_TEXT_FIELDS = ("name", "summary", "for_whom", "duration", "cost", "how_to_start")


class CatalogueError(Exception):
    """The catalogue cannot be used; ``str()`` names the file, the key and what is wrong."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        super().__init__(f"{file}: {key}: {problem}")
        self.file = file
        self.key = key
        self.problem = problem


def normalise_language(language: str | None) -> str:
    """Koers speaks Dutch and English; any other or missing language falls back to Dutch."""
    if language:
        code = language.strip().lower().replace("_", "-").split("-", 1)[0]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Text:
    """One text in every language Koers speaks."""

    nl: str
    en: str

    def in_language(self, language: str) -> str:
        return self.en if normalise_language(language) == "en" else self.nl


@dataclass(frozen=True)
class Synonyms:
    """Words employees use for a driver, talent or product, per language, in lower case."""

    nl: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def in_language(self, language: str) -> tuple[str, ...]:
        return self.en if normalise_language(language) == "en" else self.nl


@dataclass(frozen=True)
class Entry:
    """A theme, driver or talent: an id with a name and a one-line description."""

    id: str
    name: Text
    description: Text
    synonyms: Synonyms = Synonyms()


@dataclass(frozen=True)
class Product:
    """One of the career centre's products, with what a user needs to decide on it."""

    id: str
    name: Text
    summary: Text
    for_whom: Text
    duration: Text
    cost: Text
    how_to_start: Text
    themes: tuple[str, ...]
    drivers: tuple[str, ...]
    talents: tuple[str, ...]
    synonyms: Synonyms = Synonyms()


@dataclass(frozen=True)
class Centre:
    """The organisation behind Koers: its name, contact address and privacy statement."""

    bot_name: str
    centre_name: Text
    contact_email: str
    privacy_url: str
    # When an employee can expect an advisor to get in touch, e.g. "binnen 3 werkdagen".
    service_level: Text


class Messages:
    """Every sentence Koers says, by key, filled in for one language."""

    def __init__(self, texts: Mapping[str, Text], centre: Centre, privacy_version: str) -> None:
        self._texts = dict(texts)
        self._centre = centre
        self._values = {"privacy_version": privacy_version, **Retention().placeholders()}

    def use_retention(self, retention: Retention) -> None:
        """Quote the periods the IT department configured (the defaults until then)."""
        self._values.update(retention.placeholders())

    def __contains__(self, key: object) -> bool:
        return key in self._texts

    def keys(self) -> Iterable[str]:
        return self._texts.keys()

    def t(self, key: str, language: str, **params: str) -> str:
        """The text for ``key`` in ``language``, with the centre's details and ``params``."""
        return self.fill(self._texts[key], language, **params)

    def fill(self, text: Text, language: str, **params: str) -> str:
        """Any catalogue text in ``language``, with the centre's details and ``params``."""
        values = {
            "bot_name": self._centre.bot_name,
            "centre_name": self._centre.centre_name.in_language(language),
            "contact_email": self._centre.contact_email,
            "privacy_url": self._centre.privacy_url,
            "service_level": self._centre.service_level.in_language(language),
            **self._values,
            **params,
        }
        return text.in_language(language).format_map(values)


@dataclass(frozen=True)
class Orientation:
    """The orientation questions' answer options and the words that skip a question."""

    urgency: Mapping[str, Text]
    skip_words: Synonyms
    # Phrases that switch the conversation to the language they are listed under.
    language_switch: Synonyms
    # Exact command words per intent (help, cancel, restart, human_handoff).
    commands: Mapping[str, Synonyms]


@dataclass(frozen=True)
class SensitiveTopic:
    """A topic Koers does not probe into: the words that signal it and the caring reply."""

    id: str
    words: Synonyms
    reply: Text


@dataclass(frozen=True)
class Rule:
    """Recommend ``product`` with ``reason`` when every named condition matches."""

    product: str
    themes: tuple[str, ...]
    urgency: tuple[str, ...]
    drivers: tuple[str, ...]
    talents: tuple[str, ...]
    reason: Text


RIGHTS = ("show", "export", "delete", "statement")
RETENTION_PLACEHOLDERS = frozenset(Retention().placeholders())


@dataclass(frozen=True)
class PrivacyStatement:
    """The privacy statement as the employee reads it, with the version every consent records,
    and the words that ask for one's data ("wat weet je van mij?", "verwijder mijn gegevens")."""

    version: str
    title: Text
    sections: tuple[Text, ...]
    # Per right (show, export, delete, statement), the words that ask for it.
    requests: Mapping[str, Synonyms]
    # Per right, words that tell which one a question about privacy is about.
    request_words: Mapping[str, Synonyms]


@dataclass(frozen=True)
class Catalogue:
    """The whole, checked catalogue; built once at start and shared read-only."""

    centre: Centre
    themes: Mapping[str, Entry]
    drivers: Mapping[str, Entry]
    talents: Mapping[str, Entry]
    products: Mapping[str, Product]
    messages: Messages
    orientation: Orientation
    sensitive: tuple[SensitiveTopic, ...]
    rules: tuple[Rule, ...]
    privacy: PrivacyStatement
    # The coarse groups an employee may name for the insights (content/groups.yml).
    groups: Mapping[str, Entry]


class _File:
    """Reads one YAML file and reports problems with its name and the key where they are."""

    def __init__(self, directory: Path, name: str) -> None:
        self.name = name
        path = directory / name
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CatalogueError(name, "-", "the file is missing") from None
        except (OSError, UnicodeDecodeError) as error:
            raise CatalogueError(name, "-", f"the file cannot be read ({error})") from None
        try:
            self.data: Any = yaml.safe_load(raw)
        except yaml.YAMLError as error:
            where = getattr(error, "problem_mark", None)
            line = f"line {where.line + 1}" if where is not None else "-"
            raise CatalogueError(name, line, "this is not valid YAML") from None

    def error(self, key: str, problem: str) -> CatalogueError:
        return CatalogueError(self.name, key, problem)

    def mapping(self, node: Any, key: str) -> Mapping[str, Any]:
        if not isinstance(node, dict):
            raise self.error(key, "expected a mapping of names to values")
        return node

    def string(self, node: Mapping[str, Any], field: str, key: str) -> str:
        value = node.get(field)
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{key}.{field}", "expected a non-empty text")
        return value.strip()

    def text(self, node: Mapping[str, Any], field: str, key: str) -> Text:
        value = node.get(field)
        where = f"{key}.{field}" if key else field
        if not isinstance(value, dict):
            raise self.error(where, "expected a text with nl and en")
        for language in LANGUAGES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                raise self.error(f"{where}.{language}", "the translation is missing")
        unknown = sorted(set(map(str, value)) - set(LANGUAGES))
        if unknown:
            raise self.error(where, f"unknown language {', '.join(unknown)}")
        return Text(nl=value["nl"].strip(), en=value["en"].strip())

    def synonyms(self, node: Mapping[str, Any], key: str, field: str = "synonyms") -> Synonyms:
        """Optional ``synonyms: {nl: [...], en: [...]}``, kept in lower case."""
        value = node.get(field, {})
        where = f"{key}.{field}" if key else field
        if not isinstance(value, dict):
            raise self.error(where, "expected nl and en lists of words")
        words: dict[str, tuple[str, ...]] = {}
        for language in LANGUAGES:
            items = value.get(language, [])
            if not isinstance(items, list) or not all(
                isinstance(item, str) and item.strip() for item in items
            ):
                raise self.error(f"{where}.{language}", "expected a list of words")
            words[language] = tuple(dict.fromkeys(item.strip().lower() for item in items))
        unknown = sorted(set(map(str, value)) - set(LANGUAGES))
        if unknown:
            raise self.error(where, f"unknown language {', '.join(unknown)}")
        return Synonyms(nl=words["nl"], en=words["en"])

    def entries(self, section: str) -> list[tuple[str, Mapping[str, Any]]]:
        """The list under ``section``, each item with its id checked for form and uniqueness."""
        top = self.mapping(self.data, "-")
        items = top.get(section)
        if not isinstance(items, list) or not items:
            raise self.error(section, "expected a non-empty list")
        seen: set[str] = set()
        result: list[tuple[str, Mapping[str, Any]]] = []
        for index, item in enumerate(items):
            node = self.mapping(item, f"{section}[{index}]")
            item_id = node.get("id")
            if not isinstance(item_id, str) or not _ID.match(item_id):
                raise self.error(
                    f"{section}[{index}].id", "expected an id of lower-case letters, digits and _"
                )
            if item_id in seen:
                raise self.error(item_id, "this id appears twice")
            seen.add(item_id)
            result.append((item_id, node))
        missing = [required for required in REQUIRED_IDS.get(section, ()) if required not in seen]
        if missing:
            raise self.error(missing[0], f"this required {section[:-1]} is missing")
        return result

    def references(
        self, node: Mapping[str, Any], field: str, key: str, known: Mapping[str, object]
    ) -> tuple[str, ...]:
        value = node.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(f"{key}.{field}", "expected a list of ids")
        for ref in value:
            if ref not in known:
                raise self.error(f"{key}.{field}", f"unknown id {ref!r}")
        return tuple(value)


def _load_entries(directory: Path, section: str) -> dict[str, Entry]:
    file = _File(directory, f"{section}.yml")
    return {
        item_id: Entry(
            id=item_id,
            name=file.text(node, "name", item_id),
            description=file.text(node, "description", item_id),
            synonyms=file.synonyms(node, item_id),
        )
        for item_id, node in file.entries(section)
    }


CENTRE_PLACEHOLDERS = {
    "bot_name",
    "centre_name",
    "contact_email",
    "privacy_url",
    "service_level",
    "privacy_version",
    *RETENTION_PLACEHOLDERS,
}


def _load_centre(directory: Path) -> Centre:
    file = _File(directory, "centre.yml")
    node = file.mapping(file.data, "-")
    email = file.string(node, "contact_email", "centre")
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise file.error("centre.contact_email", "expected an e-mail address")
    privacy_url = file.string(node, "privacy_url", "centre")
    if not privacy_url.startswith("https://"):
        raise file.error("centre.privacy_url", "expected an https:// address")
    return Centre(
        bot_name=file.string(node, "bot_name", "centre"),
        centre_name=file.text(node, "centre_name", "centre"),
        contact_email=email,
        privacy_url=privacy_url,
        service_level=file.text(node, "service_level", "centre"),
    )


def _load_privacy(directory: Path) -> PrivacyStatement:
    file = _File(directory, "privacy.yml")
    top = file.mapping(file.data, "-")
    allowed = CENTRE_PLACEHOLDERS
    sections = top.get("sections")
    if not isinstance(sections, list) or not sections:
        raise file.error("sections", "expected a non-empty list of texts with nl and en")
    texts = [file.text({"text": node}, "text", f"sections[{i}]") for i, node in enumerate(sections)]
    title = file.text(top, "title", "")
    for key, text in [("title", title), *((f"sections[{i}]", t) for i, t in enumerate(texts))]:
        for language in LANGUAGES:
            unknown = _placeholders(file, key, text.in_language(language)) - allowed
            if unknown:
                raise file.error(f"{key}.{language}", f"unknown {{{sorted(unknown)[0]}}}")
    requests_node = file.mapping(top.get("requests"), "requests")
    requests = {right: file.synonyms(requests_node, "requests", right) for right in RIGHTS}
    for right in RIGHTS:
        if not all(requests[right].in_language(language) for language in LANGUAGES):
            raise file.error(f"requests.{right}", "expected words in nl and en")
    words_node = file.mapping(top.get("request_words", {}), "request_words")
    request_words = {
        right: file.synonyms(words_node, "request_words", right)
        for right in RIGHTS
        if right in words_node
    }
    return PrivacyStatement(
        version=file.string(top, "version", "privacy"),
        title=title,
        sections=tuple(texts),
        requests=requests,
        request_words=request_words,
    )


def _load_products(
    directory: Path,
    themes: Mapping[str, Entry],
    drivers: Mapping[str, Entry],
    talents: Mapping[str, Entry],
) -> dict[str, Product]:
    file = _File(directory, "products.yml")
    products: dict[str, Product] = {}
    for item_id, node in file.entries("products"):
        texts = {field: file.text(node, field, item_id) for field in PRODUCT_TEXT_FIELDS}
        products[item_id] = Product(
            id=item_id,
            **texts,
            themes=file.references(node, "themes", item_id, themes),
            drivers=file.references(node, "drivers", item_id, drivers),
            talents=file.references(node, "talents", item_id, talents),
            synonyms=file.synonyms(node, item_id),
        )
    return products


def _placeholders(file: _File, key: str, text: str) -> set[str]:
    names: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise file.error(key, "a { or } is not closed; write {{ or }} for a brace") from None
    for _, name, _, _ in parsed:
        if name is None:
            continue
        if not _PLACEHOLDER.match(name):
            raise file.error(key, f"{{{name}}} is not a plain name in braces")
        names.add(name)
    return names


def _load_messages(directory: Path, centre: Centre, privacy_version: str) -> Messages:
    file = _File(directory, "messages.yml")
    top = file.mapping(file.data, "-")
    texts: dict[str, Text] = {}
    for key in top:
        if not isinstance(key, str) or not _MESSAGE_KEY.match(key):
            raise file.error(str(key), "expected a key like 'welcome.greeting'")
        value = file.text(top, key, "")
        if _placeholders(file, f"{key}.nl", value.nl) != _placeholders(file, f"{key}.en", value.en):
            raise file.error(key, "nl and en fill in different {names}")
        texts[key] = value
    return Messages(texts, centre, privacy_version)


def _load_orientation(directory: Path) -> Orientation:
    file = _File(directory, "orientation.yml")
    top = file.mapping(file.data, "-")
    levels = top.get("urgency")
    if not isinstance(levels, list) or not levels:
        raise file.error("urgency", "expected a non-empty list")
    urgency: dict[str, Text] = {}
    for index, item in enumerate(levels):
        node = file.mapping(item, f"urgency[{index}]")
        level = node.get("id")
        if not isinstance(level, str) or not _ID.match(level) or level in urgency:
            raise file.error(f"urgency[{index}].id", "expected a new id of lower-case letters")
        urgency[level] = file.text(node, "name", level)
    return Orientation(
        urgency=urgency,
        skip_words=file.synonyms(top, "", "skip_words"),
        language_switch=file.synonyms(top, "", "language_switch"),
        commands=_load_commands(file, top),
    )


COMMAND_INTENTS = ("help", "cancel", "restart", "human_handoff")


def _load_commands(file: _File, top: Mapping[str, Any]) -> dict[str, Synonyms]:
    node = file.mapping(top.get("commands", {}), "commands")
    unknown = sorted(set(map(str, node)) - set(COMMAND_INTENTS))
    if unknown:
        raise file.error(f"commands.{unknown[0]}", "not a command Koers knows")
    return {intent: file.synonyms(node, "commands", intent) for intent in node}


def _load_sensitive(directory: Path) -> tuple[SensitiveTopic, ...]:
    file = _File(directory, "sensitive.yml")
    top = file.mapping(file.data, "-")
    items = top.get("topics")
    if not isinstance(items, list) or not items:
        raise file.error("topics", "expected a non-empty list")
    topics: list[SensitiveTopic] = []
    for index, item in enumerate(items):
        node = file.mapping(item, f"topics[{index}]")
        topic_id = node.get("id")
        if not isinstance(topic_id, str) or not _ID.match(topic_id):
            raise file.error(f"topics[{index}].id", "expected an id of lower-case letters")
        words = file.synonyms(node, topic_id, "words")
        if not words.nl or not words.en:
            raise file.error(f"{topic_id}.words", "expected words in nl and en")
        reply = file.text(node, "reply", topic_id)
        for language in LANGUAGES:
            unknown = _placeholders(
                file, f"{topic_id}.reply.{language}", reply.in_language(language)
            )
            unknown -= CENTRE_PLACEHOLDERS
            if unknown:
                raise file.error(
                    f"{topic_id}.reply.{language}", f"unknown {{{sorted(unknown)[0]}}}"
                )
        topics.append(SensitiveTopic(topic_id, words, reply))
    return tuple(topics)


def _load_rules(
    directory: Path,
    products: Mapping[str, Product],
    themes: Mapping[str, Entry],
    urgency: Mapping[str, Text],
    drivers: Mapping[str, Entry],
    talents: Mapping[str, Entry],
) -> tuple[Rule, ...]:
    file = _File(directory, "recommendations.yml")
    items = file.mapping(file.data, "-").get("rules")
    if not isinstance(items, list) or not items:
        raise file.error("rules", "expected a non-empty list")
    rules: list[Rule] = []
    for index, item in enumerate(items):
        key = f"rules[{index}]"
        node = file.mapping(item, key)
        product = node.get("product")
        if product not in products:
            raise file.error(f"{key}.product", f"unknown product {product!r}")
        when = file.mapping(node.get("when", {}), f"{key}.when")
        unknown = sorted(set(map(str, when)) - {"themes", "urgency", "drivers", "talents"})
        if unknown:
            raise file.error(f"{key}.when", f"unknown condition {unknown[0]!r}")
        rules.append(
            Rule(
                product=str(product),
                themes=file.references(when, "themes", f"{key}.when", themes),
                urgency=file.references(when, "urgency", f"{key}.when", urgency),
                drivers=file.references(when, "drivers", f"{key}.when", drivers),
                talents=file.references(when, "talents", f"{key}.when", talents),
                reason=file.text(node, "reason", key),
            )
        )
    return tuple(rules)


def load_catalogue(directory: Path) -> Catalogue:
    """Read and check every file of the catalogue; ``CatalogueError`` on the first problem."""
    if not directory.is_dir():
        raise CatalogueError(str(directory), "-", "the content folder does not exist")
    centre = _load_centre(directory)
    themes = _load_entries(directory, "themes")
    drivers = _load_entries(directory, "drivers")
    talents = _load_entries(directory, "talents")
    products = _load_products(directory, themes, drivers, talents)
    orientation = _load_orientation(directory)
    privacy = _load_privacy(directory)
    return Catalogue(
        centre=centre,
        themes=themes,
        drivers=drivers,
        talents=talents,
        products=products,
        messages=_load_messages(directory, centre, privacy.version),
        orientation=orientation,
        sensitive=_load_sensitive(directory),
        rules=_load_rules(directory, products, themes, orientation.urgency, drivers, talents),
        privacy=privacy,
        groups=_load_entries(directory, "groups"),
    )
