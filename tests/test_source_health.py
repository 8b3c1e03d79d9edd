"""Per-source extraction health: a local site changes its template mid-test, and is degraded."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_cli
from news_site import NewsSite
from test_daemon_processes import DaemonProcess, free_port, wait_until

from crawler.store.health import PageSample, judge, window_figures

HEALTH = "[health]\nrecent_pages = 5\nbaseline_pages = 50\nmin_baseline_pages = 10\n"


def write_config(path: Path, database: str, base: str, every: str = "1h", extra: str = "") -> Path:
    path.write_text(
        f'[database]\nurl = "{database}"\n'
        "[fetch]\nallow_private_networks = true\ndelay = 0\n"
        f"{HEALTH}{extra}"
        f'[[sources]]\nname = "harbour"\nurl = "{base}/"\nevery = "{every}"\n',
        encoding="utf-8",
    )
    return path


def sources_json(config: Path) -> dict[str, dict]:
    result = run_cli("sources", "--config", str(config), "--json")
    assert result.returncode == 0, result.stderr
    return {record["source"]: record for record in json.loads(result.stdout)}


def test_an_emptied_article_container_marks_the_source_degraded_once(
    store_url: str, tmp_path: Path
):
    site = NewsSite()
    site.add_generated(25)
    with site.server.running() as base:
        config = write_config(tmp_path / "wirewash.toml", store_url, base)
        assert sources_json(config)["harbour"]["state"] == "learning"  # configured, not crawled
        first = run_cli("crawl", "harbour", "--config", str(config))
        assert first.returncode == 0, first.stderr
        assert "degraded" not in first.stderr
        healthy = sources_json(config)["harbour"]
        assert healthy["state"] == "ok" and healthy["reasons"] == []
        assert healthy["recent"]["empty_share"] == 0 and healthy["recent"]["author_share"] == 1
        assert healthy["recent"]["median_confidence"] > 0.5  # stored with each article

        site.template = "emptied"  # the redesign: the body is now rendered by a script
        site.add_generated(8, first_seed=100)
        second = run_cli("crawl", "harbour", "--config", str(config))
        third = run_cli("crawl", "harbour", "--config", str(config))
    assert second.returncode == 0, second.stderr
    warnings = [line for line in second.stderr.splitlines() if "warning" in line]
    assert warnings == [
        "wirewash crawl: warning: source harbour is degraded: "
        "pages without an article 100% (baseline 11%)"
    ]
    assert "degraded" not in third.stderr  # once per change, not once per crawl
    degraded = sources_json(config)["harbour"]
    assert degraded["state"] == "degraded" and degraded["since"] is not None
    assert degraded["recent"]["empty_share"] == 1 and degraded["baseline"]["articles"] == 25
    table = run_cli("sources", "--config", str(config)).stdout
    assert re.search(r"^harbour\s+degraded\s+5\s+100%", table, re.M), table
    assert "degraded: pages without an article 100%" in table


@pytest.mark.slow
def test_a_daemon_logs_a_truncating_redesign_once_and_sets_the_gauge(tmp_path: Path):
    site = NewsSite()
    site.add_generated(20)
    port = free_port()
    database = f"sqlite:///{tmp_path / 'store.db'}"
    daemon_keys = (
        f'[daemon]\nhost = "127.0.0.1"\nport = {port}\njitter = 0.0\nmisfire_grace = 5.0\n'
    )
    with site.server.running() as base:
        config = write_config(tmp_path / "d.toml", database, base, "2s", daemon_keys)
        daemon = DaemonProcess.start(config, port, tmp_path / "daemon.log")
        try:
            daemon.wait_ready()
            wait_until(
                lambda: (
                    'wirewash_source_degraded{source="harbour"} 0.0' in daemon.get("/metrics")[1]
                    and sources_json(config)["harbour"]["state"] == "ok"
                ),
                60,
                "the source never became healthy",
            )
            site.template = "teaser"  # a renamed container: first paragraph, no byline
            site.add_generated(6, first_seed=200)
            wait_until(
                lambda: (
                    'wirewash_source_degraded{source="harbour"} 1.0' in daemon.get("/metrics")[1]
                ),
                60,
                "the gauge never showed the source degraded",
            )
            site.add_generated(3, first_seed=300)  # more truncated pages: still degraded
            wait_until(lambda: len(site.server.requests_for(site.articles[-1].path)) > 0, 30, "")
        finally:
            assert daemon.stop() == 0
    (event,) = daemon.events("source_degraded")
    assert event["level"] == "warning" and event["source"] == "harbour"
    assert any(reason.startswith("median text") for reason in event["reasons"]), event["reasons"]
    assert any(reason.startswith("articles with an author 0%") for reason in event["reasons"])


def test_a_fall_in_extraction_confidence_is_a_reason_to_degrade():
    def pages(confidence: float) -> list[PageSample]:
        sample = PageSample(False, 3000, True, True, True, 200, confidence)
        return [sample] * 10

    baseline = window_figures(pages(0.9))
    assert judge(window_figures(pages(0.8)), baseline) == []
    assert judge(window_figures(pages(0.4)), baseline) == [
        "median extraction confidence 0.40 (baseline 0.90)"
    ]
