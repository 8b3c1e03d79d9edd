"""Page-chrome labels in many languages: "read also", "advertisement", "comments".

A label alone on a line, or a label and a separator opening a line, is page chrome in any
language; the tables are matched whatever the page's language, since each label is a phrase
no sentence of a story is made of. Labels are case-folded and written as `line_words` gives
them (punctuation dropped, words joined by one space).
"""

from __future__ import annotations

import re

# "Read also" and "more on this": labels of links to other articles, per language.
READ_ALSO: dict[str, tuple[str, ...]] = {
    "de": ("lesen sie auch", "lesen sie mehr", "lesen sie hier", "mehr zum thema", "zum thema",
           "auch interessant", "das könnte sie auch interessieren", "weitere artikel",
           "verwandte artikel", "mehr dazu", "weiterlesen", "empfehlungen der redaktion"),
    "fr": ("lire aussi", "à lire aussi", "a lire aussi", "lire la suite", "voir aussi",
           "sur le même sujet", "à voir aussi", "à lire également", "lire également"),
    "es": ("lee también", "lea también", "leer más", "te puede interesar", "ver también",
           "noticias relacionadas", "más información", "puede interesarte"),
    "it": ("leggi anche", "leggi di più", "potrebbe interessarti", "articoli correlati",
           "leggi pure"),
    "pt": ("leia também", "leia mais", "veja também", "saiba mais", "notícias relacionadas"),
    "nl": ("lees ook", "lees meer", "lees verder", "zie ook", "meer over dit onderwerp"),
    "no": ("les også", "les mer", "relaterte artikler", "se også"),
    "da": ("læs også", "læs mere", "se også"),
    "sv": ("läs också", "läs mer", "relaterade artiklar"),
    "pl": ("czytaj więcej", "czytaj też", "czytaj także", "zobacz też", "zobacz także",
           "przeczytaj też", "przeczytaj także", "polecamy"),
    "cs": ("čtěte také", "čtěte též", "přečtěte si také", "přečtěte si", "související články",
           "čtěte více"),
    "tr": ("ayrıca okuyun", "bunu da okuyun", "ilgili haberler", "devamını oku",
           "ilginizi çekebilir"),
    "ru": ("читайте также", "читать далее", "по теме", "смотрите также"),
    "ko": ("관련기사", "관련 기사", "더보기", "함께 보면 좋은 기사", "많이 본 뉴스"),
    "ja": ("関連記事", "続きを読む", "あわせて読みたい", "こちらもおすすめ"),
    "zh": ("相关阅读", "相关新闻", "延伸阅读", "阅读更多", "相關新聞", "延伸閱讀"),
}
# "Advertisement": the label an advert slot leaves in the text, per language.
ADVERTISEMENT: dict[str, tuple[str, ...]] = {
    "de": ("anzeige", "werbung"), "fr": ("publicité", "annonce"), "es": ("publicidad",),
    "it": ("pubblicità",), "pt": ("publicidade",), "nl": ("advertentie",),
    "no": ("annonse",), "da": ("annonce",), "sv": ("annons",), "pl": ("reklama",),
    "cs": ("reklama",), "tr": ("reklam",), "ru": ("реклама",), "ko": ("광고",), "ja": ("広告",),
    "zh": ("广告", "廣告"),
}


def _alternation(table: dict[str, tuple[str, ...]]) -> str:
    labels = {label for labels in table.values() for label in labels}
    return "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))


# The label alone (as case-folded words), or the label, a separator and the link's text.
READ_ALSO_LINE = re.compile(rf"(?:{_alternation(READ_ALSO)})")
READ_ALSO_LABEL = re.compile(
    rf"\W*(?:{_alternation(READ_ALSO)})\s*(?:[:|>»—–-]|\.\.\.|…)", re.IGNORECASE
)
ADVERTISEMENT_LINE = re.compile(rf"(?:{_alternation(ADVERTISEMENT)})")
