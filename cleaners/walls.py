"""Bot walls and paywalls: pages that stand in for the article, told by general signals.

A bot wall (a JavaScript or cookie challenge, a captcha, an "enable JavaScript" page, a 403
or 503 block page) says little and asks the reader to prove something; a paywall stub is
an article cut short with an offer to subscribe. Neither is ever keyed to a site: each
signal is wording or markup that challenge and paywall pages share across vendors and
publishers, and a page is only judged when its own text is short, so an article that
merely talks about captchas or subscriptions stays an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html
from lxml.etree import ParserError

BOT_WALL = "bot_wall"
PAYWALL = "paywall"

# A challenge page says a sentence or two; a block page a paragraph. Articles say more.
MAX_WALL_WORDS = 150
# A paywall stub shows a lead, sometimes a few paragraphs, before its offer.
MAX_STUB_WORDS = 250
# Only the start of a page is searched for signals: challenge pages are small, and a stub's
# markup and offer come before its comments and footers.
_HEAD_CHARS = 1_000_000

# Challenge markup: captcha widgets, challenge forms and scripts, by their generic names.
_CHALLENGE_MARKUP = re.compile(
    r"""class=["'][^"']*\b(?:g-recaptcha|h-captcha|cf-turnstile|captcha)\b"""
    r"""|<(?:iframe|script)[^>]+src=["'][^"']*captcha"""
    r"""|<form[^>]+(?:id|class|action|name)=["'][^"']*challenge"""
    r"""|challenge-platform|_challenge\b|captcha-delivery""",
    re.IGNORECASE,
)
# What challenge and block pages say to the reader.
_CHALLENGE_WORDS = re.compile(
    r"\benable (?:javascript|js|cookies)\b"
    r"|\b(?:javascript|cookies) (?:is|are|must be) (?:disabled|required|enabled)\b"
    r"|\bchecking (?:your browser|if the site connection is secure)\b"
    r"|\bverify(?:ing)? (?:that )?you(?:'re| are) (?:a )?human\b"
    r"|\bare you a (?:robot|human)\b|\bnot a robot\b|\brobot or human\b"
    r"|\bcaptcha\b|\bunusual traffic\b|\bautomated (?:queries|requests|access)\b"
    r"|\bpress (?:&|&amp;|and) hold\b|\bsecurity check\b|\bddos protection\b"
    r"|\bbot (?:detection|protection)\b|\bjust a moment\b|\battention required\b"
    r"|\bpardon our interruption\b|\baccess (?:to this page )?(?:has been )?denied\b"
    r"|\brequest (?:was |has been )?blocked\b|\byou (?:have been|are|were) blocked\b"
    r"|\b(?:ray|incident|reference|support) id\b",
    re.IGNORECASE,
)
# A publisher's own statement that the page's content is locked (schema.org, Open Graph).
_LOCKED_MARKUP = re.compile(
    r""""isAccessibleForFree"\s*:\s*(?:false|"false")"""
    r"""|<meta[^>]+(?:property|name)=["']article:content_tier["'][^>]+content=["']locked"""
    r"""|<meta[^>]+content=["']locked["'][^>]+(?:property|name)=["']article:content_tier""",
    re.IGNORECASE,
)
_PAYWALL_MARKUP = re.compile(r"""(?:class|id)=["'][^"']*pay-?wall""", re.IGNORECASE)
# What a paywall stub says where the article stops.
_PAYWALL_WORDS = re.compile(
    r"\bsubscribe (?:now )?to (?:continue|keep) reading\b"
    r"|\bto (?:continue|keep) reading,? (?:please )?(?:subscribe|sign in|log in|register)\b"
    r"|\b(?:this|the) (?:full )?(?:article|story|content) is (?:only )?"
    r"(?:available|reserved|exclusive(?:ly)?) (?:to|for) (?:our )?(?:paying )?"
    r"(?:subscribers|members)\b"
    r"|\b(?:subscribers|members)[- ]only (?:article|story|content)\b"
    r"|\bbecome a (?:subscriber|member) to (?:read|continue|unlock)\b"
    r"|\byou(?:'ve| have) reached (?:your|the) (?:limit of )?(?:free )?(?:article|story)"
    r"(?:s)? limit\b|\bunlock (?:this|the full) (?:article|story)\b"
    r"|\bto read (?:the|this) full (?:article|story)\b"
    r"|\b(?:sign up|register|log in|subscribe) (?:now )?to read (?:more|the rest|on)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
# Every match of the two challenge patterns holds one of these literals (lowercased) and
# ends less than _AFTER characters after the literal starts; a wording match starts at
# most _BEFORE characters before its literal ("access to this page has been denied"), a
# markup match no earlier than the `<` of the tag the literal is in. So the patterns are
# searched only around the literals: on a long page a pattern would try every alternative
# at every position, tens of ms a page.
_MARKUP_LITERALS = ("captcha", "challenge", "turnstile")
_WORDS_LITERALS = (
    "enable javascript", "enable js", "enable cookies", "javascript is", "javascript are",
    "javascript must", "cookies is", "cookies are", "cookies must", "checking your browser",
    "checking if the site", "verify you", "verify that you", "verifying you",
    "verifying that you", "are you a ", "not a robot", "robot or human", "captcha",
    "unusual traffic", "automated queries", "automated requests", "automated access",
    "press & hold", "press &amp; hold", "press and hold", "security check",
    "ddos protection", "bot detection", "bot protection", "just a moment",
    "attention required", "pardon our interruption", "denied", "blocked", "ray id",
    "incident id", "reference id", "support id",
)  # fmt: skip
_BEFORE, _AFTER = 40, 64
# Lowercasing that keeps every character's place: the four characters the patterns'
# IGNORECASE takes for ASCII letters, mapped first (U+0130 would lowercase to two).
_ODD_CASE = "\u0130\u0131\u017f\u212a"
_FOLD = str.maketrans(dict(zip(_ODD_CASE, "iisk", strict=True)))


def _windows(folded: str, literals: tuple[str, ...], in_tag: bool) -> list[tuple[int, int]]:
    """The stretches of text a match may lie in: around each literal, overlaps merged."""
    spans = []
    for literal in literals:
        at = folded.find(literal)
        while at >= 0:
            start = at - _BEFORE
            if in_tag:
                start = min(start, folded.rfind("<", 0, at))
            spans.append((max(0, start), at + _AFTER))
            at = folded.find(literal, at + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _search(
    pattern: re.Pattern[str], literals: tuple[str, ...], text: str, in_tag: bool = False
) -> re.Match[str] | None:
    """`pattern.search(text)`, run only on the windows around the literals text holds."""
    odd = any(char in text for char in _ODD_CASE)
    folded = (text.translate(_FOLD) if odd else text).lower()
    for start, end in _windows(folded, literals, in_tag):
        found = pattern.search(text, start, end)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class Wall:
    """A page that is a wall, not an article: its kind and the signal that gave it away."""

    kind: str
    signal: str


def _visible_text(html: str) -> tuple[str, str]:
    """(title, visible text) of a page: script and style left out, noscript kept."""
    try:
        tree = lxml_html.document_fromstring(html)
    except (ParserError, ValueError):
        return "", ""
    for element in tree.iter("script", "style", "template"):
        element.drop_tree()
    title = tree.findtext(".//title") or ""
    body = tree.find(".//body")
    return title, " ".join((body if body is not None else tree).text_content().split())


def _signal(match: re.Match[str] | None) -> str | None:
    return " ".join(match.group(0).split())[:80] if match else None


def find_bot_wall(html: str, status: int = 200) -> Wall | None:
    """The page is a challenge or block page rather than content, and why; else None.

    An error status (403, 429, 503...) with any challenge signal is a wall; a 200 needs
    markup of a challenge, or its wording in the title, or two different phrases of it.
    Either way the page must say little (`MAX_WALL_WORDS`).
    """
    head = html[:_HEAD_CHARS]
    markup = _search(_CHALLENGE_MARKUP, _MARKUP_LITERALS, head, in_tag=True)
    wording = _search(_CHALLENGE_WORDS, _WORDS_LITERALS, head)
    if markup is None and wording is None:
        return None  # the cheap test: most pages end here, unparsed
    title, text = _visible_text(html)  # the whole page: its text may come after the markup
    if len(_WORD.findall(text)) > MAX_WALL_WORDS:
        return None
    said = {m.group(0).lower() for m in _CHALLENGE_WORDS.finditer(f"{title} {text}")}
    in_title = _CHALLENGE_WORDS.search(title)
    if status >= 400 and (markup or said):
        return Wall(BOT_WALL, f"HTTP {status}: {_signal(markup) or sorted(said)[0]}")
    if markup is not None:
        return Wall(BOT_WALL, f"challenge markup: {_signal(markup)}")
    if in_title is not None:
        return Wall(BOT_WALL, f"title: {_signal(in_title)}")
    if len(said) >= 2:
        return Wall(BOT_WALL, "says: " + "; ".join(sorted(said)[:3]))
    return None


def find_paywall(html: str, article_text: str) -> Wall | None:
    """The page is a paywall stub (a short article with an offer to subscribe); else None.

    A publisher's own "locked" markup, a paywall element, or the wording of a stub's offer
    counts only when the extracted article is short (`MAX_STUB_WORDS`): a paywalled page
    that still carries its whole text is an article.
    """
    if len(_WORD.findall(article_text)) > MAX_STUB_WORDS:
        return None
    head = html[:_HEAD_CHARS]
    for pattern, label in (
        (_LOCKED_MARKUP, "marked locked"),
        (_PAYWALL_MARKUP, "paywall element"),
        (_PAYWALL_WORDS, "says"),
    ):
        found = pattern.search(head)
        if found is not None:
            return Wall(PAYWALL, f"{label}: {_signal(found)}")
    return None
