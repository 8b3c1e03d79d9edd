"""One crawl through a site full of bad answers: each ends recorded, and the crawl goes on."""

from __future__ import annotations

import ipaddress
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote, urlsplit

import pytest
from sqlalchemy import select

from crawler.engine.crawl import crawl
from crawler.fetching import netguard
from crawler.settings import DatabaseSettings, FetchSettings, Settings
from crawler.store.db import open_store
from crawler.store.models import Article, FetchAttempt, FrontierUrl
from tests.hostile_server import (
    HostileServer,
    drip_body,
    drip_headers,
    endless,
    gzip_bomb,
    page,
    redirect,
    sequence,
    status,
)

LINKS_CAP = 25
BODY = (
    "The harbour authority said on Tuesday that the new ferry terminal would open in the "
    "spring, after two years of delays caused by flooding and a shortage of steel. "
)


def article(title: str, body: str = BODY, head: str = "") -> str:
    paragraphs = "".join(f"<p>{body} Paragraph {n}.</p>" for n in range(4))
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        "</body></html>"
    )


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
LATIN1 = (
    "<html><head><meta charset='iso-8859-1'><title>Köln</title></head><body><article>"
    + "<p>Der Bürgermeister von Köln sagte am Dienstag, die Straße am Rhein bleibe "
    "für den Verkehr geöffnet, bis die Brücke repariert sei.</p>" * 4
    + "</article></body></html>"
).encode("latin-1")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 2000

ARTICLES = {
    "good-story": (page(article("A good story")), "done", None),
    "gone-404": (status(404), "failed", "not_found"),
    "gone-410": (status(410), "failed", "not_found"),
    "always-500": (status(500), "failed", "server_error"),
    "flaky-503": (sequence(status(503), page(article("Flaky"))), "done", None),
    "rate-429": (
        sequence(status(429, {"Retry-After": "1"}), page(article("Rate"))),
        "done",
        None,
    ),
    "rate-later": (status(429, {"Retry-After": "3600"}), "pending", "rate_limited"),
    "drip": (drip_body(0.1), "failed", "slow_body"),
    "drip-headers": (drip_headers(0.05), "failed", "timeout"),
    "endless": (endless(), "failed", "too_large"),
    "bomb": (gzip_bomb(50_000_000), "failed", "too_large"),
    "loop": (redirect("/a/loop.html"), "failed", "redirects"),
    "to-private": (
        redirect("http://169.254.169.254/latest/meta-data/"),
        "failed",
        "blocked_address",
    ),
    "binary": (page(PNG), "failed", "not_html"),
    "empty": (page("<html><body><nav>Home | News</nav></body></html>"), "skipped", "not_article"),
    "latin1": (page(LATIN1, content_type="text/html"), "done", None),
    "wrong-charset": (page(LATIN1, content_type="text/html; charset=utf-8"), "done", None),
    "malformed": (
        page("<html><body><article><p>" + BODY + "<div><p><b>" + BODY + "<td>" + BODY + "</i>"),
        "done",
        None,
    ),
    "café-ñandú-story": (page(article("Non-ASCII")), "done", None),
}


def hostile_site(server: HostileServer) -> None:
    base = server.base
    links = "".join(f"<li><a href='/a/{name}.html'>{name}</a></li>" for name in ARTICLES)
    server.routes.update(
        {
            "/robots.txt": page(
                f"User-agent: *\nDisallow: /blocked/\nSitemap: {base}/sitemap-index.xml\n",
                content_type="text/plain",
            ),
            "/": page(
                "<html><head>"
                "<link rel='alternate' type='application/rss+xml' href='/feed-bad.xml'>"
                "<link rel='alternate' type='application/rss+xml' href='/feed-bomb.xml'>"
                f"</head><body><ul>{links}</ul><a href='/links/'>All links</a></body></html>"
            ),
            "/links/": page(
                "<html><body>"
                + "".join(f"<a href='/blocked/item-{n}-story.html'>{n}</a>" for n in range(100_000))
                + "</body></html>"
            ),
            "/feed-bad.xml": page(
                '<rss version="2.0"><channel><item><title>broken</ti',
                content_type="application/rss+xml",
            ),
            "/feed-bomb.xml": page(
                BILLION_LAUGHS + "<rss><channel><item><title>&lol9;</title>"
                f"<link>{base}/a/good-story.html</link></item></channel></rss>",
                content_type="application/rss+xml",
            ),
            "/sitemap-index.xml": page(
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + "".join(
                    f"<sitemap><loc>{base}/{name}</loc></sitemap>"
                    for name in ("sitemap-index.xml", "sitemap-news.xml", "sitemap-bomb.xml")
                )
                + "</sitemapindex>",
                content_type="application/xml",
            ),
            "/sitemap-news.xml": page(
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
                f"<loc>{base}/a/news-story.html</loc><news:news><news:publication>"
                "<news:name>Test</news:name></news:publication>"
                "<news:publication_date>2024-05-06T07:08:09+00:00</news:publication_date>"
                "<news:title>News sitemap title</news:title></news:news></url></urlset>",
                content_type="application/xml",
            ),
            "/sitemap-bomb.xml": page(
                BILLION_LAUGHS + "<urlset><url><loc>&lol9;</loc></url></urlset>",
                content_type="application/xml",
            ),
            "/a/news-story.html": page(article("News story")),
        }
    )
    server.routes.update({f"/a/{name}.html": answer for name, (answer, _, _) in ARTICLES.items()})


@pytest.fixture
def only_loopback_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 stands in for a public site; every other private address stays blocked."""
    original = netguard.is_public
    loopback = ipaddress.ip_address("127.0.0.1")
    monkeypatch.setattr(netguard, "is_public", lambda a: a == loopback or original(a))


def quick_fetch_settings(database_url: str, **fetch: float) -> Settings:
    """Settings for crawls of the local hostile server: no pacing, short timeouts; plus `fetch`."""
    quick = {
        "delay": 0.0,
        "concurrency": 4,
        "connect_timeout": 1.0,
        "read_timeout": 0.5,
        "total_timeout": 1.0,
    }
    return Settings(
        database=DatabaseSettings(database_url), fetch=FetchSettings(**{**quick, **fetch})
    )


def hostile_settings(database_url: str) -> Settings:
    return quick_fetch_settings(
        database_url,
        max_bytes=8_000_000,
        max_attempts=2,
        backoff=0.01,
        max_retry_after=2.0,
        max_links_per_page=LINKS_CAP,
    )


def test_every_bad_answer_is_recorded_and_the_crawl_goes_on(sqlite_url, only_loopback_is_public):
    site, down = HostileServer(), HostileServer({"/robots.txt": status(500)})
    with site.running() as base, down.running() as down_base:
        hostile_site(site)
        summary = crawl(hostile_settings(sqlite_url), [base + "/", down_base + "/"])
    factory = open_store(sqlite_url)
    with factory() as session:
        every_row = session.scalars(select(FrontierUrl)).all()
        site_host, down_host = urlsplit(base).netloc, urlsplit(down_base).netloc
        rows = {unquote(urlsplit(r.url).path): r for r in every_row if r.host == site_host}
        fetches = session.scalars(select(FetchAttempt).order_by(FetchAttempt.id)).all()
        articles = {unquote(urlsplit(a.url).path): a for a in session.scalars(select(Article))}

    def fetch_kinds(path: str) -> list[str | None]:
        return [f.error_kind for f in fetches if unquote(urlsplit(f.url).path) == path]

    table = summary.table()
    for name, (_answer, state, kind) in ARTICLES.items():
        row = rows[f"/a/{name}.html"]
        assert (row.state, row.last_error_kind) == (state, kind), name
        if kind and kind not in ("not_article",):
            assert fetch_kinds(f"/a/{name}.html")[-1] == kind, name
            assert f"error: {kind}" in table
    assert "skipped: not_article" in table and "skipped: robots" in table

    # Retried within the crawl, each request in the fetch log.
    assert fetch_kinds("/a/always-500.html") == ["server_error", "server_error"]
    assert fetch_kinds("/a/flaky-503.html") == ["server_error", None]
    assert fetch_kinds("/a/rate-429.html") == ["rate_limited", None]
    first, second = site.requests_for("/a/rate-429.html")
    assert second.at - first.at >= 1.0
    assert rows["/a/rate-later.html"].next_attempt_at > datetime.now(UTC) + timedelta(minutes=50)

    # Charsets, malformed HTML and non-ASCII URLs still make articles.
    for name in ("latin1", "wrong-charset"):
        assert "Der Bürgermeister von Köln" in articles[f"/a/{name}.html"].text
    assert "/a/café-ñandú-story.html" in articles and "/a/malformed.html" in articles
    news = articles["/a/news-story.html"]
    assert news.published == datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)

    # Feeds and sitemaps: hostile XML refused, a sitemap index listing itself read once.
    for path in ("/feed-bad.xml", "/feed-bomb.xml", "/sitemap-bomb.xml"):
        assert (rows[path].state, rows[path].last_error_kind) == ("failed", "parse"), path
    assert len(site.requests_for("/sitemap-index.xml")) == 1
    assert "error: parse" in table

    # 100,000 links: a capped number taken, and robots.txt keeps them unfetched.
    blocked = [r for path, r in rows.items() if path.startswith("/blocked/")]
    assert len(blocked) == LINKS_CAP
    assert {(r.state, r.last_error_kind) for r in blocked} == {("skipped", "robots")}
    assert not [s for s in site.seen if s.path.startswith("/blocked/")]

    # robots.txt answering 500: the host waits, nothing else of it is fetched.
    assert [s.path for s in down.seen] == ["/robots.txt"]
    down_rows = [r for r in every_row if r.host == down_host]
    assert [(r.state, r.last_error_kind) for r in down_rows] == [("pending", "robots_unavailable")]
    robots_fetch = [f for f in fetches if f.url == down_base + "/robots.txt"]
    assert [(f.status, f.error_kind, f.frontier_id) for f in robots_fetch] == [
        (500, "server_error", None)
    ]
    assert "error: robots_unavailable" in table

    # Every URL taken up is explained by exactly one line of the summary.
    assert summary.outcomes == len(every_row)


def test_a_failed_url_is_tried_again_by_a_later_crawl(sqlite_url, only_loopback_is_public):
    site = HostileServer({"/robots.txt": status(404), "/broken-story-today.html": status(500)})
    settings = hostile_settings(sqlite_url)
    with site.running() as base:
        first = crawl(settings, [base + "/broken-story-today.html"])
        second = crawl(settings, [base + "/broken-story-today.html"])
    assert first.errors["server_error"] == second.errors["server_error"] == 1
    assert len(site.requests_for("/broken-story-today.html")) == 2 * settings.fetch.max_attempts
    with open_store(sqlite_url)() as session:
        row = session.scalars(select(FrontierUrl)).one()
    assert (row.state, row.attempts, row.last_error_kind) == ("failed", 2, "server_error")


def test_without_the_allowance_private_networks_are_refused(sqlite_url):
    site = HostileServer({"/": page(article("Home"))})
    settings = hostile_settings(sqlite_url)
    settings = replace(settings, fetch=replace(settings.fetch, allow_private_networks=False))
    with site.running() as base:
        summary = crawl(settings, [base + "/"])
    assert site.seen == []
    assert summary.errors == {"blocked_address": 1}
