"""The store on SQLite and PostgreSQL: migrations (first use, upgrades), articles, re-saves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from cleaners import CleanArticle, Removal
from cleaners.dedup import fingerprint, text_hash
from crawler.store.articles import iter_articles, save_article
from crawler.store.db import _alembic_config, create_store_engine, open_store
from crawler.store.models import Article, FetchAttempt, FrontierUrl, LshBand
from crawler.store.stories import day_number, find_story


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


def _migrate_to(url: str, revision: str) -> None:
    engine = create_store_engine(url)
    with engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


_ROWS_0001 = """
INSERT INTO sources (id, name, url, created_at) VALUES (1, 'demo', 'https://news.example/', :t);
INSERT INTO hosts (host, next_request_at) VALUES ('news.example', :t);
INSERT INTO frontier (id, url, url_key, host, source_id, kind, depth, state, attempts,
    next_attempt_at, discovered_at, content_hash)
    VALUES (7, 'https://news.example/a', 'k-a', 'news.example', 1, 'article', 2, 'done', 1,
    :t, :t, 'abc');
INSERT INTO fetches (frontier_id, url, requested_at, status)
    VALUES (7, 'https://news.example/a', :t, 200);
INSERT INTO stories (id, created_at, article_count) VALUES (3, :t, 1);
INSERT INTO articles (id, url, url_key, frontier_id, authors, published, fetched_at, updated_at,
    text, text_hash, images, removed, is_spun, spun_substitutions, story_id, match_kind)
    VALUES (5, 'https://news.example/a', 'k-a', 7, '[]', :t, :t, :t, :body, :hash, '[]',
    '[]', false, '[]', 3, 'first');
UPDATE stories SET canonical_article_id = 5 WHERE id = 3;
INSERT INTO lsh_bands (bucket, article_id, indexed_for) VALUES (-1234567890123, 5, :t);
"""


_BODY = " ".join(
    f"Kim Jong Un said in speech number {n} that the ties with Russia will advance further."
    for n in range(12)
)


def _store_at_0001(url: str) -> datetime:
    """A store created by migration 0001 with a row in every table; their timestamp."""
    _migrate_to(url, "0001")
    engine = create_store_engine(url)
    stamp = datetime(2025, 10, 24, 3, 58, tzinfo=UTC)
    values = {"t": stamp, "body": _BODY, "hash": text_hash(_BODY)}
    with engine.begin() as connection:
        for statement in _ROWS_0001.split(";"):
            if statement.strip():
                connection.execute(sa.text(statement), values)
    engine.dispose()
    return stamp


def test_upgrade_from_0001_keeps_the_data(store_url: str) -> None:
    stamp = _store_at_0001(store_url)
    _migrate_to(store_url, "head")
    factory = open_store(store_url)
    columns = {c["name"] for c in sa.inspect(factory.kw["bind"]).get_columns("frontier")}
    assert "content_hash" not in columns
    with factory() as session:
        frontier = session.get(FrontierUrl, 7)
        assert (frontier.url, frontier.depth) == ("https://news.example/a", 2)
        assert frontier.state == "done"
        assert session.scalar(sa.select(FetchAttempt.status)) == 200
        [record] = list(iter_articles(session))
    assert (record["id"], record["story_id"], record["is_canonical"]) == (5, 3, True)
    assert record["published"] == stamp.isoformat()


def test_upgrade_from_0001_indexes_the_indexed_articles_again(store_url: str) -> None:
    stamp = _store_at_0001(store_url)
    factory = open_store(store_url)
    with factory() as session:
        assert session.get(Article, 5).indexed_day == day_number(stamp)
        bands = session.execute(
            sa.select(LshBand.bucket, LshBand.indexed_day).where(LshBand.article_id == 5)
        ).all()
        assert {day for _, day in bands} == {day_number(stamp)}
        # Under the signatures of today's code, whatever they were when the rows were made.
        assert {bucket for bucket, _ in bands} == set(fingerprint(_BODY).band_keys.tolist())
        found = find_story(session, _BODY + " A closing line.", stamp + timedelta(hours=2))
    assert found is not None and found[0] == 3


def test_sqlite_store_checkpoints_its_wal_in_large_steps(tmp_path: Path) -> None:
    factory = open_store(f"sqlite:///{tmp_path / 'wal.db'}")
    with factory() as session:
        pragma = session.connection().exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar_one() == "wal"
        assert pragma("PRAGMA wal_autocheckpoint").scalar_one() == 10_000
        assert pragma("PRAGMA journal_size_limit").scalar_one() == 64 * 1024 * 1024
