"""The status page as server-rendered HTML: no JavaScript, readable on a phone.

Every value that comes from the store or the web passes through `_e` (HTML-escaped), and
only http(s) URLs become links, so a title holding `<script>` shows as text.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from urllib.parse import quote, urlsplit

from crawler.store.health import WindowFigures
from crawler.store.status_queries import (
    ArticleBrief,
    SourceStatus,
    SpunArticle,
    StoryCopies,
    StoryMember,
)

_CSS = """
:root{color-scheme:light;--line:#d8dce3;--muted:#5b6472;--bad:#b3261e;--good:#1e7b34}
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1b1f24;background:#f6f7f9}
header{background:#1f2a37;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;
gap:.4rem 1.2rem;align-items:baseline}
header strong{font-size:1.1rem;margin-right:.6rem}
header a{color:#dfe7f1;text-decoration:none}header a:hover{text-decoration:underline}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}
.scroll{overflow-x:auto;background:#fff;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{padding:.4rem .6rem;border-bottom:1px solid var(--line);text-align:left;
vertical-align:top}
th{background:#eef1f5;font-weight:600;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.state{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.85rem;
font-weight:600;background:#e4e7ec;color:#333}
.state.ok{background:#dff3e4;color:var(--good)}
.state.degraded{background:var(--bad);color:#fff}
.why{color:var(--bad);font-size:.9rem}
.muted{color:var(--muted);font-size:.9rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;
margin:0 0 1rem}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.pair pre{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit;font-size:.92rem;
margin:.3rem 0 0;max-height:24rem;overflow:auto;background:#fafbfc;padding:.5rem;
border:1px solid var(--line);border-radius:4px}
ol.members{margin:.3rem 0 0;padding-left:1.3rem}ol.members li{margin:.2rem 0}
.pager{margin:1rem 0}
a{color:#1857b6}
@media (max-width:40rem){.pair{grid-template-columns:1fr}main{padding:.6rem}}
"""


def _e(value: object) -> str:
    """A value as HTML text, escaped (quotes too: values also land in attributes)."""
    return escape("" if value is None else str(value), quote=True)


def source_path(name: str) -> str:
    return "/sources/" + quote(name, safe="")


def _when(moment: datetime | None) -> str:
    return "—" if moment is None else _e(moment.strftime("%Y-%m-%d %H:%M UTC"))


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _count(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _confidence(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _link(url: str, text: str | None) -> str:
    """A link to a page on the web (http and https only), or the text alone."""
    label = _e(text or url)
    if urlsplit(url).scheme not in ("http", "https"):
        return label
    return f'<a href="{_e(url)}" rel="noreferrer noopener">{label}</a>'


def _state(state: str) -> str:
    return f'<span class="state {_e(state)}">{_e(state)}</span>'


def page(title: str, body: str, api: str) -> str:
    """A whole page: the navigation, the body, a link to the same data as JSON."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)} · wirewash</title><style>{_CSS}</style></head><body>"
        '<header><strong>wirewash</strong><a href="/">Sources</a>'
        '<a href="/stories">Stories with copies</a><a href="/spun">Spun articles</a>'
        '<a href="/metrics">Metrics</a></header>'
        f"<main><h1>{_e(title)}</h1>{body}"
        f'<p class="muted">Read-only. The same data as JSON: <a href="{_e(api)}">{_e(api)}</a>'
        "</p></main></body></html>"
    )


def _table(head: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    cells = "".join(
        f"<th{' class=n' if i in numeric else ''}>{_e(h)}</th>" for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=n' if i in numeric else ''}>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    table = f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def _reasons(status: SourceStatus) -> str:
    return "".join(f'<div class="why">{_e(reason)}</div>' for reason in status.reasons)


def overview(statuses: list[SourceStatus], schedules: dict[str, str]) -> str:
    if not statuses:
        body = '<p class="card">No sources yet: name them in the config\'s [[sources]].</p>'
        return page("Sources", body, "/api/sources")
    rows = []
    for status in statuses:
        totals = status.totals
        rows.append(
            [
                f'<a href="{_e(source_path(status.name))}">{_e(status.name)}</a>',
                _state(status.state) + _reasons(status),
                _e(schedules.get(status.name, "not configured")),
                _when(status.last_run_at),
                _when(status.next_run_at),
                *(f"{totals[k]:,}" for k in ("fetched", "stored", "skipped", "failed")),
            ]
        )
    head = ["Source", "Health", "Schedule", "Last run", "Next run"]
    head += ["Fetched", "Stored", "Skipped", "Failed"]
    body = (
        '<p class="muted">Pages over the last day; health compares each source\'s latest '
        "pages with the pages before them.</p>" + _table(head, rows, {5, 6, 7, 8})
    )
    return page("Sources", body, "/api/sources")


def _figures_table(recent: WindowFigures, baseline: WindowFigures) -> str:
    def row(label: str, name: str, show: object) -> list[str]:
        return [_e(label), show(getattr(recent, name)), show(getattr(baseline, name))]  # type: ignore[operator]

    rows = [
        row("Pages", "pages", _count),
        row("Pages without an article", "empty_share", _share),
        row("Median text length (chars)", "median_chars", _count),
        row("Articles with a title", "title_share", _share),
        row("Articles with a date", "date_share", _share),
        row("Articles with an author", "author_share", _share),
        row("Median boilerplate removed (chars)", "median_removed_chars", _count),
        row("Median extraction confidence", "median_confidence", _confidence),
    ]
    return _table(["Figure", "Latest pages", "Baseline"], rows, {1, 2})


def _day_table(status: SourceStatus) -> str:
    rows = []
    for outcome, reasons in sorted(status.last_day.items()):
        for reason, pages in sorted(reasons.items()):
            label = f"{outcome}: {reason}" if reason else outcome
            rows.append([_e(label), f"{pages:,}"])
    if not rows:
        return '<p class="muted">No pages in the last day.</p>'
    return _table(["Outcome", "Pages"], rows, {1})


def _articles_table(articles: list[ArticleBrief]) -> str:
    if not articles:
        return '<p class="muted">No articles.</p>'
    rows = [
        [
            _link(a.url, a.title),
            _when(a.published),
            _when(a.fetched_at),
            f"{a.chars:,}",
            "spun" if a.is_spun else "",
        ]
        for a in articles
    ]
    return _table(["Title", "Published", "Fetched", "Chars", ""], rows, {3})


def _pager(path: str, next_before: int | None) -> str:
    if next_before is None:
        return ""
    return f'<p class="pager"><a href="{_e(path)}?before={next_before}">Older →</a></p>'


def source_detail(
    status: SourceStatus, schedule: str, articles: list[ArticleBrief], next_before: int | None
) -> str:
    health = status.health
    assert health is not None, "a source's own page judges its health"
    since = f" since {_when(status.health_since)}" if status.health_since else ""
    facts = (
        f"<dl><dt>URL</dt><dd>{_link(status.url, status.url)}</dd>"
        f"<dt>Schedule</dt><dd>{_e(schedule)}</dd>"
        f"<dt>Last run</dt><dd>{_when(status.last_run_at)}</dd>"
        f"<dt>Last success</dt><dd>{_when(status.last_success_at)}</dd>"
        f"<dt>Last error</dt><dd>{_e(status.last_error or '—')}</dd>"
        f"<dt>Next run</dt><dd>{_when(status.next_run_at)}</dd>"
        f"<dt>Health</dt><dd>{_state(status.state)}{since}{_reasons(status)}</dd></dl>"
    )
    path = source_path(status.name)
    body = (
        f'<div class="card">{facts}</div>'
        "<h2>Extraction health</h2>" + _figures_table(health.recent, health.baseline)
        + "<h2>Pages over the last day</h2>" + _day_table(status)
        + "<h2>Newest articles</h2>" + _articles_table(articles)
        + _pager(path, next_before)
    )  # fmt: skip
    return page(f"Source: {status.name}", body, "/api" + path)


def _member(member: StoryMember) -> str:
    article = member.article
    if member.is_canonical:
        how = "<strong>canonical</strong>"
    else:
        similarity = "" if member.similarity is None else f" {member.similarity:.2f}"
        how = f"{_e(member.match_kind or 'matched')}{similarity}"
    if article.is_spun:
        how += ' · <span class="why">spun</span>'
    return (
        f"<li>{how} · {_link(article.url, article.title)} "
        f'<span class="muted">{_e(article.source or "")} · {_when(article.fetched_at)}</span></li>'
    )


def stories(items: list[StoryCopies], next_before: int | None) -> str:
    if not items:
        body = '<p class="card">No story has more than one copy yet.</p>'
    else:
        body = "".join(
            f'<section class="card"><div class="muted">Story {story.id} · '
            f"{story.article_count} copies</div>"
            f'<ol class="members">{"".join(_member(m) for m in story.members)}</ol></section>'
            for story in items
        )
    return page("Stories with copies", body + _pager("/stories", next_before), "/api/stories")


def spun(items: list[SpunArticle], next_before: int | None) -> str:
    if not items:
        body = '<p class="card">No article has been judged spun.</p>'
    else:
        body = "".join(
            f'<section class="card"><div>{_link(item.article.url, item.article.title)}</div>'
            f'<div class="muted">{_e(item.article.source or "")} · spun score '
            f"{_e(f'{item.spun_score:.2f}' if item.spun_score is not None else '—')}</div>"
            f'<div class="pair"><div><strong>Spun text</strong><pre>{_e(item.text)}</pre></div>'
            f"<div><strong>Restored text</strong><pre>{_e(item.restored_text or '—')}</pre>"
            "</div></div></section>"
            for item in items
        )
    return page("Spun articles", body + _pager("/spun", next_before), "/api/spun")


def error(status: int, message: str) -> str:
    return page(f"{status}", f'<p class="card">{_e(message)}</p>', "/api/sources")
