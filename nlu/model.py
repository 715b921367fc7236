"""Koers' understanding of one message: language, intent with confidence, and entities.

``KoersNlu`` holds the trained Dutch and English pipelines, the language guesser and the entity
matchers; it is built once per process and then answers ``predict`` in well under a millisecond.
Nothing here downloads anything: the models are the ones ``python -m nlu train`` wrote.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language as SpacyPipeline

import nlu.architectures  # noqa: F401 - the trained pipelines use koers.CharNgramBOW.v1
from content import Catalogue
from nlu.dataset import LANGUAGES
from nlu.entities import EntityMatch, EntityMatcher, Tokenize
from nlu.language import LanguageGuesser
from nlu.text import clean, for_model

OUT_OF_SCOPE = "out_of_scope"
THRESHOLDS_FILE = "thresholds.json"


class ModelMissingError(RuntimeError):
    """The trained model is not there: ``make nlu`` (or ``python -m nlu train``) makes it."""


@dataclass(frozen=True)
class Prediction:
    """What Koers understood of one message."""

    text: str
    language: str
    intent: str
    confidence: float
    # The two best intents with their scores, kept when the intent is out_of_scope for lack of
    # confidence, so a dialog can ask "did you mean A or B?".
    candidates: tuple[tuple[str, float], ...]
    # Offsets and texts of entities refer to the cleaned text the model read.
    entities: tuple[EntityMatch, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "lang": self.language,
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "candidates": [{"intent": i, "score": round(s, 4)} for i, s in self.candidates],
            "entities": [entity.as_dict() for entity in self.entities],
        }


def decide(
    cats: Mapping[str, float], threshold: float
) -> tuple[str, float, tuple[tuple[str, float], ...]]:
    """The intent for the classifier's scores: below ``threshold`` it is out_of_scope."""
    ranked = sorted(cats.items(), key=lambda item: -item[1])
    top_two = tuple((intent, float(score)) for intent, score in ranked[:2])
    intent, score = top_two[0]
    if score < threshold:
        return OUT_OF_SCOPE, float(score), top_two
    return intent, float(score), top_two


def load_thresholds(model_dir: Path) -> dict[str, float]:
    data = json.loads((model_dir / THRESHOLDS_FILE).read_text(encoding="utf-8"))
    return {language: float(data[language]) for language in LANGUAGES}


class KoersNlu:
    """The trained pipelines plus language guessing and entity matching."""

    def __init__(self, model_dir: Path, catalogue: Catalogue) -> None:
        missing = [lang for lang in LANGUAGES if not (model_dir / lang / "meta.json").exists()]
        if missing or not (model_dir / THRESHOLDS_FILE).exists():
            raise ModelMissingError(
                f"no trained NLU model in {model_dir}: run `make nlu` (or `python -m nlu train`)"
            )
        # The tokenizer is spaCy's own for the language (training does not change it); reading
        # it back from disk would build Dutch's thousands of exceptions a second time (~1 s).
        self.pipelines: dict[str, SpacyPipeline] = {
            lang: spacy.load(model_dir / lang, exclude=["tokenizer"]) for lang in LANGUAGES
        }
        self.thresholds = load_thresholds(model_dir)
        self._guesser = LanguageGuesser()
        self._matchers = {
            lang: EntityMatcher(catalogue, lang, _tokenizer(pipeline))
            for lang, pipeline in self.pipelines.items()
        }

    def predict(self, text: str | None, language_hint: str | None = None) -> Prediction:
        """Understand ``text``; ``language_hint`` is the conversation's language (nl if none)."""
        fallback = language_hint if language_hint in LANGUAGES else "nl"
        original = text or ""
        plain = clean(original)
        language = self._guesser.guess(plain, fallback)
        if not any(char.isalnum() for char in plain):
            return Prediction(original, language, OUT_OF_SCOPE, 0.0, (), ())
        model_language = language if language in LANGUAGES else fallback
        readable = for_model(plain)
        doc = self.pipelines[model_language](readable)
        intent, confidence, candidates = decide(doc.cats, self.thresholds[model_language])
        entities = tuple(self._matchers[model_language].find(readable))
        return Prediction(original, language, intent, confidence, candidates, entities)


def _tokenizer(pipeline: SpacyPipeline) -> Tokenize:
    tokenizer = pipeline.tokenizer

    def tokenize(text: str) -> list[tuple[str, int]]:
        return [(token.text, token.idx) for token in tokenizer(text)]

    return tokenize
