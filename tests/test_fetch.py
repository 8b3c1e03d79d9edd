"""The fetcher against a local server that misbehaves: deadlines, caps, redirects, retries."""

from __future__ import annotations

import ipaddress
import socket
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from crawler.fetching import errors, netguard
from crawler.fetching.decode import decode_body
from crawler.fetching.fetch import Fetcher, get_with_retries, retry_after_seconds
from crawler.settings import FetchSettings
from tests.hostile_server import (
    HostileServer,
    drip_body,
    drip_headers,
    endless,
    gzip_bomb,
    hang,
    page,
    redirect,
    reset,
    sequence,
    status,
)

FAST = FetchSettings(
    user_agent="wirewash-test/1.0 (+https://example.org/bot)",
    allow_private_networks=True,
    connect_timeout=1.0,
    read_timeout=0.5,
    total_timeout=1.0,
    max_bytes=1_000_000,
    max_attempts=3,
    backoff=0.01,
    max_retry_after=2.0,
)


@pytest.fixture
def server() -> Iterator[HostileServer]:
    hostile = HostileServer()
    with hostile.running():
        yield hostile


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    client = Fetcher(FAST)
    yield client
    client.close()


def _only_loopback_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let 127.0.0.1 stand in for a public site; every other private address stays blocked."""
    original = netguard.is_public
    monkeypatch.setattr(
        netguard,
        "is_public",
        lambda address: address == ipaddress.ip_address("127.0.0.1") or original(address),
    )


def test_a_body_dripping_one_byte_at_a_time_ends_at_the_total_deadline(server, fetcher):
    server.routes["/drip"] = drip_body(0.1)  # every byte well inside the read timeout
    started = time.monotonic()
    with pytest.raises(errors.FetchTimeout):
        fetcher.get(server.base + "/drip")
    assert time.monotonic() - started < FAST.total_timeout + 0.5


def test_headers_dripping_one_byte_at_a_time_end_at_the_total_deadline(server, fetcher):
    server.routes["/drip"] = drip_headers(0.05)
    started = time.monotonic()
    with pytest.raises(errors.FetchTimeout):
        fetcher.get(server.base + "/drip")
    assert time.monotonic() - started < FAST.total_timeout + 0.5


def test_an_endless_body_is_cut_at_the_size_cap(server, fetcher):
    server.routes["/endless"] = endless()
    with pytest.raises(errors.BodyTooLarge):
        fetcher.get(server.base + "/endless")


def test_a_declared_length_over_the_cap_is_refused_before_reading(server, fetcher):
    server.routes["/big"] = page(b"x" * (FAST.max_bytes + 1))
    with pytest.raises(errors.BodyTooLarge, match="Content-Length"):
        fetcher.get(server.base + "/big")


def test_a_gzip_bomb_is_cut_without_inflating_it_in_memory(server, fetcher):
    server.routes["/bomb"] = gzip_bomb(100_000_000)  # ~100 KB on the wire
    tracemalloc.start()
    try:
        with pytest.raises(errors.BodyTooLarge, match="decompresses"):
            fetcher.get(server.base + "/bomb")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000


def test_gzip_and_deflate_bodies_are_inflated(server, fetcher):
    import zlib

    server.routes["/gz"] = gzip_bomb(5000)
    server.routes["/deflate"] = page(
        zlib.compress(b"<p>hello</p>"), headers={"Content-Encoding": "deflate"}
    )
    assert fetcher.get(server.base + "/gz").body == b"\0" * 5000
    assert fetcher.get(server.base + "/deflate").body == b"<p>hello</p>"


def test_an_unknown_content_encoding_is_refused(server, fetcher):
    server.routes["/br"] = page(b"\x1b\x00", headers={"Content-Encoding": "br"})
    with pytest.raises(errors.DecodeFailed):
        fetcher.get(server.base + "/br")


def test_a_redirect_loop_ends(server, fetcher):
    server.routes["/a"] = redirect("/b")
    server.routes["/b"] = redirect("/a")
    with pytest.raises(errors.TooManyRedirects):
        fetcher.get(server.base + "/a")
    assert len(server.seen) == FAST.max_redirects + 1


def test_redirects_are_followed_and_the_final_url_kept(server, fetcher):
    server.routes["/old"] = redirect("/new", 301)
    server.routes["/new"] = page("<p>moved</p>")
    response = fetcher.get(server.base + "/old")
    assert response.final_url == server.base + "/new"
    assert response.url == server.base + "/old"


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://192.168.1.1/",
        "http://[::1]:8080/",
        "http://[fd00::1]/",
        "http://0.0.0.0/",
        "http://[::ffff:10.0.0.1]/",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(server, monkeypatch, target):
    _only_loopback_is_public(monkeypatch)
    server.routes["/go"] = redirect(target)
    guarded = Fetcher(FetchSettings(**{**FAST.__dict__, "allow_private_networks": False}))
    try:
        with pytest.raises(errors.BlockedAddress):
            guarded.get(server.base + "/go")
    finally:
        guarded.close()


def test_private_addresses_are_refused_by_default_and_nothing_is_sent(server):
    guarded = Fetcher(FetchSettings())
    try:
        for url in (server.base + "/", server.base.replace("127.0.0.1", "localhost") + "/"):
            with pytest.raises(errors.BlockedAddress):
                guarded.get(url)
    finally:
        guarded.close()
    assert server.seen == []


@pytest.mark.parametrize(
    "address",
    ["10.1.2.3", "172.16.0.1", "169.254.169.254", "127.0.0.1", "::1", "fe80::1", "100.64.0.1",
     "224.0.0.1", "::ffff:192.168.0.1", "0.0.0.0"],
)
def test_netguard_refuses_non_public_addresses(address):
    with pytest.raises(errors.BlockedAddress):
        netguard.resolve(address, 80, allow_private=False)
    assert netguard.resolve(address, 80, allow_private=True)


def test_netguard_lets_public_addresses_through():
    assert netguard.resolve("93.184.216.34", 443, allow_private=False) == ["93.184.216.34"]


def test_the_checked_address_is_the_one_connected_to(server, monkeypatch):
    """DNS rebinding: the name is resolved once per connection, and the Host header kept."""
    _only_loopback_is_public(monkeypatch)
    answers = iter(["127.0.0.1", "10.0.0.1", "10.0.0.1"])
    lookups: list[str] = []
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    server.routes["/"] = page("<p>ok</p>")
    port = server.base.rsplit(":", 1)[1]
    guarded = Fetcher(FetchSettings(**{**FAST.__dict__, "allow_private_networks": False}))
    try:
        assert guarded.get(f"http://rebind.test:{port}/").status == 200
    finally:
        guarded.close()
    assert lookups == ["rebind.test"]
    assert server.seen[0].headers["Host"] == f"rebind.test:{port}"


def test_the_user_agent_and_validators_are_sent_and_a_304_has_no_body(server, fetcher):
    server.routes["/page"] = status(304, headers={"ETag": '"v1"'})
    response = fetcher.get(server.base + "/page", etag='"v1"', last_modified="Mon, 01 Jan 2024")
    assert response.not_modified and response.body == b""
    headers = server.seen[0].headers
    assert headers["User-Agent"] == FAST.user_agent
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Mon, 01 Jan 2024"


def test_a_503_then_200_is_retried(server, fetcher):
    server.routes["/flaky"] = sequence(status(503), page("<p>fine</p>"))
    retried: list[errors.FetchError] = []
    response = get_with_retries(fetcher, server.base + "/flaky", on_retry=retried.append)
    assert response.status == 200
    assert [e.kind for e in retried] == ["server_error"]


def test_a_500_always_is_tried_a_bounded_number_of_times(server, fetcher):
    server.routes["/broken"] = status(500)
    with pytest.raises(errors.ServerError):
        get_with_retries(fetcher, server.base + "/broken")
    assert len(server.seen) == FAST.max_attempts


def test_retry_after_is_honoured(server, fetcher):
    server.routes["/slow-down"] = sequence(status(429, {"Retry-After": "1"}), page("<p>ok</p>"))
    assert get_with_retries(fetcher, server.base + "/slow-down").status == 200
    first, second = server.seen
    assert second.at - first.at >= 1.0


def test_a_long_retry_after_is_not_waited_for_but_handed_back(server, fetcher):
    server.routes["/later"] = status(429, {"Retry-After": "3600"})
    started = time.monotonic()
    with pytest.raises(errors.RateLimited) as caught:
        get_with_retries(fetcher, server.base + "/later")
    assert caught.value.retry_after == 3600
    assert time.monotonic() - started < 1
    assert len(server.seen) == 1


BUDGET = replace(FAST, url_budget=2.0, max_attempts=10)


def test_every_attempt_of_a_url_shares_one_deadline(server):
    server.routes["/stall"] = hang(10)
    fetcher = Fetcher(BUDGET)
    retried: list[errors.FetchError] = []
    started = time.monotonic()
    with pytest.raises(errors.FetchTimeout):
        get_with_retries(fetcher, server.base + "/stall", on_retry=retried.append)
    elapsed = time.monotonic() - started
    fetcher.close()
    # Ten attempts of one second each would take ten seconds: the budget ends them at two.
    assert elapsed < BUDGET.url_budget + 0.5
    assert 1 <= len(retried) < 3
    assert len(server.seen) == len(retried) + 1


def test_a_dripping_body_is_not_asked_for_again(server, fetcher):
    server.routes["/drip"] = drip_body(0.1)
    retried: list[errors.FetchError] = []
    with pytest.raises(errors.SlowBody):
        get_with_retries(fetcher, server.base + "/drip", on_retry=retried.append)
    assert retried == [] and len(server.seen) == 1


def test_a_retry_after_past_the_budget_is_handed_back_not_waited_for(server):
    server.routes["/later"] = sequence(status(503, {"Retry-After": "2"}), page("<p>ok</p>"))
    fetcher = Fetcher(replace(BUDGET, max_retry_after=60.0, url_budget=1.5))
    started = time.monotonic()
    with pytest.raises(errors.ServerError) as caught:
        get_with_retries(fetcher, server.base + "/later")
    fetcher.close()
    assert caught.value.retry_after == 2
    assert time.monotonic() - started < 1 and len(server.seen) == 1


def test_a_connection_reset_is_retried_within_the_budget(server):
    server.routes["/reset"] = reset()
    fetcher = Fetcher(replace(BUDGET, backoff=0.2, max_attempts=50))
    started = time.monotonic()
    with pytest.raises(errors.ConnectFailed):
        get_with_retries(fetcher, server.base + "/reset")
    fetcher.close()
    assert time.monotonic() - started < BUDGET.url_budget + 0.5
    assert len(server.seen) < 50


def test_not_found_and_gone_are_not_retried(server, fetcher):
    server.routes["/gone"] = status(410)
    with pytest.raises(errors.NotFound):
        get_with_retries(fetcher, server.base + "/gone")
    with pytest.raises(errors.NotFound):
        get_with_retries(fetcher, server.base + "/missing")
    assert len(server.seen) == 2


def test_retry_after_as_seconds_or_http_date():
    now = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Mon, 01 Jan 2024 12:01:30 GMT", now) == 90
    assert retry_after_seconds("Mon, 01 Jan 2024 11:00:00 GMT", now) == 0
    assert retry_after_seconds("soon") is None


def test_a_non_ascii_url_is_fetched(server, fetcher):
    server.routes["/café/über-ñandú"] = page("<p>ok</p>")
    assert fetcher.get(server.base + "/café/über-ñandú").status == 200


LATIN1_PAGE = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    "</head><body><p>Der Bürgermeister von Köln sagte, die Straße bleibe geöffnet.</p>"
    "</body></html>"
).encode("latin-1")


def test_a_charset_declared_only_in_meta_is_used():
    assert "Bürgermeister von Köln" in decode_body(LATIN1_PAGE, None)


def test_a_wrong_header_charset_falls_back_to_what_decodes():
    assert "Straße" in decode_body(LATIN1_PAGE.replace(b"iso-8859-1", b"x"), "utf-8")


def test_a_missing_charset_is_detected():
    text = "Le maire a déclaré que la fête de l'été aurait lieu près du marché. " * 5
    body = f"<html><body><p>{text}</p></body></html>".encode("cp1252")
    assert "déclaré que la fête de l'été" in decode_body(body, None)


def test_a_byte_order_mark_wins():
    body = "\ufeff<p>naïve café</p>".encode("utf-16-le")
    assert decode_body(body, "iso-8859-1") == "<p>naïve café</p>"
