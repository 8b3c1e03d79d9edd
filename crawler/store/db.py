"""Opening the store: one engine per URL, migrations applied to head on first use."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
# Several daemons may start at once against one PostgreSQL: one migrates, the others wait.
_MIGRATION_LOCK_ID = 0x77697265


class StoreError(Exception):
    """The store could not be opened or migrated (bad URL, database unreachable)."""


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    # 16 MiB of page cache (the default is 2): moving recent band rows into the index and
    # looking bands up touch pages all over it (filled only as pages are read).
    cursor.execute("PRAGMA cache_size=-16384")
    # A checkpoint every 10,000 pages (40 MiB of WAL), not SQLite's 1,000: a batch of story
    # assignments writes 1,000-1,600 pages, so the default checkpointed (and synced) after
    # nearly every commit; now a page written by several commits is copied back once.
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    # After a checkpoint, the WAL file is cut back to 64 MiB if a large transaction grew it.
    cursor.execute("PRAGMA journal_size_limit=67108864")
    cursor.close()


def create_store_engine(url: str) -> Engine:
    """An engine for a SQLite file or a PostgreSQL URL, tuned for crawler workloads."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # SQLAlchemy raises several kinds for a bad URL
        raise StoreError(f"database url {url!r} is not valid: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (safe to call from several processes)."""
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                lock = text("SELECT pg_advisory_xact_lock(:id)")
                connection.execute(lock, {"id": _MIGRATION_LOCK_ID})
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot open the store at {engine.url!r}: {exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]}"
        ) from exc


_engines: dict[str, Engine] = {}


def open_store(url: str) -> sessionmaker[Session]:
    """A session factory for the store at `url`, migrated to the newest schema on first use."""
    engine = _engines.get(url)
    if engine is None:
        engine = create_store_engine(url)
        migrate(engine)
        _engines[url] = engine
    return sessionmaker(engine, expire_on_commit=False)


def close_stores() -> None:
    """Dispose every engine this process opened (tests and clean shutdown)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()

