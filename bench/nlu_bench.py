"""NLU speed, load time and memory, printed next to the targets (run: `make bench-nlu`).

Targets on a 2-core machine: prediction median ≤ 1 ms per utterance, model load ≤ 2 s, added
resident memory ≤ 150 MB, and finding sensitive topics (run on every message) ≤ 1 ms per
utterance. Figures, not a pass/fail test: machines differ.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from content import load_catalogue
from dialogs.sensitive import SensitiveTopics
from nlu.dataset import LANGUAGES, load
from nlu.fingerprint import DEFAULT_MODEL_DIR

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 1e6


def main() -> None:
    catalogue = load_catalogue(CONTENT_DIR)
    texts = [
        (e.text, lang) for lang in LANGUAGES for split in ("dev", "test") for e in load(lang, split)
    ]
    texts.append(("ik " + "wil graag een andere baan binnen de gemeente " * 300, "nl"))
    import spacy  # noqa: F401 - imported before measuring, as Koers has it loaded anyway

    before = resident_mb()
    started = time.perf_counter()
    from nlu.model import KoersNlu

    nlu = KoersNlu(DEFAULT_MODEL_DIR, catalogue)
    load_seconds = time.perf_counter() - started
    nlu.predict("warming up", "nl")
    timings = []
    for _ in range(3):
        for text, lang in texts:
            begin = time.perf_counter()
            nlu.predict(text, lang)
            timings.append((time.perf_counter() - begin) * 1000)
    added = resident_mb() - before
    median = statistics.median(timings)
    p99 = sorted(timings)[int(len(timings) * 0.99)]
    print(f"utterances: {len(texts)} x 3")
    print(f"prediction median: {median:.3f} ms  (target <= 1 ms; ratio {median / 1.0:.2f})")
    print(f"prediction p99:    {p99:.3f} ms")
    print(
        f"model load:        {load_seconds:.2f} s   (target <= 2 s; ratio {load_seconds / 2.0:.2f})"
    )
    print(f"added resident:    {added:.1f} MB (target <= 150 MB; ratio {added / 150:.2f})")
    topics = SensitiveTopics(catalogue)
    topics.find("warming up")
    finding = []
    for text, _ in texts:
        begin = time.perf_counter()
        topics.find(text)
        finding.append((time.perf_counter() - begin) * 1000)
    found_median = statistics.median(finding)
    longest = max(finding)
    print(
        f"sensitive topics:  {found_median:.3f} ms median (target <= 1 ms; ratio "
        f"{found_median:.2f}), longest message {longest:.1f} ms"
    )


if __name__ == "__main__":
    main()
