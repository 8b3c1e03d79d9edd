"""Chrome in other languages goes, the story's sentences in those languages stay."""

from __future__ import annotations

import pytest

from cleaners import CleanContext, clean_text
from cleaners.language import guess_language

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
        "Themen: Hochwasser, Stadtrat, Hafen",
        "Mots-clés : Macron, CGT, retraites",
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


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Vláda podle premiéra projedná návrh, který je podle ministra nutný, a také se "
         "na něm shodli poslanci, když jednali o rozpočtu. Je to podle nich jako obvykle.", "cs"),
        ("Rząd przyjął projekt, który jest według ministra konieczny, i nie jest to pierwszy "
         "raz, że się na to zgodził. Także premier już powiedział, że to jak zwykle.", "pl"),
        ("Hükümet bu yıl için yeni bir bütçe hazırladı ve bu bütçe ile daha çok yatırım "
         "yapılacak. Ancak muhalefet ise bunu çok eleştirdi, olarak da bir açıklama yaptı.", "tr"),
        ("東京都は二十日、新しい防災計画を発表した。計画では、地震が起きたときの避難所を"
         "増やすことなどが盛り込まれている。", "ja"),
        ("国务院今天发布了新的防灾计划，计划增加地震时的避难场所，并加强城市基础设施建设。", "zh"),
    ],
)
def test_the_language_is_told_by_its_words_or_script(text: str, language: str) -> None:
    assert guess_language(text) == language


@pytest.mark.parametrize(
    "caption",
    [
        "Feuerwehrleute protestieren vor dem Landtag in Düsseldorf. Foto: dpa",
        "Strażacy protestują przed parlamentem. (Zdjęcie: PAP)",
        "Les pompiers manifestent devant l'Assemblée. (Photo : AFP)",
        "소방관들이 국회 앞에서 시위하고 있다. 사진: 연합뉴스",
    ],
)
def test_photo_credits_in_other_languages_mark_captions(caption: str) -> None:
    article = clean_text(f"{STORY}\n{caption}\n{MORE}", CleanContext())
    assert article.text == f"{STORY}\n{MORE}"
