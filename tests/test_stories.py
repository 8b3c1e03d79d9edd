"""Stories in the real store, on SQLite and PostgreSQL: copies join, others stay apart."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, union_all
from test_dedup import spin

from bench import dedup_copies as copies
from cleaners import CleanArticle, SpunReport, clean_text
from crawler.imports import import_files
from crawler.settings import DedupSettings
from crawler.store import stories
from crawler.store.articles import iter_articles, save_article
from crawler.store.db import open_store
from crawler.store.models import Article, LshBand, RecentLshBand, Story
from crawler.store.stories import assign_stories, day_number, find_story

DAY = datetime(2025, 10, 24, 6, tzinfo=UTC)


def store(url: str, key: str, text: str, published: datetime, **extra: object) -> Article:
    factory = open_store(url)
    with factory.begin() as session:
        row, _ = save_article(
            session,
            f"https://news.example/{key}",
            CleanArticle(text=text, title=key, published=published, **extra),
        )
    return row


def band_rows(url: str) -> list[tuple[int, int, int]]:
    """(bucket, article id, day) of every band row, in the main index or the recent rows."""
    tables = [
        select(model.bucket, model.article_id, model.indexed_day)
        for model in (LshBand, RecentLshBand)
    ]
    with open_store(url)() as session:
        return sorted(tuple(row) for row in session.execute(union_all(*tables)))


def records(url: str) -> dict[str, dict]:
    with open_store(url)() as session:
        return {r["url"].rsplit("/", 1)[-1]: r for r in iter_articles(session)}


@pytest.fixture
def seeds(seeds_dir: Path) -> dict[str, str]:
    return {
        path.name[:3]: clean_text(path.read_text(encoding="utf-8")).text
        for path in sorted(seeds_dir.glob("*.txt"))
    }


def test_seeds_group_into_stories(store_url: str, seeds: dict[str, str]) -> None:
    for n, (key, text) in enumerate(sorted(seeds.items())):
        store(store_url, key, text, DAY + timedelta(hours=n))
    got = records(store_url)
    assert got["000"]["story_id"] == got["001"]["story_id"]
    stories = {got[key]["story_id"] for key in ("000", "002", "003", "004")}
    assert len(stories) == 4
    assert got["000"]["is_canonical"] and not got["001"]["is_canonical"]
    assert got["000"]["match_kind"] == "first" and got["000"]["match_similarity"] is None
    assert got["001"]["match_kind"] == "rewrite" and 0.25 < got["001"]["match_similarity"] < 1
    with open_store(store_url)() as session:
        counts = dict(session.execute(select(Story.id, Story.article_count)).all())
    assert counts[got["000"]["story_id"]] == 2


def test_copies_join_and_spun_copy_is_restored(store_url: str, seeds: dict[str, str]) -> None:
    original = seeds["000"]
    store(store_url, "original", original, DAY)
    store(store_url, "exact", original, DAY + timedelta(hours=1))
    store(store_url, "excerpt", original[: len(original) // 2], DAY + timedelta(hours=2))
    store(store_url, "spun", spin(original), DAY + timedelta(hours=3))
    got = records(store_url)
    assert {r["story_id"] for r in got.values()} == {got["original"]["story_id"]}
    assert [got[k]["match_kind"] for k in ("original", "exact", "excerpt")] == [
        "first",
        "exact",
        "excerpt",
    ]
    assert got["spun"]["match_kind"] in {"spun", "rewrite"}
    assert [k for k, r in got.items() if r["is_canonical"]] == ["original"]


def test_original_after_spun_copy_becomes_canonical(store_url: str, seeds: dict[str, str]) -> None:
    original = seeds["000"]
    flagged = SpunReport(score=0.9, is_spun=True, restored_text=None)
    store(store_url, "spun", spin(original), DAY, spun=flagged)
    assert records(store_url)["spun"]["is_canonical"]
    store(store_url, "original", original, DAY + timedelta(hours=5))
    got = records(store_url)
    assert got["original"]["story_id"] == got["spun"]["story_id"]
    assert got["original"]["is_canonical"] and not got["spun"]["is_canonical"]
    restored = got["spun"]["restored_text"]
    assert restored is not None and "memorial for North Korean soldiers" in restored


def test_changed_text_moves_the_article(store_url: str, seeds: dict[str, str]) -> None:
    store(store_url, "a", seeds["000"], DAY)
    store(store_url, "b", seeds["003"], DAY)
    store(store_url, "c", seeds["001"], DAY)
    assert records(store_url)["c"]["story_id"] == records(store_url)["a"]["story_id"]
    store(store_url, "c", seeds["003"] + "\n\nA closing line.", DAY)
    got = records(store_url)
    assert got["c"]["story_id"] == got["b"]["story_id"]
    with open_store(store_url)() as session:
        assert session.get(Story, got["a"]["story_id"]).article_count == 1


def test_index_is_bounded_by_the_window(
    store_url: str, seeds: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    window = DedupSettings().window_days
    store(store_url, "old", seeds["000"], DAY)
    later = DAY + timedelta(days=window + 3)
    store(store_url, "new", seeds["001"], later)
    got = records(store_url)
    assert got["new"]["story_id"] != got["old"]["story_id"]
    monkeypatch.setattr(stories, "MERGE_ROWS", 0)  # recent rows move (and are pruned) now
    store(store_url, "other", seeds["004"], later)
    bands = band_rows(store_url)
    assert not [row for row in bands if row[1] == got["old"]["id"]]
    assert min(day for _, _, day in bands) == day_number(later)


def test_recent_band_rows_move_into_the_index_and_still_find_copies(
    store_url: str, seeds: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stories, "MERGE_ROWS", 30)  # two articles' rows and the move is due
    for n, key in enumerate(("000", "003", "004")):
        store(store_url, key, seeds[key], DAY + timedelta(hours=n))
    before = band_rows(store_url)
    with open_store(store_url)() as session:
        assert session.scalar(select(func.count()).select_from(RecentLshBand)) < 30
        assert session.scalar(select(func.count()).select_from(LshBand)) >= 30
    store(store_url, "001", seeds["001"], DAY + timedelta(hours=4))  # a copy of a moved one
    got = records(store_url)
    assert got["001"]["story_id"] == got["000"]["story_id"]
    assert set(before) < set(band_rows(store_url))
    store(store_url, "003", seeds["003"] + "\n\nA closing line.", DAY + timedelta(hours=5))
    changed = [row for row in band_rows(store_url) if row[1] == got["003"]["id"]]
    assert {day for _, _, day in changed} == {day_number(DAY + timedelta(hours=5))}


def test_find_story_reads_without_storing(store_url: str, seeds: dict[str, str]) -> None:
    row = store(store_url, "original", seeds["000"], DAY)
    with open_store(store_url)() as session:
        story_id, match = find_story(session, seeds["001"], DAY + timedelta(hours=2))
        assert (story_id, match.kind) == (row.story_id, "rewrite")
        assert find_story(session, seeds["004"], DAY) is None
        assert session.scalar(select(func.count()).select_from(Article)) == 1


def test_a_former_canonical_is_measured_against_the_new_one(
    store_url: str, seeds: dict[str, str]
) -> None:
    original = seeds["000"]
    store(store_url, "excerpt", original[: len(original) // 2], DAY)
    assert records(store_url)["excerpt"]["match_kind"] == "first"
    store(store_url, "original", original, DAY + timedelta(hours=1))
    got = records(store_url)
    assert got["original"]["is_canonical"] and not got["excerpt"]["is_canonical"]
    assert got["excerpt"]["match_kind"] == "excerpt"
    assert 0.8 <= got["excerpt"]["match_similarity"] <= 1


def test_a_spun_first_arrival_is_marked_once_the_original_leads(
    store_url: str, seeds: dict[str, str]
) -> None:
    original = seeds["000"]
    flagged = SpunReport(score=0.9, is_spun=True, restored_text=None)
    factory = open_store(store_url)
    with factory.begin() as session:
        spun, _ = save_article(
            session,
            "https://news.example/spun",
            CleanArticle(text=spin(original), published=DAY, spun=flagged),
            assign=False,
        )
        first, _ = save_article(
            session,
            "https://news.example/original",
            CleanArticle(text=original, published=DAY + timedelta(hours=1)),
            assign=False,
        )
        assign_stories(session, [spun, first])
    got = records(store_url)
    assert got["original"]["is_canonical"]
    assert got["spun"]["match_kind"] in {"spun", "rewrite"}
    assert got["spun"]["match_similarity"] is not None
    assert "first" not in {r["match_kind"] for r in got.values()}


def import_texts(
    url: str, folder: Path, texts: list[tuple[str, str, datetime]], workers: int = 0
) -> None:
    """Import (key, text, published) records through `wirewash import`'s own path."""
    lines = folder / f"batch-{len(list(folder.iterdir()))}.jsonl"
    lines.write_text(
        "".join(
            json.dumps(
                {
                    "url": f"https://news.example/{key}",
                    "text": text,
                    "title": key,
                    "published": published.isoformat(),
                }
            )
            + "\n"
            for key, text, published in texts
        ),
        encoding="utf-8",
    )
    import_files(open_store(url), [lines], DedupSettings(), workers=workers)


def every_kind_of_copy(original: str, related: list[str]) -> dict[str, str]:
    rng = random.Random(16)
    return {
        "syndicated": copies.syndicate(original, rng, related),
        "heavy_edit": copies.heavy_edit(original, rng),
        "ocr": copies.ocr_noise(original, rng),
        "excerpt": copies.excerpt(original, rng),
        "spun": copies.spin(original, rng, 0.5),
    }


def test_every_kind_of_copy_joins_and_a_follow_up_stays_apart(
    store_url: str, seeds: dict[str, str], tmp_path: Path
) -> None:
    original = seeds["000"]
    made = every_kind_of_copy(original, ["Kim visits Moscow", "Markets close higher"])
    background = copies.background(original, random.Random(3), words=80)
    follow_up = copies.follow_up(seeds["004"], background, random.Random(4))
    texts = [("original", original, DAY)]
    texts += [
        (kind, text, DAY + timedelta(hours=n + 1)) for n, (kind, text) in enumerate(made.items())
    ]
    texts += [("follow_up", follow_up, DAY + timedelta(days=2))]
    import_texts(store_url, tmp_path, texts)
    got = records(store_url)
    story = got["original"]["story_id"]
    assert {kind: got[kind]["story_id"] == story for kind in made} == dict.fromkeys(made, True)
    assert got["follow_up"]["story_id"] != story
    assert got["follow_up"]["match_kind"] == "first" and got["follow_up"]["match_evidence"] is None
    seen = got["syndicated"]["match_evidence"]
    # The republication holds all of the original, with its dateline, byline and links around.
    assert seen["shared_of_matched"] > 0.9 and seen["shared_of_article"] < seen["shared_of_matched"]
    excerpt = got["excerpt"]["match_evidence"]
    # All of the excerpt is in the article it matched, which holds much more besides.
    assert excerpt["shared_of_article"] > 0.9 and excerpt["shared_of_matched"] < 0.7
    assert got["excerpt"]["match_kind"] == "excerpt"


def test_copies_seen_before_their_original_join_one_story(
    store_url: str, seeds: dict[str, str], tmp_path: Path
) -> None:
    original = seeds["000"]
    made = every_kind_of_copy(original, [])
    # An excerpt and a spun copy share too little to match each other: the original, when it
    # comes, is a confirmed copy of both, and their two stories become one.
    import_texts(store_url, tmp_path, [("excerpt", made["excerpt"], DAY)])
    import_texts(store_url, tmp_path, [("spun", made["spun"], DAY + timedelta(hours=1))])
    apart = records(store_url)
    assert apart["excerpt"]["story_id"] != apart["spun"]["story_id"]
    import_texts(store_url, tmp_path, [("original", original, DAY + timedelta(hours=2))])
    got = records(store_url)
    assert len({r["story_id"] for r in got.values()}) == 1
    assert [k for k, r in got.items() if r["is_canonical"]] == ["original"]
    with open_store(store_url)() as session:
        assert session.scalar(select(func.count()).select_from(Story)) == 1
        assert session.scalar(select(Story.article_count)) == 3


def test_workers_group_as_one_process_does(
    store_url: str, seeds: dict[str, str], tmp_path: Path
) -> None:
    original = seeds["000"]
    made = every_kind_of_copy(original, ["Kim visits Moscow"])
    texts = [("original", original, DAY), ("other", seeds["003"], DAY)]
    texts += [(kind, text, DAY + timedelta(hours=1)) for kind, text in made.items()]
    import_texts(store_url, tmp_path, texts, workers=2)
    got = records(store_url)
    assert {k for k, r in got.items() if r["story_id"] == got["original"]["story_id"]} == {
        "original",
        *made,
    }
    assert got["spun"]["restored_text"] is not None  # restored on a worker
