"""Counts the attacks the security tests make and how many Koers refused, for the summary
``make test`` prints at the end."""

from __future__ import annotations

import re
from dataclasses import dataclass

# What may never be in an answer to an attacker: a Python traceback or a path into the code.
_LEAKS = re.compile(r"Traceback \(most recent call last\)|File \"/|\.py\", line \d+")


@dataclass
class Tally:
    tried: int = 0
    refused: int = 0


TALLIES: dict[str, Tally] = {}


def count(kind: str, refused: bool) -> None:
    """Note one attack of ``kind`` and whether Koers refused it."""
    tally = TALLIES.setdefault(kind, Tally())
    tally.tried += 1
    tally.refused += int(refused)


def refused_with_4xx(kind: str, status: int, body: str) -> None:
    """Note an attack answered over HTTP: refused means a 4xx without a stack trace."""
    refused = 400 <= status < 500 and not _LEAKS.search(body)
    count(kind, refused)
    assert refused, (kind, status, body[:300])


def summary() -> list[str]:
    width = max((len(kind) for kind in TALLIES), default=10)
    lines = [f"{'attack':<{width}}  tried  refused"]
    lines += [
        f"{kind:<{width}}  {tally.tried:>5}  {tally.refused:>7}"
        for kind, tally in sorted(TALLIES.items())
    ]
    tried = sum(t.tried for t in TALLIES.values())
    refused = sum(t.refused for t in TALLIES.values())
    lines.append(f"{'all':<{width}}  {tried:>5}  {refused:>7}")
    return lines
