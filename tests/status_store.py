"""A daemon that has crawled a local news site, for the status page's tests (HTTP and browser).

The site holds generated articles, one whose title carries a `<script>` tag, a rewrite of
another article (a story with copies), and a wire story beside a spun copy of it, so every
part of the status page has something to show.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from news_site import NewsSite, SiteArticle, generated_paragraphs
from sqlalchemy import update
from test_daemon_processes import DaemonProcess, free_port, wait_until

from crawler.store.db import open_store
from crawler.store.models import Article

HOSTILE_TITLE = "<script>alert('owned')</script> Dock strike spreads"
# A wire story, and the swaps an article spinner of the lexicon's family makes to it.
WIRE_STORY = [
    "Thousands of dock workers walked out on Monday in more than a dozen countries, "
    "according to the International Transport Workers' Federation, in the largest "
    "coordinated strike the sector has seen in a decade.",
    "The union said its members would stay away from the terminals without exception "
    "until employers returned to talks, according to officials in Rotterdam and Antwerp.",
    "Shipping lines made several attempts to divert vessels to smaller ports, but the "
    "gains were modest, according to data from the port authorities, and thousands of "
    "containers waited offshore.",
    "A news agency photographer at the front lines of the picket in Hamburg said crowds "
    "grew through the afternoon, and more than two hundred police officers were deployed.",
    "Employers called the walkout unlawful and said they would seek damages in several "
    "countries, while the federation said it was ready for a long dispute.",
]
SPINS = {
    "Thousands": "1000's",
    "thousands": "1000's",
    "more than": "greater than",
    "according to": "in accordance with",
    "countries": "international locations",
    "without": "with out",
    "attempts": "makes an attempt",
    "gains": "beneficial properties",
    "news agency": "information company",
    "front lines": "entrance traces",
    "stay away from": "keep away from",
}


def spun(paragraph: str) -> str:
    for original, swap in SPINS.items():
        paragraph = paragraph.replace(original, swap)
    return paragraph


def status_site() -> NewsSite:
    site = NewsSite()
    site.add_generated(12)
    base = generated_paragraphs(0)
    site.add(SiteArticle("dock-strike", HOSTILE_TITLE, "Ines Duarte", "2026-12-02", base))
    extra = "Union leaders said further stoppages were planned for the coming weekend."
    rewrite = [*base[:3], extra, *base[3:]]
    copy_title = "Dock strike: the wire copy"
    site.add(SiteArticle("strike-copy", copy_title, "Dana Ortiz", "2026-12-02", rewrite))
    title = "Dock workers strike in a dozen countries"
    story = [*WIRE_STORY, *generated_paragraphs(500, 3)]
    site.add(SiteArticle("dock-walkout", title, "Marta Nilsen", "2026-12-03", story))
    spun_story = [spun(paragraph) for paragraph in story]
    site.add(SiteArticle("dock-walkout-copy", title, "Ken Obi", "2026-12-03", spun_story))
    return site


@dataclass
class CrawledDaemon:
    """The daemon's address, its store, and what the sites served.

    `site` is source "harbour"; `redesigned` is source "quayside", whose template was
    emptied after a first crawl, so that it is degraded.
    """

    base: str
    database: str
    site: NewsSite
    redesigned: NewsSite
    daemon: DaemonProcess

    def get(self, path: str, method: str = "GET") -> tuple[int, str, dict[str, str]]:
        request = urllib.request.Request(self.base + path, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:
                return reply.status, reply.read().decode(), dict(reply.headers.items())
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), dict(exc.headers.items())

    def api(self, path: str) -> Any:
        status, body, _ = self.get(path)
        assert status == 200, body
        return json.loads(body)

    def source(self, name: str) -> dict[str, Any]:
        """The source's record from /api/sources ({} until the daemon has written its row)."""
        return next((s for s in self.api("/api/sources")["sources"] if s["name"] == name), {})

    def stored(self, name: str) -> int:
        return int(self.source(name).get("totals", {}).get("stored", 0))

    def degraded_and_recorded(self, name: str) -> bool:
        """Degraded now, the change recorded (and logged), its skipped pages counted."""
        source = self.source(name)
        recorded = source["state"] == "degraded" and source["health_since"] is not None
        return recorded and source["totals"]["skipped"] > 0


def store_hostile_title(database: str) -> None:
    """Give the stored dock-strike article HOSTILE_TITLE, markup and all.

    Titles are read as plain text now (markup taken out), but a store written by wirewash
    0.1.0 holds titles as the pages gave them, and every page must show those as text.
    """
    with open_store(database).begin() as session:
        changed = session.execute(
            update(Article).where(Article.url.like("%/dock-strike%")).values(title=HOSTILE_TITLE)
        )
        assert changed.rowcount == 1


def crawled_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrawledDaemon]:
    """Serve the site, let a daemon crawl all of it, yield; a module-scoped fixture's body."""
    folder = tmp_path_factory.mktemp("status")
    site, redesigned = status_site(), NewsSite()
    redesigned.add_generated(8, first_seed=1000)
    port = free_port()
    database = f"sqlite:///{folder / 'store.db'}"
    with site.server.running() as site_base, redesigned.server.running() as redesigned_base:
        config = folder / "wirewash.toml"
        config.write_text(
            f'[database]\nurl = "{database}"\n'
            "[fetch]\nallow_private_networks = true\ndelay = 0\nconcurrency = 2\n"
            f"[daemon]\nport = {port}\njitter = 0.0\n"
            "[health]\nrecent_pages = 4\nbaseline_pages = 20\nmin_baseline_pages = 4\n"
            f'[[sources]]\nname = "harbour"\nurl = "{site_base}/"\nevery = "1h"\n'
            f'[[sources]]\nname = "quayside"\nurl = "{redesigned_base}/"\nevery = "3s"\n',
            encoding="utf-8",
        )
        daemon = DaemonProcess.start(config, port, folder / "daemon.log")
        crawled = CrawledDaemon(f"http://127.0.0.1:{port}", database, site, redesigned, daemon)
        try:
            daemon.wait_ready()
            wait_until(lambda: crawled.stored("quayside") == 8, 90, "quayside was never crawled")
            redesigned.template = "emptied"
            redesigned.add_generated(4, first_seed=2000)
            wait_until(
                lambda: (
                    crawled.stored("harbour") == len(site.articles)
                    and crawled.degraded_and_recorded("quayside")
                ),
                90,
                "the daemon never stored harbour or never saw quayside degraded",
            )
            store_hostile_title(database)
            yield crawled
        finally:
            assert daemon.stop() == 0
