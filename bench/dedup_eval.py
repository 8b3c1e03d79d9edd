"""Pairwise precision and recall of story grouping on a labelled set of copies, beside datasketch.

    .venv/bin/python bench/dedup_eval.py [--half tune|report|all] [--seed N] [--db URL]

The set is built from the real article bodies of the news-dev and extraction-dev corpora
(../shared), split in two halves by publisher: tune on one, report the other. A sixth of a
half's bodies are follow-ups; every other body is a story: its original, and one copy of
each kind an outlet makes:

- syndicated: a wire republication with a dateline, a byline, one edited sentence, a
  "Reporting by" line and a block of related links;
- heavy_edit: a third of the sentences dropped, paragraphs reordered, a new lead;
- ocr: a few per cent of the letters misread, spaces lost, words hyphenated across lines;
- excerpt: the first 30-60% of the report;
- spun: content words swapped for synonyms (English bodies only).

A follow-up is a different story that repeats one background paragraph of an earlier one:
it must stay apart from that story. One story in seven is first seen through a copy.

The set goes through `wirewash import`'s own path (`crawler.imports.import_files` on a JSON
lines file: cleaning, spun scoring, the store, story assignment in batches) into a fresh
SQLite file, or `--db`. The same texts, in the same order, go through datasketch's
MinHash (character 5-grams, 128 permutations) and MinHashLSH (threshold 0.4), each
candidate confirmed by its exact Jaccard >= 0.4, joining its best candidate's story.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from bench import dedup_copies as copies
from crawler.imports import import_files
from crawler.settings import DedupSettings
from crawler.store.db import open_store
from crawler.store.models import Article

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = [
    SHARED / "corpora" / name / "ground-truth.json" for name in ("news-dev", "extraction-dev")
]
KINDS = ("syndicated", "heavy_edit", "ocr", "excerpt", "spun")
MIN_WORDS, MIN_CHARACTERS = 80, 400  # shorter bodies are teasers, not reports
FOLLOW_UP_SHARE = 1 / 6
# Pages of one event told by two outlets from one press release (a man pleading guilty to
# threatening Rep. Omar; NASA's Europa plumes): whether they are one story is a judgement
# call, so pairs across these bodies are left out of the score.
AMBIGUOUS_URL_WORDS = (("omar",), ("europa",))
PEER_THRESHOLD = 0.4


@dataclass(frozen=True)
class Body:
    key: str
    publisher: str
    title: str
    text: str
    english: bool


@dataclass
class Item:
    url: str
    group: str
    kind: str  # original, a copy kind, or follow_up
    text: str
    title: str
    published: datetime
    ambiguous: str | None = None


def _bodies() -> list[Body]:
    """Every corpus body long enough to be a report, each once (by its text)."""
    found: dict[str, Body] = {}
    for path in CORPORA:
        for page_id, page in sorted(json.loads(path.read_text(encoding="utf-8")).items()):
            text = page["articleBody"].strip()
            if len(text.split()) < MIN_WORDS and len(text) < MIN_CHARACTERS:
                continue
            publisher = page.get("publisher") or urlsplit(page["url"]).hostname or page_id
            title = page.get("title") or page["url"].rstrip("/").rsplit("/", 1)[-1][:80]
            english = page.get("language") in (None, "en")
            found.setdefault(text, Body(page_id[:16], publisher, title, text, english))
    return list(found.values())


def half_of(body: Body) -> str:
    """Which half a body's publisher falls in: the same publisher always in the same one."""
    digest = hashlib.sha256(body.publisher.encode()).digest()[0]
    return "tune" if digest % 2 == 0 else "report"


def _ambiguous(body: Body, url: str) -> str | None:
    for words in AMBIGUOUS_URL_WORDS:
        if all(w in url.lower() or w in body.title.lower() for w in words):
            return words[0]
    return None


def make_copy(kind: str, text: str, rng: random.Random, related: list[str]) -> str:
    """One copy of `text` of this kind (`related`: headlines for a syndicated copy's links)."""
    if kind == "syndicated":
        return copies.syndicate(text, rng, related)
    if kind == "heavy_edit":
        return copies.heavy_edit(text, rng)
    if kind == "ocr":
        return copies.ocr_noise(text, rng)
    if kind == "excerpt":
        return copies.excerpt(text, rng)
    return copies.spin(text, rng, rng.uniform(0.3, 0.6))


def build_items(half: str, seed: int) -> list[Item]:
    """The labelled set of one half (or both), the same for the same seed."""
    rng = random.Random(seed)
    bodies = [b for b in _bodies() if half == "all" or half_of(b) == half]
    rng.shuffle(bodies)
    long_enough = [b for b in bodies if len(b.text.split()) >= 250]
    follow_ups = long_enough[: round(len(bodies) * FOLLOW_UP_SHARE)]
    stories = [b for b in bodies if b not in follow_ups]
    start = datetime(2025, 10, 1, tzinfo=UTC)
    items: list[Item] = []
    originals: dict[str, Item] = {}
    for n, body in enumerate(stories):
        base_time = start + timedelta(hours=rng.uniform(0, 24 * 10))
        first_seen_later = rng.random() < 1 / 7
        published = (
            base_time + timedelta(hours=rng.uniform(0.5, 72)) if first_seen_later else base_time
        )
        ambiguous = _ambiguous(body, body.title)
        original = Item(
            f"https://eval.example/{n}/original",
            body.key,
            "original",
            body.text,
            body.title,
            published,
            ambiguous,
        )
        items.append(original)
        originals[body.key] = original
        related = [b.title for b in rng.sample(stories, 3) if b is not body]
        for kind in KINDS:
            if kind == "spun" and not body.english:
                continue
            when = base_time + timedelta(hours=rng.uniform(0.5, 48))
            url = f"https://eval{KINDS.index(kind)}.example/{n}/{kind}"
            items.append(
                Item(
                    url,
                    body.key,
                    kind,
                    make_copy(kind, body.text, rng, related),
                    body.title,
                    when,
                    ambiguous,
                )
            )
    sources = [b for b in stories if len(b.text.split()) >= 250]
    for n, body in enumerate(follow_ups):
        earlier = originals[rng.choice(sources).key]
        paragraph = copies.background(earlier.text, rng, words=rng.randint(50, 90))
        when = earlier.published + timedelta(hours=rng.uniform(12, 24 * 5))
        text = copies.follow_up(body.text, paragraph, rng)
        items.append(
            Item(f"https://followup.example/{n}", body.key, "follow_up", text, body.title, when)
        )
    return sorted(items, key=lambda item: item.published)


def run_import(items: list[Item], url: str, folder: Path) -> tuple[dict[str, int], float]:
    """Import every item through `wirewash import`'s path; the story each one landed in."""
    lines = folder / "eval.jsonl"
    with lines.open("w", encoding="utf-8") as out:
        for item in items:
            record = {
                "url": item.url,
                "text": item.text,
                "title": item.title,
                "published": item.published.isoformat(),
            }
            out.write(json.dumps(record) + "\n")
    factory = open_store(url)
    began = time.perf_counter()
    import_files(factory, [lines], DedupSettings())
    elapsed = time.perf_counter() - began
    with factory() as session:
        rows = session.execute(select(Article.url, Article.story_id, Article.match_kind)).all()
    kinds = Counter(row.match_kind for row in rows)
    print("  match kinds in the store:", dict(sorted(kinds.items(), key=str)))
    return {row.url: row.story_id for row in rows}, elapsed


def _char_grams(text: str) -> set[bytes]:
    folded = " ".join(text.casefold().split()).encode("utf-8")
    return {folded[i : i + 5] for i in range(max(1, len(folded) - 4))}


def run_datasketch(items: list[Item]) -> tuple[dict[str, int], float]:
    """The peer: MinHash + MinHashLSH in memory, candidates checked by their exact Jaccard."""
    from datasketch import MinHash, MinHashLSH

    began = time.perf_counter()
    lsh = MinHashLSH(threshold=PEER_THRESHOLD, num_perm=128)
    grams: dict[str, set[bytes]] = {}
    stories: dict[str, int] = {}
    for item in items:
        mine = grams[item.url] = _char_grams(item.text)
        signature = MinHash(num_perm=128)
        signature.update_batch(list(mine))
        best, best_jaccard = None, PEER_THRESHOLD
        for candidate in lsh.query(signature):
            theirs = grams[candidate]
            jaccard = len(mine & theirs) / len(mine | theirs)
            if jaccard >= best_jaccard:
                best, best_jaccard = candidate, jaccard
        stories[item.url] = stories[best] if best is not None else len(stories)
        lsh.insert(item.url, signature)
    return stories, time.perf_counter() - began


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.4f} ({numerator}/{denominator})" if denominator else "n/a"


def score(items: list[Item], stories: dict[str, int]) -> dict[str, object]:
    """Pairwise counts overall and by kind, copies with their original, follow-ups merged."""
    tp = fp = fn = 0
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for a, b in combinations(items, 2):
        if a.ambiguous and b.ambiguous == a.ambiguous and a.group != b.group:
            continue
        same_truth, same_pred = a.group == b.group, stories[a.url] == stories[b.url]
        tp += same_truth and same_pred
        fp += same_pred and not same_truth
        fn += same_truth and not same_pred
        for kind in {a.kind, b.kind} - {"original"}:
            by_kind[kind]["pairs"] += same_truth
            by_kind[kind]["found"] += same_truth and same_pred
            by_kind[kind]["wrong"] += same_pred and not same_truth
    original = {i.group: stories[i.url] for i in items if i.kind == "original"}
    with_original: dict[str, tuple[int, int]] = {}
    for kind in KINDS:
        mine = [i for i in items if i.kind == kind]
        with_original[kind] = (sum(stories[i.url] == original[i.group] for i in mine), len(mine))
    return {"tp": tp, "fp": fp, "fn": fn, "by_kind": by_kind, "with_original": with_original}


def report(items: list[Item], results: dict[str, tuple[dict[str, object], float]]) -> None:
    names = list(results)
    groups = len({i.group for i in items})
    kinds = dict(Counter(i.kind for i in items))
    print(f"{len(items)} articles in {groups} true stories; kinds: {kinds}")
    print(f"{'':<34}" + "".join(f"{name:>24}" for name in names))

    def row(label: str, values: list[str]) -> None:
        print(f"{label:<34}" + "".join(f"{v:>24}" for v in values))

    s = {name: results[name][0] for name in names}
    row("pairwise precision", [_ratio(s[n]["tp"], s[n]["tp"] + s[n]["fp"]) for n in names])
    row("pairwise recall", [_ratio(s[n]["tp"], s[n]["tp"] + s[n]["fn"]) for n in names])
    for kind in KINDS:
        row(
            f"  {kind}: pair recall",
            [_ratio(s[n]["by_kind"][kind]["found"], s[n]["by_kind"][kind]["pairs"]) for n in names],
        )
        row(f"  {kind}: with its original", [_ratio(*s[n]["with_original"][kind]) for n in names])
    row(
        "follow_up: pairs wrongly merged",
        [str(s[n]["by_kind"]["follow_up"]["wrong"]) for n in names],
    )
    row("articles/s", [f"{len(items) / results[n][1]:.0f}" for n in names])
    ours = s[names[0]]
    precision = ours["tp"] / max(1, ours["tp"] + ours["fp"])
    recall = ours["tp"] / max(1, ours["tp"] + ours["fn"])
    kinds_ok = all(ours["by_kind"][k]["found"] >= 0.97 * ours["by_kind"][k]["pairs"] for k in KINDS)
    met = precision >= 0.998 and recall >= 0.99 and kinds_ok
    print(
        "goal (precision >= 0.998, recall >= 0.99, every kind >= 0.97):",
        "met" if met else "NOT met",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("tune", "report", "all"), default="report")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--db", metavar="URL", help="store to fill (default: a fresh SQLite)")
    parser.add_argument("--no-peer", action="store_true", help="skip datasketch")
    args = parser.parse_args()
    if not all(path.is_file() for path in CORPORA):
        print(f"skipped: the corpora are not in {SHARED} (a checkout beside ../shared)")
        return 0
    items = build_items(args.half, args.seed)
    print(f"half: {args.half} (publishers split by hash), seed {args.seed}")
    results: dict[str, tuple[dict[str, object], float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/eval.db"
        stories, elapsed = run_import(items, url, Path(folder))
        results["wirewash import"] = (score(items, stories), elapsed)
    if not args.no_peer:
        stories, elapsed = run_datasketch(items)
        results["datasketch"] = (score(items, stories), elapsed)
    report(items, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
