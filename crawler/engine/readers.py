"""The pool of worker processes that read fetched pages, one per core, fed through a bound.

Fetch threads hand each page to `Readers.submit` (the Read comes back to a callback) or
`Readers.read` (they wait for it); at most `workers` pages are read at once and at most as
many wait, so memory stays flat however fast pages arrive (a thread that cannot hand its
page over stops fetching: back-pressure).

`start` forks the workers from the calling process while it has no other thread, after
loading the tables every worker reads (the spun model) and freezing the garbage
collector's view of them: the workers share those pages copy-on-write instead of each
importing and loading its own. A pool started later (lazily, or again after a worker died)
comes from a fork server that has imported the cleaners once, as forking a process with
threads is unsafe. A worker that dies (killed, out of memory) costs its page only.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from crawler.cores import worker_count
from crawler.engine.reading import PageJob, Read, ReadFailed, read_page
from crawler.fetching import errors


def _context(fork: bool = False) -> multiprocessing.context.BaseContext:
    """Fork when asked (a process without threads); else a fork server where there is one
    (forking a threaded process is unsafe), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    if fork and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["cleaners", "crawler.engine.reading"])
        return context
    return multiprocessing.get_context("spawn")


def _worker_start(parent: int) -> None:
    """Worker start: the worker ends when its parent is gone."""
    _outlive_no_parent(parent)


def _outlive_no_parent(parent: int) -> None:
    """End this worker once the process that started the pool is gone.

    A crawl killed with SIGKILL cannot stop its pool, and a worker's pipes never close
    while its siblings hold them: without this, workers would wait for work forever.
    """

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:  # alive, under another user
                continue

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


# A short article page: reading it loads every table the cleaners load on first use.
_WARM_PAGE = PageJob(
    url="http://warm.invalid/news/a-story.html",
    final_url="http://warm.invalid/news/a-story.html",
    kind="article",
    follow_sitemaps=False,
    status=200,
    content_type="text/html",
    charset="utf-8",
    body=(
        "<html><head><title>The council votes on the harbour budget</title></head><body>"
        "<article><h1>The council votes on the harbour budget</h1>"
        + "<p>The council said on Monday that the harbour budget would rise next year, and "
        "the farmers who use the market near the river station welcomed the vote.</p>"
        * 6
        + "</article></body></html>"
    ).encode(),
    robots_sitemaps=(),
    boilerplate=frozenset(),
    max_sitemap_urls=10,
    max_bytes=1_000_000,
    max_links_per_page=10,
)


def _load_shared_tables() -> None:
    """Load what every worker reads and never changes (models, lexicons), before the
    workers are forked: read a short article page here, through the cleaners' own API."""
    read_page(_WARM_PAGE)


class Readers:
    """`workers` processes running `read_page`; thread-safe; closed with `close`."""

    def __init__(self, workers: int) -> None:
        self.workers = worker_count(workers)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        # Pages in the pool at once: one being read by each worker, one waiting for each.
        self._slots = threading.BoundedSemaphore(self.workers * 2)

    def _new_pool(self, fork: bool) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers,
            mp_context=_context(fork),
            initializer=_worker_start,
            initargs=(os.getpid(),),
        )

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = self._new_pool(fork=False)
            return self._pool

    def start(self) -> None:
        """Start the workers now: forked from this process if it has no other thread yet,
        with the shared tables loaded first, so their pages are shared copy-on-write."""
        if threading.active_count() > 1:
            self._started()
            return
        _load_shared_tables()
        gc.collect()
        gc.freeze()  # the workers' collector leaves these objects (and their pages) alone
        try:
            with self._lock:
                if self._pool is None:
                    self._pool = self._new_pool(fork=True)
                    # A pool that forks starts all its workers at the first submit.
                    self._pool.submit(int).result()
        finally:
            gc.unfreeze()

    def submit(self, job: PageJob, done: Callable[[Read | ReadFailed], None]) -> None:
        """Read one page in a worker process; `done` gets its Read (on the pool's thread).

        Waits for a free slot first: a caller that cannot hand its page over waits.
        """
        self._slots.acquire()
        pool = self._started()
        try:
            future = pool.submit(read_page, job)
        except (BrokenProcessPool, RuntimeError):
            self._slots.release()
            self._restart(pool)
            done(ReadFailed(errors.ProcessingFailed.kind, "the worker processes were stopped"))
            return

        def finished(future: Future[Read | ReadFailed]) -> None:
            self._slots.release()
            done(self._result(pool, future))

        future.add_done_callback(finished)

    def _result(
        self, pool: ProcessPoolExecutor, future: Future[Read | ReadFailed]
    ) -> Read | ReadFailed:
        try:
            return future.result()
        except BrokenProcessPool:
            self._restart(pool)
            return ReadFailed(
                errors.ProcessingFailed.kind, "the worker process reading the page died"
            )
        except CancelledError:
            return ReadFailed(errors.ProcessingFailed.kind, "the workers were stopped")

    def read(self, job: PageJob) -> Read | ReadFailed:
        """Read one page in a worker process; waits for a free slot first."""
        with self._slots:
            pool = self._started()
            try:
                future = pool.submit(read_page, job)
            except (BrokenProcessPool, RuntimeError):
                self._restart(pool)
                return ReadFailed(errors.ProcessingFailed.kind, "the worker processes were stopped")
            return self._result(pool, future)

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
