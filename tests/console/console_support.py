"""Helpers for the console tests: a real `guardline serve` on a free port, users, browsers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# the loopback webhook receiver lives with the service tests
_SERVICE_TESTS = str(Path(__file__).resolve().parents[1] / "service")
if _SERVICE_TESTS not in sys.path:
    sys.path.insert(0, _SERVICE_TESTS)

from svc_receiver import Receiver, receiver  # noqa: E402, F401  (re-exported)

from guardline.service.serveproc import GUARDLINE, ServeProcess, free_port, start_serve  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "console"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "demo-password-123"  # the demo moderator's, set with --password
# users the fixture adds besides the demo moderator: (username, role)
EXTRA_USERS = [
    ("mod-two", "moderator"),
    ("lead-lee", "lead"),
    ("analyst-ann", "analyst"),
    ("admin-ada", "admin"),
]


def cli(
    *args: str, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    res = subprocess.run(
        [*GUARDLINE, *args], capture_output=True, text=True, env=full_env, timeout=300, cwd=REPO
    )
    if check and res.returncode != 0:
        raise AssertionError(f"guardline {' '.join(args)} failed: {res.stderr[-2000:]}")
    return res


def run_cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run a guardline command in this process (Typer's runner): exit code, stdout + stderr."""
    from typer.testing import CliRunner

    from guardline.cli import app

    res = CliRunner().invoke(app, list(args), env=env)
    return res.exit_code, res.output


@dataclass
class Server:
    url: str
    db_url: str
    serve: ServeProcess
    demo_output: str

    @property
    def log(self) -> Path:
        return self.serve.log

    @property
    def proc(self) -> subprocess.Popen[bytes]:
        return self.serve.proc

    def stop(self) -> None:
        self.serve.stop(timeout=15)


def start_server(db_url: str, workdir: Path, extra_env: dict[str, str] | None = None) -> Server:
    """`guardline demo` + users + `guardline serve` on a free port; waits until it answers."""
    demo = cli("demo", "--database-url", db_url, "--password", PASSWORD)
    for username, role in EXTRA_USERS:  # in process: `users add` has its own CLI tests
        code, out = run_cli(
            "users",
            "add",
            username,
            "--role",
            role,
            "--password-env",
            "GL_TEST_PW",
            "--database-url",
            db_url,
            env={"GL_TEST_PW": PASSWORD},
        )
        assert code == 0, out
    env = {
        "GUARDLINE_DATABASE_URL": db_url,
        "GUARDLINE_WEBHOOK_POLL_S": "0.2",
        "GUARDLINE_WEBHOOK_BACKOFF_S": "0.2",
        "GUARDLINE_LOG_LEVEL": "INFO",
        "GUARDLINE_CONSOLE_LOGIN_MAX_FAILURES": "5",
        **(extra_env or {}),
    }
    port = free_port()
    serve = start_serve(
        env,
        workdir / "serve.log",
        port=port,
        cwd=workdir,
        ready_path="/healthz",
        args=["--port", str(port), "--host", "127.0.0.1"],
    )
    return Server(serve.base, db_url, serve, demo.stdout)


def shot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def login(
    page: object, base: str, username: str = "demo-moderator", password: str = PASSWORD
) -> None:
    page.goto(base + "/console/login")  # type: ignore[attr-defined]
    page.get_by_label("Username").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(password)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Log in").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]


def wait_for(pred: object, timeout: float = 20.0) -> object:
    end = time.monotonic() + timeout
    while True:
        v = pred()  # type: ignore[operator]
        if v:
            return v
        if time.monotonic() > end:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(0.1)


def csrf_of(html: str) -> str:
    """The CSRF token of a console page's form."""
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no csrf field"
    return m.group(1)


def client_login(client: Any, username: str, password: str) -> Any:
    """Log in through the console's form with a FastAPI ``TestClient`` (no browser)."""
    page = client.get("/console/login")
    return client.post(
        "/console/login",
        data={"username": username, "password": password, "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )


def served_tenant(server: Server, prefix: str, password: str = PASSWORD) -> tuple[str, str]:
    """A tenant of its own on the served database, with an ingest/read key and a moderator
    ``<prefix>-mod-<sfx>`` (``password``): (sfx, key)."""
    import uuid

    from guardline.console.security import create_user
    from guardline.service.auth import create_key, create_tenant
    from guardline.store.db import make_engine, session_factory

    sfx = uuid.uuid4().hex[:8]
    engine = make_engine(server.db_url)
    try:
        with session_factory(engine)() as s, s.begin():
            tenant = create_tenant(s, f"{prefix}-{sfx}").id
            _, key = create_key(s, tenant, "ingest,read")
            create_user(s, f"{prefix}-mod-{sfx}", password, "moderator", tenant)
    finally:
        engine.dispose()
    return sfx, key
