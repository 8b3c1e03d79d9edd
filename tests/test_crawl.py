"""Crawls against local sites: politeness at the server, conditional GET, resuming after kill -9,
and the newsroom fixture site end to end through the real command."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from crawler.engine.crawl import crawl
from crawler.engine.readers import Readers
from crawler.engine.reading import PageJob
from crawler.settings import DatabaseSettings, FetchSettings, Settings
from crawler.store.db import open_store
from crawler.store.models import Article, FetchAttempt, FrontierUrl, Host
from tests.conftest import REPO, SITES, run_cli
from tests.hostile_server import HostileServer, page, send, status
from tests.test_crawl_hostile import article

NEWSROOM = SITES / "newsroom"


def local_settings(database_url: str, **fetch: object) -> Settings:
    values: dict[str, object] = {
        "allow_private_networks": True,
        "delay": 0.0,
        "total_timeout": 2.0,
        "read_timeout": 1.0,
        "connect_timeout": 1.0,
        "backoff": 0.01,
        **fetch,
    }
    return Settings(database=DatabaseSettings(database_url), fetch=FetchSettings(**values))  # type: ignore[arg-type]


def small_site(pages: int, robots: str = "User-agent: *\nAllow: /\n") -> HostileServer:
    links = "".join(f"<a href='/news/story-number-{n}.html'>{n}</a>" for n in range(pages))
    server = HostileServer(
        {
            "/robots.txt": page(robots, content_type="text/plain"),
            "/": page(f"<html><body>{links}</body></html>"),
        }
    )
    for n in range(pages):
        server.routes[f"/news/story-number-{n}.html"] = page(article(f"Story {n}"))
    return server


def gaps(server: HostileServer) -> list[float]:
    times = sorted(seen.at for seen in server.seen)
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def test_requests_to_one_host_are_paced_and_hosts_run_in_parallel(store_url):
    fast_rules, slow_rules = small_site(5), small_site(3, "User-agent: *\nCrawl-delay: 0.8\n")
    with fast_rules.running() as fast, slow_rules.running() as slow:
        started = time.monotonic()
        settings = local_settings(store_url, delay=0.3, concurrency=4)
        summary = crawl(settings, [fast + "/", slow + "/"])
        elapsed = time.monotonic() - started
    assert summary.stored == 8
    for server in (fast_rules, slow_rules):
        assert server.seen[0].path == "/robots.txt"  # before any other page of the host
        assert len(server.requests_for("/robots.txt")) == 1
    assert min(gaps(fast_rules)) >= 0.3 - 0.02  # fetch.delay
    assert min(gaps(slow_rules)) >= 0.8 - 0.02  # Crawl-delay, larger than fetch.delay
    assert elapsed < sum(gaps(fast_rules)) + sum(gaps(slow_rules))  # the two hosts overlapped
    with open_store(store_url)() as session:
        hosts = {h.host: h for h in session.scalars(select(Host))}
    assert hosts[urlsplit(slow).netloc].crawl_delay == 0.8
    assert hosts[urlsplit(fast).netloc].robots_status == 200


def test_robots_rules_are_cached_in_the_store_and_a_4xx_robots_allows_all(sqlite_url):
    site = small_site(2)
    site.routes["/robots.txt"] = status(404)
    with site.running() as base:
        crawl(local_settings(sqlite_url), [base + "/"])
        crawl(local_settings(sqlite_url), [base + "/news/story-number-9.html"])
    assert len(site.requests_for("/robots.txt")) == 1
    assert len(site.requests_for("/news/story-number-1.html")) == 1


def test_a_second_crawl_sends_validators_and_a_304_costs_no_extraction(
    sqlite_url, monkeypatch, serve_site
):
    settings = local_settings(sqlite_url)
    with serve_site(NEWSROOM) as base:
        first = crawl(settings, [base + "/"])
        extracted: list[str] = []
        real_read = Readers.read

        def counting(readers: Readers, job: PageJob):  # type: ignore[no-untyped-def]
            extracted.append(job.url)
            return real_read(readers, job)

        # Pages are read (extracted and cleaned) by worker processes through Readers.read.
        monkeypatch.setattr(Readers, "read", counting)
        second = crawl(settings, [base + "/"])
    assert first.stored == 6
    assert (second.stored, second.updated, second.discovered) == (0, 0, 0)
    assert second.unchanged > 0 and extracted == []
    with open_store(sqlite_url)() as session:
        not_modified = session.scalar(
            select(func.count()).select_from(FetchAttempt).where(FetchAttempt.status == 304)
        )
        validators = session.scalar(
            select(func.count())
            .select_from(FrontierUrl)
            .where(FrontierUrl.state == "done", FrontierUrl.etag.is_not(None))
        )
    assert not_modified == second.unchanged
    assert validators >= 6


def _slow_article(title: str, seconds: float):  # type: ignore[no-untyped-def]
    def answer(handler) -> None:  # type: ignore[no-untyped-def]
        time.sleep(seconds)
        send(handler, article(title))

    return answer


@pytest.mark.slow
def test_a_crawl_killed_with_sigkill_goes_on_where_it_was(sqlite_url):
    site = small_site(30)
    for n in range(30):
        site.routes[f"/news/story-number-{n}.html"] = _slow_article(f"Story {n}", 0.1)
    command = ["crawl", "--db", sqlite_url, "--allow-private-networks", "--delay", "0"]
    with site.running() as base:
        process = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", *command, base + "/"],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while sum(s.path.startswith("/news/") for s in site.seen) < 12:
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        with open_store(sqlite_url)() as session:
            finished = {
                urlsplit(url).path
                for url in session.scalars(
                    select(FrontierUrl.url).where(FrontierUrl.state == "done")
                )
            }
            stored_before = session.scalar(select(func.count()).select_from(Article))
        seen_before = len(site.seen)
        result = run_cli(*command, base + "/", "--json", timeout=120)
    assert result.returncode == 0, result.stderr
    refetched = {s.path for s in site.seen[seen_before:]}
    articles_finished = {p for p in finished if p.startswith("/news/")}
    assert len(articles_finished) >= 10 and stored_before == len(articles_finished)
    assert not refetched & articles_finished
    assert json.loads(result.stdout)["articles_stored"] == 30 - stored_before
    with open_store(sqlite_url)() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 30


@pytest.mark.slow
def test_the_newsroom_site_end_to_end(store_url, serve_site):
    expected = json.loads((NEWSROOM / "EXPECTED.json").read_text(encoding="utf-8"))
    with serve_site(NEWSROOM) as base:
        command = ("crawl", base + "/", "--db", store_url, "--allow-private-networks",
                   "--delay", "0", "--json")
        first = run_cli(*command)
        assert first.returncode == 0, first.stderr
        second = run_cli(*command)
        assert second.returncode == 0, second.stderr
    summary, again = json.loads(first.stdout), json.loads(second.stdout)
    with open_store(store_url)() as session:
        articles = {urlsplit(a.url).path: a for a in session.scalars(select(Article))}
        members = session.scalars(
            select(FrontierUrl).where(FrontierUrl.url.contains("/members/2025/"))
        ).one()
    wanted = {path: e for path, e in expected.items() if not e.get("disallowed_by_robots")}
    assert set(articles) == set(wanted)
    for path, facts in wanted.items():
        stored = articles[path]
        assert stored.title == facts["title"], path
        assert stored.published == datetime.fromisoformat(facts["published"]), path
        assert stored.text.startswith(facts["first_sentence"]), path
        assert facts["last_sentence"] in stored.text, path
        for chrome in facts["must_not_contain"]:
            assert chrome not in stored.text, (path, chrome)
    assert (members.state, members.last_error_kind) == ("skipped", "robots")
    assert summary["articles_stored"] == len(wanted) and summary["skipped"]["robots"] >= 1
    assert summary["errors"] == {}
    assert (again["articles_stored"], again["articles_updated"]) == (0, 0)
    assert again["urls_discovered"] == 0


def test_the_crawl_command_reports_a_bad_target_in_one_line(tmp_path: Path):
    result = run_cli("crawl", "not a url", "--db", f"sqlite:///{tmp_path / 's.db'}")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "not an http(s) URL" in result.stderr
