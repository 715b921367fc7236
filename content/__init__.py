"""The catalogue the career centre edits (YAML beside this file) and the code that loads it."""

from content.catalogue import (
    LANGUAGES,
    AnswerWords,
    Catalogue,
    CatalogueError,
    Centre,
    Entry,
    HrTopic,
    Messages,
    Orientation,
    Product,
    Rule,
    SensitiveTopic,
    Synonyms,
    Text,
    load_catalogue,
    normalise_language,
)

__all__ = [
    "LANGUAGES",
    "AnswerWords",
    "Catalogue",
    "CatalogueError",
    "Centre",
    "Entry",
    "HrTopic",
    "Messages",
    "Orientation",
    "Product",
    "Rule",
    "SensitiveTopic",
    "Synonyms",
    "Text",
    "load_catalogue",
    "normalise_language",
]
