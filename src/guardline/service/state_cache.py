"""In-process cache of detector state, validated against each conversation's ``state_version``.

The database row is the truth: every ingest writes the conversation's state and bumps
``state_version`` in the same transaction as its messages. This cache only saves re-loading
that state when this process wrote the latest version itself. Several processes (or threads)
stay correct because

* an entry is usable only if its version equals the locked row's version, and
* an entry is marked in-flight while a transaction updates it; only that transaction can
  publish the new version (after its commit), and a rollback evicts the entry.

Detectors are shared per (tenant, alert policy): the participant-context policy can give a
conversation a different policy, and its state then moves (``state``/``restore``) to the
detector running that policy. Conversations are keyed by their external id inside a tenant's
detector, so assessments carry the platform's own ids.

A relationship memory is per batch, never per process: :meth:`DetectorPool.lend` gives one
batch's memory (read from the database) to every Detector the pool hands out inside the
block and takes it back from all of them when the block ends, also on errors, so a shared
Detector never scores one batch with another batch's memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from guardline.detect import AlertPolicy, Detector
from guardline.detect.base import RiskModel
from guardline.detect.memory import PairMemory

Key = tuple[int, str]  # (tenant id, conversation external id)


@dataclass(slots=True)
class _Entry:
    version: int | None  # None: in flight (being updated by ``owner``)
    policy: AlertPolicy
    owner: object | None = None


class DetectorPool:
    def __init__(
        self, model: RiskModel, registry: Any, base_policy: AlertPolicy, max_entries: int
    ) -> None:
        self.model = model
        self.registry = registry
        self.base_policy = base_policy
        self.max_entries = max_entries
        self.lock = threading.RLock()  # Detector is not thread-safe: hold while scoring
        self._detectors: dict[tuple[int, AlertPolicy], Detector] = {}
        self._entries: OrderedDict[Key, _Entry] = OrderedDict()
        #: the memory lent for the current batch (see :meth:`lend`) and who holds it
        self._memory: PairMemory | None = None
        self._lent: list[Detector] = []

    def detector(self, tenant_id: int, policy: AlertPolicy) -> Detector:
        det = self._detectors.get((tenant_id, policy))
        if det is None:
            det = Detector(model=self.model, registry=self.registry, policy=policy)
            self._detectors[(tenant_id, policy)] = det
        memory = self._memory
        if det.memory is not memory:
            det.memory = memory
            if memory is not None:
                self._lent.append(det)
        return det

    @contextmanager
    def lend(self, memory: PairMemory | None) -> Iterator[None]:
        """Inside the block every Detector handed out scores with ``memory`` (None: without
        one); at its end, also on errors, no Detector of the pool keeps it. Holds :attr:`lock`.
        """
        with self.lock:
            self._memory = memory
            try:
                yield
            finally:
                self._memory = None
                for det in self._lent:
                    det.memory = None
                self._lent.clear()

    def is_fresh(self, key: Key, version: int) -> bool:
        e = self._entries.get(key)
        return e is not None and e.version is not None and e.version == version

    def checkout(
        self, key: Key, version: int, state: dict[str, Any] | None, owner: object
    ) -> Detector:
        """The detector holding ``key``'s state at ``version``; marks the entry in flight.

        ``state`` is the persisted state, needed unless :meth:`is_fresh` (None for a new
        conversation). Call under :attr:`lock`; finish with :meth:`publish` or :meth:`evict`.
        """
        tenant_id, ext = key
        e = self._entries.get(key)
        if e is not None and e.version is not None and e.version == version:
            policy = e.policy
            det = self.detector(tenant_id, policy)
        else:
            if e is not None:
                self.detector(tenant_id, e.policy).close(ext)
            policy = self.base_policy
            det = self.detector(tenant_id, policy)
            det.close(ext)
            if state is not None:
                det.restore(state)
            elif version != 0:
                raise RuntimeError("conversation has a version but no stored state")
        self._entries[key] = _Entry(None, policy, owner)
        self._entries.move_to_end(key)
        return det

    def set_policy(self, key: Key, policy: AlertPolicy) -> Detector:
        """Move a checked-out conversation to the detector running ``policy``."""
        tenant_id, ext = key
        e = self._entries[key]
        det = self.detector(tenant_id, e.policy)
        if e.policy != policy:
            try:
                moved: dict[str, Any] | None = det.state(ext)
            except KeyError:  # a new conversation: nothing to move
                moved = None
            det.close(ext)
            det = self.detector(tenant_id, policy)
            if moved is not None:
                det.restore(moved)
            e.policy = policy
        return det

    def publish(self, key: Key, version: int, owner: object) -> None:
        """After commit: the in-memory state of ``key`` is the stored ``version``."""
        with self.lock:
            e = self._entries.get(key)
            if e is not None and e.owner is owner:
                e.version = version
                e.owner = None
            self._trim()

    def evict(self, key: Key, owner: object | None = None) -> None:
        with self.lock:
            e = self._entries.get(key)
            if e is None or (owner is not None and e.owner is not owner):
                return
            del self._entries[key]
            self.detector(key[0], e.policy).close(key[1])

    def _trim(self) -> None:
        while len(self._entries) > self.max_entries:
            key, e = self._entries.popitem(last=False)
            if e.owner is not None:  # in flight: keep it, try the next oldest
                self._entries[key] = e
                self._entries.move_to_end(key, last=False)
                break
            self.detector(key[0], e.policy).close(key[1])

    def __len__(self) -> int:
        return len(self._entries)
