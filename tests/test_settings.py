"""The config file: defaults, the shipped file, environment overrides and one-line errors."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from crawler.settings import ConfigError, load_settings, parse_duration


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "wirewash.toml"
    path.write_text(text)
    return path


def test_shipped_config_is_valid_and_documents_the_agreed_shape() -> None:
    settings = load_settings(REPO / "config" / "wirewash.toml", environ={})
    assert settings.database.url == "sqlite:///wirewash.db"
    assert settings.fetch.delay == 1.0
    assert settings.fetch.allow_private_networks is False
    assert settings.daemon.port == 8080
    assert settings.source("aljazeera") is not None
    assert all(s.every or s.cron for s in settings.sources)
    assert len(settings.sources) >= 4


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[database]\nurl = "sqlite:///a.db"\n[fetch]\ndelay = 2\n')
    env = {
        "WIREWASH_DATABASE_URL": "postgresql+psycopg://x@db/y",
        "WIREWASH_FETCH_ALLOW_PRIVATE_NETWORKS": "true",
        "WIREWASH_DAEMON_PORT": "9100",
    }
    settings = load_settings(path, environ=env)
    assert settings.database.url == "postgresql+psycopg://x@db/y"
    assert settings.fetch.delay == 2.0
    assert settings.fetch.allow_private_networks is True
    assert settings.daemon.port == 9100


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[fetch]\ndelya = 1\n", "[fetch].delya: unknown key"),
        ('[fetch]\ndelay = "soon"\n', "[fetch].delay: expected float, got str"),
        ("[daemon]\nport = 80.5\n", "[daemon].port: expected int, got float"),
        ("[nope]\nx = 1\n", "nope: unknown section"),
        (
            '[[sources]]\nname = "a"\nurl = "https://a.example/"\nevery = "soonish"\n',
            "sources[0].every: unparseable duration 'soonish'",
        ),
        (
            '[[sources]]\nname = "a"\nurl = "https://a.example/"\ncron = "61 * * * *"\n',
            "sources[0].cron: invalid cron expression",
        ),
        ('[[sources]]\nurl = "https://a.example/"\n', "sources[0]: missing key name"),
        ("[fetch\n", "not valid TOML"),
    ],
)
def test_bad_config_names_the_key_and_the_problem(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=None) as caught:
        load_settings(write(tmp_path, text), environ={})
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_bad_environment_value_is_an_error() -> None:
    with pytest.raises(ConfigError, match="WIREWASH_FETCH_DELAY: expected float"):
        load_settings(REPO / "config" / "wirewash.toml", environ={"WIREWASH_FETCH_DELAY": "x"})


def test_durations() -> None:
    assert parse_duration("15m") == timedelta(minutes=15)
    assert parse_duration("1h30m") == timedelta(minutes=90)
    assert parse_duration("45") == timedelta(seconds=45)
    with pytest.raises(ValueError, match="unparseable"):
        parse_duration("15 minutes")


def test_cli_exits_non_zero_with_one_line_on_a_bad_config(tmp_path: Path) -> None:
    path = write(tmp_path, "[fetch]\nuser_agnet = 'x'\n")
    result = run_cli("crawl", "https://example.org/", "--config", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "[fetch].user_agnet: unknown key" in lines[0]
