"""Drop photo captions from the body: a line that ends with a photo credit is a caption."""

from __future__ import annotations

import re

from cleaners._lines import drop_lines
from cleaners.article import CleanContext, Removal

NAME = "captions"

_PHOTO_SOURCES = (
    r"AFP|AP|Reuters|Getty(?:\s+Images)?|EPA(?:-EFE)?|Bloomberg|Shutterstock|Xinhua|Yonhap"
    r"|Alamy|PA(?:\s+Wire)?|ANI|PTI|iStock(?:photo)?|NurPhoto|SOPA\s+Images|Sipa|Anadolu"
    r"|Kyodo|KCNA(?:\s+via\s+\w+)?|Unsplash|Pexels|Wikimedia(?:\s+Commons)?"
    r"|dpa|picture[\s-]alliance|IMAGO|Keystone|APA|ANSA|EFE|PAP|ČTK|NTB|Ritzau|TT|Belga|ANP"
)
# "Photo" in the languages whose pages print credits as "Foto: Jane Doe".
_PHOTO_WORD = (
    r"(?:photo|photograph|image|picture|pic|foto|fotó|zdjęcie|fotografie|kuva|사진|写真|图片)"
)
# A credit in brackets closing the line: after the caption's last full stop when it names an
# agency ("...in Beijing.(AFP)"), anywhere when it says photo/image ("(Photo: Jane Doe)").
_CREDIT_AT_END = re.compile(
    rf"(?:[.!?\"”’]\s*[(\[](?:{_PHOTO_SOURCES})(?:\s*(?:/|via|photo)[^()\[\]]*)?[)\]]"
    rf"|[(\[][^()\[\]]*\b(?:{_PHOTO_WORD}|credit|file|courtesy)\b"
    rf"[^()\[\]]*[)\]])\s*$",
    re.IGNORECASE,
)
_CREDIT_LABEL = re.compile(
    rf"(?:^|\s){_PHOTO_WORD}s?(?:\s+credit)?\s*:\s*[^.:]{{2,60}}\W*$"
    rf"|^\W*(?:file\s+photo|{_PHOTO_WORD})\s*[:|]",
    re.IGNORECASE,
)
# German "Bild: Jane Doe" (case-sensitive, a name after it: "der Bild: „...“" quotes a paper).
_BILD_CREDIT = re.compile(r"(?:^|\s)Bild(?:er)?\s*:\s*[A-ZÄÖÜ][^.:„“\"]{1,60}$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’]?\s+(?=[A-Z])")
_MAX_CAPTION_WORDS = 60
_MAX_CAPTION_SENTENCES = 2


def _reason(line: str) -> str | None:
    stripped = line.strip()
    if len(stripped.split()) > _MAX_CAPTION_WORDS:
        return None
    if len(_SENTENCE_END.findall(stripped)) + 1 > _MAX_CAPTION_SENTENCES:
        return None
    if (_CREDIT_AT_END.search(stripped) or _CREDIT_LABEL.search(stripped)
            or _BILD_CREDIT.search(stripped)):
        return "photo caption (captions belong to the images, not the body)"
    return None


def drop_captions(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Drop short lines that end with a photo credit such as "(AFP)" or "Photo: Jane Doe"."""
    return drop_lines(text, NAME, _reason)
