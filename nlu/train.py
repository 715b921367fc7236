"""Trains Koers' intent classifiers, one per language, reproducibly.

Steps (the ``project.yml`` workflow runs them in this order):
1. convert: the text files in ``nlu/data`` (train with typed-like variants, dev as written)
   become spaCy DocBin corpora;
2. train: spaCy trains ``configs/textcat.cfg`` on them with a fixed seed;
3. the confidence threshold below which a message counts as out_of_scope is chosen on dev.
The result lands in the model folder (``var/nlu`` by default) with a fingerprint of its inputs.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train
from spacy.language import Language as SpacyPipeline
from spacy.tokens import DocBin
from thinc.api import fix_random_seed

import nlu.architectures  # noqa: F401 - registers koers.CharNgramBOW.v1 for the config
from nlu.augment import variants
from nlu.dataset import DATA_DIR, INTENTS, LANGUAGES, load, load_templates
from nlu.fingerprint import FINGERPRINT_FILE, inputs_digest
from nlu.metrics import macro_f1
from nlu.model import THRESHOLDS_FILE, decide

NLU_DIR = Path(__file__).resolve().parent
CONFIG = NLU_DIR / "configs" / "textcat.cfg"
SEED = 42
# How many examples one template line gives at most.
PER_TEMPLATE = 24


def _doc_bin(nlp: SpacyPipeline, texts_and_intents: Iterable[tuple[str, str]]) -> DocBin:
    docs = DocBin()
    for text, intent in texts_and_intents:
        doc = nlp.make_doc(text)
        doc.cats = {name: float(name == intent) for name in INTENTS}
        docs.add(doc)
    return docs


def training_texts(language: str, data_dir: Path = DATA_DIR) -> list[tuple[str, str]]:
    """(text, intent) pairs to train on: written examples, expanded templates, typed variants."""
    rng = random.Random(SEED)
    written = load(language, "train", data_dir)
    templated = load_templates(language, rng, PER_TEMPLATE, data_dir)
    pairs = [(text, ex.intent) for ex in [*written, *templated] for text in variants(ex, rng)]
    return list(dict.fromkeys(pairs))


def convert(language: str, work_dir: Path, data_dir: Path = DATA_DIR) -> tuple[Path, Path]:
    """Write train.spacy (with variants) and dev.spacy for ``language``; returns their paths."""
    nlp = spacy.blank(language)
    train = training_texts(language, data_dir)
    dev = [(example.text, example.intent) for example in load(language, "dev", data_dir)]
    work_dir.mkdir(parents=True, exist_ok=True)
    train_path, dev_path = work_dir / "train.spacy", work_dir / "dev.spacy"
    _doc_bin(nlp, train).to_disk(train_path)
    _doc_bin(nlp, dev).to_disk(dev_path)
    return train_path, dev_path


def classify(nlp: SpacyPipeline, texts: Sequence[str]) -> list[dict[str, float]]:
    return [dict(doc.cats) for doc in nlp.pipe(texts, batch_size=256)]


def choose_threshold(scores: Sequence[dict[str, float]], gold: Sequence[str]) -> float:
    """The confidence threshold with the best macro-F1 on dev (the lowest of equals)."""
    best_threshold, best_score = 0.0, -1.0
    for step in range(0, 19):
        threshold = step * 0.05
        predicted = [decide(cats, threshold)[0] for cats in scores]
        score = macro_f1(gold, predicted, INTENTS)
        if score > best_score + 1e-9:
            best_threshold, best_score = threshold, score
    return round(best_threshold, 2)


def train_language(language: str, work_dir: Path, data_dir: Path = DATA_DIR) -> tuple[Path, float]:
    """Train one language; returns the best pipeline's folder and its dev threshold."""
    train_path, dev_path = convert(language, work_dir / language, data_dir)
    output = work_dir / language / "output"
    fix_random_seed(SEED)
    spacy_train(
        CONFIG,
        output,
        use_gpu=-1,
        overrides={
            "paths.train": str(train_path),
            "paths.dev": str(dev_path),
            "nlp.lang": language,
            "system.seed": SEED,
        },
    )
    best = output / "model-best"
    dev = load(language, "dev", data_dir)
    scores = classify(spacy.load(best), [example.text for example in dev])
    return best, choose_threshold(scores, [example.intent for example in dev])


def train_all(model_dir: Path, data_dir: Path = DATA_DIR) -> dict[str, float]:
    """Train every language and install the result in ``model_dir``; returns the thresholds."""
    work_dir = model_dir.parent / f"{model_dir.name}-work"
    shutil.rmtree(work_dir, ignore_errors=True)
    # One process per language: the two trainings run side by side on two cores.
    with ProcessPoolExecutor(max_workers=len(LANGUAGES)) as pool:
        futures = {
            language: pool.submit(train_language, language, work_dir, data_dir)
            for language in LANGUAGES
        }
        results = {language: future.result() for language, future in futures.items()}
    built = {language: path for language, (path, _) in results.items()}
    thresholds = {language: threshold for language, (_, threshold) in results.items()}
    staging = model_dir.parent / f"{model_dir.name}-new"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for language, path in built.items():
        shutil.copytree(path, staging / language)
    (staging / THRESHOLDS_FILE).write_text(json.dumps(thresholds, indent=2) + "\n")
    (staging / FINGERPRINT_FILE).write_text(inputs_digest(data_dir) + "\n")
    # Swap in the new model whole, so a running Koers never sees half of one.
    shutil.rmtree(model_dir, ignore_errors=True)
    staging.rename(model_dir)
    shutil.rmtree(work_dir, ignore_errors=True)
    return thresholds
