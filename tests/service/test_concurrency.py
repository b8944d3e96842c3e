"""Concurrent writers (threads in two runtimes on one database) keep every conversation's
stored state equal to scanning its stored messages in their stored order."""

from __future__ import annotations

import random
import threading

from sqlalchemy import select
from svc_fixtures import GIFT, GROOMING, payloads, renamed
from svc_support import make_settings, new_tenant

from guardline.core.model import Conversation, ConversationAssessment, Message
from guardline.detect import Detector
from guardline.service.app import create_app
from guardline.service.ingest import ingest
from guardline.service.schemas import MessageIn
from guardline.store.models import AlertRow, ConversationRow, MessageRow


def test_concurrent_writers_stay_consistent(db_url: str) -> None:
    apps = [
        create_app(make_settings(db_url, workers_enabled=False), configure_logs=False)
        for _ in range(2)
    ]
    t = new_tenant(apps[0])
    # k3 is GROOMING between two other accounts: the same pair in k1 and k3 would carry one
    # into the other (relationship memory), and the store would rightly differ from a scan
    k3 = renamed(GROOMING, {"jay": "jay-3", "kit": "kit-3"})
    items = [
        MessageIn(**m)
        for cid, lines in (("k1", GROOMING), ("k2", GIFT), ("k3", k3))
        for m in payloads(cid, lines)
    ]
    rng = random.Random(7)
    rng.shuffle(items)
    chunks: list[list[MessageIn]] = []
    i = 0
    while i < len(items):
        n = rng.randint(1, 3)
        chunks.append(items[i : i + n])
        i += n
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        rt = apps[k % 2].state.rt
        while True:
            with lock:
                if not chunks:
                    return
                chunk = chunks.pop()
            try:
                ingest(rt, t.id, chunk)
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)
                return

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    rt = apps[0].state.rt
    det = Detector()
    with rt.sessions() as s:
        for cid, n in (("k1", len(GROOMING)), ("k2", len(GIFT)), ("k3", len(GROOMING))):
            row = s.execute(
                select(
                    ConversationRow.id, ConversationRow.assessment, ConversationRow.message_count
                ).where(ConversationRow.tenant_id == t.id, ConversationRow.external_id == cid)
            ).one()
            msgs = s.execute(
                select(MessageRow.author, MessageRow.text, MessageRow.index)
                .where(MessageRow.conversation_id == row.id)
                .order_by(MessageRow.index)
            ).all()
            assert [m.index for m in msgs] == list(range(n)) and row.message_count == n
            conv = Conversation(cid, [Message(cid, m.index, m.author, m.text) for m in msgs])
            expected = det.scan(conv)
            got = ConversationAssessment.from_dict(row.assessment)
            assert got.to_scan_row() == expected.to_scan_row()
            alerts = s.scalars(
                select(AlertRow.author).where(AlertRow.conversation_id == row.id)
            ).all()
            assert sorted(alerts) == sorted(expected.flagged_authors)
    for a in apps:
        a.state.rt.close()
