"""Short-lived download links for an employee's own data ("exporteer mijn gegevens").

The link holds a signed token naming the employee and their conversation; it works for a few
minutes, so a link that ends up in a browser history or a forwarded chat is soon worthless."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import quote

from privacy.employee import Employee
from server.token_keys import TokenKeySource
from server.tokens import Purpose, TokenError, TokenSigner

EXPORT_PATH = "/privacy/export"
EXPORT_LIFETIME = timedelta(minutes=10)


class ExportLinks:
    def __init__(self, keys: TokenKeySource, base_url: str, clock: Callable[[], datetime]) -> None:
        self._keys = keys
        self._base_url = base_url.rstrip("/")
        self._clock = clock

    @property
    def minutes(self) -> int:
        return int(EXPORT_LIFETIME.total_seconds() // 60)

    async def url(self, employee: Employee, conversation_id: str) -> str:
        signer = TokenSigner(await self._keys.key())
        holder = json.dumps([employee.channel, employee.user_id])
        token = signer.issue(
            Purpose.EXPORT, conversation_id, holder, self._clock(), EXPORT_LIFETIME
        )
        return f"{self._base_url}{EXPORT_PATH}?t={quote(token)}"

    async def verify(self, token: str) -> tuple[Employee, str]:
        """The employee and conversation a link is for; TokenError when forged or expired."""
        claims = TokenSigner(await self._keys.key()).verify(token, Purpose.EXPORT, self._clock())
        try:
            channel, user_id = json.loads(claims.user_id)
        except (ValueError, TypeError):
            raise TokenError("malformed") from None
        if not isinstance(channel, str) or not isinstance(user_id, str):
            raise TokenError("malformed")
        return Employee(channel, user_id), claims.conversation_id
