"""Chromium: reveal (audited), escalate, confirm, restriction webhook, notes, exports, filters,
keyboard use and labelled controls, role-specific pages."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from console_support import (
    PASSWORD,
    Receiver,
    Server,
    cli,
    login,
    served_tenant,
    shot,
    wait_for,
)
from console_support import receiver as webhook_receiver
from lxml import etree
from playwright.sync_api import Page, expect

from guardline.evidence.bundle import verify_bundle
from guardline.evidence.reports import XSD_PATH, check_uk_referral


def _db(server: Server) -> sqlite3.Connection:
    return sqlite3.connect(server.db_url.removeprefix("sqlite:///"))


def _claim(page: Page, server: Server, query: str = "status=open") -> int:
    page.goto(server.url + "/console/queue?" + query)
    page.locator("table.queue tbody tr").first.get_by_role(
        "button", name=re.compile("Claim")
    ).click()
    page.wait_for_url(re.compile(r"/console/cases/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def receiver(server: Server) -> Iterator[Receiver]:
    """The demo platform's webhook endpoint, registered through the API with an admin key."""
    out = cli(
        "keys", "create", "--tenant", "demo", "--scopes", "admin", "--database-url", server.db_url
    ).stdout
    key = out.strip().rsplit(" ", 1)[1]
    with webhook_receiver("s3cret-for-the-demo-platform") as rec:
        r = httpx.post(
            server.url + "/v1/webhooks",
            headers={"Authorization": f"Bearer {key}"},
            json={
                "url": rec.url,
                "secret": rec.secret,
                "events": ["alert.updated", "action.requested"],
            },
        )
        assert r.status_code == 201, r.text
        yield rec


def test_reveal_is_audited(page: Page, server: Server) -> None:
    login(page, server.url)
    case_id = _claim(page, server)
    masked = page.locator("ol.messages .text").first.inner_text()
    assert set(masked) <= set("• ")
    expect(page.locator("ol.messages")).to_have_class(re.compile("is-blurred"))
    page.get_by_role("button", name="Reveal message text").click()
    expect(page.locator(".revealed")).to_contain_text("recorded")
    expect(page.locator("ol.messages")).to_have_class(re.compile("is-revealed"))
    # the case history on the page shows the reveal at once (no reload), exactly once
    expect(page.locator("ol.history li").filter(has_text="revealed")).to_have_count(1)
    expect(page.locator("ol.history")).to_have_count(1)
    revealed = page.locator("ol.messages .text").first.inner_text()
    assert re.search(r"[a-z]", revealed)
    assert len(revealed) == len(masked)  # same text, unmasked
    shot(page, "10-case-revealed")
    with _db(server) as db:
        rows = db.execute(
            "SELECT actor, action, object_id, created_at FROM audit_log "
            "WHERE action = 'case.revealed'"
        ).fetchall()
    assert ("demo-moderator", "case.revealed", str(case_id)) in [r[:3] for r in rows]
    # a reload shows the text masked again: a reveal lasts for one view only
    page.reload()
    assert set(page.locator("ol.messages .text").first.inner_text()) <= set("• ")
    # never in the service log
    assert revealed.strip() not in server.log.read_text()


def test_a_refused_reveal_says_why(page: Page, server: Server) -> None:
    """A reveal the console refuses (here: the tab's form token is stale because the
    moderator logged out and in again in another tab) shows the error page instead of
    doing nothing, and the text stays masked."""
    login(page, server.url)
    case_id = _claim(page, server)
    other = page.context.new_page()
    other.goto(server.url + "/console/queue")
    other.get_by_role("button", name="Log out").click()
    other.wait_for_url(re.compile(r"/console/login$"))
    login(other, server.url)
    other.close()
    page.get_by_role("button", name="Reveal message text").click()
    expect(page.locator(".error")).to_contain_text("did not come from this console")
    expect(page.locator("h1")).to_have_text("Not allowed")
    assert page.locator("ol.messages").count() == 0
    assert page.url.endswith(f"/console/cases/{case_id}")
    page.reload()  # the page the error asks for works, masked
    assert set(page.locator("ol.messages .text").first.inner_text()) <= set("• ")


def test_escalate_confirm_restrict_note_export(
    page: Page, server: Server, receiver: Receiver, tmp_path: Path
) -> None:
    login(page, server.url)
    case_id = _claim(page, server)
    page.get_by_role("button", name="Escalate to a lead").click()
    expect(page.locator(".case-head .status")).to_have_text("escalated")

    page.get_by_label("Add a note").fill("Checked the account's other reports; none found.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".note")).to_contain_text("none found")

    page.get_by_label("Account restriction to request").select_option("restrict_messaging")
    page.get_by_role("button", name="Request restriction").click()
    expect(page.locator(".flash")).to_contain_text("restriction requested")
    got = wait_for(lambda: receiver.events("action.requested"))
    body = got[0]["body"]  # type: ignore[index]
    assert body["event"] == "action.requested"
    assert body["action"]["case_id"] == case_id
    assert body["action"]["restriction"] == "restrict_messaging"
    assert body["action"]["requested_by"] == "demo-moderator"
    assert "text" not in json.dumps(body)
    assert receiver.rejected == 0

    page.get_by_label("Child's age band").select_option("12_15")
    page.get_by_label("Police force area (optional)").fill("Example Constabulary")
    page.get_by_role("button", name="Confirm grooming").click()
    expect(page.locator(".case-head .status")).to_have_text("confirmed")
    wait_for(
        lambda: [
            r
            for r in receiver.events("alert.updated")
            if r["body"]["alert"]["status"] == "confirmed"
        ]
    )  # type: ignore[index]

    page.get_by_role("button", name="Place preservation hold").click()
    expect(page.locator(".tag.hold")).to_be_visible()
    with _db(server) as db:
        assert (
            db.execute(
                "SELECT c.hold FROM conversations c JOIN cases k ON k.conversation_id=c.id "
                "WHERE k.id=?",
                (case_id,),
            ).fetchone()[0]
            == 1
        )

    # exports: XML report valid against the XSD, referral JSON, bundle with manifest hashes
    with page.expect_download() as dl:
        page.get_by_role("button", name="CyberTipline XML report").click()
    xml = Path(dl.value.path()).read_bytes()
    schema = etree.XMLSchema(etree.parse(str(XSD_PATH)))
    doc = etree.fromstring(xml)
    assert schema.validate(doc), schema.error_log
    assert doc.findtext("incidentSummary/incidentType") == (
        "Online Enticement of Children for Sexual Acts"
    )
    assert doc.find("personOrUserReported/screenName") is not None
    assert doc.findtext("victim/ageRange") == "12_15"
    assert len(doc.findall("chatEvidence/message")) > 3

    with page.expect_download() as dl:
        page.get_by_role("button", name="UK referral (JSON)").click()
    ref = json.loads(Path(dl.value.path()).read_text())
    check_uk_referral(ref)
    assert ref["case"]["status"] == "confirmed"

    with page.expect_download() as dl:
        page.get_by_role("button", name="Evidence bundle (zip)").click()
    blob = Path(dl.value.path()).read_bytes()
    manifest = verify_bundle(blob)
    names = {f["name"] for f in manifest["files"]}
    assert {
        "messages.jsonl",
        "assessment.json",
        "signs.json",
        "notes.json",
        "audit.jsonl",
        "case.json",
    } <= names
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        notes = json.loads(z.read("notes.json"))
        assert notes[0]["text"].endswith("none found.")
        audit = [json.loads(x) for x in z.read("audit.jsonl").splitlines()]
        assert {"case.escalated", "case.confirmed", "case.restriction_requested"} <= {
            a["action"] for a in audit
        }
    # the export itself is audited with the bundle's sha256
    import hashlib

    with _db(server) as db:
        details = [
            json.loads(d)
            for (d,) in db.execute(
                "SELECT detail FROM audit_log WHERE action='case.exported' AND object_id=?",
                (str(case_id),),
            )
        ]
    assert hashlib.sha256(blob).hexdigest() in {d["sha256"] for d in details}
    page.reload()
    shot(page, "11-case-confirmed")
    expect(page.locator("ol.history")).to_contain_text("exported")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_queue_filters_and_claim_assignment(page: Page, server: Server) -> None:
    login(page, server.url)
    page.goto(server.url + "/console/queue")
    page.get_by_label("Platform").select_option("game-chat")
    # htmx swaps the table in place and pushes the filter into the URL
    expect(page).to_have_url(re.compile(r"platform=game-chat"))
    cells = page.locator("table.queue tbody tr td:nth-child(3)")
    expect(cells.first).to_have_text("game-chat")
    assert set(cells.all_inner_texts()) == {"game-chat"}
    page.get_by_label("Age band of the other participant").select_option("teen")
    expect(page.locator("#queue-body")).to_contain_text("No alerts match")
    page.goto(server.url + "/console/queue?age_band=teen")
    assert set(page.locator("table.queue tbody tr td:nth-child(6)").all_inner_texts()) == {"teen"}
    shot(page, "12-queue-filtered")
    # "Only mine" lists what this moderator claimed
    _claim(page, server)
    page.goto(server.url + "/console/queue?mine=1&status=")
    owners = page.locator("table.queue tbody tr td:nth-child(9) .muted").all_inner_texts()
    assert owners and set(owners) == {"demo-moderator"}


def test_claimed_by_someone_else(page: Page, server: Server, browser: object) -> None:
    login(page, server.url)
    case_id = _claim(page, server)
    ctx = browser.new_context()  # type: ignore[attr-defined]
    other = ctx.new_page()
    login(other, server.url, "mod-two")
    other.goto(f"{server.url}/console/cases/{case_id}")
    expect(other.get_by_text("assigned to demo-moderator").first).to_be_visible()
    assert other.get_by_role("button", name="Dismiss").count() == 0
    # a moderator cannot take another's case: no Claim button that can only fail, here or
    # in the queue (the row opens the case instead), and the console refuses the POST
    expect(other.locator(".col-side")).to_contain_text("only they or a lead can act on it")
    assert other.get_by_role("button", name="Claim").count() == 0
    with _db(server) as db:
        (alert_id,) = db.execute("SELECT alert_id FROM cases WHERE id = ?", (case_id,)).fetchone()
    other.goto(server.url + "/console/queue?status=claimed")
    row = other.locator(f"#alert-{alert_id}")
    expect(row.get_by_role("link", name=re.compile("^Open alert"))).to_be_visible()
    assert row.get_by_role("button", name=re.compile("Claim")).count() == 0
    token = other.locator('input[name="csrf"]').first.input_value()
    r = other.request.post(
        f"{server.url}/console/alerts/{alert_id}/claim", form={"csrf": token}, max_redirects=0
    )
    assert r.status == 409 and "Already claimed by demo-moderator" in r.text()
    ctx.close()


def test_keyboard_only_login_and_labelled_controls(page: Page, server: Server) -> None:
    page.goto(server.url + "/console/login")
    # the username field has focus; Tab moves to the password, Enter submits
    expect(page.get_by_label("Username")).to_be_focused()  # autofocus applied before typing
    page.keyboard.type("demo-moderator")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/console/queue"))
    # Tab reaches the skip link, the navigation and the filters
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    reached = []
    for _ in range(8):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("document.activeElement.id || document.activeElement.textContent")
        )
    assert "f-status" in reached
    case_id = _claim(page, server)
    # keyboard: focus the note field, type, Tab to its button, Enter submits
    page.get_by_label("Add a note").focus()
    page.keyboard.type("Keyboard note.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Add note")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".note")).to_contain_text("Keyboard note.")
    for path in ("/console/queue", f"/console/cases/{case_id}"):
        page.goto(server.url + path)
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                 .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
                 .map(e => e.name)"""
        )
        assert unlabelled == [], (path, unlabelled)
        unnamed = page.evaluate(
            """() => [...document.querySelectorAll('button, a')]
                 .filter(e => !(e.innerText.trim() || e.getAttribute('aria-label')))
                 .map(e => e.outerHTML)"""
        )
        assert unnamed == [], (path, unnamed)
    for label in (
        "Dismiss reason",
        "Child's age band",
        "Account restriction to request",
        "Add a note",
        "Police force area (optional)",
    ):
        expect(page.get_by_label(label)).to_be_visible()


def test_analyst_sees_stats_only(page: Page, server: Server) -> None:
    login(page, server.url, "analyst-ann")
    expect(page).to_have_url(re.compile(r"/console/stats$"))
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("figure img").first).to_be_visible()
    shot(page, "13-stats-analyst")
    with _db(server) as db:
        case_id = db.execute("SELECT id FROM cases ORDER BY id LIMIT 1").fetchone()[0]
    for path in ("/console/queue", f"/console/cases/{case_id}", "/console/users"):
        resp = page.goto(server.url + path)
        assert resp is not None and resp.status == 403
        assert page.locator("ol.messages").count() == 0
    assert page.get_by_role("link", name="Queue").count() == 0


def test_admin_manages_users_moderator_cannot(page: Page, server: Server) -> None:
    login(page, server.url, "admin-ada")
    page.goto(server.url + "/console/users")
    page.get_by_label("Username").fill("new-mod")
    page.get_by_label("Password (at least 12 characters)").fill("another-long-password")
    page.get_by_label("Role").select_option("moderator")
    page.get_by_role("button", name="Add user").click()
    expect(page.locator(".flash")).to_contain_text("added")
    expect(page.locator("table")).to_contain_text("new-mod")
    shot(page, "14-users-admin")
    page.context.clear_cookies()
    login(page, server.url, "demo-moderator")
    resp = page.goto(server.url + "/console/users")
    assert resp is not None and resp.status == 403
    assert page.get_by_role("link", name="Users").count() == 0


def test_long_names_do_not_break_the_queue_or_the_case(page: Page, server: Server) -> None:
    """Account, conversation and platform ids may be 200 characters without a space: the
    queue stays within the window (the Claim button in view) and on the case page no name
    runs past its column."""
    sfx, key = served_tenant(server, "long")
    adult = ("averyverylongaccountname_" * 7)[:190] + sfx
    child = "kid_" + "x" * 180 + sfx
    conv = "conv-" + "z" * 180 + sfx
    lines = [
        (adult, "you're so much more grown up than kids your age"),
        (child, "thanks"),
        (adult, "how old are you? are your parents around right now?"),
        (child, "12, mum is at work"),
        (adult, "don't tell your mum we talk, it's just between us"),
        (adult, "add me on another app, i'll send my username"),
        (adult, "keep it our secret ok? nobody has to know"),
    ]
    msgs = [
        {
            "message_id": f"{sfx}-{i}",
            "conversation_id": conv,
            "author": who,
            "text": text,
            "platform": "platform-" + "p" * 90,
        }
        for i, (who, text) in enumerate(lines)
    ]
    r = httpx.post(
        server.url + "/v1/messages",
        json={"messages": msgs},
        headers={"Authorization": f"Bearer {key}"},
        timeout=60,
    )
    assert r.status_code == 200 and r.json()["alerts_created"] == 1, r.text
    login(page, server.url, f"long-mod-{sfx}")
    page.goto(server.url + "/console/queue")
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    claim = page.locator("table.queue tbody tr").first.get_by_role("button", name="Claim")
    box = claim.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width
    shot(page, "40-queue-long-names")
    claim.click()
    page.wait_for_url(re.compile(r"/console/cases/\d+$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for sel in (".case-head", "#conversation", ".col-side .card"):
        for card in page.locator(sel).all():
            assert card.evaluate("e => e.scrollWidth <= e.clientWidth"), sel
    shot(page, "41-case-long-names")


def test_lead_assigns_an_unclaimed_alert(page: Page, server: Server) -> None:
    """A lead hands an alert nobody has taken to a moderator from the alert page, without
    claiming it first."""
    login(page, server.url, "lead-lee")
    page.goto(server.url + "/console/queue?status=open")
    page.locator("table.queue tbody tr").first.locator("td").nth(1).get_by_role("link").click()
    page.wait_for_url(re.compile(r"/console/alerts/\d+$"))
    page.get_by_label("Assign to").select_option(label="mod-two")
    page.get_by_role("button", name="Assign").click()
    page.wait_for_url(re.compile(r"/console/cases/\d+$"))
    expect(page.locator(".case-head")).to_contain_text("assigned to mod-two")
    history = page.locator("ol.history")
    expect(history).to_contain_text("assigned by lead-lee to mod-two")
    expect(history).not_to_contain_text("claimed")


def test_an_expired_session_says_so_and_returns_to_the_case(page: Page, server: Server) -> None:
    """A note sent after the idle timeout lands on the login page saying the session expired;
    logging in returns the moderator to the case page, not the queue, with the unsent note
    back in its box; once added, it is not brought back again."""
    login(page, server.url)
    case_id = _claim(page, server)
    page.get_by_label("Add a note").fill("asked how old they are")
    with _db(server) as db:  # 2 hours idle: past GUARDLINE_CONSOLE_IDLE_MINUTES
        db.execute(
            "UPDATE console_sessions SET last_seen_at = datetime('now', '-2 hours') "
            "WHERE user_id = (SELECT id FROM users WHERE username = 'demo-moderator')"
        )
    page.get_by_role("button", name="Add note").click()
    page.wait_for_url(re.compile(r"/console/login\?"))
    expect(page.locator("#session-expired")).to_contain_text("Your session expired")
    page.get_by_label("Username").fill("demo-moderator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(rf"/console/cases/{case_id}$"))
    expect(page.get_by_role("button", name="Add note")).to_be_visible()
    box = page.get_by_label("Add a note")
    expect(box).to_have_value("asked how old they are")
    expect(page.locator("#note-text-restored")).to_be_visible()
    shot(page, "43-note-restored-after-login")
    page.get_by_role("button", name="Add note").click()
    page.wait_for_url(re.compile(rf"/console/cases/{case_id}\?done=noted$"))
    expect(page.locator(".note").last).to_contain_text("asked how old they are")
    page.goto(server.url + f"/console/cases/{case_id}")
    expect(page.get_by_label("Add a note")).to_have_value("")
    expect(page.locator("#note-text-restored")).to_be_hidden()


def test_a_refused_dismiss_keeps_the_form_and_says_why(page: Page, server: Server) -> None:
    """Dismiss with "Other" and no detail: the case page again with the error next to the
    form and "Other" still chosen; adding the detail then dismisses."""
    login(page, server.url)
    case_id = _claim(page, server)
    page.get_by_label("Dismiss reason").select_option("other")
    page.get_by_role("button", name="Dismiss").click()
    page.wait_for_load_state()
    expect(page.locator("#dismiss-error")).to_contain_text("Explain the reason")
    expect(page.get_by_label("Dismiss reason")).to_have_value("other")
    expect(page.get_by_role("heading", name=re.compile(f"Case {case_id}"))).to_be_visible()
    page.get_by_label(re.compile("^Detail")).fill("asked to add on another app: a relative")
    page.get_by_role("button", name="Dismiss").click()
    page.wait_for_url(re.compile(rf"/console/cases/{case_id}\?done=dismissed$"))
    expect(page.locator(".flash")).to_contain_text("dismissed")


def test_reveal_without_javascript_is_post_redirect_get(browser: object, server: Server) -> None:
    """With JavaScript off the reveal is a plain form POST: it redirects to the case page,
    which shows the text; reloading that page masks it again and records no second reveal."""
    ctx = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = ctx.new_page()
    try:
        login(page, server.url)
        case_id = _claim(page, server)

        def reveals() -> int:
            with _db(server) as db:
                return int(
                    db.execute(
                        "SELECT count(*) FROM case_events WHERE case_id = ? AND kind = 'revealed'",
                        (case_id,),
                    ).fetchone()[0]
                )

        page.get_by_role("button", name="Reveal message text").click()
        page.wait_for_load_state()
        assert re.search(rf"/console/cases/{case_id}(#conversation)?$", page.url)
        expect(page.locator(".revealed")).to_contain_text("recorded")
        assert re.search(r"[a-z]", page.locator("ol.messages .text").first.inner_text())
        assert reveals() == 1
        page.reload()
        expect(page.get_by_role("button", name="Reveal message text")).to_be_visible()
        assert set(page.locator("ol.messages .text").first.inner_text()) <= set("• ")
        assert reveals() == 1
    finally:
        ctx.close()


def test_a_narrow_screen_scrolls_the_queue_table_not_the_page(
    browser: object, server: Server
) -> None:
    """At 400 px wide neither the queue nor the case page is wider than the screen: the
    queue's table scrolls inside its own box, the case page's columns shrink to fit."""
    ctx = browser.new_context(viewport={"width": 400, "height": 800})  # type: ignore[attr-defined]
    page = ctx.new_page()
    try:
        login(page, server.url)
        for path in ("/console/queue?status=", "/console/watch?min_risk=0"):
            page.goto(server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 400, path
            box = page.locator(".table-scroll").first
            assert box.evaluate("e => e.scrollWidth > e.clientWidth"), path  # it scrolls
        page.goto(server.url + "/console/queue?status=open")
        shot(page, "50-queue-400px")
        page.locator("table.queue tbody tr").first.get_by_role(
            "button", name=re.compile("Claim")
        ).click()
        page.wait_for_url(re.compile(r"/console/cases/\d+$"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
        shot(page, "51-case-400px")
    finally:
        ctx.close()


def test_log_out_from_a_stale_tab_ends_the_session(page: Page, server: Server) -> None:
    """Log out and back in in tab B, then Log out in tab A (its form holds the old session's
    token): tab A lands on the login page and the session tab B started has ended too."""
    login(page, server.url)
    page.goto(server.url + "/console/queue")
    other = page.context.new_page()
    other.goto(server.url + "/console/queue")
    other.get_by_role("button", name="Log out").click()
    other.wait_for_url(re.compile(r"/console/login$"))
    login(other, server.url)
    expect(other).to_have_url(re.compile(r"/console/queue$"))
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/console/login$"))
    expect(page.locator(".error")).to_have_count(0)
    other.goto(server.url + "/console/queue")
    expect(other).to_have_url(re.compile(r"/console/login"))
    other.close()
