"""Every command the docs show is run here as a user would run it, so the docs cannot drift.

README.md and docs/*.md are read for fenced ``sh``, ``toml`` and ``python`` blocks. Each
``sh`` line runs in a sandbox folder that holds what a user's working folder would: a
`config/wirewash.toml` whose sources have the shipped config's names, the input files the
examples name (`page.html`, `articles.jsonl`, `archive.warc.gz`, ...), and a store already
filled by a crawl. The examples name real sites; here every outside URL points at the
bundled demo site served on 127.0.0.1, and a PostgreSQL URL at a fresh database of the
local server. `wirewash run` is started, asked `/readyz`, and stopped with SIGTERM.

Two kinds of line cannot run here and are checked instead: `docker compose` (this machine
has no Docker engine: the services a line names must exist in docker-compose.yml, and
tests/test_deploy.py runs the compose daemon's own command line), and `make test` (it is
this suite). A line of any other program fails the test until it is given a runner here.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_daemon_processes import free_port
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.demo.server import serve_folder
from crawler.settings import _SECTIONS, SourceSettings, load_settings
from crawler.store.db import close_stores

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
DEMO_SITE = REPO / "crawler" / "demo" / "site"
ARTICLES = sorted(DEMO_SITE.glob("*/2025/*/*/*.html"))
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
CLI = [sys.executable, "-m", "crawler.cli"]


def fenced(language: str) -> list[tuple[str, str]]:
    """(where, body) of every fenced block of `language` in the docs."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group(1) == language:
                line = text.count("\n", 0, match.start()) + 1
                found.append((f"{doc.relative_to(REPO)}:{line}", match.group(2)))
    return found


def shell_commands() -> list[tuple[str, str]]:
    """(where, line) of every command line of the docs' sh blocks."""
    commands = []
    for where, body in fenced("sh"):
        for line in body.splitlines():
            if shlex.split(line, comments=True):
                commands.append((where, line))
    return commands


class Sandbox:
    """A user's working folder: config, input files and a filled store, beside a local site."""

    def __init__(self, root: Path, site: str) -> None:
        self.root = root
        self.site = site
        self.port = free_port()
        self.store = f"sqlite:///{root / 'wirewash.db'}"
        shipped = tomllib.loads((REPO / "config" / "wirewash.toml").read_text(encoding="utf-8"))
        sources = "".join(
            f'[[sources]]\nname = "{source["name"]}"\nurl = "{site}/"\nevery = "1h"\n'
            for source in shipped["sources"]
        )
        (root / "config").mkdir()
        (root / "config" / "wirewash.toml").write_text(
            f'[database]\nurl = "{self.store}"\n'
            "[fetch]\ndelay = 0.0\nallow_private_networks = true\n"
            f'[daemon]\nhost = "127.0.0.1"\nport = {self.port}\nstop_deadline = 5.0\n'
            f"jitter = 0.0\n{sources}",
            encoding="utf-8",
        )
        self._write_inputs()

    def _write_inputs(self) -> None:
        first, second = ARTICLES[0], ARTICLES[1]
        shutil.copy(first, self.root / "page.html")
        with gzip.open(self.root / "page.html.gz", "wb") as packed:
            packed.write(first.read_bytes())
        text = re.sub(r"<[^>]+>", " ", second.read_text(encoding="utf-8"))
        (self.root / "article.txt").write_text(" ".join(text.split()), encoding="utf-8")
        records = [
            {"url": f"https://news.example/{path.stem}", "html": path.read_text(encoding="utf-8")}
            for path in ARTICLES[:4]
        ]
        (self.root / "articles.jsonl").write_text(
            "".join(json.dumps(record) + "\n" for record in records), encoding="utf-8"
        )
        with (self.root / "archive.warc.gz").open("wb") as output:
            writer = WARCWriter(output, gzip=True)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            record = writer.create_warc_record(
                f"https://wire.example/{ARTICLES[5].stem}",
                "response",
                payload=io.BytesIO(ARTICLES[5].read_bytes()),
                http_headers=headers,
            )
            writer.write_record(record)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    with serve_folder(DEMO_SITE) as site:
        box = Sandbox(tmp_path_factory.mktemp("docs"), site)
        filled = subprocess.run(
            [*CLI, "crawl", f"{site}/"], cwd=box.root, capture_output=True, text=True, timeout=300
        )
        assert filled.returncode == 0, filled.stderr
        yield box
    close_stores()


def localise(value: str, sandbox: Sandbox, request: pytest.FixtureRequest) -> str:
    """An outside URL becomes the local site; a PostgreSQL URL a fresh local database."""
    if re.match(r"https?://", value) and not value.startswith(sandbox.site):
        return f"{sandbox.site}/"
    if value.startswith("postgresql"):
        return str(request.getfixturevalue("postgres_url"))
    return value


def run_wirewash(where: str, line: str, sandbox: Sandbox, request: pytest.FixtureRequest) -> None:
    tokens = shlex.split(line, comments=True)
    env = {}
    while "=" in tokens[0]:
        key, value = tokens.pop(0).split("=", 1)
        env[key] = localise(value, sandbox, request)
    stdout_file = None
    if ">" in tokens:
        stdout_file = sandbox.root / tokens[tokens.index(">") + 1]
        tokens = tokens[: tokens.index(">")]
    assert Path(tokens[0]).name == "wirewash", f"{where}: {line}"
    args = [localise(token, sandbox, request) for token in tokens[1:]]
    environment = {**os.environ, **env}
    if args[0] == "run":
        _run_daemon(where, line, [*CLI, *args], sandbox, environment)
        return
    result = subprocess.run(
        [*CLI, *args], cwd=sandbox.root, capture_output=True, text=True, timeout=300,
        env=environment,
    )  # fmt: skip
    assert result.returncode == 0, f"{where}: `{line}` exited {result.returncode}: {result.stderr}"
    if stdout_file is not None:
        stdout_file.write_text(result.stdout, encoding="utf-8")
        assert result.stdout.strip(), f"{where}: `{line}` wrote nothing"


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return 0


def _run_daemon(
    where: str, line: str, command: list[str], sandbox: Sandbox, env: dict[str, str]
) -> None:
    process = subprocess.Popen(
        command, cwd=sandbox.root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    try:
        give_up = time.monotonic() + 60
        while _get(f"http://127.0.0.1:{sandbox.port}/readyz") != 200:
            assert process.poll() is None, f"{where}: `{line}` ended: {process.stderr}"
            assert time.monotonic() < give_up, f"{where}: `{line}` never became ready"
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(60)
    assert code == 0, f"{where}: `{line}` exited {code} on SIGTERM"


def check_compose(where: str, line: str) -> None:
    """The services a `docker compose` line names exist; its sub-command is compose's."""
    tokens = shlex.split(line, comments=True)
    assert tokens[:2] == ["docker", "compose"], f"{where}: {line}"
    services = set(yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"])
    known = {"up", "down", "logs", "kill", "ps", "restart", "stop", "start", "exec", "pull"}
    assert tokens[2] in known, f"{where}: unknown compose sub-command in `{line}`"
    rest = iter(tokens[3:])
    for token in rest:
        if token == "--scale":
            service = next(rest).split("=")[0]
            assert service in services, f"{where}: no service {service!r} in docker-compose.yml"
        elif token in ("-s", "--signal"):
            next(rest)
        elif not token.startswith("-"):
            assert token in services, f"{where}: no service {token!r} in docker-compose.yml"


def check_make(where: str, line: str) -> None:
    target = shlex.split(line, comments=True)[1]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^{target}:", makefile, re.MULTILINE), f"{where}: no make target {target}"
    if target == "test":  # the suite itself; CI must run exactly this
        assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
        return
    result = subprocess.run(
        ["make", "-s", target], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{where}: `{line}` exited {result.returncode}: {result.stderr}"


@pytest.mark.slow
@pytest.mark.parametrize(("where", "line"), shell_commands())
def test_a_command_in_the_docs_runs(
    where: str, line: str, sandbox: Sandbox, request: pytest.FixtureRequest
) -> None:
    program = shlex.split(line, comments=True)
    while "=" in program[0]:
        program.pop(0)
    if Path(program[0]).name == "wirewash":
        run_wirewash(where, line, sandbox, request)
    elif program[0] == "docker":
        check_compose(where, line)
    elif program[0] == "make":
        check_make(where, line)
    else:
        pytest.fail(f"{where}: no runner for `{line}`: teach tests/test_docs_commands.py to run it")


@pytest.mark.parametrize(("where", "body"), fenced("toml"))
def test_a_config_in_the_docs_loads(where: str, body: str, tmp_path: Path) -> None:
    path = tmp_path / "wirewash.toml"
    path.write_text(body, encoding="utf-8")
    load_settings(path, environ={})


@pytest.mark.parametrize(("where", "body"), fenced("python"))
def test_python_in_the_docs_runs(where: str, body: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", body], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"{where}: {result.stderr}"


def _documented_defaults() -> dict[str, str]:
    """`section.key` -> its default cell, from the README's configuration table."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_\[\]]+\.[a-z_]+)` \|([^|]*)\|", text, re.MULTILINE)
    return {key: cell.strip().strip("`") for key, cell in rows}


def _as_toml(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def test_every_configuration_key_is_in_the_readme_with_its_default() -> None:
    documented = _documented_defaults()
    for section, cls in _SECTIONS.items():
        for field in fields(cls):
            key = f"{section}.{field.name}"
            assert key in documented, f"README's configuration table lacks {key}"
            if field.default is not MISSING:
                assert documented[key] == _as_toml(field.default), key
    for field in fields(SourceSettings):
        assert f"sources[].{field.name}" in documented, f"README lacks sources[].{field.name}"
    known = {f"{s}.{f.name}" for s, c in _SECTIONS.items() for f in fields(c)}
    known |= {f"sources[].{f.name}" for f in fields(SourceSettings)}
    unknown = set(documented) - known
    assert not unknown, f"README documents keys that do not exist: {unknown}"
