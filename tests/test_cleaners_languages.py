"""Chrome in other languages goes, the story's sentences in those languages stay."""

from __future__ import annotations

import pytest

from cleaners import CleanContext, clean_text

STORY = ("Der Stadtrat hat am Dienstag beschlossen, die Ufermauer neu zu bauen, nachdem Stürme "
         "den Hafen im Winter dreimal überflutet hatten.")
MORE = ("Die Arbeiten sollen im Frühjahr beginnen und nach Angaben der Verwaltung rund zwei "
        "Jahre dauern, finanziert von Land und Bund.")


@pytest.mark.parametrize(
    "chrome",
    [
        "Lesen Sie auch: Sturmflut an der Nordsee",
        "À lire aussi La natalité russe menacée d’effondrement",
        "Czytaj więcej",
        "Les også: Tone Damli ofret musikkarrieren for barna",
        "Leggi anche: il porto chiude per lavori",
        "관련기사",
        "関連記事",
        "Anzeige",
        "Passer la publicité",
        "Reklama",
        "Il vous reste 57.09% de cet article à lire. La suite est réservée aux abonnés.",
        ">> Hier finden Sie außerdem alle Termine im Überblick",
        "Copyright: Project Syndicate, 2025",
    ],
)
def test_chrome_lines_in_many_languages_are_removed(chrome: str) -> None:
    article = clean_text(f"{STORY}\n{chrome}\n{MORE}", CleanContext())
    assert article.text == f"{STORY}\n{MORE}"


@pytest.mark.parametrize(
    "sentence",
    [
        "Zum Thema Migration sagte der Bürgermeister, die Stadt habe genug getan.",
        "Lire aussi les rapports de la commission ne suffit pas, a-t-il dit.",
        "Reklama w telewizji kosztuje coraz więcej, wynika z raportu.",
        "»Wir bauen die Mauer höher«, sagte die Bürgermeisterin.",
    ],
)
def test_sentences_that_open_with_a_label_word_stay(sentence: str) -> None:
    article = clean_text(f"{STORY}\n{sentence}\n{MORE}", CleanContext())
    assert sentence in article.text
