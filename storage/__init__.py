"""Koers' storage: bot state, intakes, the outboxes, the audit trail and the rest, in SQLite or
PostgreSQL, with the migrations that shape them and the purge that keeps the retention periods.

Storage imports nothing of Koers but the retention periods (``privacy/retention.py``, a plain
dataclass below it), so every other room can build on it; `make lint` checks that.
"""
