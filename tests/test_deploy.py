"""The deployment files: docker-compose.yml and the Dockerfile it builds, and the compose
daemon's exact command line and environment run here against the local PostgreSQL."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_daemon_processes import DaemonProcess, free_port, sites, wait_until, write_config

from crawler.settings import DaemonSettings, load_settings

REPO = Path(__file__).resolve().parents[1]


def compose() -> dict[str, Any]:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def test_compose_runs_postgresql_with_a_health_check_and_a_named_volume() -> None:
    services = compose()["services"]
    db = services["db"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose()["volumes"]


@pytest.mark.parametrize("name", ["daemon", "worker"])
def test_daemon_and_worker_wait_for_the_database_and_point_at_it(name: str) -> None:
    service = compose()["services"][name]
    assert (REPO / service["build"] / "Dockerfile").is_file()
    assert service["depends_on"]["db"]["condition"] == "service_healthy"
    assert "@db:5432/" in service["environment"]["WIREWASH_DATABASE_URL"]
    assert service["command"][:2] == ["wirewash", "run"]
    assert any(v.startswith("./config:") for v in service["volumes"])


def test_only_the_daemon_publishes_the_metrics_port_so_workers_can_scale() -> None:
    services = compose()["services"]
    port = services["daemon"]["environment"]["WIREWASH_DAEMON_PORT"]
    assert services["daemon"]["ports"] == [f"{port}:{port}"]
    assert "ports" not in services["worker"]


def test_the_image_runs_what_compose_runs_and_copies_what_exists() -> None:
    instructions = dockerfile_instructions()
    command = next(arguments for name, arguments in instructions if name == "CMD")
    assert json.loads(command) == compose()["services"]["daemon"]["command"]
    for name, arguments in instructions:
        if name == "COPY" and not arguments.startswith("--from"):
            *sources, _target = arguments.split()
            for source in sources:
                assert (REPO / source).exists(), f"Dockerfile copies {source}, which is missing"
    stop = compose()["services"]["daemon"]["stop_grace_period"]
    grace = re.fullmatch(r"(\d+)s", stop)
    assert grace is not None and float(grace[1]) > DaemonSettings().stop_deadline


def test_the_shipped_config_loads_with_the_compose_environment() -> None:
    environment = compose()["services"]["daemon"]["environment"]
    settings = load_settings(REPO / "config" / "wirewash.toml", environment)
    assert settings.database.url.startswith("postgresql+psycopg://wirewash:")
    assert settings.daemon.port == int(environment["WIREWASH_DAEMON_PORT"])
    assert settings.sources


@pytest.mark.postgres
@pytest.mark.slow
def test_the_compose_command_and_environment_start_a_daemon_here(
    tmp_path: Path, postgres_url: str
) -> None:
    service = compose()["services"]["daemon"]
    host_folder, mounted = service["volumes"][0].split(":")[:2]
    assert host_folder == "./config"
    config_folder = tmp_path / "config"  # our own ./config: a local site, not the internet
    config_folder.mkdir()
    port = free_port()
    with sites(tmp_path, [5]) as (sources, _articles):
        write_config(config_folder / "wirewash.toml", "sqlite:///unused.db", 0, sources)
        wirewash = str(Path(sys.executable).with_name("wirewash"))
        command = [
            wirewash if part == "wirewash" else part.replace(mounted, str(config_folder))
            for part in service["command"]
        ]
        environment = {
            **service["environment"],
            "WIREWASH_DATABASE_URL": postgres_url,  # the db service, here
            "WIREWASH_DAEMON_PORT": str(port),  # 8080 may be taken here
        }
        daemon = DaemonProcess(command, port, tmp_path / "daemon.log", environment)
        daemon.wait_ready()
        assert daemon.get("/healthz")[0] == 200
        wait_until(
            lambda: "wirewash_store_articles 5.0" in daemon.get("/metrics")[1],
            60,
            "the compose daemon did not crawl its source",
        )
        assert daemon.stop() == 0
