"""The append-only audit log: every entry chained by SHA-256 to the one before.

``entry.hash = sha256(prev_hash + canonical(entry))`` where ``canonical`` is the sorted-key
JSON of ``seq, created_at, actor, action, object_type, object_id, detail``; the first entry's
``prev_hash`` is 64 zeros. Sequence numbers are assigned here, contiguously from 1, under a
lock (``pg_advisory_xact_lock`` on PostgreSQL; SQLite serialises writers with ``BEGIN
IMMEDIATE``), so ``verify_chain`` detects an edited row (its hash no longer matches), a deleted
row (a gap in ``seq`` or a broken ``prev_hash`` link) and an inserted one. Deleting the newest
entries leaves a shorter valid chain: keep the head ``verify_chain`` reports somewhere else and
pass it later (``guardline audit verify --expect-head``): the chain must still hold that entry,
so entries cut back to before it are caught, while entries appended since are accepted. The
hashes are not keyed: whoever can write the table can recompute the chain, so an entry added,
edited or removed after the last head kept elsewhere is not detectable.

Details must hold JSON strings, integers, booleans and lists/dicts of them (no floats), so
that they survive a database round trip (JSONB) unchanged. Never put message text here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from guardline.store.models import AuditLog, utcnow

GENESIS = "0" * 64
_LOCK_KEY = 0x6775_6172_646C  # "guardl": the advisory lock id of the audit chain


def _ts(dt: datetime) -> str:
    """UTC, microseconds: what both SQLite and PostgreSQL give back unchanged."""
    dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return dt.isoformat(timespec="microseconds")


def canonical(
    seq: int,
    created_at: datetime,
    actor: str,
    action: str,
    object_type: str | None,
    object_id: str | None,
    detail: dict[str, Any] | None,
) -> bytes:
    return json.dumps(
        {
            "seq": seq,
            "created_at": _ts(created_at),
            "actor": actor,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "detail": detail,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")


def chain_hash(prev_hash: str, body: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + body).hexdigest()


def _check_detail(v: Any, path: str = "detail") -> None:
    if isinstance(v, float):
        raise ValueError(f"{path}: floats are not allowed in audit details (use str or int)")
    if isinstance(v, dict):
        for k, x in v.items():
            if not isinstance(k, str):
                raise ValueError(f"{path}: keys must be strings")
            _check_detail(x, f"{path}.{k}")
    elif isinstance(v, list):
        for i, x in enumerate(v):
            _check_detail(x, f"{path}[{i}]")
    elif v is not None and not isinstance(v, (str, int, bool)):
        raise ValueError(f"{path}: unsupported type {type(v).__name__}")


def append(
    session: Session,
    actor: str,
    action: str,
    object_type: str | None = None,
    object_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditLog:
    """Append one entry in the caller's transaction (it commits or rolls back with it)."""
    _check_detail(detail)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    last = session.execute(
        select(AuditLog.seq, AuditLog.hash).order_by(AuditLog.seq.desc()).limit(1)
    ).first()
    seq = (last.seq + 1) if last else 1
    prev = last.hash if last else GENESIS
    now = utcnow()
    oid = None if object_id is None else str(object_id)
    h = chain_hash(prev, canonical(seq, now, actor, action, object_type, oid, detail))
    row = AuditLog(
        seq=seq,
        created_at=now,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=oid,
        detail=detail,
        prev_hash=prev,
        hash=h,
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    head_seq: int | None
    head_hash: str | None
    broken_seq: int | None = None
    reason: str | None = None
    #: with ``expect_head``: the seq of the entry that has that hash (0: the empty chain)
    expected_seq: int | None = None

    def describe(self) -> str:
        if self.ok:
            since = (
                ""
                if self.expected_seq is None
                else f" ({self.entries - self.expected_seq} after the expected head)"
            )
            return (
                f"audit chain OK: {self.entries} entries, head seq {self.head_seq} "
                f"hash {self.head_hash or GENESIS}{since}"
            )
        return f"audit chain BROKEN at entry seq {self.broken_seq}: {self.reason}"


def _rows(session: Session, batch: int = 1000) -> Iterator[AuditLog]:
    after = 0
    while True:
        rows = list(
            session.scalars(
                select(AuditLog).where(AuditLog.seq > after).order_by(AuditLog.seq).limit(batch)
            )
        )
        if not rows:
            return
        yield from rows
        after = rows[-1].seq
        session.expunge_all()


def verify_chain(session: Session, expect_head: str | None = None) -> VerifyResult:
    """Walk the whole log in order; stop at the first entry that breaks the chain.

    ``expect_head``: a head hash reported earlier; the chain must hold it (entries appended
    after it are fine, entries removed from the end back past it are not)."""
    prev = GENESIS
    expected_seq = 1
    n = 0
    anchor: int | None = 0 if expect_head in (None, GENESIS) else None
    last: tuple[int, str] | None = None
    for r in _rows(session):
        if r.seq != expected_seq:
            return VerifyResult(
                False,
                n,
                last[0] if last else None,
                last[1] if last else None,
                expected_seq,
                f"entry missing (next stored entry is seq {r.seq}): deleted",
            )
        if r.prev_hash != prev:
            return VerifyResult(
                False,
                n,
                last[0] if last else None,
                last[1] if last else None,
                r.seq,
                "prev_hash does not match the entry before",
            )
        body = canonical(
            r.seq, r.created_at, r.actor, r.action, r.object_type, r.object_id, r.detail
        )
        if chain_hash(prev, body) != r.hash:
            return VerifyResult(
                False,
                n,
                last[0] if last else None,
                last[1] if last else None,
                r.seq,
                "content does not match its hash: edited",
            )
        prev = r.hash
        last = (r.seq, r.hash)
        if anchor is None and r.hash == expect_head:
            anchor = r.seq
        expected_seq += 1
        n += 1
    head_seq, head_hash = last if last else (None, None)
    if anchor is None:
        return VerifyResult(
            False,
            n,
            head_seq,
            head_hash,
            expected_seq,
            "the expected head is not in the chain: entries were removed from the end "
            "(or the chain was rewritten)",
        )
    return VerifyResult(
        True, n, head_seq, head_hash, expected_seq=None if expect_head is None else anchor
    )


def extract(session: Session, object_type: str, object_ids: list[str]) -> list[dict[str, Any]]:
    """The entries about some objects, as plain dicts (for evidence bundles)."""
    rows = session.scalars(
        select(AuditLog)
        .where(AuditLog.object_type == object_type, AuditLog.object_id.in_(object_ids))
        .order_by(AuditLog.seq)
    )
    return [
        {
            "seq": r.seq,
            "created_at": _ts(r.created_at),
            "actor": r.actor,
            "action": r.action,
            "object_type": r.object_type,
            "object_id": r.object_id,
            "detail": r.detail,
            "prev_hash": r.prev_hash,
            "hash": r.hash,
        }
        for r in rows
    ]
