"""Extraction's fallbacks on real pages: candidates weighed, removals refused, empty pages told."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from cleaners import CleanContext, clean_html, clean_text
from cleaners.candidates import has_gap, widen_by_recall

CORPUS_PAGES = Path(__file__).parent / "data" / "corpora"


def _page(name: str) -> str:
    return gzip.decompress((CORPUS_PAGES / name).read_bytes()).decode("utf-8")


def test_a_precision_pass_that_keeps_little_gives_way_to_the_candidate_the_page_supports() -> None:
    article = clean_html(
        _page("news-dev-politico-eu.html.gz"),
        "https://www.politico.eu/article/catherine-connolly-socialist-critic-nato-eu-poised-win-ireland-presidency/",
    )
    assert article.extracted_by != "trafilatura fast, precision widened by recall"
    assert article.extraction_note and article.extraction_note.startswith("low confidence")
    assert article.confidence is not None and article.confidence >= 0.5
    # The last paragraph of the article, which the first candidate lost, is there.
    assert "McDonagh said that, while “the pro-European majority" in article.text
    assert "She’s slammed NATO" in article.text


def test_pruning_refuses_to_remove_an_element_holding_most_of_the_page_and_says_so() -> None:
    article = clean_html(
        _page("news-dev-anadolu-ajansi.html.gz"),
        "https://www.aa.com.tr/tr/gundem/vekalet-yoluyla-kurban-kesim-bedelleri-belirlendi/3912126",
    )
    refused = [r for r in article.removed if r.refused]
    assert [r.cleaner for r in refused] == ["prune"]
    assert refused[0].reason.startswith("refused: hidden element holds")
    assert refused[0].as_dict()["refused"] is True
    assert "Başkanlık Konferans Salonu'nda düzenlenen 2026" in article.text
    assert "TDV olarak bu yıl vekalet yoluyla kurban kesim bedellerini" in article.text


def test_a_cleaner_that_would_take_most_of_the_text_is_refused_and_recorded() -> None:
    paragraph = ("Read more: the council met on Tuesday and voted to rebuild the sea wall, "
                 "after a winter in which storms flooded the harbour front three times and "
                 "the old defences failed twice.")
    text = "\n".join([paragraph, paragraph.replace("Tuesday", "Monday"), "It passed."])
    article = clean_text(text, CleanContext())
    assert "the council met on Tuesday" in article.text
    refused = [r for r in article.removed if r.refused]
    assert len(refused) == 2
    assert all(r.reason.startswith("refused: the promos rule would take") for r in refused)
    assert not any(r.refused for r in clean_text(paragraph + "\n" + "x " * 200).removed)


_ARTICLE = "<p>" + "The harbour council voted to rebuild the wall after the storms. " * 12 + "</p>"


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20, "binary content"),
        ("", "empty page"),
        ("   \n  ", "empty page"),
        ("<html><head><title>x</title></head><body></body></html>", "the page has no visible"),
        ('<html><frameset cols="50%,50%"><frame src="left.html"><frame src="story.html">'
         "</frameset></html>", "frameset page: its text is in its frames: left.html, story.html"),
        ('<html><body><div id="root"></div><script>render({"story": "text"})</script>'
         "</body></html>", "script-only page"),
    ],
)
def test_bad_input_gives_an_empty_article_with_a_clear_reason(
    page: str | bytes, reason: str
) -> None:
    article = clean_html(page, "https://example.org/x")
    assert article.text == ""
    assert article.empty_reason is not None and article.empty_reason.startswith(reason)


def test_a_huge_page_still_gives_its_article() -> None:
    image = f"<img src='data:image/png;base64,{'A' * 20_000_000}'>"  # an inline 20 MB image
    page = f"<html><body><article><h1>Wall</h1>{_ARTICLE}</article>{image}</body></html>"
    assert len(page) > 20_000_000
    article = clean_html(page, "https://example.org/x")
    assert "harbour council voted" in article.text
    assert article.empty_reason is None


def test_a_wrong_declared_charset_still_gives_the_words() -> None:
    page = ('<html><head><meta charset="iso-8859-1"></head><body><article>'
            + _ARTICLE.replace("harbour", "Hafen Größe") + "</article></body></html>")
    article = clean_html(page.encode("utf-8"), "https://example.org/x")
    assert "The Hafen Größe council voted" in article.text


def test_recall_widens_the_precision_text_only_inside_the_article() -> None:
    first, second, third = ("First paragraph of the story, long enough to be prose on any page.",
                            "Second paragraph, which the precision pass dropped from the middle.",
                            "Third paragraph of the story, the last one the article has to say.")
    precise = f"{first}\n{third}"
    recall = f"Related: another story\n{first}\nA subheading\n{second}\n{third}\nMore stories"
    assert widen_by_recall(precise, recall) == f"{first}\nA subheading\n{second}\n{third}"
    assert widen_by_recall(precise, "nothing in common") == precise
    assert has_gap(precise, [first, second, third])
    assert not has_gap(f"{first}\n{second}", [first, second, third])  # a tail is not a gap
