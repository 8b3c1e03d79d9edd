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
# Month names (and their abbreviations' stems) of the languages of news-dev, for dates
# printed after a name.
_MONTHS = (
    r"jan|feb|f[eé]v|m[aä]r|apr|avr|abr|ma[iyj]|mei|mag|jun|juin|giu|jul|juil|lug|aug|ao[uû]|ago"
    r"|sep|set|o[ck]t|ott|out|nov|de[cczs]|d[eé]c|dic|ene|gen|lis|sty|kwi|cze|wrz|pa[zź]|gru"
)
# A date or time after a name ("Anna Fink 12.05.2024", "Jane Doe May 3, 2024", "Jean Dupont
# le 3 mai 2024 à 10h02"): it and all after it are not a name.
_TRAILING_DATE = re.compile(
    r"[\s,|·•–—-]*(?:\b(?:on|am|le|el|il|den|op|em|dnia|the)\s+)?"
    r"(?:\d{1,4}\s*(?:[./-]|h|:)\s*\d|\d{1,2}\.?\s+(?:" + _MONTHS + r")"
    r"|(?:" + _MONTHS + r")[a-zäéû]*\.?\s+\d).*$",
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
# Lower-case words a name may hold ("Ursula von der Leyen", "Mohammed bin Salman"); any
# other ("Jane Doe is") makes a phrase, not a name.
_NAME_PARTICLES = {
    "von", "van", "der", "den", "de", "da", "das", "do", "dos", "di", "du", "del", "della",
    "des", "la", "le", "lo", "y", "e", "bin", "ibn", "al", "el", "ter", "zu", "af", "av",
    "op", "'t", "vom", "zum", "und",
}
_MAX_NAME_CHARS = 60
_MAX_ACRONYM_CHARS = 6
_MAX_NAME_WORDS = 5
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_MAX_CJK_NAME_CHARS = 6  # a family and a given name: two to five characters in CJK scripts


def _without_prefix(text: str) -> str:
    """The credit without its "By"/"Von"/"Di" ..., unless that leaves a lone word ("Di Maio")."""
    rest = _PREFIX.sub("", text)
    return rest if rest == text or len(rest.split()) >= 2 or ":" in text[: len(text) - len(rest)] \
        else text


def without_trailing_date(text: str) -> str:
    """The credit without the date or time printed after it."""
    return _TRAILING_DATE.sub("", text) if any(c.isdigit() for c in text) else text


def split_names(credit: str) -> list[str]:
    """The names a credit line holds, prefixes, roles, datelines and stamps taken off."""
    text = plain_text(credit)
    if not text:
        return []
    text = without_trailing_date(_TAIL.sub("", _without_prefix(text)))
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


def is_named_organisation(name: str) -> bool:
    """An agency or desk credited beside people: a word of an outlet in it ("dpa", "Deutsche
    Presse-Agentur", "Redaktion") or an acronym ("AFP"), not any one capitalised word (a
    dateline's "Washington" after a role)."""
    words = tokens(name)
    return bool(set(words) & _ORGANISATION_WORDS) or (
        name.isupper() and len(words) == 1 and len(name) <= _MAX_ACRONYM_CHARS
    )


def looks_like_person(name: str, site_names: list[str]) -> bool:
    """A short run of capitalised words (or a name in a script without case), not an outlet."""
    if is_organisation(name, site_names) or len(name.split()) > _MAX_NAME_WORDS:
        return False
    words = name.split()
    if _LATIN_WORD.search(name):
        capitalised = [w for w in words if w[:1].isupper()]
        others = [w for w in words if not w[:1].isupper()]
        return len(capitalised) >= 2 and all(w.lower() in _NAME_PARTICLES for w in others)
    if _CJK.search(name):
        return len("".join(words)) <= _MAX_CJK_NAME_CHARS
    return True
