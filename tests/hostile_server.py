"""A programmable local HTTP server for the web as it is: slow, broken, huge or hostile.

Each route is a function that writes a raw answer on the request handler, so a test can
drip bytes, stream forever, redirect in circles or lie about content types. Every request
is logged with its arrival time, so tests can check pacing at the server.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    path: str
    at: float
    headers: dict[str, str]


def send(
    handler: BaseHTTPRequestHandler,
    body: bytes | str = b"",
    status: int = 200,
    content_type: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    """A complete, well-formed answer."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(data)


def page(body: bytes | str, **kwargs: object) -> Handler:
    return lambda handler: send(handler, body, **kwargs)  # type: ignore[arg-type]


def status(code: int, headers: dict[str, str] | None = None) -> Handler:
    return lambda handler: send(handler, f"<h1>{code}</h1>", code, headers=headers)


def redirect(location: str, code: int = 302) -> Handler:
    return lambda handler: send(handler, "", code, headers={"Location": location})


def sequence(*handlers: Handler) -> Handler:
    """The first request gets the first answer, and so on; the last one repeats."""
    calls = [0]
    lock = threading.Lock()

    def answer(handler: BaseHTTPRequestHandler) -> None:
        with lock:
            index = min(calls[0], len(handlers) - 1)
            calls[0] += 1
        handlers[index](handler)

    return answer


def drip_body(interval: float) -> Handler:
    """Headers at once, then one byte of body every `interval` seconds, forever."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        while True:
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(interval)

    return answer


def drip_headers(interval: float) -> Handler:
    """The status line and headers one byte every `interval` seconds, never finished."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X-Pad: " + b"y" * 10_000:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(interval)

    return answer


def hang(seconds: float = 30.0) -> Handler:
    """Read the request, then say nothing for `seconds` (a host that accepts and stalls)."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        handler.close_connection = True

    return answer


def reset() -> Handler:
    """Read the request, then drop the connection with a TCP reset (RST), no answer."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        linger = struct.pack("ii", 1, 0)  # l_onoff=1, l_linger=0: close() sends RST
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        handler.connection.close()
        handler.close_connection = True

    return answer


def endless() -> Handler:
    """An HTML body with no length that never ends."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        chunk = b"<p>" + b"more " * 13_000 + b"</p>\n"
        while True:
            handler.wfile.write(chunk)

    return answer


def gzip_bomb(size: int, content_type: str = "text/html") -> Handler:
    """A small gzipped body that inflates to `size` bytes (Content-Encoding: gzip)."""
    body = gzip.compress(b"\0" * size, compresslevel=9)
    return page(body, content_type=content_type, headers={"Content-Encoding": "gzip"})


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hang up on hostile answers on purpose: nothing to report."""


class HostileServer:
    """A threaded server on 127.0.0.1 answering each path with its programmed handler."""

    def __init__(self, routes: dict[str, Handler] | None = None) -> None:
        self.routes: dict[str, Handler] = dict(routes or {})
        self.seen: list[Seen] = []
        self.base = ""

    def requests_for(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Programmed(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

            def do_GET(self) -> None:
                path = unquote(urlsplit(self.path).path)
                server.seen.append(Seen(path, time.monotonic(), dict(self.headers.items())))
                route = server.routes.get(path)
                try:
                    if route is None:
                        send(self, "<h1>not here</h1>", 404)
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        return Programmed

    @contextmanager
    def running(self) -> Iterator[str]:
        http = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self.base = f"http://127.0.0.1:{http.server_address[1]}"
        thread = threading.Thread(
            target=http.serve_forever, args=(0.05,), name="hostile", daemon=True
        )
        thread.start()
        try:
            yield self.base
        finally:
            http.shutdown()
            http.server_close()
