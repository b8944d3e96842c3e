"""PUT /v1/participants/{id}: the account's own fields are replaced (left out: cleared), its
contacts merged (left out: kept); a contact is one record of the pair, shared by both."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from svc_support import TenantKeys


def _put(client: TestClient, t: TenantKeys, pid: str, body: dict[str, Any]) -> dict[str, Any]:
    r = client.put(f"/v1/participants/{pid}", json=body, headers=t.h("ingest"))
    assert r.status_code == 200, r.text
    got = client.get(f"/v1/participants/{pid}", headers=t.h("read")).json()
    assert got == r.json()  # the answer is what is stored
    return dict(got)


def _contacts(p: dict[str, Any]) -> dict[str, bool | None]:
    return {c["participant_id"]: c["had_contact_before"] for c in p["contacts"]}


def test_put_replaces_the_fields_and_merges_the_contacts(
    client: TestClient, tenant: TenantKeys
) -> None:
    full = {
        "age_band": "adult",
        "declared_age": 34,
        "account_age_days": 12,
        "display_name": "Jay",
        "contacts": [
            {"participant_id": "kit", "had_contact_before": False},
            {"participant_id": "ana", "had_contact_before": True},
        ],
    }
    p = _put(client, tenant, "jay", full)
    assert p["declared_age"] == 34 and _contacts(p) == {"kit": False, "ana": True}

    # fields left out are cleared (not kept): age_band back to "unknown", the rest null;
    # contacts left out are kept, a listed one is updated
    p = _put(
        client, tenant, "jay", {"contacts": [{"participant_id": "kit", "had_contact_before": True}]}
    )
    assert p["age_band"] == "unknown"
    assert p["declared_age"] is None and p["account_age_days"] is None
    assert p["display_name"] is None
    assert _contacts(p) == {"kit": True, "ana": True}

    # no contacts at all changes no contact
    p = _put(client, tenant, "jay", {"age_band": "adult"})
    assert p["age_band"] == "adult" and _contacts(p) == {"kit": True, "ana": True}

    # a contact listed without had_contact_before sets the pair back to unknown (null); there
    # is no way to delete a contact
    p = _put(client, tenant, "jay", {"age_band": "adult", "contacts": [{"participant_id": "ana"}]})
    assert _contacts(p) == {"kit": True, "ana": None}

    # the pair is one record: the other account sees (and can change) it, and a PUT of that
    # account leaves jay's own fields alone
    kit = _put(
        client,
        tenant,
        "kit",
        {"age_band": "teen", "contacts": [{"participant_id": "jay", "had_contact_before": False}]},
    )
    assert _contacts(kit) == {"jay": False}
    jay = client.get("/v1/participants/jay", headers=tenant.h("read")).json()
    assert jay["age_band"] == "adult" and _contacts(jay) == {"kit": False, "ana": None}

    # a contact with itself is refused, and the request changes nothing
    r = client.put(
        "/v1/participants/jay",
        json={"age_band": "child", "contacts": [{"participant_id": "jay"}]},
        headers=tenant.h("ingest"),
    )
    assert r.status_code == 422
    assert client.get("/v1/participants/jay", headers=tenant.h("read")).json() == jay


def test_openapi_states_the_put_semantics(client: TestClient) -> None:
    spec = client.app.openapi()  # type: ignore[attr-defined]
    op = spec["paths"]["/v1/participants/{participant_id}"]["put"]
    text = op["description"]
    for words in ("replaced", "cleared", "merged", "kept", "both accounts"):
        assert words in text, words
    fields = spec["components"]["schemas"]["ParticipantIn"]["properties"]
    assert "cleared" in fields["display_name"]["description"]
    assert "kept" in fields["contacts"]["description"]
