"""Through a real crawl of a local site: a page without a date stays undated (the crawl time
never stands in), and a dated page keeps its published and updated times apart, exported in
the page's own UTC offset."""

from __future__ import annotations

from sqlalchemy import select

from crawler.engine.crawl import crawl
from crawler.store.articles import iter_articles
from crawler.store.db import open_store
from crawler.store.models import Article
from tests.hostile_server import HostileServer, page
from tests.test_crawl import local_settings

BODY = "".join(
    f"<p>The harbour authority said on Tuesday that the new ferry terminal would open in the "
    f"spring, after two years of delays caused by flooding. Paragraph {n}.</p>"
    for n in range(4)
)
UNDATED = (
    "<!DOCTYPE html><html><head><title>Ferry terminal delayed again | Harbour News</title>"
    "</head><body><nav><a href='/'>Home</a></nav><article><h1>Ferry terminal delayed again"
    f"</h1><p class='byline'>Von Anna Martel und Lea Wagner</p>{BODY}</article></body></html>"
)
DATED = (
    "<!DOCTYPE html><html><head><title>Ferry terminal opens</title>"
    "<meta property='article:published_time' content='2025-03-04T09:15:00+01:00'>"
    "<meta property='article:modified_time' content='2025-03-05T18:00:00+01:00'>"
    "<meta property='article:section' content='Local'>"
    "<meta property='article:tag' content='ferries'><meta property='article:tag' content='port'>"
    "</head><body><article><h1>Ferry terminal opens</h1>"
    f"<aside class='related'><time datetime='2019-01-01T00:00:00Z'>old</time></aside>{BODY}"
    "</article></body></html>"
)


def test_a_missing_date_stays_missing_and_a_stated_one_keeps_its_offset(store_url: str) -> None:
    site = HostileServer({
        "/robots.txt": page("User-agent: *\nAllow: /\n", content_type="text/plain"),
        "/": page("<html><body><a href='/news/undated.html'>1</a>"
                  "<a href='/news/dated.html'>2</a></body></html>"),
        "/news/undated.html": page(UNDATED),
        "/news/dated.html": page(DATED),
    })
    with site.running() as base:
        crawl(local_settings(store_url), [base + "/"])
    factory = open_store(store_url)
    with factory() as session:
        rows = {row.url.rsplit("/", 1)[-1]: row for row in session.scalars(select(Article))}
        records = {r["url"].rsplit("/", 1)[-1]: r for r in iter_articles(session)}
    undated, dated = rows["undated.html"], rows["dated.html"]
    assert undated.published is None and undated.updated is None
    assert undated.metadata_evidence["published"].startswith("none found")
    assert undated.authors == ["Anna Martel", "Lea Wagner"]
    assert undated.title == "Ferry terminal delayed again"
    assert records["undated.html"]["published"] is None
    assert records["dated.html"]["published"] == "2025-03-04T09:15:00+01:00"
    assert records["dated.html"]["updated"] == "2025-03-05T18:00:00+01:00"
    assert (records["dated.html"]["section"], records["dated.html"]["tags"]) == (
        "Local", ["ferries", "port"]
    )
    assert dated.metadata_evidence["published"].startswith("meta article:published_time")
