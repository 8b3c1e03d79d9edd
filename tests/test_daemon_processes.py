"""`wirewash run` as real processes: schedule, endpoints, signals, kill -9, lost connections,
and several daemons sharing one PostgreSQL database."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from crawler.demo.server import serve_folder

REPO = Path(__file__).resolve().parents[1]
WORDS = [
    "harbour",
    "council",
    "river",
    "budget",
    "station",
    "minister",
    "village",
    "storm",
    "market",
    "school",
    "bridge",
    "vote",
    "report",
    "farmers",
    "hospital",
    "railway",
    "court",
    "union",
    "energy",
    "water",
    "border",
    "police",
    "museum",
    "garden",
]

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def write_site(folder: Path, articles: int, seed: int) -> list[str]:
    """A news site of `articles` distinct pages listed in /sitemap.xml; returns their paths."""
    rng = random.Random(seed)
    (folder / "news").mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(articles):
        paragraphs = "".join(
            f"<p>{' '.join(rng.choice(WORDS) for _ in range(40)).capitalize()}.</p>"
            for _ in range(3)
        )
        title = f"Report {seed}-{number}: {rng.choice(WORDS)} {rng.choice(WORDS)}"
        (folder / "news" / f"{number}.html").write_text(
            f"<!doctype html><html lang='en'><head><title>{title}</title></head><body>"
            f"<article><h1>{title}</h1>{paragraphs}</article></body></html>",
            encoding="utf-8",
        )
        paths.append(f"/news/{number}.html")
    entries = "".join(f"<url><loc>{{{{BASE}}}}{path}</loc></url>" for path in paths)
    (folder / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>',
        encoding="utf-8",
    )
    return paths


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_config(
    path: Path, database: str, port: int, sources: dict[str, str], **daemon: float
) -> Path:
    settings = {"stop_deadline": 5.0, "claim_ttl": 5.0, "jitter": 0.0, "misfire_grace": 5.0}
    settings.update(daemon)
    delay = settings.pop("delay", 0.0)
    lines = [
        f'[database]\nurl = "{database}"',
        f"[fetch]\ndelay = {delay}\nallow_private_networks = true\nconcurrency = 4",
        f'[daemon]\nhost = "127.0.0.1"\nport = {port}',
        *(f"{key} = {value}" for key, value in settings.items()),
        *(
            f'[[sources]]\nname = "{name}"\nurl = "{url}"\nevery = "1h"'
            for name, url in sources.items()
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class DaemonProcess:
    """One `wirewash run` process with its stderr (the JSON event log) in a file."""

    def __init__(
        self,
        command: list[str],
        port: int,
        log: Path,
        env: dict[str, str] | None = None,
    ) -> None:
        self.port = port
        self.log = log
        self._stderr = log.open("w")
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            env={**os.environ, **(env or {})},
        )

    @classmethod
    def start(cls, config: Path, port: int, log: Path) -> DaemonProcess:
        command = [sys.executable, "-m", "crawler.cli", "run", "--config", str(config)]
        return cls([*command, "--port", str(port)], port, log)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as reply:
                return reply.status, reply.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def wait_ready(self, timeout: float = 30) -> None:
        def ready() -> bool:
            assert self.process.poll() is None, self.log.read_text()
            try:
                return self.get("/readyz")[0] == 200
            except OSError:
                return False

        wait_until(ready, timeout, "the daemon never became ready")

    def events(self, name: str | None = None) -> list[dict[str, Any]]:
        lines = self.log.read_text(encoding="utf-8").splitlines()
        events = [json.loads(line) for line in lines if line.strip()]
        return [e for e in events if name is None or e["event"] == name]

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        finally:
            self._stderr.close()


def wait_until(check: Callable[[], bool], timeout: float, message: str) -> None:
    give_up = time.monotonic() + timeout
    while not check():
        if time.monotonic() > give_up:
            raise AssertionError(message)
        time.sleep(0.2)


@contextmanager
def sites(tmp_path: Path, sizes: list[int]) -> Iterator[tuple[dict[str, str], set[str]]]:
    """Serve one site per size; yields ({source name: sitemap URL}, every article URL)."""
    with ExitStack() as stack:
        sources, articles = {}, set()
        for number, size in enumerate(sizes):
            paths = write_site(tmp_path / f"site{number}", size, seed=number)
            base = stack.enter_context(serve_folder(tmp_path / f"site{number}"))
            sources[f"site{number}"] = f"{base}/sitemap.xml"
            articles |= {base + path for path in paths}
        yield sources, articles


def query(database: str, sql: str) -> list[Any]:
    engine = sa.create_engine(database)
    try:
        with engine.connect() as connection:
            return list(connection.execute(sa.text(sql)))
    finally:
        engine.dispose()


def stored_urls(database: str) -> list[str]:
    return [row.url for row in query(database, "SELECT url FROM articles")]


def count_stored(database: str) -> int:
    return int(query(database, "SELECT count(*) FROM articles")[0][0])


def test_a_daemon_crawls_its_sources_answers_reloads_and_stops(
    tmp_path: Path, postgres_url: str
) -> None:
    port = free_port()
    with sites(tmp_path, [12, 8]) as (sources, articles):
        first = {"site0": sources["site0"]}
        config = write_config(tmp_path / "wirewash.toml", postgres_url, port, first)
        daemon = DaemonProcess.start(config, port, tmp_path / "daemon.log")
        daemon.wait_ready()
        wait_until(lambda: count_stored(postgres_url) == 12, 60, "site0 was not crawled")

        assert daemon.get("/healthz") == (200, "ok\n")
        metrics = daemon.get("/metrics")[1]
        assert 'wirewash_articles_total{outcome="stored"} 12.0' in metrics
        assert 'wirewash_frontier_urls{state="done"} 13.0' in metrics
        assert 'wirewash_source_last_success_timestamp_seconds{source="site0"}' in metrics
        for name in ("pages_fetched_total", "store_duplicates", "store_spun_copies"):
            assert f"wirewash_{name} " in metrics
        fetched = [e["url"] for e in daemon.events("fetch") if e["kind"] == "article"]
        assert sorted(fetched) == sorted(u for u in articles if "site0" in _site(u, sources))
        assert all(e["source"] == "site0" for e in daemon.events("store"))

        write_config(tmp_path / "wirewash.toml", postgres_url, port, sources)
        daemon.process.send_signal(signal.SIGHUP)
        wait_until(lambda: count_stored(postgres_url) == 20, 60, "the reload added no source")
        assert [e["source"] for e in daemon.events("discovery")] == ["site0", "site1"]

        assert daemon.stop() == 0
        assert daemon.events()[-1]["event"] == "stop"


def _site(url: str, sources: dict[str, str]) -> str:
    return next(name for name, sitemap in sources.items() if url.startswith(sitemap[:-12]))


def test_three_daemons_on_one_database_store_and_fetch_each_article_once(
    tmp_path: Path, postgres_url: str
) -> None:
    with sites(tmp_path, [30, 30, 30]) as (sources, articles):
        daemons = []
        for number in range(3):
            port = free_port()
            config = write_config(tmp_path / f"d{number}.toml", postgres_url, port, sources)
            daemons.append(DaemonProcess.start(config, port, tmp_path / f"d{number}.log"))
        for daemon in daemons:
            daemon.wait_ready()
        wait_until(lambda: count_stored(postgres_url) == 90, 90, "not every article was stored")
        assert all(daemon.stop() == 0 for daemon in daemons)

    assert sorted(stored_urls(postgres_url)) == sorted(articles)
    fetches = Counter(row.url for row in query(postgres_url, "SELECT url FROM fetches"))
    assert {url: fetches[url] for url in articles} == dict.fromkeys(articles, 1)
    logged = Counter(e["url"] for d in daemons for e in d.events("fetch"))
    assert {url: logged[url] for url in articles} == dict.fromkeys(articles, 1)
    discoveries = Counter(e["source"] for d in daemons for e in d.events("discovery"))
    assert discoveries == dict.fromkeys(sources, 1)
    assert sum(1 for d in daemons if d.events("store")) >= 2, "one daemon did all the work"


def test_after_kill_9_a_restart_loses_nothing_and_stores_nothing_twice(
    tmp_path: Path, postgres_url: str
) -> None:
    with sites(tmp_path, [40]) as (sources, articles):
        port = free_port()
        config = write_config(tmp_path / "d.toml", postgres_url, port, sources, delay=0.1)
        daemon = DaemonProcess.start(config, port, tmp_path / "first.log")
        daemon.wait_ready()
        wait_until(lambda: count_stored(postgres_url) >= 8, 60, "the crawl did not start")
        assert daemon.stop(signal.SIGKILL) == -signal.SIGKILL
        assert count_stored(postgres_url) < 40

        again = DaemonProcess.start(config, port, tmp_path / "second.log")
        again.wait_ready()
        wait_until(lambda: count_stored(postgres_url) == 40, 90, "the restart did not finish")
        assert again.stop() == 0

    assert sorted(stored_urls(postgres_url)) == sorted(articles)
    assert query(postgres_url, "SELECT url FROM frontier WHERE state = 'claimed'") == []
    # The schedule was claimed before the kill: the restart does not run discovery again.
    assert again.events("discovery") == []


def test_a_daemon_survives_losing_its_database_connections(
    tmp_path: Path, postgres_url: str
) -> None:
    database = sa.engine.make_url(postgres_url).database
    with sites(tmp_path, [40]) as (sources, articles):
        port = free_port()
        config = write_config(tmp_path / "d.toml", postgres_url, port, sources, delay=0.1)
        daemon = DaemonProcess.start(config, port, tmp_path / "d.log")
        daemon.wait_ready()
        wait_until(lambda: count_stored(postgres_url) >= 5, 60, "the crawl did not start")
        for _ in range(4):
            query(
                postgres_url,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{database}' AND pid <> pg_backend_pid()",
            )
            time.sleep(0.7)
        wait_until(lambda: count_stored(postgres_url) == 40, 90, "the crawl did not resume")
        assert daemon.process.poll() is None
        assert daemon.get("/readyz")[0] == 200
        assert daemon.stop() == 0
    assert sorted(stored_urls(postgres_url)) == sorted(articles)


class _SlowPages(BaseHTTPRequestHandler):
    """A site whose robots.txt is instant and whose pages take a minute."""

    release = threading.Event()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        if self.path != "/robots.txt":
            self.release.wait(60)
        body = b"User-agent: *\nAllow: /\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_sigterm_returns_an_unfinished_page_within_the_deadline(
    tmp_path: Path, postgres_url: str
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowPages)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/news/slow.html"
        port = free_port()
        sources = {"slow": url}
        config = write_config(tmp_path / "d.toml", postgres_url, port, sources, stop_deadline=1.0)
        daemon = DaemonProcess.start(config, port, tmp_path / "d.log")
        daemon.wait_ready()
        claimed = "SELECT url FROM frontier WHERE state = 'claimed'"
        wait_until(lambda: bool(query(postgres_url, claimed)), 30, "the page was never claimed")
        started = time.monotonic()
        assert daemon.stop() == 0
        assert time.monotonic() - started < 10
    finally:
        _SlowPages.release.set()
        server.shutdown()
        server.server_close()
    rows = query(postgres_url, "SELECT state, claimed_by FROM frontier")
    assert [(row.state, row.claimed_by) for row in rows] == [("pending", None)]
    assert [e["count"] for e in daemon.events("claims_returned")] == [1]
