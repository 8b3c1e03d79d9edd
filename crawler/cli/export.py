"""`wirewash export`: every stored article as JSON lines or CSV."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from crawler.cli.options import add_store_options, settings_from_args
from crawler.store.articles import EXPORT_FIELDS, iter_articles
from crawler.store.db import open_store


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("export", help="write stored articles as JSON lines or CSV")
    add_store_options(parser)
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")
    parser.set_defaults(handler=run)


def _write(out: TextIO, records: Iterable[dict[str, Any]], fmt: str) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
        writer.writeheader()
    for record in records:
        if fmt == "csv":
            writer.writerow(
                {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in record.items()}
            )
        else:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def run(args: argparse.Namespace) -> int:
    factory = open_store(settings_from_args(args).database.url)
    with factory() as session:
        records = iter_articles(session)
        if args.out:
            with args.out.open("w", encoding="utf-8", newline="") as out:
                count = _write(out, records, args.format)
            print(f"exported {count} articles to {args.out}", file=sys.stderr)
        else:
            _write(sys.stdout, records, args.format)
    return 0
