"""A local web server for the intake tests: saved HTML pages (tests/intake/pages/, written by
this project) served from a thread on 127.0.0.1, plus a few routes that misbehave on purpose."""

import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parent / "pages"


class PageHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(PAGES), **kwargs)

    def log_message(self, format, *args):  # keep the test output clean
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path.startswith("/redirect/"):  # /redirect/<target path or absolute URL>
            target = path.removeprefix("/redirect/")
            self.send_response(302)
            self.send_header("Location", target if "://" in target else "/" + target)
            self.end_headers()
            return
        if path == "/huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"word " * 2000 + b"</p>\n"
            try:
                for _ in range(2000):  # ~20 MB, no Content-Length: the cap must stop reading
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path == "/slow.html":
            time.sleep(3)
        if path == "/image.png":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", "8")
            self.end_headers()
            self.wfile.write(b"\x89PNG\r\n\x1a\n")
            return
        if path == "/missing.html":
            self.send_error(404)
            return
        super().do_GET()


@pytest.fixture(scope="session")
def page_server():
    """Base URL (http://127.0.0.1:<port>) of the saved pages."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PageHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def allow_loopback(settings):
    """What production refuses: fetching from 127.0.0.1 (the local page server)."""
    settings.INTAKE_ALLOW_LOOPBACK = True
    settings.INTAKE_TIMEOUT_SECONDS = 1.5
    settings.INTAKE_MAX_BYTES = 1024 * 1024
    return settings
