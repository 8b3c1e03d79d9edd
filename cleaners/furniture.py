"""Drop page furniture: section labels, summary boxes, end-of-page notices and copyright lines."""

from __future__ import annotations

import re

from cleaners._lines import line_words
from cleaners.article import CleanContext, Removal
from cleaners.labels import (
    ADVERTISEMENT_LINE,
    AGENCY_NOTE_LINE,
    CONSENT_PLACEHOLDER_LINE,
    CONTENT_LABEL_LINE,
    CREDIT_ROLE,
    READING_TIME_LINE,
    SOURCE_LINE,
    SUMMARY_HEADING_LINE,
)

NAME = "furniture"

# Lone lines that label a part of the page rather than say anything.
_LABEL = re.compile(
    r"""(?:story | opinions? | advertisement | advertising | sponsored(?:\scontent)? | ad
      | trending | tags? | topics | filed\sunder | categories | share\sthis | print
      | you\s?'?ve\sreached\sthe\send | end\sof\s(?:article|story) | back\sto\stop | top
      | continue\sreading | scroll\sto\scontinue(?:\swith\scontent)? | loading
      | this\s(?:article|story)\sis\sclosed\sfor\scomments | more\sbelow
    )""",
    re.VERBOSE,
)
# "Copyright 2019 ...", "© Example", "(c) 2019": the word alone opens sentences about the law.
_COPYRIGHT = re.compile(
    r"^\W*(?:copyright\s*(?:©|ⓒ|\(c\)|\d{4}|:)|©|ⓒ|\(c\)\s*\d{4})|all rights reserved|©\s*\d{4}",
    re.IGNORECASE,
)
# "copyright Example 2019 - ISSN ...": a notice, not a sentence (those end with a full stop).
_COPYRIGHT_NOTICE = re.compile(r"^\W*copyright\s+(?:\S+\s+){0,3}(?:19|20)\d{2}\b.*[^.]$", re.I)
# "Filed under: Politics | Europe", "Tags: Kim Jong Un, Russia": the page's index terms.
_INDEX_TERMS = re.compile(
    r"^\W*(?:filed\s+under|tags?|tagged(?:\s+with)?|topics|categories"
    # the same in other languages: de, fr, es/pt, it, pl, cs, no/da/sv, tr, ko, ja, zh
    r"|themen|schlagw(?:o|ö)rte|stichw(?:o|ö)rte|mots[\s-]cl(?:é|e)s|(?:é|e)tiquettes|etiquetas"
    r"|temas|argomenti|tagi|tematy|štítky|témata|emneord|etiketter|konular|태그|タグ|标签)\s*:",
    re.IGNORECASE,
)
_MAX_INDEX_WORDS = 20
_SUMMARY_HEADING = re.compile(
    r"(?:story\s)?highlights|key\s(?:points|takeaways|facts)|at\sa\sglance|in\sbrief|tl\s?dr"
    r"|summary|quick\sread|the\sshort\sversion"
    rf"|{SUMMARY_HEADING_LINE.pattern}"
)
_BULLET = re.compile(r"\s*(?:[•·▪◦‣●*–-]|\d{1,2}[.)])\s+\S")
# "Redaktion: Jane Doe, Faktencheck: John Roe": staff credits, roles and names, no sentence.
_CREDIT_LINE = re.compile(rf"^\W*{CREDIT_ROLE.pattern}\s*:\s*\S", re.IGNORECASE)
_MAX_CREDIT_WORDS = 30
# "Jane Doe in Berlin contributed to this report.": the wire's contributor note.
_CONTRIBUTED = re.compile(
    r"\bcontributed(?:\s+reporting|\s+to\s+(?:this|the)\s+(?:report|story|article))\b", re.I
)
_MAX_CONTRIBUTOR_WORDS = 60
# "(Reporting by Jane Doe; Editing by John Roe)": the wire's credits, in brackets.
_WIRE_CREDITS = re.compile(
    r"^\W*\(\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|edited|written)\s+by\b"
    r"[^()]*\)\W*$"
    # unbracketed: "Reporting by Jane Doe; Editing by John Roe" (two roles, no sentence)
    r"|^\W*(?:reporting|writing)\s+by\b[^.]*[;,]\s*(?:additional\s+reporting|writing|editing)"
    r"\s+by\b[^.]*\.?$",
    re.IGNORECASE,
)
_MAX_SOURCE_WORDS = 6
_MAX_READING_TIME_WORDS = 8
_MAX_AGENCY_NOTE_WORDS = 12
_MAX_LABEL_WORDS = 8
_MAX_COPYRIGHT_WORDS = 25


def _names_only(line: str) -> bool:
    """Whether the words after each role label are names: capitalised, no sentence in them."""
    if _SENTENCE_STOP.search(line):
        return False
    rest = [w for w in CREDIT_ROLE.sub(" ", line).replace(":", " ").split() if w.isalpha()]
    lower = [w for w in rest if w.islower() and w not in _NAME_JOINERS]
    return bool(rest) and len(lower) <= len(rest) // 4


_SENTENCE_STOP = re.compile(r"\w{3,}[.!?](?:\s|$)")
_NAME_JOINERS = frozenset({"und", "and", "et", "y", "i", "a", "og", "och", "en", "e", "von",
                           "van", "de", "der", "den", "di", "da", "du", "le", "la", "mit", "with"})


def _line_reason(line: str) -> str | None:
    stripped = line.strip()
    if len(line_words(stripped)) <= _MAX_CONTRIBUTOR_WORDS and _CONTRIBUTED.search(stripped):
        return "contributor note"
    if len(line_words(stripped)) <= _MAX_CONTRIBUTOR_WORDS and _WIRE_CREDITS.match(stripped):
        return "staff credits"
    if stripped.count(" ") >= _MAX_COPYRIGHT_WORDS:
        return None  # longer than any label, index line or copyright notice
    words = line_words(stripped)
    plain = " ".join(words)
    if len(words) <= _MAX_LABEL_WORDS and (
        _LABEL.fullmatch(plain) or ADVERTISEMENT_LINE.fullmatch(plain)
    ):
        return "section label or end-of-page notice"
    if (len(words) <= _MAX_READING_TIME_WORDS and any(w.isdigit() for w in words)
            and READING_TIME_LINE.search(plain)):
        return "reading time estimate"
    if len(words) <= 12 and CONSENT_PLACEHOLDER_LINE.search(plain):
        return "placeholder of an embed blocked until consent"
    if (len(words) <= _MAX_SOURCE_WORDS and SOURCE_LINE.match(stripped)
            and not _SENTENCE_STOP.search(stripped)):
        return "source credit"
    if len(words) <= 2 and CONTENT_LABEL_LINE.fullmatch(plain):
        return "label of the page's content type"
    if len(words) <= _MAX_CREDIT_WORDS and _CREDIT_LINE.match(stripped) and _names_only(stripped):
        return "staff credits"
    if len(words) <= _MAX_AGENCY_NOTE_WORDS and AGENCY_NOTE_LINE.match(plain):
        return "note of the agency material used"
    if len(words) <= _MAX_INDEX_WORDS and _INDEX_TERMS.match(stripped):
        return "index terms of the page"
    if len(words) <= _MAX_COPYRIGHT_WORDS and (
        _COPYRIGHT.search(stripped) or _COPYRIGHT_NOTICE.match(stripped)
    ):
        return "copyright line"
    return None


def drop_furniture(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Drop label lines, copyright lines, and a summary box (a heading then bullet lines).

    A "Highlights"/"Key points" box restates the story in bullets the site generated; the
    article itself follows, so the box goes with its heading.
    """
    lines = text.split("\n")
    kept: list[str] = []
    removed: list[Removal] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        words = line_words(line) if line.count(" ") < 6 else []
        if words and len(words) <= 4 and _SUMMARY_HEADING.fullmatch(" ".join(words)):
            end = index + 1
            while end < len(lines) and (not lines[end].strip() or _BULLET.match(lines[end])):
                end += 1
            bullets = [b.strip() for b in lines[index + 1 : end] if b.strip()]
            if bullets:
                removed.append(Removal(NAME, line.strip(), "heading of a summary box"))
                removed.extend(Removal(NAME, b, "bullet of a summary box") for b in bullets)
                index = end
                continue
        reason = _line_reason(line) if line.strip() else None
        if reason:
            removed.append(Removal(NAME, line.strip(), reason))
        else:
            kept.append(line)
        index += 1
    return "\n".join(kept), removed
