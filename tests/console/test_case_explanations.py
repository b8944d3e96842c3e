"""The case page tells a moderator when an alert carries no grooming sign at all (on SQLite
and PostgreSQL): the alert then rests on the model's reading of the wording, or on the
platform's context policy, and the conversation has to be read before deciding."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from console_support import client_login, csrf_of
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from guardline.console.routes import Console
from guardline.console.security import create_user
from guardline.console.settings import ConsoleSettings
from guardline.service.app import create_app
from guardline.service.auth import create_key, create_tenant
from guardline.service.settings import Settings
from guardline.store.models import AlertRow

PW = "correct-horse-battery"
# no grooming sign in any line: small talk between an adult account and a child account
SMALL_TALK = [
    ("rob_t", "hey, good game earlier"),
    ("ana_b", "thanks"),
    ("rob_t", "which level are you on now"),
    ("ana_b", "level 12"),
]
# the same pair, with signs (age and supervision probing, secrecy)
WITH_SIGNS = [
    ("rob_t", "how old are you? are your parents around right now?"),
    ("ana_b", "12, mum is at work"),
    ("rob_t", "don't tell your mum we talk, it's just between us"),
]


@pytest.fixture(scope="module")
def app(module_store_url: str) -> Iterator[FastAPI]:
    # every first contact of an adult account with a child account alerts at once: the
    # platform context policy with its threshold at 0
    application = create_app(
        Settings(
            database_url=module_store_url,
            workers_enabled=False,
            context_first_contact_threshold=0.0,
            _env_file=None,
        ),
        configure_logs=False,
    )
    application.state.console = Console(application.state.rt, ConsoleSettings(_env_file=None))
    yield application
    application.state.rt.close()


def _case_page(app: FastAPI, lines: list[tuple[str, str]]) -> str:
    """Stream ``lines`` into a fresh tenant (the adult never had contact with the child),
    claim the alert as a moderator and return the case page."""
    sfx = uuid.uuid4().hex[:8]
    rt = app.state.rt
    with rt.sessions() as s, s.begin():
        tenant = create_tenant(s, f"platform-{sfx}").id
        _, key = create_key(s, tenant, "ingest")
        create_user(s, f"mod-{sfx}", PW, "moderator", tenant)
    c = TestClient(app)
    h = {"Authorization": f"Bearer {key}"}
    r = c.put(
        "/v1/participants/rob_t",
        json={
            "age_band": "adult",
            "contacts": [{"participant_id": "ana_b", "had_contact_before": False}],
        },
        headers=h,
    )
    assert r.status_code == 200, r.text
    assert c.put("/v1/participants/ana_b", json={"age_band": "child"}, headers=h).is_success
    items = [
        {"message_id": f"m{i}", "conversation_id": "c-1", "author": a, "text": t}
        for i, (a, t) in enumerate(lines)
    ]
    r = c.post("/v1/messages", json={"messages": items}, headers=h)
    assert r.status_code == 200 and r.json()["alerts_created"] >= 1, r.text
    with rt.sessions() as s:
        alert = s.scalar(
            select(AlertRow).where(AlertRow.tenant_id == tenant, AlertRow.author == "rob_t")
        )
        assert alert is not None
        alert_id = alert.id
    assert client_login(c, f"mod-{sfx}", PW).status_code == 303
    token = csrf_of(c.get("/console/queue").text)
    r = c.post(f"/console/alerts/{alert_id}/claim", data={"csrf": token}, follow_redirects=False)
    assert r.status_code == 303
    page = c.get(r.headers["location"])
    assert page.status_code == 200
    return page.text


def test_an_alert_without_any_sign_says_so(app: FastAPI) -> None:
    page = _case_page(app, SMALL_TALK)
    assert 'id="no-signs"' in page
    assert "No grooming sign was recognised" in page
    for _, text in SMALL_TALK:  # the notice does not reveal the hidden text
        assert text not in page


def test_an_alert_with_signs_shows_them_and_no_notice(app: FastAPI) -> None:
    page = _case_page(app, WITH_SIGNS)
    assert 'id="no-signs"' not in page
    assert "supervision probing" in page and "secrecy request" in page
