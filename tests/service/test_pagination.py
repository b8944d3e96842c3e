"""Keyset pagination of GET /v1/conversations and GET /v1/alerts: every row once, in order,
past one page, per tenant, while other conversations are being written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from svc_fixtures import GROOMING, payloads
from svc_support import TenantKeys

# one message per conversation; repeated lines give conversations of equal risk (the order
# between them is the row id)
LINES = [
    "how old are you",
    "did you start the science worksheet?",
    "don't tell your mum",
    "add me on another app",
    "how old are you",
    "cool, we still need a title for the poster",
    "don't tell your mum",
    "yes, i'll bring my notes from tuesday",
]


def _post(client: TestClient, tenant: TenantKeys, cid: str, text: str) -> None:
    body = {"message_id": f"{cid}-0", "conversation_id": cid, "author": "u1", "text": text}
    r = client.post("/v1/messages", json=body, headers=tenant.h("ingest"))
    assert r.status_code == 200 and r.json()["accepted"] == 1, r.text


def _pages(
    client: TestClient,
    path: str,
    h: dict[str, str],
    between: Callable[[int, list[Any]], None] = lambda _n, _seen: None,
) -> tuple[list[Any], int]:
    """Every item of ``path`` page by page (``between`` runs after each page)."""
    seen: list[Any] = []
    cursor: str | None = None
    pages = 0
    while True:
        sep = "&" if "?" in path else "?"
        url = path if cursor is None else f"{path}{sep}cursor={cursor}"
        r = client.get(url, headers=h)
        assert r.status_code == 200, r.text
        page = r.json()
        pages += 1
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen, pages
        assert pages < 50
        between(pages, seen)


def test_conversations_page_through_every_row_once_while_others_arrive(
    client: TestClient, tenant_factory: Callable[[], TenantKeys]
) -> None:
    tenant, other = tenant_factory(), tenant_factory()
    for i, text in enumerate(LINES):
        _post(client, tenant, f"pg-{i}", text)
        _post(client, other, f"other-{i}", text)  # interleaved row ids of another tenant
    h = tenant.h("read")
    whole = client.get("/v1/conversations?limit=200", headers=h).json()
    assert whole["next_cursor"] is None  # the existing shape, plus the cursor
    before = [c["id"] for c in whole["items"]]
    assert sorted(before) == sorted(f"pg-{i}" for i in range(len(LINES)))

    # pages of 3, while new conversations of every risk are written between pages
    inserted: list[tuple[str, str]] = []  # (new conversation, last id seen when it was written)

    def write(n: int, seen: list[Any]) -> None:
        for j, text in enumerate(LINES[:4]):
            cid = f"new-{n}-{j}"
            _post(client, tenant, cid, text)
            inserted.append((cid, seen[-1]["id"]))

    seen, pages = _pages(client, "/v1/conversations?limit=3", h, write)
    ids = [c["id"] for c in seen]
    assert pages >= 3
    assert len(ids) == len(set(ids)), "a conversation was listed twice"
    # the order of the pages is the order of one long page
    final = [c["id"] for c in client.get("/v1/conversations?limit=200", headers=h).json()["items"]]
    assert ids == [c for c in final if c in set(ids)]
    # every conversation there before the first page is listed; a new one is listed exactly
    # when it sorts after the position the reader had reached when it was written
    assert set(before) <= set(ids)
    for cid, reached in inserted:
        assert (cid in ids) == (final.index(cid) > final.index(reached)), cid
    assert any(cid in ids for cid, _ in inserted)
    assert any(cid not in ids for cid, _ in inserted)
    risks = [c["max_risk"] for c in seen]
    assert risks == sorted(risks, reverse=True)

    # filters hold across pages; the other tenant never sees a row of this one, also when it
    # is handed this tenant's cursor
    first = client.get("/v1/conversations?limit=2", headers=h).json()
    theirs = client.get(
        f"/v1/conversations?limit=200&cursor={first['next_cursor']}", headers=other.h("read")
    ).json()["items"]
    assert theirs and all(c["id"].startswith("other-") for c in theirs)
    bar = sorted(risks)[len(risks) // 2]
    above, _ = _pages(client, f"/v1/conversations?limit=2&min_risk={bar}", h)
    assert [c["id"] for c in above] == [c for c in final if c in {x["id"] for x in above}]
    assert above and all(c["max_risk"] >= bar - 1e-6 for c in above)

    # not base64, not a cursor, an alert cursor, a risk that overflows, NaN, too long
    for bad in ("x", "YQ", "YTU", "YzB4MXA5OTk5OV8x", "Y25hbl8x", "-" * 200):
        r = client.get(f"/v1/conversations?cursor={bad}", headers=h)
        assert r.status_code == 422, (bad, r.text)


def test_alerts_page_through_every_alert_once(
    client: TestClient, tenant_factory: Callable[[], TenantKeys]
) -> None:
    tenant = tenant_factory()
    for i in range(3):
        r = client.post(
            "/v1/messages", json={"messages": payloads(f"al-{i}", GROOMING)}, headers=tenant.h()
        )
        assert r.status_code == 200 and r.json()["alerts_created"] >= 1, r.text
    h = tenant.h("read")
    everything = client.get("/v1/alerts?limit=200", headers=h).json()["items"]

    def write(n: int, _seen: list[Any]) -> None:
        if n == 1:  # a new alert between pages: newer than the cursor, not on later pages
            items = payloads("al-new", GROOMING)
            assert client.post("/v1/messages", json={"messages": items}, headers=tenant.h())

    seen, pages = _pages(client, "/v1/alerts?limit=2", h, write)
    assert pages >= 2
    assert [a["id"] for a in seen] == [a["id"] for a in everything]
