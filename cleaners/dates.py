"""Read a timestamp written out in a line of text ("Oct 24, 2025 03:58 AM IST", "2025-12-27")."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs",
    "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday",
}
# Zone abbreviations news sites print; the ambiguous ones take their most common news meaning.
_ZONES = {
    "utc": 0, "gmt": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
    "msk": 180, "ist": 330, "pkt": 300, "sgt": 480, "hkt": 480, "jst": 540, "kst": 540,
    "aest": 600, "aedt": 660, "est": -300, "edt": -240, "cst": -360, "cdt": -300,
    "mst": -420, "mdt": -360, "pst": -480, "pdt": -420, "et": -300, "pt": -480,
}
_FILLER = {
    "at", "on", "of", "the", "st", "nd", "rd", "th", "updated", "published", "posted", "date",
    "dated", "modified", "last", "first",
}
_TOKEN = re.compile(
    r"(?P<iso>\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)"
    r"|(?P<numeric>\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"
    r"|(?P<time>\d{1,2}[:.]\d{2}(?::\d{2})?)\s*(?P<ampm>[ap]\.?m\.?)?"
    r"|(?P<offset>(?:utc|gmt)?[+-]\d{1,2}(?::?\d{2})?)"
    r"|(?P<number>\d{1,4})(?:st|nd|rd|th)?"
    r"|(?P<word>[a-z]+)\.?"
    r"|(?P<punct>[|,/.:\-–—])",
    re.IGNORECASE,
)


def _zone(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


def parse_timestamp(text: str) -> datetime | None:
    """The date and time a short text states, or None if the text is anything but a timestamp.

    Every token must be part of a date, a time, a zone or filler, so a sentence that mentions
    a date is not a timestamp. A time without a zone is taken as UTC.
    """
    year = month = day = None
    hour = minute = second = 0
    zone: timezone | None = None
    position = 0
    text = text.strip()
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        match = _TOKEN.match(text, position)
        if not match:
            return None
        position = match.end()
        kind = match.lastgroup if match.lastgroup != "ampm" else "time"
        value = match.group(kind).lower() if kind else ""
        if kind == "iso":
            try:
                parsed = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
            except ValueError:
                return None
            year, month, day = parsed.year, parsed.month, parsed.day
            hour, minute, second = parsed.hour, parsed.minute, parsed.second
            zone = parsed.tzinfo or zone  # type: ignore[assignment]
        elif kind == "numeric":
            first, second_part, third = (int(p) for p in re.split(r"[/.]", value))
            # Day first unless that is impossible: most of the world writes dates that way.
            day, month = (first, second_part) if second_part <= 12 else (second_part, first)
            year = third + 2000 if third < 100 else third
        elif kind == "time":
            pieces = [int(p) for p in re.split(r"[:.]", value)]
            hour, minute = pieces[0], pieces[1]
            second = pieces[2] if len(pieces) > 2 else 0
            ampm = (match.group("ampm") or "").replace(".", "").lower()
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
        elif kind == "offset":
            digits = re.sub(r"^(?:utc|gmt)", "", value)
            sign = -1 if digits.startswith("-") else 1
            digits = digits[1:].replace(":", "")
            hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (
                int(digits), 0)
            if hours > 14 or minutes > 59:
                return None
            zone = _zone(sign * (hours * 60 + minutes))
        elif kind == "number":
            number = int(value)
            if number > 31:
                year = number
            elif day is None:
                day = number
            else:
                return None
        elif kind == "word":
            if value in _MONTHS:
                month = _MONTHS[value]
            elif value in _ZONES:
                zone = _zone(_ZONES[value])
            elif value not in _WEEKDAYS and value not in _FILLER and value not in ("am", "pm"):
                return None
    if year is None or month is None or day is None:
        return None
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone or UTC)
    except ValueError:
        return None
