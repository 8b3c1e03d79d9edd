"""Claim latency on a frontier of 1,000,000 URLs over 10,000 hosts, SQLite and PostgreSQL.

    .venv/bin/python bench/frontier_bench.py [--urls 1000000] [--hosts 10000]
        [--claims 3000] [--delay 2.0] [--postgres postgresql+psycopg://postgres@127.0.0.1/test]
        [--only sqlite|postgres] [--batch 1 --batch 8]

Fills a fresh store with `urls` article URLs, each host's URLs added together (as a
sitemap adds them: the order in which a claim must step over a held host's backlog), then
claims `claims` URLs one after another as a worker does: claim (one transaction), then the
outcome with the host held `delay` seconds, so hundreds of hosts are held at any time.
With `--batch N` (N > 1) each claim is `claim_host_batch`: up to N URLs of one host in one
transaction, as `wirewash crawl` claims; latency is then given per claim transaction and
per URL claimed (`per_url_*`).
Prints the fill time, claim latency p50/p99/max (the claim's whole transaction), the same
for the first and the last thousand claims (flat or not), and the process's peak RSS.
The PostgreSQL run uses a database of its own, created and dropped. No timing asserts.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from datetime import timedelta

import sqlalchemy as sa

from crawler.discovery.urls import url_key
from crawler.engine.frontier import claim_host_batch, claim_next, finish, release_host
from crawler.store.db import close_stores, open_store
from crawler.store.models import FrontierUrl, Host, utcnow
from crawler.store.scratch import scratch_database

LEASE = timedelta(seconds=120)


def fill(url: str, urls: int, hosts: int) -> float:
    """Insert `urls` pending article URLs, host by host; seconds taken."""
    factory = open_store(url)
    per_host = urls // hosts
    started = time.monotonic()
    now = utcnow()
    with factory.begin() as session:
        host_rows = [{"host": f"news-{h}.example", "next_request_at": now} for h in range(hosts)]
        session.execute(sa.insert(Host), host_rows)
    batch: list[dict[str, object]] = []
    for h in range(hosts):
        host = f"news-{h}.example"
        for n in range(per_host):
            page = f"https://{host}/2026/12/story-{n}.html"
            batch.append(
                {
                    "url": page,
                    "url_key": url_key(page),
                    "host": host,
                    "kind": "article",
                    "depth": 1,
                    "state": "pending",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "discovered_at": now,
                }
            )
        if len(batch) >= 50_000 or h == hosts - 1:
            with factory.begin() as session:
                session.execute(sa.insert(FrontierUrl), batch)
            batch = []
    with factory().connection() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("ANALYZE")
        else:
            connection.exec_driver_sql("ANALYZE frontier")
            connection.exec_driver_sql("ANALYZE hosts")
        connection.commit()
    return time.monotonic() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def figures(latencies: list[float]) -> dict[str, float]:
    ms = [x * 1000 for x in latencies]
    return {
        "p50_ms": round(statistics.median(ms), 2),
        "p99_ms": round(percentile(ms, 0.99), 2),
        "max_ms": round(max(ms), 2),
    }


def claim_all(url: str, claims: int, delay: float, batch: int = 1) -> dict[str, object]:
    factory = open_store(url)
    latencies: list[float] = []
    misses = urls = 0
    for _ in range(claims):
        started = time.perf_counter()
        with factory.begin() as session:
            if batch > 1:
                claimed = claim_host_batch(session, "bench:1:x:0", LEASE, batch)
            else:
                one = claim_next(session, "bench:1:x:0", LEASE)
                claimed = [one] if one is not None else []
        latencies.append(time.perf_counter() - started)
        if not claimed:
            misses += 1
            continue
        urls += len(claimed)
        with factory.begin() as session:
            for claim in claimed:
                finish(session, claim, "done", fetched_at=utcnow())
            release_host(session, claimed[0].host, delay)
    first, last = latencies[:1000], latencies[-1000:]
    result: dict[str, object] = {
        "batch": batch,
        "claims": claims,
        "urls_claimed": urls,
        "misses": misses,
        **figures(latencies),
        "first_1000": figures(first),
        "last_1000": figures(last),
    }
    if batch > 1:
        per_url = figures([x * claims / max(urls, 1) for x in latencies])
        result.update({f"per_url_{key}": value for key, value in per_url.items()})
    return result


def run(label: str, url: str, args: argparse.Namespace) -> None:
    seconds = fill(url, args.urls, args.hosts)
    for batch in args.batch or [1]:
        result = {
            "fill_seconds": round(seconds, 1),
            **claim_all(url, args.claims, args.delay, batch),
        }
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        print(f"{label:<10} {json.dumps(result)}", flush=True)
    close_stores()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=1_000_000)
    parser.add_argument("--hosts", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=3000)
    parser.add_argument("--delay", type=float, default=2.0)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--only", choices=("sqlite", "postgres"), action="append")
    parser.add_argument(
        "--batch", type=int, action="append", help="URLs of one host per claim (repeatable)"
    )
    args = parser.parse_args()
    backends = args.only or ["sqlite", "postgres"]
    if "sqlite" in backends:
        import tempfile

        with tempfile.TemporaryDirectory() as scratch:
            run("sqlite", f"sqlite:///{scratch}/frontier.db", args)
    if "postgres" in backends:
        with scratch_database(args.postgres, "wirewash_frontier") as url:
            run("postgres", url, args)


if __name__ == "__main__":
    main()
