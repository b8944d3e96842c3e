"""Console security: argon2 passwords, server-side sessions, CSRF, login rate limiting, headers.

* Passwords: argon2id (argon2-cffi defaults), rehashed on login when the parameters change.
* Sessions: a random 256-bit cookie value; only its sha256 is stored (``console_sessions``),
  with a per-session CSRF token, an absolute expiry and an idle timeout. Login always makes a
  NEW session (any session id sent before login is ignored and deleted: no fixation); logout
  deletes the row. Cookies are HttpOnly, SameSite=Strict, Path=/console and Secure over https.
* CSRF: every state-changing request carries the session's token in the ``csrf`` form field
  or the ``X-CSRF-Token`` header (htmx); the login form uses a double-submit cookie.
* Login rate limiting: failures are counted per username and per client address in a sliding
  window; over the limit, logins are refused (429) until the window passes. In-process state:
  run one console process, or put the limit in the proxy too.
* Headers: a CSP that allows scripts only from this origin (no inline script, no eval),
  nosniff, no framing, no referrer, no caching of console pages.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from guardline.console.models import ConsoleSession
from guardline.store.models import USER_ROLES, User, utcnow

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


def load_session(session: Session, token: str | None, idle_minutes: float) -> SessionInfo | None:
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
    if (now - _aware(row.last_seen_at)).total_seconds() > 30:
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


class LoginLimiter:
    """Failed logins per key in a sliding window (thread-safe, in-process)."""

    def __init__(self, max_failures: int, window_s: float) -> None:
        self.max = max_failures
        self.window = window_s
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def blocked(self, *keys: str) -> float:
        """Seconds until a login may be tried again (0 = allowed)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for k in keys:
                q = self._prune(k, now)
                if len(q) >= self.max:
                    wait = max(wait, q[0] + self.window - now)
        return wait

    def failure(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._prune(k, now).append(now)
            if len(self._fails) > 100_000:  # bound memory under a spray of usernames
                for k in [k for k, q in self._fails.items() if not q][:50_000]:
                    del self._fails[k]

    def success(self, username_key: str) -> None:
        with self._lock:
            self._fails.pop(username_key, None)


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
