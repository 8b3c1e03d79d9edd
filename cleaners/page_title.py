"""Choose an article's headline: the heading the page shows its reader, checked against the
titles its structured data, social tags and <title> give.

Each place that states a title is a witness. A title wins by how many other witnesses say
the same words (token F1 >= 0.9); the page's own visible heading gets a head start, so it
wins wherever one witness backs it, and loses only where it stands alone against titles
that agree among themselves (a logo or a "Log in" heading is not the headline). A trailing
" - Site name" is cut from a witness where it names the site and the visible heading lacks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from cleaners.metadata_text import plain_text, token_f1, tokens

_AGREE = 0.9
_VISIBLE_HEAD_START = 0.5
_MAX_HEADLINE_WORDS = 60
_MAX_SUFFIX_WORDS = 6
_MAX_HEADINGS = 6
_MARKED_HEADLINES = XPath("//*[@itemprop='headline']")
# Where a page has no <h1> of its own (its only one names a section in the menu), the
# article's heading is the first <h2> of its header: in an <hgroup>, a <header> or the
# <article> itself, not inside a link (a teaser's title).
_ARTICLE_HEADINGS = XPath(
    "(//hgroup//h2 | //header//h2 | //article//h2)[not(ancestor::a)][1]"
)
# "Headline | Site", "Headline - Site", "Headline :: Site", "見出し：サイト", "Headline -- Site".
_SEPARATOR = re.compile(r"\s+(?:[|–—·•:]{1,2}|-{1,2})\s+|\s*[|｜：]\s*|\s*--\s*")
# Headings in these hold the site's chrome, not the article's headline.
_VISIBLE = ("h1", "article h2", "itemprop=headline")
_CHROME = {"nav", "footer", "aside", "dialog", "form"}
_CHROME_HINT = re.compile(r"modal|login|log-in|signin|sign-in|newsletter|cookie|consent|menu",
                          re.IGNORECASE)
# Preference among witnesses that are equally backed: what the reader sees first.
_RANK = {"h1": 0, "article h2": 0, "itemprop=headline": 1, "json-ld headline": 2, "og:title": 3,
         "twitter:title": 4, "<title>": 5, "json-ld name": 6}


@dataclass(frozen=True)
class Witness:
    """A title stated in one place of the page."""

    source: str
    text: str

    @property
    def family(self) -> str:
        """og:title and twitter:title come from one sharing tool: one witness between them."""
        return "social" if self.source in ("og:title", "twitter:title") else self.source


def _in_chrome(element: HtmlElement, known: dict[HtmlElement, bool]) -> bool:
    """Whether an ancestor is navigation, a dialog or a log-in box. `known` keeps the verdict
    for each ancestor seen, so a page's many headings share the walk up their common parents."""
    walked: list[HtmlElement] = []
    verdict = False
    for ancestor in element.iterancestors():
        if ancestor in known:
            verdict = known[ancestor]
            break
        walked.append(ancestor)
        hint = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if ancestor.tag in _CHROME or _CHROME_HINT.search(hint):
            verdict = True
            break
    for ancestor in walked:
        known[ancestor] = verdict
    return verdict


def _headings(tree: HtmlElement) -> list[Witness]:
    found: list[Witness] = []
    known: dict[HtmlElement, bool] = {}
    for element in tree.iter("h1"):
        text = plain_text(element.text_content())
        if text and len(text.split()) <= _MAX_HEADLINE_WORDS and not _in_chrome(element, known):
            found.append(Witness("h1", text))
        if len(found) >= _MAX_HEADINGS:
            break
    if not found:
        for element in _ARTICLE_HEADINGS(tree):
            text = plain_text(element.text_content())
            if text and len(text.split()) <= _MAX_HEADLINE_WORDS and not _in_chrome(element, known):
                found.append(Witness("article h2", text))
    for element in _MARKED_HEADLINES(tree)[:_MAX_HEADINGS]:
        text = plain_text(element.get("content") or element.text_content())
        if text and len(text.split()) <= _MAX_HEADLINE_WORDS:
            found.append(Witness("itemprop=headline", text))
    return found


def _names_the_site(tail: str, site_names: list[str]) -> bool:
    tail_tokens = set(tokens(tail))
    if not tail_tokens or len(tail.split()) > _MAX_SUFFIX_WORDS:
        return False
    for name in site_names:
        name_tokens = set(tokens(name))
        if name_tokens and (tail_tokens <= name_tokens or name_tokens <= tail_tokens):
            return True
        if "".join(tokens(name)) == "".join(tokens(tail)):  # "Golem.de" for "golem.de"
            return True
    return False


def _without_site(text: str, site_names: list[str], visible: list[str]) -> str:
    """The title without the site name it ends or starts with, unless the page's heading has it."""
    parts = _SEPARATOR.split(text)
    while len(parts) > 1 and _names_the_site(parts[-1], site_names):
        parts = parts[:-1]
    while len(parts) > 1 and _names_the_site(parts[0], site_names):
        parts = parts[1:]
    if len(parts) == len(_SEPARATOR.split(text)):
        return text
    shorter = _join_like(text, parts)
    if any(token_f1(text, heading) > token_f1(shorter, heading) for heading in visible):
        return text  # the page's own heading carries the site's name: keep it
    return shorter


def _join_like(text: str, parts: list[str]) -> str:
    """The span of `text` from the first to the last of `parts`, with its own separators."""
    start = text.find(parts[0])
    end = text.rfind(parts[-1]) + len(parts[-1])
    return text[start:end].strip() if start >= 0 and end > start else " ".join(parts)


def site_names(meta: dict[str, str], stated: list[str | None], url: str | None) -> list[str]:
    """Names the outlet goes by: its stated site and publisher names, and its host."""
    names = [n for n in (*stated, meta.get("og:site_name")) if n]
    host = urlsplit(url or "").hostname or ""
    if host:
        names.append(host.removeprefix("www."))
        names.append(host.removeprefix("www.").split(".")[0])
    return list(dict.fromkeys(names))


def witnesses(
    tree: HtmlElement, meta: dict[str, str], article: dict, names: list[str]
) -> list[Witness]:
    """Every title the page states, site-name suffixes cut where its heading lacks them."""
    found = _headings(tree)
    visible = [w.text for w in found]
    title_element = next(tree.iter("title"), None)
    stated = [
        ("json-ld headline", article.get("headline")),
        ("og:title", meta.get("og:title")),
        ("twitter:title", meta.get("twitter:title")),
        ("<title>", title_element.text_content() if title_element is not None else None),
    ]
    if not article.get("headline"):
        stated.append(("json-ld name", article.get("name")))
    for source, value in stated:
        text = plain_text(value)
        if text:
            found.append(Witness(source, _without_site(text, names, visible)))
    return found


def _backers(candidate: Witness, everyone: list[Witness]) -> list[str]:
    """The other places (one per family) that state the same title."""
    backers: dict[str, str] = {}
    for other in everyone:
        if other.family != candidate.family and token_f1(candidate.text, other.text) >= _AGREE:
            backers.setdefault(other.family, other.source)
    return list(backers.values())


def _backing(candidate: Witness, everyone: list[Witness]) -> float:
    visible = candidate.source in _VISIBLE
    return len(_backers(candidate, everyone)) + (_VISIBLE_HEAD_START if visible else 0.0)


def headline_evidence(chosen: Witness, everyone: list[Witness]) -> str:
    """Where the headline was read, and which other places agree with it."""
    backers = _backers(chosen, everyone)
    return f"{chosen.source}, backed by {', '.join(backers)}" if backers else chosen.source


def choose_headline(found: list[Witness]) -> Witness | None:
    """The best-backed title; among equals, the one the reader sees first."""
    if not found:
        return None
    order = {id(w): i for i, w in enumerate(found)}
    return max(found, key=lambda w: (_backing(w, found), -_RANK.get(w.source, 9), -order[id(w)]))
