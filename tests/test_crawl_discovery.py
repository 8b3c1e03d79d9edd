"""Discovery without a network: URL normalisation, feeds, sitemaps and listing pages."""

from __future__ import annotations

import gzip

import pytest
from sqlalchemy import func, select

from crawler.discovery.feeds import parse_feed
from crawler.discovery.pages import inspect_page, looks_like_article_url
from crawler.discovery.sitemaps import parse_sitemap
from crawler.discovery.urls import normalise
from crawler.engine.frontier import NewUrl, add_urls
from crawler.fetching.errors import BodyTooLarge, ParseFailed
from crawler.store.db import open_store
from crawler.store.models import FrontierUrl

URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>{body}</urlset>'


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Example.COM:80/a/b?utm_source=x&id=3#top", "http://example.com/a/b?id=3"),
        ("https://example.com:443/story?fbclid=abc&gclid=def", "https://example.com/story"),
        ("https://example.com/story?utm_medium=social&utm_campaign=y", "https://example.com/story"),
        ("https://example.com:8443/story", "https://example.com:8443/story"),
        ("mailto:news@example.com", None),
        ("javascript:void(0)", None),
    ],
)
def test_urls_are_normalised_before_the_frontier(raw, expected):
    assert normalise(raw) == expected


def test_a_url_already_in_the_frontier_is_not_added_twice(store_url):
    factory = open_store(store_url)
    variants = [
        NewUrl("https://example.com/news/a-long-story-slug"),
        NewUrl("https://EXAMPLE.com/news/a-long-story-slug#comments"),
        NewUrl("https://example.com:443/news/a-long-story-slug?utm_source=rss"),
    ]
    with factory.begin() as session:
        assert add_urls(session, variants) == 1
    with factory.begin() as session:
        assert add_urls(session, variants[:1]) == 0
        assert session.scalar(select(func.count()).select_from(FrontierUrl)) == 1


def test_feed_items_keep_their_dates_and_titles():
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
      <item><title>First story</title><link>https://ex.com/a/first-story-here</link>
      <pubDate>Tue, 07 May 2024 09:30:00 GMT</pubDate></item>
      <item><title>No link</title></item></channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><title>Atom story</title><link href="/b/atom-story-here"/>
      <updated>2024-05-08T10:00:00Z</updated></entry></feed>"""
    (item,) = parse_feed(rss, "https://ex.com/feed")
    assert item == NewUrl(
        "https://ex.com/a/first-story-here",
        "article",
        {"title": "First story", "published": "2024-05-07T09:30:00+00:00"},
    )
    (entry,) = parse_feed(atom, "https://ex.com/atom.xml")
    assert entry.url == "https://ex.com/b/atom-story-here"
    assert entry.hints == {"title": "Atom story", "published": "2024-05-08T10:00:00+00:00"}


def test_a_feed_with_external_entities_is_refused():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>&x;</title><link>https://ex.com/a</link></item>"
        b"</channel></rss>"
    )
    with pytest.raises(ParseFailed, match="unsafe"):
        parse_feed(xxe, "https://ex.com/feed")


def test_a_google_news_sitemap_keeps_title_and_date_as_hints():
    body = URLSET.format(
        ns=' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
        ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"',
        body="<url><loc>https://ex.com/a/story-one-here</loc>"
        "<image:image><image:loc>https://ex.com/i.jpg</image:loc>"
        "<image:title>Picture title</image:title></image:image>"
        "<news:news><news:publication_date>2024-05-06</news:publication_date>"
        "<news:title>The real headline</news:title></news:news></url>",
    )
    (entry,) = parse_sitemap(body.encode(), 100, 1_000_000).articles
    assert entry.hints == {"title": "The real headline", "published": "2024-05-06"}


def test_a_gzipped_sitemap_is_read_and_capped():
    body = URLSET.format(
        ns="", body="".join(f"<url><loc>https://ex.com/a/s-{n}</loc></url>" for n in range(50))
    )
    sitemap = parse_sitemap(gzip.compress(body.encode()), 10, 1_000_000)
    assert [e.url for e in sitemap.articles] == [f"https://ex.com/a/s-{n}" for n in range(10)]


def test_a_gzipped_sitemap_bomb_is_refused():
    with pytest.raises(BodyTooLarge):
        parse_sitemap(gzip.compress(b" " * 20_000_000), 10, 1_000_000)


def test_a_sitemap_index_lists_sitemaps():
    body = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>https://ex.com/s1.xml</loc></sitemap>"
        "<sitemap><loc>https://ex.com/s2.xml.gz</loc></sitemap></sitemapindex>"
    )
    sitemap = parse_sitemap(body.encode(), 10, 1_000_000)
    assert sitemap.sitemaps == ["https://ex.com/s1.xml", "https://ex.com/s2.xml.gz"]
    assert sitemap.articles == []


def test_a_listing_page_yields_article_links_sections_feeds_and_canonical():
    html = """<html><head><link rel="canonical" href="/world/">
      <link rel="alternate" type="application/rss+xml" href="/world/rss.xml"></head><body>
      <a href="/world/2024/05/06/ferry-terminal-opens">a</a>
      <a href="/world/ferry-terminal-opens-after-delays-1234567">b</a>
      <a href="https://other.example/2024/05/06/elsewhere">off-site</a>
      <a href="/about/">about</a><a href="/tag/ferries">tag</a><a href="/sport/">sport</a>
      <a href="/img/photo.jpg">jpg</a></body></html>"""
    links = inspect_page(html, "https://news.example/world/", 100)
    assert [a.url for a in links.articles] == [
        "https://news.example/world/2024/05/06/ferry-terminal-opens",
        "https://news.example/world/ferry-terminal-opens-after-delays-1234567",
    ]
    assert links.sections == ["https://news.example/sport/"]
    assert links.feeds == ["https://news.example/world/rss.xml"]
    assert links.canonical_url == "https://news.example/world/"
    assert not links.is_article


def test_a_page_with_100000_links_is_cut_at_the_cap_quickly():
    import time

    html = "<html><body>" + "".join(
        f"<a href='/n/story-number-{n}-here'>{n}</a>" for n in range(100_000)
    ) + "</body></html>"
    started = time.monotonic()
    links = inspect_page(html, "https://news.example/", 1000)
    assert len(links.articles) == 1000
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("url", "is_article"),
    [
        ("https://n.example/2024/05/06/story", True),
        ("https://n.example/world/ferry-terminal-opens-late", True),
        ("https://n.example/news/12345678", True),
        ("https://n.example/world/", False),
        ("https://n.example/author/jane-doe-smith", False),
        ("https://www.n.example/a/ferry-terminal-opens-late", True),
        ("https://other.example/a/ferry-terminal-opens-late", False),
    ],
)
def test_article_like_links(url, is_article):
    assert looks_like_article_url(url, "n.example") is is_article
