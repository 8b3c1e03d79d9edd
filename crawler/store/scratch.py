"""A throwaway PostgreSQL database: created empty, dropped afterwards (tests and benchmarks)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from crawler.store.db import close_stores


@contextmanager
def scratch_database(admin_url: str, prefix: str = "wirewash_scratch") -> Iterator[str]:
    """Create an empty database beside `admin_url`'s, yield its URL, drop it on the way out.

    Every open store is closed before the drop, and the drop forces out any connection left
    behind (a killed worker), so the database never outlives its block.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        close_stores()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
