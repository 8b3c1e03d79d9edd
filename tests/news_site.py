"""A local news site whose template can change mid-test, served by a real HTTP server.

Articles are listed on the home page and rendered by the site's current template: `full`
(headline, byline, date and body in an <article>), `emptied` (the body moved into a script
a browser would render, as after a front-end rewrite) or `teaser` (a renamed container with
the first paragraph only, no byline or date). Article bodies are sentences filled from a
seeded generator, so each article is its own text; `copy_of` and `text` give copies.
"""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from hostile_server import HostileServer, send
from wordfreq import top_n_list

# Content words for each sentence's own clause, so that articles do not share passages.
_WORDS = [word for word in top_n_list("en", 4000) if word.isalpha() and len(word) > 4]

_CITIES = ("Rotterdam", "Lagos", "Osaka", "Lima", "Gdansk", "Pune", "Quito", "Tampere", "Accra")
# Bylines name people: the metadata reader takes roles such as "Reporter 3" for no one.
_REPORTERS = (
    "Ana Silva",
    "Tom Berg",
    "Priya Nair",
    "Jonas Weber",
    "Lea Martin",
    "Omar Haddad",
    "Sofia Rossi",
)
_ACTORS = ("port authority", "city council", "central bank", "transport ministry", "union")
_VERBS = ("said", "announced", "confirmed", "warned", "reported")
_THINGS = ("container traffic", "grain exports", "rail freight", "fuel prices", "ferry services")
_SENTENCES = (
    "The {actor} in {city} {verb} on {day} that {thing} had fallen by {n} percent.",
    "Officials in {city} expect {thing} to recover within {n} weeks, the {actor} {verb}.",
    "About {n} workers gathered outside the {actor} offices in {city} early on {day}.",
    "Analysts {verb} that {thing} in {city} would weigh on growth for the rest of the year.",
    "The {actor} {verb} it would publish revised figures for {thing} before {day}.",
    "Shipping agents in {city} {verb} delays of up to {n} hours at the main terminal.",
    "A spokesperson for the {actor} declined to say when {thing} would return to normal.",
    "Local traders in {city} {verb} that {thing} had doubled their costs since {day}.",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def generated_paragraphs(seed: int, count: int = 5) -> list[str]:
    """`count` paragraphs of three sentences each, the same for the same seed."""
    rng = random.Random(seed)
    paragraphs = []
    for _ in range(count):
        sentences = [
            rng.choice(_SENTENCES).format(
                actor=rng.choice(_ACTORS),
                city=rng.choice(_CITIES),
                verb=rng.choice(_VERBS),
                thing=rng.choice(_THINGS),
                day=rng.choice(_DAYS),
                n=rng.randint(2, 900),
            )[:-1]
            + ", with "
            + " ".join(rng.sample(_WORDS, 6))
            + "."
            for _ in range(3)
        ]
        paragraphs.append(" ".join(sentences))
    return paragraphs


@dataclass
class SiteArticle:
    """One article of the site: what each template renders."""

    slug: str
    title: str
    author: str
    published: str  # ISO date
    paragraphs: list[str]

    @property
    def path(self) -> str:
        return f"/news/{self.published.replace('-', '/')}/{self.slug}.html"


def _full(article: SiteArticle) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in article.paragraphs)
    return (
        f"<header class='masthead'><a href='/'>The Harbour Post</a></header>"
        f"<article><h1>{html.escape(article.title)}</h1>"
        f"<p class='byline'>By <span class='author'>{html.escape(article.author)}</span></p>"
        f"<time datetime='{article.published}T08:00:00Z'>{article.published}</time>"
        f"{body}</article><footer>© The Harbour Post</footer>"
    )


def _emptied(article: SiteArticle) -> str:
    state = json.dumps({"body": article.paragraphs}).replace("</", "<\\/")
    return (
        f"<header class='masthead'><a href='/'>The Harbour Post</a></header>"
        f"<div id='app'><h1>{html.escape(article.title)}</h1></div>"
        f"<script>window.__STATE__ = {state};</script><footer>© The Harbour Post</footer>"
    )


def _teaser(article: SiteArticle) -> str:
    return (
        f"<header class='masthead'><a href='/'>The Harbour Post</a></header>"
        f"<div class='story-v2'><h2>{html.escape(article.title)}</h2>"
        f"<p>{html.escape(article.paragraphs[0])}</p>"
        f"<p><a href='/'>More from The Harbour Post</a></p></div>"
        f"<footer>© The Harbour Post</footer>"
    )


TEMPLATES = {"full": _full, "emptied": _emptied, "teaser": _teaser}


@dataclass
class NewsSite:
    """The site's articles and current template, served by a HostileServer."""

    template: str = "full"
    articles: list[SiteArticle] = field(default_factory=list)
    server: HostileServer = field(default_factory=HostileServer)

    def __post_init__(self) -> None:
        self.server.routes["/"] = self._home
        self.server.routes["/robots.txt"] = lambda h: send(
            h, "User-agent: *\nAllow: /\n", content_type="text/plain"
        )

    def add(self, article: SiteArticle) -> SiteArticle:
        self.articles.append(article)
        self.server.routes[article.path] = lambda h: self._article(h, article)
        return article

    def add_generated(self, count: int, first_seed: int = 0, day: str = "2026-12-01") -> None:
        """`count` articles with generated bodies, titles and authors."""
        for number in range(first_seed, first_seed + count):
            paragraphs = generated_paragraphs(number)
            city = _CITIES[number % len(_CITIES)]
            self.add(
                SiteArticle(
                    slug=f"story-{number}-{city.lower()}-freight-update",
                    title=f"{city} freight update number {number}",
                    author=_REPORTERS[number % len(_REPORTERS)],
                    published=day,
                    paragraphs=paragraphs,
                )
            )

    def _home(self, handler: BaseHTTPRequestHandler) -> None:
        links = "".join(
            f"<li><a href='{a.path}'>{html.escape(a.title)}</a></li>" for a in self.articles
        )
        send(
            handler,
            "<html><head><title>The Harbour Post</title></head>"
            f"<body><ul>{links}</ul></body></html>",
        )

    def _article(self, handler: BaseHTTPRequestHandler, article: SiteArticle) -> None:
        body = TEMPLATES[self.template](article)
        author = (
            f"<meta name='author' content='{html.escape(article.author)}'>"
            if self.template == "full"
            else ""
        )
        page = (
            f"<html lang='en'><head><meta charset='utf-8'>{author}"
            f"<title>{html.escape(article.title)}</title></head><body>{body}</body></html>"
        )
        send(handler, page)
