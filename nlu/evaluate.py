"""Scores Koers' NLU on the held-out test split, next to two baselines trained in the same run.

Intent precision, recall and F1 per intent, macro-F1 per language and overall, the most frequent
confusions, and entity precision/recall/F1 (a found entity counts when its span, id and negation
all match).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from content import Catalogue
from nlu.baselines import ExactEntityBaseline, KeywordBaseline, TfidfBaseline
from nlu.dataset import DATA_DIR, INTENTS, LANGUAGES, Example, load
from nlu.metrics import Score, confusions, macro_f1, per_label, set_scores
from nlu.model import KoersNlu, decide
from nlu.train import choose_threshold, training_texts

README = Path(__file__).resolve().parent / "README.md"
START, END = "<!-- evaluation:start -->", "<!-- evaluation:end -->"
SYSTEMS = ("Koers (spaCy, koers.CharNgramBOW.v1)", "TF-IDF + logistic regression", "keyword rules")

Entities = set[tuple[int, int, str, bool]]


@dataclass
class Predictions:
    """Gold and predicted intents and entities of one system, over all test examples."""

    gold: list[str]
    predicted: list[str]
    languages: list[str]
    gold_entities: list[Entities]
    found_entities: list[Entities]

    def macro(self, language: str | None = None) -> float:
        pairs = [
            (g, p)
            for g, p, lang in zip(self.gold, self.predicted, self.languages, strict=True)
            if language in (None, lang)
        ]
        return macro_f1([g for g, _ in pairs], [p for _, p in pairs], INTENTS)

    def entity_score(self) -> Score:
        return set_scores(self.gold_entities, self.found_entities)


def _gold_entities(example: Example) -> Entities:
    return {(s.start, s.end, s.entity_id, s.negated) for s in example.spans}


def run(nlu: KoersNlu, catalogue: Catalogue, data_dir: Path = DATA_DIR) -> dict[str, Predictions]:
    """Predictions of Koers and both baselines on every language's test split."""
    results = {name: Predictions([], [], [], [], []) for name in SYSTEMS}
    for language in LANGUAGES:
        test = load(language, "test", data_dir)
        dev = load(language, "dev", data_dir)
        train = training_texts(language, data_dir)
        tfidf = TfidfBaseline([t for t, _ in train], [i for _, i in train])
        tfidf_threshold = choose_threshold(
            tfidf.scores([e.text for e in dev]), [e.intent for e in dev]
        )
        keywords = KeywordBaseline(language, data_dir)
        exact = ExactEntityBaseline(catalogue, language)
        texts = [example.text for example in test]
        koers = [nlu.predict(text, language) for text in texts]
        tfidf_intents = [decide(cats, tfidf_threshold)[0] for cats in tfidf.scores(texts)]
        per_system: dict[str, tuple[Sequence[str], list[Entities]]] = {
            SYSTEMS[0]: (
                [p.intent for p in koers],
                [{(e.start, e.end, e.entity_id, e.negated) for e in p.entities} for p in koers],
            ),
            SYSTEMS[1]: (tfidf_intents, [exact.find(t) for t in texts]),
            SYSTEMS[2]: ([keywords.predict(t) for t in texts], [exact.find(t) for t in texts]),
        }
        for name, (intents, entities) in per_system.items():
            result = results[name]
            result.gold += [example.intent for example in test]
            result.predicted += list(intents)
            result.languages += [language] * len(test)
            result.gold_entities += [_gold_entities(example) for example in test]
            result.found_entities += entities
    return results


def _commit() -> str:
    git = shutil.which("git")
    if git is None:
        return "unknown"
    try:
        head = subprocess.run(  # noqa: S603 - a fixed git command
            [git, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=README.parent.parent,
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603 - a fixed git command
            [git, "status", "--porcelain", "--", "nlu", "content", ":!nlu/README.md"],
            capture_output=True,
            text=True,
            check=True,
            cwd=README.parent.parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} with uncommitted changes" if dirty else head


def report(results: dict[str, Predictions]) -> str:
    """The evaluation as Markdown tables."""
    koers = results[SYSTEMS[0]]
    sizes = ", ".join(f"{lang}: {koers.languages.count(lang)}" for lang in LANGUAGES)
    lines = [
        f"Held-out test split ({sizes} examples); {date.today().isoformat()}, commit {_commit()}.",
        "",
        "| system | macro-F1 nl | macro-F1 en | macro-F1 all | entity P | entity R | entity F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in SYSTEMS:
        result = results[name]
        entity = result.entity_score()
        entity_cells = (
            f"{entity.precision:.3f} | {entity.recall:.3f} | {entity.f1:.3f}"
            if name != SYSTEMS[2]
            else "(same exact-match entities) | | "
        )
        lines.append(
            f"| {name} | {result.macro('nl'):.3f} | {result.macro('en'):.3f} "
            f"| {result.macro():.3f} | {entity_cells} |"
        )
    lines += [
        "",
        "Baselines' entities: the catalogue's synonyms matched exactly, never negated.",
        "",
        "Koers per intent (both languages):",
        "",
        "| intent | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for intent, score in per_label(koers.gold, koers.predicted, INTENTS).items():
        lines.append(
            f"| {intent} | {score.precision:.3f} | {score.recall:.3f} | {score.f1:.3f} "
            f"| {score.support} |"
        )
    mistakes = confusions(koers.gold, koers.predicted)
    lines += ["", "Most frequent confusions of Koers (expected → predicted: count):", ""]
    lines += [f"- {g} → {p}: {n}" for g, p, n in mistakes] or ["- none"]
    return "\n".join(lines) + "\n"


def write_readme(text: str, readme: Path = README) -> None:
    """Replace the evaluation section of nlu/README.md with ``text``."""
    content = readme.read_text(encoding="utf-8")
    before, _, rest = content.partition(START)
    _, _, after = rest.partition(END)
    readme.write_text(f"{before}{START}\n{text}{END}{after}", encoding="utf-8")


QUALITY = Path(__file__).resolve().parent / "quality.json"


def quality(results: dict[str, Predictions]) -> str:
    """Koers' own figures as JSON, for /over-koers and the algorithm register
    (about/quality.py reads them): what was measured, on how many examples, and the macro-F1."""
    koers = results[SYSTEMS[0]]
    data = {
        "measured": f"{date.today().isoformat()}, {_commit()}",
        "examples": len(koers.languages),
        "macro_f1": {
            "nl": round(koers.macro("nl"), 3),
            "en": round(koers.macro("en"), 3),
            "all": round(koers.macro(), 3),
        },
        "entity_f1": round(koers.entity_score().f1, 3),
    }
    return json.dumps(data, indent=2) + "\n"
