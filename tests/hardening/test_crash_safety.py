"""Crash safety: SIGKILL `guardline serve` during sustained batch ingest, restart, compare.

A real `guardline serve` process (SQLite file, and PostgreSQL) receives batches from four
client threads (each owns its conversations, so every conversation arrives in order). Once a
third of the batches are acknowledged, the server is killed with SIGKILL: requests in flight
are cut off. The server is restarted on the same database; each thread re-sends, in order,
every batch it did not see acknowledged, then every batch is sent once more. Afterwards:

* every acknowledged (2xx) message is stored, and every message is stored exactly once, at
  the index the platform's order gives it, with its text intact;
* re-sending is idempotent: the second full pass accepts nothing and creates no alert;
* the alerts equal those of an in-process ``Detector`` fed the same conversations (same
  flagged authors, same first-alert index per author), one per author, and each alert has
  exactly one ``alert.created`` webhook delivery queued: no alert lost or duplicated.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from hard_support import BENIGN, GIFT, GROOMING, database_for
from sqlalchemy import func, select
from typer.testing import CliRunner

from guardline.cli import app as cli_app
from guardline.core.model import Message
from guardline.detect import Detector
from guardline.service.serveproc import ServeProcess, free_port, start_serve
from guardline.store.db import make_engine
from guardline.store.models import AlertRow, ConversationRow, MessageRow, WebhookDelivery

KEY_RE = re.compile(r"gl_[0-9a-f]{12}_[A-Za-z0-9_-]+")
THREADS = 4
CONVS_PER_THREAD = 12
BATCH = 6


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_for(request.param, tmp_path / "crash.db") as url:
        yield url


class Server:
    """`guardline serve` as a child process on a fixed port and database (restartable)."""

    def __init__(self, db_url: str, port: int, workdir: Path) -> None:
        self.db_url, self.port, self.workdir = db_url, port, workdir
        self.base = f"http://127.0.0.1:{port}"
        self.serve: ServeProcess | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        env = {
            "GUARDLINE_DATABASE_URL": self.db_url,
            "GUARDLINE_WEBHOOK_POLL_S": "0.5",
            "GUARDLINE_WEBHOOK_BACKOFF_S": "3600",  # deliveries stay queued: we count them
        }
        log = self.workdir / f"serve-{self.starts}.log"
        self.serve = start_serve(env, log, port=self.port, cwd=self.workdir, timeout=90)

    def kill(self) -> None:
        assert self.serve is not None
        self.serve.kill()

    def stop(self) -> None:
        if self.serve is not None:
            self.serve.stop()


def _conversations() -> dict[str, list[tuple[str, str]]]:
    """48 conversations from the three non-explicit templates, authors renamed per copy."""
    out: dict[str, list[tuple[str, str]]] = {}
    templates = [GROOMING, BENIGN, GIFT]
    for i in range(THREADS * CONVS_PER_THREAD):
        tpl = templates[i % 3]
        authors = {a: f"{a}{i}" for a in {a for a, _ in tpl}}
        lines = [(authors[a], t) for a, t in tpl]
        if i % 2:  # vary where signs fall
            lines = lines[1:] + lines[:1]
        out[f"crash-{i}"] = lines
    return out


@dataclass
class Lane:
    """One client thread's batches, and what happened to them."""

    batches: list[list[dict[str, str]]]
    acked: list[int] = field(default_factory=list)  # batch numbers answered 2xx
    failed_at: int | None = None  # batch cut off by the crash
    error: str = ""
    statuses: list[int] = field(default_factory=list)


def _lanes(convs: dict[str, list[tuple[str, str]]]) -> list[Lane]:
    lanes = []
    ids = sorted(convs)
    for t in range(THREADS):
        mine = ids[t::THREADS]
        # interleave this lane's conversations message by message (each stays in order)
        items: list[dict[str, str]] = []
        longest = max(len(convs[c]) for c in mine)
        for k in range(longest):
            for c in mine:
                if k < len(convs[c]):
                    a, text = convs[c][k]
                    items.append(
                        {"message_id": f"{c}-m{k}", "conversation_id": c, "author": a, "text": text}
                    )
        lanes.append(Lane([items[i : i + BATCH] for i in range(0, len(items), BATCH)]))
    return lanes


def _send(lane: Lane, base: str, key: str, start: int) -> None:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}) as c:
        for i in range(start, len(lane.batches)):
            try:
                r = c.post("/v1/messages", json={"messages": lane.batches[i]}, timeout=60)
            except httpx.HTTPError as exc:
                lane.failed_at = i
                lane.error = type(exc).__name__
                return
            lane.statuses.append(r.status_code)
            if r.status_code != 200:
                lane.failed_at = i
                lane.error = f"HTTP {r.status_code}"
                return
            body = r.json()
            assert body["accepted"] + body["duplicates"] == len(lane.batches[i])
            lane.acked.append(i)


def _expected_alerts(convs: dict[str, list[tuple[str, str]]]) -> set[tuple[str, str, int]]:
    """(conversation, author, index of the message that flagged the author), in process."""
    det = Detector()
    out = set()
    for cid, lines in convs.items():
        flagged: set[str] = set()
        for i, (a, t) in enumerate(lines):
            res = det.update(Message(cid, i, a, t))
            for au in res.authors:
                if au.flagged and au.author not in flagged:
                    flagged.add(au.author)
                    out.add((cid, au.author, i))
        det.close(cid)
    return out


def test_sigkill_during_batch_ingest(db_url: str, tmp_path: Path) -> None:
    r = CliRunner().invoke(
        cli_app,
        ["tenants", "add", "crash", "--key", "ingest,read,admin", "--database-url", db_url],
    )
    assert r.exit_code == 0, r.output
    key = KEY_RE.search(r.output).group(0)  # type: ignore[union-attr]
    convs = _conversations()
    expected = _expected_alerts(convs)
    assert len({c for c, _, _ in expected}) >= 10  # many conversations alert
    lanes = _lanes(convs)
    total_batches = sum(len(ln.batches) for ln in lanes)
    server = Server(db_url, free_port(), tmp_path)
    server.start()
    try:
        h = {"Authorization": f"Bearer {key}"}
        hook = httpx.post(
            f"{server.base}/v1/webhooks",
            json={"url": "http://127.0.0.1:9/hook", "secret": "crash-test-secret-0123"},
            headers=h,
        )
        assert hook.status_code in (200, 201), hook.text
        threads = [threading.Thread(target=_send, args=(ln, server.base, key, 0)) for ln in lanes]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while sum(len(ln.acked) for ln in lanes) < total_batches // 3:
            assert time.monotonic() < deadline, "ingest too slow"
            assert all(ln.failed_at is None for ln in lanes), [ln.error for ln in lanes]
            time.sleep(0.005)
        server.kill()
        for t in threads:
            t.join(timeout=120)
        acked_before = sum(len(ln.acked) for ln in lanes)
        cut = [ln for ln in lanes if ln.failed_at is not None]
        assert cut, "the kill should cut off ingest"
        assert acked_before < total_batches
        assert all(s == 200 for ln in lanes for s in ln.statuses)
        print(
            f"crash: {total_batches} batches ({sum(len(b) for ln in lanes for b in ln.batches)} "
            f"messages) in {THREADS} lanes; {acked_before} acknowledged before SIGKILL; "
            f"{len(cut)} lanes cut off ({', '.join(ln.error for ln in cut)})"
        )
        acked_ids = {m["message_id"] for ln in lanes for i in ln.acked for m in ln.batches[i]}

        server.start()
        # acknowledged messages survived the crash
        eng = make_engine(db_url, pool_size=1)
        with eng.connect() as c:
            stored = set(c.execute(select(MessageRow.platform_message_id)).scalars())
        assert acked_ids <= stored
        # re-send what was not acknowledged, in order, from each lane
        for ln in lanes:
            if ln.failed_at is not None:
                start, ln.failed_at = ln.failed_at, None
                _send(ln, server.base, key, start)
                assert ln.failed_at is None, ln.error
        # a second full pass is a no-op
        with httpx.Client(base_url=server.base, headers=h) as c:
            for ln in lanes:
                for b in ln.batches:
                    res = c.post("/v1/messages", json={"messages": b}, timeout=60)
                    assert res.status_code == 200
                    body = res.json()
                    assert body["accepted"] == 0 and body["alerts_created"] == 0
                    assert body["duplicates"] == len(b)
    finally:
        server.stop()

    with eng.connect() as c:
        rows = c.execute(
            select(
                ConversationRow.external_id,
                MessageRow.platform_message_id,
                MessageRow.index,
                MessageRow.author,
                MessageRow.text,
            ).join(ConversationRow, ConversationRow.id == MessageRow.conversation_id)
        ).all()
        per_id = c.execute(
            select(MessageRow.platform_message_id, func.count())
            .group_by(MessageRow.platform_message_id)
            .having(func.count() > 1)
        ).all()
        alerts = c.execute(
            select(
                ConversationRow.external_id,
                AlertRow.author,
                AlertRow.first_alert_index,
                AlertRow.id,
            ).join(ConversationRow, ConversationRow.id == AlertRow.conversation_id)
        ).all()
        created = c.execute(
            select(func.count())
            .select_from(WebhookDelivery)
            .where(WebhookDelivery.event == "alert.created")
        ).scalar()
    eng.dispose()
    assert per_id == []
    want = {
        (cid, f"{cid}-m{k}", k, a, t)
        for cid, lines in convs.items()
        for k, (a, t) in enumerate(lines)
    }
    assert len(rows) == len(want)
    assert {tuple(r) for r in rows} == want
    got = {(cid, a, i) for cid, a, i, _ in alerts}
    assert len(alerts) == len(got)
    assert got == expected
    assert created == len(alerts)
