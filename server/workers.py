"""Runs Koers as several worker processes on one port (``WORKERS=N``), and keeps them running.

The parent binds the port once and hands the listening socket to each worker; the kernel gives
every new connection to a worker that is waiting for one. So when a worker dies, connections
still in the queue go to the others, and the parent starts a new worker in its place. Workers
share nothing but the database: a conversation's turns are ordered by PostgreSQL advisory locks,
web chat streams are woken by LISTEN/NOTIFY, deliveries are claimed from the outbox. That is
why more than one worker needs PostgreSQL.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from server.logs import configure_logging

log = logging.getLogger("koers.workers")

APP = Path(__file__).resolve().parent.parent / "app.py"
BACKLOG = 1024
POLL_SECONDS = 0.5
# A worker that dies this soon after starting, this many times in a row, is not restarted again:
# something is wrong that a restart does not mend (the log of the worker says what).
QUICK_DEATH_SECONDS = 10.0
QUICK_DEATHS_ALLOWED = 5
STOP_SECONDS = 20.0


class Supervisor:
    def __init__(self, host: str, port: int, count: int) -> None:
        self._count = count
        self._listener = socket.create_server((host, port), backlog=BACKLOG)
        self._listener.set_inheritable(True)
        self._workers: dict[int, tuple[subprocess.Popen[bytes], float]] = {}
        self._stopping = False
        self._quick_deaths = 0

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    def run(self) -> int:
        """Start the workers and keep them running until SIGTERM or SIGINT; the exit code."""
        for received in (signal.SIGTERM, signal.SIGINT):
            signal.signal(received, self._stop)
        log.info(
            "Koers starts its workers",
            extra={"event": "workers_starting", "workers": self._count, "port": self.port},
        )
        for slot in range(self._count):
            self._start(slot)
        try:
            while not self._stopping:
                time.sleep(POLL_SECONDS)
                if not self._replace_the_dead():
                    return 1
            return 0
        finally:
            self._stop_all()

    def _start(self, slot: int) -> None:
        fd = self._listener.fileno()
        env = {**os.environ, "DB_AUTO_MIGRATE": "0"}
        # Koers' own interpreter and app.py, with a number: nothing from outside.
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, str(APP), "serve", "--listen-fd", str(fd)],
            pass_fds=(fd,),
            env=env,
        )
        self._workers[slot] = (process, time.monotonic())

    def _replace_the_dead(self) -> bool:
        """Start a new worker for each that exited; False when they keep dying at once."""
        for slot, (process, started) in list(self._workers.items()):
            code = process.poll()
            if code is None or self._stopping:
                continue
            quick = time.monotonic() - started < QUICK_DEATH_SECONDS
            self._quick_deaths = self._quick_deaths + 1 if quick else 0
            log.error(
                "a worker stopped; starting a new one",
                extra={"event": "worker_died", "worker": process.pid, "exit_code": code},
            )
            if self._quick_deaths > QUICK_DEATHS_ALLOWED:
                log.error(
                    "workers keep stopping right after they start; giving up",
                    extra={"event": "workers_failing"},
                )
                return False
            self._start(slot)
        return True

    def _stop(self, _signal: int, _frame: FrameType | None) -> None:
        self._stopping = True

    def _stop_all(self) -> None:
        for process, _ in self._workers.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for process, _ in self._workers.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
        self._listener.close()


def main(argv: list[str] | None = None) -> int:
    """``python -m server.workers HOST PORT COUNT [--migrate] [--log-level LEVEL]``, as
    ``app.py serve`` starts it when WORKERS is above 1; the workers read their settings from the
    environment they inherit."""
    parser = argparse.ArgumentParser(prog="python -m server.workers", description=__doc__)
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("--migrate", action="store_true")
    parser.add_argument("--log-level", default="INFO")
    arguments = parser.parse_args(argv)
    configure_logging(arguments.log_level)
    if arguments.migrate:  # once, here, and not by every worker at the same time
        # Koers' own interpreter and app.py: nothing from outside.
        migrated = subprocess.run(  # noqa: S603
            [sys.executable, str(APP), "migrate"], cwd=APP.parent, check=False
        )
        if migrated.returncode != 0:
            return migrated.returncode
    return Supervisor(arguments.host, arguments.port, arguments.count).run()


if __name__ == "__main__":
    sys.exit(main())


def listening_socket(fd: int) -> socket.socket:
    """The socket the supervisor handed down (``--listen-fd``)."""
    return socket.socket(fileno=fd)
