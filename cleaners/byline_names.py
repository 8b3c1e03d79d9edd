"""Split a byline into the names it credits, and tell a person's name from an outlet's.

"Von Anna Martel und Lea Wagner | Updated 10:02" credits two people; "Reporting by Samya
Kullab in Kyiv; Editing by Ed Osmond" credits one (the editor is not an author); "Lesotho
Times" and "dpa" are organisations. Works across the languages of the news we read.
"""

from __future__ import annotations

import re

from cleaners.metadata_text import plain_text, tokens

# "By", "Von", "Par", "Por", "Av", "Di", "Door", "Af", "Autor:", "Text:", "Reporting by" ...
_PREFIX = re.compile(
    r"^\s*(?:(?:written|words|story|text|reporting|reported|posted|compiled|photos? and text)"
    r"\s+by|by|von|vom|par|por|av|af|di|door|przez|tekst|text|texte|texto|testo|autor(?:in)?"
    r"|autore|auteur|author|authors|forfatter|skrevet af|skrevet av|redakce|napisał|yazar"
    r"|reporter|redaktion)\s*[:：]?\s+",
    re.IGNORECASE,
)
# What follows one of these is not an author: the editor, the update stamp, the source.
_TAIL = re.compile(
    r"\s*(?:[;|•·]\s*|\s[-–—]\s|\b(?:editing|edited|additional reporting|updated|aktualisiert|"
    r"mis à jour|actualizado|published|veröffentlicht|publié|photos?|fotos?|bild|quelle|source)"
    r"\b).*$",
    re.IGNORECASE,
)
# Between names: commas, "and" in the languages of news-dev, ampersands, slashes.
_BETWEEN = re.compile(
    r"\s*(?:,|&|\+|/|、|，|・(?=\S+\s)|\s(?:and|und|et|y|e|en|og|och|och|i|a|ve|và|és|ja|und)\s)\s*",
    re.IGNORECASE,
)
# A dateline or role after a name: "in Nairobi", "aus Berlin", "Reporter", "기자".
_AFTER_NAME = re.compile(
    r"\s+(?:in|aus|from|en|à|em|w)\s+[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*)*$"
    r"|\s*\([^()]*\)\s*$"
    r"|\s*,?\s*(?:staff|senior|chief|special|political|foreign|deputy|news|sports?|business|"
    r"science|health)?\s*(?:writer|reporter|correspondent|editor|columnist|contributor|"
    r"redakteur(?:in)?|korrespondent(?:in)?|journalist(?:in|e)?|reporterin|"
    r"rédacteur|rédactrice|envoyée? spéciale?|corresponsal|redattore)s?\s*$"
    r"|\s*(?:기자|특파원|논설위원|記者|特派員|編集委員|论说委员|记者)\s*$",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(r"\d|@|https?:|www\.|\.(?:com|de|net|org|co|uk|fr|no|es|it)\b", re.I)
# Words that make a credit an outlet, a desk or an agency rather than a person.
_ORGANISATION_WORDS = {
    "news", "newsroom", "staff", "desk", "team", "redaktion", "redaction", "rédaction",
    "redazione", "redacción", "redaksjonen", "redaktionen", "media", "press", "presse",
    "agency", "agencies", "agence", "agences", "agentur", "agenturen", "online", "digital",
    "zeitung", "times", "post", "journal", "daily",
    "nachrichten", "tribune", "herald", "gazette", "magazine", "tv", "radio", "service",
    "newsdesk", "editorial", "editors", "correspondents", "reporters", "wire", "wires",
    "dpa", "afp", "ap", "reuters", "ansa", "efe", "epd", "kna", "apa", "sda", "ntb", "tt",
    "ritzau", "pti", "ians", "ani", "yonhap", "kyodo", "xinhua", "bloomberg", "anadolu",
    "associated", "afp/dpa", "dpa/afp", "sid", "kathpress",
}
_MAX_NAME_CHARS = 60
_MAX_NAME_WORDS = 5
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_MAX_CJK_NAME_CHARS = 6  # a family and a given name: two to five characters in CJK scripts


def _without_prefix(text: str) -> str:
    """The credit without its "By"/"Von"/"Di" ..., unless that leaves a lone word ("Di Maio")."""
    rest = _PREFIX.sub("", text)
    return rest if rest == text or len(rest.split()) >= 2 or ":" in text[: len(text) - len(rest)] \
        else text


def split_names(credit: str) -> list[str]:
    """The names a credit line holds, prefixes, roles, datelines and stamps taken off."""
    text = plain_text(credit)
    if not text:
        return []
    text = _TAIL.sub("", _without_prefix(text))
    names = []
    for part in _BETWEEN.split(text):
        name = _without_prefix(part.strip()).strip(" .,:;-–—\"'“”«»")
        previous = None
        while name and name != previous:
            previous, name = name, _AFTER_NAME.sub("", name).strip(" .,:;-–—")
        if name and len(name) <= _MAX_NAME_CHARS and not _NOT_A_NAME.search(name):
            names.append(name)
    return list(dict.fromkeys(names))


def is_organisation(name: str, site_names: list[str]) -> bool:
    """Whether a credit names an outlet, desk or agency rather than a person."""
    words = tokens(name)
    if not words or _NOT_A_NAME.search(name):  # a web address, a handle: an outlet's credit
        return True
    if set(words) & _ORGANISATION_WORDS:
        return True
    joined = "".join(words)
    for site in site_names:
        site_words = tokens(site)
        if site_words and (
            joined == "".join(site_words) or set(words) <= set(site_words)
            or set(site_words) <= set(words)  # "Euronews with Agencies"
        ):
            return True
    latin = bool(_LATIN_WORD.search(name))
    # A person in a Latin script has a given name and a family name; one word is a brand.
    return latin and len(name.split()) < 2


def looks_like_person(name: str, site_names: list[str]) -> bool:
    """A short run of capitalised words (or a name in a script without case), not an outlet."""
    if is_organisation(name, site_names) or len(name.split()) > _MAX_NAME_WORDS:
        return False
    words = name.split()
    if _LATIN_WORD.search(name):
        capitalised = [w for w in words if w[:1].isupper()]
        return len(capitalised) >= max(2, len(words) - 2)
    if _CJK.search(name):
        return len("".join(words)) <= _MAX_CJK_NAME_CHARS
    return True
