"""`wirewash crawl`: a one-off crawl of sites, feeds, sitemaps, articles or configured sources."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace

from tqdm import tqdm

from crawler.cli import UsageError
from crawler.cli.options import add_store_options, settings_from_args
from crawler.engine.crawl import TargetError, crawl


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
    return 0
