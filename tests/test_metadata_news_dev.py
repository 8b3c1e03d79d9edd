"""Article metadata on real news-dev pages read from ../shared (fundus test data, MIT): the
visible heading over a social or structured-data title, bylines a page prints without marking
them, desks and agencies, several authors, non-English bylines, published apart from updated.

Skips where ../shared/corpora/news-dev is not beside this checkout."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta, timezone
from functools import cache

import pytest
from trafilatura.utils import load_html

from cleaners import CleanArticle, clean_html
from cleaners.page_metadata import _article_json_ld, _meta
from tests.conftest import SHARED

NEWS_DEV = SHARED / "corpora" / "news-dev"
CEST = timezone(timedelta(hours=2))


@cache
def _truth() -> dict[str, dict]:
    return json.loads((NEWS_DEV / "ground-truth.json").read_text(encoding="utf-8"))


def _page(prefix: str) -> tuple[str, str]:
    """The HTML and URL of the news-dev page whose id starts with `prefix`."""
    if not (NEWS_DEV / "ground-truth.json").is_file():
        pytest.skip(f"news-dev is not beside this checkout ({NEWS_DEV})")
    page_id = next(key for key in _truth() if key.startswith(prefix))
    html = gzip.decompress((NEWS_DEV / "html" / f"{page_id}.html.gz").read_bytes())
    return html.decode("utf-8"), _truth()[page_id]["url"]


def _clean(prefix: str) -> CleanArticle:
    return clean_html(*_page(prefix))


def test_the_article_header_heading_where_the_only_h1_is_in_the_menu() -> None:
    html, url = _page("1a723be727")  # WAZ: the <h1> is a menu item holding the social title
    meta = _meta(load_html(html))
    assert meta["og:title"] == "Archäologische Sensation: Uralte Maya-Städte in Guatemala entdeckt"
    article = clean_html(html, url)
    assert article.title == "Unbekannte Maya-Städte werfen neues Licht auf die Frühzeit"
    assert article.metadata_evidence["title"] == "article h2, backed by json-ld headline"


def test_a_structured_data_headline_is_evidence_not_the_answer() -> None:
    # A live page whose JSON-LD headline is one entry's; the reader sees the page's heading.
    html, url = _page("e508cbaa2e")
    structured = _article_json_ld(load_html(html))["headline"]
    article = clean_html(html, url)
    assert structured == "Kinder-Marathon am Sonnabend: Eltern bei Aufstellung unerwünscht"
    assert article.title == 'Überlegener Sieger, kuriose Kostüme und "royaler Besuch"'


def test_the_visible_heading_beats_a_different_social_title() -> None:
    html, url = _page("22acdc5605")  # ZDF: og:title is a rewrite for sharing
    assert _meta(load_html(html))["og:title"].startswith("Putin spricht von Versuch")
    article = clean_html(html, url)
    assert article.title == 'Warum Putin vor einer "Zerschlagung Russlands" warnt'
    assert article.metadata_evidence["title"].startswith("h1, backed by json-ld headline")


def test_a_bold_signature_closing_the_text_beats_the_outlet_in_the_markup() -> None:
    html, url = _page("47579a9d6f")  # VnExpress: JSON-LD and meta author name the outlet
    assert _article_json_ld(load_html(html))["author"]["@type"] == "Organization"
    article = clean_html(html, url)
    assert article.authors == ["Lê Phương"]
    assert article.metadata_evidence["authors"] == "signature closing the text"


def test_a_name_printed_before_the_visible_date_is_the_byline() -> None:
    article = _clean("1f3e284be7")  # Anadolu: "Sehernur Karsu |" then "05.04.2025", no markup
    assert article.authors == ["Sehernur Karsu"]
    assert article.metadata_evidence["authors"] == "name beside the date"
    assert article.published == datetime(2025, 4, 5, tzinfo=UTC)  # day first, as printed


def test_an_agency_and_a_desk_are_credited_where_no_person_is() -> None:
    article = _clean("52d3703147")  # JSON-LD: an Organization and a "Person" that is a desk
    assert article.authors == ["Deutsche Presse-Agentur", "MM-Redaktion"]


def test_an_organisations_credit_is_split_like_a_persons() -> None:
    assert _clean("4d4b2681b6").authors == ["Le Figaro", "AFP"]  # "Le Figaro et AFP"


@pytest.mark.parametrize(
    ("prefix", "authors"),
    [
        ("0687aff98e", ["Mathias Hagen", "Anders Skjerdingstad"]),  # Norwegian, two Persons
        ("b8c86aedc5", ["박준석", "김태연"]),  # Korean: "기자" (reporter) is not a name
        ("4943d731d5", ["Bertrand Bissuel"]),  # a person, not the outlet (Le Monde)
    ],
)
def test_people_one_entry_each_in_any_language(prefix: str, authors: list[str]) -> None:
    assert _clean(prefix).authors == authors


def test_published_and_updated_are_kept_apart() -> None:
    article = _clean("52d3703147")
    assert article.published == datetime(2025, 4, 15, 9, 56, tzinfo=CEST)
    assert article.updated == datetime(2025, 4, 16, 6, 17, 8, tzinfo=CEST)
    assert article.published.utcoffset() == timedelta(hours=2)
    assert article.metadata_evidence["published"].startswith("json-ld datePublished")
    assert article.metadata_evidence["updated"].startswith("json-ld dateModified")


def test_an_agency_is_not_taken_for_the_outlet_whose_name_happens_to_hold_it() -> None:
    # "ap" is in "japantimes" by chance; "Japan Times" itself is the outlet, left out.
    body = "<p>" + "The ministry said on Tuesday that exports rose again. " * 12 + "</p>"
    page = (
        "<html><head><title>Exports rise</title>"
        "<meta name='author' content='Jane Doe, AP and The Japan Times'></head>"
        f"<body><article><h1>Exports rise</h1>{body}</article></body></html>"
    )
    article = clean_html(page, "https://www.japantimes.co.jp/news/2025/01/02/exports/")
    assert article.authors == ["Jane Doe", "AP"]
