"""Advisors' accounts: passwords (argon2), sign-in with a lock-out, sessions, API tokens.

Sign-in is slowed down after each failure and locked for a while after five in a row. Session
ids and API tokens are random and stored only as SHA-256 hashes, so a copy of the database
signs nobody in. Sign-in through the intranet's identity provider can replace ``sign_in`` later;
everything after it only needs an advisor id.

Command line: ``python app.py accounts password <e-mail>`` (reads the new password from the
terminal) and ``python app.py accounts token <e-mail>`` (prints a new API token once).
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from advisors.roster import Advisor, AdvisorStore
from server.clock import or_now
from storage.engine import utc, writing
from storage.tables import advisor_sessions, advisors, api_tokens

MAX_FAILURES = 5
LOCK_TIME = timedelta(minutes=15)
SESSION_TIME = timedelta(hours=8)
MIN_PASSWORD = 12
_hasher = PasswordHasher()


class SignInRefused(Exception):
    """Wrong e-mail or password, or locked: one message for all, so nothing is given away."""


@dataclass(frozen=True)
class Session:
    id: str
    advisor: Advisor
    csrf: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Accounts:
    def __init__(self, engine: AsyncEngine, clock: Callable[[], datetime] | None = None) -> None:
        self._engine = engine
        self._clock = or_now(clock)
        self._advisors = AdvisorStore(engine)

    async def set_password(self, email: str, password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
        async with writing(self._engine) as connection:
            changed = await connection.execute(
                update(advisors)
                .where(advisors.c.email == email.strip().lower())
                .values(password_hash=_hasher.hash(password), failed_sign_ins=0, locked_until=None)
            )
        if changed.rowcount != 1:
            raise LookupError(f"no advisor with e-mail {email}")

    async def sign_in(self, email: str, password: str) -> Session:
        now = self._clock()
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(
                    select(advisors).where(advisors.c.email == email.strip().lower()[:254])
                )
            ).first()
        if row is None or not row.active or not row.password_hash:
            _hasher.hash(password)  # the same work as a real check: timing gives nothing away
            raise SignInRefused
        if row.locked_until is not None and utc(row.locked_until) > now:
            raise SignInRefused
        try:
            _hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            failures = row.failed_sign_ins + 1
            async with writing(self._engine) as connection:
                await connection.execute(
                    update(advisors)
                    .where(advisors.c.id == row.id)
                    .values(
                        failed_sign_ins=0 if failures >= MAX_FAILURES else failures,
                        locked_until=now + LOCK_TIME if failures >= MAX_FAILURES else None,
                    )
                )
            await asyncio.sleep(min(failures, MAX_FAILURES) * 0.2)  # slows down guessing
            raise SignInRefused from None
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        async with writing(self._engine) as connection:
            await connection.execute(
                update(advisors).where(advisors.c.id == row.id).values(failed_sign_ins=0)
            )
            await connection.execute(
                advisor_sessions.insert().values(
                    id_hash=_digest(session_id),
                    advisor_id=row.id,
                    csrf=csrf,
                    created_at=now,
                    expires_at=now + SESSION_TIME,
                )
            )
        advisor = await self._advisors.get(row.id)
        assert advisor is not None
        return Session(session_id, advisor, csrf)

    async def session(self, session_id: str) -> Session | None:
        """The live session with this id, or None (unknown, tampered, expired, advisor gone)."""
        if not session_id or len(session_id) > 100:
            return None
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(
                    select(advisor_sessions).where(
                        advisor_sessions.c.id_hash == _digest(session_id)
                    )
                )
            ).first()
        if row is None or utc(row.expires_at) <= self._clock():
            return None
        advisor = await self._advisors.get(row.advisor_id)
        if advisor is None or not advisor.active:
            return None
        return Session(session_id, advisor, row.csrf)

    async def sign_out(self, session_id: str) -> None:
        async with writing(self._engine) as connection:
            await connection.execute(
                delete(advisor_sessions).where(advisor_sessions.c.id_hash == _digest(session_id))
            )

    async def new_token(self, email: str) -> str:
        async with self._engine.connect() as connection:
            advisor_id = (
                await connection.execute(
                    select(advisors.c.id).where(advisors.c.email == email.strip().lower())
                )
            ).scalar_one_or_none()
        if advisor_id is None:
            raise LookupError(f"no advisor with e-mail {email}")
        token = secrets.token_urlsafe(32)
        async with writing(self._engine) as connection:
            await connection.execute(
                api_tokens.insert().values(
                    token_hash=_digest(token), advisor_id=advisor_id, created_at=self._clock()
                )
            )
        return token

    async def by_token(self, token: str) -> Advisor | None:
        if not token or len(token) > 100:
            return None
        async with self._engine.connect() as connection:
            advisor_id = (
                await connection.execute(
                    select(api_tokens.c.advisor_id).where(api_tokens.c.token_hash == _digest(token))
                )
            ).scalar_one_or_none()
        advisor = await self._advisors.get(advisor_id) if advisor_id else None
        return advisor if advisor is not None and advisor.active else None
