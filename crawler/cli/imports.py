"""`wirewash import`: store articles from JSON lines or WARC files, without crawling.

Exit status: 0 when every record was imported (stored, updated or unchanged), 1 when some
were malformed (each named on stderr by file and line, or WARC offset; the rest are
imported), 2 when the import cannot run at all (a missing file, an unusable store).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm

from crawler.cli import UsageError
from crawler.cli.options import add_store_options, settings_from_args
from crawler.imports import import_files
from crawler.store.db import open_store


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "import",
        help="import articles from JSON lines or WARC files",
        description="FILE is JSON lines (one object per line with url and text or html, "
        "optionally title, published, source) or a WARC (.warc, .warc.gz) whose HTML "
        "responses are the articles. Records are cleaned and grouped into stories as "
        "crawled pages are. Exit 1 if any record was malformed (the rest are imported).",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add_store_options(parser)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes that clean and fingerprint records (default: one per core; 0: none, "
        "all work in the importing process)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 0:
        raise UsageError(f"--workers must be 0 or more, got {args.workers}")
    missing = [str(path) for path in args.files if not path.is_file()]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")
    settings = settings_from_args(args)
    factory = open_store(settings.database.url)
    show_progress = sys.stderr.isatty() and not args.json
    with tqdm(unit="record", disable=not show_progress, desc="importing") as bar:
        summary = import_files(
            factory, list(args.files), settings.dedup, on_record=bar.update, workers=args.workers
        )
    for bad in summary.malformed:
        print(f"wirewash import: {bad.where}: skipped: {bad.reason}", file=sys.stderr)
    if args.json:
        print(json.dumps(summary.as_dict(), indent=2))
    else:
        print(f"imported {len(args.files)} file(s): {summary.line()}")
    return 1 if summary.malformed else 0
