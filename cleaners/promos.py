"""Drop newsletter and subscription promos, related/read-more links and comment-section text."""

from __future__ import annotations

import re

from cleaners._lines import drop_lines, line_words
from cleaners.article import CleanContext, Removal

NAME = "promos"

_PROMO_CUE = re.compile(
    r"\b(?:newsletters?|inbox|free|today|now|here|updates|alerts|email|unlimited|offer|trial"
    r"|access|digital|membership|our)\b"
)
_SUBSCRIBE_START = re.compile(
    r"(?:subscribe|sign up|signup|register|join|become a (?:member|subscriber)|support our"
    r"|get (?:the|our) (?:best|latest|top|daily|weekly)|get the latest|click here|tap here)\b"
)
_NEWSLETTER = re.compile(r"\bnewsletters?\b")
_NEWSLETTER_CUE = re.compile(
    r"\b(?:sign up|subscribe|inbox|delivered|receive|get|free|weekly|daily|email|straight to)\b"
)
# "Related: <headline>" and friends: a label, a separator, then a link's text.
_LINK_LABEL = re.compile(
    r"""\W*(?:related(?:\s(?:post|posts|article|articles|story|stories|coverage|content|reading
        |news|links?|video))? | read\s(?:more|also|next|this) | also\sread | see\salso | also\ssee
      | more(?:\son\sthis(?:\sstory)?|\sfrom\s[\w\s]{1,30}|\sstories|\sreading|\snews)?
      | recommended(?:\sfor\syou|\sreading)? | must\sread | don\s?t\smiss | watch(?:\snow)?
      | listen | trending(?:\snow)? | in\sother\snews | top\sstories | most\s(?:read|popular)
      | you\s(?:may|might)\salso\slike | editor\s?s\spicks?
    )\s*(?:[:|>»—–-]|\.\.\.|…)""",
    re.IGNORECASE | re.VERBOSE,
)
# The same labels standing alone as the heading of a list of links.
_LINK_HEADING = re.compile(
    r"""(?:related(?:\s(?:posts?|articles?|stories|coverage|content|reading|news|links?))?
      | read\smore | more\sstories | more\snews | more\sfrom\s.{1,30} | recommended(?:\sfor\syou)?
      | you\s(?:may|might)\s(?:also\s)?(?:like|enjoy|be\sinterested\sin)
      | most\s(?:read|popular|viewed|shared) | trending(?:\snow)? | top\sstories | see\salso
      | also\sread | what\sto\sread\snext | up\snext | recommended\sreading
    )""",
    re.VERBOSE,
)
_COMMENTS = re.compile(
    r"""(?:\d+\s)?comments? | (?:leave|post|add|write|submit)\s(?:a|your)\s(?:reply|comment)
      | comments\sare\s(?:closed|disabled|moderated) | (?:show|view|load|hide|see)(?:\sall)?
        (?:\s\d+)?\scomments? | join\sthe\s(?:conversation|discussion|debate)
      | be\sthe\sfirst\sto\scomment | cancel\sreply | no\scomments(?:\syet)?
      | you\smust\sbe\slogged\sin\sto\spost\sa\scomment | conversation | discussion
      | your\semail\saddress\swill\snot\sbe\spublished.* | required\sfields\sare\smarked.*
    """,
    re.VERBOSE,
)


def _reason(line: str) -> str | None:
    stripped = line.strip()
    words = line_words(stripped)
    plain = " ".join(words)
    if _LINK_LABEL.match(stripped.lstrip("[")):
        return "link to another article"
    if len(words) <= 8 and _LINK_HEADING.fullmatch(plain):
        return "heading of a list of links to other articles"
    if len(words) <= 12 and _COMMENTS.fullmatch(plain):
        return "comment-section text"
    if len(words) <= 40 and _NEWSLETTER.search(plain) and _NEWSLETTER_CUE.search(plain):
        return "newsletter promo"
    if len(words) <= 40 and _SUBSCRIBE_START.match(plain) and _PROMO_CUE.search(plain):
        return "subscription or sign-up promo"
    return None


def drop_promos(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Drop promos for newsletters and subscriptions, links to other articles and comment chrome."""
    return drop_lines(text, NAME, _reason)
