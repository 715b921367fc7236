"""Who an employee is to Koers: a channel and the user id that channel gives them.

Koers knows no employee number. In Teams the user id stays the same in every conversation; in web
chat it is the browser's own (kept in a cookie). Rows that belong to an employee but do not hold
their conversation carry ``Employee.key``, a one-way hash, so they can be found again to show,
export or erase them without spreading the raw id."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botbuilder.schema import Activity


@dataclass(frozen=True)
class Employee:
    channel: str
    user_id: str

    @property
    def key(self) -> str:
        return hashlib.sha256(f"{self.channel}\n{self.user_id}".encode()).hexdigest()

    @classmethod
    def of(cls, activity: Activity) -> Employee | None:
        """The employee who sent ``activity`` (None when the channel gave no user id)."""
        user = activity.from_property
        if not activity.channel_id or user is None or not user.id:
            return None
        return cls(str(activity.channel_id), str(user.id))

    @classmethod
    def from_reference(cls, reference: Mapping[str, Any] | None) -> Employee | None:
        """The employee of a stored conversation reference (botbuilder's serialised form)."""
        if not reference:
            return None
        user = reference.get("user")
        channel = reference.get("channelId")
        if not isinstance(user, Mapping) or not user.get("id") or not channel:
            return None
        return cls(str(channel), str(user["id"]))


def conversation_of(activity: Activity) -> str:
    """The id of the conversation ``activity`` belongs to ("" when the channel gave none)."""
    return (
        str(activity.conversation.id) if activity.conversation and activity.conversation.id else ""
    )
