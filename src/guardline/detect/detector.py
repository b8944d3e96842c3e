"""The streaming Detector: signs + risk model + alert policy, one message at a time.

A message goes in, an assessment comes out::

    detector = Detector()                 # shipped learned model, its recommended policy
    for msg in stream:
        assessment = detector.update(msg)  # cost ~ len(msg.text); history is never re-scored
        if assessment.alert: ...

``scan(conversation)`` runs the same state machine over a whole conversation in a fresh
state, so ``scan`` and repeated ``update`` give identical results. ``state(id)`` and
``restore(data)`` let a service persist a conversation and resume it elsewhere.

With a :class:`~guardline.detect.memory.RelationshipMemory` (``Detector(memory=...)``), the
first author flagged in a two-person conversation is remembered with their partner, and in a
later conversation of the same two accounts that author is scored at no less than the
remembered risk (``AuthorAssessment.prior`` names the earlier conversation), as long as the
author's own risk keeps renewing the flag (see :mod:`guardline.detect.memory`). Without one
(the default) every conversation is scored on its own.

The assessment returned by ``update`` is a snapshot: its ``evidence`` and each author's
``signals`` are read-only prefix views over append-only lists, so taking a snapshot costs
O(number of authors), not O(history).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from guardline.core.model import (
    AuthorAssessment,
    Conversation,
    ConversationAssessment,
    Message,
    Participant,
    Signal,
)
from guardline.detect.base import RiskModel
from guardline.detect.catalogue import load_model
from guardline.detect.memory import PairMemory, PriorFlag
from guardline.detect.policy import AlertPolicy, Persistence

#: 2: the learned model's state may hold group-chat pair views (run 20); 3: the relationship
#: memory's fields (writers, remembered, an author's prior and prior stages); 4: an author's
#: highest own risk and how much of it the memory was told (the pair's evidence); 5: the
#: author whose rank held an author's name back (outranked_by). Older states still restore,
#: but an older guardline refuses a newer state instead of dropping what it does not know
STATE_VERSION = 5
_READABLE_STATE_VERSIONS = (1, 2, 3, 4, 5)


class PrefixView(Sequence[Signal]):
    """Read-only view of the first ``length`` items of an append-only list."""

    __slots__ = ("_items", "_len")

    def __init__(self, items: list[Signal], length: int) -> None:
        self._items = items
        self._len = length

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, i: int) -> Signal: ...
    @overload
    def __getitem__(self, i: slice) -> list[Signal]: ...
    def __getitem__(self, i: int | slice) -> Signal | list[Signal]:
        if isinstance(i, slice):
            return self._items[: self._len][i]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(i)
        return self._items[i]

    def __iter__(self) -> Iterator[Signal]:
        items = self._items
        for i in range(self._len):
            yield items[i]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"PrefixView({list(self)!r})"


@dataclass(slots=True)
class _AuthorTrack:
    risk: float = 0.0
    flagged: bool = False
    window: Persistence = field(default_factory=Persistence)
    signals: list[Signal] = field(default_factory=list)
    stages: dict[str, int] = field(default_factory=dict)
    snap: AuthorAssessment | None = None
    #: end of this author's previous message (signs split across two messages)
    tail: tuple[str, frozenset[str]] | None = None
    #: the participant this author's risk is about (group chats; from the model)
    addressee: str | None = None
    #: an earlier conversation in which this author was flagged with the same partner, and
    #: the stages of the signs they showed there (relationship memory)
    prior: str | None = None
    prior_stages: tuple[str, ...] = ()
    #: the author's highest own risk here (the model's, before a carried floor), and how
    #: much of it the memory has been told (relationship memory: the pair's evidence)
    own: float = 0.0
    told: float = 0.0
    #: the flagged author whose rank held this one's name back (``AlertPolicy.outrank``)
    outranked_by: str | None = None
    #: how many of this author's stages the memory has been told (not kept in the state:
    #: telling a stage twice changes nothing)
    told_stages: int = 0


@dataclass(slots=True)
class _ConvState:
    id: str
    model_state: Any
    n_messages: int = 0
    first_alert_index: int | None = None
    authors: dict[str, _AuthorTrack] = field(default_factory=dict)
    evidence: list[Signal] = field(default_factory=list)
    participants: dict[str, Participant] = field(default_factory=dict)
    #: the first three authors who wrote (kept only with a relationship memory)
    writers: tuple[str, ...] = ()
    #: an author of this conversation was remembered (relationship memory)
    remembered: bool = False


def _outranked(
    tracks: dict[str, _AuthorTrack], author: str, risk: float, memory: PairMemory | None
) -> str | None:
    """Two authors, and the other one is flagged: in a two-person chat one person grooms the
    other, so the second is not flagged yet (:attr:`AlertPolicy.outrank`) while the flagged
    one's risk is higher than ``risk`` now, or while the flagged one carries the pair's
    remembered flag and has looked riskier over the pair's conversations (the evidence by
    which the memory would keep the pair on that side; see :mod:`guardline.detect.memory`).
    Returns the flagged author who outranks ``author``, or None."""
    if len(tracks) != 2:
        return None
    for other, t in tracks.items():
        if other == author:
            continue
        if not t.flagged:
            return None
        if t.risk > risk:
            return other
        if memory is not None and t.prior is not None:
            flag = memory.recall(other, author)
            if flag is not None and flag.evidence > flag.partner_evidence:
                return other
        return None
    return None


class Detector:
    """Scores conversations message by message and decides when to alert.

    Holds the state of every open conversation (keyed by ``Message.conversation_id``).
    Not thread-safe: use one Detector per worker and route a conversation to one worker.
    """

    def __init__(
        self,
        model: RiskModel | None = None,
        registry: Any | None = None,
        policy: AlertPolicy | None = None,
        memory: PairMemory | None = None,
    ) -> None:
        if registry is None:
            from guardline.signs import default_registry

            registry = default_registry()
        self.model: RiskModel = model if model is not None else load_model()
        self.registry = registry
        if policy is None:
            recommended = getattr(self.model, "policy", None)
            policy = AlertPolicy.from_dict(recommended) if recommended else AlertPolicy()
        self.policy = policy
        #: relationship memory across conversations of the same two accounts (None: off)
        self.memory = memory
        self._open: dict[str, _ConvState] = {}
        #: the model's ``addressee(state, author)``, if it has one (see detect.base)
        self._addressee: Callable[[Any, str], str | None] | None = getattr(
            self.model, "addressee", None
        )

    # ------------------------------------------------------------------ streaming
    def update(
        self, message: Message, participant: Participant | None = None
    ) -> ConversationAssessment:
        """Fold one message into its conversation and return the assessment so far."""
        st = self._open.get(message.conversation_id)
        if st is None:
            st = self._open[message.conversation_id] = self._new_state(message.conversation_id)
        if participant is not None:
            st.participants[participant.author] = participant
        self._step(st, message)
        return self._assess(st)

    def set_participant(self, conversation_id: str, participant: Participant) -> None:
        """Attach platform context (age band, account age, ...) to a participant."""
        st = self._open.get(conversation_id)
        if st is None:
            st = self._open[conversation_id] = self._new_state(conversation_id)
        st.participants[participant.author] = participant

    def close(self, conversation_id: str) -> None:
        """Forget a conversation's state (it ended, or was persisted)."""
        self._open.pop(conversation_id, None)

    @property
    def open_conversations(self) -> int:
        return len(self._open)

    def assessment(self, conversation_id: str) -> ConversationAssessment:
        return self._assess(self._open[conversation_id])

    # ------------------------------------------------------------------ batch
    def scan(self, conversation: Conversation) -> ConversationAssessment:
        """Score a whole conversation in a fresh state (open conversations are untouched)."""
        st = self._new_state(conversation.id)
        st.participants.update(conversation.participants)
        for i, m in enumerate(conversation.messages):
            if m.index != i or m.conversation_id != conversation.id:
                m = Message(conversation.id, i, m.author, m.text, m.time, m.message_id)
            self._step(st, m)
        return self._assess(st)

    def scan_many(self, conversations: Iterable[Conversation]) -> Iterator[ConversationAssessment]:
        for c in conversations:
            yield self.scan(c)

    # ------------------------------------------------------------------ persistence
    def state(self, conversation_id: str) -> dict[str, Any]:
        """A JSON-serialisable copy of one conversation's state."""
        st = self._open[conversation_id]
        return {
            "version": STATE_VERSION,
            "model": self.model.name,
            "id": st.id,
            "n_messages": st.n_messages,
            "first_alert_index": st.first_alert_index,
            "model_state": self.model.dump_state(st.model_state),
            "authors": {
                a: {
                    "risk": t.risk,
                    "flagged": t.flagged,
                    "window": [t.window.bits, t.window.count],
                    "signals": [s.to_dict() for s in t.signals],
                    "stages": dict(t.stages),
                    "tail": None if t.tail is None else [t.tail[0], sorted(t.tail[1])],
                    **({"addressee": t.addressee} if t.addressee is not None else {}),
                    **(
                        {"prior": t.prior, "prior_stages": list(t.prior_stages)}
                        if t.prior is not None
                        else {}
                    ),
                    **({"own": t.own, "told": t.told} if t.own else {}),
                    **({"outranked_by": t.outranked_by} if t.outranked_by is not None else {}),
                }
                for a, t in st.authors.items()
            },
            "evidence": [s.to_dict() for s in st.evidence],
            "participants": [p.to_dict() for p in st.participants.values()],
            **({"writers": list(st.writers)} if st.writers else {}),
            **({"remembered": True} if st.remembered else {}),
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Re-open a conversation from :meth:`state` output."""
        if data.get("version") not in _READABLE_STATE_VERSIONS:
            raise ValueError(f"unsupported detector state version {data.get('version')!r}")
        if data.get("model") != self.model.name:
            raise ValueError(
                f"state was written by model {data.get('model')!r}, this detector runs "
                f"{self.model.name!r}"
            )
        st = _ConvState(id=data["id"], model_state=self.model.load_state(data["model_state"]))
        st.n_messages = int(data["n_messages"])
        st.first_alert_index = data["first_alert_index"]
        st.evidence = [Signal.from_dict(s) for s in data["evidence"]]
        for a, t in data["authors"].items():
            st.authors[a] = _AuthorTrack(
                risk=float(t["risk"]),
                flagged=bool(t["flagged"]),
                window=Persistence(int(t["window"][0]), int(t["window"][1])),
                signals=[Signal.from_dict(s) for s in t["signals"]],
                stages={k: int(v) for k, v in t["stages"].items()},
                tail=(
                    None
                    if not t.get("tail")
                    else (str(t["tail"][0]), frozenset(str(x) for x in t["tail"][1]))
                ),
                addressee=None if t.get("addressee") is None else str(t["addressee"]),
                prior=None if t.get("prior") is None else str(t["prior"]),
                prior_stages=tuple(str(x) for x in t.get("prior_stages") or ()),
                own=float(t.get("own") or 0.0),
                told=float(t.get("told") or 0.0),
                outranked_by=(None if t.get("outranked_by") is None else str(t["outranked_by"])),
            )
        st.participants = {
            p["author"]: Participant.from_dict(p) for p in data.get("participants", [])
        }
        st.writers = tuple(str(w) for w in data.get("writers", ()))[:3]
        st.remembered = bool(data.get("remembered", False))
        self._open[st.id] = st

    # ------------------------------------------------------------------ internals
    def _new_state(self, conversation_id: str) -> _ConvState:
        return _ConvState(id=conversation_id, model_state=self.model.new_state())

    def _track(self, st: _ConvState, author: str) -> _AuthorTrack:
        t = st.authors.get(author)
        if t is None:
            t = st.authors[author] = _AuthorTrack()
        return t

    def _step(self, st: _ConvState, message: Message) -> None:
        author = message.author
        participant = st.participants.get(author)
        tracks = st.authors
        track = tracks.get(author)
        if track is None:
            track = tracks[author] = _AuthorTrack()
        find_stream = getattr(self.registry, "find_stream", None)
        if find_stream is not None:
            signals, track.tail = find_stream(message, participant, track.tail)
        else:
            signals = self.registry.find(message, participant)
        for s in signals:
            # signs are attributed to their author (a disclosure marks the discloser)
            t = track if s.author == author else self._track(st, s.author)
            t.signals.append(s)
            t.stages[s.stage.value] = t.stages.get(s.stage.value, 0) + 1
            t.snap = None
            st.evidence.append(s)
        risks = self.model.update(st.model_state, message, signals, participant)
        memory = self.memory
        if memory is not None:
            risks = self._recall(st, author, risks, memory)
        addressee = self._addressee
        st.n_messages += 1
        policy = self.policy
        threshold = policy.threshold
        hold = st.n_messages < policy.min_messages
        for a, risk in risks.items():
            t = track if a == author else self._track(st, a)
            if risk != t.risk:
                t.risk = risk
                t.snap = None
            if addressee is not None:
                to = addressee(st.model_state, a)
                if to != t.addressee:
                    t.addressee = to
                    t.snap = None
            fires = t.window.push(risk >= threshold, policy)
            if fires and not hold and not t.flagged:
                if policy.outrank:
                    by = _outranked(tracks, a, risk, memory)
                    if by is not None:
                        # held back; the assessment says by whom (the console explains it)
                        if t.outranked_by != by:
                            t.outranked_by = by
                            t.snap = None
                        continue
                t.flagged = True
                t.outranked_by = None
                t.snap = None
                if policy.outrank and len(tracks) == 2:
                    # the name moves: the author flagged first is now below this one
                    for o, ot in tracks.items():
                        if o != a and ot.flagged and ot.risk < risk:
                            ot.flagged = False
                            ot.outranked_by = a
                            ot.snap = None
                            if memory is not None and t.prior is None:
                                # the memory is offered this author's flag too (it keeps
                                # the side with more evidence over the pair)
                                st.remembered = False
                if st.first_alert_index is None:
                    st.first_alert_index = message.index
                if memory is not None and t.prior is None and not st.remembered:
                    self._remember(st, a, t, risk, memory)

    def _recall(
        self, st: _ConvState, author: str, risks: dict[str, float], memory: PairMemory
    ) -> dict[str, float]:
        """Raise the risk of each of the two writers that the model scored now to what the
        memory holds for them and the other writer (a floor, never a ceiling), and tell the
        memory when a writer's highest own risk here rises (the pair's evidence)."""
        for a, r in risks.items():
            t = self._track(st, a)
            if r > t.own:
                t.own = r
        writers = st.writers
        if author not in writers and len(writers) < 3:
            writers = st.writers = (*writers, author)
            if len(writers) == 2 and not st.remembered:
                # the partner's first message: an author flagged while they were the only
                # writer (cold openers) is remembered now
                for w in writers:
                    tw = st.authors.get(w)
                    if tw is not None and tw.flagged and tw.prior is None:
                        self._remember(st, w, tw, tw.risk, memory)
                        break
        if len(writers) != 2:
            return risks
        out = risks
        for a in writers:
            if a not in risks:
                continue
            partner = writers[1] if a == writers[0] else writers[0]
            t = self._track(st, a)
            prior = memory.recall(a, partner)
            if prior is not None and prior.conversation_id != st.id:
                if t.prior != prior.conversation_id:
                    # the first use of this flag here: it counts as one more quiet
                    # conversation (and may have expired)
                    prior = memory.carry(a, partner, st.id)
                    if prior is not None:
                        t.prior = prior.conversation_id
                        t.prior_stages = prior.stages
                        t.snap = None
                if prior is not None:
                    # the author's own risk here renews the flag (before the floor)
                    memory.observe(a, partner, risks[a])
                    if prior.risk > risks[a]:
                        if out is risks:
                            out = dict(risks)
                        out[a] = prior.risk
            # what the author has shown here so far, for the pair's flag (after the carry,
            # so a carried alert names what was known before this conversation)
            if t.own > t.told:
                memory.add_evidence(a, partner, t.own - t.told)
                t.told = t.own
            if len(t.stages) > t.told_stages:
                memory.add_stages(a, partner, t.stages)
                t.told_stages = len(t.stages)
        return out

    @staticmethod
    def _remember(
        st: _ConvState, author: str, track: _AuthorTrack, risk: float, memory: PairMemory
    ) -> None:
        """The conversation's first flag on an author's own risk (not carried), in a
        two-person chat, is offered to the memory with the partner and both writers' highest
        own risk here (the memory keeps the other side instead if it has more evidence)."""
        writers = st.writers
        if len(writers) == 2 and author in writers:
            partner = writers[1] if author == writers[0] else writers[0]
            other = st.authors.get(partner)
            flag = PriorFlag(
                st.id,
                risk,
                tuple(sorted(track.stages)),
                evidence=track.own,
                partner_evidence=other.own if other is not None else 0.0,
            )
            memory.remember(author, partner, flag)
            # a new entry holds both writers' highest own risk so far; an existing one was
            # told of every rise already
            track.told = track.own
            track.told_stages = len(track.stages)
            if other is not None:
                other.told = other.own
            st.remembered = True

    def _assess(self, st: _ConvState) -> ConversationAssessment:
        authors = []
        risk = 0.0
        for author, t in st.authors.items():
            snap = t.snap
            if snap is None:
                # author, risk, flagged, signals, stages, addressee, prior, prior_stages,
                # outranked_by
                snap = t.snap = AuthorAssessment(
                    author,
                    t.risk,
                    t.flagged,
                    PrefixView(t.signals, len(t.signals)),  # type: ignore[arg-type]
                    dict(t.stages),
                    t.addressee,
                    t.prior,
                    t.prior_stages,
                    t.outranked_by,
                )
            authors.append(snap)
            if t.risk > risk:
                risk = t.risk
        # id, risk, alert, first_alert_index, authors, evidence, messages_seen
        return ConversationAssessment(
            st.id,
            risk,
            st.first_alert_index is not None,
            st.first_alert_index,
            authors,
            PrefixView(st.evidence, len(st.evidence)),  # type: ignore[arg-type]
            st.n_messages,
        )
