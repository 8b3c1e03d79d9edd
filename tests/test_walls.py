"""Bot walls and paywall stubs: told apart from articles, skipped with a reason, backed off."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from cleaners.walls import BOT_WALL, PAYWALL, find_bot_wall, find_paywall
from crawler.daemon.metrics import DaemonMetrics
from crawler.engine.crawl import crawl
from crawler.settings import DatabaseSettings, FetchSettings, Settings, SourceSettings
from crawler.store.db import open_store
from crawler.store.models import Article, FrontierUrl, Host
from tests.hostile_server import HostileServer, page
from tests.test_crawl_hostile import article, only_loopback_is_public  # noqa: F401

pytestmark = pytest.mark.usefixtures("only_loopback_is_public")

JS_CHALLENGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"><script src="/static/js/check.js?ray=7a1b"></script>
</head><body><div class="main-wrapper"><h1>news.example.org</h1>
<h2>Checking if the site connection is secure</h2>
<noscript><div>Enable JavaScript and cookies to continue</div></noscript>
<form id="challenge-form" action="/?__verify=1" method="POST">
<input type="hidden" name="md" value="x1y2z3"></form>
<div>news.example.org needs to review the security of your connection before proceeding.</div>
</div><footer>Ray ID: 7a1b2c3d4e5f6071</footer></body></html>"""

CAPTCHA_403 = """<html><head><title>Access denied</title>
<script src="https://www.google.com/recaptcha/api.js" async defer></script></head>
<body><h1>Please verify you are a human</h1>
<p>Access to this page has been denied because we believe you are using automation tools
to browse the website.</p><form method="post" action="/verify">
<div class="g-recaptcha" data-sitekey="6LdAbCdEfGhIjKlMn"></div>
<button>Submit</button></form><p>Reference ID: 5f0c-22ab-9de1</p></body></html>"""

ENABLE_JS = """<html><head><title>Example Daily</title></head><body>
<noscript>Please enable JavaScript to view the page content.</noscript>
<p>Request unsuccessful. Incident ID: 244000920176589711-131392513452</p>
<script>window.location.reload()</script></body></html>"""

LEAD = (
    "The city council voted on Monday night to close the old bus depot by the end of the "
    "year, a decision that will move more than two hundred drivers to the new garage on the "
    "ring road. Union leaders said they had not been consulted and would ask for a meeting."
)


def stub(offer: str, locked: bool) -> str:
    json_ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Council votes to close bus depot",
        "isAccessibleForFree": not locked,
        "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False},
    }
    return (
        "<!DOCTYPE html><html><head><title>Council votes to close bus depot</title>"
        f'<script type="application/ld+json">{json.dumps(json_ld)}</script></head><body>'
        "<nav><a href='/'>Home</a> <a href='/subscribe'>Subscribe</a></nav><article>"
        f"<h1>Council votes to close bus depot</h1><p>{LEAD}</p>"
        f"<div class='article-offer'><h3>{offer}</h3><a href='/subscribe'>See our plans</a>"
        "<p>Already a subscriber? <a href='/login'>Log in</a></p></div>"
        "</article></body></html>"
    )


LONG_ABOUT_CAPTCHAS = article(
    "Why the web keeps asking whether you are a robot",
    "Researchers said on Tuesday that a captcha now takes the average person nine seconds, "
    "and that the question 'are you a robot' has become the most common sentence on the web. "
    "Sites use them to keep automated requests away from login pages and ticket queues. " * 3,
)


@pytest.mark.parametrize(
    ("html", "status_code"),
    [(JS_CHALLENGE, 200), (JS_CHALLENGE, 503), (CAPTCHA_403, 403), (ENABLE_JS, 200)],
)
def test_challenge_and_block_pages_are_bot_walls(html, status_code):
    wall = find_bot_wall(html, status_code)
    assert wall is not None and wall.kind == BOT_WALL and wall.signal


@pytest.mark.parametrize(
    ("html", "status_code"),
    [
        (LONG_ABOUT_CAPTCHAS, 200),  # talks about captchas, but is an article
        (article("A good story"), 200),
        ("<html><body><h1>403 Forbidden</h1><hr>nginx</body></html>", 403),  # a plain error
        ("<html><body><noscript>Enable JavaScript for comments.</noscript></body></html>", 200),
    ],
)
def test_articles_and_plain_errors_are_not_bot_walls(html, status_code):
    assert find_bot_wall(html, status_code) is None


@pytest.mark.parametrize(
    ("offer", "locked"),
    [
        ("Subscribe to continue reading", False),
        ("This article is available to subscribers only", False),
        ("Get unlimited access", True),  # nothing said, but the publisher marks it locked
    ],
)
def test_paywall_stubs_are_recognised(offer, locked):
    wall = find_paywall(stub(offer, locked), LEAD)
    assert wall is not None and wall.kind == PAYWALL


def test_a_whole_article_behind_paywall_markup_is_still_an_article():
    whole = " ".join([LEAD] * 12)  # a metered page that still carries all its text
    assert find_paywall(stub("Subscribe to continue reading", True), whole) is None


def test_a_short_free_article_with_a_subscribe_link_is_not_a_paywall():
    html = article("Short brief", LEAD)
    assert find_paywall(html, LEAD) is None


def walled_settings(database_url: str, open_url: str, walled_url: str) -> Settings:
    return Settings(
        database=DatabaseSettings(database_url),
        fetch=FetchSettings(delay=0.0, concurrency=4, total_timeout=2.0, url_budget=4.0),
        sources=(SourceSettings("open-daily", open_url), SourceSettings("walled-post", walled_url)),
    )


def front_page(names: list[str]) -> str:
    links = "".join(f"<a href='/news/{name}-story.html'>{name}</a>" for name in names)
    return f"<html><body>{links}</body></html>"


def test_walls_are_skipped_counted_per_source_and_a_walled_host_backed_off(store_url):
    robots = page("User-agent: *\nAllow: /\n", content_type="text/plain")
    open_site = HostileServer(
        {
            "/robots.txt": robots,
            "/": page(front_page(["free", "stub", "challenge"])),
            "/news/free-story.html": page(article("A free story")),
            "/news/stub-story.html": page(stub("Subscribe to continue reading", True)),
            "/news/challenge-story.html": page(JS_CHALLENGE),
        }
    )
    names = [f"blocked-{n}" for n in range(5)]
    walled_site = HostileServer(
        {"/robots.txt": robots, "/": page(front_page(names))}
        | {f"/news/{name}-story.html": status_page(CAPTCHA_403, 403) for name in names}
    )
    with open_site.running() as open_base, walled_site.running() as walled_base:
        settings = walled_settings(store_url, open_base + "/", walled_base + "/")
        summary = crawl(settings, ["open-daily", "walled-post"])
    walled_host = urlsplit(walled_base).netloc
    # One captcha, and the walled host is left alone; its other stories wait.
    assert len([s for s in walled_site.seen if s.path.startswith("/news/")]) == 1
    assert summary.stored == 1
    assert summary.skipped[BOT_WALL] == 2 and summary.skipped[PAYWALL] == 1
    assert summary.by_source["open-daily"][PAYWALL] == 1
    assert summary.by_source["open-daily"][BOT_WALL] == 1
    assert summary.by_source["walled-post"][BOT_WALL] == 1
    assert summary.backed_off[walled_host].kind == BOT_WALL
    assert set(summary.backed_off) >= {walled_host}
    with open_store(store_url)() as session:
        stored = session.scalars(select(Article)).all()
        assert [a.title for a in stored] == ["A free story"]
        rows = {
            urlsplit(r.url).path: r
            for r in session.scalars(select(FrontierUrl)).all()
            if urlsplit(r.url).netloc == urlsplit(open_base).netloc
        }
        assert (
            rows["/news/stub-story.html"].state,
            rows["/news/stub-story.html"].last_error_kind,
        ) == (
            "skipped",
            PAYWALL,
        )
        challenge = rows["/news/challenge-story.html"]
        assert (challenge.state, challenge.last_error_kind) == ("skipped", BOT_WALL)
        assert session.get(Host, walled_host).backoff_reason is not None
    metrics = DaemonMetrics()
    metrics.count_page(summary)
    exposed = metrics.exposition()
    assert b'wirewash_walls_total{kind="paywall",source="open-daily"} 1.0' in exposed
    assert b'wirewash_walls_total{kind="bot_wall",source="walled-post"} 1.0' in exposed


def status_page(html: str, code: int):
    return page(html, status=code)


def _corpus_pages() -> list[str]:
    import gzip
    from pathlib import Path

    corpora = Path(__file__).resolve().parents[2] / "shared" / "corpora"
    return [
        gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        for name in ("news-dev", "extraction-dev")
        for path in sorted((corpora / name / "html").glob("*.html.gz"))
    ]


@pytest.mark.parametrize(
    "text",
    [
        JS_CHALLENGE,
        "x " * 5000 + "Access to this page has been denied. Ray ID: 123",
        "<script async src='https://cdn.example/" + "a" * 500 + "/captcha.js'></script>",
        "İİ straße ſecurity check, enable coo\u212aies",
        "the request has been blocked; verifying that you are a human",
        "xcaptcha recaptchas subscribe",
    ],
)
def test_the_patterns_searched_around_their_literals_find_what_a_whole_search_finds(text):
    from cleaners import walls

    for pattern, literals, in_tag in (
        (walls._CHALLENGE_MARKUP, walls._MARKUP_LITERALS, True),
        (walls._CHALLENGE_WORDS, walls._WORDS_LITERALS, False),
    ):
        found, whole = walls._search(pattern, literals, text, in_tag), pattern.search(text)
        assert (found and found.span()) == (whole and whole.span())


def test_the_windowed_search_agrees_with_a_whole_search_on_real_pages():
    from cleaners import walls

    pages = _corpus_pages()
    if not pages:
        pytest.skip("../shared/corpora is absent")
    for text in pages:
        for pattern, literals, in_tag in (
            (walls._CHALLENGE_MARKUP, walls._MARKUP_LITERALS, True),
            (walls._CHALLENGE_WORDS, walls._WORDS_LITERALS, False),
        ):
            found, whole = walls._search(pattern, literals, text, in_tag), pattern.search(text)
            assert (found and found.span()) == (whole and whole.span())
