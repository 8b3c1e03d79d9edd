"""The daemon's HTTP port: /healthz (alive), /readyz (the database answers), /metrics, and
the read-only status page (`status`). Nothing served here writes; other methods get 405."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST

from crawler.daemon.metrics import DaemonMetrics
from crawler.daemon.status import Reply, StatusPages


def _handler(
    metrics: DaemonMetrics, ready: Callable[[], str | None], pages: StatusPages | None
) -> type:
    class Endpoints(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Quiet: scrapes every few seconds would drown the event log."""

        def _reply(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            if content_type.startswith("text/html"):
                # The pages need no script, no frame and nothing from elsewhere.
                self.send_header(
                    "Content-Security-Policy",
                    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
                )
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _answer(self) -> Reply:
            path, _, query = self.path.partition("?")
            if path == "/healthz":
                return Reply(200, "text/plain; charset=utf-8", b"ok\n")
            if path == "/readyz":
                problem = ready()
                status, text = (503, f"not ready: {problem}\n") if problem else (200, "ready\n")
                return Reply(status, "text/plain; charset=utf-8", text.encode())
            if path == "/metrics":
                return Reply(200, CONTENT_TYPE_LATEST, metrics.exposition())
            reply = pages.answer(path, query) if pages is not None else None
            if reply is None:
                message = b"not found: try /, /api/sources, /healthz, /readyz or /metrics\n"
                return Reply(404, "text/plain; charset=utf-8", message)
            return reply

        def do_GET(self) -> None:
            reply = self._answer()
            self._reply(reply.status, reply.body, reply.content_type)

        do_HEAD = do_GET

        def _read_only(self) -> None:
            body = b"method not allowed: the status page is read-only (GET, HEAD)\n"
            self.send_response(405)
            self.send_header("Allow", "GET, HEAD")
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_PUT = do_DELETE = do_PATCH = _read_only

    return Endpoints


class PortUnavailable(Exception):
    """The endpoints cannot listen on the configured address and port (taken, or not ours)."""


class EndpointServer:
    """Serves the endpoints and the status page on a background thread."""

    def __init__(
        self,
        host: str,
        port: int,
        metrics: DaemonMetrics,
        ready: Callable[[], str | None],
        pages: StatusPages | None = None,
    ) -> None:
        try:
            self._server = ThreadingHTTPServer((host, port), _handler(metrics, ready, pages))
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
