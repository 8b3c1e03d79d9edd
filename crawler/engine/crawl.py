"""A one-off crawl: seed the frontier from targets, drain it with worker threads, summarise."""

from __future__ import annotations

import os
import queue
import secrets
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from crawler.discovery.urls import normalise
from crawler.engine.frontier import (
    Claim,
    claim_host_batch,
    has_pending,
    release_dead_claims,
    requeue,
    retry_failed,
)
from crawler.engine.pipeline import (
    CrawlContext,
    HostRelease,
    Outcome,
    Stored,
    clean_later,
    fetch_safely,
    release,
    store,
)
from crawler.engine.summary import CrawlSummary
from crawler.fetching.fetch import Fetcher
from crawler.settings import Settings
from crawler.store.db import StoreError, open_store
from crawler.store.models import Source, utcnow

# A URL deferred (Retry-After) further than this is left for a later crawl.
_WAIT_HORIZON = timedelta(seconds=30)
# How many times, over all crawls, a failing URL is tried before it is left alone.
MAX_TOTAL_ATTEMPTS = 10
# Outcomes written in one transaction, at most: a batch is what has queued up meanwhile.
STORE_BATCH = 64
# URLs of one host claimed in one transaction, fetched one after another by one thread.
HOST_BATCH = 8


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

    def take(self, wanted: int) -> int:
        """Up to `wanted` pages: how many may be fetched (0: the crawl's limit is reached)."""
        with self._lock:
            if self._left is None:
                return wanted
            taken = min(wanted, self._left)
            self._left -= taken
            return taken

    def give_back(self, pages: int) -> None:
        with self._lock:
            if self._left is not None:
                self._left += pages


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
        self.outcomes: queue.Queue[Stored] = queue.Queue(maxsize=queue_size)

    def fail(self, error: SQLAlchemyError) -> None:
        """The store stopped answering: every thread stops; what was committed stays."""
        with self.lock:
            self.store_failure = self.store_failure or error
        self.stop.set()

    def started(self, pages: int) -> None:
        with self.lock:
            self.busy += pages

    def finished(self, pages: int) -> None:
        with self.lock:
            self.busy -= pages

    def idle(self) -> bool:
        with self.lock:
            return self.busy == 0

    def hand_over(self, item: Stored) -> bool:
        """Queue an outcome for the store thread (waits while it is full); False: stopping."""
        while not self.stop.is_set():
            try:
                self.outcomes.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False


class _HostBatch:
    """One host's claimed URLs while they are fetched and read. Each outcome goes to the
    store thread as it is settled; after the last, the host is released, once."""

    def __init__(self, host: str, crew: _Crew, count: int) -> None:
        self.host, self.crew, self.left = host, crew, count
        self.pause = 0.0
        self.backoff: str | None = None
        self._lock = threading.Lock()

    def settled(self, outcome: Outcome) -> None:
        """An outcome of the batch, on a fetch thread or the worker pool's thread."""
        with self._lock:
            self.left -= 1
            last = self.left == 0
            self.pause = max(self.pause, outcome.pause)
            self.backoff = self.backoff or outcome.backoff
        if not self.crew.hand_over(replace(outcome, release=False)):
            self.crew.finished(1)
        if last:
            self.crew.hand_over(HostRelease(self.host, self.pause, self.backoff))


def _claim(ctx: CrawlContext, worker: str, wanted: int) -> list[Claim]:
    """Up to `wanted` due URLs of one free host, leased to `worker` (one commit)."""
    lease = timedelta(seconds=ctx.settings.daemon.claim_ttl)
    with ctx.factory.begin() as session:
        return claim_host_batch(session, worker, lease, wanted)


def _fetch_host(ctx: CrawlContext, claims: list[Claim], worker: str, crew: _Crew) -> None:
    """Fetch one host's claimed URLs one after another, each paced after the one before;
    each page goes to the worker processes and the next is fetched while it is read.

    What is not fetched goes back in line: the crawl is stopping, the host's breaker has
    tripped, or the claim's lease would run out within the next URL's budget.
    """
    batch = _HostBatch(claims[0].host, crew, len(claims))
    budget = timedelta(seconds=ctx.settings.fetch.url_budget + 1.0)
    pause = 0.0
    for number, claim in enumerate(claims):
        late = claim.expires_at - utcnow() < budget
        if crew.stop.is_set() or batch.backoff is not None or late:
            batch.settled(Outcome(claim, pause, returned=True))
            continue
        if number and pause:
            time.sleep(pause)
        fetched = fetch_safely(ctx, claim, worker)
        pause = fetched.pause
        if isinstance(fetched, Outcome):
            batch.settled(fetched)
        else:
            clean_later(ctx, fetched, batch.settled)


def _fetch_loop(ctx: CrawlContext, number: int, budget: _Budget, crew: _Crew) -> None:
    """One fetch thread: claim a host's URLs, fetch them, hand each page to the readers."""
    worker = worker_id(number)
    try:
        while not crew.stop.is_set():
            wanted = budget.take(HOST_BATCH)
            if not wanted:
                return
            crew.started(wanted)  # before the claim: a claimed page always counts as in flight
            claims = _claim(ctx, worker, wanted)
            if len(claims) < wanted:
                crew.finished(wanted - len(claims))
                budget.give_back(wanted - len(claims))
            if not claims:
                # Idle first: then every committed page's links are in, and its host free.
                idle = crew.idle()
                with ctx.factory() as session:
                    pending = has_pending(session, _WAIT_HORIZON)
                if idle and not pending:
                    return
                time.sleep(0.05)
                continue
            _fetch_host(ctx, claims, worker, crew)
    except SQLAlchemyError as error:
        crew.fail(error)


def _next_batch(crew: _Crew) -> list[Stored]:
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
    batch: list[Stored] = []
    try:
        while not crew.stop.is_set():
            batch = _next_batch(crew)
            if not batch:
                if crew.fetching_done.is_set() and crew.outcomes.empty():
                    return
                continue
            store(ctx, batch)
            pages = [item for item in batch if isinstance(item, Outcome)]
            crew.finished(len(pages))
            for page in pages:
                if not page.returned:
                    on_page()
            batch = []
    except SQLAlchemyError as error:
        crew.fail(error)
        # The batch was not committed: free its hosts if the store lets us; the claims
        # return to the frontier when the crawl runs again.
        for item in batch:
            try:
                if isinstance(item, Outcome):
                    release(ctx, item.claim)
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
    crew = _Crew(queue_size=fetchers * 2 + ctx.readers.workers * 2)
    threads = [
        threading.Thread(
            target=_fetch_loop, args=(ctx, n, budget, crew), name=f"crawl-{n}", daemon=True
        )
        for n in range(fetchers)
    ]
    writer = threading.Thread(
        target=_store_loop, args=(ctx, crew, on_page), name="crawl-store", daemon=True
    )
    ctx.readers.start()  # before any thread: the workers are forked from this process
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
