"""The audit chain: `guardline audit verify` passes a clean chain and names the first entry
broken by a direct UPDATE or DELETE in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from guardline.evidence import audit
from guardline.store.db import make_engine, session_factory

_SCRIPT = Path(sys.executable).parent / "guardline"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def verify(url: str, *extra: str) -> Result:
    """`guardline audit verify` in this process (Typer's runner)."""
    from typer.testing import CliRunner

    from guardline.cli import app

    res = CliRunner().invoke(app, ["audit", "verify", "--database-url", url, *extra])
    return Result(res.exit_code, res.stdout, res.stderr)


def verify_installed(url: str) -> subprocess.CompletedProcess[str]:
    """The installed `guardline` entry point, as an operator runs it."""
    cmd = (
        [str(_SCRIPT)]
        if _SCRIPT.exists()
        else [sys.executable, "-c", "from guardline.cli import main; main()"]
    )
    return subprocess.run(
        [*cmd, "audit", "verify", "--database-url", url],
        capture_output=True,
        text=True,
        timeout=120,
    )


def fill(url: str, n: int = 6) -> None:
    engine = make_engine(url)
    sessions = session_factory(engine)
    for i in range(n):
        with sessions() as s, s.begin():
            audit.append(
                s,
                f"user{i % 2}",
                "case.note_added",
                "case",
                i + 1,
                {"tenant_id": 1, "note_id": i, "flag": i % 2 == 0},
            )
    engine.dispose()


def sql(url: str, stmt: str, **params: object) -> None:
    engine = make_engine(url)
    with engine.begin() as c:
        c.execute(text(stmt), params)
    engine.dispose()


def test_clean_chain_passes(store_url: str) -> None:
    r = verify(store_url)
    assert r.returncode == 0 and "0 entries" in r.stdout  # empty log is a valid chain
    fill(store_url)
    r = verify(store_url)
    assert r.returncode == 0, r.stderr
    assert "audit chain OK: 6 entries, head seq 6" in r.stdout


def test_update_is_detected(store_url: str) -> None:
    fill(store_url)
    sql(store_url, "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3")
    r = verify_installed(store_url)
    assert r.returncode == 1
    assert "BROKEN at entry seq 3" in r.stderr and "edited" in r.stderr


def test_detail_update_is_detected(store_url: str) -> None:
    fill(store_url)
    sql(store_url, "UPDATE audit_log SET object_id = '99' WHERE seq = 5")
    r = verify(store_url)
    assert r.returncode == 1 and "seq 5" in r.stderr


def test_rehashed_edit_breaks_the_next_link(store_url: str) -> None:
    """An editor who also recomputes the edited entry's hash breaks the following entry."""
    fill(store_url)
    engine = make_engine(store_url)
    with session_factory(engine)() as s, s.begin():
        row = s.get(audit.AuditLog, 2)
        assert row is not None
        row.actor = "forged"
        row.hash = audit.chain_hash(
            row.prev_hash,
            audit.canonical(
                row.seq,
                row.created_at,
                row.actor,
                row.action,
                row.object_type,
                row.object_id,
                row.detail,
            ),
        )
    engine.dispose()
    r = verify(store_url)
    assert r.returncode == 1
    assert "BROKEN at entry seq 3" in r.stderr and "prev_hash" in r.stderr


def test_delete_is_detected(store_url: str) -> None:
    fill(store_url)
    sql(store_url, "DELETE FROM audit_log WHERE seq = 2")
    r = verify(store_url)
    assert r.returncode == 1
    assert "BROKEN at entry seq 2" in r.stderr and "deleted" in r.stderr


def test_deleting_the_head_needs_the_recorded_head(store_url: str) -> None:
    fill(store_url)
    head = verify(store_url).stdout.strip().rsplit(" ", 1)[1]
    assert len(head) == 64
    assert verify(store_url, "--expect-head", head).returncode == 0
    sql(store_url, "DELETE FROM audit_log WHERE seq = 6")
    assert verify(store_url).returncode == 0  # a shorter chain is still a chain...
    r = verify(store_url, "--expect-head", head)  # ...but not the one recorded
    assert r.returncode == 1 and "removed from the end" in r.stderr


def test_a_recorded_head_stays_valid_as_the_log_grows(store_url: str) -> None:
    """The head kept elsewhere is checked later, after the console has appended more entries
    (every login, claim and export is one): those are accepted; cutting the log back to
    before the recorded head, or rewriting the chain through it, is not."""
    fill(store_url)
    head = verify(store_url).stdout.strip().rsplit(" ", 1)[1]
    fill(store_url, 3)  # seq 7-9, appended after the head was recorded
    r = verify(store_url, "--expect-head", head)
    assert r.returncode == 0, r.stderr
    assert "9 entries" in r.stdout and "(3 after the expected head)" in r.stdout
    sql(store_url, "DELETE FROM audit_log WHERE seq >= 6")  # back past the recorded head
    assert verify(store_url).returncode == 0
    r = verify(store_url, "--expect-head", head)
    assert r.returncode == 1 and "removed from the end" in r.stderr
    assert verify(store_url, "--expect-head", audit.GENESIS).returncode == 0


def test_concurrent_appends_keep_one_chain(store_url: str) -> None:
    engine = make_engine(store_url)
    sessions = session_factory(engine)
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            for i in range(8):
                with sessions() as s, s.begin():
                    audit.append(s, f"w{k}", "test.append", "case", i)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with sessions() as s:
        res = audit.verify_chain(s)
    engine.dispose()
    assert res.ok and res.entries == 32


def test_floats_are_refused(store_url: str) -> None:
    engine = make_engine(store_url)
    with session_factory(engine)() as s, pytest.raises(ValueError, match="floats"):
        audit.append(s, "x", "y", detail={"risk": 0.5})
    engine.dispose()
