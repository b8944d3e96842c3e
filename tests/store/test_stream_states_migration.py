"""``stream_states`` (the bounded streaming runner's table) belongs to the migrated schema.

Migration 0003 creates it; a table already made by the old ``DatabaseStateStore``
(``MetaData.create_all``) upgrades in place with its rows and ends as a fresh one; a different
table of that name stops the upgrade with nothing changed; downgrading to 0002 drops it. The
models and the migrated schema agree, and ``DatabaseStateStore`` brings its database to head
and round-trips detector states. Each case runs on a SQLite file and on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Engine, MetaData, String, Table, Text, insert, inspect, select, text

from guardline.core.model import Message
from guardline.detect import Detector
from guardline.engines.stream import DatabaseStateStore
from guardline.store import models
from guardline.store.db import make_engine
from guardline.store.migrate import alembic_config, current_revision, head_revision, upgrade

TABLE = "stream_states"


@pytest.fixture
def engine(url: str) -> Iterator[Engine]:
    eng = make_engine(url)
    try:
        yield eng
    finally:
        eng.dispose()


def _old_layout_table(engine: Engine) -> Table:
    """The table exactly as DatabaseStateStore made it before migration 0003."""
    md = MetaData()
    t = Table(
        TABLE,
        md,
        Column("namespace", String(100), primary_key=True),
        Column("id", String(400), primary_key=True),
        Column("state", Text, nullable=False),
    )
    md.create_all(engine)
    return t


def _stream_state_diff(engine: Engine) -> list[object]:
    """Differences autogenerate finds between the models and the database, for stream_states."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, models.Base.metadata)
    return [d for d in diff if TABLE in repr(d)]


def _rows(engine: Engine) -> list[tuple[str, str, str]]:
    with engine.connect() as c:
        rows = c.execute(text(f"SELECT namespace, id, state FROM {TABLE} ORDER BY namespace, id"))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_0003_follows_0002_and_is_head() -> None:
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    rev = scripts.get_revision("0003")
    assert rev is not None and rev.down_revision == "0002"
    # stream_states is created by 0003 and nothing later replaces it
    assert "0003" in [r.revision for r in scripts.walk_revisions("base", head_revision())]


def test_models_declare_the_table() -> None:
    t = models.Base.metadata.tables[TABLE]
    assert models.StreamState.__table__ is t
    assert [c.name for c in t.primary_key.columns] == ["namespace", "id"]
    assert t.c.namespace.type.length == 100  # type: ignore[attr-defined]
    assert t.c.id.type.length == 400  # type: ignore[attr-defined]
    assert isinstance(t.c.state.type, Text) and not t.c.state.nullable
    assert not t.foreign_keys  # no tenant: the runner works outside the service's tenants


def test_upgrade_to_head_creates_the_table(url: str, engine: Engine) -> None:
    upgrade(url, "0002")
    assert TABLE not in inspect(engine).get_table_names()
    assert _stream_state_diff(engine) != []  # the models ask for it at 0002: the check is live
    upgrade(url)
    upgrade(url)  # idempotent
    insp = inspect(engine)
    assert current_revision(engine) == head_revision()
    assert TABLE in insp.get_table_names()
    cols = {c["name"]: c for c in insp.get_columns(TABLE)}
    assert set(cols) == {"namespace", "id", "state"}
    assert not any(c["nullable"] for c in cols.values())
    pk = insp.get_pk_constraint(TABLE)
    assert pk["constrained_columns"] == ["namespace", "id"] and pk["name"] == "pk_stream_states"
    assert _stream_state_diff(engine) == []


@pytest.mark.parametrize("migrated_before", [True, False], ids=["at-0002", "unmigrated"])
def test_old_create_all_table_upgrades_and_keeps_its_rows(
    url: str, engine: Engine, migrated_before: bool
) -> None:
    """A deployment whose old DatabaseStateStore already made the table (in a migrated
    service database, or in a database it was pointed at alone)."""
    if migrated_before:
        upgrade(url, "0002")
    t = _old_layout_table(engine)
    states = [("run-a", "c1", '{"n_messages":2,"z":1,"a":0}'), ("run-b", "c1", '{"x":[1,2]}')]
    with engine.begin() as c:
        for ns, cid, raw in states:
            c.execute(insert(t).values(namespace=ns, id=cid, state=raw))
    assert inspect(engine).get_pk_constraint(TABLE)["name"] != "pk_stream_states"

    upgrade(url)
    engine.dispose()  # SQLite rebuilt the table: forget cached connections/metadata
    insp = inspect(engine)
    assert current_revision(engine) == head_revision()
    assert _rows(engine) == sorted(states)
    # it now looks exactly like a freshly created table
    assert insp.get_pk_constraint(TABLE)["name"] == "pk_stream_states"
    assert _stream_state_diff(engine) == []
    # and the new store reads the old rows, byte for byte, in their namespaces
    store = DatabaseStateStore(url, namespace="run-a")
    try:
        assert store.get("c1") == json.loads(states[0][2])
        assert list(store.get("c1") or {}) == ["n_messages", "z", "a"]  # key order kept
        assert len(store) == 1
    finally:
        store.close()
    # downgrade and upgrade again still work on the upgraded table
    command.downgrade(alembic_config(url), "0002")
    assert TABLE not in inspect(engine).get_table_names()
    upgrade(url)
    assert _rows(engine) == []


def test_a_different_table_of_that_name_stops_the_upgrade(url: str, engine: Engine) -> None:
    """E.g. a SQLiteStateStore table (id, state) in the service database: refused, untouched."""
    upgrade(url, "0002")
    with engine.begin() as c:
        c.execute(text(f"CREATE TABLE {TABLE} (id VARCHAR(400) PRIMARY KEY, state TEXT NOT NULL)"))
        c.execute(text(f"INSERT INTO {TABLE} (id, state) VALUES ('c1', '{{}}')"))
    with pytest.raises(RuntimeError, match="not the streaming runner's"):
        upgrade(url)
    engine.dispose()
    assert current_revision(engine) == "0002"
    cols = [c["name"] for c in inspect(engine).get_columns(TABLE)]
    assert cols == ["id", "state"]
    with engine.connect() as c:
        assert c.execute(text(f"SELECT id, state FROM {TABLE}")).all() == [("c1", "{}")]


def test_downgrade_to_0002_drops_only_stream_states(url: str, engine: Engine) -> None:
    upgrade(url, "0003")  # later revisions add their own tables (0004: login_failures)
    with engine.begin() as c:
        c.execute(insert(models.StreamState.__table__).values(namespace="n", id="c", state="{}"))
    before = set(inspect(engine).get_table_names())
    command.downgrade(alembic_config(url), "0002")
    after = set(inspect(engine).get_table_names())
    assert current_revision(engine) == "0002"
    assert before - after == {TABLE}
    assert {"tenants", "conversations", "console_sessions"} <= after


def _detector_state(det: Detector, cid: str) -> dict[str, object]:
    lines = ["hey there", "how old are you", "don't tell your mum", "add me on another app"]
    for i, line in enumerate(lines):
        det.update(Message(cid, i, "u1" if i % 2 else "u2", line))
    return det.state(cid)


def test_database_state_store_round_trips_on_a_new_database(url: str, engine: Engine) -> None:
    det = Detector()
    state = _detector_state(det, "conv-1")
    store = DatabaseStateStore(url, namespace="run-1")
    try:
        # opening the store migrated the database to head, like the service does
        assert current_revision(engine) == head_revision()
        assert {TABLE, "tenants", "console_sessions"} <= set(inspect(engine).get_table_names())
        assert store.get("conv-1") is None and len(store) == 0
        store.put("conv-1", state)
        got = store.get("conv-1")
        assert json.dumps(got) == json.dumps(state)  # exact, key order included
        # a restored detector continues exactly like the original
        other = Detector(model=det.model, registry=det.registry, policy=det.policy)
        other.restore(got)  # type: ignore[arg-type]
        nxt = Message("conv-1", 4, "u1", "how old are you")
        assert other.update(nxt).to_dict() == det.update(nxt).to_dict()
        store.put("conv-1", det.state("conv-1"))  # overwrite, not a second row
        assert len(store) == 1
        assert json.dumps(store.get("conv-1")) == json.dumps(det.state("conv-1"))
        # namespaces are separate; a second store on the same database sees the rows
        again = DatabaseStateStore(url, namespace="run-1")
        elsewhere = DatabaseStateStore(url, namespace="run-2")
        try:
            assert json.dumps(again.get("conv-1")) == json.dumps(det.state("conv-1"))
            assert elsewhere.get("conv-1") is None and len(elsewhere) == 0
        finally:
            again.close()
            elsewhere.close()
        with engine.connect() as c:
            stored = c.execute(select(models.StreamState.namespace, models.StreamState.id)).all()
        assert stored == [("run-1", "conv-1")]
        store.delete("conv-1")
        assert store.get("conv-1") is None and len(store) == 0
    finally:
        store.close()


def test_database_state_store_without_migrating(url: str, engine: Engine) -> None:
    """``migrate=False`` changes nothing and refuses a database not at head."""
    with pytest.raises(RuntimeError, match="guardline db upgrade"):
        DatabaseStateStore(url, migrate=False)
    assert inspect(engine).get_table_names() == []
    upgrade(url, "0002")
    with pytest.raises(RuntimeError, match="revision 0002"):
        DatabaseStateStore(url, migrate=False)
    assert TABLE not in inspect(engine).get_table_names()
    upgrade(url)
    store = DatabaseStateStore(url, migrate=False)
    try:
        store.put("c", {"b": 1, "a": [2]})
        assert store.get("c") == {"b": 1, "a": [2]}
    finally:
        store.close()


CORE_ONLY = """
import importlib.abc, sys

class NoServiceDeps(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("sqlalchemy", "alembic", "psycopg"):
            raise ImportError(f"No module named {name!r}")
        return None

sys.meta_path.insert(0, NoServiceDeps())
from guardline.engines.stream import DatabaseStateStore, MemoryStateStore, SQLiteStateStore

for store in (MemoryStateStore(), SQLiteStateStore(sys.argv[1])):
    store.put("c", {"b": 1, "a": 2})
    assert list(store.get("c")) == ["b", "a"]
    store.close()
assert not [m for m in sys.modules if m.startswith(("sqlalchemy", "guardline.store"))]
try:
    DatabaseStateStore("sqlite:///" + sys.argv[1] + ".service")
except ImportError:
    print("ok")
"""


def test_core_install_imports_the_stream_module_without_sqlalchemy(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", CORE_ONLY, str(tmp_path / "states.db")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"
