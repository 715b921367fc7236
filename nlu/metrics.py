"""Precision, recall and F1 for intents and entities, without other dependencies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    support: int


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def per_label(
    gold: Sequence[str], predicted: Sequence[str], labels: Iterable[str]
) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    pairs = list(zip(gold, predicted, strict=True))
    for label in labels:
        true_positive = sum(1 for g, p in pairs if g == label and p == label)
        predicted_count = sum(1 for _, p in pairs if p == label)
        support = sum(1 for g, _ in pairs if g == label)
        precision = true_positive / predicted_count if predicted_count else 0.0
        recall = true_positive / support if support else 0.0
        scores[label] = Score(precision, recall, _f1(precision, recall), support)
    return scores


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Iterable[str]) -> float:
    """Mean F1 over the labels that occur in ``gold``."""
    scores = [s for s in per_label(gold, predicted, labels).values() if s.support]
    return sum(s.f1 for s in scores) / len(scores) if scores else 0.0


def confusions(
    gold: Sequence[str], predicted: Sequence[str], top: int = 8
) -> list[tuple[str, str, int]]:
    """The most frequent (gold, predicted) mistakes."""
    counts = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return [(g, p, n) for (g, p), n in counts.most_common(top)]


def set_scores(
    gold: Iterable[AbstractSet[Hashable]], predicted: Iterable[AbstractSet[Hashable]]
) -> Score:
    """Micro precision/recall/F1 over sets of items per example (entities: span, id, negated)."""
    true_positive = found = expected = 0
    for g, p in zip(gold, predicted, strict=True):
        true_positive += len(g & p)
        found += len(p)
        expected += len(g)
    precision = true_positive / found if found else 0.0
    recall = true_positive / expected if expected else 0.0
    return Score(precision, recall, _f1(precision, recall), expected)
