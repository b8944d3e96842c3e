"""`guardline demo` (idempotent, through the ingest path), `guardline users add`, and the
README's console command from a fresh database: demo, then serve, then log in over HTTP."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import httpx
from console_support import Server, cli, run_cli

from guardline.cli.demo import _SKIP, demo_conversations


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as c:
        return int(c.execute(sql).fetchone()[0])


def test_demo_conversations_are_non_explicit() -> None:
    convs = demo_conversations()
    assert len(convs) >= 20
    assert {c["platform"] for c in convs} >= {"example-chat", "game-chat", "messenger"}
    for c in convs:
        if c.get("source") == "example":  # the shipped examples, reviewed by hand
            continue
        for m in c["messages"]:
            assert not _SKIP.search(m["text"]), c["id"]


def test_demo_is_idempotent_and_prints_the_password_once(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    url = f"sqlite:///{db}"
    first = cli("demo", "--database-url", url).stdout
    m = re.search(r"username demo-moderator  password (\S+)", first)
    assert m, first
    alerts = _count(db, "SELECT count(*) FROM alerts")
    messages = _count(db, "SELECT count(*) FROM messages")
    assert alerts >= 5 and messages > 300
    # the same ingest path as the API: conversations carry detector state and assessments
    assert _count(db, "SELECT count(*) FROM conversations WHERE state IS NULL") == 0
    code, second = run_cli("demo", "--database-url", url)  # again, in process
    assert code == 0, second
    assert "password" not in second.split("exists")[0] and m.group(1) not in second
    assert "0 new messages" in second
    assert _count(db, "SELECT count(*) FROM alerts") == alerts
    assert _count(db, "SELECT count(*) FROM users") == 1
    assert _count(db, "SELECT count(*) FROM tenants") == 1
    # the password is stored as an argon2 hash only
    with sqlite3.connect(db) as c:
        (h,) = c.execute("SELECT password_hash FROM users").fetchone()
    assert h.startswith("$argon2id$") and m.group(1) not in h
    # --password resets it
    third = run_cli("demo", "--database-url", url, "--password", "a-new-long-password")[1]
    assert "password a-new-long-password" in third


def test_users_add_errors(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'u.db'}"
    code, out = run_cli(
        "users",
        "add",
        "x",
        "--password-env",
        "GL_PW",
        "--database-url",
        url,
        env={"GL_PW": "short"},
    )
    assert code == 2 and "at least 12" in out
    env = {"GL_PW": "long-enough-password"}
    code, out = run_cli(
        "users",
        "add",
        "x",
        "--role",
        "boss",
        "--password-env",
        "GL_PW",
        "--database-url",
        url,
        env=env,
    )
    assert code == 2 and "role must be one of" in out
    code, out = run_cli(
        "users",
        "add",
        "x",
        "--tenant",
        "nope",
        "--password-env",
        "GL_PW",
        "--database-url",
        url,
        env=env,
    )
    assert code == 2 and "no tenant" in out
    code, out = run_cli("users", "add", "x", "--password-env", "GL_UNSET", "--database-url", url)
    assert code == 2 and "GL_UNSET" in out
    # the installed entry point, once
    r = cli(
        "users",
        "add",
        "lead1",
        "--role",
        "lead",
        "--password-env",
        "GL_PW",
        "--database-url",
        url,
        env=env,
    )
    assert "lead1 (lead, all tenants)" in r.stdout
    code, out = run_cli(
        "users", "add", "lead1", "--password-env", "GL_PW", "--database-url", url, env=env
    )
    assert code == 2 and "already exists" in out
    assert "lead1\tlead\t*\tactive" in run_cli("users", "list", "--database-url", url)[1]
    assert run_cli("users", "deactivate", "lead1", "--database-url", url)[0] == 0
    assert "inactive" in run_cli("users", "list", "--database-url", url)[1]
    code, out = run_cli("audit", "verify", "--database-url", url)
    assert code == 0 and "2 entries" in out  # create and deactivate; failed adds wrote nothing


def test_readme_console_command(server: Server) -> None:
    """demo → serve (the session's server) → the demo moderator logs in and sees alerts."""
    srv = server
    c = httpx.Client(base_url=srv.url, follow_redirects=True)
    page = c.get("/console")
    assert page.url.path == "/console/login"
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    r = c.post(
        "/console/login",
        data={"username": "demo-moderator", "password": "demo-password-123", "csrf": token},
    )
    assert r.url.path == "/console/queue" and "table" in r.text
    assert len(re.findall(r'<tr id="alert-\d+"', r.text)) >= 5
    assert c.get("/console/static/console.css").status_code == 200
    # every log line is JSON and none carries message text
    log = srv.log.read_text()
    texts = [m["text"] for cv in demo_conversations() for m in cv["messages"]]
    for line in log.splitlines():
        if line.startswith("{"):
            json.loads(line)
            for t in texts:
                if len(t) > 12:
                    assert t not in line
