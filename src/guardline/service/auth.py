"""API keys and scopes. A key is ``gl_<prefix>_<secret>``: shown once, stored as sha256(secret).

The secret is 32 random bytes, so a fast hash is enough (no password stretching needed); the
prefix finds the row, and the hashes are compared in constant time. Scopes: ``ingest`` (send
messages, participants, archives), ``read`` (conversations, alerts, scans), ``admin``
(webhooks, alert status; implies the other two).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from guardline.store.models import SCOPES, ApiKey, Tenant, utcnow

KEY_PREFIX = "gl_"
_LAST_USED_EVERY_S = 60.0


@dataclass(frozen=True, slots=True)
class Principal:
    tenant_id: int
    key_id: int
    scopes: frozenset[str]

    def allows(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def parse_scopes(scopes: str | list[str]) -> list[str]:
    items = scopes.split(",") if isinstance(scopes, str) else scopes
    out = sorted({s.strip() for s in items if s.strip()})
    bad = [s for s in out if s not in SCOPES]
    if bad or not out:
        raise ValueError(f"scopes must be a non-empty subset of {', '.join(SCOPES)}; got {bad}")
    return out


def create_tenant(session: Session, name: str) -> Tenant:
    name = name.strip()
    if not name:
        raise ValueError("tenant name must not be empty")
    if session.scalar(select(Tenant).where(Tenant.name == name)) is not None:
        raise ValueError(f"tenant {name!r} already exists")
    t = Tenant(name=name)
    session.add(t)
    session.flush()
    return t


def create_key(
    session: Session, tenant_id: int, scopes: str | list[str], name: str = ""
) -> tuple[ApiKey, str]:
    """Create a key; returns the row and the full key (the only time it exists in clear)."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    row = ApiKey(
        tenant_id=tenant_id,
        name=name,
        prefix=prefix,
        secret_hash=_hash(secret),
        scopes=parse_scopes(scopes),
    )
    session.add(row)
    session.flush()
    return row, f"{KEY_PREFIX}{prefix}_{secret}"


def revoke_key(session: Session, prefix: str) -> bool:
    res = session.execute(
        update(ApiKey)
        .where(ApiKey.prefix == prefix, ApiKey.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return bool(res.rowcount)  # type: ignore[attr-defined]


class KeyChecker:
    """Checks presented keys; throttles ``last_used_at`` writes to one a minute per key.

    A key that checked out is remembered for ``cache_s`` seconds (by the sha256 of the whole
    presented key), so a revocation takes effect within ``cache_s`` in every process.
    """

    def __init__(self, cache_s: float = 0.0) -> None:
        self._last_write: dict[int, float] = {}
        self.cache_s = cache_s
        self._cache: dict[str, tuple[float, Principal]] = {}

    def cached(self, presented: str) -> Principal | None:
        if self.cache_s <= 0:
            return None
        hit = self._cache.get(_hash(presented))
        if hit is None or time.monotonic() - hit[0] > self.cache_s:
            return None
        return hit[1]

    def check(self, session: Session, presented: str) -> Principal | None:
        p = self._check(session, presented)
        if p is not None and self.cache_s > 0:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[_hash(presented)] = (time.monotonic(), p)
        return p

    def _check(self, session: Session, presented: str) -> Principal | None:
        if not presented.startswith(KEY_PREFIX):
            return None
        prefix, sep, secret = presented[len(KEY_PREFIX) :].partition("_")
        if not sep or not prefix or not secret or len(presented) > 200:
            return None
        row = session.execute(
            select(ApiKey.id, ApiKey.tenant_id, ApiKey.secret_hash, ApiKey.scopes).where(
                ApiKey.prefix == prefix, ApiKey.revoked_at.is_(None)
            )
        ).first()
        if row is None or not hmac.compare_digest(row.secret_hash, _hash(secret)):
            return None
        now = time.monotonic()
        if now - self._last_write.get(row.id, -1e9) > _LAST_USED_EVERY_S:
            self._last_write[row.id] = now
            cutoff = utcnow() - timedelta(seconds=_LAST_USED_EVERY_S)
            session.execute(
                update(ApiKey)
                .where(ApiKey.id == row.id)
                .where((ApiKey.last_used_at.is_(None)) | (ApiKey.last_used_at < cutoff))
                .values(last_used_at=utcnow())
            )
            session.commit()
        return Principal(row.tenant_id, row.id, frozenset(row.scopes))
