"""Whether a trained model still matches its inputs, checked without loading spaCy.

``make run`` and ``make test`` ask this on every start; it hashes a few small files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

NLU_DIR = Path(__file__).resolve().parent
DATA_DIR = NLU_DIR / "data"
DEFAULT_MODEL_DIR = NLU_DIR.parent / "var" / "nlu" / "model"
FINGERPRINT_FILE = "fingerprint.txt"
# Code and configuration whose change makes a trained model stale.
CODE_INPUTS = (
    NLU_DIR / "configs" / "textcat.cfg",
    NLU_DIR / "architectures.py",
    NLU_DIR / "augment.py",
    NLU_DIR / "dataset.py",
    NLU_DIR / "text.py",
    NLU_DIR / "train.py",
)


def inputs_digest(data_dir: Path = DATA_DIR) -> str:
    """A hash of the training data (not the held-out test split), config and training code."""
    digest = hashlib.sha256()
    files = [
        path
        for name in ("train.txt", "templates.txt", "dev.txt")
        for path in sorted(data_dir.glob(f"*/{name}"))
    ]
    for path in [*files, *CODE_INPUTS]:
        digest.update(str(path.relative_to(NLU_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_current(model_dir: Path = DEFAULT_MODEL_DIR, data_dir: Path = DATA_DIR) -> bool:
    stamp = model_dir / FINGERPRINT_FILE
    return stamp.exists() and stamp.read_text().strip() == inputs_digest(data_dir)
