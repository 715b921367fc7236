"""Koers' own spaCy model architecture for intent classification: ``koers.CharNgramBOW.v1``.

spaCy's bag-of-words classifier sees whole words only, so "leidinggevn" and "leidinggeven" are
strangers to it. Employees type fast, inflect and misspell; character n-grams inside each word
(``lei``, ``eidi``, …) keep most of a misspelt word recognisable. This architecture feeds word
uni- and bigrams plus character 3- to 5-grams, hashed, into one sparse linear layer with a
softmax: the speed of bag-of-words (well under a millisecond) with the robustness of subwords.

Importing this module registers the architecture; ``nlu.model`` and ``nlu.train`` import it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, cast

import numpy
from spacy.attrs import LOWER
from spacy.ml.models.textcat import resize_and_set_ref
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    Model,
    NumpyOps,
    SparseLinear_v2,
    chain,
    resizable,
    softmax_activation,
    with_cpu,
)
from thinc.layers.resizable import resize_linear_weighted
from thinc.types import Floats2d

_NEG_VALUE = -5000  # what spaCy fills new output rows with when labels are added


def extract_features(
    word_ngrams: int, min_char: int, max_char: int
) -> Model[list[Doc], tuple[Any, Any, Any]]:
    """Hashed word n-grams and in-word character n-grams, weighted to unit length per doc."""

    def forward(
        model: Model[list[Doc], tuple[Any, Any, Any]],
        docs: list[Doc],
        is_train: bool,  # noqa: ARG001 - thinc passes it by name
    ) -> tuple[tuple[Any, Any, Any], Callable[[Any], list[Any]]]:
        ops = model.ops
        batch_keys = []
        batch_vals = []
        for doc in docs:
            words: Any = ops.asarray(cast(Any, doc.to_array([LOWER])))
            parts: list[Any] = [words]
            for n in range(2, word_ngrams + 1):
                parts.append(ops.ngrams(n, words))
            chars = [
                hash_string(padded[start : start + n])
                for token in doc
                if not token.is_space
                for padded in (f"<{token.lower_}>",)
                for n in range(min_char, max_char + 1)
                for start in range(0, len(padded) - n + 1)
            ]
            parts.append(numpy.asarray(chars, dtype="uint64"))
            keys = numpy.unique(
                numpy.concatenate([numpy.asarray(p, dtype="uint64") for p in parts])
            )
            batch_keys.append(keys)
            weight = 1.0 / numpy.sqrt(max(len(keys), 1))
            batch_vals.append(numpy.full(len(keys), weight, dtype="float32"))
        lengths = ops.asarray([len(keys) for keys in batch_keys], dtype="int32")
        keys_out = numpy.concatenate(batch_keys) if batch_keys else numpy.zeros(0, dtype="uint64")
        vals_out = numpy.concatenate(batch_vals) if batch_vals else numpy.zeros(0, dtype="f")

        def backprop(_d_output: Any) -> list[Any]:
            return []

        return (keys_out, vals_out, lengths), backprop

    return Model("koers_extract_features", forward)


@registry.architectures("koers.CharNgramBOW.v1")  # type: ignore[untyped-decorator]
def build_char_ngram_bow(
    exclusive_classes: bool = True,
    word_ngrams: int = 2,
    min_char: int = 3,
    max_char: int = 5,
    length: int = 262144,
    nO: int | None = None,
) -> Model[list[Doc], Floats2d]:
    """Word and character n-grams → one sparse linear layer → softmax over the intents."""
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    fill_defaults = {"b": _NEG_VALUE, "W": 0}
    resizable_layer: Model[Any, Floats2d] = resizable(
        sparse_linear, resize_layer=partial(resize_linear_weighted, fill_defaults=fill_defaults)
    )
    model: Model[list[Doc], Floats2d] = chain(
        with_cpu(
            chain(extract_features(word_ngrams, min_char, max_char), resizable_layer), NumpyOps()
        ),
        softmax_activation(),
    )
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = not exclusive_classes
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=resizable_layer)
    return model
