"""Bylines, datelines, timestamps and headlines leave the body and land in the metadata."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from cleaners import CleanContext, clean_text
from cleaners.bylines import move_bylines
from cleaners.dates import parse_timestamp
from cleaners.headline import drop_headline

CONTEXT = CleanContext()
IST = timezone(timedelta(hours=5, minutes=30))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oct 24, 2025 03:58 AM IST", datetime(2025, 10, 24, 3, 58, tzinfo=IST)),
        ("Updated on: Oct 24, 2025 03:58 AM IST", datetime(2025, 10, 24, 3, 58, tzinfo=IST)),
        ("Jun 5, 2025, 12:00 AM", datetime(2025, 6, 5, 0, 0, tzinfo=UTC)),
        ("date 2025-12-27", datetime(2025, 12, 27, tzinfo=UTC)),
        ("10:32 GMT, 5 June 2019", datetime(2019, 6, 5, 10, 32, tzinfo=UTC)),
        ("Published Monday 3 June 2019 2:05 pm", datetime(2019, 6, 3, 14, 5, tzinfo=UTC)),
    ],
)
def test_timestamps_are_read(text: str, expected: datetime) -> None:
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize(
    "text", ["By 2030 we will", "2 hours ago", "May 2019", "He left on June 5, 2025.", "Story"]
)
def test_text_that_is_not_a_timestamp_is_not_read_as_one(text: str) -> None:
    assert parse_timestamp(text) is None


def test_bylines_agency_credits_and_timestamps_move_to_metadata() -> None:
    text = (
        "Reuters |\nUpdated on: Oct 24, 2025 03:58 AM IST\n\n2 hours ago\n\n"
        "ERBIL (Kurdistan24) - Kim sent greetings to Putin.\n\nThe letter was warm.\n\n"
        "By Guy Birchall and Jane Doe"
    )
    cleaned, removed = move_bylines(text, CONTEXT)
    assert [line for line in cleaned.split("\n") if line] == [
        "Kim sent greetings to Putin.", "The letter was warm."
    ]
    assert [(r.text, r.moved_to) for r in removed] == [
        ("Reuters", "authors"),
        ("Updated on: Oct 24, 2025 03:58 AM IST", "published"),
        ("2 hours ago", None),
        ("ERBIL (Kurdistan24)", "dateline"),
        ("Guy Birchall", "authors"),
        ("Jane Doe", "authors"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "By 2030, the utility expects most homes to have smart meters.",
        "By Monday, the talks had collapsed.",
        "By the end of the year, prices had doubled.",
        "Following the meeting, the minister left.",
        "He said the bill, updated on Tuesday, would pass.",
        "The company was founded in 2019-2020 by two students.",
        "UPDATE: The minister has since resigned.",
    ],
)
def test_sentences_that_open_like_bylines_or_stamps_stay(line: str) -> None:
    assert move_bylines(line, CONTEXT) == (line, [])


def test_a_dateline_is_only_taken_from_the_opening_lines() -> None:
    text = "One.\n\nTwo.\n\nThree.\n\nLONDON (Reuters) - A quote from another story."
    assert move_bylines(text, CONTEXT) == (text, [])


def test_a_known_headline_repeated_at_the_top_of_the_body_is_dropped() -> None:
    title = "Kim pledges support for Russia"
    text = f"{title} | World News\n\n{title}\n\nKim met Shoigu in Pyongyang."
    cleaned, removed = drop_headline(text, CleanContext(title=title))
    assert cleaned.strip() == "Kim met Shoigu in Pyongyang."
    assert len(removed) == 2


def test_plain_text_headline_becomes_the_title_a_standfirst_stays() -> None:
    headline = clean_text("Kim pledges support for Russia\n\nKim met Shoigu in Pyongyang.")
    assert headline.title == "Kim pledges support for Russia"
    assert headline.text == "Kim met Shoigu in Pyongyang."
    standfirst = "Kim made the remarks at a ceremony in Pyongyang.\nHe spoke for an hour."
    kept = clean_text(standfirst)
    assert kept.title is None
    assert kept.text == standfirst


def test_metadata_from_the_body_fills_only_empty_fields() -> None:
    article = clean_text(
        "Jun 5, 2025, 12:00 AM\nJun 4, 2025, 11:29 PM\n\nKim pledges support\n\n"
        "Kim met Shoigu.\n\nBy Guy Birchall"
    )
    assert article.published == datetime(2025, 6, 5, tzinfo=UTC)
    assert article.authors == ["Guy Birchall"]
    assert article.title == "Kim pledges support"
    assert article.text == "Kim met Shoigu."


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Der Bundestag hat am Donnerstag das Gesetz beschlossen, das die Mieten in den Städten"
         " begrenzen soll. Die Opposition sagt, es gehe nicht weit genug und gilt auch für alle.",
         "de"),
        ("Le gouvernement a annoncé mardi une réforme des retraites qui sera présentée au"
         " Parlement dans les prochaines semaines, pour un vote avant la fin de l'année.", "fr"),
        ("북한 김정은 국무위원장이 러시아와의 군사 협력을 강조했다.", "ko"),
        ("Kim made the comments during a speech at the ceremony for the soldiers who fought"
         " alongside the troops, and said that the ties would advance, state media reported.",
         "en"),
        ("Short line", None),
    ],
)
def test_the_language_is_guessed_from_the_words(text: str, language: str | None) -> None:
    assert clean_text(text).language == language
