import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# The competition fixtures (a KOVABLIK edition in its registration window) drive proposal events.
from inovasi.competitions.tests.conftest import frozen_at, kovablik, media  # noqa: F401
from inovasi.integrations.enums import OwnerKind
from inovasi.integrations.owners import Owner


@pytest.fixture
def pemda_a(cast):
    return Owner(OwnerKind.GOVERNMENT, cast.gov_a)


@pytest.fixture
def body(cast):
    return Owner(OwnerKind.ORGANIZER_BODY, cast.body)


class Receiver:
    """A real HTTP server on 127.0.0.1 that records each POST and answers with the next scripted
    status (the last one repeats)."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                payload = json.dumps({"diterima": status < 300}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}/webhook"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    def start(statuses=(200,)):
        return Receiver(statuses)

    return start
