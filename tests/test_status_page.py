"""The daemon's status page over HTTP, against a store filled by the daemon's own crawl."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from conftest import run_cli
from status_store import (
    HOSTILE_TITLE,
    CrawledDaemon,
    crawled_daemon,
    status_site,
    store_hostile_title,
)

from crawler.daemon.status import StatusPages
from crawler.settings import DaemonSettings, Settings, load_settings
from crawler.store.db import close_stores, open_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrawledDaemon]:
    yield from crawled_daemon(tmp_path_factory)


def test_the_overview_lists_each_source_with_its_last_day(crawled: CrawledDaemon):
    status, html, headers = crawled.get("/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<meta name="viewport"' in html and "<script" not in html
    assert 'href="/sources/harbour"' in html and "every 1h" in html
    source = crawled.source("harbour")
    articles = len(crawled.site.articles)
    assert source["totals"] == {
        "fetched": articles + 1,
        "stored": articles,
        "skipped": 0,
        "failed": 0,
    }
    assert source["last_day"]["discovery"] == {"": 1}
    assert source["schedule"] == "every 1h" and source["last_run_at"] is not None
    assert source["state"] == "ok" and source["health"] is None  # figures: on its own page
    figures = crawled.api("/api/sources/harbour")["source"]["health"]
    assert figures["state"] == "ok" and figures["recent"]["author_share"] == 1


def test_a_title_holding_a_script_tag_shows_as_text(crawled: CrawledDaemon):
    status, html, headers = crawled.get("/sources/harbour")
    assert status == 200
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt; Dock strike spreads" in html
    assert "<script" not in html
    assert "script-src" not in headers["Content-Security-Policy"]  # no script may run at all
    articles = crawled.api("/api/sources/harbour?limit=100")["articles"]
    assert HOSTILE_TITLE in [a["title"] for a in articles]  # JSON carries the value as it is


def test_a_sources_articles_page_newest_first(crawled: CrawledDaemon):
    first = crawled.api("/api/sources/harbour?limit=5")
    assert len(first["articles"]) == 5 and first["next_before"] == first["articles"][-1]["id"]
    second = crawled.api(f"/api/sources/harbour?limit=5&before={first['next_before']}")
    ids = [a["id"] for a in first["articles"] + second["articles"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 10
    _, html, _ = crawled.get("/sources/harbour?limit=5")
    assert f'href="/sources/harbour?before={first["next_before"]}"' in html


def test_stories_with_copies_show_the_canonical_first_and_how_each_copy_matched(
    crawled: CrawledDaemon,
):
    stories = crawled.api("/api/stories")["stories"]
    walkout = next(s for s in stories if s["members"][0]["article"]["url"].endswith("walkout.html"))
    canonical, copy = walkout["members"]
    assert canonical["is_canonical"] and not canonical["article"]["is_spun"]
    assert not copy["is_canonical"] and copy["article"]["is_spun"]
    assert copy["match_kind"] in ("rewrite", "spun") and copy["similarity"] > 0.5
    assert 0.5 < copy["match_evidence"]["shared_of_article"] <= 1.0
    strike = next(
        s for s in stories if HOSTILE_TITLE in [m["article"]["title"] for m in s["members"]]
    )
    kinds = [m["match_kind"] for m in strike["members"]]
    assert kinds == ["first", "exact", "rewrite"]
    status, html, _ = crawled.get("/stories")
    assert status == 200 and "<strong>canonical</strong>" in html
    assert re.search(r"rewrite 0\.\d\d · <a href=", html)


def test_spun_articles_show_the_restored_text_beside_the_spun_one(crawled: CrawledDaemon):
    (item,) = crawled.api("/api/spun")["spun"]
    assert "in accordance with the International" in item["text"]
    assert "according to the International" in item["restored_text"]
    status, html, _ = crawled.get("/spun")
    assert status == 200
    spun_at, restored_at = html.index("Spun text"), html.index("Restored text")
    assert spun_at < restored_at and "according to the International" in html[restored_at:]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/stories?before=abc", "parameter 'before' must be a positive whole number, not 'abc'"),
        ("/api/spun?limit=0", "parameter 'limit' must be a positive whole number, not '0'"),
        ("/api/stories?limit=1000", "parameter 'limit' must be at most 100, not 1000"),
        ("/sources/harbour?page=2", "unknown parameter 'page' (known: before, limit)"),
        ("/api/sources?before=1", "unknown parameter 'before' (known: none)"),
        ("/spun?before=1&before=2", "parameter 'before' given 2 times"),
    ],
)
def test_a_malformed_parameter_is_a_400_with_a_one_line_reason(
    crawled: CrawledDaemon, path: str, reason: str
):
    status, body, _ = crawled.get(path)
    assert status == 400
    assert reason.replace("'", "&#x27;") in body or reason in body


def test_unknown_paths_404_and_nothing_writes(crawled: CrawledDaemon):
    for path in ("/nope", "/sources/", "/sources/unknown", "/api/sources/unknown", "/api/x"):
        assert crawled.get(path)[0] == 404, path
    assert crawled.get("/sources/" + quote("a/b", safe=""))[0] == 404
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        status, _, headers = crawled.get("/api/sources", method=method)
        assert status == 405 and headers["Allow"] == "GET, HEAD"


def test_every_page_reads_a_read_only_store(crawled: CrawledDaemon):
    path = crawled.database.removeprefix("sqlite:///")
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    factory = open_store(read_only)
    pages = StatusPages(lambda: factory, Settings)
    try:
        for route in ("/", "/sources/harbour", "/stories", "/spun"):
            for prefix in ("", "/api"):
                reply = pages.answer(prefix + route if route != "/" else prefix + "/sources", "")
                assert reply is not None and reply.status == 200, (route, reply)
    finally:
        close_stores()


def test_the_daemon_listens_on_localhost_unless_configured():
    assert DaemonSettings().host == "127.0.0.1"


def test_every_value_on_the_page_is_escaped():
    from crawler.daemon import status_html

    assert status_html._link("javascript:alert(1)", "x") == "x"
    assert re.fullmatch(r"&lt;b&gt;&quot;&#x27;&amp;", status_html._e("<b>\"'&"))


def test_a_degraded_source_shows_red_with_its_reason(crawled: CrawledDaemon):
    _, html, _ = crawled.get("/")
    row = html[html.index('href="/sources/quayside"') :]
    assert row.index('<span class="state degraded">degraded</span>') < row.index("</tr>")
    assert '<div class="why">pages without an article ' in row
    quayside = crawled.source("quayside")
    assert quayside["health_since"] is not None, json.dumps(quayside)


@pytest.mark.postgres
def test_the_pages_answer_from_postgresql(postgres_url: str, tmp_path):
    site = status_site()
    with site.server.running() as base:
        config = tmp_path / "wirewash.toml"
        config.write_text(
            f'[database]\nurl = "{postgres_url}"\n'
            "[fetch]\nallow_private_networks = true\ndelay = 0\n"
            f'[[sources]]\nname = "harbour"\nurl = "{base}/"\nevery = "1h"\n',
            encoding="utf-8",
        )
        crawl = run_cli("crawl", "harbour", "--config", str(config))
        assert crawl.returncode == 0, crawl.stderr
    store_hostile_title(postgres_url)
    factory = open_store(postgres_url)
    settings = load_settings(config)
    pages = StatusPages(lambda: factory, lambda: settings)
    replies = {
        path: pages.answer(path, query)
        for path, query in [
            ("/api/sources", ""),
            ("/api/sources/harbour", "limit=3"),
            ("/api/stories", ""),
            ("/api/spun", ""),
            ("/", ""),
            ("/sources/harbour", ""),
            ("/stories", ""),
            ("/spun", ""),
        ]
    }
    assert all(r is not None and r.status == 200 for r in replies.values()), replies
    (source,) = json.loads(replies["/api/sources"].body)["sources"]
    assert source["totals"]["stored"] == len(site.articles) and source["state"] == "learning"
    assert len(json.loads(replies["/api/sources/harbour"].body)["articles"]) == 3
    assert len(json.loads(replies["/api/stories"].body)["stories"]) == 2
    (spun,) = json.loads(replies["/api/spun"].body)["spun"]
    assert "according to the International" in spun["restored_text"]
    assert b"&lt;script&gt;" in replies["/sources/harbour"].body
