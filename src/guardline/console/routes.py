"""The console's routes (/console): login, queue, case page, actions, exports, users, stats.

Pages are server-rendered (Jinja2); htmx (served from /console/static/vendor) swaps parts of
them, and every form also works as a plain POST + redirect without JavaScript. Handlers are
plain ``def`` (FastAPI runs them in its thread pool) and use one database transaction each.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlalchemy.orm import Session

from guardline.console import actions as act
from guardline.console import views
from guardline.console.actions import ActionError, Actor
from guardline.console.security import (
    COOKIE_PATH,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    LoginLimiter,
    SessionInfo,
    authenticate,
    create_user,
    end_session,
    end_user_sessions,
    load_session,
    start_session,
    tokens_equal,
)
from guardline.console.settings import ConsoleSettings
from guardline.evidence import audit
from guardline.evidence.bundle import build_bundle
from guardline.evidence.casedata import CaseData, load_case
from guardline.evidence.reports import (
    Reporter,
    ReportError,
    cybertipline_xml,
    uk_referral,
    validate_xml,
)
from guardline.service.logs import log
from guardline.service.runtime import Runtime
from guardline.store.models import (
    ALERT_STATUSES,
    USER_ROLES,
    VICTIM_AGE_BANDS,
    CaseEvent,
    Tenant,
    User,
    utcnow,
)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
HTMX = STATIC / "vendor" / "htmx.min.js"
templates = Jinja2Templates(directory=str(HERE / "templates"))


def _when(iso: str | None) -> str:
    """'2026-11-29T14:03:07+00:00' -> '29 Nov 2026 14:03 UTC'."""
    if not iso:
        return ""
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return dt.strftime("%d %b %Y %H:%M UTC")


templates.env.filters["when"] = _when
router = APIRouter(prefix="/console", include_in_schema=False)


class ConsoleError(Exception):
    """Answered with the console's error page (or a redirect to the login page)."""

    def __init__(self, status: int, message: str, login: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.login = login


class Console:
    """Per-app console state: settings, the login limiter, whether htmx is installed."""

    def __init__(self, rt: Runtime, settings: ConsoleSettings) -> None:
        self.rt = rt
        self.settings = settings
        self.limiter = LoginLimiter(
            rt.sessions, settings.login_max_failures, settings.login_window_s
        )
        self.htmx = HTMX.is_file()
        self.reporter = Reporter(
            settings.reporter_first_name,
            settings.reporter_last_name,
            settings.reporter_email,
            settings.reporter_company,
        )


def _console(request: Request) -> Console:
    return request.app.state.console  # type: ignore[no-any-return]


def _secure(request: Request, c: Console) -> bool:
    mode = c.settings.secure_cookies
    return mode == "always" or (mode == "auto" and request.url.scheme == "https")


def _set_cookie(
    resp: Response, request: Request, c: Console, name: str, value: str, max_age: int
) -> None:
    """The console's cookies: HttpOnly, SameSite=Strict, on /console, Secure per settings."""
    resp.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=_secure(request, c),
        path=COOKIE_PATH,
        max_age=max_age,
    )


def _is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(
    request: Request,
    name: str,
    ctx: dict[str, Any],
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    c = _console(request)
    base = {"htmx": c.htmx, "me": ctx.get("me"), "request": request}
    return templates.TemplateResponse(
        request, name, {**base, **ctx}, status_code=status, headers=headers
    )


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# ------------------------------------------------------------------------------ auth deps
def current(request: Request) -> SessionInfo:
    c = _console(request)
    # the queue table's own one-minute refresh is not the moderator's activity: an open,
    # unattended queue must not keep the session from its idle timeout
    polled = _is_htmx(request) and request.headers.get("HX-Trigger") == "queue-body"
    with c.rt.sessions() as session, session.begin():
        info = load_session(
            session, request.cookies.get(SESSION_COOKIE), c.settings.idle_minutes, not polled
        )
    if info is None:
        raise ConsoleError(401, "Please log in.", login=True)
    return info


def actor_of(info: SessionInfo) -> Actor:
    return Actor(info.user_id, info.username, info.role, info.tenant_id)


def csrf_ok(request: Request, info: SessionInfo, form_token: str | None) -> None:
    token = form_token or request.headers.get("X-CSRF-Token")
    if not tokens_equal(token, info.csrf):
        log.warning("csrf rejected", extra={"path": request.url.path, "user_id": info.user_id})
        raise ConsoleError(
            403,
            "The form has expired or did not come from this console. "
            "Reload the page and try again.",
        )


def need(info: SessionInfo, roles: frozenset[str], what: str) -> None:
    if info.role not in roles:
        raise ConsoleError(403, f"Your role ({info.role}) cannot {what}.")


def _tx(c: Console) -> Session:
    return c.rt.sessions()


@dataclass(frozen=True)
class Post:
    """A console form POST: the request, who sent it and the form's CSRF token (not yet checked)."""

    request: Request
    info: SessionInfo
    csrf: str

    def check(self) -> None:
        """Refuse the POST unless its CSRF token matches the session's."""
        csrf_ok(self.request, self.info, self.csrf)


def posted(request: Request, csrf: str = Form(""), info: SessionInfo = Depends(current)) -> Post:
    return Post(request, info, csrf)


def _run(p: Post, fn: Callable[[Session, Actor], int]) -> int:
    """Check the CSRF token, then run one action in one transaction; returns its case id."""
    p.check()
    with _tx(_console(p.request)) as session, session.begin():
        return fn(session, actor_of(p.info))


# ------------------------------------------------------------------------------ static
@router.get("/static/{path:path}")
def static(path: str) -> Response:
    target = (STATIC / path).resolve()
    if not target.is_relative_to(STATIC) or not target.is_file():
        if path == "vendor/htmx.min.js":
            log.error("htmx missing: run `npm ci && scripts/vendor-assets`")
        return Response("not found", status_code=404, media_type="text/plain")
    types = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}
    return Response(
        target.read_bytes(), media_type=types.get(target.suffix, "application/octet-stream")
    )


# ------------------------------------------------------------------------------ login
@router.get("")
def home(request: Request) -> Response:
    try:
        info = current(request)
    except ConsoleError:
        return _redirect("/console/login")
    return _redirect("/console/stats" if info.role == "analyst" else "/console/queue")


def safe_next(value: str | None) -> str | None:
    """``value`` when it is a console page of this site to return to after login (a relative
    path under /console/, no scheme, host, backslash, control character or ``..``), else
    None: the login page must not redirect anywhere else (no open redirect)."""
    if not value or len(value) > 2000 or value.startswith("//"):
        return None
    if any(ch == "\\" or ord(ch) < 0x21 or ord(ch) == 0x7F for ch in value):
        return None
    parts = urlsplit(value)
    path = parts.path
    if parts.scheme or parts.netloc or parts.fragment or not path.startswith("/console/"):
        return None
    if ".." in path.split("/") or path.startswith("/console/static/"):
        return None
    if path in ("/console/login", "/console/logout"):
        return None
    return value


# an action's POST path -> the page it was sent from
_ACTION = re.compile(r"(/console/(?:cases|alerts)/\d+)/[a-z_/]+")


def _return_path(request: Request) -> str | None:
    """The console page the moderator was on when their session turned out to have ended:
    the browser's URL for htmx (``HX-Current-URL``), the page itself for a GET, the case or
    alert page an action was posted from. Only a path: no form data (a note's text) in it."""
    if _is_htmx(request):
        cur = urlsplit(request.headers.get("HX-Current-URL", ""))
        if cur.netloc and cur.netloc != request.url.netloc:
            return None
        path = cur.path + ("?" + cur.query if cur.query else "")
    elif request.method == "GET":
        path = request.url.path + ("?" + request.url.query if request.url.query else "")
    else:
        m = _ACTION.fullmatch(request.url.path)
        path = m.group(1) if m else request.url.path
        if not m and request.url.path != "/console/users":
            return None
    return safe_next(path)


def _login_url(request: Request) -> str:
    """The login page to send a request without a live session to: with "your session
    expired" when it carried a session cookie, and the page to return to."""
    q: dict[str, str] = {}
    if request.cookies.get(SESSION_COOKIE):
        q["expired"] = "1"
    back = _return_path(request)
    if back:
        q["next"] = back
    return "/console/login" + ("?" + urlencode(q) if q else "")


@router.get("/login")
def login_page(request: Request, next: str = "", expired: str = "") -> Response:
    c = _console(request)
    nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
    ctx = {
        "login_csrf": nonce,
        "error": None,
        "next": safe_next(next),
        "expired": expired == "1",
    }
    resp = render(request, "login.html", ctx)
    _set_cookie(resp, request, c, LOGIN_COOKIE, nonce, max_age=3600)
    return resp


@router.post("/login")
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    csrf: str = Form(""),
    next: str = Form(""),
) -> Response:
    c = _console(request)
    back = safe_next(next)
    if not tokens_equal(csrf, request.cookies.get(LOGIN_COOKIE)):
        raise ConsoleError(403, "The login form has expired. Reload the page and try again.")
    uname = username.strip()[:200]
    ip = request.client.host if request.client else "unknown"
    keys = (f"u:{uname.lower()}", f"ip:{ip}")
    attempt = c.limiter.attempt(*keys)  # counted in the database, shared by every process
    wait = attempt.wait
    if wait > 0:
        log.warning("login rate limited", extra={"client": ip})
        return render(
            request,
            "login.html",
            {
                "login_csrf": csrf,
                "error": f"Too many failed logins. Try again in {int(wait) + 1} seconds.",
                "next": back,
            },
            status=429,
            headers={"Retry-After": str(int(wait) + 1)},
        )
    with _tx(c) as session, session.begin():
        user = authenticate(session, uname, password) if uname and password else None
        if user is None:
            token = None
        else:
            token, _ = start_session(
                session, user, c.settings.session_hours, request.cookies.get(SESSION_COOKIE)
            )
            audit.append(session, user.username, "user.login", "user", user.id, {"role": user.role})
            landing = "/console/stats" if user.role == "analyst" else "/console/queue"
    if token is None:
        c.limiter.failed(attempt)
        log.info("login failed", extra={"client": ip})
        return render(
            request,
            "login.html",
            {"login_csrf": csrf, "error": "Wrong username or password.", "next": back},
            status=401,
        )
    c.limiter.succeeded(attempt)
    resp = _redirect(back or landing)
    _set_cookie(
        resp, request, c, SESSION_COOKIE, token, max_age=int(c.settings.session_hours * 3600)
    )
    resp.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH)
    return resp


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    """End the session the cookie carries, whatever the form's token: a page left open in
    another tab holds the token of a session that has since ended (logged out and back in
    elsewhere), and its Log out must not leave the new session live. No CSRF check: the
    session cookie is SameSite=Strict, so a request from another site arrives without it and
    cannot end anyone's session; one from this site could already do anything the console
    can. The audit entry says when the form's token was not the session's."""
    c = _console(request)
    token = request.cookies.get(SESSION_COOKIE)
    with _tx(c) as session, session.begin():
        info = load_session(session, token, c.settings.idle_minutes, touch=False)
        if info is not None:
            end_session(session, token)
            detail = None if tokens_equal(csrf, info.csrf) else {"form": "stale"}
            audit.append(session, info.username, "user.logout", "user", info.user_id, detail)
    resp = _redirect("/console/login")
    resp.delete_cookie(
        SESSION_COOKIE,
        path=COOKIE_PATH,
        secure=_secure(request, c),
        httponly=True,
        samesite="strict",
    )
    return resp


# ------------------------------------------------------------------------------ queue
@router.get("/queue")
def queue_page(
    request: Request,
    status: str = "active",
    platform: str = "",
    stage: str = "",
    age_band: str = "",
    mine: str = "",
    info: SessionInfo = Depends(current),
) -> Response:
    need(info, act.CASEWORK, "see the review queue")
    c = _console(request)
    statuses = ("active", "", *ALERT_STATUSES)
    f = views.QueueFilters(
        status=status if status in statuses else "active",
        platform=platform[:100],
        stage=stage if stage in views.STAGES else "",
        age_band=age_band if age_band in views.AGE_ORDER else "",
        mine=mine == "1",
    )
    with _tx(c) as session:
        rows, platforms, more = views.queue(
            session, actor_of(info), f, c.settings.sla_hours_high, c.settings.sla_hours
        )
        mods = []
        if info.role in act.LEADS:
            q = select(User).where(User.active.is_(True), User.role.in_(act.CASEWORK))
            mods = [
                u.username + "\x00" + str(u.id) for u in session.scalars(q.order_by(User.username))
            ]
    ctx = {
        "me": info,
        "rows": rows,
        "more": more,
        "limit": views.QUEUE_LIMIT,
        "f": f,
        "platforms": platforms,
        "stages": views.STAGE_LABELS,
        "age_bands": views.AGE_ORDER,
        "moderators": [m.split("\x00") for m in mods],
        # the table's own refresh repeats every filter: "All" is an empty status, not the default
        "query": urlencode(
            {"status": f.status}
            | {k: v for k in ("platform", "stage", "age_band") if (v := getattr(f, k))}
            | ({"mine": "1"} if f.mine else {})
        ),
    }
    if _is_htmx(request) and request.headers.get("HX-Target") == "queue-body":
        return render(request, "_queue_rows.html", ctx)
    return render(request, "queue.html", ctx)


@router.get("/watch")
def watch_page(
    request: Request, min_risk: str = "0.8", info: SessionInfo = Depends(current)
) -> Response:
    need(info, act.CASEWORK, "see the watch list")
    c = _console(request)
    try:
        bar = float(min_risk)
    except ValueError:
        bar = 0.8
    bar = min(max(bar, 0.0), 1.0) if math.isfinite(bar) else 0.8
    with _tx(c) as session:
        rows = views.watch(session, actor_of(info), bar)
    return render(request, "watch.html", {"me": info, "rows": rows, "min_risk": bar})


@router.post("/alerts/{alert_id}/claim")
def claim(alert_id: int, p: Post = Depends(posted)) -> Response:
    case_id = _run(p, lambda s, a: act.claim(s, a, alert_id).id)
    return _redirect(f"/console/cases/{case_id}")


@router.post("/alerts/{alert_id}/assign")
def assign(alert_id: int, user_id: int = Form(0), p: Post = Depends(posted)) -> Response:
    case_id = _run(p, lambda s, a: act.assign(s, a, alert_id, user_id).id)
    return _redirect(f"/console/cases/{case_id}")


@router.get("/alerts/{alert_id}")
def alert_page(request: Request, alert_id: int, info: SessionInfo = Depends(current)) -> Response:
    need(info, act.CASEWORK, "open alerts")
    with _tx(_console(request)) as session:
        alert = act.get_alert(session, actor_of(info), alert_id)
        case = act.case_of_alert(session, alert.id)
        if case is not None:
            return _redirect(f"/console/cases/{case.id}")
        # a lead can hand the alert to a moderator unclaimed
        mods = _assignable(session, info, alert.tenant_id)
        ctx = {"me": info, "alert": alert, "csrf": info.csrf, "moderators": mods}
    return render(request, "alert.html", ctx)


# ------------------------------------------------------------------------------ case
def _assignable(session: Session, info: SessionInfo, tenant_id: int) -> list[tuple[int, str]]:
    """(id, name) of the active users who can take a case of ``tenant_id`` (its tenant's or
    all tenants' moderators, leads, admins), for a lead's Assign list; nobody for others."""
    if info.role not in act.LEADS:
        return []
    q = select(User).where(
        User.active.is_(True),
        User.role.in_(act.CASEWORK),
        User.tenant_id.is_(None) | (User.tenant_id == tenant_id),
    )
    return [(u.id, u.username) for u in session.scalars(q.order_by(User.username))]


def _case_ctx(
    request: Request,
    session: Session,
    info: SessionInfo,
    case_id: int,
    reveal: bool,
    record: bool = True,
) -> dict[str, Any]:
    """The case page's context; ``reveal`` shows the message text and, with ``record``,
    writes the reveal to the history and the audit log (``record=False``: the page a
    reveal already recorded redirected to)."""
    c = _console(request)
    actor = actor_of(info)
    case = act.get_case(session, actor, case_id)
    if reveal and record:
        act.record_reveal(session, actor, case)
    data = load_case(session, case.id, c.rt.cipher.decrypt)
    assignee = session.get(User, case.assignee_id) if case.assignee_id else None
    authors = sorted(data.assessment.get("authors", []), key=lambda a: -float(a.get("risk", 0.0)))
    mods = _assignable(session, info, case.tenant_id)
    return {
        "me": info,
        "csrf": info.csrf,
        "case": data,
        "assignee": assignee.username if assignee else None,
        "mine": case.assignee_id == info.user_id or info.role in act.LEADS,
        "is_open": data.status in act.OPEN_STATES,
        "authors": authors,
        "priors": views.priors(session, case.tenant_id, authors),
        "outranked": views.outranked(authors),
        "alerted": (
            views.alerted_authors(session, case.conversation_id)
            if case.conversation_id is not None
            else set()
        ),
        "max_quiet": c.rt.settings.relationship_memory_max_quiet,
        "messages": views.conversation_view(data.messages, data.signs, reveal),
        "revealed": reveal,
        "chart": views.timeline(data.signs, len(data.messages), data.suspect),
        "stage_labels": views.STAGE_LABELS,
        "dismiss_reasons": act.DISMISS_REASONS,
        "restrictions": act.RESTRICTIONS,
        "age_bands": VICTIM_AGE_BANDS,
        "moderators": mods,
        "is_lead": info.role in act.LEADS,
        "flash": request.query_params.get("done", ""),
    }


# the one view of a reveal without htmx: the reveal's POST redirects to the case page with
# this cookie (the reveal's case event id, signed with the session's secret CSRF token), and
# the case page shows the text once and deletes it, so that a reload neither posts again (a
# second reveal entry) nor shows the text again
REVEAL_COOKIE = "gl_reveal"
REVEAL_GRANT_S = 60


def _reveal_mac(info: SessionInfo, case_id: int, event_id: int) -> str:
    msg = f"reveal:{info.sid}:{case_id}:{event_id}".encode()
    return hmac.new(info.csrf.encode(), msg, hashlib.sha256).hexdigest()


def _reveal_granted(session: Session, info: SessionInfo, case_id: int, grant: str) -> bool:
    """Whether ``grant`` (the reveal cookie) is this session's fresh reveal of this case."""
    event_id, _, mac = grant.partition(".")
    if not event_id.isdigit() or len(event_id) > 19:
        return False
    if not hmac.compare_digest(mac, _reveal_mac(info, case_id, int(event_id))):
        return False
    ev = session.get(CaseEvent, int(event_id))
    if ev is None or ev.kind != "revealed" or ev.case_id != case_id:
        return False
    if ev.user_id != info.user_id:
        return False
    at = views.aware(ev.created_at)
    return at is not None and (utcnow() - at).total_seconds() <= REVEAL_GRANT_S


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: int, info: SessionInfo = Depends(current)) -> Response:
    need(info, act.CASEWORK, "open cases")
    grant = request.cookies.get(REVEAL_COOKIE, "")
    with _tx(_console(request)) as session:
        shown = bool(grant) and _reveal_granted(session, info, case_id, grant)
        ctx = _case_ctx(request, session, info, case_id, reveal=shown, record=False)
    resp = render(request, "case.html", ctx)
    if grant:  # one view only
        resp.delete_cookie(REVEAL_COOKIE, path=f"{COOKIE_PATH}/cases/{case_id}")
    return resp


@router.post("/cases/{case_id}/reveal")
def reveal(case_id: int, p: Post = Depends(posted)) -> Response:
    p.check()
    request, info = p.request, p.info
    need(info, act.CASEWORK, "see message text")
    c = _console(request)
    if _is_htmx(request):
        with _tx(c) as session, session.begin():
            ctx = _case_ctx(request, session, info, case_id, reveal=True)
        log.info("message text revealed", extra={"case_id": case_id, "user_id": info.user_id})
        # the history, now with this reveal, is swapped out of band
        return render(request, "_conversation.html", {**ctx, "oob": True})
    # without htmx: POST, redirect, GET (a reload of the page must not post the reveal again)
    with _tx(c) as session, session.begin():
        case = act.get_case(session, actor_of(info), case_id)
        event_id = act.record_reveal(session, actor_of(info), case)
    log.info("message text revealed", extra={"case_id": case_id, "user_id": info.user_id})
    resp = _redirect(f"/console/cases/{case_id}#conversation")
    resp.set_cookie(
        REVEAL_COOKIE,
        f"{event_id}.{_reveal_mac(info, case_id, event_id)}",
        httponly=True,
        samesite="strict",
        secure=_secure(request, c),
        path=f"{COOKIE_PATH}/cases/{case_id}",
        max_age=REVEAL_GRANT_S,
    )
    return resp


def _case_action(
    p: Post,
    fn: Callable[[Session, Actor], int],
    done: str | Callable[[], str],
    form: tuple[int, str, dict[str, str]] | None = None,
) -> Response:
    """Run a case page form's action and go back to the case page, saying ``done`` (or what
    ``done()`` says after the action). ``form`` (case id, form name, the values sent): when
    the action refuses what was filled in (422), the case page is shown again with the error
    next to that form and the values kept, so that nothing has to be typed again."""
    try:
        case_id = _run(p, fn)
    except ActionError as exc:
        if exc.status != 422 or form is None:
            raise
        return _case_form_error(p, form, exc.message)
    return _redirect(f"/console/cases/{case_id}?done={done if isinstance(done, str) else done()}")


def _case_form_error(p: Post, form: tuple[int, str, dict[str, str]], message: str) -> Response:
    case_id, name, values = form
    with _tx(_console(p.request)) as session:
        ctx = _case_ctx(p.request, session, p.info, case_id, reveal=False)
    ctx |= {"form_error": {"form": name, "message": message}, "values": values, "flash": ""}
    return render(p.request, "case.html", ctx, status=422)


@router.post("/cases/{case_id}/dismiss")
def dismiss(
    case_id: int, reason: str = Form(""), detail: str = Form(""), p: Post = Depends(posted)
) -> Response:
    return _case_action(
        p,
        lambda s, a: act.dismiss(s, a, case_id, reason, detail).id,
        "dismissed",
        (case_id, "dismiss", {"reason": reason, "detail": detail}),
    )


@router.post("/cases/{case_id}/escalate")
def escalate(case_id: int, p: Post = Depends(posted)) -> Response:
    return _case_action(p, lambda s, a: act.escalate(s, a, case_id).id, "escalated")


@router.post("/cases/{case_id}/confirm")
def confirm(
    case_id: int,
    victim_age_band: str = Form(""),
    region: str = Form(""),
    p: Post = Depends(posted),
) -> Response:
    return _case_action(
        p,
        lambda s, a: act.confirm(s, a, case_id, victim_age_band, region).id,
        "confirmed",
        (case_id, "confirm", {"victim_age_band": victim_age_band, "region": region}),
    )


@router.post("/cases/{case_id}/restrict")
def restrict(
    case_id: int,
    restriction: str = Form(""),
    moved_name_reviewed: str = Form(""),
    p: Post = Depends(posted),
) -> Response:
    queued = 0

    def fn(s: Session, a: Actor) -> int:
        nonlocal queued
        queued = act.request_restriction(s, a, case_id, restriction, moved_name_reviewed == "on")
        return case_id

    def done() -> str:
        _console(p.request).rt.webhook_wake.set()
        # no webhook of the platform takes action.requested: the request went nowhere
        return "restriction_requested" if queued else "restriction_unsent"

    return _case_action(p, fn, done, (case_id, "restrict", {"restriction": restriction}))


@router.post("/cases/{case_id}/notes")
def note(case_id: int, text: str = Form(""), p: Post = Depends(posted)) -> Response:
    return _case_action(
        p,
        lambda s, a: act.add_note(s, a, case_id, text).case_id,
        "noted",
        (case_id, "note", {"text": text}),
    )


@router.post("/cases/{case_id}/hold")
def hold(case_id: int, hold: str = Form(""), p: Post = Depends(posted)) -> Response:
    on = hold == "on"
    done = "hold_placed" if on else "hold_released"
    return _case_action(p, lambda s, a: act.set_hold(s, a, case_id, on).id, done)


def _export(p: Post, case_id: int, kind: str, moved_name_reviewed: bool) -> Response:
    """One export of a case. When the detector no longer names the case's reported account
    (``CaseData.name_moved_to``), the reports need ``moved_name_reviewed`` (the case page's
    check box), which the audit log records with the export."""
    p.check()
    request, info = p.request, p.info
    need(info, act.CASEWORK, "export evidence")
    c = _console(request)
    with _tx(c) as session, session.begin():
        actor = actor_of(info)
        case = act.get_case(session, actor, case_id)
        # a report or a bundle leaves the platform: the case's moderator (or a lead) sends it
        act.require_worker(session, actor, case)
        data: CaseData = load_case(session, case.id, c.rt.cipher.decrypt)
        reviewed = moved_name_reviewed and data.name_moved_to is not None
        try:
            if kind == "report":
                body = cybertipline_xml(data, c.reporter, moved_name_reviewed=reviewed)
                validate_xml(body)
                name, media = f"case-{case_id}-cybertipline.xml", "application/xml"
            elif kind == "referral":
                doc = uk_referral(data, c.reporter, moved_name_reviewed=reviewed)
                body = (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
                name, media = f"case-{case_id}-referral-uk.json", "application/json"
            else:
                entries = audit.extract(session, "case", [str(case.id)])
                body, _ = build_bundle(
                    data,
                    entries,
                    c.reporter,
                    generated_by=info.username,
                    moved_name_reviewed=reviewed,
                )
                name, media = f"case-{case_id}-evidence.zip", "application/zip"
        except ReportError as exc:
            raise ConsoleError(409, str(exc)) from None
        sha = hashlib.sha256(body).hexdigest()
        act.record_export(session, actor, case, kind, sha, data.name_moved_to if reviewed else None)
    log.info("case exported", extra={"case_id": case_id, "kind": kind, "user_id": info.user_id})
    return Response(
        body,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Bundle-SHA256": sha,
        },
    )


@router.post("/cases/{case_id}/export/report")
def export_report(
    case_id: int, moved_name_reviewed: str = Form(""), p: Post = Depends(posted)
) -> Response:
    return _export(p, case_id, "report", moved_name_reviewed == "on")


@router.post("/cases/{case_id}/export/referral")
def export_referral(
    case_id: int, moved_name_reviewed: str = Form(""), p: Post = Depends(posted)
) -> Response:
    return _export(p, case_id, "referral", moved_name_reviewed == "on")


@router.post("/cases/{case_id}/export/bundle")
def export_bundle(
    case_id: int, moved_name_reviewed: str = Form(""), p: Post = Depends(posted)
) -> Response:
    return _export(p, case_id, "bundle", moved_name_reviewed == "on")


# ------------------------------------------------------------------------------ users
@router.get("/users")
def users_page(request: Request, info: SessionInfo = Depends(current)) -> Response:
    need(info, act.ADMINS, "manage users")
    with _tx(_console(request)) as session:
        uq, tq = select(User), select(Tenant)
        if info.tenant_id is not None:  # an admin of one tenant manages that tenant's users
            uq = uq.where(User.tenant_id == info.tenant_id)
            tq = tq.where(Tenant.id == info.tenant_id)
        users = list(session.scalars(uq.order_by(User.username)))
        tenants = {t.id: t.name for t in session.scalars(tq)}
    return render(
        request,
        "users.html",
        {
            "me": info,
            "csrf": info.csrf,
            "users": users,
            "tenants": tenants,
            "roles": USER_ROLES,
            "error": request.query_params.get("error"),
            "flash": request.query_params.get("done"),
        },
    )


@router.post("/users")
def users_add(
    username: str = Form(""),
    password: str = Form(""),
    role: str = Form(""),
    tenant_id: str = Form(""),
    p: Post = Depends(posted),
) -> Response:
    p.check()
    info = p.info
    need(info, act.ADMINS, "manage users")
    try:
        tid = int(tenant_id) if tenant_id else None
        if info.tenant_id is not None and tid != info.tenant_id:
            raise ValueError("you can only add users of your own tenant")
        with _tx(_console(p.request)) as session, session.begin():
            if tid is not None and session.get(Tenant, tid) is None:
                raise ValueError("no such tenant")
            u = create_user(session, username, password, role, tid)
            audit.append(session, info.username, "user.create", "user", u.id, {"role": role})
    except ValueError as exc:
        return _redirect("/console/users?" + urlencode({"error": str(exc)}))
    return _redirect("/console/users?done=added")


@router.post("/users/{user_id}/deactivate")
def users_deactivate(user_id: int, p: Post = Depends(posted)) -> Response:
    p.check()
    request, info = p.request, p.info
    need(info, act.ADMINS, "manage users")
    if user_id == info.user_id:
        raise ConsoleError(409, "You cannot deactivate yourself.")
    with _tx(_console(request)) as session, session.begin():
        u = session.get(User, user_id)
        if u is None or (info.tenant_id is not None and u.tenant_id != info.tenant_id):
            raise ConsoleError(404, "No such user.")
        u.active = False
        end_user_sessions(session, u.id)
        audit.append(session, info.username, "user.deactivate", "user", u.id)
    return _redirect("/console/users?done=deactivated")


# ------------------------------------------------------------------------------ stats
@router.get("/stats")
def stats_page(request: Request, info: SessionInfo = Depends(current)) -> Response:
    need(info, act.STATS, "see statistics")
    from guardline.stats import case_report
    from guardline.stats.report import CHART_TITLES
    from guardline.stats.store_source import StoreError, iter_case_records

    c = _console(request)
    tenant = None
    if info.tenant_id is not None:
        with _tx(c) as session:
            t = session.get(Tenant, info.tenant_id)
            tenant = t.name if t else None
    try:
        records = list(iter_case_records(c.rt.engine, tenant))
        bundle = case_report(records, tenant=tenant)
    except (StoreError, ValueError) as exc:
        raise ConsoleError(500, f"Statistics are unavailable: {exc}") from None
    charts = [
        {
            "title": CHART_TITLES.get(k, k),
            "src": "data:image/png;base64," + base64.b64encode(v).decode("ascii"),
        }
        for k, v in bundle.charts.items()
    ]
    return render(
        request,
        "stats.html",
        {"me": info, "csrf": info.csrf, "report": bundle.report, "charts": charts},
    )


def _error_page(request: Request, message: str, status: int) -> Response:
    """The error page; to an htmx request (base.html swaps 4xx answers) it replaces the
    page's <main>, so that a refused request (an expired form, say) does not fail silently."""
    headers = (
        {"HX-Retarget": "#main", "HX-Reswap": "outerHTML", "HX-Reselect": "#main"}
        if _is_htmx(request)
        else None
    )
    return render(
        request, "error.html", {"message": message, "status": status}, status, headers=headers
    )


def install_handlers(app: Any) -> None:
    @app.exception_handler(ConsoleError)
    async def _console_error(request: Request, exc: ConsoleError) -> Response:
        if exc.login:
            url = _login_url(request)
            if _is_htmx(request):
                return Response(status_code=401, headers={"HX-Redirect": url})
            return _redirect(url)
        return _error_page(request, exc.message, exc.status)

    @app.exception_handler(ActionError)
    async def _action_error(request: Request, exc: ActionError) -> Response:
        return _error_page(request, exc.message, exc.status)
