"""Every field Koers passes to a log call reaches the log line: the allow-list that keeps
message text out of the logs must not also drop what an operator needs (a dead worker's process
id and exit code, a delivery's attempts)."""

from __future__ import annotations

import ast
import json
import logging
from pathlib import Path

from server.logs import ALLOWED_FIELDS, JsonFormatter
from server.settings import PROJECT_ROOT

NOT_KOERS = {".venv", "node_modules", "var", "tests", "manifest/build"}


def _koers_files() -> list[Path]:
    return [
        path
        for path in PROJECT_ROOT.rglob("*.py")
        if not any(str(path.relative_to(PROJECT_ROOT)).startswith(f"{part}/") for part in NOT_KOERS)
    ]


def _extra_fields(path: Path) -> list[tuple[int, str | None]]:
    """(line, field) for every key of every ``extra=`` in ``path``; None for a key (or an
    ``extra``) the test cannot read, which is itself a failure."""
    found: list[tuple[int, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg != "extra":
                continue
            if not isinstance(keyword.value, ast.Dict):
                found.append((node.lineno, None))
                continue
            for key in keyword.value.keys:
                name = key.value if isinstance(key, ast.Constant) else None
                found.append((node.lineno, name if isinstance(name, str) else None))
    return found


def test_every_field_passed_to_a_log_call_is_allowed() -> None:
    dropped = [
        f"{path.relative_to(PROJECT_ROOT)}:{line}: {field}"
        for path in _koers_files()
        for line, field in _extra_fields(path)
        if field not in ALLOWED_FIELDS
    ]
    assert dropped == []


def test_the_worker_died_line_says_which_process_and_how() -> None:
    record = logging.LogRecord(
        "koers.workers", logging.ERROR, __file__, 1, "a worker stopped", None, None
    )
    for name, value in {"event": "worker_died", "worker": 4242, "exit_code": -9}.items():
        setattr(record, name, value)
    line = json.loads(JsonFormatter().format(record))
    assert (line["event"], line["worker"], line["exit_code"]) == ("worker_died", 4242, -9)


def test_a_field_outside_the_list_is_still_dropped() -> None:
    record = logging.LogRecord("koers.test", logging.INFO, __file__, 1, "said", None, None)
    record.text = "Mijn naam is Wilma"
    assert "text" not in json.loads(JsonFormatter().format(record))
