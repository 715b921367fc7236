"""Prints what the security tests tried and how much of it Koers refused."""

from __future__ import annotations

import pytest

from tests.security.ledger import TALLIES, summary


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLIES:
        return
    terminalreporter.write_sep("=", "security: attacks tried and refused")
    for line in summary():
        terminalreporter.write_line(line)
