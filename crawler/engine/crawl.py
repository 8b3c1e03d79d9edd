"""A one-off crawl: seed the frontier from targets, drain it with worker threads, summarise."""

from __future__ import annotations

import os
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
    claim_next,
    has_pending,
    release_dead_claims,
    requeue,
    retry_failed,
)
from crawler.engine.pipeline import CrawlContext, process
from crawler.engine.summary import CrawlSummary
from crawler.fetching.fetch import Fetcher
from crawler.settings import Settings
from crawler.store.db import StoreError, open_store
from crawler.store.models import Source

# A URL deferred (Retry-After) further than this is left for a later crawl.
_WAIT_HORIZON = timedelta(seconds=30)
# How many times, over all crawls, a failing URL is tried before it is left alone.
MAX_TOTAL_ATTEMPTS = 10


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
    """What the worker threads of one crawl share: who is busy, and whether to stop."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.busy = 0
        self.stop = threading.Event()
        self.store_failure: SQLAlchemyError | None = None

    def fail(self, error: SQLAlchemyError) -> None:
        """The store stopped answering: every worker stops; what was committed stays."""
        with self.lock:
            self.store_failure = self.store_failure or error
        self.stop.set()


def _work(
    ctx: CrawlContext,
    number: int,
    budget: _Budget,
    crew: _Crew,
    on_page: Callable[[], None],
) -> None:
    """One worker thread: claim and process pages until the frontier is drained."""
    try:
        _drain(ctx, worker_id(number), budget, crew, on_page)
    except SQLAlchemyError as error:
        crew.fail(error)


def _drain(
    ctx: CrawlContext, worker: str, budget: _Budget, crew: _Crew, on_page: Callable[[], None]
) -> None:
    lease = timedelta(seconds=ctx.settings.daemon.claim_ttl)
    while not crew.stop.is_set():
        if not budget.take():
            return
        with ctx.factory.begin() as session:
            claim = claim_next(session, worker, lease)
        if claim is None:
            budget.give_back()
            with ctx.factory() as session:
                pending = has_pending(session, _WAIT_HORIZON)
            with crew.lock:
                idle = crew.busy == 0
            if not pending and idle:
                return
            time.sleep(0.05)
            continue
        with crew.lock:
            crew.busy += 1
        try:
            process(ctx, claim, worker)
        finally:
            with crew.lock:
                crew.busy -= 1
            on_page()


def crawl(
    settings: Settings,
    targets: Sequence[str],
    *,
    max_pages: int | None = None,
    on_page: Callable[[], None] = lambda: None,
) -> CrawlSummary:
    """Crawl `targets` (URLs or source names) into the configured store; returns the summary.

    Interrupted and started again, it goes on where it was: the frontier is in the store.
    Raises StoreError when the store stops answering mid-crawl.
    """
    resolved = resolve_targets(settings, targets)
    factory = open_store(settings.database.url)
    seed(factory, resolved)
    fetcher = Fetcher(settings.fetch)
    ctx = CrawlContext(settings, factory, fetcher, CrawlSummary())
    budget = _Budget(max_pages)
    crew = _Crew()
    threads = [
        threading.Thread(
            target=_work, args=(ctx, n, budget, crew, on_page), name=f"crawl-{n}", daemon=True
        )
        for n in range(max(1, settings.fetch.concurrency))
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        fetcher.close()
    if crew.store_failure is not None:
        first_line = str(crew.store_failure).splitlines()[0]
        raise StoreError(
            f"the store stopped answering mid-crawl ({first_line}); everything committed is "
            "kept: run the same crawl again to go on"
        )
    return ctx.summary
