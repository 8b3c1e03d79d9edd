"""Shared fixtures: stores on SQLite and on the local PostgreSQL, local sites, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
import sqlalchemy as sa

from crawler.demo.server import serve_folder
from crawler.store.db import close_stores
from crawler.store.scratch import scratch_database

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SITES = Path(__file__).with_name("sites")
POSTGRES_ADMIN_URL = os.environ.get(
    "WIREWASH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("WIREWASH_REQUIRE_POSTGRES") == "1"


def _postgres_problem() -> str | None:
    try:
        engine = sa.create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure means: no usable PostgreSQL here
        return f"PostgreSQL at {POSTGRES_ADMIN_URL} does not answer ({exc.__class__.__name__})"
    return None


_POSTGRES_PROBLEM = _postgres_problem()


def require_postgres() -> None:
    """Skip (or, on CI, fail) a test that needs the local PostgreSQL when it is not there."""
    if _POSTGRES_PROBLEM:
        if REQUIRE_POSTGRES:
            pytest.fail(f"WIREWASH_REQUIRE_POSTGRES=1 but {_POSTGRES_PROBLEM}")
        pytest.skip(_POSTGRES_PROBLEM)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    require_postgres()
    with scratch_database(POSTGRES_ADMIN_URL, "wirewash_test") as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A fresh SQLite store file for one test."""
    yield f"sqlite:///{tmp_path / 'store.db'}"
    close_stores()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    """The same test on SQLite and on the local PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def serve_site() -> Callable[[Path], AbstractContextManager[str]]:
    """serve_site(folder) -> a context manager that serves it on 127.0.0.1 and yields its URL."""
    return serve_folder


@pytest.fixture
def seeds_dir() -> Path:
    folder = SHARED / "seeds"
    if not folder.is_dir():
        pytest.skip(f"the seed articles are not beside this checkout ({folder})")
    return folder


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `wirewash ARGS` in a real process, as a user would."""
    command = [sys.executable, "-m", "crawler.cli", *args]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd or REPO,
        env={**os.environ, **(env or {})},
    )
