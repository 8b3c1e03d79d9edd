"""`wirewash lexicon mine|counts`: what the spun restorer learns from the store.

`mine`: new spinner substitution pairs from spun copies of stored stories. `counts`: word and
word-pair counts of the store's clean articles for the restorer's context model.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from importlib.resources import files
from pathlib import Path

from cleaners.spun import extend_lexicon, mine_pairs
from cleaners.spun._lexicon import LEXICON_FILE
from cleaners.spun._ngrams import NewsCounts
from crawler.cli.options import add_store_options, settings_from_args
from crawler.store.db import open_store
from crawler.store.spun_pairs import iter_clean_texts, iter_spun_pairs


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("lexicon", help="grow the spinner lexicon from the store")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    mine = actions.add_parser(
        "mine",
        help="align spun copies with their story's clean canonical and count swapped phrases",
        description=(
            "Without --out, print the mined pairs as TSV (spun, original, count). With --out, "
            "write the shipped lexicon plus the pairs it lacks (tier W, source mined:N) to FILE "
            "with its version raised; review it, then copy it over cleaners/spun/lexicon.tsv."
        ),
    )
    add_store_options(mine)
    mine.add_argument("--out", type=Path, metavar="FILE", help="write the extended lexicon here")
    mine.add_argument(
        "--min-count", type=int, default=2, metavar="N", help="keep pairs seen N times or more"
    )
    mine.set_defaults(handler=run)
    counts = actions.add_parser(
        "counts",
        help="count words and word pairs of the store's clean articles (spun context model)",
        description=(
            "Write the word and word-pair counts of the newest clean (not spun) articles to "
            "FILE (gzipped TSV, at most 400,000 pairs), for "
            "cleaners.spun.assess(model=ContextModel(NewsCounts.from_text(...)))."
        ),
    )
    add_store_options(counts)
    counts.add_argument("--out", type=Path, metavar="FILE", required=True)
    counts.add_argument(
        "--limit", type=int, default=20_000, metavar="N", help="read the newest N clean articles"
    )
    counts.set_defaults(handler=run_counts)


def run(args: argparse.Namespace) -> int:
    factory = open_store(settings_from_args(args).database.url)
    with factory() as session:
        mined = mine_pairs(iter_spun_pairs(session), min_count=args.min_count)
    if args.out is None:
        for pair in mined:
            print(f"{pair.spun}\t{pair.original}\t{pair.count}")
        print(f"{len(mined)} pairs mined", file=sys.stderr)
        return 0
    shipped = files("cleaners.spun").joinpath(LEXICON_FILE).read_text("utf-8")
    extended, added = extend_lexicon(shipped, mined)
    args.out.write_text(extended, encoding="utf-8")
    print(f"{len(mined)} pairs mined, {added} new; lexicon written to {args.out}", file=sys.stderr)
    return 0


def run_counts(args: argparse.Namespace) -> int:
    factory = open_store(settings_from_args(args).database.url)
    news = NewsCounts()
    with factory() as session:
        texts = list(iter_clean_texts(session, args.limit))
    news.add(texts)
    with gzip.open(args.out, "wt", encoding="utf-8") as out:
        out.write(news.to_text())
    print(f"{len(texts)} clean articles: {len(news.words)} words, {len(news.pairs)} pairs "
          f"written to {args.out}", file=sys.stderr)
    return 0
