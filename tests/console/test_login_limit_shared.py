"""The console's login rate limit is shared by every process on one database.

Two ``create_app`` on the same database URL stand for two ``guardline serve`` workers (or two
hosts on one PostgreSQL): each has its own console state, so failures only add up if they are
counted in the database. Checked on a SQLite file and on PostgreSQL: failures made through
either app add up to the limit, per username and per client address; a success resets the
username's count (not the address's); old failures expire and are pruned; concurrent attempts
through both apps never get more wrong passwords checked than the budget.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from guardline.console.security import SESSION_COOKIE, LoginLimiter, create_user, limit_key
from guardline.service.app import create_app
from guardline.service.settings import Settings
from guardline.store.models import LoginFailure

PW = "correct-horse-battery"
WRONG = "wrong-password-here"
MAX = 3
WINDOW = 60.0


@pytest.fixture(scope="module")
def apps(module_store_url: str) -> Iterator[tuple[FastAPI, FastAPI]]:
    """Two apps ("processes") on one database, configured through the environment."""
    built = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GUARDLINE_CONSOLE_LOGIN_MAX_FAILURES", str(MAX))
        mp.setenv("GUARDLINE_CONSOLE_LOGIN_WINDOW_S", str(WINDOW))
        for _ in range(2):
            settings = Settings(
                database_url=module_store_url, workers_enabled=False, _env_file=None
            )
            built.append(create_app(settings, configure_logs=False))
    a, b = built
    assert a.state.console is not b.state.console
    assert a.state.console.limiter.max == MAX
    yield a, b
    for app in built:
        app.state.rt.close()


def new_user(app: FastAPI) -> str:
    name = f"mod-{uuid.uuid4().hex[:8]}"
    with app.state.rt.sessions() as s, s.begin():
        create_user(s, name, PW, "moderator", None)
    return name


def new_ip() -> str:
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


def client(app: FastAPI, ip: str | None = None) -> TestClient:
    return TestClient(app, client=(ip or new_ip(), 40000))


def login(c: TestClient, user: str, pw: str = PW) -> Any:
    page = c.get("/console/login")
    m = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert m, "no csrf field"
    return c.post(
        "/console/login",
        data={"username": user, "password": pw, "csrf": m.group(1)},
        follow_redirects=False,
    )


def rows(app: FastAPI, key: str) -> int:
    with app.state.rt.sessions() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(LoginFailure)
                .where(LoginFailure.key == limit_key(key))
            )
            or 0
        )


def assert_locked(resp: Any) -> None:
    assert resp.status_code == 429, resp.status_code
    assert 0 < int(resp.headers["retry-after"]) <= WINDOW + 1
    assert SESSION_COOKIE + "=" not in " ".join(resp.headers.get_list("set-cookie"))
    assert "Too many failed logins" in resp.text


def test_username_failures_from_two_processes_add_up(apps: tuple[FastAPI, FastAPI]) -> None:
    a, b = apps
    user = new_user(a)
    # each failure from another address, alternating apps: only the username's count grows
    for app in (a, b, a)[: MAX - 1]:
        assert login(client(app), user, WRONG).status_code == 401
    assert rows(a, f"u:{user}") == MAX - 1
    assert login(client(b), user, WRONG).status_code == 401  # the MAX-th, through b
    assert rows(b, f"u:{user}") == MAX
    # locked out in both processes, even with the right password
    assert_locked(login(client(a), user))
    assert_locked(login(client(b), user))
    # a refused attempt is not a failure: the count stays at the limit
    assert rows(a, f"u:{user}") == MAX
    # another user is not affected
    other = new_user(b)
    assert login(client(a), other).status_code == 303


def test_address_failures_from_two_processes_add_up(apps: tuple[FastAPI, FastAPI]) -> None:
    a, b = apps
    ip = new_ip()
    for i, app in enumerate((a, b, a)[:MAX]):
        assert (
            login(client(app, ip), f"nobody-{i}-{uuid.uuid4().hex[:6]}", WRONG).status_code == 401
        )
    assert rows(a, f"ip:{ip}") == MAX
    user = new_user(a)
    assert_locked(login(client(b, ip), user))  # any username from that address
    assert_locked(login(client(a, ip), user))
    assert login(client(b), user).status_code == 303  # from another address it works


def test_success_resets_the_username_not_the_address(apps: tuple[FastAPI, FastAPI]) -> None:
    a, b = apps
    user = new_user(a)
    for round_ in range(2):  # MAX - 1 failures, then a success, twice over: never locked
        assert login(client(a), user, WRONG).status_code == 401
        assert login(client(b), user, WRONG).status_code == 401
        assert rows(a, f"u:{user}") == MAX - 1
        r = login(client(b if round_ else a), user)
        assert r.status_code == 303 and SESSION_COOKIE + "=" in r.headers["set-cookie"]
        assert rows(a, f"u:{user}") == 0
    # the address keeps its count: a success from it does not clear it
    ip = new_ip()
    for app in (a, b):
        assert login(client(app, ip), f"nobody-{uuid.uuid4().hex[:6]}", WRONG).status_code == 401
    assert login(client(a, ip), user).status_code == 303
    assert rows(a, f"ip:{ip}") == 2  # the success's own claim was withdrawn, the failures stay
    assert login(client(b, ip), f"nobody-{uuid.uuid4().hex[:6]}", WRONG).status_code == 401
    assert_locked(login(client(a, ip), user))


def _age(app: FastAPI, key: str, seconds: float, *, oldest_only: bool = False) -> None:
    """Move a key's failures ``seconds`` into the past (as if that time had passed)."""
    with app.state.rt.sessions() as s, s.begin():
        q = select(LoginFailure.id, LoginFailure.at).where(LoginFailure.key == limit_key(key))
        found = s.execute(q.order_by(LoginFailure.at, LoginFailure.id)).all()
        for row in found[:1] if oldest_only else found:
            s.execute(
                update(LoginFailure)
                .where(LoginFailure.id == row.id)
                .values(at=row.at - timedelta(seconds=seconds))
            )


def test_old_failures_expire_and_are_pruned(apps: tuple[FastAPI, FastAPI]) -> None:
    a, b = apps
    user = new_user(a)
    for app in (a, b, a):
        assert login(client(app), user, WRONG).status_code == 401
    assert_locked(login(client(b), user))
    # the oldest failure leaves the window: one attempt is allowed again (sliding window)
    _age(a, f"u:{user}", WINDOW + 1, oldest_only=True)
    assert login(client(b), user, WRONG).status_code == 401
    assert rows(a, f"u:{user}") == MAX  # that failure pruned the expired one
    locked = login(client(a), user)
    assert_locked(locked)
    # the lockout lasts until the oldest failure still in the window leaves it
    assert WINDOW - 10 <= int(locked.headers["retry-after"]) <= WINDOW + 1
    # the whole window passes: the rows are still there, but no longer count
    _age(a, f"u:{user}", WINDOW + 1)
    assert rows(a, f"u:{user}") == MAX
    assert login(client(b), user, WRONG).status_code == 401
    # that recorded failure pruned every expired row (of any key)
    assert rows(a, f"u:{user}") == 1
    assert login(client(a), user).status_code == 303
    with a.state.rt.sessions() as s:
        old = s.scalar(
            select(func.count())
            .select_from(LoginFailure)
            .where(LoginFailure.at < a.state.console.limiter.clock() - timedelta(seconds=WINDOW))
        )
    assert old == 0


def test_window_passes_in_real_time(apps: tuple[FastAPI, FastAPI]) -> None:
    """The limiter itself on the shared database, with a 2-second window and the real clock."""
    a, b = apps
    la = LoginLimiter(a.state.rt.sessions, 2, 2.0)
    lb = LoginLimiter(b.state.rt.sessions, 2, 2.0)
    key = f"u:clock-{uuid.uuid4().hex[:8]}"
    la.failed(la.attempt(key))
    lb.failed(lb.attempt(key))
    refused = la.attempt(key)
    assert 0 < refused.wait <= 2.0
    assert lb.attempt(key).wait > 0
    time.sleep(refused.wait + 0.05)
    ok = lb.attempt(key)
    assert ok.wait == 0
    lb.succeeded(ok)
    assert rows(a, key) == 0


def test_concurrent_attempts_never_exceed_the_budget(apps: tuple[FastAPI, FastAPI]) -> None:
    """8 wrong passwords at once for one user, 4 through each app, each from its own address:
    at most MAX are checked (401), the others refused (429); afterwards exactly MAX wrong
    passwords in total are ever checked, however the burst went."""
    a, b = apps
    user = new_user(a)
    clients = [client(app) for app in (a, b) for _ in range(4)]
    tokens = []
    for c in clients:
        m = re.search(r'name="csrf" value="([^"]+)"', c.get("/console/login").text)
        assert m
        tokens.append(m.group(1))
    start = threading.Barrier(len(clients))
    codes: list[int] = []
    lock = threading.Lock()

    def run(c: TestClient, token: str) -> None:
        start.wait()
        r = c.post(
            "/console/login",
            data={"username": user, "password": WRONG, "csrf": token},
            follow_redirects=False,
        )
        with lock:
            codes.append(r.status_code)

    threads = [threading.Thread(target=run, args=ct) for ct in zip(clients, tokens, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert set(codes) <= {401, 429} and len(codes) == len(clients), codes
    checked = codes.count(401)
    assert checked <= MAX, codes
    assert rows(a, f"u:{user}") == checked  # refused attempts left nothing behind
    # keep trying, one at a time, alternating apps: the budget ends at exactly MAX
    for i in range(MAX + 2):
        r = login(client((a, b)[i % 2]), user, WRONG)
        if r.status_code == 429:
            break
        assert r.status_code == 401
        checked += 1
    assert checked == MAX
    assert_locked(login(client(b), user))
