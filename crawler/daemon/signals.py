"""Signals to the daemon: SIGTERM and SIGINT stop it cleanly, SIGHUP re-reads its sources."""

from __future__ import annotations

import signal
from collections.abc import Callable


def install(stop: Callable[[], None], reload: Callable[[], None]) -> None:
    """Route the signals to `stop` and `reload` (which only set flags: handlers stay tiny)."""
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop())
    signal.signal(signal.SIGINT, lambda _signum, _frame: stop())
    signal.signal(signal.SIGHUP, lambda _signum, _frame: reload())
