"""Article metadata read from real news pages (news-dev, MIT): the headline a reader sees, the
people in the byline, published apart from updated, and every field plain text."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from trafilatura.utils import load_html

from cleaners import CleanArticle, clean_html
from cleaners.byline_names import is_organisation, split_names
from cleaners.page_metadata import _meta

PAGES = Path(__file__).parent / "data" / "metadata"
CEST = timezone(timedelta(hours=2))
_MARKUP = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);|</?[a-z][^>]*>", re.IGNORECASE)

# page id prefix -> the URL it was fetched from (the ids are sha256 of the HTML bytes)
URLS = {
    "1b11c33e9d": "https://www.faz.net/aktuell/rhein-main/frankfurt/"
    "49-euro-ticket-pendler-zahlen-60-prozent-weniger-18857107.html",
    "3473025236": "https://www.kleinezeitung.at/kaernten/osttirol/19852382/"
    "osttiroler-kinder-und-senioren-erlebten-ruhigen-aber-heissen-montag",
    "744376f0d4": "https://winfuture.de/news,142489.html",
    "b44ee92831": "https://www.sermitsiaq.ag/samfund/"
    "mute-b-egede-om-meningsmaling-status-quo-er-ikke-en-mulighed/2192432",
    "ce3c6d38eb": "https://www.golem.de/news/"
    "lte-patent-samsung-soll-wegen-patentklage-smartphones-zerstoeren-2404-184627.html",
    "d2f89a7fbb": "https://www.kicker.de/"
    "interimstrainer-schubert-nicht-mehr-viel-zu-verlieren-1019241/artikel",
    "f5c9048a1b": "https://www.braunschweiger-zeitung.de/sport/mehr-sport/article242348272/"
    "Fury-und-Usyk-kaempfen-um-Schwergewichts-Krone.html",
    "fa87fe6932": "https://www.derstandard.at/story/3000000218734/"
    "nach-kalifat-rufen-in-hamburg-sind-wir-zu-sanft-zu-islamisten",
}


def _html(prefix: str) -> str:
    path = next(PAGES.glob(f"{prefix}*.html.gz"))
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def _clean(prefix: str) -> CleanArticle:
    return clean_html(_html(prefix), URLS[prefix])


def test_the_headline_the_reader_sees_beats_the_social_title() -> None:
    html = _html("3473025236")
    social = _meta(load_html(html))["og:title"]
    article = clean_html(html, URLS["3473025236"])
    assert social.startswith("Notbetrieb und Notfallplan")
    assert article.title == "Nur ein Drittel der Kinder kam am Montag in die Schule"
    assert article.metadata_evidence["title"].startswith("h1")


def test_a_heading_in_the_breadcrumb_is_not_the_headline_the_article_header_is() -> None:
    # The page's only <h1> is the last crumb of its breadcrumb <nav> (the social title's
    # words); the article's own header shows another heading, which its JSON-LD backs.
    html = _html("1b11c33e9d")
    tree = load_html(html)
    assert _meta(tree)["og:title"] == "49-Euro-Ticket: Pendler zahlen 60 Prozent weniger"
    article = clean_html(html, URLS["1b11c33e9d"])
    assert article.title == "49-Euro-Ticket : Pendler sparen 60 Prozent bei Bus und Bahn"
    assert article.metadata_evidence["title"] == "article h2, backed by json-ld headline"


def test_entities_are_decoded_and_the_site_suffix_cut() -> None:
    golem = _clean("ce3c6d38eb")
    kicker = _clean("d2f89a7fbb")
    assert golem.title == "LTE-Patent: Samsung soll wegen Patentklage Smartphones zerstören"
    assert kicker.title is not None and '"Nicht mehr viel zu verlieren"' in kicker.title
    for article in (golem, kicker, _clean("b44ee92831")):
        for text in [article.title or "", *article.authors]:
            assert not _MARKUP.search(text), text


def test_a_person_in_the_byline_beats_the_outlet_in_a_meta_tag() -> None:
    html = _html("1b11c33e9d")
    assert _meta(load_html(html))["author"] == "Frankfurter Allgemeine Zeitung GmbH"
    assert clean_html(html, URLS["1b11c33e9d"]).authors == ["Ralf Euler"]


def test_the_outlet_is_the_author_only_where_no_person_is_named() -> None:
    article = _clean("d2f89a7fbb")
    assert article.authors == ["kicker"]
    assert article.metadata_evidence["authors"] == "json-ld author (organisation)"


@pytest.mark.parametrize(
    ("prefix", "authors"),
    [
        ("f5c9048a1b", ["Felix Schröder", "Jörg Soldwisch", "dpa"]),  # "A und B, dpa"
        ("b44ee92831", ["Trine Juncher Jørgensen", "Tôrtia Reimer-Johansen"]),  # "A og B"
        ("fa87fe6932", ["Birgit Baumann", "Anna Giulia Fink", "Jan Michael Marchart"]),
    ],
)
def test_several_authors_one_entry_per_person(prefix: str, authors: list[str]) -> None:
    assert _clean(prefix).authors == authors


def test_published_and_updated_are_kept_apart_with_their_offsets() -> None:
    article = _clean("744376f0d4")
    assert article.published == datetime(2024, 4, 26, 10, 0, tzinfo=CEST)
    assert article.published is not None and article.published.utcoffset() == timedelta(hours=2)
    assert article.updated == datetime(2024, 4, 28, 17, 55, 8, tzinfo=CEST)
    assert article.metadata_evidence["published"].startswith("json-ld datePublished")
    assert article.metadata_evidence["updated"].startswith("json-ld dateModified")
    danish = _clean("b44ee92831")
    assert danish.published == datetime(2025, 2, 6, 19, 25, 34, tzinfo=UTC)
    assert danish.updated is not None and danish.updated > danish.published


def test_section_tags_and_paywall_marker_are_kept() -> None:
    article = _clean("ce3c6d38eb")
    assert article.section == "News"
    assert "Samsung" in article.tags
    assert article.accessible_for_free is True
    assert article.images and article.images[0].url.startswith("https://www.golem.de/")


@pytest.mark.parametrize(
    ("credit", "names"),
    [
        ("By Samya Kullab and Vasilisa Stepanenko", ["Samya Kullab", "Vasilisa Stepanenko"]),
        ("Von Anna Martel und Lea Wagner | Aktualisiert 10:02", ["Anna Martel", "Lea Wagner"]),
        ("Reporting by Samya Kullab in Kyiv; Editing by Ed Osmond", ["Samya Kullab"]),
        ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
        ("Por María López y Juan Pérez", ["María López", "Juan Pérez"]),
        ("Av Kari Nordmann og Ola Hansen", ["Kari Nordmann", "Ola Hansen"]),
        ("Di Mario Rossi", ["Mario Rossi"]),
        ("Door Jan de Vries en Piet Jansen", ["Jan de Vries", "Piet Jansen"]),
        ("Autor: Jan Novák", ["Jan Novák"]),
        ("Elena Oberholzer (obe)", ["Elena Oberholzer"]),
        ("David Straub, Reporter", ["David Straub"]),
        ("박준석 기자", ["박준석"]),
        ("Anna Fink 12.05.2024", ["Anna Fink"]),
        ("By Jane Doe May 3, 2024 10:02 AM ET", ["Jane Doe"]),
        ("Par Jean Dupont le 3 mai 2024 à 10h02", ["Jean Dupont"]),
        ("Por María López 03/05/2024 - 10:02", ["María López"]),
        ("Przez Jan Kowalski 12 marca 2024", ["Jan Kowalski"]),
        ("Theresa May", ["Theresa May"]),
    ],
)
def test_bylines_in_the_languages_of_the_news(credit: str, names: list[str]) -> None:
    assert split_names(credit) == names


@pytest.mark.parametrize(
    ("name", "organisation"),
    [("Lesotho Times", True), ("dpa", True), ("Deutsche Welle www.dw.com", True),
     ("mdr.de", True), ("David Straub", False), ("Mohloai Mpesi", False)],
)
def test_outlets_are_told_from_people(name: str, organisation: bool) -> None:
    assert is_organisation(name, ["lestimes.com"]) is organisation


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Jane Doe May 3, 2024 10:02 AM ET", ["Jane Doe"]),  # the date is not text to name
        ("Jane Doe, Senior Reporter, Washington", ["Jane Doe"]),  # a dateline is no agency
        ("Felix Schröder und Jörg Soldwisch, dpa", ["Felix Schröder", "Jörg Soldwisch", "dpa"]),
        ("Jane Doe is a reporter who covers trade", []),  # a profile's sentence, not a name
        ("Ursula von der Leyen", ["Ursula von der Leyen"]),
    ],
)
def test_a_visible_byline_gives_its_people_and_agencies_only(
    byline: str, authors: list[str]
) -> None:
    body = "<p>" + "The ministry said on Tuesday that exports rose again. " * 12 + "</p>"
    page = (
        "<html><head><title>Exports rise</title></head><body><article><h1>Exports rise</h1>"
        f"<div class='byline'>{byline}</div>{body}</article></body></html>"
    )
    assert clean_html(page, "https://example.org/exports-rise").authors == authors


def test_a_date_shown_only_as_text_is_read_day_first_and_an_update_stamp_is_not() -> None:
    body = "<p>" + "The council met on Tuesday to discuss the harbour. " * 12 + "</p>"
    page = (
        "<html><head><title>Harbour plan</title></head><body><article><h1>Harbour plan</h1>"
        "<div class='meta-date'>Aktualisiert: 09.01.2026</div>"
        "<div class='metaInfoDateTime'><span>06.01.2026</span>, <span>Lesezeit 5 Min.</span>"
        f"</div>{body}</article></body></html>"
    )
    article = clean_html(page, "https://example.org/harbour-plan")
    assert article.published == datetime(2026, 1, 6, tzinfo=UTC)
    assert article.metadata_evidence["published"].startswith("text of <div")
