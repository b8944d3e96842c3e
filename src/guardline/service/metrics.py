"""Prometheus metrics, one registry per app (``GET /metrics``)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.messages = Counter(
            "guardline_messages_ingested", "Messages accepted by POST /v1/messages", registry=r
        )
        self.duplicates = Counter(
            "guardline_messages_duplicate", "Messages skipped as already ingested", registry=r
        )
        self.alerts = Counter("guardline_alerts", "Alerts raised", registry=r)
        self.scoring = Histogram(
            "guardline_scoring_seconds",
            "Detector time per message",
            buckets=(5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 5e-2),
            registry=r,
        )
        self.group_requests = Histogram(
            "guardline_ingest_group_requests",
            "Requests written in one transaction (group commit of small POST /v1/messages)",
            buckets=(1, 2, 4, 8, 16, 32, 64),
            registry=r,
        )
        self.requests = Histogram(
            "guardline_request_seconds",
            "HTTP request duration",
            ["method", "route", "status"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5),
            registry=r,
        )
        self.deliveries = Counter(
            "guardline_webhook_deliveries", "Webhook delivery attempts", ["result"], registry=r
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
