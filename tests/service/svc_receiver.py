"""A real webhook receiver on loopback (http.server in a thread) that checks signatures."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from guardline.service.signing import SignatureError, verify_signature


@dataclass
class Receiver:
    secret: str
    fail_first: int = 0  # answer 500 to this many requests first
    delay_s: float = 0.0  # answer each request this late (a slow receiver)
    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)  # verified deliveries
    rejected: int = 0
    attempts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def events(self, name: str) -> list[dict[str, Any]]:
        """The verified deliveries of event ``name``."""
        with self.lock:
            return [r for r in self.received if r["event"] == name]


@contextmanager
def receiver(secret: str, fail_first: int = 0, delay_s: float = 0.0) -> Iterator[Receiver]:
    state = Receiver(secret, fail_first, delay_s)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            arrived = time.monotonic()
            if state.delay_s:
                time.sleep(state.delay_s)
            with state.lock:
                state.attempts += 1
                failing = state.attempts <= state.fail_first
            if failing:
                self.send_response(500)
                self.end_headers()
                return
            try:
                verify_signature(
                    state.secret,
                    self.headers.get("X-Guardline-Timestamp"),
                    body,
                    self.headers.get("X-Guardline-Signature"),
                )
            except SignatureError:
                with state.lock:
                    state.rejected += 1
                self.send_response(401)
                self.end_headers()
                return
            with state.lock:
                state.received.append(
                    {
                        "event": self.headers.get("X-Guardline-Event"),
                        "delivery": self.headers.get("X-Guardline-Delivery"),
                        "host": self.headers.get("Host"),
                        "body": json.loads(body),
                        "arrived": arrived,  # time.monotonic() when the request came in
                    }
                )
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    with serving(server):
        yield state


@contextmanager
def serving(server: ThreadingHTTPServer) -> Iterator[ThreadingHTTPServer]:
    """Run ``server`` in a daemon thread for the block; shut it down and close it after."""
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
