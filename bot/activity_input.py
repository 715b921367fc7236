"""Checks what a channel posts before the bot sees it, so bad input gets a clear 4xx answer."""

from __future__ import annotations

import ipaddress
import json
from typing import Any
from urllib.parse import urlsplit

from botbuilder.schema import Activity, ActivityTypes
from msrest.exceptions import DeserializationError  # type: ignore[attr-defined]

KNOWN_ACTIVITY_TYPES = frozenset(str(kind.value) for kind in ActivityTypes)
# Adaptive Card submits and channel data nest, but never this deep.
MAX_DEPTH = 64


class BadActivity(ValueError):
    """The request body is not an activity Koers can handle; the message says why."""


def parse_body(raw: bytes) -> dict[str, Any]:
    """The JSON object in ``raw``, or BadActivity."""
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadActivity("the body is not valid JSON") from None
    except RecursionError:
        raise BadActivity(f"the body is nested deeper than {MAX_DEPTH} levels") from None
    if not isinstance(body, dict):
        raise BadActivity("the body must be a JSON object (an activity)")
    if _depth(body) > MAX_DEPTH:
        # Deep nesting is no activity a channel sends, and would strain every step after this.
        raise BadActivity(f"the body is nested deeper than {MAX_DEPTH} levels")
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


def activity_type(body: dict[str, Any]) -> str:
    kind = body.get("type")
    if not isinstance(kind, str) or not kind.strip():
        raise BadActivity("the activity has no type")
    return kind


def to_activity(body: dict[str, Any]) -> Activity:
    """The botbuilder Activity for ``body``, with the fields every turn needs present."""
    # msrest would quietly turn a number or an object into text; a channel never sends that.
    for field in ("text", "locale", "textFormat"):
        if body.get(field) is not None and not isinstance(body[field], str):
            raise BadActivity(f"the activity has fields of the wrong kind ({field})")
    try:
        activity = Activity().deserialize(body)
    except (DeserializationError, TypeError, ValueError, AttributeError):
        raise BadActivity("the activity has fields of the wrong kind") from None
    if not _is_text(activity.channel_id):
        raise BadActivity("the activity has no channelId")
    if not _is_text(activity.service_url) or urlsplit(activity.service_url).scheme not in {
        "http",
        "https",
    }:
        raise BadActivity("the activity has no http(s) serviceUrl")
    if activity.conversation is None or not _is_text(activity.conversation.id):
        raise BadActivity("the activity has no conversation.id")
    if activity.from_property is None or not _is_text(activity.from_property.id):
        raise BadActivity("the activity has no from.id")
    return activity


def is_loopback_url(url: str) -> bool:
    """True when ``url`` points at this machine (what local mode may answer to)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""
