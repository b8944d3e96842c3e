"""Console security without a browser, on SQLite and PostgreSQL: cookies, CSRF, login rate
limiting, logout, session fixation, CSP, roles, tenant scoping, actions' validation."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from console_support import client_login, csrf_of
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from guardline.console.models import ConsoleSession
from guardline.console.routes import Console
from guardline.console.security import SESSION_COOKIE, create_user
from guardline.console.settings import ConsoleSettings
from guardline.service.app import create_app
from guardline.service.auth import create_tenant
from guardline.service.ingest import ingest
from guardline.service.schemas import MessageIn
from guardline.service.settings import Settings
from guardline.store.models import AlertRow, AuditLog, Case, ConversationRow, User

PW = "correct-horse-battery"
TEXTS = [
    ("kit_r", "you're so much more grown up than kids your age"),
    ("ana", "thanks"),
    ("kit_r", "how old are you? are your parents around right now?"),
    ("ana", "12, mum is at work"),
    ("kit_r", "don't tell your mum we talk, it's just between us"),
    ("kit_r", "add me on another app, i'll send my username"),
    ("kit_r", "keep it our secret ok? nobody has to know"),
]


@dataclass
class Env:
    app: FastAPI
    tenant_a: int
    tenant_b: int
    alert_a: int

    def console(self, **kw: Any) -> None:
        """Fresh console state (limiter) with these settings."""
        self.app.state.console = Console(self.app.state.rt, ConsoleSettings(_env_file=None, **kw))
        self.app.state.console.limiter.clear()  # failures are counted in the shared database


_SFX = {"v": ""}


def u(name: str) -> str:
    """This test's copy of a user (each test gets its own users, tenants and alert)."""
    return name + _SFX["v"]


@pytest.fixture(scope="module")
def app(module_store_url: str) -> Iterator[FastAPI]:
    application = create_app(
        Settings(database_url=module_store_url, workers_enabled=False, _env_file=None),
        configure_logs=False,
    )
    yield application
    application.state.rt.close()


@pytest.fixture
def env(app: FastAPI) -> Env:
    import uuid

    _SFX["v"] = "-" + uuid.uuid4().hex[:8]
    rt = app.state.rt
    with rt.sessions() as s, s.begin():
        a = create_tenant(s, u("platform-a")).id
        b = create_tenant(s, u("platform-b")).id
        create_user(s, u("mod-a"), PW, "moderator", a)
        create_user(s, u("mod-b"), PW, "moderator", b)
        create_user(s, u("analyst"), PW, "analyst", None)
        create_user(s, u("admin"), PW, "admin", None)
    items = [
        MessageIn(
            message_id=f"k{i}", conversation_id="c-1", author=au, text=t, platform="game-chat"
        )
        for i, (au, t) in enumerate(TEXTS)
    ]
    ingest(rt, a, items)
    with rt.sessions() as s:
        alert = s.scalar(select(AlertRow).where(AlertRow.tenant_id == a))
    assert alert is not None, "the seeded conversation must raise an alert"
    e = Env(app, a, b, alert.id)
    e.console()
    return e


def login(c: TestClient, user: str, pw: str = PW) -> Any:
    return client_login(c, u(user), pw)


def session_cookie(resp: Any) -> str:
    for h in resp.headers.get_list("set-cookie"):
        if h.startswith(SESSION_COOKIE + "="):
            return h
    raise AssertionError("no session cookie set")


def test_cookie_flags_http_and_https(env: Env) -> None:
    c = TestClient(env.app)
    r = login(c, "mod-a")
    assert r.status_code == 303 and r.headers["location"] == "/console/queue"
    h = session_cookie(r).lower()
    assert "httponly" in h and "samesite=strict" in h and "path=/console" in h
    assert "secure" not in h  # plain http, setting auto
    https = TestClient(env.app, base_url="https://testserver")
    h = session_cookie(login(https, "mod-a")).lower()
    assert "secure" in h and "httponly" in h and "samesite=strict" in h
    r = https.get("/console/queue")
    assert "strict-transport-security" in r.headers
    env.console(secure_cookies="always")  # e.g. TLS ends at a proxy that sends no header
    r = TestClient(env.app).get("/console/login")
    assert "secure" in r.headers["set-cookie"].lower()


def test_csp_and_security_headers(env: Env) -> None:
    c = TestClient(env.app)
    login(c, "mod-a")
    for path in ("/console/login", "/console/queue", f"/console/alerts/{env.alert_a}"):
        r = c.get(path)
        assert r.status_code == 200
        csp = r.headers["content-security-policy"]
        script = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
        assert script.strip() == "script-src 'self'"
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["cache-control"] == "no-store"
        # no inline script, no event-handler attributes, no style attributes
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", r.text)
        assert not re.search(r"\son[a-z]+\s*=", r.text)
        assert not re.search(r"\sstyle\s*=", r.text)


def test_csrf_is_required(env: Env) -> None:
    c = TestClient(env.app)
    login(c, "mod-a")
    for data in ({}, {"csrf": "forged"}):
        r = c.post(f"/console/alerts/{env.alert_a}/claim", data=data, follow_redirects=False)
        assert r.status_code == 403
        assert "did not come from this console" in r.text
    with env.app.state.rt.sessions() as s:
        assert s.scalar(select(Case).where(Case.tenant_id == env.tenant_a)) is None
        assert s.get(AlertRow, env.alert_a).status == "open"
    # the right token in the htmx header works
    token = csrf_of(c.get("/console/queue").text)
    r = c.post(
        f"/console/alerts/{env.alert_a}/claim",
        headers={"X-CSRF-Token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    # the login form needs its double-submit token too
    fresh = TestClient(env.app)
    r = fresh.post("/console/login", data={"username": u("mod-a"), "password": PW, "csrf": "x"})
    assert r.status_code == 403


def test_login_rate_limit(env: Env) -> None:
    env.console(login_max_failures=3, login_window_s=60)
    c = TestClient(env.app)
    for _ in range(3):
        assert login(c, "mod-a", "wrong-password-here").status_code == 401
    r = login(c, "mod-a")  # right password, but locked out
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) > 0
    assert SESSION_COOKIE + "=" not in " ".join(r.headers.get_list("set-cookie"))
    # the address is limited too: another username from the same client is refused
    assert login(c, "admin").status_code == 429
    env.console(login_max_failures=3, login_window_s=60)  # a new window
    assert login(c, "mod-a").status_code == 303


def test_logout_invalidates_the_session(env: Env) -> None:
    c = TestClient(env.app)
    login(c, "mod-a")
    token = c.cookies.get(SESSION_COOKIE)
    assert token and c.get("/console/queue").status_code == 200
    r = c.post(
        "/console/logout",
        data={"csrf": csrf_of(c.get("/console/queue").text)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    replay = TestClient(env.app, cookies={SESSION_COOKIE: token})
    r = replay.get("/console/queue", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/console/login?expired=1")
    with env.app.state.rt.sessions() as s:
        assert (
            s.scalars(
                select(ConsoleSession)
                .join(User, User.id == ConsoleSession.user_id)
                .where(User.username == u("mod-a"))
            ).all()
            == []
        )


def test_logout_from_a_stale_tab_ends_the_current_session(env: Env) -> None:
    """Tab A's page holds the CSRF token of a session that ended (log out and back in in tab
    B): its Log out must still end the session the cookie now carries, not answer 403 and
    leave it live."""
    c = TestClient(env.app)
    login(c, "mod-a")
    stale = csrf_of(c.get("/console/queue").text)  # tab A
    login(c, "mod-a")  # tab B (same cookie jar): a new session and token
    token = c.cookies.get(SESSION_COOKIE)
    assert token and csrf_of(c.get("/console/queue").text) != stale
    r = c.post("/console/logout", data={"csrf": stale}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/login"
    assert 'gl_session=""' in " ".join(r.headers.get_list("set-cookie"))
    replay = TestClient(env.app, cookies={SESSION_COOKIE: token})
    r = replay.get("/console/queue", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/console/login")
    with env.app.state.rt.sessions() as s:
        uid = s.scalar(select(User.id).where(User.username == u("mod-a")))
        assert s.scalars(select(ConsoleSession).where(ConsoleSession.user_id == uid)).all() == []
        last = s.scalars(select(AuditLog).order_by(AuditLog.seq.desc())).first()
        assert last.action == "user.logout"
    # a logout without any session left (tab A again) just lands on the login page
    r = c.post("/console/logout", data={"csrf": stale}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/console/login")


def test_session_id_rotates_at_login(env: Env) -> None:
    c = TestClient(env.app)
    login(c, "mod-a")
    first = c.cookies.get(SESSION_COOKIE)
    # an attacker-chosen id is never adopted
    planted = TestClient(env.app, cookies={SESSION_COOKIE: "attacker-chosen-value"})
    issued = session_cookie(login(planted, "mod-a")).split(";")[0].split("=", 1)[1]
    assert issued and issued != "attacker-chosen-value"
    attacker = TestClient(env.app, cookies={SESSION_COOKIE: "attacker-chosen-value"})
    assert attacker.get("/console/queue", follow_redirects=False).status_code == 303
    # logging in again replaces the old session, which stops working
    login(c, "mod-a")
    second = c.cookies.get(SESSION_COOKIE)
    assert second and second != first
    old = TestClient(env.app, cookies={SESSION_COOKIE: first})
    assert old.get("/console/queue", follow_redirects=False).status_code == 303
    assert (
        TestClient(env.app, cookies={SESSION_COOKIE: second}).get("/console/queue").status_code
        == 200
    )


def test_roles(env: Env) -> None:
    mod = TestClient(env.app)
    login(mod, "mod-a")
    assert mod.get("/console/users").status_code == 403
    token = csrf_of(mod.get("/console/queue").text)
    r = mod.post(
        "/console/users", data={"csrf": token, "username": "x", "password": PW * 2, "role": "admin"}
    )
    assert r.status_code == 403
    mod.post(f"/console/alerts/{env.alert_a}/claim", data={"csrf": token})
    with env.app.state.rt.sessions() as s:
        case_id = s.scalar(select(Case.id).where(Case.tenant_id == env.tenant_a))
    analyst = TestClient(env.app)
    r = login(analyst, "analyst")
    assert r.headers["location"] == "/console/stats"
    atoken = csrf_of(analyst.get("/console/stats").text)
    for method, path in [
        ("get", "/console/queue"),
        ("get", "/console/watch"),
        ("get", f"/console/cases/{case_id}"),
        ("get", f"/console/alerts/{env.alert_a}"),
        ("post", f"/console/cases/{case_id}/reveal"),
        ("post", f"/console/cases/{case_id}/export/bundle"),
        ("post", f"/console/cases/{case_id}/export/report"),
        ("get", "/console/users"),
    ]:
        r = getattr(analyst, method)(
            path, **({"data": {"csrf": atoken}} if method == "post" else {})
        )
        assert r.status_code == 403, path
        for _, text in TEXTS:
            assert text not in r.text
    stats = analyst.get("/console/stats")
    assert stats.status_code == 200 and "confirmed cases" in stats.text
    for _, text in TEXTS:
        assert text not in stats.text
    admin = TestClient(env.app)
    login(admin, "admin")
    assert admin.get("/console/users").status_code == 200


def test_tenant_scoping(env: Env) -> None:
    other = TestClient(env.app)
    login(other, "mod-b")
    assert "kit_r" not in other.get("/console/queue").text
    assert other.get(f"/console/alerts/{env.alert_a}").status_code == 404
    token = csrf_of(other.get("/console/queue").text)
    r = other.post(f"/console/alerts/{env.alert_a}/claim", data={"csrf": token})
    assert r.status_code == 404
    # the watch list (conversations without an alert) is per tenant too
    quiet = [
        MessageIn(message_id="q0", conversation_id="c-quiet", author="pat", text="hi, how are you?")
    ]
    ingest(env.app.state.rt, env.tenant_a, quiet)
    own = TestClient(env.app)
    login(own, "mod-a")
    assert "c-quiet" in own.get("/console/watch?min_risk=0").text
    assert "c-quiet" not in other.get("/console/watch?min_risk=0").text
    # a bar that is not a finite number falls back to 80%; one outside [0, 1] is clamped
    for bad, shown in (("nan", "80%"), ("abc", "80%"), ("inf", "80%"), ("-3", "0%"), ("7", "100%")):
        page = own.get(f"/console/watch?min_risk={bad}")
        assert page.status_code == 200 and f"at {shown} or more" in page.text, bad


def test_case_actions_validate_and_audit(env: Env, caplog: pytest.LogCaptureFixture) -> None:
    c = TestClient(env.app)
    token, case_url, case_id = _claim(c, "mod-a", env.alert_a)
    page = c.get(case_url).text
    for _, text in TEXTS:  # masked before reveal
        assert text not in page
    r = c.post(f"/console/cases/{case_id}/dismiss", data={"csrf": token, "reason": ""})
    assert r.status_code == 422 and "reason" in r.text
    r = c.post(f"/console/cases/{case_id}/dismiss", data={"csrf": token, "reason": "other"})
    assert r.status_code == 422 and "detail" in r.text
    r = c.post(
        f"/console/cases/{case_id}/confirm", data={"csrf": token, "victim_age_band": "adult"}
    )
    assert r.status_code == 422
    with caplog.at_level(logging.DEBUG, logger="guardline"):
        r = c.post(f"/console/cases/{case_id}/reveal", data={"csrf": token})
    import html

    shown = html.unescape(re.sub(r"<[^>]+>", "", r.text))
    assert r.status_code == 200 and all(t in shown for _, t in TEXTS)
    for rec in caplog.records:
        for _, text in TEXTS:
            assert text not in rec.getMessage() and text not in str(rec.__dict__)
    r = c.post(
        f"/console/cases/{case_id}/dismiss",
        data={"csrf": token, "reason": "peer_conversation"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    r = c.post(f"/console/cases/{case_id}/escalate", data={"csrf": token})
    assert r.status_code == 409  # already dismissed
    with env.app.state.rt.sessions() as s:
        case = s.get(Case, case_id)
        assert case.status == "dismissed" and case.dismiss_reason == "peer_conversation"
        assert s.get(AlertRow, env.alert_a).status == "dismissed"
        actions = [a.action for a in s.scalars(select(AuditLog).order_by(AuditLog.seq))]
        from guardline.evidence.audit import verify_chain

        assert verify_chain(s).ok
    # the dismissal also cleared the pair's relationship memory (a two-person conversation)
    assert actions[-5:] == [
        "case.opened",
        "case.claimed",
        "case.revealed",
        "case.dismissed",
        "case.relationship_cleared",
    ]
    assert "user.login" in actions


def test_htmx_asset_and_missing_banner(env: Env) -> None:
    c = TestClient(env.app)
    login(c, "mod-a")
    console = env.app.state.console
    if console.htmx:
        r = c.get("/console/static/vendor/htmx.min.js")
        assert r.status_code == 200 and "htmx" in r.text[:2000]
        assert '<script src="/console/static/vendor/htmx.min.js"' in c.get("/console/queue").text
    console.htmx = False
    page = c.get("/console/queue").text
    assert "htmx is not installed" in page and "scripts/vendor-assets" in page
    assert "htmx.min.js" not in page
    assert c.get("/console/static/../routes.py").status_code == 404


def test_idle_session_expires(env: Env) -> None:
    from datetime import timedelta

    from guardline.store.models import utcnow

    c = TestClient(env.app)
    login(c, "mod-a")
    assert c.get("/console/queue").status_code == 200
    with env.app.state.rt.sessions() as s, s.begin():
        for row in s.scalars(select(ConsoleSession)):
            row.last_seen_at = utcnow() - timedelta(hours=2)
    r = c.get("/console/queue", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/console/login?expired=1&next=%2Fconsole%2Fqueue"
    # htmx requests are told to go to the login page
    r = c.get("/console/queue", headers={"HX-Request": "true"}, follow_redirects=False)
    assert r.status_code == 401 and r.headers["hx-redirect"].startswith("/console/login?")


def _expire_sessions(env: Env) -> None:
    from datetime import timedelta

    from guardline.store.models import utcnow

    with env.app.state.rt.sessions() as s, s.begin():
        for row in s.scalars(select(ConsoleSession)):
            row.last_seen_at = utcnow() - timedelta(hours=2)


def test_an_expired_session_says_so_and_returns_to_the_page(env: Env) -> None:
    """A note sent after the idle timeout: the login page says the session expired (and that
    the note was not saved), and logging in returns to the case page, not the queue."""
    from urllib.parse import parse_qs, urlsplit

    c = TestClient(env.app)
    login(c, "mod-a")
    token = csrf_of(c.get("/console/queue").text)
    r = c.post(f"/console/alerts/{env.alert_a}/claim", data={"csrf": token}, follow_redirects=False)
    case_url = r.headers["location"]
    _expire_sessions(env)
    note = "asked how old they are"
    r = c.post(case_url + "/notes", data={"csrf": token, "text": note}, follow_redirects=False)
    assert r.status_code == 303
    where = urlsplit(r.headers["location"])
    assert where.path == "/console/login" and note.split()[0] not in r.headers["location"]
    assert parse_qs(where.query) == {"expired": ["1"], "next": [case_url]}
    page = c.get(r.headers["location"]).text
    assert 'id="session-expired"' in page and "Your session expired" in page
    assert f'name="next" value="{case_url}"' in page
    r = c.post(
        "/console/login",
        data={"username": u("mod-a"), "password": PW, "csrf": csrf_of(page), "next": case_url},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == case_url
    assert c.get(case_url).status_code == 200
    # htmx: the page the browser shows (HX-Current-URL), its query kept
    _expire_sessions(env)
    r = c.post(
        case_url + "/dismiss",
        data={"csrf": token, "reason": "other"},
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{case_url}?done=x"},
        follow_redirects=False,
    )
    assert r.status_code == 401
    back = parse_qs(urlsplit(r.headers["hx-redirect"]).query)
    assert back == {"expired": ["1"], "next": [case_url + "?done=x"]}
    # never logged in: no "expired", but still back to the page asked for
    fresh = TestClient(env.app)
    r = fresh.get("/console/queue?status=open", follow_redirects=False)
    assert r.headers["location"] == "/console/login?next=%2Fconsole%2Fqueue%3Fstatus%3Dopen"
    assert 'id="session-expired"' not in fresh.get(r.headers["location"]).text


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/console/queue",
        "//evil.example/console/queue",
        "/\\evil.example",
        "/console/../../evil",
        "/console/login",
        "/elsewhere",
        "javascript:alert(1)",
        "/console/queue\r\nX-Injected: 1",
        "console/queue",
    ],
)
def test_login_returns_only_to_a_console_page(env: Env, target: str) -> None:
    c = TestClient(env.app)
    page = c.get("/console/login", params={"next": target, "expired": "1"}).text
    assert 'name="next"' not in page
    r = c.post(
        "/console/login",
        data={"username": u("mod-a"), "password": PW, "csrf": csrf_of(page), "next": target},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/console/queue"


def test_the_queues_own_refresh_does_not_keep_an_idle_session_alive(env: Env) -> None:
    """The queue table refreshes itself every minute (htmx, HX-Trigger: queue-body): that is
    not the moderator's activity, so an open queue left unattended still times out."""
    from datetime import timedelta

    from guardline.store.models import utcnow

    c = TestClient(env.app)
    login(c, "mod-a")
    assert c.get("/console/queue").status_code == 200
    with env.app.state.rt.sessions() as s:
        uid = s.scalar(select(User.id).where(User.username == u("mod-a")))
    mine = select(ConsoleSession).where(ConsoleSession.user_id == uid)
    before = utcnow() - timedelta(minutes=20)  # idle for 20 of the 30 minutes
    with env.app.state.rt.sessions() as s, s.begin():
        for row in s.scalars(mine):
            row.last_seen_at = before
    poll = {"HX-Request": "true", "HX-Target": "queue-body", "HX-Trigger": "queue-body"}
    r = c.get("/console/queue?status=active", headers=poll, follow_redirects=False)
    assert r.status_code == 200 and 'id="queue-body"' in r.text
    with env.app.state.rt.sessions() as s:
        seen = [row.last_seen_at for row in s.scalars(mine)]
    assert seen and all(
        abs((v.replace(tzinfo=None) - before.replace(tzinfo=None)).total_seconds()) < 1
        for v in seen
    )
    # after 31 idle minutes the refresh is sent to the login page
    with env.app.state.rt.sessions() as s, s.begin():
        for row in s.scalars(mine):
            row.last_seen_at = utcnow() - timedelta(minutes=31)
    r = c.get("/console/queue?status=active", headers=poll, follow_redirects=False)
    assert r.status_code == 401 and r.headers["hx-redirect"].startswith("/console/login?")
    # what the moderator does still counts: a page load moves the idle clock
    login(c, "mod-a")
    with env.app.state.rt.sessions() as s, s.begin():
        for row in s.scalars(mine):
            row.last_seen_at = before
    assert c.get("/console/queue").status_code == 200
    with env.app.state.rt.sessions() as s:
        seen = [row.last_seen_at for row in s.scalars(mine)]
    assert all(
        (v.replace(tzinfo=None) - before.replace(tzinfo=None)).total_seconds() > 60 for v in seen
    )


def test_lead_assigns_and_releases_holds(env: Env) -> None:
    rt = env.app.state.rt
    with rt.sessions() as s, s.begin():
        create_user(s, u("lead-a"), PW, "lead", env.tenant_a)
        mod_id = s.scalar(select(User.id).where(User.username == u("mod-a")))
        mod_b = s.scalar(select(User.id).where(User.username == u("mod-b")))
    lead = TestClient(env.app)
    login(lead, "lead-a")
    token = csrf_of(lead.get("/console/queue").text)
    r = lead.post(
        f"/console/alerts/{env.alert_a}/assign", data={"csrf": token, "user_id": str(mod_b)}
    )
    assert r.status_code == 422  # another tenant's moderator
    r = lead.post(
        f"/console/alerts/{env.alert_a}/assign",
        data={"csrf": token, "user_id": str(mod_id)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    case_id = int(r.headers["location"].rsplit("/", 1)[1])
    mod = TestClient(env.app)
    login(mod, "mod-a")
    mtoken = csrf_of(mod.get("/console/queue").text)
    assert "assigned to " + u("mod-a") in mod.get(f"/console/cases/{case_id}").text
    r = mod.post(
        f"/console/cases/{case_id}/hold",
        data={"csrf": mtoken, "hold": "on"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    r = mod.post(f"/console/cases/{case_id}/hold", data={"csrf": mtoken, "hold": "off"})
    assert r.status_code == 403  # only a lead releases a hold
    with rt.sessions() as s:
        case = s.get(Case, case_id)
        assert case.hold and s.get(ConversationRow, case.conversation_id).hold
    r = lead.post(
        f"/console/cases/{case_id}/hold",
        data={"csrf": token, "hold": "off"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    with rt.sessions() as s:
        case = s.get(Case, case_id)
        assert not case.hold and not s.get(ConversationRow, case.conversation_id).hold


def test_preservation_hold_survives_retention(env: Env) -> None:
    from datetime import timedelta

    from sqlalchemy import func, update

    from guardline.service.retention import purge
    from guardline.store.models import MessageRow, utcnow

    rt = env.app.state.rt
    c = TestClient(env.app)
    login(c, "mod-a")
    token = csrf_of(c.get("/console/queue").text)
    r = c.post(f"/console/alerts/{env.alert_a}/claim", data={"csrf": token}, follow_redirects=False)
    case_id = int(r.headers["location"].rsplit("/", 1)[1])
    c.post(f"/console/cases/{case_id}/hold", data={"csrf": token, "hold": "on"})
    with rt.sessions() as s, s.begin():
        conv_id = s.get(Case, case_id).conversation_id
        # the preservation period is over
        s.execute(
            update(ConversationRow)
            .where(ConversationRow.id == conv_id)
            .values(preserve_until=utcnow() - timedelta(days=1))
        )

    def stored() -> int:
        with rt.sessions() as s:
            return int(
                s.scalar(
                    select(func.count())
                    .select_from(MessageRow)
                    .where(MessageRow.conversation_id == conv_id)
                )
                or 0
            )

    with rt.sessions() as s, s.begin():
        purge(s, rt.settings)
    assert stored() == len(TEXTS)  # held: kept
    with rt.sessions() as s, s.begin():
        s.execute(update(Case).where(Case.id == case_id).values(hold=False))
        s.execute(update(ConversationRow).where(ConversationRow.id == conv_id).values(hold=False))
        purge(s, rt.settings)
    assert stored() == len(TEXTS)  # released, but the case is still being worked: kept
    with rt.sessions() as s, s.begin():
        s.execute(update(Case).where(Case.id == case_id).values(status="dismissed"))
        purge(s, rt.settings)
    assert stored() == 0  # released and decided: the text goes, the case stays
    page = c.get(f"/console/cases/{case_id}")
    assert page.status_code == 200 and "No stored messages" in page.text
    r = c.post(f"/console/cases/{case_id}/export/report", data={"csrf": token})
    assert r.status_code == 409 and "no stored messages" in r.text


def test_queue_refresh_keeps_the_status_and_only_mine_filters(env: Env) -> None:
    """The queue table refreshes itself every minute (hx-get on #queue-body): that request
    must repeat the filters shown, "All" statuses and "Only mine" included."""
    c = TestClient(env.app)
    login(c, "mod-a")
    token = csrf_of(c.get("/console/queue").text)
    r = c.post(f"/console/alerts/{env.alert_a}/claim", data={"csrf": token}, follow_redirects=False)
    case_id = int(r.headers["location"].rsplit("/", 1)[1])
    r = c.post(
        f"/console/cases/{case_id}/dismiss",
        data={"csrf": token, "reason": "benign_context"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = c.get("/console/queue?status=&mine=1")
    assert f'id="alert-{env.alert_a}"' in page.text  # the dismissed alert, listed under "All"
    m = re.search(r'<div id="queue-body" hx-get="([^"]+)"', page.text)
    assert m, "no self-refreshing queue table"
    url = m.group(1).replace("&amp;", "&")
    assert "status=&" in url + "&" and "mine=1" in url, url
    refreshed = c.get(url, headers={"HX-Request": "true", "HX-Target": "queue-body"})
    assert refreshed.status_code == 200
    assert f'id="alert-{env.alert_a}"' in refreshed.text
    assert "1 alert," in refreshed.text


def test_an_admin_of_one_tenant_manages_only_that_tenants_users(env: Env) -> None:
    """An admin bound to a tenant sees only that tenant's alerts, so on the users page too:
    no other tenant's users, no user of another tenant or of all tenants created, none
    deactivated."""
    with env.app.state.rt.sessions() as s, s.begin():
        create_user(s, u("admin-a"), PW, "admin", env.tenant_a)
        mod_b = s.scalar(select(User.id).where(User.username == u("mod-b")))
    c = TestClient(env.app)
    login(c, "admin-a")
    page = c.get("/console/users")
    assert page.status_code == 200
    assert u("mod-a") in page.text
    assert u("mod-b") not in page.text and u("platform-b") not in page.text
    assert "All tenants" not in page.text
    token = csrf_of(page.text)
    for tid in ("", str(env.tenant_b)):
        r = c.post(
            "/console/users",
            data={
                "csrf": token,
                "username": u("new-admin") + tid,
                "password": PW,
                "role": "admin",
                "tenant_id": tid,
            },
        )
        assert r.status_code == 200 and "your own tenant" in r.text, tid
    r = c.post(f"/console/users/{mod_b}/deactivate", data={"csrf": token})
    assert r.status_code == 404
    r = c.post(
        "/console/users",
        data={
            "csrf": token,
            "username": u("new-mod"),
            "password": PW,
            "role": "moderator",
            "tenant_id": str(env.tenant_a),
        },
    )
    assert r.status_code == 200 and "Done: added" in r.text
    with env.app.state.rt.sessions() as s:
        assert s.get(User, mod_b).active
        made = {n: t for n, t in s.execute(select(User.username, User.tenant_id))}
    assert made[u("new-mod")] == env.tenant_a
    assert not any(n.startswith(u("new-admin")) for n in made)


def test_a_leads_assign_list_holds_only_users_who_can_take_the_case(env: Env) -> None:
    """The case page's "Assign to" lists the active moderators, leads and admins of the
    case's tenant (or of all tenants), not another platform's staff (whom the console
    refuses to assign anyway)."""
    with env.app.state.rt.sessions() as s, s.begin():
        create_user(s, u("lead-a"), PW, "lead", env.tenant_a)
    lead = TestClient(env.app)
    login(lead, "lead-a")
    token = csrf_of(lead.get("/console/queue").text)
    r = lead.post(
        f"/console/alerts/{env.alert_a}/claim", data={"csrf": token}, follow_redirects=False
    )
    page = lead.get(r.headers["location"]).text
    options = re.search(r'<select id="assign-user".*?</select>', page, re.S)
    assert options, "no assign list"
    assert u("mod-a") in options.group(0) and u("admin") in options.group(0)
    assert u("mod-b") not in page


def _claim(c: TestClient, user: str, alert_id: int) -> tuple[str, str, int]:
    """Log ``c`` in as ``user`` and claim ``alert_id``: (form token, case URL, case id)."""
    login(c, user)
    token = csrf_of(c.get("/console/queue").text)
    r = c.post(f"/console/alerts/{alert_id}/claim", data={"csrf": token}, follow_redirects=False)
    case_url = r.headers["location"]
    return token, case_url, int(case_url.rsplit("/", 1)[1])


def _report_of(env: Env, conv: str, items: list[MessageIn]) -> Any:
    """Ingest ``items`` into tenant A, claim the alert of conversation ``conv`` as mod-a and
    export the case's CyberTipline-style report (server errors come back as responses)."""
    ingest(env.app.state.rt, env.tenant_a, items)
    with env.app.state.rt.sessions() as s:
        alert_id = s.scalar(
            select(AlertRow.id)
            .join(ConversationRow, ConversationRow.id == AlertRow.conversation_id)
            .where(ConversationRow.external_id == conv)
        )
    assert alert_id is not None
    c = TestClient(env.app, raise_server_exceptions=False)
    token, _, case_id = _claim(c, "mod-a", alert_id)
    return c.post(f"/console/cases/{case_id}/export/report", data={"csrf": token})


def test_report_of_a_conversation_with_a_200_character_id(env: Env) -> None:
    """The API takes conversation ids of up to 200 characters and surfaces of up to 100:
    the CyberTipline-style report's chatRoomName ("<surface>:<id>") must still validate,
    or the report of that case cannot be exported at all."""
    conv = "r" * 200
    items = [
        MessageIn(
            message_id=f"long-{i}",
            conversation_id=conv,
            author=au,
            text=t,
            platform="game-chat",
            surface="s" * 100,
        )
        for i, (au, t) in enumerate(TEXTS)
    ]
    r = _report_of(env, conv, items)
    assert r.status_code == 200, r.text[-500:]
    assert f"<chatRoomName>{'s' * 100}:{conv}</chatRoomName>".encode() in r.content


def test_queue_says_when_more_alerts_match_than_it_lists(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The queue lists at most QUEUE_LIMIT alerts: past that it says so rather than give a
    count that reads as the whole backlog."""
    from guardline.console import views

    items = [
        MessageIn(message_id=f"m2-{i}", conversation_id="c-2", author=au, text=t)
        for i, (au, t) in enumerate(TEXTS)
    ]
    ingest(env.app.state.rt, env.tenant_a, items)
    c = TestClient(env.app)
    login(c, "mod-a")
    page = c.get("/console/queue").text
    assert "2 alerts," in page and 'id="queue-more"' not in page
    monkeypatch.setattr(views, "QUEUE_LIMIT", 1)
    page = c.get("/console/queue").text
    assert "1 alert," in page
    assert 'id="queue-more"' in page and "only the 1 riskiest" in page


def test_a_restriction_request_no_webhook_takes_says_nothing_was_sent(env: Env) -> None:
    """A restriction request goes to the platform only through its webhooks subscribed to
    action.requested: without one, the case page must not report it as requested."""
    from svc_support import subscribe_unreachable

    c = TestClient(env.app)
    login(c, "mod-a")
    token = csrf_of(c.get("/console/queue").text)
    r = c.post(f"/console/alerts/{env.alert_a}/claim", data={"csrf": token}, follow_redirects=False)
    case_url = r.headers["location"]
    form = {"csrf": token, "restriction": "restrict_messaging"}
    r = c.post(case_url + "/restrict", data=form)
    assert r.status_code == 200
    assert 'id="restriction-unsent"' in r.text and "nothing was sent" in r.text
    assert "Done: restriction requested" not in r.text
    subscribe_unreachable(env.app, env.tenant_a, ["action.requested"])
    r = c.post(case_url + "/restrict", data=form)
    assert "Done: restriction requested." in r.text and "nothing was sent" not in r.text
    # the queued body writes its time as the API does (UTC with "Z", not "+00:00")
    import json
    import re

    from sqlalchemy import select

    from guardline.store.models import WebhookDelivery

    with env.app.state.rt.sessions() as s:
        payload = s.scalars(
            select(WebhookDelivery.payload).where(WebhookDelivery.event == "action.requested")
        ).one()
    created_at = json.loads(payload)["created_at"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z", created_at), created_at


def test_alerts_shown_at_the_same_risk_come_longest_waiting_first(env: Env) -> None:
    """Highest risk first, then longest waiting: two alerts the queue shows at 100% are
    ordered by waiting time, not by decimals the moderator cannot see."""
    from datetime import timedelta

    from guardline.store.models import utcnow

    items = [
        MessageIn(message_id=f"w2-{i}", conversation_id="c-2", author=au, text=t)
        for i, (au, t) in enumerate(TEXTS)
    ]
    ingest(env.app.state.rt, env.tenant_a, items)
    with env.app.state.rt.sessions() as s, s.begin():
        older = s.get(AlertRow, env.alert_a)
        newer = s.scalar(
            select(AlertRow).where(AlertRow.tenant_id == env.tenant_a, AlertRow.id != older.id)
        )
        older.risk, older.created_at = 0.9991, utcnow() - timedelta(hours=3)
        newer.risk, newer.created_at = 0.9999, utcnow() - timedelta(minutes=5)
        newer_id = newer.id
    c = TestClient(env.app)
    login(c, "mod-a")
    page = c.get("/console/queue").text
    assert page.count(">100%<") == 2
    assert page.index(f'id="alert-{env.alert_a}"') < page.index(f'id="alert-{newer_id}"')


def test_report_of_ids_with_control_characters(env: Env) -> None:
    """The API stores message and conversation ids with control characters (only NUL is
    refused); the XML report must still be well-formed (it was a 500: XMLSyntaxError)."""
    conv = "c-\x1bctl"
    items = [
        MessageIn(message_id=f"ctl\x07-{i}", conversation_id=conv, author=au, text=t)
        for i, (au, t) in enumerate(TEXTS)
    ]
    r = _report_of(env, conv, items)
    assert r.status_code == 200, r.status_code
    assert 'messageId="ctl\ufffd-0"'.encode() in r.content


def test_age_band_filter_finds_alerts_past_the_queues_limit(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The age-band filter is part of the query: an alert of the wanted band that ranks below
    QUEUE_LIMIT alerts of other bands is still listed (it was cut before the filter ran)."""
    from guardline.console import views
    from guardline.store.models import ParticipantRow

    items = [
        MessageIn(message_id=f"ab2-{i}", conversation_id="c-2", author=au, text=t)
        for i, (au, t) in enumerate((au.replace("ana", "bea"), t) for au, t in TEXTS)
    ]
    ingest(env.app.state.rt, env.tenant_a, items)
    with env.app.state.rt.sessions() as s, s.begin():
        first = s.get(AlertRow, env.alert_a)
        second = s.scalar(
            select(AlertRow).where(AlertRow.tenant_id == env.tenant_a, AlertRow.id != first.id)
        )
        first.risk, second.risk = 0.99, 0.95  # the adult's chat ranks first
        second_id = second.id
        for ext, band in (("ana", "adult"), ("bea", "child")):
            p = s.scalar(
                select(ParticipantRow).where(
                    ParticipantRow.tenant_id == env.tenant_a, ParticipantRow.external_id == ext
                )
            )
            if p is None:
                s.add(ParticipantRow(tenant_id=env.tenant_a, external_id=ext, age_band=band))
            else:
                p.age_band = band
    monkeypatch.setattr(views, "QUEUE_LIMIT", 1)
    c = TestClient(env.app)
    login(c, "mod-a")
    page = c.get("/console/queue?age_band=child").text
    assert f'id="alert-{second_id}"' in page and f'id="alert-{env.alert_a}"' not in page
    assert 'id="queue-more"' not in page  # one child alert: nothing more matches
    page = c.get("/console/queue?age_band=adult").text
    assert f'id="alert-{env.alert_a}"' in page and f'id="alert-{second_id}"' not in page
    assert 'id="queue-more"' not in page
    page = c.get("/console/queue?age_band=unknown").text
    assert 'id="alert-' not in page
    # a group chat with a child and an adult counts as the child's (the youngest band)
    with env.app.state.rt.sessions() as s, s.begin():
        _add_message(s, env.alert_a, "bea")  # bea (child) writes in the adult's chat
    page = c.get("/console/queue?age_band=child").text
    assert f'id="alert-{env.alert_a}"' in page and 'id="queue-more"' in page
    page = c.get("/console/queue?age_band=adult").text
    assert 'id="alert-' not in page


def _add_message(s: Any, alert_id: int, author: str) -> None:
    """A copy of the last message of ``alert_id``'s conversation, as written by ``author``."""
    from guardline.store.models import MessageRow

    a = s.get(AlertRow, alert_id)
    last = s.scalar(
        select(MessageRow)
        .where(MessageRow.conversation_id == a.conversation_id)
        .order_by(MessageRow.index.desc())
        .limit(1)
    )
    cols = {k: getattr(last, k) for k in MessageRow.__table__.columns.keys() if k != "id"}
    cols.update(author=author, index=last.index + 1, platform_message_id="added-" + author)
    s.add(MessageRow(**cols))


def test_a_refused_form_shows_the_case_again_with_the_error_and_the_values(env: Env) -> None:
    """Dismiss with "Other" and no detail, a note too long, a confirm without a valid age band:
    the case page again (not an error page), the error next to that form, what was entered
    still in it, and the conversation still masked."""
    c = TestClient(env.app)
    login(c, "mod-a")
    token = csrf_of(c.get("/console/queue").text)
    r = c.post(f"/console/alerts/{env.alert_a}/claim", data={"csrf": token}, follow_redirects=False)
    case_url = r.headers["location"]

    def form(html: str, form_id: str) -> str:
        start = html.index(f'action="{case_url}/{form_id}"')
        return html[start : html.index("</form>", start)]

    r = c.post(case_url + "/dismiss", data={"csrf": token, "reason": "other", "detail": "  "})
    assert r.status_code == 422 and "Reveal message text" in r.text
    dismiss = form(r.text, "dismiss")
    assert 'id="dismiss-error"' in dismiss and "Explain the reason in the detail" in dismiss
    assert '<option value="other" selected>' in dismiss
    assert 'id="dismiss-error"' not in form(r.text, "notes")
    for _, text in TEXTS:
        assert text not in r.text
    note = "said <don't tell your mum> & asked to add on another app " + "x" * 5000
    r = c.post(case_url + "/notes", data={"csrf": token, "text": note})
    assert r.status_code == 422
    notes = form(r.text, "notes")
    assert 'id="note-error"' in notes and "limited to 5000 characters" in notes
    assert "said &lt;don&#39;t tell your mum&gt; &amp; asked" in notes and "<don't" not in r.text
    r = c.post(
        case_url + "/confirm",
        data={"csrf": token, "victim_age_band": "adult", "region": "Kent"},
    )
    assert r.status_code == 422
    confirm = form(r.text, "confirm")
    assert 'id="confirm-error"' in confirm and 'value="Kent"' in confirm
    with env.app.state.rt.sessions() as s:
        assert s.get(AlertRow, env.alert_a).status == "claimed"
    # a refusal that is not about what was filled in still shows the error page
    c.post(case_url + "/dismiss", data={"csrf": token, "reason": "duplicate"})
    r = c.post(case_url + "/dismiss", data={"csrf": token, "reason": "other", "detail": "x"})
    assert r.status_code == 409 and "already dismissed" in r.text


def test_a_reveal_without_htmx_redirects_and_shows_the_text_once(env: Env) -> None:
    """Without JavaScript the reveal's POST redirects to the case page (POST-redirect-GET):
    that page shows the text once; reloading it masks the text again and writes no second
    reveal entry. The one-view grant is this session's and this case's only."""
    from guardline.store.models import CaseEvent

    c = TestClient(env.app)
    token, case_url, case_id = _claim(c, "mod-a", env.alert_a)

    def reveals() -> int:
        with env.app.state.rt.sessions() as s:
            return len(
                s.scalars(
                    select(CaseEvent).where(
                        CaseEvent.case_id == case_id, CaseEvent.kind == "revealed"
                    )
                ).all()
            )

    r = c.post(case_url + "/reveal", data={"csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(case_url)
    grant = c.cookies.get("gl_reveal")
    assert grant
    page = c.get(case_url)
    assert page.status_code == 200 and "Text revealed to" in page.text
    assert TEXTS[2][1].split("?")[0] in page.text  # "how old are you"
    assert reveals() == 1
    again = c.get(case_url)  # the reload
    assert "Text revealed to" not in again.text and TEXTS[2][1].split("?")[0] not in again.text
    assert reveals() == 1
    # the grant does not open another case, nor work for another session
    other = TestClient(env.app)
    login(other, "mod-a")
    other.cookies.set("gl_reveal", grant, path=f"/console/cases/{case_id}")
    assert "Text revealed to" not in other.get(case_url).text
    forged = f"{grant.split('.')[0]}.{'0' * 64}"
    c.cookies.set("gl_reveal", forged, path=f"/console/cases/{case_id}")
    assert "Text revealed to" not in c.get(case_url).text
    # with htmx the POST answers with the revealed conversation itself (one entry more)
    r = c.post(case_url + "/reveal", headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert r.status_code == 200 and "Text revealed to" in r.text and reveals() == 2


def test_only_the_cases_moderator_or_a_lead_exports_it(env: Env) -> None:
    """A report or an evidence bundle leaves the platform: a second moderator of the tenant
    may read the case, add a note and place a hold, but not export it (409, and the page
    offers no export); the moderator who claimed it and a lead may."""
    with env.app.state.rt.sessions() as s, s.begin():
        create_user(s, u("mod-a2"), PW, "moderator", env.tenant_a)
        create_user(s, u("lead-a"), PW, "lead", env.tenant_a)
    owner = TestClient(env.app)
    token, case_url, case_id = _claim(owner, "mod-a", env.alert_a)
    other = TestClient(env.app)
    login(other, "mod-a2")
    other_token = csrf_of(other.get("/console/queue").text)
    page = other.get(case_url).text
    assert "/export/report" not in page and "can export it" in page
    for kind in ("report", "referral", "bundle"):
        r = other.post(f"/console/cases/{case_id}/export/{kind}", data={"csrf": other_token})
        assert r.status_code == 409, (kind, r.status_code)
    r = other.post(
        f"/console/cases/{case_id}/notes",
        data={"csrf": other_token, "text": "second look: the age question comes early"},
    )
    assert r.status_code in (200, 303), r.status_code
    assert "/export/report" in owner.get(case_url).text
    r = owner.post(f"/console/cases/{case_id}/export/bundle", data={"csrf": token})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    lead = TestClient(env.app)
    login(lead, "lead-a")
    lead_token = csrf_of(lead.get("/console/queue").text)
    r = lead.post(f"/console/cases/{case_id}/export/referral", data={"csrf": lead_token})
    assert r.status_code == 200, r.status_code
