"""The daemon's HTTP port: /healthz (alive), /readyz (the database answers), /metrics."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST

from crawler.daemon.metrics import DaemonMetrics


def _handler(metrics: DaemonMetrics, ready: Callable[[], str | None]) -> type:
    class Endpoints(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Quiet: scrapes every few seconds would drown the event log."""

        def _reply(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/healthz":
                self._reply(200, b"ok\n", "text/plain; charset=utf-8")
            elif path == "/readyz":
                problem = ready()
                status, text = (503, f"not ready: {problem}\n") if problem else (200, "ready\n")
                self._reply(status, text.encode(), "text/plain; charset=utf-8")
            elif path == "/metrics":
                self._reply(200, metrics.exposition(), CONTENT_TYPE_LATEST)
            else:
                self._reply(404, b"not found: try /healthz, /readyz or /metrics\n", "text/plain")

    return Endpoints


class PortUnavailable(Exception):
    """The endpoints cannot listen on the configured address and port (taken, or not ours)."""


class EndpointServer:
    """Serves the three endpoints on a background thread."""

    def __init__(
        self, host: str, port: int, metrics: DaemonMetrics, ready: Callable[[], str | None]
    ) -> None:
        try:
            self._server = ThreadingHTTPServer((host, port), _handler(metrics, ready))
        except OSError as exc:
            raise PortUnavailable(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="endpoints", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
