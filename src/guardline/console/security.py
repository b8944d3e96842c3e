"""Console security: argon2 passwords, server-side sessions, CSRF, login rate limiting, headers.

* Passwords: argon2id (argon2-cffi defaults), rehashed on login when the parameters change.
* Sessions: a random 256-bit cookie value; only its sha256 is stored (``console_sessions``),
  with a per-session CSRF token, an absolute expiry and an idle timeout. Login always makes a
  NEW session (any session id sent before login is ignored and deleted: no fixation); logout
  deletes the row. Cookies are HttpOnly, SameSite=Strict, Path=/console and Secure over https.
* CSRF: every state-changing request carries the session's token in the ``csrf`` form field
  or the ``X-CSRF-Token`` header (htmx); the login form uses a double-submit cookie.
* Login rate limiting: failures are counted per username and per client address in a sliding
  window; over the limit, logins are refused (429) until the window passes. The count lives in
  the database (``login_failures``), so every console process on it (``serve --workers N``,
  several hosts on one PostgreSQL) shares one budget; each attempt is claimed (written) before
  the password is checked, so concurrent attempts cannot exceed it either.
* Headers: a CSP that allows scripts only from this origin (no inline script, no eval),
  nosniff, no framing, no referrer, no caching of console pages.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from guardline.console.models import ConsoleSession
from guardline.store.models import USER_ROLES, LoginFailure, User, utcnow

SESSION_COOKIE = "gl_session"
LOGIN_COOKIE = "gl_login"
COOKIE_PATH = "/console"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cache-Control": "no-store",
}

_hasher = PasswordHasher()
# a fixed hash to verify against when the user does not exist (same time either way)
_DUMMY = _hasher.hash("guardline-no-such-user")
MIN_PASSWORD = 12


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"passwords need at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def create_user(
    session: Session, username: str, password: str, role: str, tenant_id: int | None = None
) -> User:
    username = username.strip()
    if not username or len(username) > 200:
        raise ValueError("username must be 1-200 characters")
    if role not in USER_ROLES:
        raise ValueError(f"role must be one of {', '.join(USER_ROLES)}")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise ValueError(f"user {username!r} already exists")
    u = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        tenant_id=tenant_id,
        active=True,
    )
    session.add(u)
    session.flush()
    return u


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this password, or None (constant work either way)."""
    user = session.scalar(select(User).where(User.username == username))
    h = user.password_hash if user is not None else _DUMMY
    try:
        _hasher.verify(h, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(h):
        user.password_hash = _hasher.hash(password)
    return user


def _sid(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


@dataclass(frozen=True)
class SessionInfo:
    sid: str
    csrf: str
    user_id: int
    username: str
    role: str
    tenant_id: int | None


def start_session(
    session: Session, user: User, hours: float, old_token: str | None = None
) -> tuple[str, str]:
    """A new session for ``user``: returns (cookie value, csrf token). Drops ``old_token``."""
    if old_token:
        session.execute(delete(ConsoleSession).where(ConsoleSession.id == _sid(old_token)))
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        ConsoleSession(
            id=_sid(token),
            user_id=user.id,
            csrf=csrf,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    # housekeeping: expired sessions of everyone
    session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))
    return token, csrf


def load_session(
    session: Session, token: str | None, idle_minutes: float, touch: bool = True
) -> SessionInfo | None:
    """The live session of ``token``; ``touch=False`` (a page refreshing itself, not the
    moderator) does not count as activity for the idle timeout."""
    if not token or len(token) > 100:
        return None
    row = session.get(ConsoleSession, _sid(token))
    if row is None:
        return None
    now = utcnow()
    if (
        _aware(row.expires_at) < now
        or _aware(row.last_seen_at) + timedelta(minutes=idle_minutes) < now
    ):
        session.delete(row)
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        session.delete(row)
        return None
    if touch and (now - _aware(row.last_seen_at)).total_seconds() > 30:
        row.last_seen_at = now
    return SessionInfo(row.id, row.csrf, user.id, user.username, user.role, user.tenant_id)


def end_session(session: Session, token: str | None) -> bool:
    if not token:
        return False
    res = session.execute(delete(ConsoleSession).where(ConsoleSession.id == _sid(token)))
    return bool(res.rowcount)  # type: ignore[attr-defined]


def end_user_sessions(session: Session, user_id: int) -> None:
    session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user_id))


def tokens_equal(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


@dataclass(frozen=True)
class LoginAttempt:
    """A claimed login attempt: its rows in ``login_failures``; ``wait`` > 0: refused, retry
    after that many seconds (the claim was withdrawn)."""

    keys: tuple[str, ...]  # hashed keys, the username's first
    ids: tuple[int, ...]
    wait: float


def limit_key(key: str) -> str:
    """The stored form of a rate-limit key: its sha256 (no typed username kept in clear)."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class LoginLimiter:
    """Failed logins per key (``u:<username>``, ``ip:<address>``) in a sliding window, counted
    in the database so every process using it shares the budget.

    ``attempt`` writes one row per key and commits it BEFORE counting: two concurrent attempts
    (in one process or several) each see the other's row, so together they never exceed
    ``max_failures`` in a window. A refused attempt's rows are deleted (refusals do not extend
    a lockout); a failed one's rows stay, as its failures; a successful one deletes its rows
    and the username's earlier failures (the address keeps its count). Rows older than the
    window are pruned when a failure is recorded. Times are the hosts' UTC clocks: hosts
    sharing a database need synchronised clocks (as sessions' expiry does).
    """

    def __init__(
        self,
        sessions: Callable[[], Session],
        max_failures: int,
        window_s: float,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.max = max_failures
        self.window = timedelta(seconds=window_s)
        self.clock = clock

    def attempt(self, *keys: str) -> LoginAttempt:
        """Claim one login attempt against every key; refused (``wait`` > 0) when a key
        already has ``max_failures`` failures (or running attempts) in the window."""
        hashed = tuple(limit_key(k) for k in keys)
        now = self.clock()
        with self.sessions() as session:
            with session.begin():
                rows = [LoginFailure(key=k, at=now) for k in hashed]
                session.add_all(rows)
                session.flush()
                ids = tuple(r.id for r in rows)
            wait = 0.0
            with session.begin():
                for k in hashed:
                    # the newest ``max`` others in the window: the oldest of them leaving the
                    # window is when a login may be tried again
                    ats = session.scalars(
                        select(LoginFailure.at)
                        .where(
                            LoginFailure.key == k,
                            LoginFailure.at > now - self.window,
                            LoginFailure.id.not_in(ids),
                        )
                        .order_by(LoginFailure.at.desc())
                        .limit(self.max)
                    ).all()
                    if len(ats) >= self.max:
                        until = _aware(ats[-1]) + self.window - now
                        wait = max(wait, until.total_seconds(), 0.001)
                if wait > 0:
                    session.execute(delete(LoginFailure).where(LoginFailure.id.in_(ids)))
        return LoginAttempt(hashed, ids, wait)

    def failed(self, attempt: LoginAttempt) -> None:
        """The attempt's password was wrong: its rows stay as failures; prune expired rows."""
        with self.sessions() as session, session.begin():
            session.execute(
                delete(LoginFailure).where(LoginFailure.at <= self.clock() - self.window)
            )

    def succeeded(self, attempt: LoginAttempt) -> None:
        """The login worked: withdraw the attempt and forget the failures of its first key
        (the username's; the address keeps its count)."""
        with self.sessions() as session, session.begin():
            session.execute(
                delete(LoginFailure).where(
                    LoginFailure.id.in_(attempt.ids) | (LoginFailure.key == attempt.keys[0])
                )
            )

    def clear(self) -> None:
        """Forget every failure (lifts all lockouts)."""
        with self.sessions() as session, session.begin():
            session.execute(delete(LoginFailure))


class SecurityHeaders:
    """ASGI middleware: security headers on every /console response."""

    def __init__(self, app: Any, prefix: str = "/console") -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"

        async def wrapped(msg: Any) -> None:
            if msg["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in msg.get("headers", [])
                    if k.decode("latin-1").lower() not in {h.lower() for h in SECURITY_HEADERS}
                ]
                for k, v in SECURITY_HEADERS.items():
                    if k == "Cache-Control" and scope["path"].startswith(self.prefix + "/static/"):
                        v = "public, max-age=3600"
                    headers.append((k.lower().encode(), v.encode()))
                if https:
                    headers.append(
                        (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
                    )
                msg = {**msg, "headers": headers}
            await send(msg)

        await self.app(scope, receive, wrapped)
