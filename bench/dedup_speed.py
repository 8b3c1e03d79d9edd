"""Dedup throughput: our signatures + LSH lookup + store inserts vs datasketch in memory.

    .venv/bin/python bench/dedup_speed.py [--articles N] [--peer N] [--words N] [--db FILE]
    .venv/bin/python bench/dedup_speed.py --import [--articles 4000] [--workers N]

`--import` times `wirewash import` end to end, as a user runs it (a new process, the
records read from a JSON lines file, cleaned, scored, fingerprinted, stored and grouped into
stories on a fresh SQLite file): `--articles` text articles (default 4,000) of the labelled
set `bench/dedup_eval.py` builds from the corpora in ../shared (originals and their copies of
every kind, follow-ups; several seeds), or synthetic ones where the corpora are absent.
datasketch's MinHash (character 5-grams, 128 permutations) + MinHashLSH (0.4) with an exact
Jaccard check runs on the same texts in memory, before and after ours.

Without `--import`:

Synthetic articles (Zipf-distributed words; as long as news articles, median 540 words as
in the dev corpus's bodies, or `--words` each; one in ten a rewrite of an earlier one) go
through `assign_stories` in transactions of `--batch` articles on a SQLite file: their
fingerprints, the indexed band lookup, the candidates' precise check, the band rows,
the stories and the commit (the article rows are stored untimed); and, on 5,000 of them,
through `save_article` too (the article row as well). The same documents go through
datasketch's MinHash (128 permutations, word 4-shingles) and MinHashLSH (query, then
insert) in memory. Lookup latency (`find_story` for a new rewrite of a stored article,
read-only) is sampled as the store passes 10k, 100k and 1M articles. At the end: the
database size, and the band index's (both its tables; pruned to the window: ten articles
a minute, so 14 days hold about 200k articles).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from statistics import median

import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cleaners import CleanArticle
from cleaners.dedup import text_hash
from crawler.discovery.urls import url_key
from crawler.store.articles import save_article
from crawler.store.db import open_store
from crawler.store.models import Article
from crawler.store.stories import assign_stories, find_story

Article3 = tuple[str, str, datetime]  # url, text, published
Articles = list[Article3]

VOCABULARY = 50_000
# Article lengths in words as in the dev corpus's 88 article bodies: log-normal, median 541
# words (its log mean 6.29), log standard deviation 0.83 (quartiles 355 and 875 words).
LENGTH_LOG_MEAN, LENGTH_LOG_SD = 6.29, 0.83
SENTENCE = 16  # words per synthetic sentence
CHECKPOINTS = (10_000, 100_000, 1_000_000)
START = datetime(2025, 1, 1, tzinfo=UTC)
# The peer's words: what a datasketch user would write (our words are the same runs).
_PEER_WORD = re.compile(r"[^\W_]+")


def _pseudo_word(n: int) -> str:
    """A distinct word per rank, as long as English content words (about six letters)."""
    letters = "etaoinshrdlucmfwypvbgkqjxz"
    word = ""
    rest = n + 26
    while rest:
        rest, r = divmod(rest, 26)
        word += letters[r]
    return word + ("er", "s", "ed", "ing", "ent", "al", "tion", "ly")[n % 8]


def synthetic_articles(
    count: int, seed: int = 7, words: int | None = None
) -> Iterator[tuple[str, str, datetime]]:
    """(url, text, published): English-like text (Zipf content words, function words between,
    capitalised sentence starts and some names and numbers); every tenth rewrites a recent one.
    Each new article is `words` long, or as long as a news article drawn at random.
    """
    rng = random.Random(seed)
    generator = np.random.default_rng(seed)
    vocabulary = [_pseudo_word(n) for n in range(VOCABULARY)]
    function = [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "that",
        "is",
        "for",
        "on",
        "with",
        "as",
        "by",
        "at",
        "from",
        "his",
        "it",
        "an",
        "was",
        "were",
        "which",
        "are",
        "be",
    ]
    # Content words: Zipf without its head (the head of English is function words).
    weights = 1.0 / (np.arange(VOCABULARY) + 100.0) ** 1.1
    cumulative = np.cumsum(weights / weights.sum())
    names = [w.capitalize() for w in vocabulary[1000:6000]] + [str(y) for y in range(1900, 2100)]
    recent: list[list[str]] = []
    for n in range(count):
        published = START + timedelta(minutes=n // 10)  # 14,400 articles a day
        if recent and n % 10 == 9:
            base = rng.choice(recent)
            sentences = [s for s in base if rng.random() > 0.15] + [rng.choice(base)]
        else:
            length = words or generator.lognormal(LENGTH_LOG_MEAN, LENGTH_LOG_SD)
            size = SENTENCE * max(3, round(length / SENTENCE))
            # Inverse-CDF sampling (choice(p=...) rebuilds the CDF on every call).
            ranks = np.searchsorted(cumulative, generator.random(size)).clip(max=VOCABULARY - 1)
            glue = generator.integers(0, len(function), size=size)
            use_glue = generator.random(size) < 0.4
            tokens = [
                function[g] if f else vocabulary[r]
                for r, g, f in zip(ranks, glue, use_glue, strict=True)
            ]
            sentences = []
            for i in range(0, size, SENTENCE):
                sentence = tokens[i : i + SENTENCE]
                sentence[0] = sentence[0].capitalize()
                sentence[rng.randrange(1, SENTENCE)] = rng.choice(names)
                sentences.append(" ".join(sentence) + ".")
            recent = [*recent[-99:], sentences]
        yield f"https://synthetic.example/{n}", " ".join(sentences), published


def insert_untimed(factory: sessionmaker[Session], articles: Articles) -> None:
    """The article rows themselves, as the crawler would have stored them (not timed)."""
    with factory.begin() as session:
        session.execute(
            insert(Article),
            [
                {
                    "url": url,
                    "url_key": url_key(url),
                    "text": text,
                    "text_hash": text_hash(text),
                    "published": published,
                    "fetched_at": published,
                    "updated_at": published,
                    "authors": [],
                    "images": [],
                    "removed": [],
                    "spun_substitutions": [],
                    "is_spun": False,
                }
                for url, text, published in articles
            ],
        )


def run_dedup(
    factory: sessionmaker[Session], articles: Iterator[Article3], batch: int, total: int
) -> float:
    """Articles per second through assign_stories (fingerprint, lookup, bands, stories) and
    its commit; the article rows are stored and read back untimed, as the crawler and the
    importer hold them already when they assign stories."""
    elapsed = 0.0
    stored = 0
    recent: deque[Article3] = deque(maxlen=2000)
    marks = [m for m in CHECKPOINTS if m < total] + [total]
    while chunk := list(islice(articles, batch)):
        insert_untimed(factory, chunk)
        with factory() as session:
            rows = session.scalars(
                select(Article)
                .where(Article.url_key.in_([url_key(url) for url, _, _ in chunk]))
                .order_by(Article.id)
            ).all()
            begin = time.perf_counter()
            assign_stories(session, rows)
            session.commit()
            elapsed += time.perf_counter() - begin
        stored += len(chunk)
        recent.extend(chunk)
        if marks and stored >= marks[0]:
            marks.pop(0)
            print(
                f"  {stored:>9,} stored, {stored / elapsed:,.0f} articles/s so far; "
                f"story lookup {lookup_latency(factory, list(recent), stored):.2f} ms (median)",
                flush=True,
            )
    return stored / elapsed


def run_save(factory: sessionmaker[Session], articles: Articles, batch: int) -> float:
    """Articles per second through save_article (row, then one assignment per batch)."""
    begin = time.perf_counter()
    for first in range(0, len(articles), batch):
        with factory.begin() as session:
            rows = [
                save_article(
                    session, url, CleanArticle(text=text, published=published), assign=False
                )[0]
                for url, text, published in articles[first : first + batch]
            ]
            assign_stories(session, rows)
    return len(articles) / (time.perf_counter() - begin)


def lookup_latency(factory: sessionmaker[Session], recent: Articles, stored: int) -> float:
    """Median ms to find the story of a new rewrite of a recently stored article (read-only)."""
    rng = random.Random(stored)
    timings = []
    with factory() as session:
        for _, text, published in recent[::100]:
            sentences = text.split(". ")
            rewrite = ". ".join(s for s in sentences if rng.random() > 0.2)
            begin = time.perf_counter()
            found = find_story(session, rewrite, published + timedelta(hours=1))
            timings.append((time.perf_counter() - begin) * 1000)
            assert found is not None, "a rewrite of a stored article was not found"
    return median(timings)


def run_datasketch(articles: Articles, per_shingle: bool) -> float:
    """Documents per second through datasketch MinHash + MinHashLSH, in memory."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    start = time.perf_counter()
    for key, text, _ in articles:
        tokens = _PEER_WORD.findall(text.casefold())
        shingles = {" ".join(tokens[i : i + 4]).encode() for i in range(len(tokens) - 3)}
        signature = MinHash(num_perm=128)
        if per_shingle:
            for shingle in shingles:
                signature.update(shingle)
        else:
            signature.update_batch(list(shingles))
        lsh.query(signature)
        lsh.insert(key, signature)
    return len(articles) / (time.perf_counter() - start)


def print_band_index(path: Path) -> None:
    """Rows and bytes of the band index (both its tables and the day index) after pruning."""
    with sqlite3.connect(path) as connection:
        [rows] = connection.execute(
            "SELECT (SELECT count(*) FROM lsh_bands) + (SELECT count(*) FROM lsh_recent_bands)"
        ).fetchone()
        [size] = connection.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE '%lsh_%bands%'"
        ).fetchone()
    print(f"band index: {rows:,} rows in the window, {size / 1e6:,.1f} MB with its day index")


def measure_peer(docs: Articles, when: str) -> tuple[float, float]:
    """datasketch's docs/s per shingle and with update_batch, printed."""
    peer = run_datasketch(docs, per_shingle=True)
    peer_batch = run_datasketch(docs, per_shingle=False)
    print(
        f"datasketch MinHash(128)+MinHashLSH in memory, {len(docs):,} docs, {when}: "
        f"{peer:,.0f} docs/s with update() per shingle, {peer_batch:,.0f} with update_batch()",
        flush=True,
    )
    return peer, peer_batch


def import_records(count: int) -> list[dict[str, str]]:
    """`count` JSON lines records: the dedup evaluation's set (seed after seed), or synthetic
    articles where the corpora are absent."""
    from bench import dedup_eval

    if not all(path.is_file() for path in dedup_eval.CORPORA):
        print(f"corpora not in {dedup_eval.SHARED}: synthetic articles instead")
        return [
            {"url": url, "text": text, "published": published.isoformat()}
            for url, text, published in synthetic_articles(count)
        ]
    records: list[dict[str, str]] = []
    seed = 0
    while len(records) < count:
        seed += 1
        for item in dedup_eval.build_items("all", seed)[: count - len(records)]:
            url = item.url.replace("://", f"://s{seed}.")
            when = item.published.isoformat()
            records.append({"url": url, "text": item.text, "title": item.title, "published": when})
    return records


def peer_import(records: list[dict[str, str]]) -> float:
    """datasketch's documents/s on the records, as the dedup evaluation runs it."""
    from bench import dedup_eval

    items = [dedup_eval.Item(r["url"], "", "", r["text"], "", START) for r in records]
    _, elapsed = dedup_eval.run_datasketch(items)
    return len(items) / elapsed


def run_import_bench(count: int, workers: int | None) -> None:
    """`wirewash import` of `count` text articles, end to end, beside datasketch."""
    records = import_records(count)
    with tempfile.TemporaryDirectory() as folder:
        lines = Path(folder) / "articles.jsonl"
        lines.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        before = peer_import(records)
        command = [sys.executable, "-m", "crawler.cli", "import", str(lines), "--json"]
        command += ["--db", f"sqlite:///{folder}/import.db"]
        command += [] if workers is None else ["--workers", str(workers)]
        begin = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - begin
        after = peer_import(records)
    if done.returncode != 0:
        raise SystemExit(f"wirewash import failed: {done.stderr.strip()}")
    summary = json.loads(done.stdout)
    ours, peer = len(records) / elapsed, (before + after) / 2
    print(
        f"{len(records):,} text articles; wirewash import stored {summary['stored']:,}, "
        f"{summary['joined_story']:,} joined a story"
    )
    print(
        f"datasketch char 5-gram MinHash(128) + MinHashLSH(0.4) + Jaccard check, in memory: "
        f"{before:,.0f} docs/s before, {after:,.0f} after"
    )
    print(
        f"wirewash import end to end (new process, cleaning, spun scoring, store, stories; "
        f"workers: {'one per core' if workers is None else workers}): {ours:,.0f} articles/s "
        f"({ours / peer:.2f}x datasketch)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--import",
        dest="import_mode",
        action="store_true",
        help="time wirewash import end to end (default 4,000 articles)",
    )
    parser.add_argument("--workers", type=int, help="wirewash import --workers (with --import)")
    parser.add_argument("--articles", type=int, help="default 20,000; 4,000 with --import")
    parser.add_argument("--peer", type=int, default=5_000, help="documents for datasketch")
    parser.add_argument("--batch", type=int, default=500, help="articles per transaction")
    parser.add_argument(
        "--words", type=int, help="words per article (default: drawn like news article lengths)"
    )
    parser.add_argument("--db", type=Path, help="SQLite file (default: a temporary one)")
    args = parser.parse_args()
    if args.import_mode:
        run_import_bench(args.articles or 4_000, args.workers)
        return 0
    args.articles = args.articles or 20_000
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "speed.db"
        peer_docs = list(synthetic_articles(min(args.peer, args.articles), words=args.words))
        mean_words = sum(len(_PEER_WORD.findall(text)) for _, text, _ in peer_docs) / len(peer_docs)
        print(f"articles of {mean_words:,.0f} words on average", flush=True)
        # The machine's speed drifts within a run: the peer runs before and after ours, and
        # the ratios are to the mean of the two.
        before = measure_peer(peer_docs, "before")
        save = run_save(open_store(f"sqlite:///{Path(folder) / 'save.db'}"), peer_docs, args.batch)
        print("wirewash assign_stories on SQLite, as the store grows:", flush=True)
        articles = synthetic_articles(args.articles, words=args.words)
        ours = run_dedup(open_store(f"sqlite:///{path}"), articles, args.batch, args.articles)
        after = measure_peer(peer_docs, "after")
        peer, peer_batch = ((a + b) / 2 for a, b in zip(before, after, strict=True))
        print(
            f"wirewash save_article + assign_stories, {len(peer_docs):,} articles: "
            f"{save:,.0f} articles/s ({save / peer:.1f}x / {save / peer_batch:.1f}x datasketch)"
        )
        print(
            f"wirewash assign_stories (fingerprints, indexed lookup, band and story rows, "
            f"SQLite), {args.articles:,} articles: {ours:,.0f} articles/s "
            f"({ours / peer:.1f}x / {ours / peer_batch:.1f}x datasketch per shingle / batch)"
        )
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        print(
            f"database size: {size / 1e6:,.1f} MB ({size / args.articles:,.0f} bytes/article,"
            f" article text included)"
        )
        print_band_index(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
