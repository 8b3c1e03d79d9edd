"""Move bylines, datelines and timestamps out of the body; their text goes to the metadata."""

from __future__ import annotations

import re

from cleaners._lines import line_words
from cleaners.article import CleanContext, Removal
from cleaners.dates import parse_timestamp

NAME = "bylines"

_AGENCIES = (
    "Reuters", "AP", "AFP", "Associated Press", "Agence France-Presse", "PTI", "ANI", "IANS",
    "UNI", "Bloomberg", "dpa", "EFE", "ANSA", "Kyodo", "Yonhap", "Xinhua", "TASS", "CNA",
    "AAP", "PA", "PA Media", "Press Association", "Anadolu", "WENN", "HT News Desk",
)
_AGENCY = re.compile(rf"(?:{'|'.join(re.escape(a) for a in _AGENCIES)})", re.IGNORECASE)
_BYLINE_START = re.compile(
    r"^\s*(?:by|written by|words by|story by|text by|reporting by|posted by|von|par|por|av|af|di"
    r"|door|przez|autor|autorin|auteur|autore|tekst|text|texte|texto)\s*:?\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
# A person's name: capitalised words, initials and particles ("Ursula von der Leyen").
_NAME = re.compile(
    r"(?:[A-Z][\w'’.-]*|(?:de|da|van|von|der|den|bin|al|el|la|le|di|du|dos|del)\b)"
    r"(?:\s+(?:[A-Z][\w'’.-]*|(?:de|da|van|von|der|den|bin|al|el|la|le|di|du|dos|del)\b)){0,4}"
)
_NAME_SEPARATOR = re.compile(r"\s*(?:,|\band\b|&)\s*")
_CREDIT_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_NOT_A_NAME_START = {
    "the", "this", "that", "then", "now", "next", "early", "late", "mid", "end", "far",
    "contrast", "comparison", "law", "default", "design", "chance", "night", "day",
} | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
     "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december", "noon", "midnight", "tomorrow", "tonight", "today"}
_ROLE = re.compile(
    r"(?:staff|senior|chief|special|political|foreign|deputy|news|sports?|business|tech|"
    r"science|health)?\s*(?:writer|reporter|correspondent|editor|columnist|contributor|desk)s?",
    re.IGNORECASE,
)
_TIMESTAMP_PREFIX = re.compile(
    r"^\s*(?:(?:last\s+)?(?:updated|published|posted|modified|first\s+published|date|dated)"
    r"(?:\s+(?:on|at))?\s*[:\-]?\s*)",
    re.IGNORECASE,
)
_RELATIVE_TIME = re.compile(
    r"(?:(?:updated|published|posted)\s+)?(?:(?:\d+|an?|one|a few)\s+"
    r"(?:sec|secs|second|seconds|min|mins|minute|minutes|hr|hrs|hour|hours|day|days|week|weeks"
    r"|month|months)\s+ago|just\s+now|yesterday|today)",
)
_DATELINE = re.compile(
    r"^(?P<dateline>(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][\w.'’-]+"
    r"(?:\s+[A-Z][\w.'’-]+){0,2})?\s*(?:\((?P<agency>[^()]{2,30})\))?"
    r"|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2}(?:,\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})?"
    r"\s*\((?P<agency2>[^()]{2,30})\)))\s*[-—–]+\s+(?=\S)"
)
# "Updated at 1:23 p.m.": a stamp with a time and no date says nothing the metadata can use.
_TIME_ONLY_STAMP = re.compile(
    r"(?:last\s+)?(?:updated|published|posted|modified)(?:\s+(?:at|on))?\s*:?\s*"
    r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?(?:\s+[A-Z]{2,4})?\.?",
    re.IGNORECASE,
)
_LEADING_LINES_FOR_DATELINE = 3
_MAX_BYLINE_WORDS = 16


def _names(credit: str) -> list[str] | None:
    """The people a byline credits, or None if the credit is not a list of names."""
    credit = _ROLE.sub("", credit).strip(" ,")
    parts = [p for p in _NAME_SEPARATOR.split(credit) if p]
    if not parts:
        return None
    for part in parts:
        if not _NAME.fullmatch(part) and not _AGENCY.fullmatch(part):
            return None
    if parts[0].split()[0].casefold() in _NOT_A_NAME_START:
        return None
    return parts


def _credit_parts(line: str) -> list[str]:
    return [p.strip() for p in _CREDIT_SEPARATOR.split(line.strip()) if p.strip()]


def _read_credit_line(line: str) -> list[Removal] | None:
    """Removals (with metadata moves) for a byline/agency/timestamp line, or None."""
    if len(line.split()) > _MAX_BYLINE_WORDS:
        return None
    moves: list[Removal] = []
    for part in _credit_parts(line):
        byline = _BYLINE_START.match(part)
        stamp = _TIMESTAMP_PREFIX.sub("", part)
        if byline and (names := _names(byline.group("rest"))):
            moves += [Removal(NAME, name, "byline", moved_to="authors") for name in names]
        elif _AGENCY.fullmatch(part):
            moves.append(Removal(NAME, part, "news agency credit", moved_to="authors"))
        elif parse_timestamp(stamp):
            moves.append(Removal(NAME, part, "timestamp", moved_to="published"))
        elif _TIME_ONLY_STAMP.fullmatch(part):
            moves.append(Removal(NAME, part, "timestamp without a date"))
        elif _RELATIVE_TIME.fullmatch(" ".join(line_words(part))):
            moves.append(Removal(NAME, part, "relative timestamp (no clock to resolve it)"))
        else:
            return None
    return moves or None


def _strip_timestamp_prefix(line: str) -> tuple[str, Removal | None]:
    """A paragraph that opens with "date 2025-12-27 ..." loses the stamp to the metadata."""
    prefix = _TIMESTAMP_PREFIX.match(line)
    if not prefix or not prefix.group().strip():
        return line, None
    words = line[prefix.end():].split(" ")
    for count in range(min(8, len(words) - 1), 0, -1):
        stamp = " ".join(words[:count])
        if parse_timestamp(stamp):
            removal = Removal(NAME, line[: prefix.end()].strip() + " " + stamp, "timestamp",
                              moved_to="published")
            return " ".join(words[count:]), removal
    return line, None


def _strip_dateline(line: str) -> tuple[str, Removal | None]:
    match = _DATELINE.match(line)
    if not match or len(match.group("dateline").split()) > 8:
        return line, None
    has_agency = match.group("agency") or match.group("agency2")
    place = match.group("dateline").split("(")[0].strip(" ,")
    if not has_agency and not place.replace(",", "").replace(" ", "").isupper():
        return line, None
    removal = Removal(NAME, match.group("dateline").strip(), "dateline", moved_to="dateline")
    return line[match.end():], removal


def move_bylines(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Take out byline, agency-credit and timestamp lines and an opening dateline."""
    kept: list[str] = []
    removed: list[Removal] = []
    paragraphs_seen = 0
    for line in text.split("\n"):
        if not line.strip():
            kept.append(line)
            continue
        credit = _read_credit_line(line)
        if credit:
            removed.extend(credit)
            continue
        line, stamp = _strip_timestamp_prefix(line)
        if stamp:
            removed.append(stamp)
        if paragraphs_seen < _LEADING_LINES_FOR_DATELINE:
            line, dateline = _strip_dateline(line)
            if dateline:
                removed.append(dateline)
        paragraphs_seen += 1
        kept.append(line)
    return "\n".join(kept), removed
