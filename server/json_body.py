"""Reads a request body as a JSON object safely: bad JSON, deep nesting and half characters are
refused or mended before any handler sees them, so every endpoint answers bad input with a 400."""

from __future__ import annotations

import json
from typing import Any

# Adaptive Card submits and channel data nest, but never this deep.
MAX_DEPTH = 64


class BadBody(ValueError):
    """The request body is not a JSON object Koers can handle; the message says why."""


def parse_body(raw: bytes) -> dict[str, Any]:
    """The JSON object in ``raw``, or BadBody."""
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadBody("the body is not valid JSON") from None
    except RecursionError:
        raise BadBody(f"the body is nested deeper than {MAX_DEPTH} levels") from None
    if not isinstance(body, dict):
        raise BadBody("the body must be a JSON object (an activity)")
    if _depth(body) > MAX_DEPTH:
        # Deep nesting is no activity a channel sends, and would strain every step after this.
        raise BadBody(f"the body is nested deeper than {MAX_DEPTH} levels")
    cleaned: dict[str, Any] = _without_lone_surrogates(body)
    return cleaned


def _text(value: str) -> str:
    """``value`` as text that can be written as UTF-8: JSON may escape half a character pair
    (a lone surrogate, "\\ud800"), which no encoder, database or model takes."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


def _without_lone_surrogates(value: Any) -> Any:
    """Every string in ``value`` (keys too) safe to encode; depth is checked before."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, dict):
        return {_text(str(k)): _without_lone_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    return value


def _depth(value: Any) -> int:
    """How deeply ``value`` nests, counted without recursion."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        node, depth = pending.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest
