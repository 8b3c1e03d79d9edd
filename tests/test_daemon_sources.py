"""A source removed from the configuration: its row and stored articles stay, its unfinished
URLs are set aside and no longer crawled, and it gets them back when configured again."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from crawler.daemon.metrics import DaemonMetrics
from crawler.daemon.sources import SourceRow, record_outcome, run_discovery, sync_sources
from crawler.engine.frontier import (
    SOURCE_REMOVED,
    NewUrl,
    add_urls,
    claim_next,
    requeue,
    retry_failed,
)
from crawler.settings import SourceSettings
from crawler.store.db import open_store
from crawler.store.models import FrontierUrl, Source, utcnow

WIRE = SourceSettings("wire", "http://127.0.0.1:9/wire/feed.xml", every="15m")
LOCAL = SourceSettings("local", "http://127.0.0.1:8/", every="15m")
LEASE = timedelta(seconds=60)


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _queue(factory: sessionmaker[Session], row: SourceRow, paths: list[str]) -> dict[str, int]:
    """Discover `paths` as the source's articles; {path: frontier id}."""
    base = _site(row.url)
    with factory.begin() as session:
        add_urls(session, [NewUrl(base + path) for path in paths], source_id=row.id, depth=1)
        found = session.execute(select(FrontierUrl.url, FrontierUrl.id)).all()
    return {url.removeprefix(base): id_ for url, id_ in found if url.startswith(base + "/news")}


def _set(factory: sessionmaker[Session], frontier_id: int, **values: object) -> None:
    with factory.begin() as session:
        session.execute(update(FrontierUrl).where(FrontierUrl.id == frontier_id).values(**values))


def _rows(factory: sessionmaker[Session]) -> dict[int, tuple[str, str | None]]:
    with factory() as session:
        rows = session.execute(
            select(FrontierUrl.id, FrontierUrl.state, FrontierUrl.last_error_kind)
        ).all()
    return {id_: (state, kind) for id_, state, kind in rows}


def test_a_removed_sources_unfinished_urls_are_set_aside_until_it_is_back(store_url: str) -> None:
    factory = open_store(store_url)
    with factory.begin() as session:
        wire, local = sync_sources(session, (WIRE, LOCAL))
    paths = ["/news/pending.html", "/news/failed.html", "/news/done.html", "/news/claimed.html"]
    ids = _queue(factory, wire, paths)
    _set(factory, ids["/news/failed.html"], state="failed", attempts=1, last_error_kind="timeout")
    _set(factory, ids["/news/done.html"], state="done")
    _set(factory, ids["/news/claimed.html"], state="claimed", claimed_by="a:1:x:0")
    (local_article,) = _queue(factory, local, ["/news/local.html"]).values()

    with factory.begin() as session:
        assert [row.name for row in sync_sources(session, (LOCAL,))] == ["local"]
    states = _rows(factory)
    removed = ("skipped", SOURCE_REMOVED)
    assert states[ids["/news/pending.html"]] == removed
    assert states[ids["/news/failed.html"]] == removed
    assert states[ids["/news/done.html"]][0] == "done"
    assert states[ids["/news/claimed.html"]][0] == "claimed"  # in flight: it finishes
    assert states[local_article] == ("pending", None)
    with factory.begin() as session:
        assert retry_failed(session, 10) == 0
        assert session.scalar(select(Source.name).where(Source.id == wire.id)) == "wire"
    claimed = set()
    while True:
        with factory.begin() as session:
            claim = claim_next(session, "b:2:y:0", LEASE)
        if claim is None:
            break
        claimed.add(claim.id)
    assert ids["/news/pending.html"] not in claimed and local_article in claimed

    with factory.begin() as session:
        sync_sources(session, (WIRE, LOCAL))
    states = _rows(factory)
    assert states[ids["/news/pending.html"]] == ("pending", None)
    assert states[ids["/news/failed.html"]] == ("pending", None)
    assert states[ids["/news/done.html"]][0] == "done"


def test_a_daemon_without_sources_sets_nothing_aside(sqlite_url: str) -> None:
    factory = open_store(sqlite_url)
    with factory.begin() as session:
        (wire,) = sync_sources(session, (WIRE,))
    (pending,) = _queue(factory, wire, ["/news/pending.html"]).values()
    with factory.begin() as session:  # a fetch worker: no [[sources]] in its config
        assert sync_sources(session, ()) == []
    assert _rows(factory)[pending] == ("pending", None)


def test_a_url_another_source_still_finds_is_crawled_for_that_source(store_url: str) -> None:
    factory = open_store(store_url)
    with factory.begin() as session:
        wire, local = sync_sources(session, (WIRE, LOCAL))
    (shared,) = _queue(factory, wire, ["/news/shared.html"]).values()
    with factory.begin() as session:
        sync_sources(session, (LOCAL,))
    url = _site(WIRE.url) + "/news/shared.html"
    with factory.begin() as session:
        assert add_urls(session, [NewUrl(url)], source_id=local.id) == 1
        row = session.get(FrontierUrl, shared)
        assert row is not None
        assert (row.state, row.source_id, row.last_error_kind) == ("pending", local.id, None)


def test_a_removed_sources_feed_stays_aside_when_its_host_is_requeued(store_url: str) -> None:
    factory = open_store(store_url)
    sibling = SourceSettings("wire-sport", "http://127.0.0.1:9/wire/sport.xml", every="15m")
    with factory.begin() as session:
        wire, sport = sync_sources(session, (WIRE, sibling))
        run_discovery(session, wire, "a:1:x:discovery", utcnow())
    with factory.begin() as session:
        sync_sources(session, (sibling,))
        requeue(session, sport.url, "seed", sport.id)
        feed = session.scalars(select(FrontierUrl).where(FrontierUrl.source_id == wire.id)).one()
        assert (feed.state, feed.last_error_kind) == ("skipped", SOURCE_REMOVED)


def test_a_removed_source_leaves_the_metrics(sqlite_url: str) -> None:
    factory = open_store(sqlite_url)
    with factory.begin() as session:
        rows = sync_sources(session, (WIRE, LOCAL))
        for row in rows:
            record_outcome(session, row.id, None)
    metrics = DaemonMetrics()
    metrics.store.factory = factory
    metrics.store.sources = frozenset({"local"})
    text = metrics.exposition().decode()
    assert 'wirewash_source_last_success_timestamp_seconds{source="local"}' in text
    assert 'source="wire"' not in text
