"""Turns bot state (dicts, StoreItems, DialogState) into JSON text and back.

botbuilder keeps Python objects in state (a DialogState with its prompt activities), so plain
JSON is not enough; jsonpickle records each object's class. Restoring a class is importing
code, so only classes from an allow-list are restored: a stored value can never name, say,
``os.system`` and have it run.
"""

from __future__ import annotations

import json
from typing import Any

import jsonpickle

# Modules whose classes may live in bot state.
ALLOWED_MODULE_PREFIXES = (
    "botbuilder.",
    "botframework.",
    "datetime.",
    "decimal.",
    "collections.",
    "bot.",
    "dialogs.",
    "nlu.",
    "content.",
)
# jsonpickle tags that carry a class name; every other py/ tag outside this set is refused.
_CLASS_TAGS = frozenset({"py/object", "py/type"})
_PLAIN_TAGS = frozenset(
    {
        "py/reduce",
        "py/tuple",
        "py/set",
        "py/state",
        "py/newargs",
        "py/newargsex",
        "py/seq",
        "py/b64",
        "py/b85",
        "py/bytes",
        "py/id",
        "py/newobj",
        "py/initargs",
        "py/iterator",
        "py/property",
    }
)


class UnsafeStateError(ValueError):
    """Stored state names a class that Koers does not restore."""


def encode(value: object) -> str:
    """JSON text for ``value``; objects keep their class so they come back as they went in."""
    return str(jsonpickle.encode(value, make_refs=False, keys=False, warn=True))


def decode(text: str) -> Any:
    """The value that ``encode`` wrote, after checking that it names only allowed classes."""
    _check(json.loads(text))
    return jsonpickle.decode(text, safe=True, keys=False)  # noqa: S301 - checked just above


def _check(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _check(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("py/"):
                if key in _CLASS_TAGS:
                    if not isinstance(value, str) or not value.startswith(ALLOWED_MODULE_PREFIXES):
                        raise UnsafeStateError(f"refusing to restore class {value!r}")
                elif key not in _PLAIN_TAGS:
                    raise UnsafeStateError(f"refusing jsonpickle tag {key!r}")
            _check(value)
