"""Signed, expiring tokens: what a browser holds instead of the Direct Line secret, and what an
export link carries.

A token is ``<claims>.<signature>``: base64url JSON claims and an HMAC-SHA256 over them with the
purpose mixed in, so a token made for one use (a Direct Line call, a stream URL, a visitor
cookie) is refused for any other. Tokens carry the conversation and the user they are bound to.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any


class Purpose(StrEnum):
    DIRECT_LINE = "dl"
    STREAM = "ws"
    VISITOR = "visitor"
    EXPORT = "export"


class TokenError(Exception):
    """A token Koers does not accept; ``expired`` tells an expired token from a forged one."""

    def __init__(self, reason: str, *, expired: bool = False) -> None:
        super().__init__(reason)
        self.expired = expired


@dataclass(frozen=True)
class Claims:
    conversation_id: str
    user_id: str
    expires: datetime


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenSigner:
    """Makes and checks tokens with one secret key."""

    MAX_TOKEN_LENGTH = 2048

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a token key needs at least 16 bytes")
        self._key = key

    def _signature(self, purpose: Purpose, payload: str) -> str:
        message = f"koers/{purpose.value}/{payload}".encode("ascii")
        return _encode(hmac.new(self._key, message, hashlib.sha256).digest())

    def issue(
        self,
        purpose: Purpose,
        conversation_id: str,
        user_id: str,
        now: datetime,
        lifetime: timedelta,
    ) -> str:
        expires = int((now + lifetime).timestamp())
        claims = {"c": conversation_id, "u": user_id, "exp": expires}
        payload = _encode(json.dumps(claims, separators=(",", ":")).encode("utf-8"))
        return f"{payload}.{self._signature(purpose, payload)}"

    def verify(self, token: str, purpose: Purpose, now: datetime) -> Claims:
        """The token's claims, or TokenError: forged, tampered, for another purpose, expired."""
        if not token or len(token) > self.MAX_TOKEN_LENGTH or token.count(".") != 1:
            raise TokenError("malformed")
        payload, signature = token.split(".")
        try:
            expected = self._signature(purpose, payload)
        except UnicodeEncodeError:
            raise TokenError("malformed") from None
        if not hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii", "replace")):
            raise TokenError("bad signature")
        try:
            claims: Any = json.loads(_decode(payload))
        except (binascii.Error, ValueError):
            raise TokenError("malformed") from None
        if not (
            isinstance(claims, dict)
            and isinstance(claims.get("c"), str)
            and isinstance(claims.get("u"), str)
            and isinstance(claims.get("exp"), int)
        ):
            raise TokenError("malformed")
        expires = datetime.fromtimestamp(claims["exp"], tz=now.tzinfo)
        if expires <= now:
            raise TokenError("expired", expired=True)
        return Claims(claims["c"], claims["u"], expires)
