"""Crawl throughput and memory: `wirewash crawl` against local hosts, with Scrapy as the peer.

    .venv/bin/python bench/crawl_bench.py [--pages-per-host 250] [--hosts 20] [--profile]
        [--real-hosts 8] [--real-pages-per-host 60] [--only real|tiny|full]

Every run serves its pages on 127.0.0.1, one port per host, and crawls them from their
home pages with pacing off (--delay 0), 8 requests in flight, one per host:

- real: real news pages (news-dev and extraction-dev HTML from ../shared/corpora, cycled
  over 8 hosts x 60 = 480 pages), crawled by `wirewash crawl` and by a Scrapy spider with
  trafilatura in an item pipeline writing each article to a JSON-lines file (the peer a
  user would write in an afternoon); articles stored per second and peak memory of both.
- tiny: tiny pages (fetch, discovery and bookkeeping; nothing to extract), wirewash
  against a download-only Scrapy spider on the same pages.
- full: synthetic 20 KB article pages, wirewash alone (resident memory of all its
  processes at 1k, 2k, 5k... up to 100k pages, as far as the run goes: flat or not).

Prints each run's figures and the ratios, wirewash / peer, from the same run. No timing
asserts. Needs the `bench` extra (scrapy).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
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
CORPORA = REPO.parent / "shared" / "corpora"
CONCURRENCY = 8
MILESTONES = (1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000)
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
        "<p>"
        + " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 70))).capitalize()
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


def real_pages() -> list[bytes]:
    """The real news pages of news-dev and extraction-dev, in a fixed order."""
    import gzip

    folders = [CORPORA / name / "html" for name in ("news-dev", "extraction-dev")]
    missing = [str(folder) for folder in folders if not folder.is_dir()]
    if missing:
        raise SystemExit(f"real pages not found ({', '.join(missing)}): run with --only tiny")
    return [
        gzip.decompress(path.read_bytes())
        for folder in folders
        for path in sorted(folder.glob("*.html.gz"))
    ]


def real_page_renderer(pages_per_host: int) -> Callable[[int, int], bytes]:
    pages = real_pages()
    return lambda host, number: pages[(host * pages_per_host + number) % len(pages)]


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


def _descendants(pid: int) -> list[int]:
    """The process and every process below it (worker pools, their fork server)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                queue += [int(child) for child in children.read_text().split()]
            except OSError:
                continue
    return found


def _pss_kb(pid: int) -> int:
    """Proportional set size: resident memory, pages shared with other processes split."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    line = next((x for x in rollup.splitlines() if x.startswith("Pss:")), "Pss: 0 kB")
    return int(line.split()[1])


def _tree_memory_kb(pid: int) -> int:
    """Memory of the process and all its descendants, now: worker processes share the
    pages of their fork server, so their PSS is summed, not their RSS."""
    return sum(_pss_kb(member) for member in _descendants(pid))


def measure(command: list[str], site: Site, env: dict[str, str]) -> dict[str, object]:
    """Run a crawler process: pages per second, RSS at the milestones and at its peak."""
    site.article_requests = 0
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    # Output goes to files: a full pipe would stall the crawler on its last print.
    stdout = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed with the process)
    stderr = tempfile.TemporaryFile("w+")  # noqa: SIM115
    process = subprocess.Popen(
        command, cwd=REPO, env={**os.environ, **env}, stdout=stdout, stderr=stderr, text=True
    )
    at_milestone: dict[int, int] = {}
    peak = peak_tree = 0
    while process.poll() is None:
        for milestone in MILESTONES:
            if milestone not in at_milestone and site.article_requests >= milestone:
                at_milestone[milestone] = _tree_memory_kb(process.pid)
        peak = max(peak, _memory_kb(process.pid, "VmHWM"))
        peak_tree = max(peak_tree, _tree_memory_kb(process.pid))
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    stdout.seek(0)
    stderr.seek(0)
    if process.returncode != 0:
        raise SystemExit(f"{command[:4]} failed: {stderr.read()[-2000:]}")
    return {
        "pages": site.article_requests,
        "seconds": round(elapsed, 2),
        "pages_per_second": round(site.article_requests / elapsed, 1),
        # CPU time of the crawler and every process it waited for (its workers): what a
        # page costs, less noisy than wall time on a shared machine.
        "cpu_seconds": round(cpu, 1),
        "memory_mb_at_pages": {k: round(v / 1024, 1) for k, v in sorted(at_milestone.items())},
        "peak_rss_mb": round(peak / 1024, 1),
        # Sampled every 50 ms: the main process with its worker processes (PSS summed).
        "peak_memory_all_processes_mb": round(peak_tree / 1024, 1),
        "stdout": stdout.read(),
    }


def wirewash_command(roots: list[str], database: str, profile: Path | None) -> list[str]:
    prefix = [sys.executable]
    if profile:
        prefix += ["-m", "cProfile", "-o", str(profile)]
    return [
        *prefix,
        "-m",
        "crawler.cli",
        "crawl",
        *roots,
        "--db",
        database,
        "--allow-private-networks",
        "--delay",
        "0",
        "--json",
    ]


def scrapy_command(roots: list[str], output: Path | None = None) -> list[str]:
    """The Scrapy peer: download-only, or with trafilatura writing articles to `output`."""
    extract = ["--scrapy-output", str(output)] if output else []
    return [sys.executable, str(Path(__file__).resolve()), *extract, "--scrapy-child", *roots]


class TrafilaturaPipeline:
    """A Scrapy item pipeline: trafilatura's text and metadata, one JSON line per article."""

    def __init__(self, output: str) -> None:
        self.output = output

    @classmethod
    def from_crawler(cls, crawler):  # type: ignore[no-untyped-def]
        return cls(crawler.settings["TRAFILATURA_OUTPUT"])

    def open_spider(self, spider):  # type: ignore[no-untyped-def]
        self.file = open(self.output, "w", encoding="utf-8")  # noqa: SIM115 (closed below)

    def close_spider(self, spider):  # type: ignore[no-untyped-def]
        self.file.close()

    def process_item(self, item, spider):  # type: ignore[no-untyped-def]
        import trafilatura

        text = trafilatura.extract(
            item["html"], url=item["url"], with_metadata=True, output_format="json"
        )
        if text:
            self.file.write(text + "\n")
        return None


def run_scrapy_child(roots: list[str], output: str | None) -> None:
    """A Scrapy spider: the home pages, then every article link; with `output`, each
    article page goes through trafilatura in an item pipeline, else nothing is kept."""
    from urllib.parse import urlsplit

    import scrapy
    from scrapy.crawler import CrawlerProcess

    class Articles(scrapy.Spider):
        name = "articles"
        start_urls = roots

        def parse(self, response):  # type: ignore[no-untyped-def]
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href)
                yield scrapy.Request(
                    url, callback=self.article, meta={"download_slot": urlsplit(url).netloc}
                )

        def article(self, response):  # type: ignore[no-untyped-def]
            if output:
                yield {"url": response.url, "html": response.text}

    settings: dict[str, object] = {
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": CONCURRENCY,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_DELAY": 0,
        "LOG_LEVEL": "ERROR",
        "TELNETCONSOLE_ENABLED": False,
        "COOKIES_ENABLED": False,
    }
    if output:
        settings["ITEM_PIPELINES"] = {f"{__name__}.TrafilaturaPipeline": 300}
        settings["TRAFILATURA_OUTPUT"] = output
    process = CrawlerProcess(settings=settings)
    process.crawl(Articles)
    process.start()


def print_profile(path: Path, top: int = 18) -> None:
    import pstats

    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(top)


def run_wirewash(
    label: str, site: Site, scratch: str, args: argparse.Namespace, profile: Path | None = None
) -> dict[str, object]:
    env = {"WIREWASH_FETCH_CONCURRENCY": str(CONCURRENCY)}
    database = args.db or f"sqlite:///{scratch}/{label.replace(' ', '-')}.db"
    with site.running() as roots:
        figures = measure(wirewash_command(roots, database, profile), site, env)
    summary = json.loads(str(figures.pop("stdout")))
    figures["stored"] = summary["articles_stored"]
    figures["articles_per_second"] = round(
        summary["articles_stored"] / float(figures["seconds"]), 1
    )
    figures["errors"] = summary["errors"]
    figures["skipped"] = summary["skipped"]
    if profile:
        print_profile(profile)
    return figures


def run_scrapy(site: Site, output: Path | None) -> dict[str, object]:
    with site.running() as roots:
        figures = measure(scrapy_command(roots, output), site, {})
    figures.pop("stdout")
    if output:
        stored = len(output.read_text(encoding="utf-8").splitlines())
        figures["stored"] = stored
        figures["articles_per_second"] = round(stored / float(figures["seconds"]), 1)
    return figures


def ratio(ours: dict[str, object], peer: dict[str, object], key: str) -> float:
    return float(ours[key]) / max(float(peer[key]), 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--pages-per-host", type=int, default=250)
    parser.add_argument("--real-hosts", type=int, default=8)
    parser.add_argument("--real-pages-per-host", type=int, default=60)
    parser.add_argument("--only", choices=("real", "tiny", "full"), action="append")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file per run)")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the main process of each wirewash crawl"
    )
    parser.add_argument("--skip-scrapy", action="store_true")
    parser.add_argument("--scrapy-output", help=argparse.SUPPRESS)
    parser.add_argument("--scrapy-child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scrapy_child:
        run_scrapy_child(args.scrapy_child, args.scrapy_output)
        return
    runs = args.only or ["real", "tiny"]
    results: dict[str, dict[str, object]] = {}
    ratios: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        if "real" in runs:
            render = real_page_renderer(args.real_pages_per_host)
            profile = Path(scratch) / "real.prof" if args.profile else None
            ours = run_wirewash(
                "wirewash real",
                Site(args.real_hosts, args.real_pages_per_host, render),
                scratch,
                args,
                profile,
            )
            results["wirewash, real pages"] = ours
            if not args.skip_scrapy:
                output = Path(scratch) / "trafilatura.jsonl"
                site = Site(args.real_hosts, args.real_pages_per_host, render)
                peer = run_scrapy(site, output)
                results["scrapy + trafilatura, real pages"] = peer
                ratios.append(
                    f"real pages, articles/s wirewash / scrapy+trafilatura: "
                    f"{ratio(ours, peer, 'articles_per_second'):.2f} (goal >= 1.5); "
                    f"peak memory (PSS), all processes: "
                    f"{ratio(ours, peer, 'peak_memory_all_processes_mb'):.2f} (goal <= 1.0)"
                )
        if "tiny" in runs:
            site = Site(args.hosts, args.pages_per_host, tiny_page)
            profile = Path(scratch) / "tiny.prof" if args.profile else None
            ours = run_wirewash("wirewash tiny", site, scratch, args, profile)
            results["wirewash, tiny pages"] = ours
            if not args.skip_scrapy:
                peer = run_scrapy(Site(args.hosts, args.pages_per_host, tiny_page), None)
                results["scrapy download only, tiny pages"] = peer
                ratios.append(
                    f"tiny pages, pages/s wirewash / scrapy download-only: "
                    f"{ratio(ours, peer, 'pages_per_second'):.2f} (goal >= 0.5); "
                    f"peak memory (PSS), all processes: "
                    f"{ratio(ours, peer, 'peak_memory_all_processes_mb'):.2f}"
                )
        if "full" in runs:
            site = Site(args.hosts, args.pages_per_host, full_page)
            results["wirewash, full pages"] = run_wirewash("wirewash full", site, scratch, args)
    for label, figures in results.items():
        print(f"{label:<36} {json.dumps(figures)}")
    for line in ratios:
        print(line)


if __name__ == "__main__":
    main()
