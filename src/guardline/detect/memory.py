"""Relationship memory: what the Detector remembers about two accounts across conversations.

A grooming relationship runs over many conversations between the same two accounts, and the
later ones often open mid-story ("hey you, back again?") with nothing in their own text that
says what came before. Scored one conversation at a time, such a chat starts from zero; a
platform knows better, because it knows the two accounts.

The memory holds at most one entry per pair of accounts: (author, partner), the author was
flagged in a two-person conversation with that partner. Per conversation only the *first*
author flagged on their own risk (not on a carried one) is remembered, and remembering one
side of a pair drops the other side, unless the other side has shown more *evidence*: each
entry adds up, for both sides, the highest own risk each reached in each of the pair's
conversations since the pair was first flagged (``PriorFlag.evidence``,
``partner_evidence``). The side flagged first in one conversation therefore takes the pair
only if it has looked at least as risky as the other across the pair's conversations. A
child or a decoy flagged first once, by mistake, while the adult has looked riskier over the
pair's chats does not take the memory from the adult; and a child or decoy carried for lack
of anything better is not carried for ever: the next conversation in which the adult is
flagged first on their own risk takes the memory back. In a later
conversation in which exactly those two accounts have written, the Detector scores the
remembered author's messages at no less than the remembered risk, so the alert policy fires
on their next messages, and the assessment names the earlier conversation
(``AuthorAssessment.prior``).

A carried flag must be renewed by the author's own evidence: each later conversation it is
carried into counts as *quiet* until the author's own risk there (the model's, not the
carried floor) reaches ``renew_risk`` (0.5), which sets the count back to zero; a flag that
has been carried into ``max_quiet`` (2) quiet conversations in a row is dropped when a further
conversation would use it. A pair flagged by mistake in one chat is therefore not carried
through all its later ordinary chats. A flag a moderator upheld (``PriorFlag.held``) never
expires this way.

It is bounded (least recently used pairs are dropped; an in-process scan keeps nothing else:
``track_changes=False``) and data-only (``to_dict``/``from_dict``).
A service persists it in its own table and calls :meth:`forget` when a moderator clears the
case; this module knows nothing of storage.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple, Protocol

from guardline.core.model import Stage

#: the stage names a prior flag may hold
STAGE_VALUES = frozenset(s.value for s in Stage)

#: format of :meth:`RelationshipMemory.to_dict` (2: a flag's quiet count, the conversation it
#: was last carried into, held; 3: the pair's evidence); versions 1 and 2 still load
MEMORY_VERSION = 3
_READABLE_MEMORY_VERSIONS = (1, 2, 3)

#: defaults chosen by cross-validation on train (docs/model_dev.md, "Carried flags expire")
DEFAULT_MAX_QUIET = 2
DEFAULT_RENEW_RISK = 0.5


@dataclass(frozen=True, slots=True)
class PriorFlag:
    """An author was flagged with a partner in ``conversation_id``, at ``risk``; ``stages``
    (stage values, sorted) are those of the signs the author showed with that partner from
    then on: in that conversation (before and after the flag) and in the later ones it was
    carried into. The explanation a carried alert points to.

    ``quiet`` counts the later conversations it was carried into, in a row, without the
    author's own risk reaching the memory's ``renew_risk``; ``carried_into`` is the last of
    them (so one conversation counts once); ``held`` marks a flag a moderator upheld, which
    never expires for quiet. ``evidence`` and ``partner_evidence`` add up, over the pair's
    conversations since it was first flagged, the highest own risk the author and the
    partner reached in each: which side of the pair has looked riskier."""

    conversation_id: str
    risk: float
    stages: tuple[str, ...] = ()
    quiet: int = 0
    carried_into: str | None = None
    held: bool = False
    evidence: float = 0.0
    partner_evidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "conversation_id": self.conversation_id,
            "risk": round(self.risk, 6),
            "stages": list(self.stages),
        }
        if self.quiet:
            d["quiet"] = self.quiet
        if self.carried_into is not None:
            d["carried_into"] = self.carried_into
        if self.held:
            d["held"] = True
        if self.evidence:
            d["evidence"] = round(self.evidence, 6)
        if self.partner_evidence:
            d["partner_evidence"] = round(self.partner_evidence, 6)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PriorFlag:
        risk = float(d["risk"])
        if not 0.0 <= risk <= 1.0:
            raise ValueError(f"prior risk must be in [0, 1], got {risk!r}")
        stages = tuple(sorted({str(s) for s in d.get("stages") or ()}))
        unknown = sorted(set(stages) - STAGE_VALUES)
        if unknown:
            raise ValueError(f"unknown stage(s) in a prior flag: {', '.join(unknown)}")
        quiet = int(d.get("quiet") or 0)
        if quiet < 0:
            raise ValueError(f"a prior flag's quiet count must be >= 0, got {quiet!r}")
        into = d.get("carried_into")
        evidence = float(d.get("evidence") or 0.0)
        partner_evidence = float(d.get("partner_evidence") or 0.0)
        if not (evidence >= 0.0 and partner_evidence >= 0.0):  # also rejects NaN
            raise ValueError("a prior flag's evidence must be >= 0")
        return cls(
            str(d["conversation_id"]),
            risk,
            stages,
            quiet,
            None if into is None else str(into),
            bool(d.get("held", False)),
            evidence,
            partner_evidence,
        )


class FlagUpdate(NamedTuple):
    """A held flag that :meth:`RelationshipMemory.carry`, ``observe``, ``add_evidence`` or
    ``add_stages`` changed: its new value, or (``expired``) the value it had when it was
    dropped for being quiet too long. ``written`` is its value as the store last had it
    (loaded, or reported earlier), so a store can add the evidence gained since rather than
    overwrite a concurrent writer's."""

    author: str
    partner: str
    flag: PriorFlag
    expired: bool
    written: PriorFlag | None = None


class PairMemory(Protocol):
    """What the Detector needs from a memory (a service may back it with its database).

    ``remember`` keeps the first flag of (author, partner) and drops (partner, author) unless
    that side has more evidence; ``carry`` is called once per later conversation that would
    use a flag (it may expire it), ``observe`` with the author's own risk in such a
    conversation (it may renew it), ``add_evidence`` when an author's highest own risk in a
    conversation with the partner rises, ``add_stages`` with the stages of the signs an author
    has shown in such a conversation."""

    def recall(self, author: str, partner: str) -> PriorFlag | None: ...

    def carry(self, author: str, partner: str, conversation_id: str) -> PriorFlag | None: ...

    def observe(self, author: str, partner: str, risk: float) -> None: ...

    def remember(self, author: str, partner: str, flag: PriorFlag) -> None: ...

    def add_evidence(self, author: str, partner: str, gain: float) -> None: ...

    def add_stages(self, author: str, partner: str, stages: Iterable[str]) -> None: ...


class RelationshipMemory:
    """In-process memory of flagged (author, partner) pairs, least recently used dropped first."""

    def __init__(
        self,
        max_pairs: int = 1_000_000,
        max_quiet: int | None = DEFAULT_MAX_QUIET,
        renew_risk: float = DEFAULT_RENEW_RISK,
        *,
        track_changes: bool = True,
    ) -> None:
        """``max_quiet``: quiet carried conversations in a row after which a flag is dropped
        (None: never); ``renew_risk``: the author's own risk that renews a carried flag;
        ``track_changes``: record what changed for :meth:`drain` / :meth:`drain_updates` (a
        service writing the memory back); an in-process scan passes False, so that nothing
        but the bounded pairs is kept however long it runs."""
        if max_pairs < 1:
            raise ValueError("max_pairs must be at least 1")
        if max_quiet is not None and max_quiet < 0:
            raise ValueError("max_quiet must be >= 0 (or None: flags never expire)")
        if not 0.0 <= renew_risk <= 1.0:
            raise ValueError(f"renew_risk must be in [0, 1], got {renew_risk!r}")
        self.max_pairs = max_pairs
        self.max_quiet = max_quiet
        self.renew_risk = renew_risk
        self.track_changes = track_changes
        self._pairs: OrderedDict[tuple[str, str], PriorFlag] = OrderedDict()
        #: entries remembered since the last :meth:`drain` (a service writes these out)
        self._new: dict[tuple[str, str], PriorFlag] = {}
        #: held entries changed by carry/observe since the last :meth:`drain_updates`
        self._updates: dict[tuple[str, str], FlagUpdate] = {}
        #: the value a store holds of entries loaded or reported (a service's memory only)
        self._written: dict[tuple[str, str], PriorFlag] = {}

    def __len__(self) -> int:
        return len(self._pairs)

    def recall(self, author: str, partner: str) -> PriorFlag | None:
        return self._pairs.get((author, partner))

    def remember(self, author: str, partner: str, flag: PriorFlag) -> None:
        """Keep the first flag of (author, partner) (its earliest conversation) and refresh its
        recency. The other side, (partner, author), if remembered, is dropped, and its entry's
        evidence (swapped) replaces the new flag's; unless that side has more evidence than
        the author, in which case it stays and nothing is remembered."""
        key = (author, partner)
        other = self._pairs.get((partner, author))
        if other is not None:
            if other.evidence > other.partner_evidence:
                self._pairs.move_to_end((partner, author))
                return
            del self._pairs[(partner, author)]
            self._new.pop((partner, author), None)
            self._updates.pop((partner, author), None)
            flag = replace(flag, evidence=other.partner_evidence, partner_evidence=other.evidence)
        if key in self._pairs:
            self._pairs.move_to_end(key)
            return
        self._pairs[key] = flag
        if self.track_changes:
            self._new[key] = flag
        self._evict()

    def _evict(self) -> None:
        """Drop the least recently used pairs beyond ``max_pairs`` (and what was recorded
        of them: a dropped pair is neither new nor updated)."""
        while len(self._pairs) > self.max_pairs:
            key, _ = self._pairs.popitem(last=False)
            self._new.pop(key, None)
            self._updates.pop(key, None)
            self._written.pop(key, None)

    def carry(self, author: str, partner: str, conversation_id: str) -> PriorFlag | None:
        """The flag of (author, partner) for use in ``conversation_id``, counted as one more
        quiet conversation (once per conversation); None when there is none or it has been
        quiet for ``max_quiet`` conversations in a row (it is then dropped)."""
        key = (author, partner)
        flag = self._pairs.get(key)
        if flag is None or flag.conversation_id == conversation_id:
            return flag
        if flag.carried_into == conversation_id or flag.held or self.max_quiet is None:
            return flag
        if flag.quiet >= self.max_quiet:
            del self._pairs[key]
            if self._new.pop(key, None) is None and self.track_changes:
                self._updates[key] = FlagUpdate(author, partner, flag, True)
            return None
        flag = replace(flag, quiet=flag.quiet + 1, carried_into=conversation_id)
        self._set(key, flag)
        return flag

    def observe(self, author: str, partner: str, risk: float) -> None:
        """The author's own risk in a conversation the flag is carried into: at or above
        ``renew_risk`` it renews the flag (its quiet count back to zero)."""
        key = (author, partner)
        flag = self._pairs.get(key)
        if flag is not None and flag.quiet and risk >= self.renew_risk:
            self._set(key, replace(flag, quiet=0))

    def add_evidence(self, author: str, partner: str, gain: float) -> None:
        """The author's highest own risk in a conversation with the partner rose by ``gain``:
        add it to the author's side of the pair's entry (if the pair has one)."""
        if gain <= 0.0:
            return
        key = (author, partner)
        flag = self._pairs.get(key)
        if flag is not None:
            self._set(key, replace(flag, evidence=flag.evidence + gain))
            return
        key = (partner, author)
        flag = self._pairs.get(key)
        if flag is not None:
            self._set(key, replace(flag, partner_evidence=flag.partner_evidence + gain))

    def add_stages(self, author: str, partner: str, stages: Iterable[str]) -> None:
        """The author has shown signs of ``stages`` in a conversation with the partner: add
        them to the stages of the author's flag with that partner (if there is one)."""
        key = (author, partner)
        flag = self._pairs.get(key)
        if flag is None:
            return
        merged = frozenset(flag.stages).union(s for s in stages if s in STAGE_VALUES)
        if len(merged) != len(flag.stages):
            self._set(key, replace(flag, stages=tuple(sorted(merged))))

    def _set(self, key: tuple[str, str], flag: PriorFlag) -> None:
        self._pairs[key] = flag
        if not self.track_changes:
            return
        if key in self._new:
            self._new[key] = flag  # not written out yet: drain() reports its current value
        else:
            self._updates[key] = FlagUpdate(key[0], key[1], flag, False)

    def load(self, author: str, partner: str, flag: PriorFlag) -> None:
        """Put an entry known elsewhere (e.g. read from a database) without reporting it new."""
        self._pairs[(author, partner)] = flag
        if self.track_changes:
            self._written[(author, partner)] = flag
        self._pairs.move_to_end((author, partner))
        self._evict()

    def forget(self, author: str, partner: str) -> bool:
        """Drop a pair (a moderator cleared it); True if it was there."""
        key = (author, partner)
        self._new.pop(key, None)
        self._updates.pop(key, None)
        self._written.pop(key, None)
        return self._pairs.pop(key, None) is not None

    def clear(self) -> None:
        self._pairs.clear()
        self._new.clear()
        self._updates.clear()
        self._written.clear()

    def drain(self) -> list[tuple[str, str, PriorFlag]]:
        """Entries remembered since the last call and still held, oldest first (an entry
        dropped since, e.g. because the other side of its pair was remembered after it, is
        left out)."""
        new, self._new = self._new, {}
        pairs = self._pairs
        out = [(a, p, f) for (a, p), f in new.items() if pairs.get((a, p)) is f]
        for a, p, f in out:
            self._written[(a, p)] = f
        return out

    def drain_updates(self) -> list[FlagUpdate]:
        """Entries held before (loaded, or drained earlier) that :meth:`carry`,
        :meth:`observe`, :meth:`add_evidence` or :meth:`add_stages` changed since the last
        call, oldest change first, each with the value last reported (``written``). A service
        applies them before it stores :meth:`drain`'s new entries."""
        updates, self._updates = self._updates, {}
        out = []
        for key, u in updates.items():
            out.append(u._replace(written=self._written.get(key)))
            if u.expired:
                self._written.pop(key, None)
            else:
                self._written[key] = u.flag
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": MEMORY_VERSION,
            "pairs": [
                {"author": a, "partner": p, **f.to_dict()} for (a, p), f in self._pairs.items()
            ],
        }

    @classmethod
    def from_dict(
        cls,
        d: dict[str, Any],
        max_pairs: int = 1_000_000,
        max_quiet: int | None = DEFAULT_MAX_QUIET,
        renew_risk: float = DEFAULT_RENEW_RISK,
    ) -> RelationshipMemory:
        if d.get("version") not in _READABLE_MEMORY_VERSIONS:
            raise ValueError(f"unsupported relationship memory version {d.get('version')!r}")
        mem = cls(max_pairs, max_quiet, renew_risk)
        for row in d.get("pairs", []):
            mem.load(str(row["author"]), str(row["partner"]), PriorFlag.from_dict(row))
        return mem


def pair_of(authors: Iterable[str]) -> tuple[str, str] | None:
    """The two accounts whose memory a conversation can read or change: its first two
    distinct writers, in message order (``authors``: each message's author), sorted; None
    when fewer than two wrote. The Detector consults the memory only for these two, and
    only while no third author has written, so conversations of different pairs never
    affect each other (within the memory's ``max_pairs``): a scan may score each pair's
    conversations apart, in input order, and get what one ordered pass gives (the Ray
    engine does)."""
    first: list[str] = []
    for a in authors:
        if a not in first:
            first.append(a)
            if len(first) == 2:
                x, y = first
                return (x, y) if x <= y else (y, x)
    return None
