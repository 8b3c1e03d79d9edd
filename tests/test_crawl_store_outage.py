"""A store that stops answering mid-crawl: one clear line, nothing committed lost, resumable."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from crawler.store.db import close_stores, open_store
from crawler.store.models import Article
from tests.conftest import POSTGRES_ADMIN_URL, REPO, run_cli
from tests.test_crawl import _slow_article, small_site


def stored(url: str) -> int:
    try:
        with open_store(url)() as session:
            return session.scalar(select(func.count()).select_from(Article)) or 0
    finally:
        close_stores()


def admin(statement: str) -> None:
    engine = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(statement))
    engine.dispose()


@pytest.mark.slow
def test_a_crawl_whose_store_goes_away_stops_cleanly_and_resumes(postgres_url: str) -> None:
    database = sa.engine.make_url(postgres_url).database
    site = small_site(20)
    for n in range(20):
        site.routes[f"/news/story-number-{n}.html"] = _slow_article(f"Story {n}", 0.3)
    command = ["crawl", "--db", postgres_url, "--allow-private-networks", "--delay", "0"]
    with site.running() as base:
        process = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", *command, base + "/"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while stored(postgres_url) < 3:
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.1)
        admin(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS false')
        admin(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'"
        )
        _out, err = process.communicate(timeout=120)
        admin(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS true')
        assert process.returncode == 2
        [line] = err.strip().splitlines()
        assert "the store stopped answering mid-crawl" in line
        kept = stored(postgres_url)
        assert kept >= 3
        again = run_cli(*command, base + "/", "--json", timeout=120)
    assert again.returncode == 0, again.stderr
    assert stored(postgres_url) == 20
