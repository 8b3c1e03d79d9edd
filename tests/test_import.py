"""`wirewash import` and `wirewash dupes` as a user runs them, on SQLite and PostgreSQL."""

from __future__ import annotations

import html
import io
import json
from pathlib import Path

import pytest
from conftest import run_cli
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.imports import ImportRecord, Malformed, read_records


def page(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (
        f"<html><head><title>{html.escape(title)}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>"
        f"{paragraphs}</article><footer>Copyright 2025 News Example</footer></body></html>"
    )


@pytest.fixture
def seeds(seeds_dir: Path) -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


def write_jsonl(path: Path, seeds: dict[str, str]) -> None:
    lines = [
        json.dumps({"url": "https://a.example/kim", "text": seeds["000"],
                    "published": "2025-10-24T03:58:00+05:30", "source": "a"}),
        "{not json",
        json.dumps({"url": "https://b.example/kim", "html": page("Kim", seeds["001"]),
                    "title": "Kim Jong Un: ties with Russia will advance non-stop",
                    "published": "2025-10-24T12:00:00Z"}),
        json.dumps({"text": "no url here"}),
        "",
        json.dumps({"url": "https://c.example/medals", "text": seeds["002"],
                    "published": "yesterday"}),
        json.dumps({"url": "https://c.example/medals", "text": seeds["002"],
                    "published": "2025-10-25"}),
        json.dumps({"url": "https://d.example/new-year", "text": seeds["003"]}),
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_import_jsonl_then_dupes_and_export(
    store_url: str, seeds: dict[str, str], tmp_path: Path
) -> None:
    source = tmp_path / "articles.jsonl"
    write_jsonl(source, seeds)
    result = run_cli("import", str(source), "--db", store_url)
    assert result.returncode == 1, result.stderr
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert [line.split(": ")[1] for line in skipped] == [f"{source}:{n}" for n in (2, 4, 6)]
    assert "not JSON" in skipped[0] and "no url" in skipped[1] and "yesterday" in skipped[2]
    assert "4 stored" in result.stdout and "3 malformed" in result.stdout

    again = run_cli("import", str(source), "--db", store_url, "--json")
    summary = json.loads(again.stdout)
    assert (summary["stored"], summary["unchanged"], len(summary["malformed"])) == (0, 4, 3)

    dupes = run_cli("dupes", "--db", store_url, "--json")
    assert dupes.returncode == 0, dupes.stderr
    [story] = [json.loads(line) for line in dupes.stdout.splitlines()]
    urls = [a["url"] for a in story["articles"]]
    assert urls == ["https://a.example/kim", "https://b.example/kim"]
    assert [a["match_kind"] for a in story["articles"]] == ["first", "rewrite"]
    assert story["articles"][0]["is_canonical"] and not story["articles"][1]["is_canonical"]

    seen = story["articles"][1]["match_evidence"]
    assert story["articles"][0]["match_evidence"] is None  # the first has nothing to show
    assert 0 < seen["shared_of_article"] <= 1 and 0 < seen["shared_of_matched"] <= 1
    assert all(0 <= a <= b <= 1 for a, b in (seen["article_span"], seen["matched_span"]))

    text = run_cli("dupes", "--db", store_url)
    assert "1 stories with more than one article" in text.stdout
    assert "* first" in text.stdout and "rewrite 0." in text.stdout
    assert "of the matched article's" in text.stdout

    exported = run_cli("export", "--db", store_url)
    records = {r["url"]: r for r in map(json.loads, exported.stdout.splitlines())}
    assert records["https://a.example/kim"]["story_id"] == story["story_id"]
    assert records["https://a.example/kim"]["is_canonical"] is True
    assert records["https://b.example/kim"]["is_canonical"] is False
    assert records["https://b.example/kim"]["match_evidence"] == seen
    assert records["https://c.example/medals"]["story_id"] != story["story_id"]
    assert records["https://c.example/medals"]["is_canonical"] is True


def write_warc(path: Path, seeds: dict[str, str]) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        pages = [
            ("https://a.example/kim", "text/html; charset=utf-8", page("Kim", seeds["000"])),
            ("https://a.example/logo.png", "image/png", "\x89PNG"),
            ("https://e.example/kim-copy", "text/html", page("Kim again", seeds["000"])),
        ]
        for url, content_type, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], "HTTP/1.1")
            payload = io.BytesIO(body.encode("utf-8"))
            record = writer.create_warc_record(
                url, "response", payload=payload, http_headers=headers
            )
            writer.write_record(record)


def test_import_warc(store_url: str, seeds: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "crawl.warc.gz"
    write_warc(source, seeds)
    records = list(read_records(source))
    assert [r.url for r in records if isinstance(r, ImportRecord)] == [
        "https://a.example/kim",
        "https://e.example/kim-copy",
    ]
    result = run_cli("import", str(source), "--db", store_url, "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["stored"], summary["joined_story"]) == (2, 1)


def test_damaged_warc_is_reported(tmp_path: Path, seeds: dict[str, str]) -> None:
    source = tmp_path / "broken.warc.gz"
    write_warc(source, seeds)
    source.write_bytes(source.read_bytes() + b"this is not a WARC record\r\n\r\n")
    records = list(read_records(source))
    assert [type(r) for r in records] == [ImportRecord, ImportRecord, Malformed]
    assert "damaged WARC" in records[-1].reason


def test_missing_file_is_one_clear_line(sqlite_url: str, tmp_path: Path) -> None:
    result = run_cli("import", str(tmp_path / "nope.jsonl"), "--db", sqlite_url)
    assert result.returncode == 2
    assert result.stderr.strip() == f"wirewash import: error: no such file: {tmp_path}/nope.jsonl"


def test_workers_must_not_be_negative(sqlite_url: str, tmp_path: Path) -> None:
    source = tmp_path / "one.jsonl"
    source.write_text('{"url": "https://a.example/1", "text": "A line."}\n', encoding="utf-8")
    result = run_cli("import", str(source), "--db", sqlite_url, "--workers", "-1")
    assert result.returncode == 2
    assert result.stderr.strip() == "wirewash import: error: --workers must be 0 or more, got -1"
