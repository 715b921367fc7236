"""More training examples from the written ones: the way people really type them.

Employees type in lower case without punctuation, make typing errors, and start with a greeting
before their real question. Each written example gets a few such variants, chosen by a seeded
random generator so that training is reproducible.
"""

from __future__ import annotations

import random
import re
import string

from nlu.dataset import THEME_INTENTS, Example

_PUNCTUATION = re.compile(f"[{re.escape(string.punctuation)}]")
# Openings that carry no intent of their own, by language.
_OPENINGS = {
    "nl": ("hoi, ", "hallo ", "goedemorgen, ", "ik heb een vraag: ", "hey ", "beste koers, "),
    "en": ("hi, ", "hello ", "good morning, ", "i have a question: ", "hey ", "dear koers, "),
}
# Intents whose examples may get an opening: a greeting before them does not change the intent.
_QUESTION_INTENTS = frozenset({*THEME_INTENTS, "product_info", "privacy_request", "human_handoff"})


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    candidates = [i for i, word in enumerate(words) if len(word) >= 4 and word.isalpha()]
    if not candidates:
        return text
    index = rng.choice(candidates)
    word = words[index]
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:at] + word[at + 1 :]  # a letter dropped
    elif kind == 1:
        word = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]  # two letters swapped
    else:
        word = word[:at] + word[at] + word[at:]  # a letter doubled
    words[index] = word
    return " ".join(words)


def variants(example: Example, rng: random.Random) -> list[str]:
    """The example's text and a few ways people would type the same thing."""
    texts = [example.text]
    plain = " ".join(_PUNCTUATION.sub(" ", example.text.lower()).split())
    if plain and plain not in texts:
        texts.append(plain)
    if len(example.text.split()) >= 2:
        texts.append(_typo(plain or example.text, rng))
    if example.intent in _QUESTION_INTENTS and rng.random() < 0.5:
        texts.append(rng.choice(_OPENINGS[example.language]) + example.text)
    return list(dict.fromkeys(texts))
