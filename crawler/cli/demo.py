"""`wirewash demo`: serve the bundled news site on 127.0.0.1, crawl it into a fresh store."""

from __future__ import annotations

import argparse
import tempfile
import textwrap
from dataclasses import replace
from pathlib import Path

from crawler.demo.server import serve_folder
from crawler.engine.crawl import crawl
from crawler.settings import Settings
from crawler.store.articles import iter_articles
from crawler.store.db import open_store

SITE = Path(__file__).resolve().parents[1] / "demo" / "site"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "demo", help="crawl a bundled news site served on 127.0.0.1 (no internet needed)"
    )
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep the store in DIR instead of a temp folder"
    )
    parser.set_defaults(handler=run)


def _show(url: str) -> None:
    factory = open_store(url)
    with factory() as session:
        for record in iter_articles(session):
            flags = []
            if record["is_spun"]:
                flags.append(f"spun {record['spun_score']:.2f}")
            if record["story_id"] is not None:
                role = "canonical" if record["is_canonical"] else record["match_kind"]
                flags.append(f"story {record['story_id']} ({role})")
            print(f"\n== {record['title']}  [{', '.join(flags) or 'new story'}]")
            print(f"   {record['url']}")
            byline = ", ".join(record["authors"]) or "unknown"
            removed = len(record["removed"])
            print(f"   by {byline}, {record['published'] or 'undated'}; {removed} removals")
            print(textwrap.indent(textwrap.fill(record["text"][:300] + " ...", 96), "   "))
            if record["is_spun"] and record["restored_text"]:
                restored = textwrap.fill("restored: " + record["restored_text"][:300] + " ...", 96)
                print(textwrap.indent(restored, "   "))


def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="wirewash-demo-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{folder / 'demo.db'}"
        base = Settings()
        settings = replace(
            base,
            database=replace(base.database, url=url),
            fetch=replace(base.fetch, delay=0.0, allow_private_networks=True),
        )
        with serve_folder(SITE) as site:
            print(f"serving the demo site at {site}/ and crawling it into {url}\n")
            summary = crawl(settings, [f"{site}/"])
        print(summary.table())
        _show(url)
    return 0
