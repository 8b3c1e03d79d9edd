"""Options several commands share (--config, --db) and turning them into settings."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from crawler.settings import Settings, load_settings


def add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, metavar="FILE", help="TOML config file")
    parser.add_argument("--db", metavar="URL", help="database URL (overrides the config)")


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The config file's settings with the command line's overrides applied."""
    settings = load_settings(args.config)
    if getattr(args, "db", None):
        settings = replace(settings, database=replace(settings.database, url=args.db))
    return settings
