"""Structured logs: one JSON object per line on stderr, one event per line."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

LOGGER = logging.getLogger("wirewash.daemon")


class JsonLines(logging.Formatter):
    """Formats a record as {"time", "level", "event", ...fields} on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_logging(level: int = logging.INFO) -> None:
    """Send the daemon's events, as JSON lines, to stderr (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    LOGGER.handlers[:] = [handler]
    LOGGER.setLevel(level)
    LOGGER.propagate = False
    # APScheduler's own chatter goes through the same formatter, warnings and up only.
    scheduler_log = logging.getLogger("apscheduler")
    scheduler_log.handlers[:] = [handler]
    scheduler_log.setLevel(logging.WARNING)
    scheduler_log.propagate = False


# Events a person should look at, though the daemon goes on.
WARNING_EVENTS = frozenset({"source_degraded"})


def log_event(event: str, **fields: Any) -> None:
    """Log one event (fetch, store, error, discovery...) with its fields; "error" at ERROR."""
    level = logging.ERROR if event == "error" else logging.INFO
    if event in WARNING_EVENTS:
        level = logging.WARNING
    LOGGER.log(level, event, extra={"fields": {k: v for k, v in fields.items() if v is not None}})


def one_line(exc: BaseException) -> str:
    """An exception as `Class: first line of its message`, for a log field."""
    message = str(exc)
    return f"{exc.__class__.__name__}: {message.splitlines()[0] if message else ''}"
