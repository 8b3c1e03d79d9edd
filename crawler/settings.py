"""Settings read in one place: the TOML file, checked strictly, then WIREWASH_* overrides."""

from __future__ import annotations

import os
import re
import tomllib
import types
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

DEFAULT_CONFIG = Path("config/wirewash.toml")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


class ConfigError(Exception):
    """The configuration is unusable; the message is one line naming the key and the problem."""


def parse_duration(text: str) -> timedelta:
    """'15m', '1h30m', '45s', '2d' or a bare number of seconds as a timedelta."""
    value = text.strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return timedelta(seconds=float(value))
    parts = _DURATION.findall(value)
    if not parts or "".join(n + u for n, u in parts) != value:
        raise ValueError(f"unparseable duration {text!r} (use e.g. '90s', '15m', '1h30m', '2d')")
    seconds = sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts)
    if seconds <= 0:
        raise ValueError(f"duration {text!r} must be positive")
    return timedelta(seconds=seconds)


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = "sqlite:///wirewash.db"


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = "wirewash/0.1 (+https://example.org/bot)"
    delay: float = 1.0
    allow_private_networks: bool = False
    concurrency: int = 8
    workers: int = 0
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 20.0
    url_budget: float = 30.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    max_attempts: int = 3
    backoff: float = 1.0
    max_retry_after: float = 120.0
    host_failures: int = 3
    host_backoff: float = 600.0
    robots_ttl: float = 86400.0
    max_sitemap_urls: int = 50_000
    max_sitemap_depth: int = 3
    max_links_per_page: int = 1000


@dataclass(frozen=True)
class DedupSettings:
    window_days: int = 14


@dataclass(frozen=True)
class DaemonSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    stop_deadline: float = 20.0
    claim_ttl: float = 120.0
    jitter: float = 30.0
    misfire_grace: float = 300.0


@dataclass(frozen=True)
class HealthSettings:
    recent_pages: int = 20
    baseline_pages: int = 200
    min_baseline_pages: int = 20


@dataclass(frozen=True)
class SourceSettings:
    name: str
    url: str
    every: str | None = None
    cron: str | None = None
    max_pages: int | None = None

    @property
    def interval(self) -> timedelta | None:
        return parse_duration(self.every) if self.every else None


@dataclass(frozen=True)
class Settings:
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    daemon: DaemonSettings = field(default_factory=DaemonSettings)
    health: HealthSettings = field(default_factory=HealthSettings)
    sources: tuple[SourceSettings, ...] = ()

    def source(self, name: str) -> SourceSettings | None:
        return next((s for s in self.sources if s.name == name), None)


_SECTIONS: dict[str, type] = {
    "database": DatabaseSettings,
    "fetch": FetchSettings,
    "dedup": DedupSettings,
    "daemon": DaemonSettings,
    "health": HealthSettings,
}


def _base_type(annotation: Any) -> type:
    """`float | None` -> float; `int` -> int."""
    if get_origin(annotation) in (Union, types.UnionType):
        return next(a for a in get_args(annotation) if a is not type(None))
    return annotation


def _check_value(where: str, annotation: Any, value: Any) -> Any:
    expected = _base_type(annotation)
    if value is None and expected is not annotation:
        return None
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if (expected is int and isinstance(value, bool)) or not isinstance(value, expected):
        raise ConfigError(
            f"{where}: expected {expected.__name__}, got {type(value).__name__} {value!r}"
        )
    return value


def _build(where: str, cls: type, table: Any) -> Any:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table, got {type(table).__name__}")
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"{where}.{key}: unknown key (known: {', '.join(sorted(known))})")
        values[key] = _check_value(f"{where}.{key}", hints[key], value)
    try:
        return cls(**values)
    except TypeError as exc:
        missing = [f.name for f in fields(cls) if f.name not in values]
        raise ConfigError(f"{where}: missing key {missing[0] if missing else '?'}") from exc


def _check_schedule(where: str, source: SourceSettings) -> None:
    if source.every and source.cron:
        raise ConfigError(f"{where}: give either 'every' or 'cron', not both")
    if source.every:
        try:
            parse_duration(source.every)
        except ValueError as exc:
            raise ConfigError(f"{where}.every: {exc}") from exc
    if source.cron:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(source.cron)
        except ValueError as exc:
            message = f"{where}.cron: invalid cron expression {source.cron!r}: {exc}"
            raise ConfigError(message) from exc


def settings_from_mapping(data: dict[str, Any]) -> Settings:
    """Build and check settings from parsed TOML."""
    sections: dict[str, Any] = {}
    for key, value in data.items():
        if key == "sources":
            continue
        if key not in _SECTIONS:
            known = ", ".join(sorted([*_SECTIONS, "sources"]))
            raise ConfigError(f"{key}: unknown section (known: {known})")
        sections[key] = _build(f"[{key}]", _SECTIONS[key], value)
    raw_sources = data.get("sources", [])
    if not isinstance(raw_sources, list):
        raise ConfigError("sources: expected an array of tables ([[sources]])")
    sources = []
    for index, table in enumerate(raw_sources):
        where = f"sources[{index}]"
        source = _build(where, SourceSettings, table)
        _check_schedule(where, source)
        sources.append(source)
    names = [s.name for s in sources]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise ConfigError(f"sources: name {duplicate!r} is used twice")
    return Settings(**sections, sources=tuple(sources))


def _coerce_env(name: str, annotation: Any, raw: str) -> Any:
    expected = _base_type(annotation)
    try:
        if expected is bool:
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes"}
        return expected(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}: expected {expected.__name__}, got {raw!r}") from exc


def apply_environment(settings: Settings, environ: dict[str, str] | os._Environ[str]) -> Settings:
    """WIREWASH_<SECTION>_<KEY> overrides a key: WIREWASH_DATABASE_URL, WIREWASH_FETCH_DELAY."""
    for section, cls in _SECTIONS.items():
        current = getattr(settings, section)
        hints = get_type_hints(cls)
        changes = {
            f.name: _coerce_env(var, hints[f.name], environ[var])
            for f in fields(cls)
            if (var := f"WIREWASH_{section}_{f.name}".upper()) in environ
        }
        if changes:
            settings = replace(settings, **{section: replace(current, **changes)})
    return settings


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Settings from `path` (or $WIREWASH_CONFIG, or ./config/wirewash.toml), then the environment.

    With no file at all, the built-in defaults apply (no sources).
    """
    env = os.environ if environ is None else environ
    if path is None and env.get("WIREWASH_CONFIG"):
        path = Path(env["WIREWASH_CONFIG"])
    if path is None and DEFAULT_CONFIG.is_file():
        path = DEFAULT_CONFIG
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return apply_environment(settings_from_mapping(data), env)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}" if path else str(exc)) from exc
