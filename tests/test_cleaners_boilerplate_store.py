"""Site boilerplate learned from the store: lines on many articles of a host, on both backends."""

from __future__ import annotations

from cleaners import CleanContext, clean_text, line_key
from crawler.store.boilerplate import boilerplate_for, record_article, record_lines
from crawler.store.db import open_store

PROMO = "Example Times is an independent newspaper published by Example Media in Springfield."


def article(number: int) -> str:
    return (
        f"Story number {number} tells what happened in town {number} this week.\n\n"
        f"The council met on day {number} and voted to fund the new library.\n\n{PROMO}"
    )


def test_a_line_on_many_articles_of_a_host_becomes_its_boilerplate(store_url: str) -> None:
    factory = open_store(store_url)
    with factory() as session:
        for number in range(6):
            record_lines(session, "example.com", article(number))
        record_lines(session, "other.org", PROMO)
        session.commit()
    with factory() as session:
        learned = boilerplate_for(session, "example.com", min_articles=5)
        assert learned == {line_key(PROMO)}
        assert boilerplate_for(session, "other.org", min_articles=5) == frozenset()
        assert boilerplate_for(session, "unknown.net") == frozenset()

    cleaned = clean_text(article(7), CleanContext(site_boilerplate=learned))
    assert PROMO not in cleaned.text
    assert "The council met on day 7" in cleaned.text
    assert [r.cleaner for r in cleaned.removed] == ["site-boilerplate"]


def test_a_line_repeated_within_one_article_counts_once(store_url: str) -> None:
    factory = open_store(store_url)
    with factory() as session:
        for _ in range(3):
            record_lines(session, "example.com", f"{PROMO}\n{PROMO}\n{PROMO}")
        session.commit()
    with factory() as session:
        assert boilerplate_for(session, "example.com", min_articles=4) == frozenset()
        assert boilerplate_for(session, "example.com", min_articles=3) == {line_key(PROMO)}


def test_a_line_on_a_small_share_of_a_big_site_is_not_boilerplate(store_url: str) -> None:
    factory = open_store(store_url)
    with factory() as session:
        for number in range(40):
            text = article(number) if number < 6 else f"Only story {number}"
            record_lines(session, "example.com", text)
        session.commit()
    with factory() as session:
        assert boilerplate_for(session, "example.com", min_articles=5, min_share=0.1) == {
            line_key(PROMO)
        }
        assert boilerplate_for(session, "example.com", min_articles=5, min_share=0.5) == frozenset()


def test_boilerplate_stays_learned_after_the_cleaner_starts_dropping_it(store_url: str) -> None:
    factory = open_store(store_url)
    with factory() as session:
        for number in range(5):
            record_article(session, "example.com", clean_text(article(number)))
        session.commit()
    for number in range(5, 60):
        with factory() as session:
            learned = boilerplate_for(session, "example.com", min_articles=5, min_share=0.5)
            cleaned = clean_text(article(number), CleanContext(site_boilerplate=learned))
            assert PROMO not in cleaned.text
            record_article(session, "example.com", cleaned)
            session.commit()
