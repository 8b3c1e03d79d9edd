"""Drop share and social widgets, account and app chrome: lines that are buttons, not prose."""

from __future__ import annotations

import re

from cleaners._lines import drop_lines, line_words
from cleaners.article import CleanContext, Removal

NAME = "widgets"

_NETWORKS = (
    r"(?:facebook|twitter|x|instagram|youtube|linkedin|whatsapp|telegram|reddit|pinterest"
    r"|tiktok|threads|bluesky|mastodon|snapchat|flipboard|messenger|email|e mail|google news)"
)
# Whole lines (as case-folded words) that are a control of the page, never a sentence.
_CHROME_LINE = re.compile(
    rf"""(?:
        (?:teilen|partager|compartir|condividi|compartilhar|delen|udostępnij)
            (?:\s(?:auf|sur|en|su|no|op|na))?(?:\s(?:und\s|et\s|y\s|e\s)?{_NETWORKS})*
      | share(?:\s(?:this|the))?(?:\s(?:article|story|post|page|video|link))?
            (?:\s(?:on|via|with|to))?(?:\s(?:and\s)?{_NETWORKS})*
      | (?:(?:share|tweet|pin\sit|print|copy\slink|link\scopied|comment|{_NETWORKS})\s?)+
      | (?:follow|like|join|find|connect\swith)\s(?:us|me|@?\w+(?:\s\w+){{0,3}})\s(?:on|at)
            (?:\s(?:and\s)?{_NETWORKS})+
      | (?:story|article)\ssaved | saved(?:\sarticles|\sstories)? | save(?:\sarticle|\sstory)?
      | following | follow | unfollow | my\s(?:reads|account|profile|feed|news)
      | sign\s(?:in|out|up) | log\s?(?:in|out) | register | logout | login
      | (?:get|download|open\sin|install)(?:\sthe|\sour)?(?:\s\w+)?\sapp
      | subscribe(?:\snow|\stoday)? | live\sscores? | close | menu | search | home
      | skip\sto(?:\smain)?\scontent | toggle\snavigation | listen\sto\s(?:this\s)?article
      | \d+(?:\s\d+)?k?\s(?:shares?|views|likes) | font\ssize | text\ssize | a\s?a
    )""",
    re.VERBOSE,
)
_MAX_WIDGET_WORDS = 12
_ICON_NAME = re.compile(r"[\w-]+[-_]icon|icon[-_][\w-]+")


def _reason(line: str) -> str | None:
    stripped = line.strip()
    if stripped.count(" ") >= _MAX_WIDGET_WORDS:
        return None  # longer than any control
    if _ICON_NAME.fullmatch(stripped):
        return "icon name leaked from the page"
    words = line_words(stripped)
    if words and len(words) <= _MAX_WIDGET_WORDS and _CHROME_LINE.fullmatch(" ".join(words)):
        return "share, social or account control"
    return None


def drop_widgets(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Drop lines that are share buttons, social follow links, account or app controls."""
    return drop_lines(text, NAME, _reason)
