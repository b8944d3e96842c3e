"""The case page explains an alert to the moderator (on SQLite and PostgreSQL): it says when
the alert carries no grooming sign at all (it then rests on the model's reading of the
wording, or on the platform's context policy, and the conversation has to be read before
deciding), and in a group chat it names the child the flagged adult singles out (also in the
API's conversation view)."""

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
# a team group chat: the coach singles out one player (indicator-level lines)
GROUP = [
    ("coach_rob", "Great training tonight everyone, well done"),
    ("ella_k", "thanks coach"),
    ("josh.m", "my legs are dead lol"),
    ("nia_b", "same"),
    ("sam_t", "when is the next match"),
    ("coach_rob", "Saturday 9am Sam, parents drop off at the gate"),
    ("josh.m", "can we have pizza after"),
    ("coach_rob", "If we win Josh"),
    ("coach_rob", "Ella your passing was the best on the team tonight, really grown up"),
    ("ella_k", "omg thank you"),
    ("nia_b", "what about me"),
    ("coach_rob", "You did fine Nia"),
    ("coach_rob", "Ella are you on snapchat? I'll send you some extra drills"),
    ("ella_k", "yeah ella.k12"),
    ("sam_t", "can i have drills too"),
    ("coach_rob", "Next week Sam"),
    ("coach_rob", "Ella I can give you a lift home saturday, I go past yours"),
    ("ella_k", "my dad is getting me"),
    ("coach_rob", "Offer stands, just message me, no need to ask your dad"),
    ("josh.m", "bring the good balls this time"),
    ("coach_rob", "Will do Josh"),
    ("coach_rob", "Ella check your snap"),
    ("ella_k", "ok"),
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


def _case_page(
    app: FastAPI, lines: list[tuple[str, str]], adult: str = "rob_t", context: bool = True
) -> tuple[str, dict[str, object]]:
    """Stream ``lines`` into a fresh tenant (with ``context``: ``adult`` is an adult account
    that never had contact with the child account ``ana_b``), claim ``adult``'s alert as a
    moderator; return the case page and the API's view of the conversation."""
    sfx = uuid.uuid4().hex[:8]
    rt = app.state.rt
    with rt.sessions() as s, s.begin():
        tenant = create_tenant(s, f"platform-{sfx}").id
        _, key = create_key(s, tenant, "ingest,read")
        create_user(s, f"mod-{sfx}", PW, "moderator", tenant)
    c = TestClient(app)
    h = {"Authorization": f"Bearer {key}"}
    if context:
        r = c.put(
            f"/v1/participants/{adult}",
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
            select(AlertRow).where(AlertRow.tenant_id == tenant, AlertRow.author == adult)
        )
        assert alert is not None
        alert_id = alert.id
    assert client_login(c, f"mod-{sfx}", PW).status_code == 303
    token = csrf_of(c.get("/console/queue").text)
    r = c.post(f"/console/alerts/{alert_id}/claim", data={"csrf": token}, follow_redirects=False)
    assert r.status_code == 303
    page = c.get(r.headers["location"])
    assert page.status_code == 200
    api = c.get("/v1/conversations/c-1", headers=h)
    assert api.status_code == 200, api.text
    return page.text, api.json()


def test_an_alert_without_any_sign_says_so(app: FastAPI) -> None:
    page, _ = _case_page(app, SMALL_TALK)
    assert 'id="no-signs"' in page
    assert "No grooming sign was recognised" in page
    for _, text in SMALL_TALK:  # the notice does not reveal the hidden text
        assert text not in page


def test_an_alert_with_signs_shows_them_and_no_notice(app: FastAPI) -> None:
    page, api = _case_page(app, WITH_SIGNS)
    assert 'id="no-signs"' not in page
    assert "supervision probing" in page and "secrecy request" in page
    assert "singles out" not in page  # a two-person chat has no addressee
    assert all(a["addressee"] is None for a in api["authors"])  # type: ignore[attr-defined]


def test_a_group_alert_names_the_child_singled_out(app: FastAPI) -> None:
    page, api = _case_page(app, GROUP, adult="coach_rob", context=False)
    assert 'data-addressee="ella_k"' in page and "singles out" in page
    by_author = {a["author"]: a for a in api["authors"]}  # type: ignore[attr-defined]
    assert by_author["coach_rob"]["flagged"] and by_author["coach_rob"]["addressee"] == "ella_k"
    assert all(by_author[a]["addressee"] is None for a in ("ella_k", "josh.m", "nia_b"))
    for _, text in GROUP:  # the hidden text stays hidden
        assert len(text) < 12 or text not in page


def test_outranked_reads_the_detectors_record_of_who_held_a_name_back() -> None:
    from guardline.console.views import outranked

    def au(name: str, risk: float, flagged: bool, by: str | None = None) -> dict[str, object]:
        d: dict[str, object] = {"author": name, "risk": risk, "flagged": flagged}
        if by is not None:
            d["outranked_by"] = by
        return d

    assert outranked([au("jay", 0.99, True), au("kit", 0.98, False, "jay")]) == {"kit": "jay"}
    assert outranked([au("kit", 0.5, False, "jay"), au("jay", 0.99, True)]) == {"kit": "jay"}
    # a high unflagged risk the detector did not hold back is not explained as outranked
    assert outranked([au("jay", 0.99, True), au("kit", 0.98, False)]) == {}
    # a stale record on an author who is named now says nothing
    assert outranked([au("jay", 0.99, True), au("kit", 0.98, True, "jay")]) == {}
