"""A whole page in, the article out: metadata from the markup, captions with images, no chrome."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cleaners import Image, clean_html

PAGE = Path(__file__).parent / "data" / "cleaners" / "article.html"
URL = "https://gazette.example.org/news/sea-wall-vote?utm_source=feed"


@pytest.fixture(scope="module")
def article():
    return clean_html(PAGE.read_text(encoding="utf-8"), URL)


def test_metadata_comes_from_the_page_markup(article) -> None:
    assert article.title == "Harbour town votes to rebuild its sea wall"
    assert article.authors == ["Mary Rowe", "Tom Hale"]
    assert article.published == datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
    assert article.language == "en"
    assert article.site_name == "Example Gazette"
    assert article.canonical_url == "https://gazette.example.org/news/sea-wall-vote"


def test_captions_go_to_the_images_not_the_body(article) -> None:
    assert article.images == [
        Image("https://cdn.example.org/img/wall-lead.jpg"),
        Image(
            "https://gazette.example.org/img/wall.jpg",
            "Waves break over the old sea wall in February. Photo: Jane Doe",
        ),
    ]
    assert "Waves break" not in article.text


def test_the_body_is_the_article_without_headline_or_chrome(article) -> None:
    paragraphs = [p for p in article.text.split("\n") if p.strip()]
    assert paragraphs[0].startswith("Councillors in the harbour town of Westby voted")
    assert paragraphs[-1].endswith("backed the plan.")
    assert len(paragraphs) == 5
    for chrome in ("Share on", "newsletter", "Storm Agnes", "Leave a Reply", "©", "Home"):
        assert chrome not in article.text
    assert "Harbour town votes" not in article.text
    # Sentences that only look like chrome stay.
    assert '"We share the fear of every family on the front,"' in article.text
    assert "Following the vote, engineers will survey" in article.text
    assert "By 2030, the council expects" in article.text


def test_every_pruned_widget_is_explained(article) -> None:
    explained = {(r.cleaner, r.reason) for r in article.removed}
    assert ("prune", "widget named 'share'") in explained
    assert ("prune", "widget named 'newsletter'") in explained
    assert ("prune", "image caption (kept with the image)") in explained
    assert all(r.text and r.reason for r in article.removed)


def test_a_page_without_an_article_gives_empty_text() -> None:
    assert clean_html("<html><body><nav><a href='/'>Home</a></nav></body></html>").text == ""


def _paragraph(topic: str) -> str:
    return (
        f"<p>The {topic} was discussed at length by the council, whose members agreed that the"
        f" {topic} needed money, a plan and a timetable before the end of the year, and asked"
        " officers to report back in the spring with costed options for each part of it.</p>"
    )


def test_a_body_split_into_chunks_between_adverts_is_joined() -> None:
    chunk = '<div class="grid"><div class="body body__container">{}</div></div>'
    page = (
        "<html><body><article><h1>Council agrees plans</h1>"
        + chunk.format(_paragraph("harbour") + _paragraph("library"))
        + '<div class="ad-slot">Advertisement</div>'
        + chunk.format(_paragraph("bridge") + _paragraph("school"))
        + "</article></body></html>"
    )
    text = clean_html(page).text
    for topic in ("harbour", "library", "bridge", "school"):
        assert f"The {topic} was discussed" in text
    assert "Advertisement" not in text


def test_same_class_blocks_that_are_not_a_body_are_not_joined() -> None:
    page = (
        "<html><body><main><div class='content'>"
        + _paragraph("harbour") + _paragraph("library") + _paragraph("museum")
        + "</div></main><aside><div class='content'>"
        + _paragraph("car park")
        + "</div></aside></body></html>"
    )
    text = clean_html(page).text
    assert "The harbour was discussed" in text
    assert "The car park was discussed" not in text


def test_metadata_falls_back_to_marked_up_elements_and_the_url_date() -> None:
    body = _paragraph("harbour") + _paragraph("library")
    page = (
        "<html><head><meta name='date' content='0001-01-01T00:00:00'></head><body><article>"
        "<span itemprop='author'>Mary Rowe</span>" + body
        + "<div class='comment'><span itemprop='author'>Commenter 2019</span></div>"
        "</article></body></html>"
    )
    article = clean_html(page, "https://example.org/news/2019/11/18/harbour-plan")
    assert article.authors == ["Mary Rowe"]
    assert article.published == datetime(2019, 11, 18, tzinfo=UTC)
    assert article.language == "en"  # from the words: the page did not say
