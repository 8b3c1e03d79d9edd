"""`wirewash crawl`: a one-off crawl of sites, feeds, sitemaps, articles or configured sources."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace

from sqlalchemy import select
from tqdm import tqdm

from crawler.cli import UsageError
from crawler.cli.options import add_store_options, settings_from_args
from crawler.daemon.outcomes import summary_outcomes
from crawler.engine.crawl import TargetError, crawl
from crawler.engine.summary import CrawlSummary
from crawler.fetching.errors import BlockedAddress
from crawler.settings import Settings
from crawler.store.db import open_store
from crawler.store.health import check_sources
from crawler.store.models import Source, utcnow
from crawler.store.outcomes import add_outcomes, hour_of

# No monitor thread: the crawl forks its worker processes, which is safe only while this
# process has no other thread.
tqdm.monitor_interval = 0

# How to say what to do about a failure, by error kind, when it stopped every target.
_HINTS = {
    BlockedAddress.kind: "loopback and private addresses are refused; "
    "pass --allow-private-networks to crawl a local site",
}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "crawl",
        help="crawl sites, feeds, sitemaps or articles once",
        description="TARGET is a site root, feed, sitemap or article URL, or a source name "
        "from the config. Running the same crawl again stores nothing unchanged.",
    )
    parser.add_argument("targets", nargs="+", metavar="TARGET")
    add_store_options(parser)
    parser.add_argument("--max-pages", type=int, metavar="N", help="stop after N pages")
    parser.add_argument(
        "--delay", type=float, metavar="S", help="seconds between requests to a host"
    )
    parser.add_argument(
        "--allow-private-networks",
        action="store_true",
        help="allow loopback and private addresses (local sites, tests)",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    fetch = settings.fetch
    if args.delay is not None:
        fetch = replace(fetch, delay=args.delay)
    if args.allow_private_networks:
        fetch = replace(fetch, allow_private_networks=True)
    settings = replace(settings, fetch=fetch)
    show_progress = sys.stderr.isatty() and not args.json
    with tqdm(total=args.max_pages, unit="page", disable=not show_progress, desc="crawling") as bar:
        try:
            summary = crawl(settings, args.targets, max_pages=args.max_pages, on_page=bar.update)
        except TargetError as exc:
            raise UsageError(str(exc)) from exc
    if args.json:
        print(json.dumps(summary.as_dict(), indent=2))
    else:
        print(summary.table())
    record_outcomes(settings, args.targets, summary)
    for change in check_sources(open_store(settings.database.url), settings.health):
        if change.state == "degraded":
            why = "; ".join(change.reasons)
            print(
                f"wirewash crawl: warning: source {change.source} is degraded: {why}",
                file=sys.stderr,
            )
        elif change.previous == "degraded":
            print(f"wirewash crawl: source {change.source} is healthy again", file=sys.stderr)
    failure = every_target_failed(summary)
    if failure is None:
        return 0
    print(f"wirewash crawl: error: {failure}", file=sys.stderr)
    return 1


def record_outcomes(settings: Settings, targets: list[str], summary: CrawlSummary) -> None:
    """A crawl of one configured source counts towards that source's last day."""
    names = {target for target in targets if settings.source(target) is not None}
    if len(names) != 1 or len(targets) != 1:
        return
    with open_store(settings.database.url).begin() as session:
        source_id = session.scalar(select(Source.id).where(Source.name == names.pop()))
        if source_id is not None:
            hour = hour_of(utcnow())
            counts = summary_outcomes(summary)
            add_outcomes(session, {(source_id, hour, o, r): n for (o, r), n in counts.items()})


def every_target_failed(summary: CrawlSummary) -> str | None:
    """One line saying why nothing was crawled when every page ended in an error, else None."""
    if not summary.errors or summary.outcomes != sum(summary.errors.values()):
        return None
    problem = summary.problems[0]
    hint = _HINTS.get(problem.kind)
    line = f"every target failed: {problem.url}: {problem.kind}: {problem.message}"
    return f"{line} ({hint})" if hint else line
