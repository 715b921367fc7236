"""``KoersRecognizer``: the NLU behind botbuilder's ``Recognizer``, so dialogs never see spaCy.

The bot puts the conversation's language in ``turn_state`` before recognising; the result
carries the intents with their scores, the entities by label, and in ``properties`` the
message's language and the two best candidates.
"""

from __future__ import annotations

import threading
from pathlib import Path

from botbuilder.core import IntentScore, Recognizer, RecognizerResult, TurnContext

from content import Catalogue, normalise_language
from nlu.model import KoersNlu, Prediction

# Where the bot puts the conversation's language for the recogniser to read.
LANGUAGE_HINT_KEY = "koers.language"

_shared: dict[tuple[Path, Path], KoersNlu] = {}
_lock = threading.Lock()


def shared_nlu(model_dir: Path, content_dir: Path, catalogue: Catalogue) -> KoersNlu:
    """The NLU for ``model_dir`` and the catalogue from ``content_dir``, loaded once per process."""
    key = (model_dir.resolve(), content_dir.resolve())
    with _lock:
        if key not in _shared:
            _shared[key] = KoersNlu(model_dir, catalogue)
        return _shared[key]


def to_recognizer_result(prediction: Prediction) -> RecognizerResult:
    """botbuilder's shape of a prediction."""
    intents = {name: IntentScore(score=score) for name, score in prediction.candidates}
    intents[prediction.intent] = IntentScore(score=prediction.confidence)
    entities: dict[str, list[dict[str, object]]] = {}
    for entity in prediction.entities:
        entities.setdefault(entity.label, []).append(
            {"id": entity.entity_id, "text": entity.text, "negated": entity.negated}
        )
    return RecognizerResult(
        text=prediction.text,
        altered_text=None,
        intents=intents,
        entities=entities,
        properties={
            "language": prediction.language,
            "intent": prediction.intent,
            "confidence": prediction.confidence,
            "candidates": [list(candidate) for candidate in prediction.candidates],
        },
    )


# What the NLU reads of one message: more says nothing more about the intent, and a pasted
# book would otherwise hold the worker for seconds (spaCy on 100,000 characters: ~19 s).
MAX_UNDERSTOOD_CHARS = 2000


class KoersRecognizer(Recognizer):
    """Recognises the intent, entities and language of the turn's message."""

    def __init__(self, nlu: KoersNlu) -> None:
        self._nlu = nlu

    async def recognize(self, turn_context: TurnContext) -> RecognizerResult:
        activity = turn_context.activity
        hint = turn_context.turn_state.get(LANGUAGE_HINT_KEY) or normalise_language(activity.locale)
        text = (activity.text or "")[:MAX_UNDERSTOOD_CHARS]
        return to_recognizer_result(self._nlu.predict(text, hint))
