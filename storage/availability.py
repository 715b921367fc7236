"""Tells "the database is away for a moment" apart from every other failure.

A restarted or unreachable database is not a bug in Koers: the right answer is 503 with a
Retry-After, so that the channel or the page tries again and nothing the employee said is lost.
A wrong query stays a bug (500, logged with its trace), and a channel that does not answer is
not the database (its replies wait in the reply outbox).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import exc

# SQLSTATE classes that mean the connection or the server went away: 08 connection exception,
# 57 operator intervention (shutdown, restart, "starting up"), 53 insufficient resources.
_UNAVAILABLE_SQLSTATE_CLASSES = ("08", "57", "53")
# Where a network error must come from to be about the database.
_DATABASE_MODULES = ("sqlalchemy", "asyncpg", "aiosqlite")


def causes(error: BaseException) -> Iterator[BaseException]:
    """``error`` and what caused it, each once."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) says the database cannot be reached right now."""
    return any(_says_unavailable(cause) for cause in causes(error))


def _says_unavailable(error: BaseException) -> bool:
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, exc.OperationalError | exc.InterfaceError | exc.TimeoutError):
        return True
    if isinstance(error, OSError):  # connection refused, reset, no route: but to what?
        return _raised_in_database_code(error)
    sqlstate = getattr(error, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate.startswith(_UNAVAILABLE_SQLSTATE_CLASSES)


def _raised_in_database_code(error: BaseException) -> bool:
    frame = error.__traceback__
    while frame is not None:
        module = str(frame.tb_frame.f_globals.get("__name__", ""))
        if module.startswith(_DATABASE_MODULES):
            return True
        frame = frame.tb_next
    return False
