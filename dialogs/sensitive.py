"""Recognises sensitive topics (crisis, harassment, conflict, health) in what an employee types.

Koers does not probe into these: the bot shows the catalogue's caring reply with who can help,
once per topic per conversation, and never asks for medical details.
"""

from __future__ import annotations

import re

from content import Catalogue, SensitiveTopic
from dialogs.choices import normalise

# The topic after which Koers stops asking questions in this turn.
STOP_TOPICS = frozenset({"crisis"})


def _pattern(word: str) -> re.Pattern[str]:
    stem = normalise(word.removesuffix("*"))
    tail = r"\w*" if word.endswith("*") else ""
    return re.compile(rf"(?<!\w){re.escape(stem)}{tail}(?!\w)")


class SensitiveTopics:
    def __init__(self, catalogue: Catalogue) -> None:
        self._topics: list[tuple[SensitiveTopic, dict[str, list[re.Pattern[str]]]]] = [
            (
                topic,
                {
                    lang: [_pattern(w) for w in topic.words.in_language(lang)]
                    for lang in ("nl", "en")
                },
            )
            for topic in catalogue.sensitive
        ]

    def find(self, text: str | None, language: str) -> SensitiveTopic | None:
        """The first (most urgent) topic whose words occur in ``text``, in either language."""
        typed = normalise(text or "")
        if not typed:
            return None
        order = [language, "en" if language == "nl" else "nl"]
        for topic, patterns in self._topics:
            if any(p.search(typed) for lang in order for p in patterns[lang]):
                return topic
        return None
