"""Background loops of a service process: webhook delivery, archive scans, retention.

Each loop is a daemon thread that wakes on its poll interval or when ingest signals new work,
and stops cleanly with :meth:`Workers.stop`. Every loop is safe to run in several processes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from guardline.service.logs import log
from guardline.service.retention import purge
from guardline.service.runtime import Runtime
from guardline.service.scans import run_next_scan
from guardline.service.webhooks import WebhookClients, deliver_due


class _Loop(threading.Thread):
    def __init__(
        self, name: str, step: Callable[[], bool], interval: float, wake: threading.Event
    ) -> None:
        super().__init__(name=f"guardline-{name}", daemon=True)
        self.step = step
        self.interval = interval
        self.wake = wake
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            busy = False
            try:
                busy = self.step()
            except Exception as exc:  # keep the loop alive; the error is logged without data
                log.error(
                    "worker error", extra={"worker": self.name, "exc_type": type(exc).__name__}
                )
                busy = False
            if not busy:
                self.wake.wait(self.interval)
                self.wake.clear()

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()


class Workers:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.clients = WebhookClients(ca_bundle=rt.settings.webhook_ca_bundle)
        s = rt.settings
        self._last_purge = 0.0
        self.loops = [
            _Loop(
                "webhooks",
                lambda: deliver_due(rt, self.clients) > 0,
                s.webhook_poll_s,
                rt.webhook_wake,
            ),
            _Loop("scans", lambda: run_next_scan(rt), s.webhook_poll_s, rt.scan_wake),
            _Loop(
                "retention", self._retention, min(s.retention_interval_s, 60.0), threading.Event()
            ),
        ]

    def _retention(self) -> bool:
        if time.monotonic() - self._last_purge < self.rt.settings.retention_interval_s:
            return False
        self._last_purge = time.monotonic()
        with self.rt.sessions() as session, session.begin():
            counts = purge(session, self.rt.settings)
        log.info("retention", extra=counts)
        return False

    def start(self) -> None:
        for loop in self.loops:
            loop.start()

    def stop(self) -> None:
        for loop in self.loops:
            loop.stop()
        for loop in self.loops:
            loop.join(timeout=10)
        self.clients.close()
