"""`wirewash clean` run as a real process on pages, gzipped pages, text files and bad inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import run_cli

PAGE = Path(__file__).parent / "data" / "cleaners" / "article.html"


def test_clean_prints_the_article_text() -> None:
    script = Path(sys.executable).with_name("wirewash")  # the installed console script
    result = subprocess.run(
        [str(script), "clean", str(PAGE)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Councillors in the harbour town of Westby voted")
    assert "Share on Facebook" not in result.stdout


def test_json_gives_one_object_per_input_with_metadata_removals_and_spun(seeds_dir: Path) -> None:
    seed = next(seeds_dir.glob("000_*.txt"))
    result = run_cli("clean", "--json", str(PAGE), f"{PAGE}.gz", str(seed))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["input"] for r in records] == [str(PAGE), f"{PAGE}.gz", str(seed)]
    page, gzipped, text = records
    assert page["text"] == gzipped["text"]
    assert page["title"] == "Harbour town votes to rebuild its sea wall"
    assert page["authors"] == ["Mary Rowe", "Tom Hale"]
    assert page["published"] == "2025-03-14T09:30:00+00:00"
    assert page["language"] == "en"
    assert {"input", "title", "authors", "published", "language", "text", "removed", "spun"} <= set(
        page
    )
    assert text["authors"] == ["Reuters"]
    assert {"cleaner": "widgets", "text": "Story Saved",
            "reason": "share, social or account control", "moved_to": None} in text["removed"]
    for record in records:
        spun = record["spun"]
        assert spun is None or {"score", "is_spun", "restored_text", "substitutions"} <= set(spun)


def test_explain_lists_each_removal_with_cleaner_and_reason(seeds_dir: Path) -> None:
    seed = next(seeds_dir.glob("004_*.txt"))
    result = run_cli("clean", "--explain", str(seed))
    assert result.returncode == 0, result.stderr
    assert "[furniture] heading of a summary box: Highlights" in result.stdout
    assert "[bylines] timestamp -> published: Jun 5, 2025, 12:00 AM" in result.stdout
    assert "[headline] headline -> title: Kim Jong Un pledges" in result.stdout


def test_a_bad_input_is_one_line_on_stderr_and_the_others_still_run(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"this is not gzip")
    result = run_cli("clean", str(tmp_path / "missing.html"), str(broken), str(PAGE))
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"wirewash clean: {tmp_path / 'missing.html'}: cannot read")
    assert errors[1].startswith(f"wirewash clean: {broken}: cannot read")
    assert "Councillors in the harbour town" in result.stdout


def test_explain_marks_the_spun_phrases_in_the_text(seeds_dir: Path) -> None:
    [spun] = seeds_dir.glob("002_*.txt")
    [clean] = seeds_dir.glob("001_*.txt")
    result = run_cli("clean", "--explain", str(spun), str(clean))
    assert result.returncode == 0, result.stderr
    spun_part, clean_part = result.stdout.split(f"==> {clean} <==")
    assert "(spun)" in spun_part
    assert "[[troopers→troops]]" in spun_part
    assert "[[in accordance with→according to]]" in spun_part
    assert "(not spun)" in clean_part
    assert "0 suspected swaps" in clean_part
    assert "[[" not in clean_part


def test_a_page_without_article_text_says_why(tmp_path: Path) -> None:
    frames = tmp_path / "frames.html"
    frames.write_text('<html><frameset><frame src="story.html"></frameset></html>')
    shell = tmp_path / "shell.html"
    shell.write_text('<html><body><div id="app"></div><script>boot()</script></body></html>')
    result = run_cli("clean", str(frames), str(shell), str(PAGE))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"wirewash clean: {frames}: frameset page: its text is in its frames: story.html",
        f"wirewash clean: {shell}: script-only page: its text is built by JavaScript,"
        " none is in the markup",
    ]
    assert "Councillors in the harbour town" in result.stdout


def test_explain_names_the_extraction_taken_and_its_confidence() -> None:
    result = run_cli("clean", "--explain", str(PAGE))
    assert result.returncode == 0, result.stderr
    assert "--- extracted by trafilatura fast, precision widened by recall, confidence" in (
        result.stdout
    )
