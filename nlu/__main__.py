"""``python -m nlu train | predict | evaluate``: the NLU's command line, a contract for tools.

- ``convert``: writes the training corpora (``var/nlu/corpus``) for inspection;
- ``train``: converts and trains both languages into the model folder (``--if-stale``: only
  when the data, config or training code changed since the last training).
- ``predict``: reads JSON lines ``{"text": ..., "lang": ...}`` on stdin and writes one JSON line
  per input: ``{"text", "lang", "intent", "confidence", "candidates", "entities"}``.
- ``evaluate``: scores the held-out test split next to two baselines (``--write-readme`` puts
  the table into nlu/README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from nlu.fingerprint import DEFAULT_MODEL_DIR, is_current

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


def _catalogue(content_dir: Path):  # type: ignore[no-untyped-def]
    from content import load_catalogue

    return load_catalogue(content_dir)


def _train(model_dir: Path, if_stale: bool) -> int:
    if if_stale and is_current(model_dir):
        print(f"NLU model in {model_dir} is up to date")
        return 0
    from nlu.train import train_all

    thresholds = train_all(model_dir)
    print(f"NLU model written to {model_dir}; out_of_scope thresholds: {thresholds}")
    return 0


def _convert(work_dir: Path) -> int:
    from nlu.dataset import LANGUAGES
    from nlu.train import convert

    for language in LANGUAGES:
        train, dev = convert(language, work_dir / language)
        print(f"{language}: {train} and {dev}")
    return 0


def _predict(model_dir: Path, content_dir: Path, default_lang: str | None) -> int:
    from nlu.model import KoersNlu

    nlu = KoersNlu(model_dir, _catalogue(content_dir))
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text", ""), str):
                raise ValueError
        except (ValueError, RecursionError):
            print(json.dumps({"error": "expected a JSON object with a text"}), flush=True)
            continue
        hint = item.get("lang") if isinstance(item.get("lang"), str) else default_lang
        prediction = nlu.predict(item.get("text", ""), hint)
        print(json.dumps(prediction.as_dict(), ensure_ascii=False), flush=True)
    return 0


def _evaluate(model_dir: Path, content_dir: Path, readme: bool) -> int:
    from nlu.evaluate import QUALITY, quality, report, run, write_readme
    from nlu.model import KoersNlu

    catalogue = _catalogue(content_dir)
    results = run(KoersNlu(model_dir, catalogue), catalogue)
    text = report(results)
    print(text)
    if readme:
        write_readme(text)
        QUALITY.write_text(quality(results), encoding="utf-8")
        print(f"nlu/README.md and {QUALITY.name} updated")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nlu",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--model-dir", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--content-dir", type=Path, default=CONTENT_DIR)
    commands = parser.add_subparsers(dest="command", required=True)
    convert = commands.add_parser("convert", help="write the training corpora (.spacy)")
    convert.add_argument("--corpus-dir", type=Path, default=DEFAULT_MODEL_DIR.parent / "corpus")
    train = commands.add_parser("train", help="train the Dutch and English models")
    train.add_argument("--if-stale", action="store_true", help="only if inputs changed")
    predict = commands.add_parser("predict", help="JSON lines in, JSON lines out")
    predict.add_argument("--lang", choices=["nl", "en"], default=None)
    evaluate = commands.add_parser("evaluate", help="score the test split with baselines")
    evaluate.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.command == "convert":
            return _convert(args.corpus_dir)
        if args.command == "train":
            return _train(args.model_dir, args.if_stale)
        if args.command == "predict":
            return _predict(args.model_dir, args.content_dir, args.lang)
        return _evaluate(args.model_dir, args.content_dir, args.write_readme)
    except Exception as error:  # a clear line for the person at the terminal
        if type(error).__name__ in {"ModelMissingError", "CatalogueError", "DatasetError"}:
            sys.stderr.write(f"nlu: {error}\n")
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
