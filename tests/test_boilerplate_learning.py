"""Cleaning improves as a site is crawled: a line on many of a host's articles is dropped."""

from __future__ import annotations

import json
from pathlib import Path

from cleaners import CleanContext, clean_text, line_key
from cleaners.site_boilerplate import NAME as SITE_BOILERPLATE
from crawler.imports import import_files
from crawler.settings import DedupSettings
from crawler.store.articles import iter_articles
from crawler.store.boilerplate import LearnedBoilerplate
from crawler.store.db import open_store
from crawler.store.models import Article

PROMO = "Get the latest headlines from Harbour news and the world, all in one place."
TOPICS = [
    "the harbour council approved a budget for the sea wall",
    "a ferry operator added a night service to the islands",
    "the fishing cooperative reported its best autumn catch in a decade",
    "a new school opened on the hill above the old docks",
    "storm damage closed the coastal road for two days",
    "the lifeboat crew rescued two sailors off the point",
    "the market hall reopened after a year of repairs",
    "a local brewery won a national award for its stout",
]


def write_batch(path: Path, numbers: range) -> Path:
    with path.open("w") as out:
        for n in numbers:
            body = (
                f"On Monday {TOPICS[n]}, officials said.\n\n"
                f"Residents said story number {n} mattered to the whole town, and several "
                "of them spoke at a meeting that ran late into the evening.\n\n"
                f"{PROMO}"
            )
            record = {"url": f"https://harbour.example/news/story-{n}", "text": body}
            out.write(json.dumps(record) + "\n")
    return path


def texts(url: str) -> dict[str, str]:
    with open_store(url)() as session:
        return {r["url"]: r["text"] for r in iter_articles(session)}


def test_a_line_on_many_articles_of_a_host_becomes_its_boilerplate(
    store_url: str, tmp_path: Path
) -> None:
    factory = open_store(store_url)
    import_files(factory, [write_batch(tmp_path / "first.jsonl", range(6))], DedupSettings())
    first = texts(store_url)
    assert all(PROMO in text for text in first.values()), "not learned yet: kept"

    import_files(factory, [write_batch(tmp_path / "later.jsonl", range(6, 8))], DedupSettings())
    later = {url: text for url, text in texts(store_url).items() if url not in first}
    assert len(later) == 2
    for text in later.values():
        assert PROMO not in text
        assert "mattered to the whole town" in text
    with factory() as session:
        removed = session.query(Article).filter(Article.url.like("%story-7")).one().removed
    assert any(r["cleaner"] == SITE_BOILERPLATE and PROMO in r["text"] for r in removed)


def test_learned_lines_never_take_most_of_an_article() -> None:
    body = "\n".join(
        [
            "The harbour council met on Monday evening in the old market hall.",
            "It approved the budget for the sea wall after a long and heated debate, "
            "and agreed to publish the contracts for the repairs before the winter storms.",
            PROMO,
        ]
    )
    learned = frozenset(line_key(line) for line in body.splitlines()[1:])
    kept = clean_text(body, CleanContext(site_boilerplate=learned))
    assert "sea wall" in kept.text
    assert not [r for r in kept.removed if r.cleaner == SITE_BOILERPLATE]
    only_promo = frozenset({line_key(PROMO)})
    cleaned = clean_text(body, CleanContext(site_boilerplate=only_promo))
    assert PROMO not in cleaned.text
    assert "sea wall" in cleaned.text


def test_learned_boilerplate_is_reread_only_after_its_ttl(sqlite_url: str, tmp_path: Path) -> None:
    factory = open_store(sqlite_url)
    fresh, patient = LearnedBoilerplate(ttl=0.0), LearnedBoilerplate(ttl=3600.0)
    with factory() as session:
        assert fresh.for_host(session, "harbour.example") == frozenset()
        assert patient.for_host(session, "harbour.example") == frozenset()
    import_files(factory, [write_batch(tmp_path / "all.jsonl", range(8))], DedupSettings())
    with factory() as session:
        assert line_key(PROMO) in fresh.for_host(session, "harbour.example")
        assert patient.for_host(session, "harbour.example") == frozenset()
