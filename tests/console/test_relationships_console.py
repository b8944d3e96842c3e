"""The console and the relationship memory (on SQLite and PostgreSQL, and in chromium): the case
of a conversation carried from an earlier one says so, names that conversation (escaped) and
links its case; dismissing the earlier case clears the pair (a ``relationship cleared``
history entry) so a third conversation is not carried; confirming keeps it."""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from console_support import Server, client_login, csrf_of, served_tenant, shot
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import escape
from playwright.sync_api import Page, expect
from sqlalchemy import select
from svc_fixtures import GROOMING, LATER, QUIET, payloads, renamed
from svc_support import subscribe_unreachable

from guardline.console.routes import Console
from guardline.console.security import create_user
from guardline.console.settings import ConsoleSettings
from guardline.evidence.reports import validate_xml
from guardline.service.app import create_app
from guardline.service.auth import create_key, create_tenant
from guardline.service.settings import Settings
from guardline.store.models import (
    AlertRow,
    CaseEvent,
    ConversationRow,
    RelationshipFlag,
    WebhookDelivery,
)

PW = "correct-horse-battery"
CARRIED = "flagged with this participant before in conversation"
# an id a platform may well use, with characters HTML must not take literally
FIRST = 'first <i>"&</i>'
SHOWN = str(escape(FIRST))  # as Jinja's autoescape writes it


@pytest.fixture(scope="module")
def app(module_store_url: str) -> Iterator[FastAPI]:
    application = create_app(
        Settings(database_url=module_store_url, workers_enabled=False, _env_file=None),
        configure_logs=False,
    )
    application.state.console = Console(application.state.rt, ConsoleSettings(_env_file=None))
    yield application
    application.state.rt.close()


@dataclass
class Platform:
    tenant_id: int
    client: TestClient
    key: str
    moderator: str

    def post(self, cid: str, lines: list[tuple[str, str]]) -> None:
        r = self.client.post(
            "/v1/messages",
            json={"messages": payloads(cid, lines, prefix=uuid.uuid4().hex[:6])},
            headers={"Authorization": f"Bearer {self.key}"},
        )
        assert r.status_code == 200, r.text

    def alerted(self, cid: str) -> bool:
        r = self.client.get(
            "/v1/alerts",
            params={"conversation_id": cid},
            headers={"Authorization": f"Bearer {self.key}"},
        )
        assert r.status_code == 200, r.text
        return bool(r.json()["items"])


def _platform(app: FastAPI) -> Platform:
    sfx = uuid.uuid4().hex[:8]
    rt = app.state.rt
    with rt.sessions() as s, s.begin():
        tenant = create_tenant(s, f"platform-{sfx}").id
        _, key = create_key(s, tenant, "ingest,read")
        create_user(s, f"mod-{sfx}", PW, "moderator", tenant)
    c = TestClient(app)
    assert client_login(c, f"mod-{sfx}", PW).status_code == 303
    return Platform(tenant, c, key, f"mod-{sfx}")


def _alert_id(app: FastAPI, tenant_id: int, cid: str, author: str = "jay") -> int:
    with app.state.rt.sessions() as s:
        alert_id = s.scalar(
            select(AlertRow.id)
            .join(ConversationRow, ConversationRow.id == AlertRow.conversation_id)
            .where(
                AlertRow.tenant_id == tenant_id,
                ConversationRow.external_id == cid,
                AlertRow.author == author,
            )
        )
    assert alert_id is not None
    return int(alert_id)


def _claim(p: Platform, alert_id: int) -> int:
    token = csrf_of(p.client.get("/console/queue").text)
    r = p.client.post(
        f"/console/alerts/{alert_id}/claim", data={"csrf": token}, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def _case_page(p: Platform, case_id: int) -> str:
    r = p.client.get(f"/console/cases/{case_id}")
    assert r.status_code == 200
    return r.text


def _prior_block(page: str) -> str:
    m = re.search(r'<div class="prior"[^>]*>.*?</div>', page, re.S)
    assert m, "no prior block on the case page"
    return m.group(0)


def test_case_names_and_links_the_earlier_conversation(app: FastAPI) -> None:
    p = _platform(app)
    p.post(FIRST, GROOMING)
    p.post("second", LATER)
    # the queue says which alert was carried, and from where (escaped)
    queue = p.client.get("/console/queue").text
    row = re.search(rf'<tr id="alert-{_alert_id(app, p.tenant_id, "second")}".*?</tr>', queue, re.S)
    assert row and f"carried from {SHOWN}" in row.group(0)
    first_row = re.search(
        rf'<tr id="alert-{_alert_id(app, p.tenant_id, FIRST)}".*?</tr>', queue, re.S
    )
    assert first_row and "carried from" not in first_row.group(0)
    second_case = _claim(p, _alert_id(app, p.tenant_id, "second"))
    page = _case_page(p, second_case)
    block = _prior_block(page)
    assert CARRIED in block
    # what jay had shown there, as stage labels
    assert "from that conversation on, they had shown signs of:" in block
    assert "risk assessment" in block
    # no case on the earlier conversation yet: its id, escaped, not a link
    assert SHOWN in block and "<i>" not in page and "href" not in block
    # once the earlier alert has a case, the line links to it
    first_case = _claim(p, _alert_id(app, p.tenant_id, FIRST))
    page = _case_page(p, second_case)
    block = _prior_block(page)
    assert f'<a href="/console/cases/{first_case}">{SHOWN}</a>' in block
    assert f"(case {first_case}, open)" in block
    # only jay is carried (not the child), and the earlier case claims no prior
    assert page.count('class="prior"') == 1
    assert 'class="prior"' not in _case_page(p, first_case)


def _decide(p: Platform, case_id: int, action: str, fields: dict[str, str]) -> None:
    """A moderator's decision on a case through the console form (with its CSRF token)."""
    token = csrf_of(_case_page(p, case_id))
    r = p.client.post(
        f"/console/cases/{case_id}/{action}",
        data={"csrf": token, **fields},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def test_dismissing_the_earlier_case_clears_the_pair(app: FastAPI) -> None:
    p = _platform(app)
    p.post("first", GROOMING)
    p.post("second", LATER)
    first_case = _claim(p, _alert_id(app, p.tenant_id, "first"))
    _decide(p, first_case, "dismiss", {"reason": "false_sign", "detail": ""})
    page = _case_page(p, first_case)
    assert f"<strong>relationship cleared</strong> by {p.moderator}" in page
    with app.state.rt.sessions() as s:
        kinds = s.scalars(
            select(CaseEvent.kind).where(CaseEvent.case_id == first_case).order_by(CaseEvent.id)
        ).all()
        flag = s.scalars(
            select(RelationshipFlag).where(RelationshipFlag.tenant_id == p.tenant_id)
        ).one()
    assert kinds[-2:] == ["dismissed", "relationship_cleared"]
    assert flag.cleared_at is not None and flag.cleared_by is not None
    # the third conversation of the pair starts from zero again
    p.post("third", LATER)
    assert not p.alerted("third")
    # the second conversation's case still tells what happened to the earlier one
    second_case = _claim(p, _alert_id(app, p.tenant_id, "second"))
    assert f"(case {first_case}, dismissed)" in _prior_block(_case_page(p, second_case))


def test_confirming_the_earlier_case_keeps_the_pair(app: FastAPI) -> None:
    p = _platform(app)
    p.post("first", GROOMING)
    first_case = _claim(p, _alert_id(app, p.tenant_id, "first"))
    _decide(p, first_case, "confirm", {"victim_age_band": "12_15", "region": ""})
    assert "relationship cleared" not in _case_page(p, first_case)
    p.post("second", LATER)
    assert p.alerted("second")
    block = _prior_block(_case_page(p, _claim(p, _alert_id(app, p.tenant_id, "second"))))
    assert "That flag is kept: the case there was confirmed." in block


def test_case_page_says_how_long_a_carried_flag_lasts(app: FastAPI) -> None:
    p = _platform(app)
    p.post("first", GROOMING)
    p.post("q1", QUIET)
    q1 = _claim(p, _alert_id(app, p.tenant_id, "q1"))
    block = _prior_block(_case_page(p, q1))
    assert "carried into 1 quiet conversation in a row" in block and "lapses after 2" in block
    p.post("q2", QUIET)
    block = _prior_block(_case_page(p, _claim(p, _alert_id(app, p.tenant_id, "q2"))))
    assert "carried into 2 quiet conversations in a row" in block
    p.post("q3", QUIET)  # a third quiet chat: the flag lapses, nothing is carried
    assert not p.alerted("q3")
    block = _prior_block(_case_page(p, q1))
    assert "That flag is no longer carried" in block and "lapses" not in block


def _log_in(page: Page, server: Server, username: str) -> None:
    page.goto(server.url + "/console/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PW)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/console/queue$"))


def test_browser_case_page_shows_and_links_the_earlier_conversation(
    page: Page, server: Server
) -> None:
    """Chromium against `guardline serve`: a platform of its own (its moderator sees only its
    alerts), two conversations of one pair through the API, both claimed in the browser."""
    sfx, key = served_tenant(server, "carry", PW)
    names = {"jay": f"jay-{sfx}", "kit": f"kit-{sfx}"}
    first, second = f"chat-{sfx}-1", f"chat-{sfx}-2"
    h = {"Authorization": f"Bearer {key}"}
    for cid, lines in ((first, GROOMING), (second, LATER)):
        r = httpx.post(
            server.url + "/v1/messages",
            json={"messages": payloads(cid, renamed(lines, names))},
            headers=h,
            timeout=60,
        )
        assert r.status_code == 200, r.text
    alerts = {
        a["conversation_id"]: a
        for a in httpx.get(server.url + "/v1/alerts", headers=h, timeout=30).json()["items"]
    }
    assert alerts[second]["prior_conversation"] == first
    assert alerts[first]["prior_conversation"] is None

    _log_in(page, server, f"carry-mod-{sfx}")
    page.goto(server.url + f"/console/alerts/{alerts[first]['id']}")
    page.get_by_role("button", name="Claim and open").click()
    page.wait_for_url(re.compile(r"/console/cases/\d+$"))
    first_case_url = page.url
    expect(page.locator(".prior")).to_have_count(0)
    page.goto(server.url + f"/console/alerts/{alerts[second]['id']}")
    page.get_by_role("button", name="Claim and open").click()
    page.wait_for_url(re.compile(r"/console/cases/\d+$"))
    prior = page.locator(f'.prior[data-prior="{first}"]')
    expect(prior).to_contain_text(f"{CARRIED} {first}")
    expect(page.locator(".authors li").filter(has=prior)).to_contain_text(names["jay"])
    shot(page, "30-case-carried-from-earlier-conversation")
    prior.get_by_role("link", name=first).click()
    expect(page).to_have_url(first_case_url)
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_case_says_why_the_other_side_of_a_carried_pair_is_not_named(app: FastAPI) -> None:
    p = _platform(app)
    p.post("first", GROOMING)
    p.post("again", GROOMING)
    # kit writes the grooming lines now, but jay's flag is carried in and fires first, and
    # over the pair's conversations jay has looked riskier (two grooming chats to one):
    # kit is not named (outrank)
    p.post("roles", renamed(GROOMING, {"jay": "kit", "kit": "jay"}))
    page = _case_page(p, _claim(p, _alert_id(app, p.tenant_id, "roles")))
    held = re.findall(r'<div class="outranked" data-outranked-by="([^"]*)">(.*?)</div>', page, re.S)
    assert [by for by, _ in held] == ["jay"]
    assert "not named yet" in held[0][1] and "outrank" in held[0][1]
    # the line sits in kit's entry, not in jay's
    kit = re.search(r'<li><span class="author">kit</span>.*?</li>', page, re.S)
    assert kit and 'class="outranked"' in kit.group(0)
    # the first conversation: kit's risk stays low, so nothing is held back there
    assert 'class="outranked"' not in _case_page(p, _claim(p, _alert_id(app, p.tenant_id, "first")))


def test_case_of_a_superseded_alert_says_the_name_moved(app: FastAPI) -> None:
    p = _platform(app)
    p.post("first", GROOMING)
    swapped = renamed(GROOMING, {"jay": "kit", "kit": "jay"})
    # jay's flag is carried into "roles" and fires first; then kit's own risk rises above it
    # (the pair's evidence ties, so kit is not held back) and the name moves to kit
    p.post("roles", swapped[:8])
    p.post("roles", swapped[8:])
    jay = _alert_id(app, p.tenant_id, "roles")
    kit = _alert_id(app, p.tenant_id, "roles", author="kit")
    queue = p.client.get("/console/queue", params={"status": "superseded"}).text
    assert f"/console/alerts/{jay}" in queue and f"/console/alerts/{kit}" not in queue
    active = p.client.get("/console/queue").text
    assert f"/console/alerts/{kit}" in active and f"/console/alerts/{jay}" not in active
    # a moderator may still take the superseded alert; its case says why jay is not named
    # the superseded row says whom the detector names instead; the named side's says nothing
    row = re.search(rf'<tr id="alert-{jay}".*?</tr>', queue, re.S)
    assert row and 'data-outranked-by="kit"' in row.group(0)
    assert "name moved to kit" in row.group(0)
    kit_row = re.search(rf'<tr id="alert-{kit}".*?</tr>', active, re.S)
    assert kit_row and "data-outranked-by" not in kit_row.group(0)
    assert 'data-outranked-by="kit"' in p.client.get(f"/console/alerts/{jay}").text
    jay_case = _claim(p, jay)
    page = _case_page(p, jay_case)
    jay_entry = re.search(r'<li><span class="author">jay</span>.*?</li>', page, re.S)
    assert jay_entry and 'data-outranked-by="kit"' in jay_entry.group(0)
    assert "no longer named" in jay_entry.group(0) and "not named yet" not in page
    # the case head says the reported account is no longer the one named
    assert 'data-name-moved-to="kit"' in page and 'name="moved_name_reviewed"' in page


def _export(p: Platform, case_id: int, kind: str, reviewed: bool) -> httpx.Response:
    token = csrf_of(_case_page(p, case_id))
    data = {"csrf": token, **({"moved_name_reviewed": "on"} if reviewed else {})}
    return p.client.post(f"/console/cases/{case_id}/export/{kind}", data=data)


def test_exports_and_restrictions_of_a_moved_name_need_the_moderator_to_say_they_reviewed_it(
    app: FastAPI,
) -> None:
    p = _platform(app)
    subscribe_unreachable(app, p.tenant_id, ["action.requested"])  # this app sends nothing
    p.post("first", GROOMING)
    swapped = renamed(GROOMING, {"jay": "kit", "kit": "jay"})
    p.post("roles", swapped[:8])
    p.post("roles", swapped[8:])
    jay_case = _claim(p, _alert_id(app, p.tenant_id, "roles"))
    # without the check box the reports are refused and nothing is recorded as exported
    for kind in ("report", "referral"):
        r = _export(p, jay_case, kind, reviewed=False)
        assert r.status_code == 409
        assert "no longer names the reported account jay" in r.text and "now names kit" in r.text
    with app.state.rt.sessions() as s:
        kinds = list(s.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == jay_case)))
    assert "exported" not in kinds
    # the bundle keeps the evidence and leaves the two reports out
    r = _export(p, jay_case, "bundle", reviewed=False)
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        names = set(z.namelist())
        case_json = json.loads(z.read("case.json"))
    assert "messages.jsonl" in names and "report-cybertipline.xml" not in names
    assert case_json["detector_named_instead"] == "kit"
    # with it, the report names jay, says whom the detector names now, and the history
    # records the review with the export
    r = _export(p, jay_case, "report", reviewed=True)
    assert r.status_code == 200, r.text
    validate_xml(r.content)
    assert "the detector named another participant of this conversation (kit)" in r.text
    r = _export(p, jay_case, "referral", reviewed=True)
    assert r.status_code == 200 and r.json()["suspect"]["detector_named_instead"] == "kit"
    with app.state.rt.sessions() as s:
        details = list(
            s.scalars(
                select(CaseEvent.detail).where(
                    CaseEvent.case_id == jay_case, CaseEvent.kind == "exported"
                )
            )
        )
    reviewed = [d for d in details if d and d.get("moved_name_reviewed") == "kit"]
    assert sorted(d["export"] for d in reviewed) == ["referral", "report"]
    assert "reviewed that the detector names kit" in _case_page(p, jay_case)
    # a restriction of jay's account is refused without the tick; with it, the request
    # and the history say whom the detector names instead
    token = csrf_of(_case_page(p, jay_case))
    url = f"/console/cases/{jay_case}/restrict"
    r = p.client.post(url, data={"csrf": token, "restriction": "suspend_account"})
    # the case page again, the error next to the form and the chosen restriction kept
    assert r.status_code == 422 and 'id="restrict-error"' in r.text and "now names kit" in r.text
    assert '<option value="suspend_account" selected>' in r.text
    assert 'name="moved_name_reviewed" value="on" aria-invalid="true"' in r.text
    with app.state.rt.sessions() as s:
        assert not s.scalars(
            select(WebhookDelivery).where(WebhookDelivery.tenant_id == p.tenant_id)
        ).all()
    r = p.client.post(
        url,
        data={"csrf": token, "restriction": "suspend_account", "moved_name_reviewed": "on"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    with app.state.rt.sessions() as s:
        [body] = s.scalars(
            select(WebhookDelivery.payload).where(WebhookDelivery.tenant_id == p.tenant_id)
        ).all()
        restricted = s.scalars(
            select(CaseEvent.detail).where(
                CaseEvent.case_id == jay_case, CaseEvent.kind == "restriction_requested"
            )
        ).one()
    action = json.loads(body)["action"]
    assert (action["account"], action["detector_named_instead"]) == ("jay", "kit")
    assert restricted["moved_name_reviewed"] == "kit" and restricted["account"] == "jay"
    # kit's case (the named side) exports without the check box and shows no banner
    kit_case = _claim(p, _alert_id(app, p.tenant_id, "roles", author="kit"))
    assert "data-name-moved-to" not in _case_page(p, kit_case)
    r = _export(p, kit_case, "report", reviewed=True)  # a stray tick changes nothing
    assert r.status_code == 200 and "named another participant" not in r.text
    with app.state.rt.sessions() as s:
        kit_details = list(
            s.scalars(
                select(CaseEvent.detail).where(
                    CaseEvent.case_id == kit_case, CaseEvent.kind == "exported"
                )
            )
        )
    assert kit_details and all("moved_name_reviewed" not in (d or {}) for d in kit_details)
    # and its restriction needs no tick and names nobody instead
    token = csrf_of(_case_page(p, kit_case))
    r = p.client.post(
        f"/console/cases/{kit_case}/restrict",
        data={"csrf": token, "restriction": "suspend_account"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    with app.state.rt.sessions() as s:
        bodies = s.scalars(
            select(WebhookDelivery.payload)
            .where(WebhookDelivery.tenant_id == p.tenant_id)
            .order_by(WebhookDelivery.id)
        ).all()
    kit_action = json.loads(bodies[-1])["action"]
    assert (kit_action["account"], kit_action["detector_named_instead"]) == ("kit", None)


def test_browser_a_superseded_alert_leaves_the_queue_and_its_case_says_why(
    page: Page, server: Server
) -> None:
    """Chromium against `guardline serve`: jay's flag is carried into a chat in which kit
    writes the grooming lines; kit's risk rises above jay's and the name moves to kit."""
    sfx, key = served_tenant(server, "moves", PW)
    names = {"jay": f"jay-{sfx}", "kit": f"kit-{sfx}"}
    first, roles = f"chat-{sfx}-1", f"chat-{sfx}-2"
    swapped = renamed(renamed(GROOMING, {"jay": "kit", "kit": "jay"}), names)
    h = {"Authorization": f"Bearer {key}"}
    batches = [
        (first, renamed(GROOMING, names), "a"),
        (roles, swapped[:8], "b"),
        (roles, swapped[8:], "c"),
    ]
    for cid, lines, prefix in batches:
        r = httpx.post(
            server.url + "/v1/messages",
            json={"messages": payloads(cid, lines, prefix=prefix)},
            headers=h,
            timeout=60,
        )
        assert r.status_code == 200, r.text
    items = httpx.get(
        server.url + "/v1/alerts", params={"conversation_id": roles}, headers=h, timeout=30
    ).json()["items"]
    by_author = {a["author"]: a for a in items}
    assert by_author[names["jay"]]["status"] == "superseded"
    assert by_author[names["kit"]]["status"] == "open"

    _log_in(page, server, f"moves-mod-{sfx}")
    # "Needs review" lists kit's alert, not jay's; the Superseded filter lists jay's
    jay_link = f'a[href="/console/alerts/{by_author[names["jay"]]["id"]}"]'
    kit_link = f'a[href="/console/alerts/{by_author[names["kit"]]["id"]}"]'
    expect(page.locator(kit_link)).to_have_count(1)
    expect(page.locator(jay_link)).to_have_count(0)
    page.locator("#f-status").select_option("superseded")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(jay_link)).to_have_count(1)
    expect(page.locator(kit_link)).to_have_count(0)
    shot(page, "31-queue-superseded")
    page.goto(server.url + f"/console/alerts/{by_author[names['jay']]['id']}")
    page.get_by_role("button", name="Claim and open").click()
    page.wait_for_url(re.compile(r"/console/cases/\d+$"))
    moved = page.locator(f'.outranked[data-outranked-by="{names["kit"]}"]')
    expect(moved).to_contain_text("no longer named")
    expect(page.locator(".authors li").filter(has=moved)).to_contain_text(names["jay"])
    banner = page.locator(f'.banner[data-name-moved-to="{names["kit"]}"]')
    expect(banner).to_contain_text(f"The detector no longer names {names['jay']}")
    shot(page, "32-case-name-moved")
    case_url = page.url
    # the report is refused until the moderator ticks that they reviewed the moved name
    page.get_by_role("button", name="CyberTipline XML report").click()
    expect(page.locator("body")).to_contain_text("no longer names the reported account")
    page.goto(case_url)
    page.get_by_label(re.compile("I reviewed this case: report")).check()
    with page.expect_download() as dl:
        page.get_by_role("button", name="CyberTipline XML report").click()
    xml = Path(dl.value.path()).read_bytes()
    validate_xml(xml)
    assert f"({names['kit']})".encode() in xml
    page.goto(case_url)
    expect(page.locator(".history")).to_contain_text(
        f"reviewed that the detector names {names['kit']}"
    )
    # the one refused export is the only thing the browser reports as failed
    errors = page.console_errors  # type: ignore[attr-defined]
    assert len(errors) == 1 and "409" in errors[0]
