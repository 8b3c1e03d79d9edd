"""A daemon or crawl started again on the same machine frees the claims of its dead
predecessors at once, even one with its own pid (a container's PID 1 restarted), and
leaves live workers' claims alone."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from crawler.daemon import Daemon
from crawler.engine.crawl import process_id, worker_id
from crawler.engine.frontier import NewUrl, add_urls, claim_next, release_dead_claims
from crawler.settings import (
    DaemonSettings,
    DatabaseSettings,
    FetchSettings,
    Settings,
    SourceSettings,
)
from crawler.store.db import open_store
from crawler.store.models import Article, FetchAttempt, FrontierUrl
from tests.test_daemon_processes import write_site

HOUR = timedelta(hours=1)


def _gone_pid() -> int:
    """The pid of a process that has exited."""
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    return finished.pid


def test_dead_claims_of_this_machine_are_freed_and_live_ones_kept(store_url: str) -> None:
    machine, pid, _life = process_id().split(":")
    workers = {
        "earlier life": f"{machine}:{pid}:0e1d11fe:0",
        "older naming": f"{machine}:{pid}:0",
        "gone process": f"{machine}:{_gone_pid()}:5eed5eed:0",
        "this process": worker_id(0),
        "running process": f"{machine}:{os.getppid()}:5eed5eed:0",
        "other machine": f"elsewhere.example:{pid}:5eed5eed:0",
    }
    factory = open_store(store_url)
    with factory.begin() as session:
        urls = [NewUrl(f"http://127.0.0.1:{port}/news/a.html") for port in range(1, 7)]
        add_urls(session, urls)
    claimed = {}
    for name, worker in workers.items():
        with factory.begin() as session:
            claim = claim_next(session, worker, HOUR)
        assert claim is not None
        claimed[name] = claim
    with factory.begin() as session:
        assert release_dead_claims(session, process_id()) == 3
    with factory() as session:
        states = dict(session.execute(select(FrontierUrl.id, FrontierUrl.state)).all())
    dead = {"earlier life", "older naming", "gone process"}
    assert {name: states[claim.id] for name, claim in claimed.items()} == {
        name: "pending" if name in dead else "claimed" for name in workers
    }
    again = set()
    for _ in dead:  # their hosts are free at once, not when the hour-long lease ends
        with factory.begin() as session:
            claim = claim_next(session, worker_id(1), HOUR)
        assert claim is not None
        again.add(claim.id)
    assert again == {claimed[name].id for name in dead}


def test_a_daemon_restarted_under_its_own_pid_takes_back_its_earlier_claims_at_once(
    store_url: str, serve_site, tmp_path: Path
) -> None:
    write_site(tmp_path, 3, seed=5)
    with serve_site(tmp_path) as base:
        article = f"{base}/news/0.html"
        factory = open_store(store_url)
        machine, pid, _life = process_id().split(":")
        with factory.begin() as session:  # the earlier life claimed a page, then died
            add_urls(session, [NewUrl(article)])
            assert claim_next(session, f"{machine}:{pid}:0e1d11fe:0", HOUR) is not None
        settings = Settings(
            database=DatabaseSettings(store_url),
            fetch=FetchSettings(delay=0.0, allow_private_networks=True, concurrency=2),
            daemon=DaemonSettings(host="127.0.0.1", port=0, claim_ttl=3600.0, jitter=0.0),
            sources=(SourceSettings("site", f"{base}/sitemap.xml", every="1h"),),
        )
        daemon = Daemon(lambda: settings)
        thread = threading.Thread(target=daemon.run, daemon=True)
        thread.start()
        try:
            give_up = time.monotonic() + 60
            while _stored(store_url) < 3:  # with the claim held, the host would wait an hour
                assert time.monotonic() < give_up, "the earlier life's claim held the crawl"
                time.sleep(0.2)
        finally:
            daemon.request_stop()
            thread.join(60)
    with factory() as session:
        fetched = session.scalar(
            select(func.count()).select_from(FetchAttempt).where(FetchAttempt.url == article)
        )
        claims = session.scalar(
            select(func.count()).select_from(FrontierUrl).where(FrontierUrl.state == "claimed")
        )
    assert (fetched, claims) == (1, 0)


def _stored(store_url: str) -> int:
    with open_store(store_url)() as session:
        return session.scalar(select(func.count()).select_from(Article)) or 0
