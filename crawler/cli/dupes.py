"""`wirewash dupes`: the stories told by more than one article, canonical article first."""

from __future__ import annotations

import argparse
import json
from typing import Any

from crawler.cli.options import add_store_options, settings_from_args
from crawler.store.db import open_store
from crawler.store.dupes import duplicate_stories, member_record
from crawler.store.members import Member


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "dupes",
        help="list stories with more than one article",
        description="Each story with its canonical article first, then every copy with how "
        "it matched (exact, rewrite, excerpt, spun), its similarity, and the evidence: how "
        "much of the copy and of the article it matched the other holds, and where.",
    )
    add_store_options(parser)
    parser.add_argument(
        "--json", action="store_true", help="one JSON object per story, one per line"
    )
    parser.set_defaults(handler=run)


def _line(member: Member) -> str:
    mark = "*" if member.is_canonical else " "
    how = member.match_kind or "?"
    if member.match_similarity is not None:
        how += f" {member.match_similarity:.2f}"
    if member.is_spun:
        how += " spun"
    date = member.published.date().isoformat() if member.published else "undated"
    title = f"  {member.title}" if member.title else ""
    return f"  {mark} {how:<14} {date}  {member.url}{title}{_evidence(member.match_evidence)}"


def _evidence(seen: dict[str, Any] | None) -> str:
    """'shares 98% of its text (1-99%) and 100% of the matched article's (0-100%)'."""
    if not seen:
        return ""

    def part(share: float, span: list[float]) -> str:
        return f"{share:.0%} ({span[0]:.0%}-{span[1]:.0%})"

    mine = part(seen["shared_of_article"], seen["article_span"])
    theirs = part(seen["shared_of_matched"], seen["matched_span"])
    return f"\n      shares {mine} of its text and {theirs} of the matched article's"


def run(args: argparse.Namespace) -> int:
    factory = open_store(settings_from_args(args).database.url)
    count = 0
    with factory() as session:
        for story_id, members in duplicate_stories(session):
            count += 1
            if args.json:
                story = {"story_id": story_id, "articles": [member_record(m) for m in members]}
                print(json.dumps(story, ensure_ascii=False))
            else:
                print(f"story {story_id}: {len(members)} articles")
                for member in members:
                    print(_line(member))
    if not args.json:
        print(f"{count} stories with more than one article")
    return 0
