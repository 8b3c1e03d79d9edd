"""The daemon under load: pages per second with 1, 2, 4... daemons on one PostgreSQL,
database round-trips per stored article, and each daemon's memory (RSS) over a long run.

A generated news site (distinct articles, one sitemap per host) is served by several local
servers in a separate process, pacing is off, and each run gets a fresh database.

  .venv/bin/python bench/daemon_bench.py                     # 2,000 pages, 10 hosts, 1/2/4
  .venv/bin/python bench/daemon_bench.py --soak 600          # and 10 minutes of crawling

Pages per second are fetch-log rows over the span between the first and the last fetch (start-up
is not counted). Transactions per article come from pg_stat_database; statements per article
from a SQLAlchemy cursor listener on one daemon run inside this process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from wordfreq import top_n_list

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawler.demo.server import serve_folder  # noqa: E402
from crawler.store.scratch import scratch_database  # noqa: E402

ADMIN_URL = os.environ.get(
    "WIREWASH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# English words with Zipf weights: function words land where chance puts them, so articles
# differ in their function-word skeletons too (as real ones do) and are not near-duplicates.
WORDS = top_n_list("en", 5000)
WEIGHTS = [1 / rank for rank in range(1, len(WORDS) + 1)]


def write_sites(root: Path, hosts: int, pages: int, seed: int = 7) -> list[Path]:
    """`hosts` folders of distinct articles (pages in all), each listed in its /sitemap.xml."""
    rng = random.Random(seed)
    folders = []
    for host in range(hosts):
        folder = root / f"host{host}"
        (folder / "news").mkdir(parents=True)
        paths = []
        for number in range(host, pages, hosts):
            title = " ".join(rng.choices(WORDS, WEIGHTS, k=6)).capitalize() + f" {number}"
            body = "".join(
                f"<p>{' '.join(rng.choices(WORDS, WEIGHTS, k=45)).capitalize()}.</p>"
                for _ in range(5)
            )
            (folder / "news" / f"{number}.html").write_text(
                f"<!doctype html><html lang='en'><head><title>{title}</title></head><body>"
                f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
                "<footer>Example News</footer></body></html>",
                encoding="utf-8",
            )
            paths.append(f"/news/{number}.html")
        entries = "".join(f"<url><loc>{{{{BASE}}}}{p}</loc></url>" for p in paths)
        (folder / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?><urlset '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>',
            encoding="utf-8",
        )
        folders.append(folder)
    return folders


def _serve(folders: Sequence[Path], reply: Connection) -> None:
    with ExitStack() as stack:
        reply.send([stack.enter_context(serve_folder(folder)) for folder in folders])
        signal.sigwait({signal.SIGTERM})


@contextmanager
def served(folders: Sequence[Path]) -> Iterator[list[str]]:
    """Serve each folder on its own 127.0.0.1 port, from another process; yields base URLs."""
    receive, send = multiprocessing.Pipe(duplex=False)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    server = multiprocessing.Process(target=_serve, args=(folders, send), daemon=True)
    server.start()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    try:
        yield receive.recv()
    finally:
        server.terminate()
        server.join(10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_config(path: Path, database: str, port: int, bases: Sequence[str], every: str) -> Path:
    lines = [
        f'[database]\nurl = "{database}"',
        "[fetch]\ndelay = 0.0\nallow_private_networks = true",
        f'[daemon]\nhost = "127.0.0.1"\nport = {port}\njitter = 0.0',
        *(
            f'[[sources]]\nname = "host{n}"\nurl = "{base}/sitemap.xml"\nevery = "{every}"'
            for n, base in enumerate(bases)
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def row(database: str, sql: str) -> Any:
    engine = sa.create_engine(database)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(sql)).one()
    finally:
        engine.dispose()


def scalar(database: str, sql: str) -> Any:
    return row(database, sql)[0]


def transactions(database: str) -> int:
    name = make_url(database).database
    sql = f"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '{name}'"
    return int(scalar(ADMIN_URL, sql))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Run:
    daemons: int
    articles: int
    fetches: int
    seconds: float
    transactions: int
    rss: list[list[float]]  # per daemon, sampled over the run

    @property
    def pages_per_second(self) -> float:
        return self.fetches / self.seconds if self.seconds else 0.0


def _stored(database: str) -> int:
    try:
        return int(scalar(database, "SELECT count(*) FROM articles"))
    except sa.exc.SQLAlchemyError:  # not migrated yet
        return 0


def _watch(
    processes: Sequence[subprocess.Popen[bytes]], database: str, pages: int, soak: float
) -> tuple[list[list[float]], int]:
    """Sample RSS every second until every page is stored (or `soak` seconds have passed);
    returns the samples and the database transactions spent meanwhile."""
    before = transactions(database)
    rss: list[list[float]] = [[] for _ in processes]
    started = time.monotonic()
    next_report = started + 60
    while True:
        time.sleep(1)
        for samples, process in zip(rss, processes, strict=True):
            samples.append(rss_mb(process.pid))
        stored = _stored(database)
        now = time.monotonic()
        if soak and now >= next_report:
            sizes = ", ".join(f"{samples[-1]:.0f}" for samples in rss)
            print(f"    {now - started:5.0f} s: {stored} articles, RSS MB {sizes}", flush=True)
            next_report += 60
        if (soak and now - started >= soak) or (not soak and stored >= pages):
            return rss, transactions(database) - before


def run_daemons(
    count: int, bases: Sequence[str], pages: int, scratch: Path, every: str, soak: float = 0
) -> Run:
    """Start `count` daemons on a fresh database; stop when every page is stored (or after
    `soak` seconds if given); sample their RSS every second."""
    with scratch_database(ADMIN_URL, "wirewash_bench") as database:
        processes, logs = [], []
        try:
            for number in range(count):
                port = free_port()
                config = write_config(scratch / f"d{number}.toml", database, port, bases, every)
                logs.append((scratch / f"d{count}-{number}.log").open("w"))
                command = [sys.executable, "-m", "crawler.cli", "run", "--config", str(config)]
                processes.append(
                    subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=logs[-1])
                )
            rss, spent = _watch(processes, database, pages, soak)
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                process.wait(60)
            for log in logs:
                log.close()
        fetches, seconds = row(
            database,
            "SELECT count(*), extract(epoch FROM max(requested_at) - min(requested_at)) "
            "FROM fetches",
        )
        stored = scalar(database, "SELECT count(*) FROM articles")
        return Run(count, stored, fetches, float(seconds or 0), spent, rss)


def statements_per_article(bases: Sequence[str], pages: int, scratch: Path) -> tuple[float, float]:
    """One daemon in this process, every cursor execution counted: (statements, commits)."""
    from crawler.daemon import Daemon
    from crawler.settings import load_settings
    from crawler.store.db import close_stores

    counted = {"statements": 0, "commits": 0}

    def on_execute(*_args: object) -> None:
        counted["statements"] += 1

    def on_commit(*_args: object) -> None:
        counted["commits"] += 1

    with scratch_database(ADMIN_URL, "wirewash_bench") as database:
        config = write_config(scratch / "inproc.toml", database, free_port(), bases, "1h")
        daemon = Daemon(lambda: load_settings(config, {}))
        sa.event.listen(sa.Engine, "before_cursor_execute", on_execute)
        sa.event.listen(sa.Engine, "commit", on_commit)
        thread = threading.Thread(target=daemon.run, daemon=True)
        try:
            thread.start()
            while _stored(database) < pages:
                time.sleep(0.5)
            daemon.request_stop()
            thread.join(60)
        finally:
            sa.event.remove(sa.Engine, "before_cursor_execute", on_execute)
            sa.event.remove(sa.Engine, "commit", on_commit)
            close_stores()
        stored = scalar(database, "SELECT count(*) FROM articles")
    return counted["statements"] / stored, counted["commits"] / stored


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--daemons", default="1,2,4", help="comma-separated daemon counts")
    parser.add_argument("--soak", type=float, default=0, help="seconds of a long run (RSS)")
    parser.add_argument("--soak-daemons", type=int, default=2)
    args = parser.parse_args(argv)
    from crawler.daemon.logs import configure_logging

    configure_logging(level=40)  # the in-process daemon: errors only
    with tempfile.TemporaryDirectory(prefix="wirewash-bench-") as scratch_name:
        scratch = Path(scratch_name)
        print(f"{args.pages} pages over {args.hosts} hosts, pacing off, {os.cpu_count()} cores")
        with served(write_sites(scratch / "sites", args.hosts, args.pages)) as bases:
            for count in (int(n) for n in args.daemons.split(",")):
                run = run_daemons(count, bases, args.pages, scratch, every="1h")
                peaks = ", ".join(f"{max(samples):.0f}" for samples in run.rss)
                print(
                    f"{count} daemon(s): {run.articles} articles, {run.fetches} fetches in "
                    f"{run.seconds:.1f} s = {run.pages_per_second:.1f} pages/s; "
                    f"{run.transactions / run.articles:.1f} transactions/article; "
                    f"peak RSS MB {peaks}",
                    flush=True,
                )
            sample = min(args.pages, 500)
            statements, commits = statements_per_article(bases, sample, scratch)
            print(
                f"in-process daemon, first {sample} articles: {statements:.1f} statements and "
                f"{commits:.1f} commits per stored article",
                flush=True,
            )
        if args.soak:
            soak_pages = max(args.pages, int(args.soak * 40))
            print(f"soak: {args.soak_daemons} daemons, {args.soak:.0f} s, {soak_pages} pages")
            folders = write_sites(scratch / "soak", args.hosts, soak_pages, seed=11)
            with served(folders) as bases:
                run = run_daemons(
                    args.soak_daemons, bases, soak_pages, scratch, every="1m", soak=args.soak
                )
            for number, samples in enumerate(run.rss):
                minute = samples[59::60] or samples[-1:]
                print(
                    f"  daemon {number}: RSS MB at 1 min {samples[min(59, len(samples) - 1)]:.0f}"
                    f", max {max(samples):.0f}, end {samples[-1]:.0f}; per minute "
                    + " ".join(f"{value:.0f}" for value in minute)
                )
            print(
                f"  {run.articles} articles, {run.pages_per_second:.1f} pages/s; "
                f"{run.transactions / max(run.articles, 1):.1f} transactions/article"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
