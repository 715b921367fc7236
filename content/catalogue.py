"""Loads and checks the catalogue the career centre edits: products, themes, drivers, talents,
texts.

The centre edits YAML, not code, so a typo must not reach an employee: the loader checks every
file when Koers starts and stops start-up with a message that names the file and the key.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
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
PRODUCT_TEXT_FIELDS = (
    "name",
    "summary",
    "for_whom",
    "duration",
    "cost",
    "how_to_start",
    "manager",
)
# What an employee may ask about one product ("wat kost de TMA?"): a text field, or languages.
PRODUCT_ASPECTS = (*PRODUCT_TEXT_FIELDS[1:], "languages")
# The changes an employee can type at the review (content/answers.yml, review_edits).
REVIEW_EDITS = ("replace_question", "replace_work", "add_to_question", "remove", "about")
# The kinds of words that show work already told in a sentence (answers.yml, tells_their_work).
WORK_TOLD = ("works", "role", "is", "article", "amounts", "units", "since", "not_a_job")


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
    # Whether the manager has to agree, in words.
    manager: Text
    themes: tuple[str, ...]
    drivers: tuple[str, ...]
    talents: tuple[str, ...]
    synonyms: Synonyms = Synonyms()
    # The languages it is given in ("nl", "en").
    languages: tuple[str, ...] = LANGUAGES


@dataclass(frozen=True)
class Centre:
    """The organisation behind Koers: its name, contact address and privacy statement."""

    bot_name: str
    centre_name: Text
    contact_email: str
    privacy_url: str
    # When an employee can expect an advisor to get in touch, e.g. "binnen 3 werkdagen".
    service_level: Text
    # Where /over-koers is published (how Koers works and gives advice).
    about_url: str
    # Working days until an advisor gets in touch, per urgency; and when nobody has room.
    service_days: Mapping[str, int]
    service_days_no_room: int


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

    def text(self, key: str) -> Text:
        """The text for ``key`` in every language (unfilled)."""
        return self._texts[key]

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
            "about_url": self._centre.about_url,
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


YES_NO = ("yes", "no")


@dataclass(frozen=True)
class OptionWords:
    """The words employees type for one option of a choice question (content/answers.yml)."""

    words: Synonyms
    # "yes" or "no" when the option is its question's yes or no: every yes (no) word counts.
    means: str | None = None
    # The option a negated word of this one means ("niet dringend": no hurry).
    when_negated: str | None = None


@dataclass(frozen=True)
class AnswerWords:
    """What Koers needs to read a typed answer to any choice question: yes and no, numbers in
    words, negation, and the words per option of each question."""

    yes: Synonyms
    no: Synonyms
    # Politeness ("graag", "please"): a yes only when nothing else names an option.
    polite: Synonyms
    # ordinals[0] are the words for 1 ("een", "eerste", "first"), and so on.
    ordinals: tuple[Synonyms, ...]
    number_words: Synonyms
    negation_before: Synonyms
    negation_after: Synonyms
    questions: Mapping[str, Mapping[str, OptionWords]]
    # Messages that are no answer: "where_were_we", "see_above" (content/answers.yml).
    not_answers: Mapping[str, Synonyms]
    # Words that ask about one side of a product ("wat kost", "in English"), by aspect.
    product_aspects: Mapping[str, Synonyms]
    # Words that ask for a comparison ("verschil", "hetzelfde als").
    compare: Synonyms
    # Words that show a message says what the employee wants to know or reach ("ik wil", "how
    # can i"): with them a long first message is the question, without them only its story.
    says_what_they_want: Synonyms
    # Words that change the review by typing: "mijn vraag is eigenlijk", "zet erbij dat", "over".
    review_edits: Mapping[str, Synonyms]
    # Words that show work already told ("ik werk al 12 jaar bij", "I've been a … for 6 years").
    tells_their_work: Mapping[str, Synonyms]

    def option(self, question: str, option_id: str) -> OptionWords:
        """The words for one option; none (but its label) when the centre listed none."""
        return self.questions.get(question, {}).get(option_id, OptionWords(Synonyms()))


@dataclass(frozen=True)
class HrTopic:
    """A question Koers does not answer (salary, leave, passwords): where it is answered."""

    id: str
    words: Synonyms
    pointer: Text


@dataclass(frozen=True)
class SensitiveTopic:
    """A topic Koers does not probe into: the words that signal it and the caring reply.

    The reply comes in parts so that one message can answer several topics at once: the most
    urgent topic's ``care`` and ``closing`` around the ``helpers`` of each topic found.
    """

    id: str
    # Base forms and phrases; "..." allows a few words between two words, a trailing * longer
    # words.
    words: Synonyms
    care: Text
    helpers: Text
    closing: Text
    # Words that, just before a topic word, say it is not so ("niet ziek"), as typed.
    negations: Synonyms = Synonyms()
    # Phrases in which a topic word means something else ("conflict of interest"), as typed.
    exceptions: Synonyms = Synonyms()
    # Words that name the employee's manager, and the helpers to name instead when the message
    # names the manager: a conflict with the manager is not for the manager.
    manager_words: Synonyms = Synonyms()
    manager_helpers: Text | None = None
    # Topics whose helpers this topic's helpers already include.
    covers: tuple[str, ...] = ()

    def helpers_for(self, names_manager: bool) -> Text:
        """The helpers to name; without the manager when the message names the manager."""
        if names_manager and self.manager_helpers is not None:
            return self.manager_helpers
        return self.helpers


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
class About:
    """content/about.yml: the texts of /over-koers and what only the organisation can say in
    the algorithm register (its name, theme, status, goal, legal basis, ...)."""

    texts: Mapping[str, Text]
    what: tuple[Text, ...]
    # Per page language, the names of the languages a product is given in.
    language_names: Mapping[str, Mapping[str, str]]
    register_fields: Mapping[str, str]
    register_texts: Mapping[str, Text]


# The organisation's own fields of the algorithm register: plain values, then texts per language.
REGISTER_FIELDS = ("organisation", "theme", "status", "begin_date", "publication_category")
REGISTER_TEXTS = (
    "goal_and_impact",
    "considerations",
    "human_intervention",
    "risk_management",
    "legal_basis",
)
ABOUT_TEXTS = (
    "title",
    "rules_title",
    "rules_intro",
    "rules_asked",
    "rule_always",
    "rule_theme",
    "rule_urgency",
    "rule_driver",
    "rule_talent",
    "rule_or",
    "table_when",
    "table_product",
    "table_reason",
    "other_language",
    "source_data",
    "products_title",
    "in_languages",
    "quality_title",
    "quality_nlu",
    "quality_conversations",
    "not_measured",
    "register_title",
    "register_intro",
    "privacy_link",
)


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
    # The words employees type for the options of choice questions (content/answers.yml).
    answers: AnswerWords
    # Questions for HR or the IT desk, with where they are answered (content/hr_topics.yml).
    hr_topics: tuple[HrTopic, ...]
    about: About

    def names(self, kind: str, ids: Iterable[str], language: str) -> list[str]:
        """The names in ``language`` of themes, urgency levels, drivers or talents (``kind``
        as a rule names them: "themes", "urgency", "drivers", "talents"); unknown ids are left
        out."""
        if kind == "urgency":
            levels = self.orientation.urgency
            return [levels[i].in_language(language) for i in ids if i in levels]
        entries = {"themes": self.themes, "drivers": self.drivers}.get(kind, self.talents)
        return [entries[i].name.in_language(language) for i in ids if i in entries]


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
    "about_url",
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
    about_url = file.string(node, "about_url", "centre")
    if not about_url.startswith("https://"):
        raise file.error("centre.about_url", "expected an https:// address")
    days = file.mapping(node.get("service_days", {}), "service_days")
    service_days: dict[str, int] = {}
    for urgency, value in days.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise file.error(f"service_days.{urgency}", "expected a whole number of working days")
        service_days[str(urgency)] = value
    no_room = node.get("service_days_no_room", max(service_days.values(), default=5))
    if not isinstance(no_room, int) or isinstance(no_room, bool) or no_room < 1:
        raise file.error("service_days_no_room", "expected a whole number of working days")
    return Centre(
        bot_name=file.string(node, "bot_name", "centre"),
        centre_name=file.text(node, "centre_name", "centre"),
        contact_email=email,
        privacy_url=privacy_url,
        service_level=file.text(node, "service_level", "centre"),
        about_url=about_url,
        service_days=service_days,
        service_days_no_room=no_room,
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
            languages=file.references(
                node, "languages", item_id, {language: language for language in LANGUAGES}
            )
            or LANGUAGES,
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


NOT_ANSWERS = (
    "where_were_we",
    "what_do_you_mean",
    "see_above",
    "announces_question",
    "announces_at_end",
    "says_nothing",
    "says_nothing_in_scan",
    "about_koers",
    "correction",
    "asks_why",
)


def _known_keys(
    file: _File, top: Mapping[str, Any], key: str, known: Sequence[str], complaint: str
) -> Mapping[str, Any]:
    """A section of answers.yml whose keys Koers knows: a key it does not know (a typo the
    centre made) stops Koers with the file and the key, rather than being ignored."""
    section = file.mapping(top.get(key, {}), key)
    unknown = sorted(set(map(str, section)) - set(known))
    if unknown:
        raise file.error(f"{key}.{unknown[0]}", complaint)
    return section


def _load_answers(directory: Path) -> AnswerWords:
    file = _File(directory, "answers.yml")
    top = file.mapping(file.data, "-")
    not_answers = _known_keys(file, top, "not_answers", NOT_ANSWERS, "not a kind Koers knows")
    aspects = _known_keys(file, top, "product_aspects", PRODUCT_ASPECTS, "not a side of a product")
    edits = _known_keys(file, top, "review_edits", REVIEW_EDITS, "not a change Koers knows")
    work = _known_keys(file, top, "tells_their_work", WORK_TOLD, "not a kind of word Koers knows")
    ordinals = top.get("ordinals", [])
    if not isinstance(ordinals, list):
        raise file.error("ordinals", "expected a list of nl and en words, one item per number")
    questions: dict[str, dict[str, OptionWords]] = {}
    for question, node in file.mapping(top.get("questions", {}), "questions").items():
        options = file.mapping(node, f"questions.{question}")
        found: dict[str, OptionWords] = {}
        for option_id, option in options.items():
            key = f"questions.{question}.{option_id}"
            option = file.mapping(option, key)
            unknown = sorted(set(map(str, option)) - {*LANGUAGES, "means", "when_negated"})
            if unknown:
                raise file.error(key, f"unknown field {unknown[0]!r}")
            means = option.get("means")
            if means is not None and means not in YES_NO:
                raise file.error(f"{key}.means", "expected yes or no (in quotes)")
            negated = option.get("when_negated")
            if negated is not None and str(negated) not in options:
                raise file.error(f"{key}.when_negated", f"unknown option {negated!r}")
            found[str(option_id)] = OptionWords(
                words=file.synonyms(
                    {"words": {lang: option[lang] for lang in LANGUAGES if lang in option}},
                    key,
                    "words",
                ),
                means=means,
                when_negated=None if negated is None else str(negated),
            )
        questions[str(question)] = found
    return AnswerWords(
        yes=file.synonyms(top, "", "yes"),
        no=file.synonyms(top, "", "no"),
        polite=file.synonyms(top, "", "polite"),
        ordinals=tuple(
            file.synonyms({"words": item}, f"ordinals[{index}]", "words")
            for index, item in enumerate(ordinals)
        ),
        number_words=file.synonyms(top, "", "number_words"),
        negation_before=file.synonyms(top, "", "negation_before"),
        negation_after=file.synonyms(top, "", "negation_after"),
        questions=questions,
        not_answers={kind: file.synonyms(not_answers, "not_answers", kind) for kind in NOT_ANSWERS},
        product_aspects={
            aspect: file.synonyms(aspects, "product_aspects", aspect)
            for aspect in PRODUCT_ASPECTS
            if aspect in aspects
        },
        compare=file.synonyms(top, "", "compare"),
        says_what_they_want=file.synonyms(top, "", "says_what_they_want"),
        review_edits={kind: file.synonyms(edits, "review_edits", kind) for kind in REVIEW_EDITS},
        tells_their_work={
            kind: file.synonyms(work, "tells_their_work", kind) for kind in WORK_TOLD
        },
    )


def _load_about(directory: Path) -> About:
    file = _File(directory, "about.yml")
    top = file.mapping(file.data, "-")
    what = top.get("what")
    if not isinstance(what, list) or not what:
        raise file.error("what", "expected a list of paragraphs in nl and en")
    names = file.mapping(top.get("language_names", {}), "language_names")
    language_names = {
        str(page): {
            str(code): str(name)
            for code, name in file.mapping(names.get(page, {}), f"language_names.{page}").items()
        }
        for page in LANGUAGES
    }
    register = file.mapping(top.get("register", {}), "register")
    return About(
        texts={key: file.text(top, key, "") for key in ABOUT_TEXTS},
        what=tuple(file.text({"item": item}, "item", f"what[{i}]") for i, item in enumerate(what)),
        language_names=language_names,
        register_fields={key: file.string(register, key, "register") for key in REGISTER_FIELDS},
        register_texts={key: file.text(register, key, "register") for key in REGISTER_TEXTS},
    )


def _load_hr_topics(directory: Path) -> tuple[HrTopic, ...]:
    file = _File(directory, "hr_topics.yml")
    topics = []
    for topic_id, node in file.entries("topics"):
        words = file.synonyms(node, topic_id, "words")
        if not words.nl or not words.en:
            raise file.error(f"{topic_id}.words", "expected words in nl and en")
        pointer = file.text(node, "pointer", topic_id)
        for language in LANGUAGES:
            key = f"{topic_id}.pointer.{language}"
            unknown = _placeholders(file, key, pointer.in_language(language)) - CENTRE_PLACEHOLDERS
            if unknown:
                raise file.error(key, f"unknown {{{sorted(unknown)[0]}}}")
        topics.append(HrTopic(topic_id, words, pointer))
    return tuple(topics)


def _load_sensitive(directory: Path) -> tuple[SensitiveTopic, ...]:
    """The sensitive topics, most urgent first. A phrase that would match every message or a
    reply with an unknown {name} must stop start-up: here it would fail someone who needs help.
    """
    file = _File(directory, "sensitive.yml")
    top = file.mapping(file.data, "-")
    items = top.get("topics")
    if not isinstance(items, list) or not items:
        raise file.error("topics", "expected a non-empty list")
    fields = {"id", "words", "negations", "exceptions", "care", "helpers", "closing"}
    fields |= {"with_manager", "covers"}
    gap = "..."

    def phrase_problem(phrase: str, one_word: bool) -> str | None:
        chunks = phrase.split()
        if one_word:
            return None if len(chunks) == 1 and "*" not in phrase else "expected one word"
        if chunks[0] == gap or chunks[-1] == gap:
            return f"{gap} belongs between two words"
        for before, chunk in zip([None, *chunks], chunks, strict=False):
            if chunk == gap:
                if before == gap:
                    return f"write {gap} once between two words"
            elif gap in chunk or "…" in chunk:
                return f"write {gap} as three dots with a space on each side"
            elif "*" in chunk.removesuffix("*"):
                return "a * belongs at the end of a word"
            elif len(re.sub(r"\W", "", chunk)) < (3 if chunk.endswith("*") else 1):
                return f"{chunk!r} is too short to be a word"
        return None

    def phrases(node: Mapping[str, Any], key: str, field: str, one_word: bool = False) -> Synonyms:
        words = file.synonyms(node, key, field)
        for language in LANGUAGES:
            for phrase in words.in_language(language):
                problem = phrase_problem(phrase, one_word)
                if problem is not None:
                    raise file.error(f"{key}.{field}.{language}", f"{phrase!r}: {problem}")
        return words

    def words_in_both(node: Mapping[str, Any], key: str) -> Synonyms:
        words = phrases(node, key, "words")
        if not words.nl or not words.en:
            raise file.error(f"{key}.words", "expected words in nl and en")
        return words

    def text(node: Mapping[str, Any], field: str, key: str) -> Text:
        value = file.text(node, field, key)
        names = {
            language: _placeholders(file, f"{key}.{field}.{language}", value.in_language(language))
            for language in LANGUAGES
        }
        for language, found in names.items():
            unknown = found - CENTRE_PLACEHOLDERS
            if unknown:
                raise file.error(f"{key}.{field}.{language}", f"unknown {{{sorted(unknown)[0]}}}")
        if names["nl"] != names["en"]:
            raise file.error(f"{key}.{field}", "nl and en fill in different {names}")
        return value

    def with_manager(node: Mapping[str, Any], key: str) -> tuple[Synonyms, Text | None]:
        if "with_manager" not in node:
            return Synonyms(), None
        manager = file.mapping(node["with_manager"], f"{key}.with_manager")
        unknown = sorted(set(map(str, manager)) - {"words", "helpers"})
        if unknown:
            raise file.error(f"{key}.with_manager", f"unknown field {unknown[0]!r}")
        where = f"{key}.with_manager"
        return words_in_both(manager, where), text(manager, "helpers", where)

    def covers(node: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = node.get("covers", [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise file.error(f"{key}.covers", "expected a list of topic ids")
        return tuple(value)

    topics: list[SensitiveTopic] = []
    for index, item in enumerate(items):
        node = file.mapping(item, f"topics[{index}]")
        topic_id = node.get("id")
        if not isinstance(topic_id, str) or not _ID.match(topic_id):
            raise file.error(f"topics[{index}].id", "expected an id of lower-case letters")
        if any(topic.id == topic_id for topic in topics):
            raise file.error(topic_id, "this id appears twice")
        unknown = sorted(set(map(str, node)) - fields)
        if unknown:
            raise file.error(topic_id, f"unknown field {unknown[0]!r}")
        manager_words, manager_helpers = with_manager(node, topic_id)
        topics.append(
            SensitiveTopic(
                id=topic_id,
                words=words_in_both(node, topic_id),
                care=text(node, "care", topic_id),
                helpers=text(node, "helpers", topic_id),
                closing=text(node, "closing", topic_id),
                negations=phrases(node, topic_id, "negations", one_word=True),
                exceptions=phrases(node, topic_id, "exceptions"),
                manager_words=manager_words,
                manager_helpers=manager_helpers,
                covers=covers(node, topic_id),
            )
        )
    ids = [topic.id for topic in topics]
    if "crisis" not in ids:  # the topic after which Koers stops asking questions
        raise file.error("crisis", "this required topic is missing")
    for topic in topics:
        for covered in topic.covers:
            if covered not in ids or covered == topic.id:
                raise file.error(f"{topic.id}.covers", f"unknown topic {covered!r}")
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
    unknown = sorted(set(centre.service_days) - set(orientation.urgency))
    if unknown:
        raise CatalogueError(
            "centre.yml", f"service_days.{unknown[0]}", "not an urgency Koers asks"
        )
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
        answers=_load_answers(directory),
        hr_topics=_load_hr_topics(directory),
        about=_load_about(directory),
    )
