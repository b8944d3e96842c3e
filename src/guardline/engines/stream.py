"""A bounded streaming runner: the Detector over an endless message stream in bounded memory.

:class:`BoundedDetector` wraps a :class:`~guardline.detect.Detector` and keeps at most
``max_open`` conversations' state in memory. When a message arrives for a conversation that
is not open and the bound is reached, the least recently used conversation is *evicted*: its
state (``Detector.state``) is written to a :class:`StateStore` and closed in the detector.
When a message for an evicted conversation arrives, its state is *restored* from the store
(``Detector.restore``) before the message is scored. The results are identical to an
unbounded detector's (the state round trip is exact JSON), which the tests check message by
message.

State stores:

- :class:`MemoryStateStore` keeps JSON strings in a dict (tests, small runs);
- :class:`SQLiteStateStore` keeps them in a SQLite file (stdlib ``sqlite3``: no service
  dependencies, so the core install can stream bounded);
- :class:`DatabaseStateStore` keeps them in the service's database (SQLite or PostgreSQL via
  :mod:`guardline.store.db`) in the table ``stream_states``, part of the migrated schema
  (:mod:`guardline.store.models`, migration 0003).

States are stored as JSON text, never pickled.
"""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from guardline.core.model import ConversationAssessment, Message, Participant
from guardline.detect import Detector

if TYPE_CHECKING:  # SQLAlchemy is an extra: only DatabaseStateStore imports it, when opened
    from sqlalchemy import Table


class StateStore(Protocol):
    """Where evicted conversation states live (JSON-serialisable dicts keyed by id)."""

    def get(self, conversation_id: str) -> dict[str, Any] | None: ...

    def put(self, conversation_id: str, state: dict[str, Any]) -> None: ...

    def delete(self, conversation_id: str) -> None: ...

    def commit(self) -> None: ...

    def __len__(self) -> int: ...

    def close(self) -> None: ...


class MemoryStateStore:
    """States as JSON strings in a dict (the same round trip as the persistent stores)."""

    def __init__(self) -> None:
        self._data: dict[str, str] = {}

    def get(self, conversation_id: str) -> dict[str, Any] | None:
        raw = self._data.get(conversation_id)
        return None if raw is None else json.loads(raw)  # type: ignore[no-any-return]

    def put(self, conversation_id: str, state: dict[str, Any]) -> None:
        self._data[conversation_id] = json.dumps(state, separators=(",", ":"))

    def delete(self, conversation_id: str) -> None:
        self._data.pop(conversation_id, None)

    def commit(self) -> None:
        return None

    def __len__(self) -> int:
        return len(self._data)

    def close(self) -> None:
        return None


class SQLiteStateStore:
    """States in a SQLite file (WAL). Writes are committed every ``commit_every`` puts and on
    :meth:`commit` / :meth:`close`; reads see uncommitted writes of this store."""

    def __init__(self, path: str | Path, *, commit_every: int = 1000) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS stream_states (id TEXT PRIMARY KEY, state TEXT NOT NULL)"
        )
        self._commit_every = max(1, commit_every)
        self._pending = 0
        self._in_tx = False

    def _begin(self) -> None:
        if not self._in_tx:
            self._db.execute("BEGIN")
            self._in_tx = True

    def get(self, conversation_id: str) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT state FROM stream_states WHERE id = ?", (conversation_id,)
        ).fetchone()
        return None if row is None else json.loads(row[0])  # type: ignore[no-any-return]

    def put(self, conversation_id: str, state: dict[str, Any]) -> None:
        self._begin()
        self._db.execute(
            "INSERT INTO stream_states (id, state) VALUES (?, ?) "
            "ON CONFLICT(id) DO UPDATE SET state = excluded.state",
            (conversation_id, json.dumps(state, separators=(",", ":"))),
        )
        self._pending += 1
        if self._pending >= self._commit_every:
            self.commit()

    def delete(self, conversation_id: str) -> None:
        self._begin()
        self._db.execute("DELETE FROM stream_states WHERE id = ?", (conversation_id,))
        self._pending += 1

    def commit(self) -> None:
        if self._in_tx:
            self._db.execute("COMMIT")
            self._in_tx = False
        self._pending = 0

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM stream_states").fetchone()[0])

    def close(self) -> None:
        self.commit()
        self._db.close()


class DatabaseStateStore:
    """States in the service's database (``sqlite:///...`` or ``postgresql://...``), table
    ``stream_states`` of :mod:`guardline.store.models` (migration 0003). It belongs to no
    tenant and holds no message text beyond what detector state holds: signs, spans and
    per-author accumulators.

    Opening the store brings the database to the head revision first, as the service does
    (:func:`guardline.store.migrate.upgrade`), so a new or older database gets the whole
    schema. With ``migrate=False`` nothing is changed and a database not at head is refused
    (:class:`RuntimeError`; run ``guardline db upgrade``)."""

    def __init__(
        self, database_url: str, *, namespace: str = "default", migrate: bool = True
    ) -> None:
        # imported here: the core install (no SQLAlchemy) can still use the other stores
        from guardline.store.db import make_engine
        from guardline.store.migrate import current_revision, head_revision, upgrade
        from guardline.store.models import StreamState

        self.namespace = namespace
        if migrate:
            upgrade(database_url)
        self._engine = make_engine(database_url, pool_size=1)
        if not migrate:
            current, head = current_revision(self._engine), head_revision()
            if current != head:
                self._engine.dispose()
                raise RuntimeError(
                    f"database schema is at revision {current or 'none'}, not {head}: "
                    "run `guardline db upgrade` first"
                )
        # a declarative class's __table__ is typed FromClause (a class may map any
        # selectable); StreamState maps a plain Table, which delete() and insert() take
        self._t = cast("Table", StreamState.__table__)

    def get(self, conversation_id: str) -> dict[str, Any] | None:
        from sqlalchemy import select

        t = self._t
        with self._engine.connect() as c:
            raw = c.execute(
                select(t.c.state).where(t.c.namespace == self.namespace, t.c.id == conversation_id)
            ).scalar()
        return None if raw is None else json.loads(raw)  # type: ignore[no-any-return]

    def put(self, conversation_id: str, state: dict[str, Any]) -> None:
        from sqlalchemy import delete, insert

        t = self._t
        raw = json.dumps(state, separators=(",", ":"))
        with self._engine.begin() as c:
            c.execute(delete(t).where(t.c.namespace == self.namespace, t.c.id == conversation_id))
            c.execute(insert(t).values(namespace=self.namespace, id=conversation_id, state=raw))

    def delete(self, conversation_id: str) -> None:
        from sqlalchemy import delete

        t = self._t
        with self._engine.begin() as c:
            c.execute(delete(t).where(t.c.namespace == self.namespace, t.c.id == conversation_id))

    def commit(self) -> None:
        return None  # every put is its own transaction

    def __len__(self) -> int:
        from sqlalchemy import func, select

        t = self._t
        with self._engine.connect() as c:
            n = c.execute(
                select(func.count()).select_from(t).where(t.c.namespace == self.namespace)
            ).scalar()
        return int(n or 0)

    def close(self) -> None:
        self._engine.dispose()


@dataclass
class StreamStats:
    """What the runner did: messages scored, evictions, restores, most conversations open."""

    messages: int = 0
    evictions: int = 0
    restores: int = 0
    peak_open: int = 0

    def to_dict(self) -> dict[str, int]:
        return {
            "messages": self.messages,
            "evictions": self.evictions,
            "restores": self.restores,
            "peak_open": self.peak_open,
        }


class BoundedDetector:
    """A Detector that holds at most ``max_open`` conversations in memory (LRU eviction)."""

    def __init__(self, detector: Detector, store: StateStore, max_open: int) -> None:
        if max_open < 1:
            raise ValueError("max_open must be at least 1")
        self.detector = detector
        self.store = store
        self.max_open = max_open
        self.stats = StreamStats()
        self._lru: OrderedDict[str, None] = OrderedDict()

    @property
    def open_conversations(self) -> int:
        return len(self._lru)

    def _open(self, conversation_id: str) -> None:
        """Make ``conversation_id`` resident (restoring it, evicting the oldest if needed)."""
        if conversation_id in self._lru:
            self._lru.move_to_end(conversation_id)
            return
        while len(self._lru) >= self.max_open:
            self._evict_oldest()
        data = self.store.get(conversation_id)
        if data is not None:
            self.detector.close(conversation_id)
            self.detector.restore(data)
            self.stats.restores += 1
        self._lru[conversation_id] = None
        if len(self._lru) > self.stats.peak_open:
            self.stats.peak_open = len(self._lru)

    def _evict_oldest(self) -> None:
        cid, _ = self._lru.popitem(last=False)
        try:
            state = self.detector.state(cid)
        except KeyError:  # opened but never updated (nothing to keep)
            return
        self.store.put(cid, state)
        self.detector.close(cid)
        self.stats.evictions += 1

    def update(
        self, message: Message, participant: Participant | None = None
    ) -> ConversationAssessment:
        """Score one message, exactly as ``Detector.update`` would with unbounded memory."""
        self._open(message.conversation_id)
        self.stats.messages += 1
        return self.detector.update(message, participant)

    def set_participant(self, conversation_id: str, participant: Participant) -> None:
        self._open(conversation_id)
        self.detector.set_participant(conversation_id, participant)

    def assessment(self, conversation_id: str) -> ConversationAssessment:
        self._open(conversation_id)
        return self.detector.assessment(conversation_id)

    def state(self, conversation_id: str) -> dict[str, Any]:
        """The conversation's current state, from memory or the store (without opening it)."""
        if conversation_id in self._lru:
            return self.detector.state(conversation_id)
        data = self.store.get(conversation_id)
        if data is None:
            raise KeyError(conversation_id)
        return data

    def close(self, conversation_id: str) -> None:
        """The conversation ended: forget it in memory and in the store."""
        self._lru.pop(conversation_id, None)
        self.detector.close(conversation_id)
        self.store.delete(conversation_id)

    def flush(self) -> None:
        """Write every open conversation's state to the store (they stay open)."""
        for cid in self._lru:
            try:
                self.store.put(cid, self.detector.state(cid))
            except KeyError:
                continue
        self.store.commit()

    def known_ids(self) -> list[str]:
        """Conversations currently in memory (most recently used last)."""
        return list(self._lru)
