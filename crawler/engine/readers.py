"""The pool of worker processes that read fetched pages, one per core, fed through a bound.

Fetch threads hand each page to `Readers.read` and wait for its Read; at most `workers`
pages are read at once and at most as many wait, so memory stays flat however fast pages
arrive (a thread that cannot hand its page over stops fetching: back-pressure). The pool
is started on first use from a fork server that has imported the cleaners once, and a
worker that dies (killed, out of memory) costs its page only: the pool is started again.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import CancelledError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from crawler.cores import worker_count
from crawler.engine.reading import PageJob, Read, ReadFailed, read_page
from crawler.fetching import errors


def _context() -> multiprocessing.context.BaseContext:
    """A fork server where there is one (forking a threaded process is unsafe), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["cleaners", "crawler.engine.reading"])
        return context
    return multiprocessing.get_context("spawn")


def _outlive_no_parent(parent: int) -> None:
    """Worker start: end this worker once the process that started the pool is gone.

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


class Readers:
    """`workers` processes running `read_page`; thread-safe; closed with `close`."""

    def __init__(self, workers: int) -> None:
        self.workers = worker_count(workers)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        # Pages in the pool at once: one being read by each worker, one waiting for each.
        self._slots = threading.BoundedSemaphore(self.workers * 2)

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.workers,
                    mp_context=_context(),
                    initializer=_outlive_no_parent,
                    initargs=(os.getpid(),),
                )
            return self._pool

    def read(self, job: PageJob) -> Read | ReadFailed:
        """Read one page in a worker process; waits for a free slot first."""
        with self._slots:
            pool = self._started()
            try:
                return pool.submit(read_page, job).result()
            except BrokenProcessPool:
                self._restart(pool)
                kind = errors.ProcessingFailed.kind
                return ReadFailed(kind, "the worker process reading the page died")
            except CancelledError:
                return ReadFailed(errors.ProcessingFailed.kind, "the workers were stopped")

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
