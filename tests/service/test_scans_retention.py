"""Archive scans in the background, and the retention rules."""

from __future__ import annotations

import gzip
import json
from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from svc_fixtures import BENIGN, GROOMING, LATER, conversation, payloads
from svc_support import TenantKeys, wait_for

from guardline.detect import Detector, RelationshipMemory
from guardline.evidence import verify_chain
from guardline.service.retention import purge
from guardline.store.models import (
    AlertRow,
    AuditLog,
    Case,
    CaseEvent,
    ConversationRow,
    MessageRow,
    RelationshipFlag,
    utcnow,
)


def _jsonl(*convs: tuple[str, list[tuple[str, str]]]) -> bytes:
    return "".join(
        json.dumps({"id": cid, "messages": [{"author": a, "text": t} for a, t in lines]}) + "\n"
        for cid, lines in convs
    ).encode()


def _wait_scan(client: TestClient, t: TenantKeys, sid: int) -> dict:  # type: ignore[type-arg]
    return wait_for(  # type: ignore[no-any-return]
        lambda: (lambda s: s if s["status"] in ("done", "failed") else None)(
            client.get(f"/v1/scans/{sid}", headers=t.h("read")).json()
        )
    )


def test_scan_results_equal_guardline_scan(client: TestClient, tenant: TenantKeys) -> None:
    data = gzip.compress(_jsonl(("s-g", GROOMING), ("s-b", BENIGN)))
    r = client.post(
        "/v1/scans", files={"file": ("chats.jsonl.gz", data)}, headers=tenant.h("ingest")
    )
    assert r.status_code == 202 and r.json()["status"] == "queued"
    sid = r.json()["id"]
    s = _wait_scan(client, tenant, sid)
    assert s["status"] == "done", s
    assert (s["conversations"], s["messages"], s["alerts"]) == (2, len(GROOMING) + len(BENIGN), 1)
    res = client.get(f"/v1/scans/{sid}/results", headers=tenant.h("read")).json()["results"]
    det = Detector()
    assert res == [
        det.scan(conversation("s-g", GROOMING)).to_scan_row(),
        det.scan(conversation("s-b", BENIGN)).to_scan_row(),
    ]
    # scanning an archive does not create live conversations
    assert client.get("/v1/conversations/s-g", headers=tenant.h("read")).status_code == 404


def test_scan_with_relationship_memory_of_its_own(
    app: FastAPI, client: TestClient, tenant: TenantKeys
) -> None:
    """By default (the service's GUARDLINE_RELATIONSHIP_MEMORY, on) an archive is scored in
    file order with a memory of the scan's own: the pair's later chat alerts and names the
    earlier one, as ``guardline scan --relationship-memory`` does; asked without, it is
    scored alone. Neither reads or writes the live relationship flags."""
    data = _jsonl(("m-1", GROOMING), ("m-2", LATER))
    runs = {}
    for form in ({}, {"relationship_memory": "false"}, {"relationship_memory": "true"}):
        r = client.post(
            "/v1/scans", files={"file": ("a.jsonl", data)}, data=form, headers=tenant.h("ingest")
        )
        assert r.status_code == 202, r.text
        s = _wait_scan(client, tenant, r.json()["id"])
        assert s["status"] == "done", s
        res = client.get(f"/v1/scans/{s['id']}/results", headers=tenant.h("read")).json()
        runs[form.get("relationship_memory", "default")] = (s, res["results"])
    det = Detector(memory=RelationshipMemory())
    with_memory = [
        det.scan(conversation(c, x)).to_scan_row() for c, x in (("m-1", GROOMING), ("m-2", LATER))
    ]
    det = Detector()
    alone = [
        det.scan(conversation(c, x)).to_scan_row() for c, x in (("m-1", GROOMING), ("m-2", LATER))
    ]
    assert runs["default"][0]["relationship_memory"] and runs["true"][0]["relationship_memory"]
    assert not runs["false"][0]["relationship_memory"]
    assert runs["default"][1] == runs["true"][1] == with_memory
    assert runs["false"][1] == alone
    later = runs["true"][1][1]
    assert later["alert"] and not runs["false"][1][1]["alert"]
    assert {a["author"]: a.get("prior") for a in later["authors"]}["jay"] == "m-1"
    assert (runs["true"][0]["alerts"], runs["false"][0]["alerts"]) == (2, 1)
    with app.state.rt.sessions() as session:
        assert session.scalar(select(func.count()).select_from(RelationshipFlag)) == 0
    r = client.post(
        "/v1/scans",
        files={"file": ("a.jsonl", data)},
        data={"relationship_memory": "perhaps"},
        headers=tenant.h("ingest"),
    )
    assert r.status_code == 422


def test_csv_scan_and_bad_archive(client: TestClient, tenant: TenantKeys) -> None:
    csv = "conversation_id,author,time,text\n" + "".join(
        f"c1,{a},,{t.replace(',', ' ')}\n" for a, t in BENIGN
    )
    sid = client.post(
        "/v1/scans", files={"file": ("a.csv", csv.encode())}, headers=tenant.h()
    ).json()["id"]
    assert _wait_scan(client, tenant, sid)["conversations"] == 1
    bad = b'{"id": "x", "messages": [{"author": "a", "text": "secret words"}]}\n{"id": 5\n'
    sid = client.post("/v1/scans", files={"file": ("b.jsonl", bad)}, headers=tenant.h()).json()[
        "id"
    ]
    s = _wait_scan(client, tenant, sid)
    assert s["status"] == "failed" and "line 2" in s["error"] and "secret" not in s["error"]
    r = client.get(f"/v1/scans/{sid}/results", headers=tenant.h())
    assert r.status_code == 409
    r = client.post("/v1/scans", files={"file": ("b.exe", b"x")}, headers=tenant.h())
    assert r.status_code == 422


def test_retention(app: FastAPI, client: TestClient, tenant: TenantKeys) -> None:
    h = tenant.h()
    client.post(
        "/v1/messages",
        json={
            "messages": payloads("old-benign", BENIGN)
            + payloads("new-benign", BENIGN, "n")
            + payloads("held", BENIGN, "h")
            + payloads("alerted", GROOMING)
        },
        headers=h,
    )
    rt = app.state.rt
    now = utcnow()
    with rt.sessions() as s, s.begin():
        s.execute(
            update(ConversationRow)
            .where(
                ConversationRow.tenant_id == tenant.id,
                ConversationRow.external_id.in_(["old-benign", "held", "alerted"]),
            )
            .values(last_message_at=now - timedelta(days=31))
        )
        s.execute(
            update(ConversationRow)
            .where(ConversationRow.tenant_id == tenant.id, ConversationRow.external_id == "held")
            .values(hold=True)
        )

    def state() -> dict[str, int]:
        with rt.sessions() as s:
            rows = s.execute(
                select(ConversationRow.external_id, func.count(MessageRow.id))
                .outerjoin(MessageRow, MessageRow.conversation_id == ConversationRow.id)
                .where(ConversationRow.tenant_id == tenant.id)
                .group_by(ConversationRow.external_id)
            ).all()
        return dict(rows)  # type: ignore[arg-type]

    with rt.sessions() as s, s.begin():
        purge(s, rt.settings)
    after = state()
    assert "old-benign" not in after  # idle 31 days, never alerted: gone
    assert after["new-benign"] == len(BENIGN)
    assert after["held"] == len(BENIGN)  # on hold
    assert after["alerted"] == len(GROOMING)  # alerted: preserved for a year
    with rt.sessions() as s:
        until = s.scalar(
            select(ConversationRow.preserve_until).where(
                ConversationRow.tenant_id == tenant.id, ConversationRow.external_id == "alerted"
            )
        )
    assert until is not None
    # a year and a day later the alerted conversation's text goes, its alert stays
    with rt.sessions() as s, s.begin():
        purge(s, rt.settings, now=now + timedelta(days=366))
    later = state()
    assert later["alerted"] == 0 and later["held"] == len(BENIGN)
    with rt.sessions() as s:
        assert (
            s.scalar(
                select(func.count()).select_from(AlertRow).where(AlertRow.tenant_id == tenant.id)
            )
            == 1
        )
    # a conversation purged and restarted starts from a fresh state
    r = client.post(
        "/v1/messages", json={"messages": payloads("old-benign", BENIGN, "again")}, headers=h
    ).json()
    assert r["accepted"] == len(BENIGN) and r["results"][0]["index"] == 0


def _grooming_conversations(
    app: FastAPI, client: TestClient, tenant: TenantKeys, convs: tuple[str, ...]
) -> dict[str, int]:
    """Post the GROOMING fixture into each conversation of ``convs`` (each alerts); their
    row ids by external id."""
    msgs = [m for c in convs for m in payloads(c, GROOMING, c)]
    r = client.post("/v1/messages", json={"messages": msgs}, headers=tenant.h())
    assert r.status_code == 200
    with app.state.rt.sessions() as s:
        ids = dict(
            s.execute(
                select(ConversationRow.external_id, ConversationRow.id).where(
                    ConversationRow.tenant_id == tenant.id,
                    ConversationRow.external_id.in_(convs),
                )
            ).all()
        )
    assert len(ids) == len(convs)
    return ids  # type: ignore[return-value]


def _messages_kept(app: FastAPI, ids: dict[str, int]) -> dict[str, int]:
    """Messages still stored per conversation (external id -> count)."""
    with app.state.rt.sessions() as s:
        rows = s.execute(
            select(ConversationRow.external_id, func.count(MessageRow.id))
            .outerjoin(MessageRow, MessageRow.conversation_id == ConversationRow.id)
            .where(ConversationRow.id.in_(ids.values()))
            .group_by(ConversationRow.external_id)
        ).all()
    return dict(rows)  # type: ignore[arg-type]


def test_preservation_runs_from_the_report(
    app: FastAPI, client: TestClient, tenant: TenantKeys
) -> None:
    """The REPORT Act's year runs from the report, not from the alert: a case confirmed, or
    exported, late in the alert's year keeps its conversation's messages for
    ``preserve_days`` after that; then retention applies as before."""
    rt = app.state.rt
    now = utcnow()
    ids = _grooming_conversations(
        app, client, tenant, ("confirmed-late", "exported-late", "not-reported")
    )
    with rt.sessions() as s, s.begin():
        s.add(
            Case(
                tenant_id=tenant.id,
                conversation_id=ids["confirmed-late"],
                status="confirmed",
                confirmed_at=now + timedelta(days=300),
            )
        )
        # confirmed at once, exported late: the export's year decides
        exported = Case(
            tenant_id=tenant.id,
            conversation_id=ids["exported-late"],
            status="confirmed",
            confirmed_at=now,
        )
        s.add(exported)
        s.flush()
        s.add(
            CaseEvent(
                case_id=exported.id,
                kind="exported",
                detail={"export": "report"},
                created_at=now + timedelta(days=350),
            )
        )
        s.add(CaseEvent(case_id=exported.id, kind="noted", created_at=now + timedelta(days=360)))

    def kept() -> dict[str, int]:
        return _messages_kept(app, ids)

    with rt.sessions() as s, s.begin():
        purge(s, rt.settings, now=now + timedelta(days=366))
    assert kept() == {
        "confirmed-late": len(GROOMING),
        "exported-late": len(GROOMING),
        "not-reported": 0,
    }
    with rt.sessions() as s, s.begin():
        purge(s, rt.settings, now=now + timedelta(days=300 + 366))
    assert kept() == {"confirmed-late": 0, "exported-late": len(GROOMING), "not-reported": 0}
    with rt.sessions() as s, s.begin():
        purge(s, rt.settings, now=now + timedelta(days=350 + 366))
    assert kept() == {"confirmed-late": 0, "exported-late": 0, "not-reported": 0}


def test_a_case_still_being_worked_keeps_its_messages(
    app: FastAPI, client: TestClient, tenant: TenantKeys
) -> None:
    """An open or escalated case's conversation keeps its messages past the preservation
    period (a moderator has not decided yet); once the case is dismissed, retention applies."""
    rt = app.state.rt
    now = utcnow()
    convs = ("open-case", "escalated-case", "dismissed-case")
    ids = _grooming_conversations(app, client, tenant, convs)
    with rt.sessions() as s, s.begin():
        for cid, status in zip(convs, ("open", "escalated", "dismissed"), strict=True):
            s.add(Case(tenant_id=tenant.id, conversation_id=ids[cid], status=status))

    def kept() -> dict[str, int]:
        return _messages_kept(app, ids)

    with rt.sessions() as s, s.begin():
        purge(s, rt.settings, now=now + timedelta(days=400))
    n = len(GROOMING)
    assert kept() == {"open-case": n, "escalated-case": n, "dismissed-case": 0}
    with rt.sessions() as s, s.begin():
        s.execute(
            update(Case).where(Case.conversation_id == ids["open-case"]).values(status="dismissed")
        )
        purge(s, rt.settings, now=now + timedelta(days=400))
    assert kept() == {"open-case": 0, "escalated-case": n, "dismissed-case": 0}


def test_an_alert_decided_through_the_api_keeps_its_messages(
    app: FastAPI, client: TestClient, tenant: TenantKeys
) -> None:
    """A platform that reviews alerts in its own tools confirms them with ``PATCH
    /v1/alerts/{id}`` and has no case: the confirmation restarts the preservation year, and
    an escalated alert keeps its conversation like an escalated case."""
    rt = app.state.rt
    now = utcnow()
    convs = ("api-confirmed-late", "api-escalated", "api-dismissed", "undecided")
    ids = _grooming_conversations(app, client, tenant, convs)
    with rt.sessions() as s:
        alert_of = dict(
            s.execute(
                select(AlertRow.conversation_id, AlertRow.id).where(
                    AlertRow.conversation_id.in_(ids.values())
                )
            ).all()
        )
    for cid, status in zip(convs[:3], ("confirmed", "escalated", "dismissed"), strict=True):
        r = client.patch(
            f"/v1/alerts/{alert_of[ids[cid]]}", json={"status": status}, headers=tenant.h()
        )
        assert r.status_code == 200 and r.json()["status"] == status
    with rt.sessions() as s, s.begin():  # confirmed late in the alert's year
        s.execute(
            update(AlertRow)
            .where(AlertRow.id == alert_of[ids["api-confirmed-late"]])
            .values(updated_at=now + timedelta(days=300))
        )
    n = len(GROOMING)
    with rt.sessions() as s, s.begin():
        purge(s, rt.settings, now=now + timedelta(days=366))
    assert _messages_kept(app, ids) == {
        "api-confirmed-late": n,
        "api-escalated": n,
        "api-dismissed": 0,
        "undecided": 0,
    }
    with rt.sessions() as s, s.begin():
        purge(s, rt.settings, now=now + timedelta(days=300 + 366))
    assert _messages_kept(app, ids)["api-confirmed-late"] == 0
    assert _messages_kept(app, ids)["api-escalated"] == n


def test_a_purge_that_deletes_is_recorded_in_the_audit_chain(
    app: FastAPI, client: TestClient, tenant: TenantKeys
) -> None:
    """Deleted evidence leaves a trace: each run that deletes appends ``retention.purged``
    (counts, periods, the alerted conversations whose text went; no text), and the chain
    still verifies; a run that deletes nothing appends nothing."""
    rt = app.state.rt
    now = utcnow()
    ids = _grooming_conversations(app, client, tenant, ("purged-a", "purged-b"))

    def entries() -> list[AuditLog]:
        with rt.sessions() as s:
            return list(
                s.scalars(
                    select(AuditLog)
                    .where(AuditLog.action == "retention.purged")
                    .order_by(AuditLog.seq)
                )
            )

    before = len(entries())
    with rt.sessions() as s, s.begin():
        purge(s, rt.settings, now=now)  # nothing is due yet
    assert len(entries()) == before
    with rt.sessions() as s, s.begin():
        counts = purge(s, rt.settings, now=now + timedelta(days=366))
    new = entries()[before:]
    assert len(new) == 1 and new[0].actor == "retention"
    detail = new[0].detail
    assert detail is not None
    assert set(ids.values()) <= set(detail["alerted_conversations_text_deleted"])
    assert detail["messages_deleted"] == counts["messages_deleted"] >= 2 * len(GROOMING)
    assert detail["preserve_days"] == rt.settings.preserve_days
    assert not any(t in json.dumps(detail) for _, t in GROOMING if len(t) > 8)  # not "13"
    # a later run lists only the conversations it emptied itself
    later = _grooming_conversations(app, client, tenant, ("purged-c",))
    with rt.sessions() as s, s.begin():
        purge(s, rt.settings, now=now + timedelta(days=2 * 366))
    last = entries()[-1].detail
    assert last is not None
    assert last["alerted_conversations_text_deleted"] == list(later.values())
    with rt.sessions() as s:
        assert verify_chain(s).ok


def test_upload_limit_is_separate_from_body_limit(db_url: str) -> None:
    from svc_support import make_settings, new_tenant

    from guardline.service.app import create_app

    app = create_app(
        make_settings(db_url, workers_enabled=False, max_body_bytes=4096, max_upload_bytes=8192),
        configure_logs=False,
    )
    t = new_tenant(app)
    line = json.dumps({"id": "u", "messages": [{"author": "a", "text": "x" * 50}]}) + "\n"
    with TestClient(app) as c:
        ok = (line * 100).encode()[:6000]
        ok = ok[: ok.rfind(b"\n") + 1]
        assert 4096 < len(ok) < 8192
        assert (
            c.post("/v1/scans", files={"file": ("a.jsonl", ok)}, headers=t.h()).status_code == 202
        )
        big = (line * 200).encode()
        r = c.post("/v1/scans", files={"file": ("b.jsonl", big)}, headers=t.h())
        assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
        body = {"message_id": "m", "conversation_id": "c", "author": "a", "text": "y" * 5000}
        assert c.post("/v1/messages", json=body, headers=t.h()).status_code == 413


def test_abandoned_scan_is_run_again(app: FastAPI, client: TestClient, tenant: TenantKeys) -> None:
    from guardline.store.models import Scan

    rt = app.state.rt
    with rt.sessions() as s, s.begin():
        row = Scan(
            tenant_id=tenant.id,
            status="running",
            file_name="a.jsonl",
            upload=_jsonl(("ab", BENIGN)),
            conversations=0,
            messages=0,
            alerts=0,
            created_at=utcnow() - timedelta(hours=3),
            started_at=utcnow() - timedelta(hours=2),
        )
        s.add(row)
        s.flush()
        sid = row.id
    done = _wait_scan(client, tenant, sid)  # the running workers pick it up again
    assert done["status"] == "done" and done["conversations"] == 1
