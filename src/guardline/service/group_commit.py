"""Group commit for ``POST /v1/messages``: small requests share a transaction.

A request costs the database about the same fixed work whether it holds one message or fifty:
lock its conversations, look up participants and relationship flags, write, commit. Under many
concurrent single-message clients that fixed work is most of each request's time, and the
requests queue behind each other for it. So each service process writes small requests
(at most ``Settings.group_commit`` messages) one transaction at a time, and the next
transaction takes every small request of the same tenant that arrived while the last one was
being written, in arrival order, up to ``Settings.max_batch`` messages. A request that finds
nothing running starts at once: nobody waits for company. Larger requests are written on
their own, as before.

Each request still gets its own answer: its messages' results in its order, its counts, and
the alerts its own messages raised; it is answered only after its transaction committed. A
group is all or nothing like any batch; when a group fails, each of its requests is written
alone, so one bad request never fails its neighbours.

Path of a small request: route (``api/messages.py``) → :meth:`GroupCommit.submit` (event loop)
→ :func:`write_group` (a worker thread) → :func:`guardline.service.ingest.write`.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

from guardline.service.ingest import Outcome, ingest, write
from guardline.service.problems import Problem
from guardline.service.runtime import Runtime
from guardline.service.schemas import IngestResponse, MessageIn


@dataclass
class _Request:
    tenant_id: int
    items: list[MessageIn]
    answer: asyncio.Future[IngestResponse]


class GroupCommit:
    """One per service process. Its queue is touched only from the event loop's thread."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self._waiting: deque[_Request] = deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None

    async def submit(self, tenant_id: int, items: list[MessageIn]) -> IngestResponse:
        """Write ``items`` (grouped with other small requests when that pays) and answer."""
        loop = asyncio.get_running_loop()
        busy_elsewhere = self._task is not None and self._loop is not loop
        if len(items) > self.rt.settings.group_commit or busy_elsewhere:
            return await run_in_threadpool(ingest, self.rt, tenant_id, items)
        request = _Request(tenant_id, items, loop.create_future())
        self._waiting.append(request)
        if self._task is None:
            self._loop = loop
            self._task = loop.create_task(self._drain())
        return await request.answer

    async def _drain(self) -> None:
        try:
            while self._waiting:
                group = self._take()
                try:
                    answers = await run_in_threadpool(
                        write_group, self.rt, group[0].tenant_id, [r.items for r in group]
                    )
                except BaseException as exc:  # the thread itself failed: answer everyone
                    for r in group:
                        if not r.answer.done():
                            r.answer.set_exception(exc)
                    raise
                for r, a in zip(group, answers, strict=True):
                    if r.answer.done():  # the client went away; its messages are written
                        continue
                    if isinstance(a, BaseException):
                        r.answer.set_exception(a)
                    else:
                        r.answer.set_result(a)
        finally:
            self._task = None
            self._loop = None
            # requests are left only when this task was cancelled or failed (shutdown): answer
            # them instead of leaving them waiting for a drain that will not come
            while self._waiting:
                r = self._waiting.popleft()
                if not r.answer.done():
                    r.answer.set_exception(Problem(503, "the service is stopping; retry"))

    def _take(self) -> list[_Request]:
        """The oldest request and every later one of its tenant that fits, in order; a request
        that does not fit stops the group, so a tenant's requests are never reordered."""
        first = self._waiting.popleft()
        group, n, cap = [first], len(first.items), self.rt.settings.max_batch
        left: deque[_Request] = deque()
        full = False
        while self._waiting:
            r = self._waiting.popleft()
            if r.tenant_id != first.tenant_id or full:
                left.append(r)
            elif n + len(r.items) <= cap:
                group.append(r)
                n += len(r.items)
            else:
                full = True
                left.append(r)
        self._waiting = left
        self.rt.metrics.group_requests.observe(len(group))
        return group


def write_group(
    rt: Runtime, tenant_id: int, batches: list[list[MessageIn]]
) -> list[IngestResponse | Exception]:
    """Write ``batches`` of one tenant in one transaction and answer each on its own; if that
    transaction fails, write each batch alone (each then fails or succeeds by itself)."""
    if len(batches) > 1:
        try:
            out = write(rt, tenant_id, [m for b in batches for m in b])
        except Exception:
            pass  # nothing was written: the transaction rolled back
        else:
            return split(out, batches)
    answers: list[IngestResponse | Exception] = []
    for b in batches:
        try:
            answers.append(ingest(rt, tenant_id, b))
        except Exception as exc:
            answers.append(exc)
    return answers


def split(out: Outcome, batches: list[list[MessageIn]]) -> list[IngestResponse | Exception]:
    """Each batch's share of one transaction's outcome: its results (in its order), the
    accepted and duplicate counts among them, and the alerts raised by its own messages (an
    alert raised by no message of the group goes to the last batch that wrote to the
    conversation)."""
    owner: dict[str, int] = {}
    last_in: dict[str, int] = {}
    offset = 0
    shares = []
    for k, b in enumerate(batches):
        results = out.results[offset : offset + len(b)]
        offset += len(b)
        shares.append(results)
        for r in results:
            if r.status == "accepted":
                owner[r.message_id] = k
                last_in[r.conversation_id] = k
    alerts = [0] * len(batches)
    for cid, message_id in out.raised_by:
        k = owner.get(message_id or "", last_in.get(cid, len(batches) - 1))
        alerts[k] += 1
    answers: list[IngestResponse | Exception] = []
    for k, results in enumerate(shares):
        accepted = sum(r.status == "accepted" for r in results)
        answers.append(
            IngestResponse(
                accepted=accepted,
                duplicates=len(results) - accepted,
                alerts_created=alerts[k],
                results=results,
            )
        )
    return answers
