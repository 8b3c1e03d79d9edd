"""Crawl throughput and memory: `wirewash crawl` against 20 local hosts, with Scrapy as the peer.

    .venv/bin/python bench/crawl_bench.py [--pages-per-host 250] [--hosts 20] [--profile]

Serves hosts x pages article pages (20 x 250 = 5,000 by default) on 127.0.0.1, one port per
host, and crawls them from their home pages with pacing off (--delay 0): once with tiny
pages (fetch, discovery and bookkeeping; extraction has next to nothing to do), once with
full article pages (extraction and cleaning too), then with a download-only Scrapy spider
limited the same way (8 requests in flight, one per host). Prints pages per second, the
resident memory at 1k, 2k and 5k pages and at its peak, and the ratios. No timing asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONCURRENCY = 8
MILESTONES = (1000, 2000, 5000)
_WORDS_TEXT = (
    "harbour council river budget station minister village storm market school bridge vote "
    "report farmers hospital railway court union energy water border police museum garden "
    "the a of and to in that was for on with said by from at as after would its has were"
)
WORDS = tuple(_WORDS_TEXT.split())


def tiny_page(host: int, number: int) -> bytes:
    return f"<html><head><title>Story {host}-{number}</title></head><body>ok</body></html>".encode()


def full_page(host: int, number: int) -> bytes:
    """A realistic article page of about 20 KB: navigation, twelve paragraphs, footer."""
    rng = random.Random(host * 100_000 + number)
    nav = "".join(f"<li><a href='/section-{n}/'>Section {n}</a></li>" for n in range(40))
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 70))).capitalize()
        + ".</p>"
        for _ in range(12)
    )
    title = f"Story {number} from host {host} about the {rng.choice(WORDS)}"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:type' content='article'>"
        "<meta name='author' content='Bench Desk'>"
        "<meta property='article:published_time' content='2025-09-12T10:00:00+00:00'>"
        f"</head><body><header><ul>{nav}</ul></header><main><article><h1>{title}</h1>"
        f"<p class='byline'>By Bench Desk</p>{paragraphs}</article></main>"
        "<footer><p>Copyright Bench News. All rights reserved.</p></footer></body></html>"
    ).encode()


class Site:
    """`hosts` local servers, each with robots.txt, a home page and `pages` articles."""

    def __init__(self, hosts: int, pages: int, render: Callable[[int, int], bytes]) -> None:
        self.hosts, self.pages, self.render = hosts, pages, render
        self.article_requests = 0
        self._lock = threading.Lock()
        self.roots: list[str] = []

    def _handler(self, host: int) -> type[BaseHTTPRequestHandler]:
        site = self
        home = (
            "<html><body>"
            + "".join(
                f"<a href='/news/story-{n}-on-the-harbour.html'>{n}</a>" for n in range(site.pages)
            )
            + "</body></html>"
        ).encode()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

            def do_GET(self) -> None:
                if self.path == "/robots.txt":
                    body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
                elif self.path == "/":
                    body, kind = home, "text/html; charset=utf-8"
                elif self.path.startswith("/news/story-"):
                    number = int(self.path.split("-")[1])
                    body, kind = site.render(host, number), "text/html; charset=utf-8"
                    with site._lock:
                        site.article_requests += 1
                else:
                    body, kind = b"not here", "text/plain"
                    self.send_response(404)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    @contextmanager
    def running(self) -> Iterator[list[str]]:
        with ExitStack() as stack:
            for host in range(self.hosts):
                server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler(host))
                server.daemon_threads = True
                threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True).start()
                stack.callback(server.server_close)
                stack.callback(server.shutdown)
                self.roots.append(f"http://127.0.0.1:{server.server_address[1]}/")
            yield self.roots


def _memory_kb(pid: int, field: str) -> int:
    """VmRSS (now) or VmHWM (peak so far) of a live process, from /proc."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((x for x in status.splitlines() if x.startswith(field + ":")), ": 0 kB")
    return int(line.split()[1])


def measure(command: list[str], site: Site, env: dict[str, str]) -> dict[str, object]:
    """Run a crawler process: pages per second, RSS at the milestones and at its peak."""
    site.article_requests = 0
    started = time.monotonic()
    # Output goes to files: a full pipe would stall the crawler on its last print.
    stdout = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed with the process)
    stderr = tempfile.TemporaryFile("w+")  # noqa: SIM115
    process = subprocess.Popen(
        command, cwd=REPO, env={**os.environ, **env}, stdout=stdout, stderr=stderr, text=True
    )
    at_milestone: dict[int, int] = {}
    peak = 0
    while process.poll() is None:
        for milestone in MILESTONES:
            if milestone not in at_milestone and site.article_requests >= milestone:
                at_milestone[milestone] = _memory_kb(process.pid, "VmRSS")
        peak = max(peak, _memory_kb(process.pid, "VmHWM"))
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    stdout.seek(0)
    stderr.seek(0)
    if process.returncode != 0:
        raise SystemExit(f"{command[:4]} failed: {stderr.read()[-2000:]}")
    return {
        "pages": site.article_requests,
        "seconds": round(elapsed, 2),
        "pages_per_second": round(site.article_requests / elapsed, 1),
        "rss_mb_at_pages": {k: round(v / 1024, 1) for k, v in sorted(at_milestone.items())},
        "peak_rss_mb": round(peak / 1024, 1),
        "stdout": stdout.read(),
    }


def wirewash_command(roots: list[str], database: str, profile: Path | None) -> list[str]:
    prefix = [sys.executable]
    if profile:
        prefix += ["-m", "cProfile", "-o", str(profile)]
    return [
        *prefix, "-m", "crawler.cli", "crawl", *roots, "--db", database,
        "--allow-private-networks", "--delay", "0", "--json",
    ]


def scrapy_command(roots: list[str]) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--scrapy-child", *roots]


def run_scrapy_child(roots: list[str]) -> None:
    """A download-only Scrapy spider: the home pages, then every article link, nothing kept."""
    from urllib.parse import urlsplit

    import scrapy
    from scrapy.crawler import CrawlerProcess

    class DownloadOnly(scrapy.Spider):
        name = "download_only"
        start_urls = roots

        def parse(self, response):  # type: ignore[no-untyped-def]
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href)
                yield scrapy.Request(
                    url, callback=self.article, meta={"download_slot": urlsplit(url).netloc}
                )

        def article(self, response):  # type: ignore[no-untyped-def]
            return None

    process = CrawlerProcess(
        settings={
            "ROBOTSTXT_OBEY": True,
            "CONCURRENT_REQUESTS": CONCURRENCY,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
            "DOWNLOAD_DELAY": 0,
            "LOG_LEVEL": "ERROR",
            "TELNETCONSOLE_ENABLED": False,
            "COOKIES_ENABLED": False,
        }
    )
    process.crawl(DownloadOnly)
    process.start()


def print_profile(path: Path, top: int = 18) -> None:
    import pstats

    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--pages-per-host", type=int, default=250)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file per run)")
    parser.add_argument("--profile", action="store_true", help="cProfile the tiny-page crawl")
    parser.add_argument("--skip-scrapy", action="store_true")
    parser.add_argument("--scrapy-child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scrapy_child:
        run_scrapy_child(args.scrapy_child)
        return
    env = {"WIREWASH_FETCH_CONCURRENCY": str(CONCURRENCY)}
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        runs: list[tuple[str, Callable[[int, int], bytes]]] = [
            ("wirewash, tiny pages", tiny_page),
            ("wirewash, full pages", full_page),
        ]
        for label, render in runs:
            site = Site(args.hosts, args.pages_per_host, render)
            database = args.db or f"sqlite:///{scratch}/{label.split(',')[1].strip()}.db"
            profile = Path(scratch) / "crawl.prof" if args.profile and render is tiny_page else None
            with site.running() as roots:
                results[label] = measure(wirewash_command(roots, database, profile), site, env)
            summary = json.loads(str(results[label].pop("stdout")))
            results[label]["stored"] = summary["articles_stored"]
            results[label]["errors"] = summary["errors"]
            if profile:
                print_profile(profile)
        if not args.skip_scrapy:
            site = Site(args.hosts, args.pages_per_host, full_page)
            with site.running() as roots:
                results["scrapy, full pages, download only"] = measure(
                    scrapy_command(roots), site, {}
                )
            results["scrapy, full pages, download only"].pop("stdout")
    for label, figures in results.items():
        print(f"{label:<36} {json.dumps(figures)}")
    scrapy = results.get("scrapy, full pages, download only")
    if scrapy:
        for label in ("wirewash, tiny pages", "wirewash, full pages"):
            ratio = float(results[label]["pages_per_second"]) / float(scrapy["pages_per_second"])
            print(f"{label} / scrapy pages per second: {ratio:.2f}")


if __name__ == "__main__":
    main()
