"""APScheduler jobs, one per source: when each daemon's schedule fires, it tries to claim the run.

Every daemon schedules every source; the database decides which one does the run (see
`sources`). After a run the source is not due again until just before the next firing.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from crawler.settings import DaemonSettings, SourceSettings

# Clocks of several workers differ a little; a run is due this much before its firing.
_CLOCK_SLACK = timedelta(seconds=1)
_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekday_names(field: str) -> str:
    """Crontab weekday numbers (0 or 7 = Sunday) as names: APScheduler 3 counts from Monday."""
    return re.sub(r"(?<!/)\b[0-7]\b", lambda m: _WEEKDAYS[int(m[0])], field)


def _cron(expression: str, jitter: float | None = None) -> CronTrigger:
    # Cron is read in UTC, so that workers on machines in different zones agree.
    minute, hour, day, month, day_of_week = expression.split()
    return CronTrigger(
        minute=minute,
        hour=hour,
        day=day,
        month=month,
        day_of_week=_weekday_names(day_of_week),
        timezone=UTC,
        jitter=jitter,
    )


def trigger_for(source: SourceSettings, jitter: float) -> BaseTrigger:
    """The source's `every` or `cron` as a trigger, fired up to `jitter` seconds late."""
    if source.interval is not None:
        return IntervalTrigger(seconds=source.interval.total_seconds(), jitter=jitter or None)
    if source.cron is not None:
        return _cron(source.cron, jitter or None)
    raise ValueError(f"source {source.name!r} has neither 'every' nor 'cron'")


def next_due(source: SourceSettings, now: datetime, jitter: float) -> datetime:
    """When the source's next run may start, anywhere: just before the next firing.

    An interval fires between `interval - jitter` and `interval + jitter` after the last
    run (each daemon has its own phase); a cron fires at the next slot plus up to `jitter`.
    """
    if source.interval is not None:
        interval = source.interval
        return now + interval - min(timedelta(seconds=jitter) + _CLOCK_SLACK, interval / 2)
    assert source.cron is not None
    following = _cron(source.cron).get_next_fire_time(None, now)
    assert following is not None
    return following - min(_CLOCK_SLACK, (following - now) / 2)


class SourceSchedule:
    """A background scheduler running `run(source)` per source, never twice at once."""

    def __init__(self, settings: DaemonSettings, run: Callable[[SourceSettings], None]) -> None:
        self._settings = settings
        self._run = run
        self._scheduler = BackgroundScheduler(timezone=UTC)

    def start(self, sources: tuple[SourceSettings, ...]) -> None:
        self.replace(sources)
        self._scheduler.start()

    def replace(self, sources: tuple[SourceSettings, ...]) -> None:
        """Schedule exactly these sources (a reload); a run in progress finishes."""
        self._scheduler.remove_all_jobs()
        jitter = self._settings.jitter
        for source in sources:
            # An interval source fires soon after start too; its row says whether it is due.
            start: dict[str, Any] = {}
            if source.interval is not None:
                delay = timedelta(seconds=random.uniform(0, jitter))
                start["next_run_time"] = datetime.now(UTC) + delay
            self._scheduler.add_job(
                self._run,
                trigger_for(source, jitter),
                args=[source],
                id=source.name,
                name=source.name,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=max(1, int(self._settings.misfire_grace)),
                replace_existing=True,
                **start,
            )

    def shutdown(self) -> None:
        """Stop firing; a discovery run in progress is short and finishes on its own."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
