"""The key Koers signs its tokens with (web chat, export links): the operator's, or one Koers
makes and keeps.

Every worker must sign and check with the same key, so a generated key lives in the database
(``app_secrets``), made once by whichever worker needs it first.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import writing
from storage.tables import app_secrets

TOKEN_KEY_NAME = "webchat_token_key"  # noqa: S105 (the name of the row, not a secret)


class TokenKeySource:
    """Finds the key on first use (the database may still be starting) and keeps it."""

    def __init__(self, engine: AsyncEngine, configured: str) -> None:
        self._engine = engine
        self._key = hashlib.sha256(configured.encode("utf-8")).digest() if configured else None

    async def key(self) -> bytes:
        if self._key is None:
            self._key = bytes.fromhex(await self._stored_or_new())
        return self._key

    async def _stored_or_new(self) -> str:
        query = select(app_secrets.c.value).where(app_secrets.c.name == TOKEN_KEY_NAME)
        async with self._engine.connect() as connection:
            stored = (await connection.execute(query)).scalar_one_or_none()
        if stored is not None:
            return str(stored)
        try:
            async with writing(self._engine) as connection:
                value = secrets.token_hex(32)
                await connection.execute(
                    insert(app_secrets).values(name=TOKEN_KEY_NAME, value=value)
                )
                return value
        except IntegrityError:  # another worker made it first: use theirs
            async with self._engine.connect() as connection:
                return str((await connection.execute(query)).scalar_one())
