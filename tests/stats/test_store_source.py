"""Case records read from a real database built by the store's migrations (SQLite file, and
PostgreSQL when GUARDLINE_TEST_POSTGRES_URL is set), and `guardline stats cases --db`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from guardline.cli import app
from guardline.stats.cases import CaseRecord, compute_case_stats, demo_records
from guardline.stats.store_source import (
    StoreError,
    case_report_from_engine,
    insert_case_records,
    iter_case_records,
    read_case_records,
)
from guardline.store.db import make_engine
from guardline.store.migrate import upgrade
from guardline.store.models import Case, ConversationRow, Tenant

AS_OF = datetime(2025, 11, 1, tzinfo=UTC)
runner = CliRunner()


def _key(r: CaseRecord) -> tuple[object, ...]:
    when = r.confirmed_at.astimezone(UTC) if r.confirmed_at else None
    return (r.status, when, r.platform, r.surface, r.victim_age_band, r.region, r.tenant)


def _roundtrip(url: str) -> None:
    upgrade(url)
    engine = make_engine(url)
    try:
        recs = demo_records(n=300, seed=11)
        assert insert_case_records(engine, recs) == 300
        back = list(iter_case_records(engine))
        assert sorted(map(_key, back), key=repr) == sorted(map(_key, recs), key=repr)
        only_b = list(iter_case_records(engine, tenant="demo-tenant-b"))
        assert len(only_b) == sum(r.tenant == "demo-tenant-b" for r in recs)
        # same statistics from the database as from the records themselves
        a = compute_case_stats(recs, "quarter", as_of=AS_OF)
        b = compute_case_stats(back, "quarter", as_of=AS_OF)
        assert {k: c.public() for k, c in a.by_period.cells.items()} == {
            k: c.public() for k, c in b.by_period.cells.items()
        }
        assert a.share_under_12_pct == b.share_under_12_pct
        # the console's entry point: the report dict and chart PNGs straight from the engine
        bundle = case_report_from_engine(engine, period="quarter", as_of=AS_OF)
        assert bundle.report["figures"]["confirmed_cases"] == a.confirmed.public()
        assert [c["file"] for c in bundle.report["charts"]] == list(bundle.charts)
        assert all(png.startswith(b"\x89PNG") for png in bundle.charts.values())
    finally:
        engine.dispose()


def test_sqlite_roundtrip(tmp_path: Path) -> None:
    _roundtrip(f"sqlite:///{tmp_path / 'g.db'}")


@pytest.fixture
def pg_url(empty_pg_url: str) -> str:
    return empty_pg_url


def test_postgres_roundtrip(pg_url: str) -> None:
    _roundtrip(pg_url)


def test_platform_falls_back_to_the_conversation(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as s, s.begin():
            t = Tenant(name="t")
            s.add(t)
            s.flush()
            conv = ConversationRow(
                tenant_id=t.id, external_id="c1", platform="from-conv", surface="dm"
            )
            s.add(conv)
            s.flush()
            s.add(
                Case(
                    tenant_id=t.id,
                    conversation_id=conv.id,
                    status="confirmed",
                    confirmed_at=AS_OF,
                    victim_age_band="under_12",
                )
            )
            s.add(
                Case(
                    tenant_id=t.id,
                    status="confirmed",
                    platform="own",
                    confirmed_at=AS_OF,
                    victim_age_band="bogus",
                )
            )
        rows = iter_case_records(engine)
        first = next(rows)
        assert (first.platform, first.surface) == ("from-conv", "dm")
        # a value outside the age bands is an error naming the row, not a silent skip
        with pytest.raises(StoreError, match=r"cases row id 2: .*victim_age_band 'bogus'"):
            next(rows)
    finally:
        engine.dispose()


def test_missing_database_and_schema(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database file"):
        read_case_records(f"sqlite:///{tmp_path / 'none.db'}")
    assert not (tmp_path / "none.db").exists()
    empty = tmp_path / "empty.db"
    create_engine(f"sqlite:///{empty}").connect().close()
    with pytest.raises(StoreError, match="no cases table"):
        read_case_records(f"sqlite:///{empty}")


def test_cli_stats_cases_from_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    upgrade(url)
    engine = make_engine(url)
    insert_case_records(engine, demo_records())
    engine.dispose()
    out = tmp_path / "report"
    res = runner.invoke(
        app,
        [
            "stats",
            "cases",
            "--db",
            url,
            "--period",
            "quarter",
            "--as-of",
            "2025-11-01",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text())
    direct = compute_case_stats(demo_records(), "quarter", as_of=AS_OF)
    assert report["figures"]["confirmed_cases"] == direct.confirmed.public()
    assert report["source"].startswith("cases table of sqlite:///")
    assert "Confirmed cases" in res.output and "files written" in res.output
    assert (out / "cases_by_quarter.png").stat().st_size > 1000
    # the default database comes from GUARDLINE_DATABASE_URL
    res = runner.invoke(
        app,
        [
            "stats",
            "cases",
            "--out",
            str(tmp_path / "r2"),
            "--tenant",
            "demo-tenant-a",
            "--as-of",
            "2025-11-01",
        ],
        env={"GUARDLINE_DATABASE_URL": url},
    )
    assert res.exit_code == 0, res.output
    r2 = json.loads((tmp_path / "r2" / "report.json").read_text())
    assert r2["parameters"]["tenant"] == "demo-tenant-a"
    only_a = [r for r in demo_records() if r.tenant == "demo-tenant-a"]
    assert (
        r2["figures"]["confirmed_cases"] == compute_case_stats(only_a, as_of=AS_OF).confirmed.value
    )
    assert r2["figures"]["records_not_counted_by_status"]["dismissed"] == sum(
        r.status == "dismissed" for r in only_a
    )
