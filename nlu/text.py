"""Makes whatever a user typed safe and reasonable for the model to read.

Users paste HTML, control characters, ten thousand characters or nothing at all; the model gets
plain, normalised text of a bounded length, and never an exception.
"""

from __future__ import annotations

import html
import re
import unicodedata

# What the model reads of one message; the rest is not lost, it is just not classified.
MAX_MODEL_CHARS = 600
_TAG = re.compile(r"<[^<>]{0,300}>")
_SPACE = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """Plain text: tags dropped, entities decoded, control characters removed, spaces folded."""
    if not text:
        return ""
    plain = html.unescape(_TAG.sub(" ", text))
    plain = unicodedata.normalize("NFC", plain)
    plain = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} else char for char in plain
    )
    return _SPACE.sub(" ", plain).strip()


def for_model(text: str) -> str:
    """The cleaned text cut at a word boundary to what the model reads."""
    if len(text) <= MAX_MODEL_CHARS:
        return text
    cut = text[:MAX_MODEL_CHARS]
    space = cut.rfind(" ")
    return cut[:space] if space > MAX_MODEL_CHARS // 2 else cut
