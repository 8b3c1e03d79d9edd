"""The `wirewash` command: one sub-command per module, errors as one clear line."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from crawler.settings import ConfigError
from crawler.store.db import StoreError

# Each module defines register(commands) and run(args) -> exit code.
COMMAND_MODULES = (
    "crawl",
    "clean",
    "imports",
    "dupes",
    "export",
    "demo",
    "run",
    "lexicon",
    "sources",
)


class UsageError(Exception):
    """The command line asks for something that cannot be done; the message says what."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wirewash",
        description="Crawl news, clean it, repair spun copies, group rewrites of one story.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"crawler.cli.{name}").register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (ConfigError, StoreError, UsageError) as exc:
        print(f"wirewash {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"wirewash {args.command}: interrupted", file=sys.stderr)
        return 130
