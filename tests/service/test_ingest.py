"""The message path: batch/single POSTs, idempotency, all-or-nothing, persisted state, limits."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select, text
from svc_fixtures import BENIGN, CLUB_GROUP, CLUB_NAMES, GIFT, GROOMING, conversation, payloads
from svc_support import TenantKeys, make_settings, new_tenant, subscribe_unreachable, wait_for
from typer.testing import CliRunner

from guardline.cli import app as cli_app
from guardline.core.model import AgeBand, ConversationAssessment, Participant
from guardline.detect import AlertPolicy, Detector
from guardline.detect.context import pair_key
from guardline.service.app import create_app
from guardline.store.models import (
    AlertRow,
    ConversationRow,
    MessageRow,
    PairContext,
    ParticipantRow,
    WebhookDelivery,
    utcnow,
)


def _counts(app: FastAPI, tenant_id: int) -> tuple[int, int, int]:
    with app.state.rt.sessions() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(MessageRow)
                .where(MessageRow.tenant_id == tenant_id)
            ),
            s.scalar(
                select(func.count())
                .select_from(ConversationRow)
                .where(ConversationRow.tenant_id == tenant_id)
            ),
            s.scalar(
                select(func.count()).select_from(AlertRow).where(AlertRow.tenant_id == tenant_id)
            ),
        )  # type: ignore[return-value]


def _stored_assessment(app: FastAPI, tenant_id: int, cid: str) -> ConversationAssessment:
    with app.state.rt.sessions() as s:
        row = s.scalar(
            select(ConversationRow.assessment).where(
                ConversationRow.tenant_id == tenant_id, ConversationRow.external_id == cid
            )
        )
    return ConversationAssessment.from_dict(row)


def test_batch_scores_like_scan_and_raises_alert(client: TestClient, tenant: TenantKeys) -> None:
    items = payloads("g1", GROOMING) + payloads("b1", BENIGN)
    r = client.post("/v1/messages", json={"messages": items}, headers=tenant.h("ingest"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["accepted"] == len(items) and body["duplicates"] == 0
    assert body["alerts_created"] == 1
    assert [x["message_id"] for x in body["results"]] == [m["message_id"] for m in items]
    expected = Detector().scan(conversation("g1", GROOMING))
    last = [x for x in body["results"] if x["conversation_id"] == "g1"][-1]
    assert last["risk"] == round(expected.risk, 6) and last["alert"] is True
    got = client.get("/v1/conversations/g1", headers=tenant.h("read")).json()
    assert got["first_alert_index"] == expected.first_alert_index
    assert got["message_count"] == len(GROOMING)
    assert [e["message_index"] for e in got["evidence"]] == [
        s.message_index for s in expected.evidence
    ]
    alerts = client.get("/v1/alerts", headers=tenant.h("read")).json()["items"]
    assert [(a["conversation_id"], a["author"]) for a in alerts] == [("g1", "jay")]
    assert alerts[0]["first_alert_index"] == expected.first_alert_index
    benign = client.get("/v1/conversations/b1", headers=tenant.h("read")).json()
    assert benign["alert"] is False


def test_single_messages_equal_one_batch(client: TestClient, tenant: TenantKeys) -> None:
    for item in payloads("g2", GROOMING):
        r = client.post("/v1/messages", json=item, headers=tenant.h("ingest"))
        assert r.status_code == 200
        assert r.json()["results"][0]["index"] == int(item["message_id"].rsplit("-", 1)[1])
    expected = Detector().scan(conversation("g2", GROOMING))
    app = client.app
    got = _stored_assessment(app, tenant.id, "g2")  # type: ignore[arg-type]
    assert got.to_scan_row() == expected.to_scan_row()


def test_idempotent_on_message_id(client: TestClient, tenant: TenantKeys) -> None:
    items = payloads("g3", GROOMING)
    first = client.post("/v1/messages", json={"messages": items[:8]}, headers=tenant.h())
    assert first.json()["accepted"] == 8
    before = _counts(client.app, tenant.id)  # type: ignore[arg-type]
    # a retry of the same batch plus a repeated id inside the batch: nothing new is stored
    again = client.post(
        "/v1/messages", json={"messages": [*items[:8], items[3]]}, headers=tenant.h()
    ).json()
    assert again["accepted"] == 0 and again["duplicates"] == 9
    assert {r["status"] for r in again["results"]} == {"duplicate"}
    assert _counts(client.app, tenant.id) == before  # type: ignore[arg-type]
    # the rest continues where the first batch stopped
    rest = client.post("/v1/messages", json={"messages": items}, headers=tenant.h()).json()
    assert rest["accepted"] == len(items) - 8 and rest["duplicates"] == 8
    got = _stored_assessment(client.app, tenant.id, "g3")  # type: ignore[arg-type]
    assert got.to_scan_row() == Detector().scan(conversation("g3", GROOMING)).to_scan_row()


def test_message_ids_are_per_tenant_and_order_is_arrival(
    client: TestClient, tenant_factory: Callable[[], TenantKeys]
) -> None:
    """Idempotency is per (tenant, message id), not per conversation: an id already stored in
    one conversation is a duplicate in any other and is stored nowhere; another tenant's same
    id is its own message. Messages are indexed in arrival order: ``sent_at`` is stored but
    never reorders them."""
    tenant, other = tenant_factory(), tenant_factory()

    def post(t: TenantKeys, body: dict[str, Any]) -> dict[str, Any]:
        r = client.post("/v1/messages", json=body, headers=t.h("ingest"))
        assert r.status_code == 200, r.text
        return dict(r.json()["results"][0])

    def count(t: TenantKeys, cid: str) -> int | None:
        r = client.get(f"/v1/conversations/{cid}", headers=t.h("read"))
        return int(r.json()["message_count"]) if r.status_code == 200 else None

    base = {"author": "jay", "text": "how old are you"}
    first = post(tenant, {**base, "message_id": "m1", "conversation_id": "c1"})
    assert first["status"] == "accepted" and first["index"] == 0
    again = post(tenant, {**base, "message_id": "m1", "conversation_id": "c2"})
    assert again["status"] == "duplicate" and again["index"] is None
    assert again["conversation_id"] == "c2"  # the request's, not where the id is stored
    # stored nowhere, and no empty conversation "c2" is made for it
    assert count(tenant, "c1") == 1 and count(tenant, "c2") is None
    listed = client.get("/v1/conversations", headers=tenant.h("read")).json()
    assert [c["id"] for c in listed["items"]] == ["c1"]
    # with a new message beside it, the new conversation holds only the new message
    both = client.post(
        "/v1/messages",
        json={
            "messages": [{**base, "message_id": m, "conversation_id": "c2"} for m in ("m1", "m2")]
        },
        headers=tenant.h("ingest"),
    ).json()["results"]
    assert [r["status"] for r in both] == ["duplicate", "accepted"] and count(tenant, "c2") == 1
    theirs = post(other, {**base, "message_id": "m1", "conversation_id": "c2"})
    assert theirs["status"] == "accepted" and theirs["index"] == 0

    # later sent_at first, earlier second: indexes follow arrival
    late = post(
        tenant,
        {**base, "message_id": "t1", "conversation_id": "c3", "sent_at": "2026-01-01T12:00:00Z"},
    )
    early = post(
        tenant,
        {
            "message_id": "t2",
            "conversation_id": "c3",
            "author": "jay",
            "text": "don't tell your mum",
            "sent_at": "2026-01-01T11:00:00Z",
        },
    )
    assert (late["index"], early["index"]) == (0, 1)

    # both rules are stated where clients read them
    spec = client.app.openapi()  # type: ignore[attr-defined]
    text = spec["paths"]["/v1/messages"]["post"]["description"]
    for words in ("per tenant", "not per conversation", "arrival order", "never reorders"):
        assert words in text, words
    doc = (Path(__file__).resolve().parents[2] / "docs" / "service.md").read_text("utf-8")
    ingest = doc[doc.index("### Ingest") :]
    assert "per tenant" in ingest and "arrival order" in ingest


def test_ids_with_a_slash_can_be_read_back(client: TestClient, tenant: TenantKeys) -> None:
    """Ids are any text without NUL: one with "/" (sent as %2F) reaches its conversation and
    participant like any other id, not a 404 from the router."""
    h = tenant.h()
    cid, pid = "guild/42/chan", "team/u1"
    r = client.post(
        "/v1/messages",
        json={"message_id": "s1", "conversation_id": cid, "author": pid, "text": "how old are you"},
        headers=h,
    )
    assert r.status_code == 200 and r.json()["accepted"] == 1, r.text
    got = client.get("/v1/conversations/guild%2F42%2Fchan", headers=h)
    assert got.status_code == 200, got.text
    assert got.json()["id"] == cid and got.json()["message_count"] == 1
    put = client.put("/v1/participants/team%2Fu1", json={"age_band": "adult"}, headers=h)
    assert put.status_code == 200 and put.json()["id"] == pid, put.text
    read = client.get("/v1/participants/team%2Fu1", headers=h)
    assert read.status_code == 200 and read.json()["age_band"] == "adult", read.text
    missing = client.get("/v1/conversations/guild%2F42%2Fother", headers=h)
    assert missing.status_code == 404 and missing.json()["detail"] == "No such conversation."


def _lock_waits(rt: Any) -> int:
    """Sessions of this PostgreSQL database waiting on a lock."""
    with rt.engine.connect() as conn:
        q = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        return int(conn.execute(text(q + "AND wait_event_type = 'Lock'")).scalar_one())


def test_put_participant_racing_a_creation_of_the_same_rows(
    client: TestClient, tenant: TenantKeys
) -> None:
    """A PUT that finds no participant (or pair) row while another transaction is inserting
    it updates the row the other one committed: no 500 (PostgreSQL; SQLite serialises)."""
    rt = client.app.state.rt  # type: ignore[attr-defined]
    a, b = pair_key("racer", "other")
    body = {
        "age_band": "adult",
        "contacts": [{"participant_id": "other", "had_contact_before": False}],
    }
    answer: list[Any] = []
    with rt.engine.connect() as conn:
        tx = conn.begin()
        now = utcnow()
        conn.execute(
            insert(ParticipantRow).values(
                tenant_id=tenant.id,
                external_id="racer",
                age_band="child",
                created_at=now,
                updated_at=now,
            )
        )
        conn.execute(
            insert(PairContext).values(
                tenant_id=tenant.id,
                participant_a=a,
                participant_b=b,
                had_contact_before=True,
                updated_at=now,
            )
        )
        put = threading.Thread(
            target=lambda: answer.append(
                client.put("/v1/participants/racer", json=body, headers=tenant.h())
            )
        )
        put.start()
        if rt.postgres:  # until the PUT waits on the uncommitted row's unique key
            assert wait_for(lambda: _lock_waits(rt))
        else:
            time.sleep(0.5)
        tx.commit()
    put.join(30)
    r = answer[0]
    assert r.status_code == 200, r.text
    assert r.json()["age_band"] == "adult"
    assert r.json()["contacts"] == [{"participant_id": "other", "had_contact_before": False}]


def test_restart_continues_from_persisted_state(db_url: str, tmp_path: Path) -> None:
    """Half a conversation, restart (new process state), the other half: equals scan."""
    half = len(GROOMING) // 2
    items = payloads("r1", GROOMING)
    app1 = create_app(make_settings(db_url, workers_enabled=False), configure_logs=False)
    t = new_tenant(app1)
    with TestClient(app1) as c:
        assert (
            c.post("/v1/messages", json={"messages": items[:half]}, headers=t.h()).json()[
                "accepted"
            ]
            == half
        )
    app2 = create_app(make_settings(db_url, workers_enabled=False), configure_logs=False)
    assert len(app2.state.rt.pool) == 0  # nothing in memory: state must come from the row
    with TestClient(app2) as c:
        r = c.post("/v1/messages", json={"messages": items[half:]}, headers=t.h()).json()
        assert r["accepted"] == len(items) - half
        assert r["results"][0]["index"] == half
    got = _stored_assessment(app2, t.id, "r1").to_scan_row()
    assert got == Detector().scan(conversation("r1", GROOMING)).to_scan_row()
    # ... and equals the row `guardline scan` writes for the same messages
    src = tmp_path / "conv.jsonl"
    src.write_text(
        json.dumps({"id": "r1", "messages": [{"author": a, "text": x} for a, x in GROOMING]})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "scan.jsonl"
    res = CliRunner().invoke(cli_app, ["scan", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0]) == got


def test_two_processes_interleaved_equal_one(db_url: str) -> None:
    """Two runtimes on one database take turns on the same conversations: caches stay valid."""
    a = create_app(make_settings(db_url, workers_enabled=False), configure_logs=False)
    b = create_app(make_settings(db_url, workers_enabled=False), configure_logs=False)
    t = new_tenant(a)
    items = payloads("i1", GROOMING) + payloads("i2", GIFT)
    items.sort(key=lambda m: int(m["message_id"].rsplit("-", 1)[1]))  # interleave the two
    with TestClient(a) as ca, TestClient(b) as cb:
        for n, item in enumerate(items):
            (ca if n % 3 else cb).post("/v1/messages", json=item, headers=t.h())
    for cid, lines in (("i1", GROOMING), ("i2", GIFT)):
        got = _stored_assessment(a, t.id, cid).to_scan_row()
        assert got == Detector().scan(conversation(cid, lines)).to_scan_row()


def _install_failing_trigger(app: FastAPI) -> None:
    """A real database error on inserting a message by author 'boom' (no mocks)."""
    rt = app.state.rt
    with rt.engine.begin() as conn:
        if rt.postgres:
            conn.execute(
                text(
                    "CREATE OR REPLACE FUNCTION gl_boom() RETURNS trigger AS $$ BEGIN "
                    "IF NEW.author = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END; "
                    "$$ LANGUAGE plpgsql"
                )
            )
            conn.execute(text("DROP TRIGGER IF EXISTS gl_boom ON messages"))
            conn.execute(
                text(
                    "CREATE TRIGGER gl_boom BEFORE INSERT ON messages FOR EACH ROW "
                    "EXECUTE FUNCTION gl_boom()"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE TRIGGER IF NOT EXISTS gl_boom BEFORE INSERT ON messages "
                    "WHEN NEW.author = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END"
                )
            )


def test_failed_request_writes_nothing(db_url: str) -> None:
    app = create_app(make_settings(db_url, workers_enabled=False), configure_logs=False)
    _install_failing_trigger(app)
    t = new_tenant(app)
    items = payloads("f1", GROOMING)
    with TestClient(app, raise_server_exceptions=False) as c:
        ok = c.post("/v1/messages", json={"messages": items[:5]}, headers=t.h())
        assert ok.status_code == 200
        before = _counts(app, t.id)
        bad = [
            *items[5:],
            {"message_id": "x-1", "conversation_id": "f2", "author": "boom", "text": "hello"},
        ]
        r = c.post("/v1/messages", json={"messages": bad}, headers=t.h())
        assert r.status_code in (409, 500)  # SQLite reports RAISE as a constraint error
        assert r.headers["content-type"] == "application/problem+json"
        assert "boom" not in r.text and "hello" not in r.text
        assert _counts(app, t.id) == before  # no message, conversation f2 or alert written
        # the in-memory state was rolled back too: finishing the stream equals scan
        r = c.post("/v1/messages", json={"messages": items[5:]}, headers=t.h())
        assert r.json()["accepted"] == len(items) - 5
    got = _stored_assessment(app, t.id, "f1").to_scan_row()
    assert got == Detector().scan(conversation("f1", GROOMING)).to_scan_row()


def test_limits(db_url: str) -> None:
    app = create_app(
        make_settings(db_url, workers_enabled=False, max_message_chars=50, max_body_bytes=4096),
        configure_logs=False,
    )
    t = new_tenant(app)
    with TestClient(app) as c:
        long = {"message_id": "l1", "conversation_id": "l", "author": "a", "text": "x" * 51}
        r = c.post("/v1/messages", json=long, headers=t.h())
        assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
        big = {"messages": [dict(long, message_id=f"m{i}", text="y" * 40) for i in range(200)]}
        r = c.post("/v1/messages", json=big, headers=t.h())
        assert r.status_code == 413
        many = {"messages": [dict(long, message_id=f"n{i}", text="") for i in range(1001)]}
        assert _counts(app, t.id) == (0, 0, 0)
    app2 = create_app(make_settings(db_url, workers_enabled=False), configure_logs=False)
    with TestClient(app2) as c:
        r2 = c.post("/v1/messages", json=many, headers=t.h())
        assert r2.status_code == 422
        assert r2.json()["errors"] and "x" * 10 not in r2.text
        nul = dict(long, text="a\x00b")
        assert c.post("/v1/messages", json=nul, headers=t.h()).status_code == 422
    assert _counts(app2, t.id) == (0, 0, 0)
    # the request schema refuses texts over 100,000 characters (422) whatever the setting says:
    # a setting above that is refused at start instead of silently not applying
    with pytest.raises(ValueError, match="max_message_chars"):
        make_settings(db_url, max_message_chars=100_001)


def test_validation_errors_name_only_what_is_wrong(client: TestClient, tenant: TenantKeys) -> None:
    """A batch with one bad message gets that message's error alone (not also the errors of
    reading the batch as one message), a single message likewise, and a body that is not a
    JSON object (a list, or JSON sent without the JSON content type) says what is expected."""
    h = tenant.h()
    batch = payloads("v1", GROOMING)[:4]
    batch[2] = {**batch[2], "author": ""}
    r = client.post("/v1/messages", json={"messages": batch}, headers=h)
    assert r.status_code == 422
    assert [(e["loc"][-3:], e["type"]) for e in r.json()["errors"]] == [
        (["messages", 2, "author"], "string_too_short")
    ]
    one = {k: v for k, v in batch[0].items() if k != "author"}
    r = client.post("/v1/messages", json=one, headers=h)
    assert [(e["loc"][-1], e["type"]) for e in r.json()["errors"]] == [("author", "missing")]
    as_list = client.post("/v1/messages", json=batch, headers=h)
    as_text = client.post(
        "/v1/messages", content=json.dumps(batch[0]), headers={**h, "content-type": "text/plain"}
    )
    for r in (as_list, as_text):
        assert r.status_code == 422
        (err,) = r.json()["errors"]
        assert err["loc"] == ["body"] and "JSON object" in err["msg"], err
    assert _counts(client.app, tenant.id) == (0, 0, 0)  # type: ignore[arg-type]


def test_unreadable_body_is_a_documented_400(client: TestClient, tenant: TenantKeys) -> None:
    """A body that is not UTF-8 (a latin-1 client) answers 400, which the OpenAPI schema of
    the body routes lists like their other error statuses."""
    latin1 = '{"message_id": "u1", "conversation_id": "u", "author": "a", "text": "café"}'
    r = client.post(
        "/v1/messages",
        content=latin1.encode("latin-1"),
        headers={**tenant.h(), "content-type": "application/json"},
    )
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
    spec = client.app.openapi()  # type: ignore[attr-defined]
    for path, method in (("/v1/messages", "post"), ("/v1/scans", "post")):
        assert "400" in spec["paths"][path][method]["responses"], path


def test_encryption_at_rest(db_url: str) -> None:
    from cryptography.fernet import Fernet

    key = Fernet.generate_key().decode()
    app = create_app(
        make_settings(db_url, workers_enabled=False, encryption_key=key), configure_logs=False
    )
    t = new_tenant(app)
    with TestClient(app) as c:
        c.post("/v1/messages", json={"messages": payloads("e1", BENIGN)}, headers=t.h())
    with app.state.rt.sessions() as s:
        rows = s.execute(
            select(MessageRow.text, MessageRow.encrypted)
            .where(MessageRow.tenant_id == t.id)
            .order_by(MessageRow.index)
        ).all()
    assert len(rows) == len(BENIGN)
    for (stored, enc), (_, plain) in zip(rows, BENIGN, strict=True):
        assert enc is True and plain not in stored
        assert app.state.rt.cipher.decrypt(stored, enc) == plain
    with pytest.raises(ValueError, match="Fernet"):
        make_settings(db_url, encryption_key="not-a-key")


def test_context_policy_alerts_sooner(client: TestClient, tenant: TenantKeys) -> None:
    h = tenant.h()
    base = client.app.state.rt.pool.base_policy  # type: ignore[attr-defined]
    lowered = AlertPolicy(threshold=0.85, k=1, n=base.n, min_messages=base.min_messages)
    plain = conversation("c0", GIFT)
    with_ctx = conversation("c1", GIFT)
    with_ctx.participants = {
        "rob": Participant("rob", AgeBand.ADULT, account_age_days=400),
        "ana": Participant("ana", AgeBand.CHILD),
    }
    exp_plain = Detector().scan(plain)
    exp_ctx = Detector(policy=lowered).scan(with_ctx)
    # the fixture is chosen so that context makes the difference
    assert exp_ctx.alert and not exp_plain.alert

    r = client.post("/v1/messages", json={"messages": payloads("c0", GIFT)}, headers=h)
    assert r.json()["alerts_created"] == 0
    # an adult account writing to a child account it never had contact with
    r = client.put(
        "/v1/participants/rob",
        json={
            "age_band": "adult",
            "account_age_days": 400,
            "contacts": [{"participant_id": "ana", "had_contact_before": False}],
        },
        headers=h,
    )
    assert r.status_code == 200
    p = client.put("/v1/participants/ana", json={"age_band": "child"}, headers=h).json()
    assert p["contacts"] == [{"participant_id": "rob", "had_contact_before": False}]
    r = client.post("/v1/messages", json={"messages": payloads("c1", GIFT)}, headers=h)
    assert r.json()["alerts_created"] == 1
    conv = client.get("/v1/conversations/c1", headers=h).json()
    assert conv["policy"]["reasons"] == ["adult_to_minor_first_contact"]
    assert conv["policy"]["threshold"] == 0.85 and conv["policy"]["k"] == 1
    assert conv["first_alert_index"] == exp_ctx.first_alert_index
    assert conv["risk"] == round(exp_ctx.risk, 6)
    # once the pair is known to have had contact, the base policy applies again
    client.put(
        "/v1/participants/rob",
        json={
            "age_band": "adult",
            "contacts": [{"participant_id": "ana", "had_contact_before": True}],
        },
        headers=h,
    )
    client.post("/v1/messages", json={"messages": payloads("c2", GIFT)}, headers=h)
    policy = client.get("/v1/conversations/c2", headers=h).json()["policy"]
    assert policy["reasons"] == [] and policy["threshold"] == base.threshold


def test_display_names_tell_whom_a_group_message_addresses(
    client: TestClient, tenant_factory: Callable[[], TenantKeys]
) -> None:
    """Numeric account ids name nobody; once the platform gives display names, the same
    group chat scores the volunteer's messages to "Maya" as the two-person chat they are, and
    the conversation view names her account as the one he singles out."""
    tenant = tenant_factory()
    ing, read = tenant.h("ingest"), tenant.h("read")
    r = client.post("/v1/messages", json={"messages": payloads("g1", CLUB_GROUP)}, headers=ing)
    assert r.status_code == 200, r.text
    before = client.get("/v1/conversations/g1", headers=read).json()
    assert all(a["addressee"] is None for a in before["authors"])
    for pid, name in CLUB_NAMES.items():
        r = client.put(f"/v1/participants/{pid}", json={"display_name": name}, headers=ing)
        assert r.status_code == 200 and r.json()["display_name"] == name, r.text
    for bad_name in ("x" * 201, "   ", "Ma\u202eya", "Maya\nx"):
        bad = client.put("/v1/participants/3001", json={"display_name": bad_name}, headers=ing)
        assert bad.status_code == 422, bad_name
    r = client.post("/v1/messages", json={"messages": payloads("g2", CLUB_GROUP)}, headers=ing)
    assert r.status_code == 200, r.text
    after = client.get("/v1/conversations/g2", headers=read).json()
    gary = next(a for a in after["authors"] if a["author"] == "3001")
    assert gary["flagged"] and gary["addressee"] == "3002"
    assert gary["risk"] >= next(a for a in before["authors"] if a["author"] == "3001")["risk"]
    assert all(a["addressee"] is None for a in after["authors"] if a["author"] != "3001")


def test_watch_list_orders_unalerted_conversations_by_risk_reached(
    client: TestClient, tenant_factory: Callable[[], TenantKeys]
) -> None:
    tenant = tenant_factory()
    items = payloads("w-g", GROOMING) + payloads("w-gift", GIFT) + payloads("w-b", BENIGN)
    r = client.post("/v1/messages", json={"messages": items}, headers=tenant.h("ingest"))
    assert r.status_code == 200, r.text
    h = tenant.h("read")
    everything = client.get("/v1/conversations", headers=h).json()["items"]
    assert {c["id"] for c in everything} == {"w-g", "w-gift", "w-b"}
    risks = [c["max_risk"] for c in everything]
    assert risks == sorted(risks, reverse=True)
    watch = client.get("/v1/conversations?alerted=false", headers=h).json()["items"]
    assert [c["id"] for c in watch] == ["w-gift", "w-b"]  # the alerted one is left out
    gift, benign = watch
    assert gift["alerted"] is False and gift["message_count"] == len(GIFT)
    assert gift["max_risk"] > benign["max_risk"]
    # each conversation's highest risk is the highest the detector gave it, message by message
    det = Detector()
    expected = max(det.update(m).risk for m in conversation("w-gift", GIFT).messages)
    assert gift["max_risk"] == pytest.approx(expected, abs=1e-6)
    bar = (gift["max_risk"] + benign["max_risk"]) / 2
    above = client.get(f"/v1/conversations?alerted=false&min_risk={bar}", headers=h).json()
    assert [c["id"] for c in above["items"]] == ["w-gift"]
    assert len(client.get("/v1/conversations?limit=1", headers=h).json()["items"]) == 1
    assert client.get("/v1/conversations?min_risk=2", headers=h).status_code == 422
    # another tenant sees none of them
    other = tenant_factory()
    assert client.get("/v1/conversations", headers=other.h("read")).json()["items"] == []


def test_a_superseded_alert_opens_again_when_its_author_is_named_again(
    client: TestClient, tenant: TenantKeys
) -> None:
    # the alert rows of a two-person chat as the outrank rule moves its name back and forth:
    # the assessments are written by hand, the alerts go through the service's own code
    from guardline.core.model import AuthorAssessment
    from guardline.service.ingest import _alerts
    from guardline.store.models import utcnow

    app: FastAPI = client.app  # type: ignore[assignment]
    body = {"messages": payloads("moves", GROOMING)}
    assert client.post("/v1/messages", json=body, headers=tenant.h("ingest")).status_code == 200
    rt = app.state.rt
    # a subscriber, so that every alert change is queued as a delivery (the worker's send
    # attempts fail; the queued bodies are what is checked)
    subscribe_unreachable(app, tenant.id, ["alert.updated"])

    def last_update() -> dict[str, Any]:
        with rt.sessions() as s:
            body = s.scalars(
                select(WebhookDelivery.payload)
                .where(WebhookDelivery.tenant_id == tenant.id)
                .order_by(WebhookDelivery.id.desc())
                .limit(1)
            ).one()
        return dict(json.loads(body)["alert"])

    def assess(named: str, other: str) -> ConversationAssessment:
        return ConversationAssessment(
            "moves",
            0.99,
            True,
            3,
            [
                AuthorAssessment(named, 0.99, True),
                AuthorAssessment(other, 0.98, False, outranked_by=named),
            ],
            [],
            len(GROOMING),
        )

    queued: list[int] = []
    taken_by: dict[str, str | None] = {}

    def statuses(a: ConversationAssessment) -> dict[str, str]:
        with rt.sessions() as s, s.begin():
            pk = s.scalar(
                select(ConversationRow.id).where(
                    ConversationRow.tenant_id == tenant.id, ConversationRow.external_id == "moves"
                )
            )
            queued.append(_alerts(s, tenant.id, {"moves": (pk, a, {})}, utcnow())[1])
        with rt.sessions() as s:
            rows = list(s.scalars(select(AlertRow).where(AlertRow.conversation_id == pk)))
            taken_by.clear()
            taken_by.update({r.author: r.outranked_by for r in rows})
            return {r.author: r.status for r in rows}

    assert statuses(assess("jay", "kit")) == {"jay": "open"}
    assert taken_by == {"jay": None}
    assert statuses(assess("kit", "jay")) == {"jay": "superseded", "kit": "open"}
    # the superseded alert records who took the name; the named side's records nobody
    assert taken_by == {"jay": "kit", "kit": None}
    # the webhook body of the change says who took the name
    update = last_update()
    assert (update["author"], update["status"], update["outranked_by"]) == (
        "jay",
        "superseded",
        "kit",
    )
    assert statuses(assess("jay", "kit")) == {"jay": "open", "kit": "superseded"}
    assert taken_by == {"jay": None, "kit": "jay"}
    assert queued[-1] == 2  # jay opened again, kit superseded
    # the same assessment again changes nothing and queues nothing
    assert statuses(assess("jay", "kit")) == {"jay": "open", "kit": "superseded"}
    assert queued[-1] == 0
    # an alert a moderator has taken is never superseded, but it records who took the name
    with rt.sessions() as s, s.begin():
        s.execute(
            AlertRow.__table__.update()
            .where(AlertRow.tenant_id == tenant.id, AlertRow.author == "jay")
            .values(status="claimed")
        )
    assert statuses(assess("kit", "jay")) == {"jay": "claimed", "kit": "open"}
    assert taken_by == {"jay": "kit", "kit": None}
    update = last_update()
    assert (update["author"], update["status"], update["outranked_by"]) == (
        "jay",
        "claimed",
        "kit",
    )
    assert statuses(assess("jay", "kit")) == {"jay": "claimed", "kit": "superseded"}
    assert taken_by == {"jay": None, "kit": "jay"}
