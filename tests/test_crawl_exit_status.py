"""`wirewash crawl` exits non-zero when every target fails, and says what to do in one line."""

from __future__ import annotations

import socket
from pathlib import Path

from conftest import run_cli


def test_a_refused_local_address_names_the_flag_that_allows_it(tmp_path: Path):
    result = run_cli("crawl", "http://127.0.0.1:8000/", "--db", f"sqlite:///{tmp_path / 's.db'}")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "blocked_address" in lines[0] and "--allow-private-networks" in lines[0]
    assert "non-public address 127.0.0.1" in lines[0]
    assert "error: blocked_address        1" in result.stdout  # the summary is still printed


def test_every_target_unreachable_exits_non_zero_without_the_private_hint(tmp_path: Path):
    with socket.socket() as probe:  # a port nothing listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_cli(
        "crawl", f"http://127.0.0.1:{port}/", "--allow-private-networks", "--delay", "0",
        "--db", f"sqlite:///{tmp_path / 's.db'}", "--json",
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "every target failed" in result.stderr
    assert "--allow-private-networks" not in result.stderr


def test_a_crawl_where_one_target_works_exits_zero(tmp_path: Path, serve_site):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><p>Nothing here yet.</p></body></html>")
    with serve_site(site) as base:
        result = run_cli(
            "crawl", base + "/", "http://127.0.0.1:9/", "--allow-private-networks",
            "--delay", "0", "--db", f"sqlite:///{tmp_path / 's.db'}",
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
