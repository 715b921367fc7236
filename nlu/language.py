"""Which language a message is in: Dutch, English, or ``other``.

Everyday function words ("ik", "een", "niet" against "i", "the", "not") settle most messages;
lingua judges the rest, but it guesses on one or two words ("hoi" looks French to it), and
"thanks" or "ok" says nothing about a Dutch speaker's language, so a short message keeps the
conversation's language unless two or more telling words say otherwise. Only a clear sentence
in another language is reported as ``other``.
"""

from __future__ import annotations

import re

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# Languages lingua compares; the ones besides nl and en exist so that "other" can be recognised.
_OTHERS = (
    Language.GERMAN,
    Language.FRENCH,
    Language.SPANISH,
    Language.TURKISH,
    Language.ARABIC,
    Language.POLISH,
    Language.PORTUGUESE,
    Language.ITALIAN,
)
_CODES = {Language.DUTCH: "nl", Language.ENGLISH: "en"}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)

# Everyday words that tell Dutch from English; words both languages share ("in", "is", "we",
# "of", "want", "me", "over") are left out.
_FUNCTION_WORDS = {
    "nl": frozenset(
        [
            "ik",
            "je",
            "jij",
            "u",
            "wij",
            "hij",
            "zij",
            "het",
            "de",
            "een",
            "en",
            "van",
            "voor",
            "met",
            "op",
            "aan",
            "niet",
            "geen",
            "wil",
            "wel",
            "mijn",
            "jouw",
            "ben",
            "heb",
            "hebt",
            "kan",
            "kun",
            "moet",
            "wat",
            "hoe",
            "waarom",
            "wie",
            "waar",
            "als",
            "maar",
            "dat",
            "die",
            "dit",
            "er",
            "naar",
            "bij",
            "ook",
            "nog",
            "om",
            "te",
            "zijn",
            "worden",
            "graag",
            "uit",
            "dan",
            "meer",
            "ga",
            "gaat",
            "hoi",
            "hallo",
            "ja",
            "nee",
            "dank",
            "bedankt",
            "dankje",
            "dankjewel",
            "doei",
            "dag",
            "oké",
            "prima",
            "klopt",
            "welnee",
            "jazeker",
            "misschien",
            "weet",
            "zou",
            "kunnen",
            "mag",
            "wordt",
            "heel",
            "erg",
            "mee",
            "zo",
        ]
    ),
    "en": frozenset(
        [
            "i",
            "you",
            "he",
            "she",
            "it",
            "the",
            "a",
            "an",
            "and",
            "for",
            "with",
            "at",
            "to",
            "not",
            "no",
            "my",
            "your",
            "am",
            "are",
            "have",
            "has",
            "can",
            "could",
            "should",
            "would",
            "what",
            "how",
            "why",
            "who",
            "where",
            "if",
            "but",
            "or",
            "that",
            "this",
            "there",
            "from",
            "by",
            "also",
            "still",
            "be",
            "get",
            "please",
            "about",
            "than",
            "more",
            "go",
            "do",
            "don't",
            "i'm",
            "i've",
            "i'd",
            "it's",
            "hi",
            "hello",
            "yes",
            "yeah",
            "nope",
            "thanks",
            "thank",
            "bye",
            "sure",
            "okay",
            "maybe",
            "know",
            "been",
            "will",
            "does",
            "did",
            "just",
            "really",
        ]
    ),
}
_ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
SHORT_MESSAGE_WORDS = 3
# A message in Latin letters this short is never taken for another language: a job title or a
# name ("data analyst at finance", "Kees Bakker") looks like anything to a detector.
SHORT_OTHER_WORDS = 4
OTHER_CONFIDENCE = 0.9
# ... and only when Dutch and English are all but ruled out: English words the detector finds
# German-looking ("analysing things, finding patterns in data": 0.06 for nl and en) stay ours.
OURS_AT_MOST = 0.01
# With no telling word at all ("youth worker in Nieuw-West, 6 years"), the conversation keeps its
# language unless lingua is all but sure: a place or team name easily sways it.
SWITCH_WITHOUT_WORDS = 0.95
# A capitalised word inside a sentence is a name (Nieuw-West, Zuidoost, Amsterdam) and says
# nothing about the language of the sentence around it.
_NAME = re.compile(r"(?<=[^.!?\s]\s)[A-Z][\w'-]*")


class LanguageGuesser:
    """Guesses per message; ``fallback`` (the conversation's language) wins when unsure."""

    def __init__(self) -> None:
        self._detector: LanguageDetector = (
            LanguageDetectorBuilder.from_languages(Language.DUTCH, Language.ENGLISH, *_OTHERS)
            .with_low_accuracy_mode()
            .with_preloaded_language_models()
            .build()
        )

    def guess(self, text: str, fallback: str) -> str:
        # An e-mail address or a link says nothing about the language ("…@gemeente.example").
        words = _WORD.findall(_ADDRESSES.sub(" ", text.lower()))
        if not words:
            return fallback
        letters = "".join(words)
        latin = sum(1 for char in letters if char.isascii() or "\u00c0" <= char <= "\u024f")
        if latin < len(letters) / 2:
            return "other"  # Arabic, Cyrillic, …: not a language Koers speaks
        nl = sum(word in _FUNCTION_WORDS["nl"] for word in words)
        en = sum(word in _FUNCTION_WORDS["en"] for word in words)
        if max(nl, en) >= 2 and max(nl, en) >= 2 * min(nl, en):
            return "nl" if nl > en else "en"
        if len(words) <= SHORT_MESSAGE_WORDS:
            # "ja", "ok", "thanks", "sorry": Dutch employees say them too; keep the language.
            return fallback
        # One telling word on one side only ("wat is e coaching precies") outweighs lingua's
        # guess between Dutch and English, which Dutch career jargon easily misleads.
        voted = ("nl" if nl else "en") if (nl == 0) != (en == 0) else None
        values = self._detector.compute_language_confidence_values(_NAME.sub(" ", text))
        best = values[0]
        if best.language in _CODES:
            if voted:
                return voted
            unvoted = nl == en == 0 and best.value < SWITCH_WITHOUT_WORDS
            return fallback if unvoted else _CODES[best.language]
        ours_share = sum(value.value for value in values if value.language in _CODES)
        if (
            best.value >= OTHER_CONFIDENCE
            and ours_share < OURS_AT_MOST
            and max(nl, en) <= 1
            and len(words) > SHORT_OTHER_WORDS
        ):
            return "other"
        if voted:
            return voted
        ours = [value for value in values if value.language in _CODES]
        return _CODES[ours[0].language] if ours and ours[0].value >= 0.25 else fallback
