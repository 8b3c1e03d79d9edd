"""Drop newsletter and subscription promos, related/read-more links and comment-section text.

The read-more labels come in many languages (`cleaners.labels`); the newsletter and
subscription cues are English and only ever remove short English lines.
"""

from __future__ import annotations

import re

from cleaners._lines import drop_lines, line_words
from cleaners.article import CleanContext, Removal
from cleaners.labels import PAYWALL_NOTICE, READ_ALSO_LABEL, READ_ALSO_LINE, READ_ALSO_START

NAME = "promos"

_PROMO_CUE = re.compile(
    r"\b(?:newsletters?|inbox|free|today|now|here|updates|alerts|email|unlimited|offer|trial"
    r"|access|digital|membership|our|subscriptions?|issues|delivered)\b"
)
_SUBSCRIBE_START = re.compile(
    r"(?:subscribe|sign up|signup|register|join|become a (?:member|subscriber)|support our"
    r"|get (?:the|our) (?:best|latest|top|daily|weekly)|get the latest|get access|get unlimited"
    r"|click here|tap here)\b"
)
_NEWSLETTER = re.compile(r"\bnewsletters?\b")
_NEWSLETTER_CUE = re.compile(
    r"\b(?:sign up|subscribe|inbox|delivered|receive|get|free|weekly|daily|email|straight to"
    # the same cues in German, French, Spanish, Italian, Polish, Dutch, Scandinavian
    r"|abonnieren|anmelden|kostenlos|täglich|wöchentlich|jeden|postfach|hier entlang"
    r"|inscrivez|inscrire|gratuit|quotidienne|chaque|suscríbete|gratis|cada|iscriviti|ogni"
    r"|zapisz|bezpłatny|codziennie|schrijf|gratis|elke|meld deg|hver)\b"
)
# "Newsletter: Sport inside": the name of a newsletter as a label, in any language.
_NEWSLETTER_LABEL = re.compile(r"\W*newsletter\s*:", re.IGNORECASE)
# "Related: <headline>" and friends: a label, a separator, then a link's text.
_LINK_LABEL = re.compile(
    r"""\W*(?:related(?:\s(?:post|posts|article|articles|story|stories|coverage|content|reading
        |news|links?|video))? | read\s(?:more|also|next|this) | also\sread | see\s(?:also|more)
      | also\ssee
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
      | most\s(?:read|popular|viewed|shared)(?:\sin\s\w+(?:\s\w+)?)? | trending(?:\snow)?
      | top\sstories | see\salso
      | don\s?t\smiss | more\son\sthis(?:\sstory|\stopic)? | in\scase\syou\smissed\sit
      | also\sread | what\sto\sread\snext | up\snext | recommended\sreading
    )""",
    re.VERBOSE,
)
_COMMENTS = re.compile(
    r"""(?:\d+\s)?(?:comments?|kommentare?|commentaires?|comentarios?|commenti|comentários?
        |reacties) | (?:leave|post|add|write|submit)\s(?:a|your)\s(?:reply|comment)
      | comments\sare\s(?:closed|disabled|moderated) | (?:show|view|load|hide|see)(?:\sall)?
        (?:\s\d+)?\scomments? | join\sthe\s(?:conversation|discussion|debate)
      | be\sthe\sfirst\sto\scomment | cancel\sreply | no\scomments(?:\syet)?
      | you\smust\sbe\slogged\sin\sto\spost\sa\scomment | conversation | discussion
      | your\semail\saddress\swill\snot\sbe\spublished.* | required\sfields\sare\smarked.*
      | tell\sus\swhat\syou\sthink | what\sdo\syou\sthink | have\syour\ssay
      | let\sus\sknow\s(?:what\syou\sthink|in\sthe\scomments)
    """,
    re.VERBOSE,
)


# "Also on example.com <headline>": a teaser for another page of the same site.
_SITE_TEASER = re.compile(r"\W*also\s+on\s+[\w-]+\.[a-z]{2,}\b", re.IGNORECASE)
# "<headline> [VIDEO]": tabloids tag links to their other stories with a bracketed label.
_TAGGED_LINK = re.compile(r"\[[A-Z][A-Z ]{2,15}\]\W*$")
_CLICK_HERE = re.compile(r"\b(?:click|tap)(?:ing)?\s+here\b", re.IGNORECASE)
_SHARE_PROMPT = re.compile(
    r"\b(?:like|enjoy(?:ed)?|love)\s+this\s+(?:story|article|post)\b"
    r"|\bshare\s+(?:it|this(?:\s+(?:story|article))?)\s+with\s+(?:a\s+friend|your\s+friends)\b",
    re.IGNORECASE,
)


# "Follow him on Twitter @name", "Follow The Times Opinion section on Facebook": the author's
# or the site's social promo, as a sentence of its own (a story's "fans who follow her on
# Instagram" is lower case, inside a sentence).
_FOLLOW_PROMO = re.compile(
    r"(?:^|[.!?]\s+)(?:Follow|Like|Find)\s+(?:[\w@()'’.-]+\s+){1,7}?"
    r"on\s+(?:Twitter|Facebook|Instagram|YouTube|LinkedIn|TikTok|Threads|Bluesky|X)\b"
    # "Download the Courier app for alerts": the site's app promo, as a sentence of its own.
    r"|(?:^|[.!?]\s+)(?:Download|Get|Install)\s+(?:the|our)\s+(?:[A-Z][\w’'&-]*\s+){1,4}app\b"
)
# "Have a tip? Jane Doe may be reached at jdoe@example.com": the author's contact line.
_CONTACT = re.compile(r"\b(?:may|can)\s+be\s+(?:reached|contacted)\s+at\s+\S+@\S+", re.I)
_MAX_BIO_WORDS = 60
_MAX_TEASER_WORDS = 25
_SENTENCE_END = ".!?。！？"
# ">> Find all the dates here", "→ Our guide": a line opened by an arrow is a link.
_LINK_ARROW = re.compile(r"(?:>>|→|►|▶|⇒)\s*\w")
_QUOTE_MARKS = "\"“”‘’'«»„"
# A teaser's summary cut off mid-sentence: a word run straight into "..." or "…" at the end.
_CUT_OFF = re.compile(r"\w(?:\.\.\.|…)$")
_MIN_CUT_TEASER_WORDS = 8


def _reason(line: str) -> str | None:
    stripped = line.strip()
    if stripped.count(" ") >= _MAX_BIO_WORDS:
        return None  # a paragraph of the story: longer than any promo below
    words = line_words(stripped)
    plain = " ".join(words)
    if _LINK_LABEL.match(stripped.lstrip("[")) or READ_ALSO_LABEL.match(stripped):
        return "link to another article"
    # "À lire aussi La natalité russe...": a label, then a headline (which ends without a stop).
    if (len(words) <= _MAX_TEASER_WORDS and stripped[-1] not in _SENTENCE_END
            and READ_ALSO_START.match(plain)):
        return "link to another article"
    if (len(words) >= _MIN_CUT_TEASER_WORDS and _CUT_OFF.search(stripped)
            and stripped[:1] not in _QUOTE_MARKS):
        return "teaser of another article (its text is cut off)"
    if len(words) <= _MAX_TEASER_WORDS and _LINK_ARROW.match(stripped):
        return "link to another page"
    if len(words) <= _MAX_BIO_WORDS // 2 and PAYWALL_NOTICE.search(stripped):
        return "paywall notice"
    if _SITE_TEASER.match(stripped) or (len(words) <= 25 and _TAGGED_LINK.search(stripped)):
        return "link to another article"
    if len(words) <= 30 and _CLICK_HERE.search(stripped):
        return "link prompt"
    if len(words) <= 15 and _SHARE_PROMPT.search(stripped):
        return "prompt to share the article"
    is_bio = _FOLLOW_PROMO.search(stripped) or _CONTACT.search(stripped)
    if len(words) <= _MAX_BIO_WORDS and is_bio:
        return "author's or site's social or contact promo"
    if len(words) <= 8 and (_LINK_HEADING.fullmatch(plain) or READ_ALSO_LINE.fullmatch(plain)):
        return "heading of a list of links to other articles"
    if len(words) <= 12 and _COMMENTS.fullmatch(plain):
        return "comment-section text"
    if stripped[:1] in _QUOTE_MARKS:
        return None  # someone speaking ("Join our movement today," she said) is the story
    if len(words) <= 6 and _NEWSLETTER_LABEL.match(stripped):
        return "newsletter promo"
    if len(words) <= 40 and _NEWSLETTER.search(plain) and _NEWSLETTER_CUE.search(plain):
        return "newsletter promo"
    is_list_item = stripped[:1] in "-•*–"  # an option listed in the story, not a promo
    if (len(words) <= 40 and not is_list_item and _SUBSCRIBE_START.match(plain)
            and _PROMO_CUE.search(plain)):
        return "subscription or sign-up promo"
    return None


def drop_promos(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Drop promos for newsletters and subscriptions, links to other articles and comment chrome."""
    return drop_lines(text, NAME, _reason)
