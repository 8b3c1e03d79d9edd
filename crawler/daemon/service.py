"""The daemon: the endpoints, the source schedule and the fetch workers, started and stopped.

It waits for the database rather than failing (at start, and whenever a loop meets a
database error), and on stop it finishes or returns its in-flight pages within a deadline.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from crawler.daemon.endpoints import EndpointServer
from crawler.daemon.logs import log_event, one_line
from crawler.daemon.metrics import DaemonMetrics
from crawler.daemon.schedule import SourceSchedule, next_due
from crawler.daemon.sources import SourceRow, claim_discovery, run_discovery, sync_sources
from crawler.daemon.status import StatusPages
from crawler.daemon.workers import Backoff, FetchWorkers
from crawler.engine.crawl import process_id, worker_id
from crawler.engine.frontier import release_dead_claims, return_claims
from crawler.settings import ConfigError, Settings, SourceSettings
from crawler.store.db import StoreError, close_stores, open_store
from crawler.store.health import check_sources
from crawler.store.models import utcnow

T = TypeVar("T")
_RETRY_WAIT = (1.0, 30.0)  # seconds: first and longest wait for the database
HEALTH_CHECK_EVERY = 10.0  # seconds between two judgements of every source's health


class Daemon:
    """One `wirewash run` process. `load` re-reads the settings (at start and on reload)."""

    def __init__(self, load: Callable[[], Settings]) -> None:
        self._load = load
        self.settings = load()
        self.metrics = DaemonMetrics()
        self._stop = threading.Event()
        self._reload = threading.Event()
        self._factory: sessionmaker[Session] | None = None
        self._sources: dict[str, SourceRow] = {}
        self._workers: FetchWorkers | None = None
        self._discovery_worker = worker_id("discovery")
        self.port: int | None = None

    def request_stop(self) -> None:
        self._stop.set()

    def request_reload(self) -> None:
        self._reload.set()

    def run(self) -> int:
        """Serve until asked to stop; returns the exit code."""
        settings = self.settings
        pages = StatusPages(lambda: self._factory, lambda: self.settings)
        server = EndpointServer(
            settings.daemon.host, settings.daemon.port, self.metrics, self._not_ready, pages
        )
        server.start()
        self.port = server.port
        log_event(
            "start",
            pid=os.getpid(),
            port=server.port,
            database=make_url(settings.database.url).render_as_string(hide_password=True),
            sources=[s.name for s in settings.sources],
            workers=settings.fetch.concurrency,
        )
        try:
            return self._serve()
        finally:
            server.close()
            close_stores()
            log_event("stop", pid=os.getpid())

    def _serve(self) -> int:
        factory = self._open_store()
        if factory is None:
            return 0
        freed = self._retrying(lambda s: release_dead_claims(s, process_id()))
        rows = self._retrying(lambda s: sync_sources(s, self.settings.sources))
        if freed is None or rows is None:
            return 0
        if freed:
            log_event("claims_freed", count=freed)
        self._workers = FetchWorkers(self.settings, factory, self.metrics, {})
        self._use_sources(rows)
        schedule = SourceSchedule(self.settings.daemon, self._discover)
        schedule.start(self.settings.sources)
        self._workers.start(self.settings.fetch.concurrency)
        health_due = time.monotonic()
        while not self._stop.is_set():
            if self._reload.is_set():
                self._reload.clear()
                self._apply_reload(schedule)
            if time.monotonic() >= health_due:
                self._check_health()
                health_due = time.monotonic() + HEALTH_CHECK_EVERY
            self._stop.wait(0.5)
        deadline = self.settings.daemon.stop_deadline
        log_event("stopping", deadline=deadline)
        schedule.shutdown()
        unfinished = self._workers.stop(deadline)
        if unfinished:
            try:
                with factory.begin() as session:
                    returned = return_claims(session, unfinished)
                log_event("claims_returned", count=returned)
            except SQLAlchemyError as exc:  # their leases expire instead
                log_event("error", kind="database", message=one_line(exc))
        return 0

    def _open_store(self) -> sessionmaker[Session] | None:
        """The store, migrated; waits for an unreachable database. None if stopped meanwhile."""
        wait = Backoff(*_RETRY_WAIT)
        while not self._stop.is_set():
            try:
                self._factory = open_store(self.settings.database.url)
                self.metrics.store.factory = self._factory
                return self._factory
            except StoreError as exc:
                if not isinstance(exc.__cause__, DBAPIError):
                    raise
                delay = wait.next()
                log_event("error", kind="database", message=str(exc), retry_in=delay)
                self._stop.wait(delay)
        return None

    def _retrying(self, work: Callable[[Session], T]) -> T | None:
        """Run `work` in a transaction until the database lets it; None if stopped meanwhile."""
        assert self._factory is not None
        wait = Backoff(*_RETRY_WAIT)
        while not self._stop.is_set():
            try:
                with self._factory.begin() as session:
                    return work(session)
            except SQLAlchemyError as exc:
                self.metrics.database_errors.inc()
                delay = wait.next()
                log_event("error", kind="database", message=one_line(exc), retry_in=delay)
                self._stop.wait(delay)
        return None

    def _use_sources(self, rows: list[SourceRow]) -> None:
        self._sources = {row.name: row for row in rows}
        self.metrics.store.sources = frozenset(self._sources)
        assert self._workers is not None
        self._workers.sources = {row.id: row for row in rows}

    def _discover(self, source: SourceSettings) -> None:
        """A scheduled firing: run the source's discovery if this daemon wins the claim."""
        row = self._sources.get(source.name)
        if row is None or self._factory is None:
            return
        worker = self._discovery_worker
        lease = timedelta(seconds=self.settings.daemon.claim_ttl)
        try:
            with self._factory.begin() as session:
                if not claim_discovery(session, row.id, worker, lease):
                    return
            due = next_due(source, utcnow(), self.settings.daemon.jitter)
            with self._factory.begin() as session:
                run_discovery(session, row, worker, due)
        except SQLAlchemyError as exc:  # the claim's lease expires; a later firing retries
            self.metrics.database_errors.inc()
            log_event("error", kind="database", source=source.name, message=one_line(exc))
            return
        self.metrics.discovery_runs.labels(source.name).inc()
        log_event("discovery", source=source.name, url=row.url, next_due=due.isoformat())

    def _check_health(self) -> None:
        """Judge every source; log each change of state once across all daemons."""
        assert self._factory is not None
        try:
            changes = check_sources(self._factory, self.settings.health)
        except SQLAlchemyError as exc:  # the next check tries again
            self.metrics.database_errors.inc()
            log_event("error", kind="database", message=one_line(exc))
            return
        for change in changes:
            if change.state == "degraded":
                log_event("source_degraded", source=change.source, reasons=change.reasons)
            elif change.previous == "degraded":
                log_event("source_recovered", source=change.source, state=change.state)

    def _apply_reload(self, schedule: SourceSchedule) -> None:
        """SIGHUP: re-read the config; sources change now, other settings on restart."""
        try:
            fresh = self._load()
        except ConfigError as exc:
            log_event("error", kind="config", message=str(exc))
            return
        rows = self._retrying(lambda s: sync_sources(s, fresh.sources))
        if rows is None:
            return
        self._use_sources(rows)
        schedule.replace(fresh.sources)
        restart_needed = replace(fresh, sources=()) != replace(self.settings, sources=())
        self.settings = replace(self.settings, sources=fresh.sources)
        log_event(
            "reload",
            sources=[s.name for s in fresh.sources],
            restart_needed_for_other_settings=restart_needed or None,
        )

    def _not_ready(self) -> str | None:
        """Why the daemon is not ready, or None: the database answers and it is not stopping."""
        if self._stop.is_set():
            return "stopping"
        if self._factory is None:
            return "the database has not answered yet"
        try:
            with self._factory() as session:
                session.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            return one_line(exc)
        return None
