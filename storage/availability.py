"""Tells "the database is away for a moment" apart from every other failure.

A restarted or unreachable database is not a bug in Koers: the right answer is 503 with a
Retry-After, so that the channel or the page tries again and nothing the employee said is lost.
A wrong query stays a bug (500, logged with its trace).
"""

from __future__ import annotations

from sqlalchemy import exc

# SQLSTATE classes that mean the connection or the server went away: 08 connection exception,
# 57 operator intervention (shutdown, restart, "starting up"), 53 insufficient resources.
_UNAVAILABLE_SQLSTATE_CLASSES = ("08", "57", "53")


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) says the database cannot be reached right now."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _says_unavailable(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _says_unavailable(error: BaseException) -> bool:
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, exc.OperationalError | exc.InterfaceError | exc.TimeoutError):
        return True
    if isinstance(error, OSError):  # connection refused, reset, no route
        return True
    sqlstate = getattr(error, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate.startswith(_UNAVAILABLE_SQLSTATE_CLASSES)
