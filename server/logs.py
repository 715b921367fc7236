"""Structured JSON logging that can never carry what a user typed.

Log lines are for operators: they say what happened (event, step, status, latency) and to which
conversation, by a hash of its id. Message text, names and e-mail addresses never go into a log
record: callers pass only the fields below, and the formatter writes only those.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

# The only extra fields a log line may carry. Anything else passed as ``extra`` is dropped,
# so a careless ``extra={"text": ...}`` cannot leak a message into the logs.
ALLOWED_FIELDS = frozenset(
    {
        "event",
        "conversation",
        "channel",
        "activity_type",
        "status",
        "path",
        "method",
        "latency_ms",
        "error_type",
        "database",
        "revision",
        "host",
        "port",
        "auth",
        "reason",
        "worker",
        "workers",
        "exit_code",
        "attempts",
        "kind",
    }
)


KOERS_LOGGER = "koers"
MAX_FOREIGN_MESSAGE = 200


def conversation_hash(conversation_id: str | None) -> str:
    """A short, stable, one-way name for a conversation, safe to write to a log."""
    if not conversation_id:
        return "-"
    return hashlib.sha256(conversation_id.encode("utf-8")).hexdigest()[:16]


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message and the allowed fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage() if _ours(record) else _template(record),
        }
        for name in ALLOWED_FIELDS:
            if name in record.__dict__:
                entry[name] = record.__dict__[name]
        if record.exc_info and record.exc_info[0] is not None:
            # The exception's type and where it happened; its message may quote user input.
            entry["error_type"] = record.exc_info[0].__name__
            entry["traceback"] = _frames_only(record)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _ours(record: logging.LogRecord) -> bool:
    return record.name == KOERS_LOGGER or record.name.startswith(KOERS_LOGGER + ".")


def _template(record: logging.LogRecord) -> str:
    """A library's message without its arguments: those are where a request body, an SQL
    parameter or a name would be."""
    return str(record.msg)[:MAX_FOREIGN_MESSAGE]


def _frames_only(record: logging.LogRecord) -> list[str]:
    """File, line and function of each frame: enough to find a bug, no values from the turn."""
    _, _, tb = record.exc_info or (None, None, None)
    frames: list[str] = []
    while tb is not None:
        code = tb.tb_frame.f_code
        frames.append(f"{code.co_filename}:{tb.tb_lineno} in {code.co_name}")
        tb = tb.tb_next
    return frames


def configure_logging(level: str) -> None:
    """Send every log record to stderr as JSON; called once by ``main()``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    # Libraries log requests, SQL with its parameters and message bodies at DEBUG and INFO;
    # only their warnings and errors come through. Koers' own loggers follow LOG_LEVEL.
    root.setLevel(max(logging.WARNING, logging.getLevelName(level)))
    logging.getLogger(KOERS_LOGGER).setLevel(level)
