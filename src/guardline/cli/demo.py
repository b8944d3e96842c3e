"""`guardline demo`: a demo tenant, a demo moderator and non-explicit example conversations.

The conversations (``examples/conversations.jsonl`` and a filtered subset of
``devsets/hard_cases.jsonl``: game, trust, secrecy, gift and isolation families plus benign
ones, skipping any conversation that mentions pictures or bodies) go through the same ingest
path as ``POST /v1/messages``, so alerts exist when the console opens. Running it again
changes nothing (message ids are idempotency keys; the user and tenant are reused).
"""

from __future__ import annotations

import json
import os
import re
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from guardline.cli.app import app

REPO = Path(__file__).resolve().parents[3]
DEVSET_FAMILIES = {
    "game_diluted": "game-chat",
    "slow_trust": "messenger",
    "pressure_secrecy": "messenger",
    "gifts_currency": "game-chat",
    "isolation": "messenger",
    "family": "messenger",
    "gamer_trade": "game-chat",
    "coach_pupil": "messenger",
}
_SKIP = re.compile(
    r"\b(pics?|photos?|body|bra|naked|nudes?|sexy|kiss\w*|touch\w*|selfies?)\b", re.I
)


def _find(name: str) -> Path | None:
    for base in (REPO, Path.cwd()):
        p = base / name
        if p.is_file():
            return p
    return None


def demo_conversations(limit_devset: int = 24) -> list[dict[str, Any]]:
    """The demo's conversations: platform, victims and messages of each."""
    out: list[dict[str, Any]] = []
    ex = _find("examples/conversations.jsonl")
    if ex is None:
        raise FileNotFoundError("examples/conversations.jsonl not found (run from the repository)")
    for line in ex.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            d["platform"] = "example-chat"
            out.append(d)
    dev = _find("devsets/hard_cases.jsonl")
    if dev is not None:
        n = 0
        for line in dev.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            d = json.loads(line)
            fam = d.get("family")
            if fam not in DEVSET_FAMILIES or n >= limit_devset:
                continue
            if any(_SKIP.search(m.get("text", "")) for m in d["messages"]):
                continue
            d["platform"] = DEVSET_FAMILIES[fam]
            out.append(d)
            n += 1
    return out


@app.command()
def demo(
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url", help="Default: GUARDLINE_DATABASE_URL or sqlite:///guardline.db"
        ),
    ] = None,
    tenant: Annotated[str, typer.Option(help="Demo tenant name")] = "demo",
    username: Annotated[str, typer.Option(help="Demo moderator's username")] = "demo-moderator",
    password: Annotated[
        str | None,
        typer.Option(
            help="Demo moderator's password (or GUARDLINE_DEMO_PASSWORD); default: a random one "
            "on first run, printed once",
        ),
    ] = None,
    analyst: Annotated[
        bool, typer.Option(help="Also create demo-analyst (same password) for /console/stats")
    ] = False,
) -> None:
    """Load a demo tenant, a demo moderator and example conversations (idempotent)."""
    from sqlalchemy import func, select

    from guardline.console.security import create_user, hash_password
    from guardline.evidence import audit
    from guardline.service.auth import create_tenant
    from guardline.service.ingest import ingest
    from guardline.service.runtime import Runtime
    from guardline.service.schemas import MessageIn
    from guardline.service.settings import Settings
    from guardline.store.migrate import upgrade
    from guardline.store.models import AlertRow, ParticipantRow, Tenant, User

    password = password or os.environ.get("GUARDLINE_DEMO_PASSWORD") or None
    overrides = {"database_url": database_url} if database_url else {}
    settings = Settings(**overrides)  # type: ignore[arg-type]
    try:
        convs = demo_conversations()
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    upgrade(settings.database_url)
    rt = Runtime.build(settings)
    shown: list[tuple[str, str]] = []
    try:
        with rt.sessions() as session, session.begin():
            t = session.scalar(select(Tenant).where(Tenant.name == tenant))
            if t is None:
                t = create_tenant(session, tenant)
            tid = t.id
            names = [(username, "moderator")] + ([("demo-analyst", "analyst")] if analyst else [])
            for uname, role in names:
                u = session.scalar(select(User).where(User.username == uname))
                if u is None:
                    pw = password or secrets.token_urlsafe(12)
                    u = create_user(session, uname, pw, role, tid)
                    audit.append(session, "demo", "user.create", "user", u.id, {"role": role})
                    shown.append((uname, pw))
                elif password:
                    u.password_hash = hash_password(password)
                    u.active = True
                    shown.append((uname, password))
            # what the platform knows about the participants: the children's age bands
            for d in convs:
                victims = [
                    m["author"]
                    for m in d["messages"]
                    if d.get("predators") and m["author"] not in d["predators"]
                ]
                for v in dict.fromkeys(victims):
                    row = session.scalar(
                        select(ParticipantRow).where(
                            ParticipantRow.tenant_id == tid, ParticipantRow.external_id == v
                        )
                    )
                    if row is None:
                        session.add(
                            ParticipantRow(
                                tenant_id=tid,
                                external_id=v,
                                age_band="teen" if d.get("source") == "example" else "child",
                            )
                        )
        start = datetime.now(UTC) - timedelta(hours=30)
        accepted = 0
        for ci, d in enumerate(convs):
            base = start + timedelta(minutes=47 * ci)
            items = [
                MessageIn(
                    message_id=f"demo-{d['id']}-{i}",
                    conversation_id=f"demo-{d['id']}",
                    author=m["author"],
                    text=m["text"],
                    sent_at=base + timedelta(minutes=i),
                    platform=d["platform"],
                    surface="dm",
                )
                for i, m in enumerate(d["messages"])
            ]
            accepted += ingest(rt, tid, items).accepted
        with rt.sessions() as session:
            alerts = session.scalar(
                select(func.count()).select_from(AlertRow).where(AlertRow.tenant_id == tid)
            )
    finally:
        rt.close()
    typer.echo(
        f"demo tenant {tenant!r}: {len(convs)} conversations, {accepted} new messages, "
        f"{alerts} alerts"
    )
    for uname, pw in shown:
        typer.echo(f"console login (shown once): username {uname}  password {pw}")
    if not shown:
        typer.echo(f"user {username!r} exists; password unchanged (pass --password to reset it)")
    typer.echo("start the service with `guardline serve`, then open http://127.0.0.1:8000/console")
