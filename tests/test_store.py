"""The store on SQLite and PostgreSQL: migrations on first use, articles, unchanged re-saves."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from cleaners import CleanArticle, Removal
from crawler.store.articles import iter_articles, save_article
from crawler.store.db import open_store


def article(text: str = "Kim made the comments during a speech at the ceremony.") -> CleanArticle:
    return CleanArticle(
        text=text,
        title="North Korea's ties with Russia will advance",
        authors=["Guy Birchall"],
        published=datetime(2025, 10, 24, 3, 58, tzinfo=UTC),
        language="en",
        removed=[Removal("widgets", "SHARE THIS ARTICLE ON", "share widget")],
    )


def test_migrations_create_every_table(store_url: str) -> None:
    factory = open_store(store_url)
    tables = set(sa.inspect(factory.kw["bind"]).get_table_names())
    expected = {"sources", "hosts", "frontier", "fetches", "articles", "stories", "alembic_version"}
    assert expected <= tables


def test_opening_twice_is_harmless(store_url: str) -> None:
    open_store(store_url)
    from crawler.store.db import close_stores

    close_stores()
    open_store(store_url)


def test_save_then_export_round_trips_every_field(store_url: str) -> None:
    factory = open_store(store_url)
    with factory.begin() as session:
        _row, outcome = save_article(session, "https://news.example/a", article(), source="demo")
    assert outcome == "stored"
    with factory() as session:
        [record] = list(iter_articles(session))
    assert record["url"] == "https://news.example/a"
    assert record["title"] == "North Korea's ties with Russia will advance"
    assert record["authors"] == ["Guy Birchall"]
    assert record["published"] == "2025-10-24T03:58:00+00:00"
    assert record["source"] == "demo"
    assert [{k: r[k] for k in ("cleaner", "text", "reason")} for r in record["removed"]] == [
        {"cleaner": "widgets", "text": "SHARE THIS ARTICLE ON", "reason": "share widget"}
    ]
    assert record["story_id"] is None or isinstance(record["story_id"], int)


def test_same_text_again_stores_nothing_new_and_a_change_updates(store_url: str) -> None:
    factory = open_store(store_url)
    with factory.begin() as session:
        save_article(session, "https://news.example/a", article())
    with factory.begin() as session:
        _row, outcome = save_article(session, "https://news.example/a", article())
    assert outcome == "unchanged"
    with factory.begin() as session:
        _row, outcome = save_article(session, "https://news.example/a", article("A new text."))
    assert outcome == "updated"
    with factory() as session:
        assert [r["text"] for r in iter_articles(session)] == ["A new text."]
