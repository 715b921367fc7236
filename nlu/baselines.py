"""Two simple systems that Koers' NLU must clearly beat, trained on the same data in the same run.

- Keyword rules: the intent with the most keywords (``nlu/data/<lang>/keywords.txt``) in the
  message; entities by exact synonym match, without negation.
- TF-IDF + logistic regression (scikit-learn) on word uni- and bigrams, trained on the same
  examples as Koers, with its out_of_scope threshold chosen on dev the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from content import Catalogue
from nlu.dataset import DATA_DIR, read_examples
from nlu.entities import LABELS
from nlu.model import OUT_OF_SCOPE


def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)")


class KeywordBaseline:
    """Counts keywords per intent; no keyword means out_of_scope."""

    def __init__(self, language: str, data_dir: Path = DATA_DIR) -> None:
        keywords = read_examples(data_dir / language / "keywords.txt", language)
        self._patterns = [(_pattern(k.text), k.intent) for k in keywords]

    def predict(self, text: str) -> str:
        lowered = text.lower()
        counts: dict[str, int] = {}
        for pattern, intent in self._patterns:
            hits = len(pattern.findall(lowered))
            if hits:
                counts[intent] = counts.get(intent, 0) + hits
        return max(counts, key=lambda intent: counts[intent]) if counts else OUT_OF_SCOPE


class ExactEntityBaseline:
    """Finds synonyms exactly as written in the catalogue; never negated."""

    def __init__(self, catalogue: Catalogue, language: str) -> None:
        self._patterns: list[tuple[re.Pattern[str], str]] = []
        for section in LABELS:
            for entity_id, entry in getattr(catalogue, section).items():
                for synonym in entry.synonyms.in_language(language):
                    self._patterns.append((_pattern(synonym), entity_id))

    def find(self, text: str) -> set[tuple[int, int, str, bool]]:
        lowered = text.lower()
        found: set[tuple[int, int, str, bool]] = set()
        for pattern, entity_id in self._patterns:
            for match in pattern.finditer(lowered):
                found.add((match.start(), match.end(), entity_id, False))
        return found


class TfidfBaseline:
    """TF-IDF on word uni- and bigrams with logistic regression."""

    def __init__(self, texts: Sequence[str], intents: Sequence[str]) -> None:
        self._model: Pipeline = Pipeline(
            [
                ("tfidf", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
                ("logreg", LogisticRegression(max_iter=3000, C=10.0)),
            ]
        )
        self._model.fit(list(texts), list(intents))

    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        probabilities: Any = self._model.predict_proba(list(texts))
        classes = [str(name) for name in self._model.classes_]
        return [dict(zip(classes, map(float, row), strict=True)) for row in probabilities]
