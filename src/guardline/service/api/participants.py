"""PUT/GET /v1/participants/{id}: age band, declared age, account age, display name and pair
context."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from guardline.detect.context import pair_key
from guardline.service.auth import Principal
from guardline.service.deps import PROBLEMS, get_runtime, require
from guardline.service.problems import Problem
from guardline.service.runtime import Runtime
from guardline.service.schemas import ContactOut, Id, ParticipantIn, ParticipantOut
from guardline.store.models import PairContext, ParticipantRow, utcnow

router = APIRouter(prefix="/v1", tags=["participants"], responses=PROBLEMS)
_RETRIES = 3
PidPath = Path(min_length=1, max_length=200, pattern=r"^[^\x00]+$")


def _out(session: Session, tenant_id: int, row: ParticipantRow) -> ParticipantOut:
    pid = row.external_id
    pairs = session.scalars(
        select(PairContext)
        .where(
            PairContext.tenant_id == tenant_id,
            or_(PairContext.participant_a == pid, PairContext.participant_b == pid),
        )
        .order_by(PairContext.id)
    )
    return ParticipantOut(
        id=pid,
        age_band=row.age_band,  # type: ignore[arg-type]
        declared_age=row.declared_age,
        account_age_days=row.account_age_days,
        display_name=row.display_name,
        contacts=[
            ContactOut(
                participant_id=r.participant_b if r.participant_a == pid else r.participant_a,
                had_contact_before=r.had_contact_before,
            )
            for r in pairs
        ],
    )


# ``:path``: platform ids may contain "/" (sent as %2F, which the server decodes)
@router.put("/participants/{participant_id:path}", response_model=ParticipantOut)
def put_participant(
    body: ParticipantIn,
    participant_id: Id = PidPath,
    p: Principal = Depends(require("ingest")),
    rt: Runtime = Depends(get_runtime),
) -> ParticipantOut:
    """Set what the platform knows about an account, and its contact history with others.

    **The account's own fields are replaced**: `age_band`, `declared_age`,
    `account_age_days` and `display_name` take the values of this body, and a field left out
    is cleared (`age_band` back to `unknown`, the others to null), not kept from an earlier
    PUT. Send the whole record every time.

    **Contacts are merged**: each listed contact's pair record is created or updated
    (`had_contact_before` left out sets it back to null: unknown); contacts not listed are
    kept, and an empty or missing `contacts` changes none. There is no way to delete a
    contact. A contact is one record of the pair, shared by both accounts: the other
    account's GET shows it, and a PUT of either account changes it for both (without
    touching the other account's own fields). A contact with the account itself answers 422
    and changes nothing.

    Applies to messages scored after this call (see the context policy in docs/service.md);
    nothing already scored is scored again.
    """
    for attempt in range(_RETRIES):
        try:
            return _put(rt, p.tenant_id, participant_id, body)
        except IntegrityError as exc:
            # another request created the same participant or pair at the same moment
            # (PostgreSQL; SQLite serialises writers): the rows exist now, update them
            if attempt + 1 == _RETRIES:
                raise Problem(409, "the participant was written concurrently; retry") from exc
    raise AssertionError("unreachable")


def _put(rt: Runtime, tenant_id: int, participant_id: str, body: ParticipantIn) -> ParticipantOut:
    now = utcnow()
    with rt.sessions() as session, session.begin():
        row = session.scalar(
            select(ParticipantRow).where(
                ParticipantRow.tenant_id == tenant_id,
                ParticipantRow.external_id == participant_id,
            )
        )
        if row is None:
            row = ParticipantRow(tenant_id=tenant_id, external_id=participant_id, created_at=now)
            session.add(row)
        row.age_band = body.age_band
        row.declared_age = body.declared_age
        row.account_age_days = body.account_age_days
        row.display_name = body.display_name
        row.updated_at = now
        for c in body.contacts:
            if c.participant_id == participant_id:
                raise Problem(422, "a participant cannot be its own contact")
            a, b = pair_key(participant_id, c.participant_id)
            pair = session.scalar(
                select(PairContext).where(
                    PairContext.tenant_id == tenant_id,
                    PairContext.participant_a == a,
                    PairContext.participant_b == b,
                )
            )
            if pair is None:
                pair = PairContext(tenant_id=tenant_id, participant_a=a, participant_b=b)
                session.add(pair)
            pair.had_contact_before = c.had_contact_before
            pair.updated_at = now
        session.flush()
        return _out(session, tenant_id, row)


@router.get("/participants/{participant_id:path}", response_model=ParticipantOut)
def get_participant(
    participant_id: Id = PidPath,
    p: Principal = Depends(require("read")),
    rt: Runtime = Depends(get_runtime),
) -> ParticipantOut:
    with rt.sessions() as session:
        row = session.scalar(
            select(ParticipantRow).where(
                ParticipantRow.tenant_id == p.tenant_id,
                ParticipantRow.external_id == participant_id,
            )
        )
        if row is None:
            raise Problem(404, "No such participant.")
        return _out(session, p.tenant_id, row)
