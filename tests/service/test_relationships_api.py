"""Relationship memory through the HTTP API: a later conversation of the same two accounts is
carried (earlier alert, ``prior``), a dismissal stops the carry, a flag carried into quiet
conversations expires (not one a moderator upheld), the other side and other
accounts are not carried, the setting off stores and carries nothing, concurrent first flags
keep one row, and a batch's memory never stays on a shared Detector.

Every case runs on a SQLite file and on PostgreSQL (tests/service/conftest.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, select, update
from svc_fixtures import GROOMING, LATER, QUIET, payloads, renamed
from svc_support import TenantKeys, make_settings, new_tenant

from guardline.detect.memory import FlagUpdate, PriorFlag, RelationshipMemory
from guardline.service.app import create_app
from guardline.service.relationships import apply_updates, store_flags
from guardline.store.models import ConversationRow, RelationshipFlag, utcnow

CARRIED_AT = 4  # jay's third message in LATER (see svc_fixtures.LATER)


def _post(client: TestClient, t: TenantKeys, items: list[dict[str, str]]) -> dict[str, Any]:
    r = client.post("/v1/messages", json={"messages": items}, headers=t.h("ingest"))
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def _one_by_one(client: TestClient, t: TenantKeys, items: list[dict[str, str]]) -> None:
    for item in items:
        _post(client, t, [item])


def _post_at_once(
    client: TestClient, t: TenantKeys, bodies: dict[str, list[dict[str, str]]]
) -> dict[str, int]:
    """POST each body as one batch, all released together; the HTTP status per key."""
    barrier = threading.Barrier(len(bodies))
    results: dict[str, int] = {}

    def send(key: str) -> None:
        barrier.wait()
        r = client.post("/v1/messages", json={"messages": bodies[key]}, headers=t.h())
        results[key] = r.status_code

    threads = [threading.Thread(target=send, args=(k,)) for k in bodies]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    return results


def _conversation(client: TestClient, t: TenantKeys, cid: str) -> dict[str, Any]:
    r = client.get(f"/v1/conversations/{cid}", headers=t.h("read"))
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def _authors(conv: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["author"]: a for a in conv["authors"]}


def _alerts(client: TestClient, t: TenantKeys, cid: str) -> list[dict[str, Any]]:
    r = client.get("/v1/alerts", params={"conversation_id": cid}, headers=t.h("read"))
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


def _flag_rows(app: FastAPI, tenant_id: int, *columns: Any) -> list[Any]:
    """``columns`` of a tenant's relationship flags (with their conversation), oldest first."""
    with app.state.rt.sessions() as s:
        return list(
            s.execute(
                select(*columns)
                .join(ConversationRow, ConversationRow.id == RelationshipFlag.conversation_id)
                .where(RelationshipFlag.tenant_id == tenant_id)
                .order_by(RelationshipFlag.id)
            ).all()
        )


def _flags(app: FastAPI, tenant_id: int) -> list[tuple[str, str, str, bool]]:
    """(author, partner, conversation external id, cleared) of a tenant, oldest first."""
    rows = _flag_rows(
        app,
        tenant_id,
        RelationshipFlag.author,
        RelationshipFlag.partner,
        ConversationRow.external_id,
        RelationshipFlag.cleared_at,
    )
    return [(a, p, c, cleared is not None) for a, p, c, cleared in rows]


def _age_flags(app: FastAPI, tenant_id: int, days: int) -> None:
    """Make every relationship flag of a tenant ``days`` old."""
    with app.state.rt.sessions() as s, s.begin():
        s.execute(
            update(RelationshipFlag)
            .where(RelationshipFlag.tenant_id == tenant_id)
            .values(created_at=utcnow() - timedelta(days=days))
        )


def _first_confirmed(client: TestClient, t: TenantKeys) -> None:
    """The pair's GROOMING conversation "first", its alert confirmed by a moderator."""
    _post(client, t, payloads("first", GROOMING))
    [first] = _alerts(client, t, "first")
    r = client.patch(
        f"/v1/alerts/{first['id']}", json={"status": "confirmed"}, headers=t.h("admin")
    )
    assert r.status_code == 200, r.text


def _no_memory_lent(app: FastAPI) -> bool:
    pool = app.state.rt.pool
    return all(d.memory is None for d in pool._detectors.values())


def test_a_later_conversation_of_the_pair_alerts_earlier_and_names_the_first(
    client: TestClient, tenant: TenantKeys
) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    _post(client, tenant, payloads("first", GROOMING))
    assert _flags(app, tenant.id) == [("jay", "kit", "first", False)]
    assert _alerts(client, tenant, "first")[0]["prior_conversation"] is None

    # the same lines between two other accounts: alone they never alert
    _post(client, tenant, payloads("strangers", renamed(LATER, {"jay": "jo", "kit": "kat"})))
    alone = _conversation(client, tenant, "strangers")
    assert alone["alert"] is False and alone["first_alert_index"] is None
    assert all(a["prior"] is None for a in alone["authors"])

    # the pair's next conversation, one message per request (memory re-read every batch)
    _one_by_one(client, tenant, payloads("second", LATER))
    carried = _conversation(client, tenant, "second")
    assert carried["alert"] is True and carried["first_alert_index"] == CARRIED_AT
    by_author = _authors(carried)
    assert by_author["jay"]["prior"] == "first" and by_author["jay"]["flagged"] is True
    assert by_author["kit"]["prior"] is None and by_author["kit"]["flagged"] is False
    # the carried alert points to what jay had shown in "first" (stored with the flag)
    assert "risk_assessment" in by_author["jay"]["prior_stages"]
    assert by_author["kit"]["prior_stages"] == []
    [alert] = _alerts(client, tenant, "second")
    assert (alert["author"], alert["prior_conversation"]) == ("jay", "first")
    assert alert["first_alert_index"] == CARRIED_AT
    # a carried flag is not remembered again: the pair keeps its first conversation
    assert _flags(app, tenant.id) == [("jay", "kit", "first", False)]
    assert _no_memory_lent(app)


def test_a_flag_gathers_the_stages_shown_after_it_across_batches(
    client: TestClient, tenant: TenantKeys
) -> None:
    """jay is flagged at GROOMING's 6th message having shown risk assessment and
    relationship forming; the secrecy and meeting lines come in later batches, and the stored
    flag (what a carried alert points to) gathers their stages too."""
    app: FastAPI = client.app  # type: ignore[assignment]
    items = payloads("first", GROOMING)
    _post(client, tenant, items[:6])
    [stages] = _flag_rows(app, tenant.id, RelationshipFlag.stages)
    assert sorted(stages[0]) == ["relationship_forming", "risk_assessment"]
    _one_by_one(client, tenant, items[6:])
    [stages] = _flag_rows(app, tenant.id, RelationshipFlag.stages)
    assert {"exclusivity", "conclusion"} <= set(stages[0])
    _post(client, tenant, payloads("second", LATER))
    jay = _authors(_conversation(client, tenant, "second"))["jay"]
    assert jay["prior"] == "first" and set(jay["prior_stages"]) == set(stages[0])


def test_evidence_gains_are_added_to_the_row_not_written_over_a_concurrent_one(
    client: TestClient, tenant: TenantKeys
) -> None:
    """Two batches of one pair load the same row; each adds its gain, neither erases the
    other's (what two processes scoring two conversations of the pair at once do)."""
    from guardline.service.relationships import apply_updates, load_memory

    app: FastAPI = client.app  # type: ignore[assignment]
    _post(client, tenant, payloads("first", GROOMING))
    [(ev0, pev0)] = _flag_rows(
        app, tenant.id, RelationshipFlag.evidence, RelationshipFlag.partner_evidence
    )
    assert ev0 > 0.9 and 0.0 < pev0 < ev0  # jay's highest risk in "first", and kit's
    rt = app.state.rt
    # both batches read the row before either writes (one after the other here: SQLite
    # serialises batches, and the second batch's reading is stale either way)
    with rt.sessions() as s:
        one = load_memory(s, tenant.id, ["jay", "kit"])
    with rt.sessions() as s:
        two = load_memory(s, tenant.id, ["jay", "kit"])
    one.add_evidence("jay", "kit", 0.5)
    two.add_evidence("jay", "kit", 0.25)
    two.add_evidence("kit", "jay", 0.125)
    for memory in (one, two):
        with rt.sessions() as s:
            assert apply_updates(s, tenant.id, memory.drain_updates()) == 1
            s.commit()
    [(ev, pev)] = _flag_rows(
        app, tenant.id, RelationshipFlag.evidence, RelationshipFlag.partner_evidence
    )
    assert (ev, pev) == pytest.approx((ev0 + 0.75, pev0 + 0.125))


def test_stages_are_added_to_the_row_not_written_over_a_concurrent_one(
    client: TestClient, tenant: TenantKeys
) -> None:
    """Two batches of one pair load the same row and each adds a stage: the row ends with
    both; a stage name only another version knows stays in the row; an odd stored value
    (not a list) counts as no stages and never fails the write."""
    from guardline.service.relationships import apply_updates, load_memory

    app: FastAPI = client.app  # type: ignore[assignment]
    _post(client, tenant, payloads("first", GROOMING[:6]))
    rt = app.state.rt
    with rt.sessions() as s, s.begin():
        s.execute(
            update(RelationshipFlag)
            .where(RelationshipFlag.tenant_id == tenant.id)
            .values(stages=["risk_assessment", "a_stage_from_another_version"])
        )
    with rt.sessions() as s:
        one = load_memory(s, tenant.id, ["jay", "kit"])
    with rt.sessions() as s:
        two = load_memory(s, tenant.id, ["jay", "kit"])
    one.add_stages("jay", "kit", ["exclusivity"])
    two.add_stages("jay", "kit", ["conclusion", "risk_assessment"])
    for memory in (one, two):
        with rt.sessions() as s:
            assert apply_updates(s, tenant.id, memory.drain_updates()) == 1
            s.commit()
    [stages] = _flag_rows(app, tenant.id, RelationshipFlag.stages)
    assert stages[0] == sorted(
        ["a_stage_from_another_version", "conclusion", "exclusivity", "risk_assessment"]
    )
    # nothing new: the stages are not written at all
    with rt.sessions() as s:
        three = load_memory(s, tenant.id, ["jay", "kit"])
    three.add_stages("jay", "kit", ["exclusivity"])
    assert three.drain_updates() == []
    # an odd stored value: the batch's stages replace it
    with rt.sessions() as s, s.begin():
        s.execute(
            update(RelationshipFlag)
            .where(RelationshipFlag.tenant_id == tenant.id)
            .values(stages={"not": "a list"})
        )
    with rt.sessions() as s:
        four = load_memory(s, tenant.id, ["jay", "kit"])
    four.add_stages("jay", "kit", ["exclusivity"])
    with rt.sessions() as s:
        assert apply_updates(s, tenant.id, four.drain_updates()) == 1
        s.commit()
    [stages] = _flag_rows(app, tenant.id, RelationshipFlag.stages)
    assert stages[0] == ["exclusivity"]


def test_the_other_side_and_group_chats_are_not_carried(
    client: TestClient, tenant: TenantKeys
) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    _post(client, tenant, payloads("first", GROOMING))
    # kit writes jay's lines this time: kit is not carried (only jay was flagged with kit)
    _post(client, tenant, payloads("swapped", renamed(LATER, {"jay": "kit", "kit": "jay"})))
    by_author = _authors(_conversation(client, tenant, "swapped"))
    assert by_author["kit"]["prior"] is None and by_author["kit"]["flagged"] is False
    assert by_author["jay"]["prior"] == "first"
    assert {a["author"] for a in _alerts(client, tenant, "swapped")} == {"jay"}
    # a third account writes: not a two-person conversation, nothing is carried
    group = [LATER[0], ("sam", "hi both"), *LATER[1:]]
    _post(client, tenant, payloads("group", group))
    conv = _conversation(client, tenant, "group")
    assert conv["alert"] is False and all(a["prior"] is None for a in conv["authors"])
    # a conversation of the same pair in another tenant: tenants never share a memory
    other = new_tenant(app)
    _post(client, other, payloads("second", LATER))
    assert _conversation(client, other, "second")["alert"] is False
    assert _flags(app, other.id) == []
    assert _flags(app, tenant.id) == [("jay", "kit", "first", False)]


def test_one_side_per_pair_the_other_side_flagged_on_its_own_takes_over(
    client: TestClient, tenant: TenantKeys
) -> None:
    # The pair's evidence adds, per conversation, each side's highest own risk: about 1 for
    # the side writing the grooming lines and well under 0.5 for the other. A conversation
    # with the roles swapped mirrors one before it, so where the sides tie the outcome
    # depends on when in the chat the second side fires; the test asserts only what holds
    # either way.
    app: FastAPI = client.app  # type: ignore[assignment]
    swapped = renamed(GROOMING, {"jay": "kit", "kit": "jay"})
    # 1. jay grooms twice, then kit writes the grooming lines: jay's flag is carried in and
    # fires first, and jay has shown more over the pair's conversations, so the memory stays
    # with jay, kit is not named (the carried side outranks it), and the row holds both
    # sides' evidence
    _post(client, tenant, payloads("first", GROOMING))
    _post(client, tenant, payloads("again", GROOMING))
    assert _flags(app, tenant.id) == [("jay", "kit", "first", False)]
    _post(client, tenant, payloads("roles", swapped))
    assert _conversation(client, tenant, "roles")["alert"] is True
    assert {a["author"] for a in _alerts(client, tenant, "roles")} == {"jay"}
    # the API says who holds kit's name back, and nothing for the named side
    roles = _authors(_conversation(client, tenant, "roles"))
    assert roles["kit"]["outranked_by"] == "jay" and not roles["kit"]["flagged"]
    assert roles["jay"]["outranked_by"] is None
    assert _flags(app, tenant.id) == [("jay", "kit", "first", False)]
    [(ev, pev)] = _flag_rows(
        app, tenant.id, RelationshipFlag.evidence, RelationshipFlag.partner_evidence
    )
    assert 2.0 < ev < 3.0 and 1.0 < pev < ev - 0.3
    # 2. another pair of the same names, on another tenant: jay grooms once, then kit twice.
    # By the end kit has shown more, so the pair's memory has moved to kit, jay's row is
    # cleared (kept as a record), and kit's row carries the pair's evidence
    other = new_tenant(app)
    _post(client, other, payloads("first", GROOMING))
    _post(client, other, payloads("roles", swapped))
    _post(client, other, payloads("roles2", swapped))
    rows = _flags(app, other.id)
    assert len(rows) == 2 and rows[0] == ("jay", "kit", "first", True)
    assert rows[1][:2] == ("kit", "jay") and rows[1][2] in ("roles", "roles2") and not rows[1][3]
    (_, (ev2, pev2)) = _flag_rows(
        app, other.id, RelationshipFlag.evidence, RelationshipFlag.partner_evidence
    )
    assert ev2 > 2.0 and 1.0 < pev2 < ev2 - 0.3
    # the next conversation carries kit, not jay
    _post(client, other, payloads("third", renamed(LATER, {"jay": "kit", "kit": "jay"})))
    by_author = _authors(_conversation(client, other, "third"))
    assert by_author["kit"]["prior"] in ("roles", "roles2") and by_author["jay"]["prior"] is None
    assert _no_memory_lent(app)


def test_an_open_alert_whose_name_moved_to_the_other_side_is_superseded(
    client: TestClient,
) -> None:
    # jay grooms in "first"; in "roles" kit writes the grooming lines. jay's flag is carried
    # in and fires first (an alert on jay); over both chats the sides' evidence ties, so kit
    # is not held back, and once kit's own risk is above jay's (message 8) the name moves
    app: FastAPI = client.app  # type: ignore[assignment]
    swapped = renamed(GROOMING, {"jay": "kit", "kit": "jay"})
    roles = payloads("roles", swapped)

    def status(t: TenantKeys) -> dict[str, str]:
        return {a["author"]: a["status"] for a in _alerts(client, t, "roles")}

    t = new_tenant(app)
    _post(client, t, payloads("first", GROOMING))
    _post(client, t, roles[:8])
    assert status(t) == {"jay": "open"}
    assert _authors(_conversation(client, t, "roles"))["kit"]["outranked_by"] == "jay"
    _post(client, t, roles[8:])
    assert status(t) == {"jay": "superseded", "kit": "open"}
    # the alert says who took the name; the named side's alert says nobody
    taken = {a["author"]: a["outranked_by"] for a in _alerts(client, t, "roles")}
    assert taken == {"jay": "kit", "kit": None}
    by_author = _authors(_conversation(client, t, "roles"))
    assert by_author["jay"]["outranked_by"] == "kit" and not by_author["jay"]["flagged"]
    assert by_author["kit"]["flagged"] and by_author["kit"]["outranked_by"] is None
    # a superseded alert leaves the queue's open alerts but can be listed by its status
    r = client.get("/v1/alerts", params={"status": "superseded"}, headers=t.h("read"))
    assert [a["author"] for a in r.json()["items"]] == ["jay"]
    params = {"status": "open", "conversation_id": "roles"}
    r = client.get("/v1/alerts", params=params, headers=t.h("read"))
    assert [a["author"] for a in r.json()["items"]] == ["kit"]
    # only the service supersedes: an admin cannot set it
    jay = next(a for a in _alerts(client, t, "roles") if a["author"] == "jay")
    r = client.patch(f"/v1/alerts/{jay['id']}", json={"status": "superseded"}, headers=t.h())
    assert r.status_code == 422

    # the same chats on another tenant, with jay's alert taken by a moderator before the
    # name moves: it keeps its status (the case page explains), kit still gets an alert
    t2 = new_tenant(app)
    _post(client, t2, payloads("first", GROOMING))
    _post(client, t2, roles[:8])
    [jay2] = _alerts(client, t2, "roles")
    r = client.patch(f"/v1/alerts/{jay2['id']}", json={"status": "claimed"}, headers=t2.h())
    assert r.status_code == 200, r.text
    _post(client, t2, roles[8:])
    assert status(t2) == {"jay": "claimed", "kit": "open"}
    r = client.get(f"/v1/alerts/{jay2['id']}", headers=t2.h("read"))
    assert r.status_code == 200 and r.json()["outranked_by"] == "kit"
    assert _no_memory_lent(app)


def test_a_flag_older_than_the_memory_window_carries_nothing(
    client: TestClient, tenant: TenantKeys
) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    days = app.state.rt.settings.relationship_memory_days
    assert days == 365  # the default
    _post(client, tenant, payloads("first", GROOMING))
    _age_flags(app, tenant.id, days + 1)
    _post(client, tenant, payloads("second", LATER))
    second = _conversation(client, tenant, "second")
    assert second["alert"] is False and all(a["prior"] is None for a in second["authors"])
    # the old row stays as a record (live, not cleared); it just no longer carries
    assert _flags(app, tenant.id) == [("jay", "kit", "first", False)]
    # a day inside the window, it carries again
    _age_flags(app, tenant.id, days - 1)
    _post(client, tenant, payloads("third", LATER))
    assert _authors(_conversation(client, tenant, "third"))["jay"]["prior"] == "first"


def test_a_pair_flagged_again_after_the_window_is_remembered_again(
    client: TestClient, tenant: TenantKeys
) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    days = app.state.rt.settings.relationship_memory_days
    _post(client, tenant, payloads("first", GROOMING))
    _age_flags(app, tenant.id, days + 1)
    # flagged again on their own evidence: the stale row is cleared and a new one carries
    _post(client, tenant, payloads("renewed", GROOMING))
    assert _flags(app, tenant.id) == [
        ("jay", "kit", "first", True),
        ("jay", "kit", "renewed", False),
    ]
    _post(client, tenant, payloads("later", LATER))
    assert _authors(_conversation(client, tenant, "later"))["jay"]["prior"] == "renewed"


def test_both_sides_flagged_in_one_batch_leave_one_side(
    client: TestClient, tenant: TenantKeys
) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    swapped = renamed(GROOMING, {"jay": "kit", "kit": "jay"})
    _post(client, tenant, payloads("x1", GROOMING) + payloads("x2", swapped))
    live = [f for f in _flags(app, tenant.id) if not f[3]]
    assert len(live) == 1 and {live[0][0], live[0][1]} == {"jay", "kit"}


def test_both_sides_flagged_at_once_by_two_requests_leave_one_side(
    client: TestClient, tenant: TenantKeys
) -> None:
    """Two concurrent batches remembering the two sides of one pair: one side stays live
    (PostgreSQL: an advisory lock per unordered pair; SQLite serialises writers)."""
    app: FastAPI = client.app  # type: ignore[assignment]
    results = _post_at_once(
        client,
        tenant,
        {
            "y1": payloads("y1", GROOMING),
            "y2": payloads("y2", renamed(GROOMING, {"jay": "kit", "kit": "jay"})),
        },
    )
    assert results == {"y1": 200, "y2": 200}
    live = [f for f in _flags(app, tenant.id) if not f[3]]
    assert len(live) == 1 and {live[0][0], live[0][1]} == {"jay", "kit"}


def test_dismissing_a_carried_alert_keeps_a_confirmed_source(
    client: TestClient, tenant: TenantKeys
) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    _first_confirmed(client, tenant)
    _post(client, tenant, payloads("second", LATER))
    [carried] = _alerts(client, tenant, "second")
    assert carried["prior_conversation"] == "first"
    r = client.patch(
        f"/v1/alerts/{carried['id']}", json={"status": "dismissed"}, headers=tenant.h("admin")
    )
    assert r.status_code == 200, r.text
    # the confirmed groomer's flag stays: a quiet later chat does not undo the earlier case
    assert _flags(app, tenant.id) == [("jay", "kit", "first", False)]
    _post(client, tenant, payloads("third", LATER))
    assert _authors(_conversation(client, tenant, "third"))["jay"]["prior"] == "first"


def test_an_odd_stored_row_never_fails_a_batch(client: TestClient, tenant: TenantKeys) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    _post(client, tenant, payloads("first", GROOMING))
    with app.state.rt.sessions() as s, s.begin():
        s.execute(
            update(RelationshipFlag)
            .where(RelationshipFlag.tenant_id == tenant.id)
            .values(stages=["risk_assessment", "a_stage_from_another_version"], risk=1.5)
        )
    _post(client, tenant, payloads("second", LATER))
    jay = _authors(_conversation(client, tenant, "second"))["jay"]
    assert jay["prior"] == "first" and jay["prior_stages"] == ["risk_assessment"]
    assert jay["risk"] <= 1.0


def test_dismissing_the_alert_stops_the_carry(client: TestClient, tenant: TenantKeys) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    _post(client, tenant, payloads("first", GROOMING))
    _post(client, tenant, payloads("second", LATER))
    assert _conversation(client, tenant, "second")["alert"] is True
    # a confirmed or escalated alert keeps the memory
    [first] = _alerts(client, tenant, "first")
    r = client.patch(
        f"/v1/alerts/{first['id']}", json={"status": "escalated"}, headers=tenant.h("admin")
    )
    assert r.status_code == 200, r.text
    assert _flags(app, tenant.id) == [("jay", "kit", "first", False)]
    # dismissed: the pair no longer carries into a third conversation
    r = client.patch(
        f"/v1/alerts/{first['id']}", json={"status": "dismissed"}, headers=tenant.h("admin")
    )
    assert r.status_code == 200 and r.json()["status"] == "dismissed"
    assert _flags(app, tenant.id) == [("jay", "kit", "first", True)]
    _post(client, tenant, payloads("third", LATER))
    third = _conversation(client, tenant, "third")
    assert third["alert"] is False and all(a["prior"] is None for a in third["authors"])
    # a new flag of the pair, on its own evidence, is remembered again (cleared row kept)
    _post(client, tenant, payloads("fourth", GROOMING))
    assert _flags(app, tenant.id) == [
        ("jay", "kit", "first", True),
        ("jay", "kit", "fourth", False),
    ]
    _post(client, tenant, payloads("fifth", LATER))
    assert _authors(_conversation(client, tenant, "fifth"))["jay"]["prior"] == "fourth"
    # dismissing a carried alert clears the flag it was carried from: a moderator who says
    # "wrong" once is not asked again in every later conversation of the pair
    [carried] = _alerts(client, tenant, "fifth")
    assert carried["prior_conversation"] == "fourth"
    r = client.patch(
        f"/v1/alerts/{carried['id']}", json={"status": "dismissed"}, headers=tenant.h("admin")
    )
    assert r.status_code == 200, r.text
    assert _flags(app, tenant.id)[-1] == ("jay", "kit", "fourth", True)
    _post(client, tenant, payloads("sixth", LATER))
    assert _conversation(client, tenant, "sixth")["alert"] is False


@pytest.fixture(scope="module")
def client_off(db_url: str) -> Iterator[TestClient]:
    app = create_app(
        make_settings(db_url, relationship_memory=False, workers_enabled=False),
        configure_logs=False,
    )
    with TestClient(app) as c:
        yield c


def _relationship_statements(app: FastAPI) -> tuple[list[str], Any]:
    seen: list[str] = []

    def listener(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "relationship_flags" in statement:
            seen.append(statement.split(None, 1)[0].upper())

    event.listen(app.state.rt.engine, "before_cursor_execute", listener)
    return seen, listener


def test_setting_off_stores_and_carries_nothing_and_queries_nothing(
    client_off: TestClient, client: TestClient
) -> None:
    app: FastAPI = client_off.app  # type: ignore[assignment]
    t = new_tenant(app)
    seen, listener = _relationship_statements(app)
    try:
        _post(client_off, t, payloads("first", GROOMING))
        _one_by_one(client_off, t, payloads("second", LATER))
    finally:
        event.remove(app.state.rt.engine, "before_cursor_execute", listener)
    assert seen == []  # not one query when the setting is off
    assert _flags(app, t.id) == []
    second = _conversation(client_off, t, "second")
    assert second["alert"] is False and all(a["prior"] is None for a in second["authors"])
    assert _alerts(client_off, t, "first")[0]["prior_conversation"] is None
    # on: one SELECT per batch, plus, in the batch whose flag is new, one UPDATE (clearing the
    # other side of the pair, if it had a live row) and one INSERT; in "second", one UPDATE
    # in each batch that changes the pair's row: kit's first message (the partner's evidence
    # rises from 0) and jay's next one (carried: quiet count and jay's evidence, in one)
    on_app: FastAPI = client.app  # type: ignore[assignment]
    t_on = new_tenant(on_app)
    seen, listener = _relationship_statements(on_app)
    try:
        _post(client, t_on, payloads("first", GROOMING))
        _one_by_one(client, t_on, payloads("second", LATER[:3]))
    finally:
        event.remove(on_app.state.rt.engine, "before_cursor_execute", listener)
    assert seen == ["SELECT", "UPDATE", "INSERT", "SELECT", "SELECT", "UPDATE", "SELECT", "UPDATE"]


def test_concurrent_first_flags_of_a_pair_keep_one_row(
    client: TestClient, tenant: TenantKeys
) -> None:
    """Two conversations of the same pair flagged at the same time: both batches succeed and
    one live row remains (insert-if-absent), whichever committed first."""
    app: FastAPI = client.app  # type: ignore[assignment]
    results = _post_at_once(client, tenant, {c: payloads(c, GROOMING) for c in ("c-a", "c-b")})
    assert results == {"c-a": 200, "c-b": 200}
    flags = _flags(app, tenant.id)
    assert len(flags) == 1 and flags[0][:2] == ("jay", "kit") and flags[0][2] in ("c-a", "c-b")
    # the same entries offered again (another process's batch) are skipped, not an error
    rt = app.state.rt
    with rt.sessions() as s, s.begin():
        pks = dict(
            s.execute(
                select(ConversationRow.external_id, ConversationRow.id).where(
                    ConversationRow.tenant_id == tenant.id
                )
            ).all()
        )
        entries = [("jay", "kit", PriorFlag("c-a", 0.99)), ("jay", "kit", PriorFlag("c-b", 0.98))]
        assert store_flags(s, rt.postgres, tenant.id, entries, pks) == 2
    assert _flags(app, tenant.id) == flags


def test_lent_memory_is_taken_back_on_errors(client: TestClient) -> None:
    pool = client.app.state.rt.pool  # type: ignore[attr-defined]
    memory = RelationshipMemory()
    det = pool.detector(10**9, pool.base_policy)
    with pytest.raises(RuntimeError, match="boom"), pool.lend(memory):
        assert pool.detector(10**9, pool.base_policy).memory is memory
        raise RuntimeError("boom")
    assert det.memory is None
    assert pool.detector(10**9, pool.base_policy).memory is None


# --------------------------------------------------------------------------- expiry


def _counts(app: FastAPI, tenant_id: int) -> list[tuple[str, int, str | None, bool]]:
    """(conversation external id, quiet, carried_into, cleared) of a tenant's flags."""
    rows = _flag_rows(
        app,
        tenant_id,
        ConversationRow.external_id,
        RelationshipFlag.quiet,
        RelationshipFlag.carried_into,
        RelationshipFlag.cleared_at,
        RelationshipFlag.cleared_by,
    )
    assert all(by is None for *_, by in rows)  # never a person's clearing here
    return [(c, q, into, cleared is not None) for c, q, into, cleared, _ in rows]


def _jay(client: TestClient, t: TenantKeys, cid: str) -> tuple[bool, str | None]:
    jay = _authors(_conversation(client, t, cid))["jay"]
    return jay["flagged"], jay["prior"]


def test_a_flag_carried_into_quiet_conversations_expires(
    client: TestClient, tenant: TenantKeys
) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    _post(client, tenant, payloads("first", GROOMING))
    # one message per request: the count is read and written back every batch, and one
    # conversation counts once however many batches it takes
    _one_by_one(client, tenant, payloads("q1", QUIET))
    assert _jay(client, tenant, "q1") == (True, "first")
    assert _counts(app, tenant.id) == [("first", 1, "q1", False)]
    _post(client, tenant, payloads("q2", QUIET))
    assert _jay(client, tenant, "q2") == (True, "first")
    assert _counts(app, tenant.id) == [("first", 2, "q2", False)]
    # a third quiet conversation would use it: expired, cleared, nothing carried
    _post(client, tenant, payloads("q3", QUIET))
    assert _jay(client, tenant, "q3") == (False, None)
    assert _conversation(client, tenant, "q3")["alert"] is False
    assert _counts(app, tenant.id) == [("first", 2, "q2", True)]
    # the pair flagged again on jay's own evidence is remembered afresh
    _post(client, tenant, payloads("again", GROOMING))
    assert _counts(app, tenant.id)[-1] == ("again", 0, None, False)
    assert _no_memory_lent(app)


def test_own_evidence_renews_a_carried_flag(client: TestClient, tenant: TenantKeys) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    _post(client, tenant, payloads("first", GROOMING))
    _post(client, tenant, payloads("q1", QUIET))
    assert _counts(app, tenant.id) == [("first", 1, "q1", False)]
    # LATER: jay's own risk passes the renew level there (alone it does not alert)
    _post(client, tenant, payloads("later", LATER))
    assert _counts(app, tenant.id) == [("first", 0, "later", False)]
    for cid in ("q2", "q3"):
        _post(client, tenant, payloads(cid, QUIET))
        assert _jay(client, tenant, cid) == (True, "first")


def test_a_flag_a_moderator_confirmed_never_expires(client: TestClient, tenant: TenantKeys) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    _first_confirmed(client, tenant)
    for cid in ("q1", "q2", "q3", "q4"):
        _post(client, tenant, payloads(cid, QUIET))
        assert _jay(client, tenant, cid) == (True, "first")
    assert _counts(app, tenant.id) == [("first", 0, None, False)]  # held: never counted


def test_an_update_never_touches_a_row_replaced_meanwhile(
    client: TestClient, tenant: TenantKeys
) -> None:
    """apply_updates changes only the live row stored for the flag's own conversation."""
    app: FastAPI = client.app  # type: ignore[assignment]
    _post(client, tenant, payloads("first", GROOMING))
    _post(client, tenant, payloads("other", renamed(GROOMING, {"kit": "kat"})))
    stale = FlagUpdate("jay", "kit", PriorFlag("other", 0.99, quiet=1, carried_into="x"), True)
    with app.state.rt.sessions() as s, s.begin():
        assert apply_updates(s, tenant.id, [stale]) == 0
    assert _counts(app, tenant.id) == [("first", 0, None, False), ("other", 0, None, False)]


@pytest.fixture(scope="module")
def client_quiet_1(db_url: str) -> Iterator[TestClient]:
    app = create_app(
        make_settings(db_url, relationship_memory_max_quiet=1, workers_enabled=False),
        configure_logs=False,
    )
    with TestClient(app) as c:
        yield c


def test_the_max_quiet_setting_is_honoured(client_quiet_1: TestClient) -> None:
    app: FastAPI = client_quiet_1.app  # type: ignore[assignment]
    t = new_tenant(app)
    _post(client_quiet_1, t, payloads("first", GROOMING))
    _post(client_quiet_1, t, payloads("q1", QUIET))
    assert _jay(client_quiet_1, t, "q1") == (True, "first")
    _post(client_quiet_1, t, payloads("q2", QUIET))
    assert _jay(client_quiet_1, t, "q2") == (False, None)
    assert _counts(app, t.id) == [("first", 1, "q1", True)]
