"""Crawls that are never stuck: a per-URL time budget, and hosts backed off by their breaker."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from crawler.daemon.metrics import DaemonMetrics
from crawler.engine.crawl import crawl
from crawler.engine.summary import CrawlSummary
from crawler.settings import Settings
from crawler.store.db import open_store
from crawler.store.models import Article, FrontierUrl, Host
from tests.hostile_server import HostileServer, drip_body, hang, page, reset, status
from tests.test_crawl_hostile import (  # noqa: F401
    article,
    only_loopback_is_public,
    quick_fetch_settings,
)

# The fixture makes 127.0.0.1 count as a public address for these tests.
pytestmark = pytest.mark.usefixtures("only_loopback_is_public")
ROBOTS = page("User-agent: *\nAllow: /\n", content_type="text/plain")


def budget_settings(database_url: str) -> Settings:
    return quick_fetch_settings(
        database_url,
        url_budget=2.0,
        max_attempts=5,
        backoff=0.05,
        host_failures=2,
        host_backoff=600.0,
    )


def site(pages: dict[str, object]) -> HostileServer:
    """robots.txt allowing all, a front page linking to every story, and the stories."""
    links = "".join(f"<a href='/news/{name}-story.html'>{name}</a>" for name in pages)
    routes = {"/robots.txt": ROBOTS, "/": page(f"<html><body>{links}</body></html>")}
    routes.update({f"/news/{name}-story.html": answer for name, answer in pages.items()})
    return HostileServer(routes)  # type: ignore[arg-type]


def test_a_host_that_keeps_failing_is_backed_off_and_the_others_go_on(store_url):
    good = site({f"fine-{n}": page(article(f"Fine story {n}")) for n in range(6)})
    broken = site({f"down-{n}": status(503) for n in range(6)})
    settings = budget_settings(store_url)
    with good.running() as good_base, broken.running() as broken_base:
        summary = crawl(settings, [good_base + "/", broken_base + "/"])
    broken_host = urlsplit(broken_base).netloc
    asked = [s for s in broken.seen if s.path.startswith("/news/")]
    # Two URLs in a row failed (each tried to its limit): the host's other four wait.
    assert len({s.path for s in asked}) == settings.fetch.host_failures
    assert summary.stored == 6
    assert list(summary.backed_off) == [broken_host]
    assert summary.backed_off[broken_host].kind == "server_error"
    assert "hosts backed off" in summary.table() and broken_host in summary.table()
    assert summary.as_dict()["hosts_backed_off"][broken_host]["kind"] == "server_error"
    with open_store(store_url)() as session:
        host = session.get(Host, broken_host)
        assert host is not None and host.backoff_reason is not None
        assert "server_error" in host.backoff_reason
        waiting = session.scalars(
            select(FrontierUrl).where(
                FrontierUrl.host == broken_host, FrontierUrl.state == "pending"
            )
        ).all()
        assert len(waiting) == 4
        good_host = session.get(Host, urlsplit(good_base).netloc)
        assert good_host is not None and good_host.backoff_reason is None


def test_a_host_that_answers_again_closes_its_breaker(sqlite_url):
    flaky = site(
        {
            "a": status(503),
            "b": page(article("Back again")),
            "c": status(503),
            "d": page(article("Still here")),
        }
    )
    with flaky.running() as base:
        summary = crawl(budget_settings(sqlite_url), [base + "/"])
    assert summary.backed_off == {}
    assert summary.stored == 2 and summary.errors["server_error"] == 2


def test_a_drip_a_hanging_host_and_a_resetting_host_end_within_their_budgets(sqlite_url):
    """Nine good stories and a page dripping its body; a host that stalls on every story;
    a host that resets every story's connection. Each bad host costs at most its breaker's
    threshold of URL budgets, and they run side by side."""
    pages: dict[str, object] = {f"good-{n}": page(article(f"Good story {n}")) for n in range(9)}
    pages["drip"] = drip_body(0.1)
    good = site(pages)
    stalled = site({f"stall-{n}": hang(30) for n in range(5)})
    resetting = site({f"reset-{n}": reset() for n in range(5)})
    settings = budget_settings(sqlite_url)
    with good.running() as a, stalled.running() as b, resetting.running() as c:
        started = time.monotonic()
        summary = crawl(settings, [a + "/", b + "/", c + "/"])
        elapsed = time.monotonic() - started
    assert elapsed < settings.fetch.host_failures * settings.fetch.url_budget + 3.0
    assert summary.stored == 9
    assert summary.errors["slow_body"] == 1
    assert len([s for s in good.seen if s.path == "/news/drip-story.html"]) == 1
    assert set(summary.backed_off) == {urlsplit(b).netloc, urlsplit(c).netloc}
    assert summary.backed_off[urlsplit(b).netloc].kind == "timeout"
    assert summary.backed_off[urlsplit(c).netloc].kind == "connect"
    with open_store(sqlite_url)() as session:
        assert len(session.scalars(select(Article)).all()) == 9


def test_a_backed_off_host_is_counted_in_the_daemon_metrics():
    page_summary = CrawlSummary()
    page_summary.back_off(
        "news.example", "timeout", "2 URLs in a row failed, the last with timeout"
    )
    metrics = DaemonMetrics()
    metrics.count_page(page_summary)
    assert b'wirewash_hosts_backed_off_total{kind="timeout"} 1.0' in metrics.exposition()
