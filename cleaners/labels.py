"""Page-chrome labels in many languages: "read also", "advertisement", paywall notices.

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
           "verwandte artikel", "mehr dazu", "weiterlesen", "empfehlungen der redaktion",
           "mehr themen", "weitere themen", "weiterführende links"),
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
    "ja": ("関連記事", "続きを読む", "あわせて読みたい", "こちらもおすすめ", "おすすめ情報"),
    "zh": ("相关阅读", "相关新闻", "延伸阅读", "阅读更多", "相關新聞", "延伸閱讀"),
}
# "Advertisement" (and "skip the ad"): what an advert slot leaves in the text, per language.
ADVERTISEMENT: dict[str, tuple[str, ...]] = {
    "en": ("skip advertisement", "skip ad"),
    "de": ("anzeige", "werbung", "werbung überspringen", "anzeige überspringen"),
    "fr": ("publicité", "annonce", "passer la publicité"), "es": ("publicidad",),
    "it": ("pubblicità",), "pt": ("publicidade",), "nl": ("advertentie",),
    "no": ("annonse",), "da": ("annonce",), "sv": ("annons",), "pl": ("reklama",),
    "cs": ("reklama",), "tr": ("reklam",), "ru": ("реклама",), "ko": ("광고",), "ja": ("広告",),
    "zh": ("广告", "廣告"),
}
# "The rest of this article is for subscribers": a paywall's notice in the text, per language.
PAYWALL: dict[str, tuple[str, ...]] = {
    "en": ("for subscribers only", "is for subscribers", "available to subscribers",
           "exclusive to subscribers", "subscribe to continue reading", "subscribe to read"),
    "de": ("nur für abonnenten", "exklusiv für abonnenten", "für abonnenten freigeschaltet",
           "jetzt weiterlesen mit"),
    "fr": ("réservée aux abonnés", "réservé aux abonnés", "de cet article à lire"),
    "es": ("exclusivo para suscriptores", "solo para suscriptores", "exclusiva para suscriptores"),
    "it": ("riservato agli abbonati", "riservata agli abbonati"),
    "pt": ("exclusivo para assinantes", "exclusiva para assinantes"),
    "nl": ("alleen voor abonnees",),
    "pl": ("dla subskrybentów", "dla prenumeratorów"),
    "no": ("for abonnenter",), "da": ("for abonnenter",), "sv": ("för prenumeranter",),
}

# Roles in a line of staff credits ("Redaktion: Jane Doe, Faktencheck: John Roe"), per language.
CREDIT_ROLES: dict[str, tuple[str, ...]] = {
    "en": ("editing", "edited by", "editors?", "translation", "translated by",
           "fact[ -]?check(?:ing)?", "graphics", "illustrations?", "design", "research",
           "production", "produced by", "styling", "hair", "make-?up(?: assistant)?",
           r"(?:[\w-]+ )?(?:creative |visual |casting |art )?director", "casting",
           "additional reporting(?: by)?", "photos?", "photography", "video", "audio"),
    "de": ("redaktion", "schlussredaktion", "mitarbeit", "übersetzung", "faktencheck",
           "recherche", "grafiken?", "gestaltung", "illustrationen?", "fotos", "bildredaktion",
           "audioversion", "produktion", "lektorat", "koordination", "datenanalyse", "haare"),
    "fr": ("rédaction", "traduction", "édition", "infographies?", "réalisation"),
    "es": ("redacción", "edición", "traducción", "infografías?", "fotografías?"),
    "it": ("redazione", "traduzione", "grafiche?"), "pt": ("edição", "tradução", "reportagem"),
    "nl": ("redactie", "eindredactie", "vertaling"), "pl": ("redakcja", "tłumaczenie",
                                                          "współpraca"),
    "cs": ("redakce", "překlad", "spolupráce"),
    "no": ("oversettelse", "redigering"), "da": ("oversættelse", "redigering"),
    "sv": ("översättning", "redigering"),
}
# "Mit Agenturmaterial", "With agencies": a note that the text draws on wire copy, per language.
AGENCY_NOTE: dict[str, tuple[str, ...]] = {
    "en": ("with agencies", "with agency reporting", "with wires", "additional reporting by",
           "with reporting by", "with reporting from"),
    "de": ("mit agenturmaterial", "mit material von", "mit material der", "mit material aus",
           "mit informationen von", "mit informationen der", "mit dpa", "mit afp",
           "mit reuters", "mit ap", "mit epd", "mit kna", "mit agenturen"),
    "fr": ("avec afp", "avec agences", "avec l afp", "avec reuters", "avec ap"),
    "es": ("con información de", "con agencias"), "it": ("con agenzie",),
    "pl": ("na podstawie informacji", "źródło pap"),
}
# "Article" standing alone: the label of a content type above the text, per language.
CONTENT_LABEL: dict[str, tuple[str, ...]] = {
    "en": ("article", "popular", "swipe"), "de": ("artikel",), "fr": ("article",),
    "es": ("artículo",), "it": ("articolo",), "pl": ("artykuł",), "cs": ("článek",),
    "nl": ("artikel",), "no": ("artikkel",), "sv": ("artikel",),
}

# "Reading time: 3 minutes", "Lesezeit: 3 Min.": the page's estimate, per language.
READING_TIME: dict[str, tuple[str, ...]] = {
    "en": ("reading time", "min read", "mins read", "minute read", "minutes read",
           "read time"),
    "de": ("lesezeit", "lesedauer", "min lesezeit"), "fr": ("temps de lecture", "min de lecture"),
    "es": ("tiempo de lectura", "min de lectura"), "pt": ("tempo de leitura",),
    "it": ("tempo di lettura", "min di lettura"), "pl": ("czas czytania", "min czytania"),
    "nl": ("leestijd",), "cs": ("čtení na", "doba čtení"), "no": ("lesetid",),
    "da": ("læsetid",), "sv": ("lästid",), "tr": ("okuma süresi",), "ko": ("읽는 시간",),
}

# "Ein Klick für den Datenschutz": what an embed blocked until consent leaves, per language.
CONSENT_PLACEHOLDER: dict[str, tuple[str, ...]] = {
    "en": ("external content", "third party content", "enable cookies to view",
           "click to load the content"),
    "de": ("ein klick für den datenschutz", "externer inhalt", "empfohlener externer inhalt",
           "empfohlener redaktioneller inhalt", "externe inhalte aktivieren",
           "inhalte von drittanbietern"),
    "fr": ("contenu externe", "contenu tiers"), "es": ("contenido externo",),
    "it": ("contenuto esterno",), "nl": ("externe inhoud",), "pl": ("treść zewnętrzna",),
    "no": ("eksternt innhold",), "da": ("eksternt indhold",), "sv": ("externt innehåll",),
}
# "Source: News agencies": the source of a text, as a label and a name, per language.
SOURCE_LABEL: dict[str, tuple[str, ...]] = {
    "en": ("source", "sources"), "de": ("quelle", "quellen"), "fr": ("source",),
    "es": ("fuente",), "it": ("fonte",), "pt": ("fonte",), "nl": ("bron",),
    "pl": ("źródło",), "cs": ("zdroj",), "no": ("kilde",), "da": ("kilde",), "sv": ("källa",),
    "tr": ("kaynak",),
}
# "Kort fortalt", "En bref": the heading of a summary box of bullets, per language.
SUMMARY_HEADING: dict[str, tuple[str, ...]] = {
    "de": ("auf einen blick", "kurz gesagt", "in kürze"), "fr": ("en bref", "l essentiel"),
    "es": ("en resumen", "en breve"), "it": ("in sintesi", "in breve"),
    "pl": ("w skrócie", "najważniejsze"), "nl": ("in het kort", "kort samengevat"),
    "no": ("kort fortalt", "kort oppsummert"), "da": ("kort fortalt",),
    "sv": ("i korthet", "kortfattat"), "cs": ("ve zkratce",),
}


def _alternation(table: dict[str, tuple[str, ...]]) -> str:
    labels = {label for labels in table.values() for label in labels}
    return "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))


# The label alone (as case-folded words), or the label, a separator and the link's text.
READ_ALSO_LINE = re.compile(rf"(?:{_alternation(READ_ALSO)})")
READ_ALSO_LABEL = re.compile(
    rf"\W*(?:{_alternation(READ_ALSO)})\s*(?:[:|>»—–-]|\.\.\.|…)", re.IGNORECASE
)
# The label then a headline, no separator (only on lines that do not end as a sentence).
READ_ALSO_START = re.compile(rf"(?:{_alternation(READ_ALSO)})\s+\w")
ADVERTISEMENT_LINE = re.compile(rf"(?:{_alternation(ADVERTISEMENT)})")
PAYWALL_NOTICE = re.compile(rf"(?:{_alternation(PAYWALL)})", re.IGNORECASE)
CONSENT_PLACEHOLDER_LINE = re.compile(rf"(?:{_alternation(CONSENT_PLACEHOLDER)})")
SOURCE_LINE = re.compile(rf"\W*(?:{_alternation(SOURCE_LABEL)})\s*:\s*\S", re.IGNORECASE)
SUMMARY_HEADING_LINE = re.compile(rf"(?:{_alternation(SUMMARY_HEADING)})")
READING_TIME_LINE = re.compile(rf"\b(?:{_alternation(READING_TIME)})\b")
AGENCY_NOTE_LINE = re.compile(rf"(?:{_alternation(AGENCY_NOTE)})\b")
CONTENT_LABEL_LINE = re.compile(rf"(?:{_alternation(CONTENT_LABEL)})")
# Role labels are patterns (optional plurals), so they are joined as they are written.
CREDIT_ROLE = re.compile(
    "(?:" + "|".join(sorted({r for roles in CREDIT_ROLES.values() for r in roles},
                            key=len, reverse=True)) + ")",
    re.IGNORECASE,
)
