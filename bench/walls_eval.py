"""Bot-wall and paywall verdicts on real article pages: how many would be skipped, and why.

    .venv/bin/python bench/walls_eval.py

Runs `cleaners.walls` on every page of news-dev and extraction-dev (../shared/corpora): the
bot-wall test on the page, then the paywall test on the page and its cleaned text. None of
these pages is a bot wall; a page flagged paywall is listed with its benchmark body's
length, so a real stub (a short body) can be told from a false positive.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from cleaners import clean_html
from cleaners.walls import find_bot_wall, find_paywall

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


def main() -> None:
    for corpus in ("news-dev", "extraction-dev"):
        folder = CORPORA / corpus
        if not folder.is_dir():
            raise SystemExit(f"{folder} not found: the corpora live in ../shared/corpora")
        truth = json.loads((folder / "ground-truth.json").read_text())
        pages = sorted((folder / "html").glob("*.html.gz"))
        flagged = []
        for path in pages:
            html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
            expected = truth.get(path.name.split(".")[0], {})
            wall = find_bot_wall(html) or find_paywall(
                html, clean_html(html, expected.get("url")).text
            )
            if wall is not None:
                words = len(str(expected.get("articleBody", "")).split())
                flagged.append((expected.get("url"), wall.kind, wall.signal, words))
        kinds = [kind for _, kind, _, _ in flagged]
        print(
            f"{corpus}: {len(pages)} pages, bot_wall {kinds.count('bot_wall')}, "
            f"paywall {kinds.count('paywall')}"
        )
        for url, kind, signal, words in flagged:
            print(f"  {kind}: {url} ({signal}; benchmark body {words} words)")


if __name__ == "__main__":
    main()
