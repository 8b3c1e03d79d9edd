"""The status page on a large store: milliseconds per page with 10,000 and with 1,000,000 articles.

The store is filled directly with rows (sources, frontier, articles, stories; a tenth of the
stories have copies, one article in a hundred is spun), in id order, as crawls would leave
them. Each page is then requested through the daemon's own HTTP server, `--repeat` times,
and the median is printed beside the same figure for `/metrics` (whose store gauges count
every article: the peer that grows with the store) in the same run.

  .venv/bin/python bench/status_page_bench.py                            # 10k, then 1M, SQLite
  .venv/bin/python bench/status_page_bench.py --articles 10000 100000 --postgres
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawler.daemon.endpoints import EndpointServer  # noqa: E402
from crawler.daemon.metrics import DaemonMetrics  # noqa: E402
from crawler.daemon.status import StatusPages  # noqa: E402
from crawler.settings import Settings, SourceSettings  # noqa: E402
from crawler.store.db import close_stores, open_store  # noqa: E402
from crawler.store.models import Article, FrontierUrl, Source, SourceOutcome, Story  # noqa: E402
from crawler.store.scratch import scratch_database  # noqa: E402

ADMIN_URL = os.environ.get(
    "WIREWASH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SOURCES = 10
CHUNK = 10_000
WORDS = ["port", "strike", "freight", "union", "council", "harbour", "grain", "ferry", "rail"]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def fill(url: str, articles: int) -> dict[str, Any]:
    """`articles` articles over SOURCES sources; returns ids to page from (a middle one)."""
    factory = open_store(url)
    rng = random.Random(5)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with factory.begin() as session:
        session.execute(
            sa.insert(Source),
            [
                {"id": n + 1, "name": f"source{n}", "url": f"https://s{n}.example/"}
                for n in range(SOURCES)
            ],
        )
        hour = int(time.time() // 3600)
        session.execute(
            sa.insert(SourceOutcome),
            [
                {"source_id": n + 1, "hour": hour - h, "outcome": o, "reason": r, "pages": 40}
                for n in range(SOURCES)
                for h in range(24)
                for o, r in (("fetched", ""), ("stored", ""), ("skipped", "not_article"))
            ],
        )
    story_id = 0
    for first in range(1, articles + 1, CHUNK):
        ids = range(first, min(first + CHUNK, articles + 1))
        stories, frontier, rows, canonical = [], [], [], []
        for article_id in ids:
            # Every tenth story has three copies; the others are one article each. A story's
            # first article is its canonical one.
            if article_id % 30 not in (2, 3):
                story_id += 1
                count = 3 if article_id % 30 == 1 else 1
                stories.append(
                    {"id": story_id, "canonical_article_id": None, "article_count": count}
                )
                canonical.append({"story_key": story_id, "article_key": article_id})
            source = article_id % SOURCES
            key = uuid.uuid5(uuid.NAMESPACE_URL, str(article_id)).hex
            when = start + timedelta(seconds=article_id * 3)
            page_url = f"https://s{source}.example/news/{article_id}.html"
            frontier.append(
                {
                    "id": article_id, "url": page_url, "url_key": key, "host": f"s{source}.example",
                    "source_id": source + 1, "kind": "article", "state": "done", "fetched_at": when,
                }
            )  # fmt: skip
            spun = article_id % 100 == 7
            text = _text(rng, 90)
            rows.append(
                {
                    "id": article_id, "url": page_url, "url_key": key, "frontier_id": article_id,
                    "source": f"source{source}", "host": f"s{source}.example",
                    "title": _text(rng, 8), "authors": ["Staff"], "published": when,
                    "fetched_at": when, "updated_at": when, "text": text, "text_hash": key,
                    "images": [], "removed": [{"text": "Share this", "moved_to": None}],
                    "is_spun": spun, "spun_score": 0.9 if spun else 0.0,
                    "restored_text": text if spun else None, "spun_substitutions": [],
                    "story_id": story_id,
                    "match_kind": "rewrite" if article_id % 30 in (2, 3) else "first",
                }
            )  # fmt: skip
        with factory.begin() as session:
            if stories:
                session.execute(sa.insert(Story), stories)
            session.execute(sa.insert(FrontierUrl), frontier)
            session.execute(sa.insert(Article), rows)
            session.connection().execute(
                sa.update(Story.__table__)
                .where(Story.__table__.c.id == sa.bindparam("story_key"))
                .values(canonical_article_id=sa.bindparam("article_key")),
                canonical,
            )
    with factory.begin() as session:
        session.execute(sa.text("ANALYZE"))  # planner statistics, as a running store has
    return {"middle": articles // 2, "middle_story": story_id // 2}


def _get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as reply:
        reply.read()
        assert reply.status == 200, url
    return (time.perf_counter() - started) * 1000


def time_pages(url: str, marks: dict[str, Any], repeat: int) -> dict[str, float]:
    factory = open_store(url)
    sources = tuple(
        SourceSettings(f"source{n}", f"https://s{n}.example/", every="1h") for n in range(SOURCES)
    )
    settings = Settings(sources=sources)
    metrics = DaemonMetrics()
    metrics.store.factory = factory
    metrics.store.sources = frozenset(s.name for s in sources)
    pages = StatusPages(lambda: factory, lambda: settings)
    server = EndpointServer("127.0.0.1", 0, metrics, lambda: None, pages)
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    middle, middle_story = marks["middle"], marks["middle_story"]
    pages_by_label = {
        "/": "/",
        "/api/sources": "/api/sources",
        "/sources/source3": "/sources/source3",
        "/sources/source3?before=<middle>": f"/sources/source3?before={middle}",
        "/stories": "/stories",
        "/stories?before=<middle>": f"/stories?before={middle_story}",
        "/api/stories?limit=100": "/api/stories?limit=100",
        "/spun": "/spun",
        "/spun?before=<middle>": f"/spun?before={middle}",
        "/metrics (peer)": "/metrics",
    }
    try:
        figures = {}
        for label, path in pages_by_label.items():
            _get(base + path)  # warm the cache, as a page a person reloads
            figures[label] = statistics.median(_get(base + path) for _ in range(repeat))
        return figures
    finally:
        server.close()


@contextmanager
def store(postgres: bool, folder: Path, articles: int) -> Iterator[str]:
    if not postgres:
        yield f"sqlite:///{folder / f'status-{articles}.db'}"
        close_stores()
        return
    with scratch_database(ADMIN_URL, "wirewash_status_bench") as url:
        yield url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5, help="requests per page (median)")
    parser.add_argument("--postgres", action="store_true", help="the local PostgreSQL, not SQLite")
    parser.add_argument("--dir", type=Path, help="folder for the SQLite files (default: temporary)")
    args = parser.parse_args()
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        for count in args.articles:
            with store(args.postgres, Path(folder), count) as url:
                started = time.perf_counter()
                marks = fill(url, count)
                print(
                    f"filled {count:,} articles in {time.perf_counter() - started:.0f} s",
                    flush=True,
                )
                results[count] = time_pages(url, marks, args.repeat)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    counts = list(results)
    print(f"\nmedian ms per page ({backend}, {args.repeat} requests each, after one warm-up)")
    print(f"{'page':<34}" + "".join(f"{c:>12,}" for c in counts) + "   ratio last/first")
    for path in results[counts[0]]:
        cells = "".join(f"{results[c][path]:>12.1f}" for c in counts)
        ratio = results[counts[-1]][path] / results[counts[0]][path]
        print(f"{path:<34}{cells}   {ratio:>6.1f}x")


if __name__ == "__main__":
    main()
