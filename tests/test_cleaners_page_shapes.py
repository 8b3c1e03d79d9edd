"""Removals read from a page's shape and from its credit lines, on real pages of ../shared.

Lists whose every item is mostly a link, the text of small blocks built around an image, and
lines of staff credits go, in any language, each with its reason; a link list that holds most
of the page is refused, and recorded so. The pages are those of the shared corpora: the tests
skip where ../shared is not beside the checkout.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from cleaners import clean_html, clean_text

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


def _page(corpus: str, page_id: str) -> str:
    path = CORPORA / corpus / "html" / f"{page_id}.html.gz"
    if not path.exists():
        pytest.skip(f"the shared corpora are not beside this checkout ({path.parent})")
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def test_a_list_of_topic_and_headline_links_inside_the_article_is_pruned() -> None:
    html = _page("news-dev", "7bf244227918b6f9a8f2e4d511335f44b940c33eaa3c13d71d2681daa4e928fb")
    article = clean_html(html, "https://www.braunschweiger-zeitung.de/politik/article409956720/"
                               "ampeln-tot-s-bahnen-stoppen-wie-sicher-ist-deutschlands-stromnetz.html")
    assert "Russische Drohnen" not in article.text
    assert "Am Dienstag erlebt Berlin einen der größten Stromausfälle" in article.text
    reasons = {r.reason for r in article.removed if "Russische Drohnen" in r.text}
    assert reasons == {"list of links to other pages"}


def test_the_text_beside_an_image_is_its_caption_and_goes() -> None:
    html = _page("news-dev", "a4d248dc6ccbee9495f44d4d852991dad4c81edac55a7e95f122418285eafea4")
    article = clean_html(html, "https://durbanlocal.co.za/entertainment/"
                               "2025-06-23-we-love-romance-declared-at-rom-con/")
    assert "Pictured right, is reader Nicole Bresler" not in article.text
    assert "Three panels of authors, from Cape Town, Johannesburg and Durban" in article.text
    captions = [r for r in article.removed if r.text.startswith("Pictured right")]
    assert [r.reason for r in captions] == ["text of an image block (its caption or credit)"]


def test_staff_credit_lines_go_and_the_article_stays() -> None:
    html = _page("news-dev", "9c9e936b5bb467c07d8a7820f5ca7e9b659bec9a8b4df268335d3341ac64dd75")
    article = clean_html(html, "https://correctiv.org/hybride-kriegsfuehrung/2026/05/21/"
                               "von-muenchen-bis-aachen-im-netz-der-china-agenten/")
    assert "Redaktion: Marcus Bensmann" not in article.text
    assert "Faktencheck: Marcus Bensmann" not in article.text
    assert "Die Eheleute Xuejun C. und Hua S. sind Deutsche mit chinesischen Wurzeln" in (
        article.text)
    assert {r.reason for r in article.removed if r.cleaner == "furniture"} >= {"staff credits"}


def test_a_link_list_holding_most_of_the_page_is_refused_and_recorded() -> None:
    html = _page("extraction-dev",
                 "785affa2c34e6e4844ef080e98e1a1e532eeeb671bdacebfb9e98ad7320ff382")
    article = clean_html(html, "https://www.theverge.com/2019/11/19/20973355/"
                               "noah-hawley-star-trek-4-chris-pine-write-direct-jj-abrams-"
                               "paramount-report")
    refused = [r for r in article.removed if r.refused]
    assert [r.reason.split(" holds ")[0] for r in refused] == [
        "refused: list of links to other pages"]
    assert "Noah Hawley, best known for creating FX’s Legion and Fargo" in article.text


@pytest.mark.parametrize(
    "line",
    [
        "Redaktion: Marcus Bensmann, Elena Müller",
        "Übersetzung: Tristan Oetker-Kast, Redaktion: Theresa Bäuerlein, Schlussredaktion: "
        "Lea Schönborn",
        "Mit Agenturmaterial.",
        "Jane Roe in Berlin contributed to this report.",
        "Článek",
        "Los geht’s: Von Montag an für 49 Euro monatlich. Bild: Maximilian von Lachner",
        "W poniedziałek wieczorem do stolicy Pakistanu dotrze delegacja – wynika ze słów "
        "Donalda Tr...",
        "Reporting by Jane Roe in Beirut; Writing by John Doe; Editing by Ann Poe",
        "(Reporting by Jane Roe, editing by John Doe.)",
        "Global Creative Director: RAUL MARTINEZ",
        "SOURCE: News agencies",
        "Ein Klick für den Datenschutz",
        "Tempo de leitura: 2 minutos",
        "Newsletter: Sport inside",
    ],
)
def test_credit_label_and_teaser_lines_go_in_any_language(line: str) -> None:
    body = "The council voted on Tuesday to rebuild the sea wall after the winter storms."
    assert clean_text(f"{body}\n{line}\n{body.replace('Tuesday', 'Monday')}").text.count(
        "\n") == 1


@pytest.mark.parametrize(
    "line",
    [
        "Design: Wir haben das Haus gebaut, sagte er, und es steht noch.",
        "Research: the study shows that people who keep cats sleep longer.",
        "Er sagte der Bild: „Wir werden das schaffen“",
        "„Ich weiß nicht, ob wir das schaffen, ob wir überhaupt noch...",
        "Quelle: Der Minister sagte, er werde zurücktreten.",
        "The reading time of five minutes is too long, she said.",
    ],
)
def test_sentences_that_look_like_credits_stay(line: str) -> None:
    body = "The council voted on Tuesday to rebuild the sea wall after the winter storms."
    assert line in clean_text(f"{body}\n{line}").text
