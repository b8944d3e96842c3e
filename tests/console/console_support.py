"""Helpers for the console tests: a real `guardline serve` on a free port, users, browsers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "console"
_SCRIPT = Path(sys.executable).parent / "guardline"
GUARDLINE = (
    [str(_SCRIPT)]
    if _SCRIPT.exists()
    else [sys.executable, "-c", "from guardline.cli import main; main()"]
)
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
    log: Path
    proc: subprocess.Popen[bytes]
    demo_output: str

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)


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
    port = free_port()
    log = workdir / "serve.log"
    env = {
        **os.environ,
        "GUARDLINE_DATABASE_URL": db_url,
        "GUARDLINE_WEBHOOK_POLL_S": "0.2",
        "GUARDLINE_WEBHOOK_BACKOFF_S": "0.2",
        "GUARDLINE_LOG_LEVEL": "INFO",
        "GUARDLINE_CONSOLE_LOGIN_MAX_FAILURES": "5",
        **(extra_env or {}),
    }
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [*GUARDLINE, "serve", "--port", str(port), "--host", "127.0.0.1"],
            stdout=fh,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=workdir,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise AssertionError(f"guardline serve exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("guardline serve did not start within 60 s")
        time.sleep(0.2)
    return Server(url, db_url, log, proc, demo.stdout)


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


@dataclass
class Received:
    event: str | None
    body: dict[str, object]


class Receiver:
    """A real webhook receiver on loopback that keeps only correctly signed deliveries."""

    def __init__(self, secret: str) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        from guardline.service.signing import SignatureError, verify_signature

        self.secret = secret
        self.received: list[Received] = []
        self.rejected = 0
        state = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    verify_signature(
                        state.secret,
                        self.headers.get("X-Guardline-Timestamp"),
                        body,
                        self.headers.get("X-Guardline-Signature"),
                    )
                except SignatureError:
                    state.rejected += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                state.received.append(
                    Received(self.headers.get("X-Guardline-Event"), json.loads(body))
                )
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hook"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def events(self, name: str) -> list[Received]:
        return [r for r in self.received if r.event == name]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def wait_for(pred: object, timeout: float = 20.0) -> object:
    end = time.monotonic() + timeout
    while True:
        v = pred()  # type: ignore[operator]
        if v:
            return v
        if time.monotonic() > end:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(0.1)
