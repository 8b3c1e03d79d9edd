"""Fetch workers: threads that drain the frontier continuously until told to stop.

Each page gets its own `CrawlSummary`, so what `pipeline.process` did to it becomes the
page's log events and metric increments without touching the pipeline. A database error
never kills a worker: it backs off and tries again.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from crawler.daemon.logs import log_event, one_line
from crawler.daemon.metrics import DaemonMetrics
from crawler.daemon.outcomes import OutcomeTally
from crawler.daemon.sources import SourceRow, record_outcome
from crawler.engine.crawl import worker_id
from crawler.engine.frontier import DISCOVERY_KINDS, Claim, claim_next, return_claims, set_aside
from crawler.engine.pipeline import CrawlContext, process
from crawler.engine.summary import CrawlSummary
from crawler.fetching.fetch import Fetcher
from crawler.settings import Settings

_IDLE_WAIT = (0.05, 1.0)  # seconds: first and longest wait when no URL is due
_FAILING_WAIT = (0.5, 30.0)  # seconds: first and longest wait after a database error


class Backoff:
    """A wait that doubles on every call, up to a ceiling, until reset."""

    def __init__(self, first: float, ceiling: float) -> None:
        self._first, self._ceiling = first, ceiling
        self._next = first

    def next(self) -> float:
        wait = self._next
        self._next = min(self._next * 2, self._ceiling)
        return wait

    def reset(self) -> None:
        self._next = self._first


class FetchWorkers:
    """`count` threads claiming due URLs and passing each through the pipeline."""

    def __init__(
        self,
        settings: Settings,
        factory: sessionmaker[Session],
        metrics: DaemonMetrics,
        sources: dict[int, SourceRow],
    ) -> None:
        self.settings = settings
        self.factory = factory
        self.metrics = metrics
        self.sources = sources  # replaced wholesale on reload, never mutated
        self.fetcher = Fetcher(settings.fetch)
        # One context for every worker, so robots rules and learned boilerplate are cached
        # across pages; each page counts into a summary of its own.
        self._context = CrawlContext(settings, factory, self.fetcher, CrawlSummary())
        self.stopping = threading.Event()
        self.outcomes = OutcomeTally()
        self._in_flight: dict[int, Claim] = {}
        # Claims whose page met a database outage: handed back once the store answers again.
        self._stranded: list[Claim] = []
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def start(self, count: int) -> None:
        for number in range(max(1, count)):
            thread = threading.Thread(
                target=self._loop, args=(number,), name=f"fetch-{number}", daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def stop(self, deadline: float) -> list[Claim]:
        """Take no more URLs, wait up to `deadline` seconds; returns the claims still in flight."""
        self.stopping.set()
        give_up = time.monotonic() + deadline
        for thread in self._threads:
            thread.join(max(0.0, give_up - time.monotonic()))
        with self._lock:
            unfinished = list(self._in_flight.values())
        if not unfinished:
            self.fetcher.close()
            self._context.close()
        try:
            self.outcomes.flush(self.factory)
        except SQLAlchemyError as exc:  # the last seconds of counts are lost, no page is
            log_event("error", kind="database", message=one_line(exc))
        return unfinished

    def _loop(self, number: int) -> None:
        worker = worker_id(number)
        lease = timedelta(seconds=self.settings.daemon.claim_ttl)
        idle, failing = Backoff(*_IDLE_WAIT), Backoff(*_FAILING_WAIT)
        while not self.stopping.is_set():
            try:
                self._return_stranded()
                if self.outcomes.due():
                    self.outcomes.flush(self.factory)
                with self.factory.begin() as session:
                    claim = claim_next(session, worker, lease)
                if claim is None:
                    self.stopping.wait(idle.next())
                    continue
                idle.reset()
                self._process(number, claim, worker)
                failing.reset()
            except SQLAlchemyError as exc:
                self.metrics.database_errors.inc()
                wait = failing.next()
                log_event("error", kind="database", message=one_line(exc), retry_in=wait)
                self.stopping.wait(wait)

    def _process(self, number: int, claim: Claim, worker: str) -> None:
        page = CrawlSummary()
        ctx = self._context.with_summary(page)
        with self._lock:
            self._in_flight[number] = claim
        try:
            process(ctx, claim, worker)
        except SQLAlchemyError:
            with self._lock:
                self._stranded.append(claim)
            raise
        finally:
            with self._lock:
                self._in_flight.pop(number, None)
            self.metrics.count_page(page)
            if claim.source_id is not None:
                self.outcomes.add(claim.source_id, page)
            self._log(claim, page)
        self._record_source(claim, page)
        self._set_aside_removed(claim, page)

    def _return_stranded(self) -> None:
        """Put back in line the pages a database outage interrupted (and free their hosts)."""
        with self._lock:
            stranded, self._stranded = self._stranded, []
        if not stranded:
            return
        try:
            with self.factory.begin() as session:
                returned = return_claims(session, stranded)
        except SQLAlchemyError:
            with self._lock:
                self._stranded.extend(stranded)
            raise
        log_event("claims_returned", count=returned, reason="database outage")

    def _log(self, claim: Claim, page: CrawlSummary) -> None:
        source = self.sources.get(claim.source_id) if claim.source_id is not None else None
        where = {"source": source.name if source else None, "url": claim.url}
        if page.fetched:
            log_event("fetch", **where, kind=claim.kind, discovered=page.discovered or None)
        for outcome in ("stored", "updated"):
            if getattr(page, outcome):
                log_event("store", **where, outcome=outcome)
        for problem in page.problems:
            event = "error" if page.errors else "skip"
            log_event(event, **where, kind=problem.kind, message=problem.message)
        for host, backoff in page.backed_off.items():
            log_event(
                "host_backed_off", **where, host=host, kind=backoff.kind, reason=backoff.reason
            )

    def _set_aside_removed(self, claim: Claim, page: CrawlSummary) -> None:
        """A page of a source removed while it was in flight may have queued more URLs."""
        if claim.source_id is None or claim.source_id in self.sources or not page.discovered:
            return
        with self.factory.begin() as session:
            set_aside(session, [claim.source_id])

    def _record_source(self, claim: Claim, page: CrawlSummary) -> None:
        """A source's own page was processed: note its success or error on the source row."""
        source = self.sources.get(claim.source_id) if claim.source_id is not None else None
        if source is None or claim.url != source.url or claim.kind not in DISCOVERY_KINDS:
            return
        problem = page.problems[0] if page.problems else None
        error = f"{problem.kind}: {problem.message}" if problem else None
        with self.factory.begin() as session:
            record_outcome(session, source.id, error)
