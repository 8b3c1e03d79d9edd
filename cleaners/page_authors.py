"""Find the people who wrote an article: structured data, meta tags, microdata, rel=author and
the visible byline, reconciled.

Each place is read in turn, most explicit first; the first that names a person gives the
authors (with any agency it credits beside them). An outlet is the author only where no
place names a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.etree import XPath
from lxml.html import HtmlElement

from cleaners.byline_names import (
    is_named_organisation,
    looks_like_person,
    split_names,
    without_trailing_date,
)
from cleaners.metadata_text import plain_text, tokens
from cleaners.page_dates import DATE_CLASS_TEST
from cleaners.page_regions import in_region

_AUTHOR_META = ("author", "article:author", "byl", "sailthru.author", "parsely-author",
                "dc.creator", "dcterms.creator", "cxenseparse:author")
# Each without its first letter, so "author" and "Author" are one test: in C by lxml, where
# testing each element of a page in Python cost most of the metadata time.
_BYLINE_STEMS = ("yline", "uthor", "utor", "erfasser", "orfatter", "uteur", "riter", "eporter",
                 "ournalist")
_BYLINE_ELEMENTS = XPath(
    "descendant-or-self::*[@class or @id][" + " or ".join(
        f"contains(@{attribute}, '{stem}')"
        for stem in _BYLINE_STEMS for attribute in ("class", "id")
    ) + "]"
)
# Credits in these belong to comments, teasers of other stories or photos, not this article.
_ELSEWHERE_HINT = re.compile(
    r"comment|avatar|teaser|related|recommend|card|promo|photo|image|caption|credit|bio\b|"
    r"share|social|follow|newsletter|footer|sidebar|profile|most-?read|popular|trending",
    re.IGNORECASE,
)
_ELSEWHERE_TAGS = {"nav", "footer", "aside", "figure", "figcaption", "form", "button"}
_NAME_HINT = re.compile(r"\bname\b|author-?name|__name|-name\b", re.IGNORECASE)
# Elements whose class says they hold a date and that follow another element (where a name
# may stand), in the part of the page around the headline; the cheap tests first.
_DATES_NEAR_HEADLINE = XPath(
    f"descendant-or-self::*[@class and preceding-sibling::*][{DATE_CLASS_TEST}]"
)
_MARKED_AUTHORS = XPath("//*[@itemprop='author' or @rel='author']")
_MAX_BYLINE_CHARS = 200
_LEVELS_AROUND_HEADLINE = 4
_MIN_SHARE_NAMED = 0.5  # "By Anna Fink, Reporter | 3 May": mostly names
_MAX_CREDITS = 6
_MIN_BODY_PARAGRAPHS = 3
_MAX_SIGNATURE_CHARS = 60
_MAX_DATE_ELEMENTS = 3
_SIBLINGS_BEFORE_DATE = 2
_MAX_BYLINE_ROW = 3
_MIN_SITE_KEY_CHARS = 4  # "ap" is in "japantimes" by chance; "lbci" in "lbcilebanon" is not
_LONE_PREFIX = re.compile(
    r"^(?:by|von|par|por|av|af|di|door|autor(?:in)?|text|tekst|texte|de)\s*[:：]?$", re.I
)


@dataclass(frozen=True)
class Authors:
    """The authors found, and the place of the page that gave them."""

    names: tuple[str, ...]
    source: str | None = None


def _json_ld_names(value: object) -> tuple[list[str], list[str]]:
    """(people, organisations) from a JSON-LD author value."""
    people: list[str] = []
    organisations: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            people.append(item)
            continue
        if not isinstance(item, dict):
            continue
        name = item.get("name")
        if isinstance(name, list):
            name = ", ".join(n for n in name if isinstance(n, str))
        if not isinstance(name, str) or not name.strip():
            given, family = item.get("givenName"), item.get("familyName")
            name = " ".join(p for p in (given, family) if isinstance(p, str))
        kind = str(item.get("@type") or "")
        (organisations if "organization" in kind.lower() else people).append(name)
    return people, organisations


def _outside_article(element: HtmlElement) -> bool:
    return in_region(element, _ELSEWHERE_TAGS, _ELSEWHERE_HINT)


def _element_names(element: HtmlElement) -> list[str]:
    """Names in an element: one per link, list item or name-marked child where it has several
    ("Anna Fink" "Jan Marchart" with nothing between them), else its text as one credit."""
    parts: list[HtmlElement] = []
    for child in element.iterdescendants():
        if not isinstance(child.tag, str) or any(child in p.iterdescendants() for p in parts):
            continue
        marked = _NAME_HINT.search(f"{child.get('class', '')} {child.get('itemprop', '')}")
        if child.tag in ("a", "li") or marked:
            parts.append(child)
    texts = [" ".join(p.text_content().split()) for p in parts]
    texts = [t for t in texts if t]
    if len(texts) < 2:
        texts = [" ".join(element.text_content().split())]
    names: list[str] = []
    prefix = ""
    for text in texts:
        if _LONE_PREFIX.match(text):
            prefix = text + " "
            continue
        names += split_names(prefix + text)
        prefix = ""
    return names


def _microdata(tree: HtmlElement) -> list[str]:
    names: list[str] = []
    for element in _MARKED_AUTHORS(tree)[:_MAX_CREDITS]:
        if _outside_article(element):
            continue
        named = element.xpath(".//*[@itemprop='name']")
        if named:
            names += split_names(named[0].get("content") or named[0].text_content())
        elif element.get("content"):
            names += split_names(element.get("content"))
        else:
            names += _element_names(element)
    return names


def _share_named(names: list[str], text: str) -> float:
    """How much of an element's text its names make up, the date printed after them aside."""
    letters = len("".join(without_trailing_date(text).split()))
    return len("".join("".join(names).split())) / letters if letters else 0.0


def _around_headline(tree: HtmlElement) -> HtmlElement:
    """Where a byline sits: the <article> holding the first heading, or the few levels of
    page around it; the whole page where there is no heading."""
    heading = next(tree.iter("h1"), None)
    if heading is None:
        return tree
    scope = heading
    for level, ancestor in enumerate(heading.iterancestors()):
        if ancestor.tag in ("body", "html"):
            break
        scope = ancestor
        if ancestor.tag == "article" or level + 1 >= _LEVELS_AROUND_HEADLINE:
            break
    return scope


def _visible_byline(tree: HtmlElement, site_names: list[str]) -> list[str]:
    """The first byline-like element near the headline that names a person."""
    for element in _BYLINE_ELEMENTS(_around_headline(tree)):
        if element.tag in ("meta", "link", "script", "style") or _outside_article(element):
            continue
        text = element.text_content()
        if not text.strip() or len(" ".join(text.split())) > _MAX_BYLINE_CHARS:
            continue
        names = _element_names(element)
        if len(names) > _MAX_CREDITS or _share_named(names, text) < _MIN_SHARE_NAMED:
            continue  # an author's profile box, a list of topics: not a byline
        if any(looks_like_person(n, site_names) for n in names):
            return names
    return []


def _closing_signature(tree: HtmlElement, site_names: list[str]) -> list[str]:
    """A name that closes the article's text as a paragraph of its own, all in bold ("...
    xạ trị." then "**Lê Phương**"): the signature many outlets print instead of a byline. The
    article's text is the element holding the most paragraphs."""
    holders: dict[HtmlElement, int] = {}
    for paragraph in tree.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            holders[parent] = holders.get(parent, 0) + 1
    if not holders:
        return []
    body = max(holders, key=holders.__getitem__)
    if holders[body] < _MIN_BODY_PARAGRAPHS:
        return []
    last = next((c for c in reversed(body) if c.tag == "p" and c.text_content().strip()), None)
    if last is None:
        return []
    text = " ".join(last.text_content().split())
    bold = [" ".join(c.text_content().split()) for c in last if c.tag in ("strong", "b")]
    if len(text) > _MAX_SIGNATURE_CHARS or bold != [text]:
        return []
    names = split_names(text)
    return names if names and all(looks_like_person(n, site_names) for n in names) else []


def _beside_the_date(tree: HtmlElement, site_names: list[str]) -> list[str]:
    """A name printed just before the article's visible date (near the headline), in an
    element of its own ("Sehernur Karsu |" then "05.04.2025"): a byline whose class says
    nothing."""
    for date in _DATES_NEAR_HEADLINE(_around_headline(tree))[:_MAX_DATE_ELEMENTS]:
        row = date.getparent()
        if row is None or len(row) > _MAX_BYLINE_ROW or _outside_article(date):
            continue  # a name and a date in a row of their own, not a list of labels
        for sibling in list(date.itersiblings(preceding=True))[:_SIBLINGS_BEFORE_DATE]:
            text = " ".join(" ".join(sibling.itertext()).split())
            if not text or len(text) > _MAX_SIGNATURE_CHARS:
                continue
            names = split_names(text)
            if names and all(looks_like_person(n, site_names) for n in names):
                return names
    return []


def _reconciled(names: list[str], site_names: list[str]) -> list[str]:
    """People and the agencies credited beside them; never the outlet that publishes it."""
    return [
        name for name in dict.fromkeys(names)
        if looks_like_person(name, site_names)
        or (is_named_organisation(name) and not _is_site(name, site_names))
    ]


def _is_site(name: str, site_names: list[str]) -> bool:
    """Whether a credit is the outlet itself ("Lesotho Times" on lestimes.com, "LBCI" for
    the publisher "LBCI Lebanon")."""
    words = tokens(name)
    key = "".join(words)
    for site in site_names:
        site_words = tokens(site)
        joined = "".join(site_words)
        if not key or not joined:
            continue
        if set(words) <= set(site_words) or set(site_words) <= set(words):
            return True
        shorter = min(key, joined, key=len)
        if len(shorter) >= _MIN_SITE_KEY_CHARS and (key in joined or joined in key):
            return True
    return False


def _people(names: list[str], site_names: list[str]) -> set[str]:
    return {" ".join(tokens(n)) for n in names if looks_like_person(n, site_names)}


def _most_complete(places: list[tuple[str, list[str]]], site_names: list[str]) -> Authors:
    """The first place's credit, unless a later place names the same people and more (the
    structured data names one of two authors the byline shows)."""
    source, names = places[0]
    people = _people(names, site_names)
    for other_source, other in places[1:]:
        others = _people(other, site_names)
        if people < others:
            source, names, people = other_source, other, others
    return Authors(tuple(_reconciled(names, site_names)), source)


def find_authors(
    tree: HtmlElement, meta: dict[str, str], article: dict, site_names: list[str]
) -> Authors:
    """The people credited with the article; the outlet only where no one is named."""
    people, organisations = _json_ld_names(article.get("author") or article.get("creator"))
    places: list[tuple[str, list[str]]] = [
        ("json-ld author", [n for p in people for n in split_names(p)]),
    ]
    for key in _AUTHOR_META:
        value = plain_text(meta.get(key))
        if value and not value.startswith(("http:", "https:", "/")):
            places.append((f"meta {key}", split_names(value)))
    places.append(("microdata/rel=author", _microdata(tree)))
    for index, (_source, names) in enumerate(places):
        if any(looks_like_person(n, site_names) for n in names):
            return _most_complete(places[index:], site_names)
    # Read only where the markup names no one: it is the slowest place to look.
    for source, read in (("visible byline", _visible_byline),
                         ("name beside the date", _beside_the_date),
                         ("signature closing the text", _closing_signature)):
        places.append((source, read(tree, site_names)))
        if any(looks_like_person(n, site_names) for n in places[-1][1]):
            return _most_complete(places[-1:], site_names)
    # No one named: the outlet, desks and agencies the first place credits.
    credited = organisations + [n for p in people for n in split_names(p)]
    for source, names in [("json-ld author (organisation)", credited), *places]:
        outlets = [n for n in (plain_text(n) for n in names) if n]
        if outlets:
            return Authors(tuple(dict.fromkeys(outlets)), source)
    return Authors(())
