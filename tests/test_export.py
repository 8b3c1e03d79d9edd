"""`wirewash export`: one record per article, as JSON lines or CSV, on both stores."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from conftest import run_cli

from cleaners import CleanArticle
from crawler.store.articles import save_article
from crawler.store.db import open_store

FIELDS = {
    "url",
    "canonical_url",
    "source",
    "title",
    "authors",
    "published",
    "fetched_at",
    "language",
    "text",
    "story_id",
    "is_canonical",
}


def fill(url: str) -> None:
    factory = open_store(url)
    with factory.begin() as session:
        for n in range(3):
            save_article(
                session,
                f"https://news.example/story-{n}",
                CleanArticle(
                    text=f'Story {n} begins.\n\nParagraph two, with a comma, and "quotes".',
                    title=f"Story {n}",
                    authors=["A. Writer"],
                    published=datetime(2025, 10, 20 + n, tzinfo=UTC),
                    language="en",
                ),
                source="example",
            )


def test_export_jsonl_to_stdout(store_url: str) -> None:
    fill(store_url)
    result = run_cli("export", "--db", store_url)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in records] == ["Story 0", "Story 1", "Story 2"]
    assert set(records[0]) >= FIELDS
    assert records[1]["published"] == "2025-10-21T00:00:00+00:00"
    assert records[2]["text"].endswith('"quotes".')


def test_export_csv_to_file(store_url: str, tmp_path: Path) -> None:
    fill(store_url)
    out = tmp_path / "articles.csv"
    result = run_cli("export", "--db", store_url, "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "exported 3 articles" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 3
    assert json.loads(rows[0]["authors"]) == ["A. Writer"]
    assert "\n\n" in rows[0]["text"]


def test_unreachable_database_is_one_clear_line() -> None:
    result = run_cli("export", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("wirewash export: error: cannot open the store")
