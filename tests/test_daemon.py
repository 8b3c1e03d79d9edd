"""The daemon's parts without processes: schedules, the per-source claim, metrics, logs."""

from __future__ import annotations

import json
import logging
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import run_cli

from crawler.daemon.logs import JsonLines
from crawler.daemon.metrics import DaemonMetrics
from crawler.daemon.schedule import next_due, trigger_for
from crawler.daemon.sources import claim_discovery, run_discovery, sync_sources
from crawler.daemon.workers import FetchWorkers
from crawler.engine.frontier import claim_next, return_claims
from crawler.engine.summary import CrawlSummary
from crawler.settings import Settings, SourceSettings
from crawler.store.db import open_store
from crawler.store.models import Article, FrontierUrl, Source, Story

NOW = datetime(2026, 3, 2, 10, 5, 3, tzinfo=UTC)


def test_an_interval_source_is_due_again_just_before_any_daemons_next_firing() -> None:
    source = SourceSettings("wire", "https://example.org/feed", every="15m")
    # Another daemon's jittered firing may come up to `jitter` early: due before that.
    assert next_due(source, NOW, jitter=30) == NOW + timedelta(minutes=14, seconds=29)
    assert next_due(source, NOW, jitter=0) == NOW + timedelta(minutes=14, seconds=59)
    short = SourceSettings("wire", "https://example.org/feed", every="10s")
    assert next_due(short, NOW, jitter=30) == NOW + timedelta(seconds=5)


def test_a_cron_source_is_due_at_its_next_slot_in_utc() -> None:
    source = SourceSettings("bbc", "https://example.org/rss", cron="*/20 * * * *")
    assert next_due(source, NOW, jitter=30) == datetime(2026, 3, 2, 10, 19, 59, tzinfo=UTC)
    trigger = trigger_for(source, jitter=30)
    first = trigger.get_next_fire_time(None, NOW)
    assert first is not None
    assert datetime(2026, 3, 2, 10, 20, tzinfo=UTC) <= first <= NOW.replace(minute=20, second=30)


@pytest.mark.postgres
def test_discovery_runs_once_per_interval_whoever_fires(postgres_url: str) -> None:
    factory = open_store(postgres_url)
    source = SourceSettings("wire", "http://127.0.0.1:9/feed.xml", every="15m")
    lease = timedelta(seconds=60)
    with factory.begin() as session:
        (row,) = sync_sources(session, (source,))
    with factory.begin() as session:
        assert claim_discovery(session, row.id, "a:1:discovery", lease)
    with factory.begin() as session:  # a second daemon fires while the first one runs
        assert not claim_discovery(session, row.id, "b:2:discovery", lease)
    with factory.begin() as session:
        run_discovery(session, row, "a:1:discovery", NOW + timedelta(days=3650))
    with factory.begin() as session:  # ...and after it: not due until the next interval
        assert not claim_discovery(session, row.id, "b:2:discovery", lease)
        queued = session.query(FrontierUrl).filter_by(source_id=row.id).one()
        assert (queued.url, queued.kind, queued.state) == (row.url, "seed", "pending")


@pytest.mark.postgres
def test_a_dead_daemons_discovery_claim_expires(postgres_url: str) -> None:
    factory = open_store(postgres_url)
    source = SourceSettings("wire", "http://127.0.0.1:9/feed.xml", every="15m")
    with factory.begin() as session:
        (row,) = sync_sources(session, (source,))
    with factory.begin() as session:
        assert claim_discovery(session, row.id, "a:1:discovery", timedelta(seconds=-1))
    with factory.begin() as session:
        assert claim_discovery(session, row.id, "b:2:discovery", timedelta(seconds=60))
        assert session.get(Source, row.id).discovery_claimed_by == "b:2:discovery"


def test_a_changed_source_url_is_due_at_once(sqlite_url: str) -> None:
    factory = open_store(sqlite_url)
    first = SourceSettings("wire", "http://127.0.0.1:9/feed.xml", every="15m")
    with factory.begin() as session:
        (row,) = sync_sources(session, (first,))
        run_discovery(session, row, "a:1:discovery", NOW + timedelta(days=3650))
    moved = SourceSettings("wire", "http://127.0.0.1:9/rss.xml", every="15m")
    with factory.begin() as session:
        (again,) = sync_sources(session, (moved,))
    assert again.id == row.id
    with factory.begin() as session:
        assert claim_discovery(session, row.id, "a:1:discovery", timedelta(seconds=60))


def test_returned_claims_are_pending_again_and_free_their_host(sqlite_url: str) -> None:
    factory = open_store(sqlite_url)
    with factory.begin() as session:
        (row,) = sync_sources(session, (SourceSettings("s", "http://127.0.0.1:9/a.html"),))
        run_discovery(session, row, "x", NOW)
    with factory.begin() as session:
        claim = claim_next(session, "host:1:0", timedelta(seconds=60))
    assert claim is not None
    with factory.begin() as session:
        assert return_claims(session, [claim]) == 1
    with factory.begin() as session:
        assert claim_next(session, "host:2:0", timedelta(seconds=60)) is not None


def test_a_pages_summary_becomes_counters() -> None:
    metrics = DaemonMetrics()
    page = CrawlSummary()
    page.count("fetched")
    page.count("stored")
    page.error("http://x/a", "timeout", "ReadTimeout after 20.0s")
    metrics.count_page(page)
    text = metrics.exposition().decode()
    assert "wirewash_pages_fetched_total 1.0" in text
    assert 'wirewash_articles_total{outcome="stored"} 1.0' in text
    assert 'wirewash_errors_total{kind="timeout"} 1.0' in text
    assert "wirewash_store_up 0.0" in text  # no store opened yet


def test_log_records_are_one_json_object_per_line() -> None:
    record = logging.LogRecord("wirewash.daemon", logging.INFO, "", 0, "fetch", None, None)
    record.fields = {"url": "http://x/a\nb", "source": "wire"}
    line = JsonLines().format(record)
    assert "\n" not in line
    assert json.loads(line)["event"] == "fetch"
    assert json.loads(line)["url"] == "http://x/a\nb"


def test_store_gauges_count_duplicates_and_spun_copies(sqlite_url: str) -> None:
    """A copy is any story member but the canonical one, whatever kind it first matched as."""
    factory = open_store(sqlite_url)
    # (story, match kind, spun by its own text, canonical of its story)
    members = [
        (0, "excerpt", False, False),  # arrived first; the canonical moved to a fuller copy
        (0, "rewrite", False, True),
        (0, "spun", False, False),
        (1, "first", True, True),
        (None, None, False, False),
    ]
    with factory.begin() as session:
        stories = [Story(article_count=3), Story(article_count=1)]
        session.add_all(stories)
        session.flush()
        for number, (story, match_kind, is_spun, canonical) in enumerate(members):
            article = Article(
                url=f"http://x/{number}",
                url_key=f"k{number}",
                text="t",
                text_hash=f"h{number}",
                story_id=None if story is None else stories[story].id,
                match_kind=match_kind,
                is_spun=is_spun,
            )
            session.add(article)
            session.flush()
            if canonical:
                stories[story].canonical_article_id = article.id
    metrics = DaemonMetrics()
    metrics.store.factory = factory
    text = metrics.exposition().decode()
    assert "wirewash_store_up 1.0" in text
    assert "wirewash_store_articles 5.0" in text
    assert "wirewash_store_duplicates 2.0" in text
    assert "wirewash_store_spun_copies 2.0" in text


def test_a_taken_port_is_a_one_line_error(tmp_path: Path) -> None:
    config = tmp_path / "wirewash.toml"
    config.write_text("", encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = run_cli(
            "run",
            "--config",
            str(config),
            "--db",
            f"sqlite:///{tmp_path / 's.db'}",
            "--host",
            "127.0.0.1",
            "--port",
            port,
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith(
        f"wirewash run: error: cannot listen on 127.0.0.1:{port}"
    )


def test_cron_weekdays_count_from_sunday_as_in_crontab() -> None:
    source = SourceSettings("weekly", "https://example.org/rss", cron="0 6 * * 1-5")
    monday = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # a Monday
    saturday = datetime(2026, 3, 7, 7, 0, tzinfo=UTC)
    trigger = trigger_for(source, jitter=0)
    assert trigger.get_next_fire_time(None, monday - timedelta(hours=1)) == monday
    assert trigger.get_next_fire_time(None, saturday) == monday + timedelta(days=7)
    sunday = SourceSettings("sunday", "https://example.org/rss", cron="30 8 * * 0")
    assert trigger_for(sunday, 0).get_next_fire_time(None, monday) == datetime(
        2026, 3, 8, 8, 30, tzinfo=UTC
    )


def test_daemon_pages_share_the_workers_caches_but_not_their_counts(sqlite_url: str) -> None:
    workers = FetchWorkers(Settings(), open_store(sqlite_url), DaemonMetrics(), {})
    try:
        first, second = CrawlSummary(), CrawlSummary()
        one, two = workers._context.with_summary(first), workers._context.with_summary(second)
        assert one.robots is two.robots and one.boilerplate is two.boilerplate
        assert one.summary is first and two.summary is second
        one.summary.count("fetched")
        assert (first.fetched, second.fetched) == (1, 0)
    finally:
        workers.fetcher.close()
