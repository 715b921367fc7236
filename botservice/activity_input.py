"""Checks what a channel posts before the bot sees it, so bad input gets a clear 4xx answer."""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from botbuilder.schema import Activity, ActivityTypes
from msrest.exceptions import DeserializationError  # type: ignore[attr-defined]

from server.json_body import BadBody

KNOWN_ACTIVITY_TYPES = frozenset(str(kind.value) for kind in ActivityTypes)


class BadActivity(BadBody):
    """The request body is not an activity Koers can handle; the message says why."""


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
