"""Claiming past a held host's long backlog: the next free host's URL, on both backends."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from crawler.engine.frontier import CLAIM_WINDOW, NewUrl, add_urls, claim_host_batch, claim_next
from crawler.store.db import open_store
from crawler.store.models import FrontierUrl

LEASE = timedelta(seconds=60)


def test_a_claim_steps_past_a_held_hosts_backlog_to_a_free_host(store_url):
    factory = open_store(store_url)
    backlog = [NewUrl(f"https://busy.example/story-{n}.html") for n in range(CLAIM_WINDOW + 50)]
    with factory.begin() as session:
        add_urls(session, backlog, depth=1)
        add_urls(session, [NewUrl("https://quiet.example/only-story.html")], depth=1)
    with factory.begin() as session:
        first = claim_next(session, "test:1:x:0", LEASE)
    with factory.begin() as session:
        second = claim_next(session, "test:1:x:1", LEASE)
    with factory.begin() as session:
        third = claim_next(session, "test:1:x:2", LEASE)
    assert first is not None and first.host == "busy.example"
    assert first.url.endswith("/story-0.html")
    # Every URL at the head of the line is busy.example's, and it is held: quiet.example's.
    assert second is not None and second.host == "quiet.example"
    assert third is None  # both hosts are held now


def test_a_batch_claim_takes_one_hosts_next_urls_in_order_and_holds_the_host(store_url):
    factory = open_store(store_url)
    with factory.begin() as session:
        add_urls(session, [NewUrl(f"https://busy.example/story-{n}.html") for n in range(5)])
        add_urls(session, [NewUrl(f"https://quiet.example/story-{n}.html") for n in range(2)])
    with factory.begin() as session:
        first = claim_host_batch(session, "test:1:x:0", LEASE, 3)
    with factory.begin() as session:
        second = claim_host_batch(session, "test:1:x:1", LEASE, 3)
    with factory.begin() as session:
        third = claim_host_batch(session, "test:1:x:2", LEASE, 3)
    assert [c.url.rsplit("/", 1)[1] for c in first] == [f"story-{n}.html" for n in range(3)]
    assert {c.host for c in first} == {"busy.example"}
    assert len({c.expires_at for c in first}) == 1
    # busy.example is held with two URLs still due: the next batch is quiet.example's.
    assert [c.host for c in second] == ["quiet.example", "quiet.example"]
    assert third == []
    with factory() as session:
        states = dict(session.execute(select(FrontierUrl.url, FrontierUrl.state)).all())
    claimed = sorted(url for url, state in states.items() if state == "claimed")
    assert claimed == sorted(c.url for c in [*first, *second])
