"""The bounded streaming runner gives exactly the unbounded detector's results.

20,000 synthetic messages (seeded, non-explicit, many interleaved conversations) go through
``BoundedDetector`` with at most 100 conversations in memory and through a plain Detector:
every assessment is equal message by message, the final state of every conversation is
equal, the bound is never exceeded, and evictions/restores really happened. Runs with each
state store: in memory, a SQLite file, and the service database (SQLite and PostgreSQL).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from guardline.detect import Detector
from guardline.engines.membench import synthetic_stream
from guardline.engines.stream import (
    BoundedDetector,
    DatabaseStateStore,
    MemoryStateStore,
    SQLiteStateStore,
    StateStore,
)


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector()


def _same(a: object, b: object) -> None:
    ad, bd = a.to_dict(), b.to_dict()  # type: ignore[attr-defined]
    assert ad == bd
    assert a.risk == b.risk  # type: ignore[attr-defined]  # exact, not rounded


def _check(det_model: Detector, store: StateStore, n: int, bound: int, active: int) -> None:
    plain = Detector(model=det_model.model, registry=det_model.registry, policy=det_model.policy)
    inner = Detector(model=det_model.model, registry=det_model.registry, policy=det_model.policy)
    bounded = BoundedDetector(inner, store, bound)
    seen: set[str] = set()
    alerts = 0
    signs = 0
    for msg in synthetic_stream(n, active=active, seed=11, indicator_rate=0.05):
        a = plain.update(msg)
        b = bounded.update(msg)
        _same(a, b)
        alerts += a.alert and a.first_alert_index == msg.index
        signs += len(a.evidence)
        seen.add(msg.conversation_id)
        assert inner.open_conversations <= bound
        assert bounded.open_conversations <= bound
    assert bounded.stats.peak_open == bound
    assert bounded.stats.evictions > n // 10 and bounded.stats.restores > n // 10
    assert signs > 0, "the stream should carry evidence in the state"
    if n >= 20_000:
        assert alerts > 0, "the stream should raise some alerts"
    for cid in seen:
        assert json.dumps(bounded.state(cid), sort_keys=True) == json.dumps(
            plain.state(cid), sort_keys=True
        )
    bounded.flush()
    assert len(store) == len(seen)
    # after a flush, a brand-new runner on the same store continues identically
    other = BoundedDetector(
        Detector(model=det_model.model, registry=det_model.registry, policy=det_model.policy),
        store,
        bound,
    )
    cid = next(iter(sorted(seen)))
    from guardline.core.model import Message

    nxt = Message(cid, plain.state(cid)["n_messages"], "u1", "how old are you")
    _same(plain.update(nxt), other.update(nxt))
    # closing forgets the conversation in memory and in the store
    other.close(cid)
    with pytest.raises(KeyError):
        other.state(cid)
    assert len(store) == len(seen) - 1


def test_memory_store(detector: Detector) -> None:
    _check(detector, MemoryStateStore(), 20_000, 100, 600)


def test_sqlite_file_store(detector: Detector, tmp_path: Path) -> None:
    store = SQLiteStateStore(tmp_path / "states.db", commit_every=50)
    _check(detector, store, 20_000, 100, 600)
    store.close()
    # the file alone holds the states (a new process could resume from it)
    again = SQLiteStateStore(tmp_path / "states.db")
    assert len(again) > 100
    again.close()


@pytest.fixture(params=["sqlite", "postgres"])
def service_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    from hard_support import database_for

    with database_for(request.param, tmp_path / "guardline.db") as url:
        yield url


def test_service_database_store(detector: Detector, service_db: str) -> None:
    store = DatabaseStateStore(service_db, namespace="hardening")
    try:
        _check(detector, store, 3_000, 20, 120)
        # namespaces do not see each other
        assert len(DatabaseStateStore(service_db, namespace="other")) == 0
    finally:
        store.close()


def test_bound_must_be_positive(detector: Detector) -> None:
    with pytest.raises(ValueError):
        BoundedDetector(detector, MemoryStateStore(), 0)
