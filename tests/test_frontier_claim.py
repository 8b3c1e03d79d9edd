"""Claiming past a held host's long backlog: the next free host's URL, on both backends."""

from __future__ import annotations

from datetime import timedelta

from crawler.engine.frontier import CLAIM_WINDOW, NewUrl, add_urls, claim_next
from crawler.store.db import open_store

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
