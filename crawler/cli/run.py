"""`wirewash run`: the daemon, crawling the configured sources on their schedules."""

from __future__ import annotations

import argparse
from dataclasses import replace

from crawler.cli import UsageError
from crawler.cli.options import add_store_options, settings_from_args
from crawler.daemon import Daemon, configure_logging
from crawler.daemon.endpoints import PortUnavailable
from crawler.daemon.signals import install
from crawler.settings import Settings


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "run",
        help="run the daemon: crawl the configured sources on schedule",
        description="Crawl every [[sources]] entry of the config on its 'every' or 'cron' "
        "schedule, with /healthz, /readyz and /metrics on the daemon port. Any number of "
        "daemons may share one PostgreSQL database. SIGTERM or SIGINT stops it cleanly; "
        "SIGHUP re-reads the sources.",
    )
    add_store_options(parser)
    parser.add_argument("--port", type=int, metavar="N", help="port for the endpoints")
    parser.add_argument("--host", metavar="ADDR", help="address for the endpoints")
    parser.set_defaults(handler=run)


def _settings(args: argparse.Namespace) -> Settings:
    settings = settings_from_args(args)
    overrides = {
        key: value for key in ("port", "host") if (value := getattr(args, key)) is not None
    }
    return replace(settings, daemon=replace(settings.daemon, **overrides))


def run(args: argparse.Namespace) -> int:
    configure_logging()
    daemon = Daemon(lambda: _settings(args))
    install(stop=daemon.request_stop, reload=daemon.request_reload)
    try:
        return daemon.run()
    except PortUnavailable as exc:
        raise UsageError(str(exc)) from exc
