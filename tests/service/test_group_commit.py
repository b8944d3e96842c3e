"""Group commit: small requests written in one transaction answer exactly as if each had been
written alone, one after the other; a failing request never fails its neighbours."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from svc_fixtures import BENIGN, GIFT, GROOMING, payloads, renamed
from svc_support import TenantKeys, make_settings, new_tenant

from guardline.service.app import create_app
from guardline.service.group_commit import GroupCommit
from guardline.service.ingest import ingest
from guardline.service.problems import Problem
from guardline.service.schemas import IngestResponse, MessageIn
from guardline.store.models import AlertRow, MessageRow

T = TypeVar("T")


@pytest.fixture(scope="module")
def gapp(db_url: str) -> Iterator[FastAPI]:
    app = create_app(make_settings(db_url, workers_enabled=False), configure_logs=False)
    yield app
    app.state.rt.close()


def _requests(tag: str) -> list[list[MessageIn]]:
    """Single-message and small requests of three conversations, interleaved as concurrent
    clients send them, with one message id sent twice."""
    g = [MessageIn(**m) for m in payloads(f"{tag}-g", renamed(GROOMING, {"jay": f"jay{tag}"}))]
    b = [MessageIn(**m) for m in payloads(f"{tag}-b", renamed(BENIGN, {"maya": f"maya{tag}"}))]
    f = [MessageIn(**m) for m in payloads(f"{tag}-f", renamed(GIFT, {"rob": f"rob{tag}"}))]
    out: list[list[MessageIn]] = []
    gi = bi = fi = 0
    while gi < len(g) or bi < len(b) or fi < len(f):
        if gi < len(g):
            out.append(g[gi : gi + 1])
            gi += 1
        if bi < len(b):
            out.append(b[bi : bi + 2])  # two at a time
            bi += 2
        if fi < len(f):
            out.append(f[fi : fi + 1])
            fi += 1
    out.insert(5, [g[1]])  # a retry of an already sent message
    return out


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own: an earlier test (Playwright's sync API) may
    leave an event loop marked running in this one."""
    box: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            box.append(asyncio.run(coro))
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)

    th = threading.Thread(target=target)
    th.start()
    th.join()
    if errors:
        raise errors[0]
    return box[0]


def _answer(r: IngestResponse) -> dict[str, Any]:
    return r.model_dump()


async def _gather(gc: GroupCommit, tenant: int, reqs: list[list[MessageIn]]) -> list[Any]:
    return await asyncio.gather(*(gc.submit(tenant, r) for r in reqs), return_exceptions=True)


def _group_sizes(app: FastAPI) -> tuple[float, float]:
    reg = app.state.rt.metrics.registry
    count = reg.get_sample_value("guardline_ingest_group_requests_count") or 0.0
    total = reg.get_sample_value("guardline_ingest_group_requests_sum") or 0.0
    return count, total


def _stored(app: FastAPI, tenant: TenantKeys) -> tuple[int, int]:
    with app.state.rt.sessions() as s:
        msgs = s.scalar(select(func.count()).where(MessageRow.tenant_id == tenant.id))
        alerts = s.scalar(select(func.count()).where(AlertRow.tenant_id == tenant.id))
    return int(msgs or 0), int(alerts or 0)


def test_grouped_requests_answer_as_if_written_one_by_one(gapp: FastAPI) -> None:
    rt = gapp.state.rt
    one_by_one, grouped = new_tenant(gapp), new_tenant(gapp)
    reqs = _requests("x")
    expected = [_answer(ingest(rt, one_by_one.id, r)) for r in reqs]

    gc = GroupCommit(rt)
    count0, sum0 = _group_sizes(gapp)
    got = _run(_gather(gc, grouped.id, reqs))
    count1, sum1 = _group_sizes(gapp)

    # every request waited while the first group formed: one transaction took them all
    assert (count1 - count0, sum1 - sum0) == (1, len(reqs))
    assert [_answer(r) for r in got] == expected
    # the answers are each request's own: the retried id is a duplicate, the alert is the
    # request's whose message raised it, and the counts add up to what was stored
    assert sum(r.duplicates for r in got) == 1
    assert sum(r.alerts_created for r in got) >= 1
    assert _stored(gapp, grouped) == _stored(gapp, one_by_one)
    assert _stored(gapp, grouped)[0] == sum(r.accepted for r in got)


def test_a_failing_request_does_not_fail_its_group(gapp: FastAPI) -> None:
    rt = gapp.state.rt
    t = new_tenant(gapp)
    reqs = _requests("y")[:6]
    too_long = MessageIn(
        message_id="y-long",
        conversation_id="y-g",
        author="kit",
        text="a" * (rt.settings.max_message_chars + 1),
    )
    reqs.insert(2, [too_long])
    got = _run(_gather(GroupCommit(rt), t.id, reqs))

    assert isinstance(got[2], Problem) and got[2].status == 413
    ok = [r for k, r in enumerate(got) if k != 2]
    assert all(isinstance(r, IngestResponse) for r in ok)
    assert (
        _stored(gapp, t)[0]
        == sum(r.accepted for r in ok)
        == len({m.message_id for k, r in enumerate(reqs) if k != 2 for m in r})
    )


def test_large_requests_and_group_commit_off_are_written_alone(db_url: str) -> None:
    app = create_app(
        make_settings(db_url, workers_enabled=False, group_commit=0), configure_logs=False
    )
    t = new_tenant(app)
    reqs = _requests("z")
    got = _run(_gather(app.state.group_commit, t.id, reqs))
    assert _group_sizes(app) == (0.0, 0.0)
    assert all(isinstance(r, IngestResponse) for r in got)
    assert _stored(app, t)[0] == sum(r.accepted for r in got)
    app.state.rt.close()


def test_requests_waiting_when_the_writer_stops_are_answered(tmp_path: Path) -> None:
    # on SQLite, whose write lock keeps the first group's transaction open as long as needed
    gapp = create_app(
        make_settings(f"sqlite:///{tmp_path / 'g.db'}", workers_enabled=False),
        configure_logs=False,
    )
    rt = gapp.state.rt
    t = new_tenant(gapp)
    first, *later = _requests("w")[:3]
    gc = GroupCommit(rt)

    async def scenario() -> list[Any]:
        with rt.write_lock:  # the first group's transaction waits here, in its thread
            a = asyncio.ensure_future(gc.submit(t.id, first))
            while gc._task is None or gc._waiting:  # the writer took the first request
                await asyncio.sleep(0.01)
            rest = [asyncio.ensure_future(gc.submit(t.id, r)) for r in later]
            await asyncio.sleep(0.05)
            assert len(gc._waiting) == len(later)
            gc._task.cancel()  # the service stops
            return await asyncio.gather(a, *rest, return_exceptions=True)

    got = _run(scenario())
    assert isinstance(got[0], asyncio.CancelledError)
    assert all(isinstance(r, Problem) and r.status == 503 for r in got[1:])
    assert gc._task is None and not gc._waiting
    rt.close()
