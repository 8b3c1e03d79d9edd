"""The five seed articles (text scraped by another tool) come out as the article, nothing else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from cleaners import clean_text

CHROME = (
    "SHARE", "Story Saved", "Saved Articles", "My Reads", "Sign out", "Get App", "crown-icon",
    "Subscribe Now!", "Live Score", ".affilate-product", "Get the latest headlines",
    "This picture taken on", "Reuters |", "Updated on", "date 2025-12-27", "2 hours ago",
    "ERBIL (Kurdistan24)", "By Guy Birchall", "Highlights", "You've reached the end",
    "Opinions", "Jun 5, 2025, 12:00 AM",
)


def _clean(seeds_dir: Path, prefix: str):
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return clean_text(path.read_text(encoding="utf-8"))


def _assert_no_chrome(text: str) -> None:
    for chrome in CHROME:
        assert chrome not in text, chrome
    lines = [line for line in text.split("\n") if line.strip()]
    assert all(line.strip() not in ("Story", "Following", "close") for line in lines)


def test_seed_000_keeps_standfirst_and_body_drops_headline_chrome_css_and_repeats(
    seeds_dir: Path,
) -> None:
    article = _clean(seeds_dir, "000")
    _assert_no_chrome(article.text)
    assert article.title == (
        "North Korea's military ties with Russia will 'advance non-stop': Kim Jong Un"
    )
    assert article.text.startswith("Kim made the comments during his speech")
    assert article.text.endswith(
        "Trump will visit South Korea, North Korea's bitter rival, next week."
    )
    assert article.authors == ["Reuters"]
    assert article.published == datetime(
        2025, 10, 24, 3, 58, tzinfo=timezone(timedelta(hours=5, minutes=30))
    )


def test_seed_001_moves_the_closing_byline(seeds_dir: Path) -> None:
    article = _clean(seeds_dir, "001")
    _assert_no_chrome(article.text)
    assert article.authors == ["Guy Birchall"]
    assert article.text.startswith("Kim Jong-un made the announcement")  # the standfirst stays
    assert article.text.endswith("according to South Korea’s military.")


def test_seed_002_is_left_whole(seeds_dir: Path) -> None:
    article = _clean(seeds_dir, "002")
    assert article.removed == []
    assert article.text.startswith("North Korean chief hints at extra army cooperation")
    assert article.text.endswith("when Putin visited the reclusive state.")


def test_seed_003_moves_date_relative_stamp_and_dateline(seeds_dir: Path) -> None:
    article = _clean(seeds_dir, "003")
    _assert_no_chrome(article.text)
    assert article.published == datetime(2025, 12, 27, tzinfo=UTC)
    assert article.dateline == "ERBIL (Kurdistan24)"
    assert article.text.startswith("Kim Jong Un said North Korea and Russia have shared")
    assert "\n\nNorth Korean leader Kim Jong Un has underscored" in article.text


def test_seed_004_drops_stamps_headline_highlights_and_end_furniture(seeds_dir: Path) -> None:
    article = _clean(seeds_dir, "004")
    _assert_no_chrome(article.text)
    assert article.title == (
        "Kim Jong Un pledges unconditional support for Russia's war against Ukraine"
    )
    assert article.published == datetime(2025, 6, 5, tzinfo=UTC)
    assert article.text.startswith("In North Korea, on June 5, 2025, Kim Jong Un communicated")
    assert article.text.endswith("ongoing tensions in the international arena.")
    assert "\n" not in article.text  # one paragraph, as on the page
