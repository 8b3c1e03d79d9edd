"""Serve a folder of fixture files on 127.0.0.1, as a real site would: validators, 304s, 404s.

`{{BASE}}` in a served file becomes the server's own base URL, so feeds and sitemaps can
list absolute links without knowing the port in advance.
"""

from __future__ import annotations

import email.utils
import hashlib
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_TYPES = {
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".rss": "application/rss+xml",
}


def _handler(root: Path, base: list[str]) -> type[BaseHTTPRequestHandler]:
    class FixtureHandler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Quiet: tests and the demo print their own output."""

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path.endswith("/"):
                path += "index.html"
            file = (root / path.lstrip("/")).resolve()
            if not file.is_file() or root not in file.parents:
                self.send_error(404)
                return
            body = file.read_bytes().replace(b"{{BASE}}", base[0].encode())
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            modified = email.utils.formatdate(file.stat().st_mtime, usegmt=True)
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            content_type = _TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
            self.send_response(200)
            self.send_header("Content-Type", content_type or "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.end_headers()
            self.wfile.write(body)

    return FixtureHandler


@contextmanager
def serve_folder(root: Path, port: int = 0) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (any free port by default); yields the base URL."""
    base = [""]
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(root.resolve(), base))
    server.daemon_threads = True
    base[0] = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="fixture-site", daemon=True)
    thread.start()
    try:
        yield base[0]
    finally:
        server.shutdown()
        server.server_close()
