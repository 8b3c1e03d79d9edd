"""`wirewash sources`: every source, its extraction health, its figures beside its baseline."""

from __future__ import annotations

import argparse
import json

from crawler.cli.options import add_store_options, settings_from_args
from crawler.store.db import open_store
from crawler.store.health import (
    HealthReport,
    WindowFigures,
    all_sources_health,
    stored_health,
    unseen_source,
)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "sources",
        help="list sources with their extraction health",
        description="Every source in the store or the config: healthy, degraded (its latest "
        "pages fall well below its baseline, and why) or still learning its baseline.",
    )
    add_store_options(parser)
    parser.add_argument("--json", action="store_true", help="print the sources as JSON")
    parser.set_defaults(handler=run)


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _chars(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _figures(figures: WindowFigures) -> list[str]:
    return [
        str(figures.pages),
        _share(figures.empty_share),
        _chars(figures.median_chars),
        _share(figures.title_share),
        _share(figures.date_share),
        _share(figures.author_share),
        _chars(figures.median_removed_chars),
        "-" if figures.median_confidence is None else f"{figures.median_confidence:.2f}",
    ]


_HEADER = [
    "SOURCE", "STATE", "PAGES", "NO ARTICLE", "TEXT", "TITLE", "DATE", "AUTHOR", "REMOVED",
    "CONFIDENCE",
]  # fmt: skip


def table(reports: list[HealthReport]) -> str:
    """One line per source: recent figures, the baseline's below them, then why if degraded."""
    rows = [_HEADER]
    notes: dict[int, list[str]] = {}
    for report in reports:
        rows.append([report.source, report.state, *_figures(report.recent)])
        rows.append(["", "  baseline", *_figures(report.baseline)])
        notes[len(rows) - 1] = report.reasons
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADER))]
    lines = []
    for number, row in enumerate(rows):
        cells = [
            cell.ljust(w) if i < 2 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        lines.extend(f"    degraded: {reason}" for reason in notes.get(number, []))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    with open_store(settings.database.url)() as session:
        reports = all_sources_health(session, settings.health)
        recorded = stored_health(session)
    known = {report.source for report in reports}
    reports += [unseen_source(s.name) for s in settings.sources if s.name not in known]
    reports.sort(key=lambda report: report.source)
    if args.json:
        records = []
        for report in reports:
            record = report.as_dict()
            stored = recorded.get(report.source)
            same = stored is not None and stored.state == report.state
            record["since"] = stored.since.isoformat() if stored and same else None
            records.append(record)
        print(json.dumps(records, indent=2))
    elif reports:
        print(table(reports))
    else:
        print("no sources: name them in the config's [[sources]], or crawl one by name")
    return 0
