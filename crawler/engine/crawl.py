"""A one-off crawl: seed the frontier from targets, drain it with worker threads, summarise."""

from __future__ import annotations

import os
import queue
import secrets
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from crawler.discovery.urls import normalise
from crawler.engine.frontier import (
    has_pending,
    release_dead_claims,
    requeue,
    retry_failed,
)
from crawler.engine.pipeline import CrawlContext, Outcome, claim, outcome_of, release, store
from crawler.engine.summary import CrawlSummary
from crawler.fetching.fetch import Fetcher
from crawler.settings import Settings
from crawler.store.db import StoreError, open_store
from crawler.store.models import Source

# A URL deferred (Retry-After) further than this is left for a later crawl.
_WAIT_HORIZON = timedelta(seconds=30)
# How many times, over all crawls, a failing URL is tried before it is left alone.
MAX_TOTAL_ATTEMPTS = 10
# Outcomes written in one transaction, at most: a batch is what has queued up meanwhile.
STORE_BATCH = 32


class TargetError(ValueError):
    """A crawl target is neither a URL nor a configured source name."""


@dataclass(frozen=True)
class Target:
    """A resolved crawl target: its URL, frontier kind and source (when configured)."""

    url: str
    kind: str
    source: str | None = None


def target_kind(url: str) -> str:
    """A site root is crawled as a site; any other URL is fetched and judged by its content."""
    return "site" if urlsplit(url).path in ("", "/") else "seed"


def resolve_targets(settings: Settings, targets: Sequence[str]) -> list[Target]:
    """URLs stay URLs; a configured source name becomes its URL."""
    resolved = []
    for target in targets:
        source = settings.source(target)
        url = source.url if source else target
        if normalise(url) is None:
            raise TargetError(f"{target!r} is not an http(s) URL or a source name in the config")
        resolved.append(Target(url, target_kind(url), source.name if source else None))
    return resolved


def ensure_source(session: Session, name: str, url: str) -> int:
    """The id of the source row named `name`, created or updated to `url`."""
    row = session.scalar(select(Source).where(Source.name == name))
    if row is None:
        row = Source(name=name, url=url)
        session.add(row)
    row.url = url
    session.flush()
    return row.id


# Drawn once per process start: a container restarted with the same hostname and PID 1
# must tell its earlier life's claims from its own.
_LIFE = secrets.token_hex(4)


def process_id() -> str:
    """machine:pid:life, this process as the claims it makes name it."""
    return f"{socket.gethostname()}:{os.getpid()}:{_LIFE}"


def worker_id(thread: int | str) -> str:
    """machine:pid:life:thread, so a restarted crawl can tell dead claims from live ones."""
    return f"{process_id()}:{thread}"


def seed(factory: sessionmaker[Session], targets: Sequence[Target]) -> None:
    """Put the targets in the frontier (again), retry failed URLs, free dead claims."""
    with factory.begin() as session:
        release_dead_claims(session, process_id())
        retry_failed(session, MAX_TOTAL_ATTEMPTS)
        for target in targets:
            source_id = ensure_source(session, target.source, target.url) if target.source else None
            requeue(session, target.url, target.kind, source_id)


class _Budget:
    """How many more pages this crawl may fetch (None: no limit)."""

    def __init__(self, limit: int | None) -> None:
        self._left = limit
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self._left is None:
                return True
            if self._left <= 0:
                return False
            self._left -= 1
            return True

    def give_back(self) -> None:
        with self._lock:
            if self._left is not None:
                self._left += 1


class _Crew:
    """What the threads of one crawl share: pages in flight, the store's queue, stopping.

    `busy` counts pages claimed and not yet committed, so the crawl ends only when every
    page's outcome is in the store.
    """

    def __init__(self, queue_size: int) -> None:
        self.lock = threading.Lock()
        self.busy = 0
        self.stop = threading.Event()
        self.fetching_done = threading.Event()
        self.store_failure: SQLAlchemyError | None = None
        self.outcomes: queue.Queue[Outcome] = queue.Queue(maxsize=queue_size)

    def fail(self, error: SQLAlchemyError) -> None:
        """The store stopped answering: every thread stops; what was committed stays."""
        with self.lock:
            self.store_failure = self.store_failure or error
        self.stop.set()

    def started(self) -> None:
        with self.lock:
            self.busy += 1

    def finished(self, pages: int) -> None:
        with self.lock:
            self.busy -= pages

    def idle(self) -> bool:
        with self.lock:
            return self.busy == 0

    def hand_over(self, outcome: Outcome) -> bool:
        """Queue an outcome for the store thread (waits while it is full); False: stopping."""
        while not self.stop.is_set():
            try:
                self.outcomes.put(outcome, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False


def _fetch_loop(ctx: CrawlContext, number: int, budget: _Budget, crew: _Crew) -> None:
    """One fetch thread: claim, fetch and clean pages, handing outcomes to the store thread."""
    worker = worker_id(number)
    try:
        while not crew.stop.is_set():
            if not budget.take():
                return
            crew.started()  # before the claim: a claimed page always counts as in flight
            claimed = claim(ctx, worker)
            if claimed is None:
                crew.finished(1)
                budget.give_back()
                # Idle first: then every committed page's links are in, and its host free.
                idle = crew.idle()
                with ctx.factory() as session:
                    pending = has_pending(session, _WAIT_HORIZON)
                if idle and not pending:
                    return
                time.sleep(0.05)
                continue
            if not crew.hand_over(outcome_of(ctx, claimed, worker)):
                crew.finished(1)
    except SQLAlchemyError as error:
        crew.fail(error)


def _next_batch(crew: _Crew) -> list[Outcome]:
    """Up to STORE_BATCH queued outcomes: what is there now, after waiting for the first."""
    try:
        batch = [crew.outcomes.get(timeout=0.05)]
    except queue.Empty:
        return []
    while len(batch) < STORE_BATCH:
        try:
            batch.append(crew.outcomes.get_nowait())
        except queue.Empty:
            break
    return batch


def _store_loop(ctx: CrawlContext, crew: _Crew, on_page: Callable[[], None]) -> None:
    """The store thread: writes queued outcomes in batches until fetching is over."""
    batch: list[Outcome] = []
    try:
        while not crew.stop.is_set():
            batch = _next_batch(crew)
            if not batch:
                if crew.fetching_done.is_set() and crew.outcomes.empty():
                    return
                continue
            store(ctx, batch)
            crew.finished(len(batch))
            for _ in batch:
                on_page()
            batch = []
    except SQLAlchemyError as error:
        crew.fail(error)
        # The batch was not committed: free its hosts if the store lets us; the claims
        # return to the frontier when the crawl runs again.
        for outcome in batch:
            try:
                release(ctx, outcome.claim)
            except SQLAlchemyError:
                break


def crawl(
    settings: Settings,
    targets: Sequence[str],
    *,
    max_pages: int | None = None,
    on_page: Callable[[], None] = lambda: None,
) -> CrawlSummary:
    """Crawl `targets` (URLs or source names) into the configured store; returns the summary.

    Fetch threads (`[fetch] concurrency`) claim, fetch and hand pages to the worker
    processes that read them (`[fetch] workers`); one store thread writes the outcomes in
    batches. Interrupted and started again, it goes on where it was: the frontier is in
    the store. Raises StoreError when the store stops answering mid-crawl.
    """
    resolved = resolve_targets(settings, targets)
    factory = open_store(settings.database.url)
    seed(factory, resolved)
    fetcher = Fetcher(settings.fetch)
    ctx = CrawlContext(settings, factory, fetcher, CrawlSummary())
    budget = _Budget(max_pages)
    fetchers = max(1, settings.fetch.concurrency)
    crew = _Crew(queue_size=fetchers * 2)
    threads = [
        threading.Thread(
            target=_fetch_loop, args=(ctx, n, budget, crew), name=f"crawl-{n}", daemon=True
        )
        for n in range(fetchers)
    ]
    writer = threading.Thread(
        target=_store_loop, args=(ctx, crew, on_page), name="crawl-store", daemon=True
    )
    try:
        writer.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        crew.fetching_done.set()
        writer.join()
    finally:
        crew.stop.set()
        fetcher.close()
        ctx.close()
    if crew.store_failure is not None:
        first_line = str(crew.store_failure).splitlines()[0]
        raise StoreError(
            f"the store stopped answering mid-crawl ({first_line}); everything committed is "
            "kept: run the same crawl again to go on"
        )
    return ctx.summary
