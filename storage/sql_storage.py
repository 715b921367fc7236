"""botbuilder's ``Storage`` on SQL: the bot's conversation and user state in SQLite or PostgreSQL.

One class serves both databases, so what the tests prove on SQLite holds on PostgreSQL. It keeps
botbuilder's storage contract, including optimistic concurrency: an item read with an ``e_tag``
and written back after someone else changed it raises ``ETagConflictError`` instead of silently
overwriting the other change.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from botbuilder.core import Storage
from sqlalchemy import delete, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage import codec
from storage.engine import writing
from storage.tables import bot_state

# Keys per SELECT/DELETE: well under every database's limit on bound parameters.
_BATCH = 200


class ETagConflictError(Exception):
    """The item changed since it was read: the write was refused so no update is lost."""


def key_hash(key: str) -> str:
    """The primary key for ``key``: fixed length whatever the key holds."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _e_tag_of(value: object) -> str | None:
    tag = value.get("e_tag") if isinstance(value, dict) else getattr(value, "e_tag", None)
    return None if tag is None else str(tag)


def _set_e_tag(value: object, tag: str) -> None:
    if isinstance(value, dict):
        value["e_tag"] = tag
    elif hasattr(value, "e_tag"):
        value.e_tag = tag


def _without_e_tag(value: object) -> object:
    """The value as stored: the e_tag lives in its own column, not in the data."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k != "e_tag"}
    return value


class SqlStorage(Storage):
    """Bot state in one SQL table, through SQLAlchemy's async engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__()
        self._engine = engine
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert

    async def read(self, keys: Iterable[str] | None) -> dict[str, Any]:
        if keys is None:
            raise Exception("Keys are required when reading")  # botbuilder's contract
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Any] = {}
        if not wanted:
            return found
        async with self._engine.connect() as connection:
            for start in range(0, len(wanted), _BATCH):
                hashes = [key_hash(key) for key in wanted[start : start + _BATCH]]
                rows = await connection.execute(
                    select(bot_state.c.key, bot_state.c.data, bot_state.c.e_tag).where(
                        bot_state.c.key_hash.in_(hashes)
                    )
                )
                for key, data, tag in rows:
                    value = codec.decode(data)
                    _set_e_tag(value, tag)
                    found[key] = value
        return found

    async def write(self, changes: Mapping[str, object] | None) -> None:
        if changes is None:
            raise Exception("Changes are required when writing")  # botbuilder's contract
        if not changes:
            return
        new_tags: dict[str, str] = {}
        async with writing(self._engine) as connection:
            for key, value in changes.items():
                new_tags[key] = await self._write_one(connection, key, value)
        # The writer now holds the newest version: a second save in the same turn must not
        # conflict with its own first one.
        for key, value in changes.items():
            _set_e_tag(value, new_tags[key])

    async def _write_one(self, connection: AsyncConnection, key: str, value: object) -> str:
        expected = _e_tag_of(value)
        if expected == "":
            raise ETagConflictError(
                f"an empty e_tag cannot be written (key hash {key_hash(key)[:12]})"
            )
        row: dict[str, Any] = {
            "key_hash": key_hash(key),
            "key": key,
            "data": codec.encode(_without_e_tag(value)),
            "e_tag": uuid.uuid4().hex,
            "updated_at": datetime.now(UTC),
        }
        if expected is None or expected == "*":
            statement = self._insert(bot_state).values(**row)
            statement = statement.on_conflict_do_update(
                index_elements=[bot_state.c.key_hash],
                set_={name: statement.excluded[name] for name in ("data", "e_tag", "updated_at")},
            )
            await connection.execute(statement)
            return str(row["e_tag"])
        changed = await connection.execute(
            update(bot_state)
            .where(bot_state.c.key_hash == row["key_hash"], bot_state.c.e_tag == expected)
            .values(data=row["data"], e_tag=row["e_tag"], updated_at=row["updated_at"])
        )
        if changed.rowcount == 1:
            return str(row["e_tag"])
        present = await connection.scalar(
            select(exists().where(bot_state.c.key_hash == row["key_hash"]))
        )
        if present:
            raise ETagConflictError(
                f"the item changed since it was read (key hash {row['key_hash'][:12]})"
            )
        try:
            async with connection.begin_nested():
                await connection.execute(bot_state.insert().values(**row))
        except IntegrityError:
            raise ETagConflictError(
                f"the item was created meanwhile (key hash {row['key_hash'][:12]})"
            ) from None
        return str(row["e_tag"])

    async def delete(self, keys: Iterable[str] | None) -> None:
        if keys is None:
            raise Exception("Keys are required when deleting")
        hashes = [key_hash(key) for key in dict.fromkeys(keys)]
        if not hashes:
            return
        async with writing(self._engine) as connection:
            for start in range(0, len(hashes), _BATCH):
                await connection.execute(
                    delete(bot_state).where(
                        bot_state.c.key_hash.in_(hashes[start : start + _BATCH])
                    )
                )
