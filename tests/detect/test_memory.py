"""Relationship memory: a flag carried across conversations of the same two accounts."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from guardline.cli import app
from guardline.core.model import AuthorAssessment, Conversation, Message, Participant, Signal
from guardline.detect import AlertPolicy, Detector, PriorFlag, RelationshipMemory
from guardline.detect.memory import MEMORY_VERSION, FlagUpdate
from pair_chats import GROOMING, LATER


def conv(pairs: list[tuple[str, str]], cid: str) -> Conversation:
    return Conversation(
        id=cid, messages=[Message(cid, i, a, t) for i, (a, t) in enumerate(pairs)], predators=[]
    )


def renamed(pairs: list[tuple[str, str]], names: dict[str, str]) -> list[tuple[str, str]]:
    return [(names.get(a, a), t) for a, t in pairs]


class KeywordModel:
    """A transparent test model: an author's risk is 1.0 from their first 'FLAG' message on."""

    name = "keyword-test"

    def new_state(self) -> dict[str, float]:
        return {}

    def update(
        self,
        state: dict[str, float],
        message: Message,
        signals: list[Signal],
        participant: Participant | None = None,
    ) -> dict[str, float]:
        if "FLAG" in message.text:
            state[message.author] = 1.0
        elif "HALF" in message.text and state.get(message.author, 0.0) < 0.6:
            state[message.author] = 0.6  # own evidence that renews a carried flag, not an alert
        state.setdefault(message.author, 0.1)
        return {message.author: state[message.author]}

    def dump_state(self, state: dict[str, float]) -> dict[str, Any]:
        return dict(state)

    def load_state(self, data: dict[str, Any]) -> dict[str, float]:
        return {str(k): float(v) for k, v in data.items()}


def bare(flag: PriorFlag | None) -> PriorFlag | None:
    """The flag without the pair's evidence (asserted in its own tests)."""
    return None if flag is None else replace(flag, evidence=0.0, partner_evidence=0.0)


def bare_drain(mem: RelationshipMemory) -> list[tuple[str, str, PriorFlag | None]]:
    return [(a, p, bare(f)) for a, p, f in mem.drain()]


def keyword_detector(memory: RelationshipMemory | None) -> Detector:
    return Detector(
        model=KeywordModel(), policy=AlertPolicy(threshold=0.9, k=2, n=3), memory=memory
    )


# --------------------------------------------------------------------------- the store


def test_memory_keeps_the_first_flag_and_reports_new_entries_once() -> None:
    mem = RelationshipMemory()
    mem.remember("a", "b", PriorFlag("c1", 0.98))
    mem.remember("a", "b", PriorFlag("c2", 0.99))
    assert bare(mem.recall("a", "b")) == PriorFlag("c1", 0.98)
    assert mem.recall("b", "a") is None  # directed: the partner is not carried
    assert mem.drain() == [("a", "b", PriorFlag("c1", 0.98))]
    assert mem.drain() == []
    mem.load("x", "y", PriorFlag("c9", 0.97))  # known elsewhere: not reported as new
    assert mem.drain() == [] and mem.recall("x", "y") is not None
    assert mem.forget("a", "b") and not mem.forget("a", "b")
    assert mem.recall("a", "b") is None


def test_memory_is_bounded_least_recently_used_first() -> None:
    mem = RelationshipMemory(max_pairs=2)
    mem.remember("a", "b", PriorFlag("c1", 0.98))
    mem.remember("c", "d", PriorFlag("c2", 0.98))
    mem.remember("a", "b", PriorFlag("c3", 0.98))  # touches (a, b)
    mem.remember("e", "f", PriorFlag("c4", 0.98))
    assert len(mem) == 2
    assert mem.recall("c", "d") is None
    assert bare(mem.recall("a", "b")) == PriorFlag("c1", 0.98)
    with pytest.raises(ValueError):
        RelationshipMemory(max_pairs=0)


def test_memory_round_trips_and_rejects_bad_data() -> None:
    mem = RelationshipMemory()
    mem.remember("a", "b", PriorFlag("c1", 0.981234, ("exclusivity", "risk_assessment")))
    data = json.loads(json.dumps(mem.to_dict()))
    back = RelationshipMemory.from_dict(data)
    assert back.to_dict() == mem.to_dict()
    assert back.drain() == []
    with pytest.raises(ValueError, match="version"):
        RelationshipMemory.from_dict({**data, "version": 99})
    with pytest.raises(ValueError, match="unknown stage"):
        RelationshipMemory.from_dict(
            {
                "version": 1,
                "pairs": [
                    {
                        "author": "a",
                        "partner": "b",
                        "conversation_id": "c",
                        "risk": 0.99,
                        "stages": ["grooming"],
                    }
                ],
            }
        )
    with pytest.raises(ValueError, match="risk"):
        RelationshipMemory.from_dict(
            {
                "version": 1,
                "pairs": [{"author": "a", "partner": "b", "conversation_id": "c", "risk": 2}],
            }
        )


# --------------------------------------------------------------------------- the detector


def test_learned_model_carries_the_groomer_into_a_later_conversation() -> None:
    alone = Detector().scan(conv(LATER, "c2"))
    assert not alone.alert  # on its own the later chat says nothing

    det = Detector(memory=RelationshipMemory())
    first = det.scan(conv(GROOMING, "c1"))
    assert first.flagged_authors == ["sam"]
    later = det.scan(conv(LATER, "c2"))
    assert later.alert and later.flagged_authors == ["sam"]
    sam = next(a for a in later.authors if a.author == "sam")
    kid = next(a for a in later.authors if a.author == "kid")
    assert sam.prior == "c1" and kid.prior is None
    assert sam.to_dict()["prior"] == "c1" and "prior" not in kid.to_dict()
    # the carried alert points to what sam showed in c1 by the time he was flagged there
    first_sam = next(a for a in first.authors if a.author == "sam")
    assert set(sam.prior_stages) <= set(first_sam.stages)
    assert "risk_assessment" in sam.prior_stages
    assert sam.to_dict()["prior_stages"] == list(sam.prior_stages)
    assert AuthorAssessment.from_dict(sam.to_dict()).prior_stages == sam.prior_stages
    assert later.first_alert_index is not None and later.first_alert_index <= 4


def test_other_accounts_and_group_chats_are_not_carried() -> None:
    det = Detector(memory=RelationshipMemory())
    det.scan(conv(GROOMING, "c1"))
    # sam with a different child: no carry
    other = det.scan(conv(renamed(LATER, {"kid": "pat"}), "c2"))
    assert not other.alert and all(a.prior is None for a in other.authors)
    # the same two in a group chat with a third account: no carry
    group = [("sam", "hey you"), ("kid", "hi"), ("ali", "hi all"), *LATER[2:]]
    g = det.scan(conv(group, "c3"))
    assert not g.alert and all(a.prior is None for a in g.authors)


def test_only_the_first_flagged_author_is_remembered() -> None:
    mem = RelationshipMemory()
    det = keyword_detector(mem)
    both = [("adult", "FLAG"), ("kid", "hi"), ("adult", "FLAG"), ("kid", "FLAG"), ("kid", "FLAG")]
    a = det.scan(conv(both, "c1"))
    assert set(a.flagged_authors) == {"adult", "kid"}
    assert bare(mem.recall("adult", "kid")) == PriorFlag("c1", 1.0)
    assert mem.recall("kid", "adult") is None
    later = det.scan(conv([("kid", "x"), ("adult", "y"), ("kid", "z"), ("adult", "w")], "c2"))
    assert later.flagged_authors == ["adult"]
    assert later.first_alert_index == 3  # two of three over the threshold: adult's 2nd message


def test_a_side_flagged_by_mistake_is_not_carried_for_ever() -> None:
    mem = RelationshipMemory()
    det = keyword_detector(mem)
    # c1: the child is flagged first (a false flag)
    det.scan(conv([("kid", "FLAG"), ("adult", "hi"), ("kid", "FLAG")], "c1"))
    assert bare(mem.recall("kid", "adult")) == PriorFlag("c1", 1.0)
    # c2: the child is recalled, but the adult is flagged on their own risk first
    c2 = det.scan(conv([("kid", "a"), ("adult", "FLAG"), ("kid", "b"), ("adult", "FLAG")], "c2"))
    assert c2.flagged_authors == ["adult"]
    assert {a.author: a.prior for a in c2.authors} == {"kid": "c1", "adult": None}
    assert bare(mem.recall("adult", "kid")) == PriorFlag("c2", 1.0)
    assert mem.recall("kid", "adult") is None  # one side per pair
    # c3: only the adult is carried now
    c3 = det.scan(conv([("kid", "a"), ("adult", "b"), ("kid", "c"), ("adult", "d")], "c3"))
    assert c3.flagged_authors == ["adult"]
    assert {a.author: a.prior for a in c3.authors} == {"kid": None, "adult": "c2"}


def test_a_conversation_never_carries_into_itself_and_a_carried_flag_is_not_re_remembered() -> None:
    mem = RelationshipMemory()
    det = keyword_detector(mem)
    for m in conv([("a", "FLAG"), ("b", "hi"), ("a", "FLAG")], "c1").messages:
        det.update(m)
    assert bare(mem.recall("a", "b")) == PriorFlag("c1", 1.0)
    # more messages of c1 itself: its own flag is not a prior
    res = det.update(Message("c1", 3, "a", "more"))
    assert all(au.prior is None for au in res.authors)
    det.scan(conv([("a", "x"), ("b", "y"), ("a", "z"), ("a", "w")], "c2"))
    # still the original conversation, carried once into c2 without renewing evidence
    assert bare(mem.recall("a", "b")) == PriorFlag("c1", 1.0, quiet=1, carried_into="c2")
    assert [e[2].conversation_id for e in mem.drain()] == ["c1"]


def test_forgetting_a_pair_stops_the_carry() -> None:
    mem = RelationshipMemory()
    det = Detector(memory=mem)
    det.scan(conv(GROOMING, "c1"))
    assert mem.forget("sam", "kid")
    assert not det.scan(conv(LATER, "c2")).alert


def test_state_round_trip_keeps_prior_and_writers() -> None:
    mem = RelationshipMemory()
    det = Detector(memory=mem)
    det.scan(conv(GROOMING, "c1"))
    msgs = conv(LATER, "c2").messages
    for m in msgs[:3]:
        det.update(m)
    state = json.loads(json.dumps(det.state("c2")))
    assert state["writers"] == ["sam", "kid"]
    other = Detector(memory=mem)
    other.restore(state)
    det.close("c2")
    fresh = Detector(memory=mem)
    for m in msgs[:3]:
        fresh.update(m)
    for m in msgs[3:]:
        a = other.update(m)
        b = fresh.update(m)
        assert a.to_dict() == b.to_dict()
    assert any(au.prior == "c1" for au in a.authors)


# --------------------------------------------------------------------------- the CLI


def write_jsonl(path: Path, convs: list[Conversation]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for c in convs:
            f.write(json.dumps(c.to_dict()) + "\n")


def test_scan_memory_option_and_explain(tmp_path: Path) -> None:
    data = tmp_path / "chats.jsonl.gz"
    write_jsonl(data, [conv(GROOMING, "c1"), conv(LATER, "c2")])
    runner = CliRunner()
    rows = {}
    for flag in ([], ["--relationship-memory"]):
        out = tmp_path / f"scan{len(flag)}.jsonl"
        res = runner.invoke(app, ["scan", str(data), "--out", str(out), *flag])
        assert res.exit_code == 0, res.output
        rows[bool(flag)] = {
            r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())
        }
    assert not rows[False]["c2"]["alert"]
    assert rows[True]["c2"]["alert"]
    sam = next(a for a in rows[True]["c2"]["authors"] if a["author"] == "sam")
    assert sam["prior"] == "c1"
    pq_out = tmp_path / "scan.parquet"
    res = runner.invoke(app, ["scan", str(data), "--out", str(pq_out), "--relationship-memory"])
    assert res.exit_code == 0, res.output
    import pyarrow.parquet as pq

    by_id = {r["id"]: r for r in pq.read_table(pq_out).to_pylist()}
    assert {a["author"]: a["prior"] for a in by_id["c2"]["authors"]} == {"sam": "c1", "kid": None}
    res = runner.invoke(app, ["explain", str(data), "--id", "c2", "--relationship-memory"])
    assert res.exit_code == 0, res.output
    assert "flagged with the same participant before" in res.output and "c1" in res.output
    res = runner.invoke(app, ["explain", str(data), "--id", "c2"])
    assert "flagged with the same participant before" not in res.output


def test_bench_memory_contender_never_carries_across_datasets() -> None:
    from guardline.cli.bench import _contenders

    (ct,) = _contenders(["learned+memory"], Path("."), [])
    assert not ct.hard_cases
    from guardline.evaluate.bench import run_benchmark

    first, later = conv(GROOMING, "c1"), conv(LATER, "c2")
    for c in (first, later):
        c.predators = ["sam"]
    (run,) = run_benchmark(
        [ct], {"test": [first, later], "test_sessions": [later]}, {"hard": [first]}
    )
    assert run.error is None
    assert [a.alert for a in run.runs["test"].assessments] == [True, True]
    # emptied before each dataset: the later chat alone is quiet again
    assert [a.alert for a in run.runs["test_sessions"].assessments] == [False]
    assert run.hard == {}
    assert run.runs["test"].result.to_dict()["latency"]["within_10"] == 1.0
    # c2 shows no pre-sexual sign of its own; its carried alert points to c1's stages
    ps = run.pre_sexual["test_sessions"]
    assert ps["alerted_positives"] == 0
    ps = run.pre_sexual["test"]
    assert ps["alerted_positives"] == 2 and ps["evidence"] == 0.5 and ps["with_prior"] == 1.0


class EveryAuthorModel(KeywordModel):
    """Returns every author's risk on every message; 'DROP' lowers the other authors' risk
    (as a model may, e.g. on a partner's age disclosure)."""

    name = "every-author-test"

    def update(
        self,
        state: dict[str, float],
        message: Message,
        signals: list[Signal],
        participant: Participant | None = None,
    ) -> dict[str, float]:
        super().update(state, message, signals, participant)
        if "DROP" in message.text:
            for a in state:
                if a != message.author:
                    state[a] = 0.05
        return dict(state)


def test_the_floor_holds_on_the_partners_messages_too() -> None:
    mem = RelationshipMemory()
    policy = AlertPolicy(threshold=0.9, k=2, n=2)
    det = Detector(model=EveryAuthorModel(), policy=policy, memory=mem)
    det.scan(conv([("adult", "FLAG"), ("kid", "hi"), ("adult", "FLAG")], "c1"))
    assert mem.recall("adult", "kid") is not None
    # c2: the child's every message lowers the adult's own risk; the carried floor holds on
    # those messages as well, so two over-threshold scores in a row flag the adult
    later = [("adult", "a"), ("kid", "DROP"), ("adult", "b"), ("kid", "DROP"), ("adult", "c")]
    a = det.scan(conv(later, "c2"))
    assert a.flagged_authors == ["adult"]
    assert next(x for x in a.authors if x.author == "adult").risk == 1.0


def test_an_author_flagged_before_the_partner_writes_is_remembered() -> None:
    mem = RelationshipMemory()
    det = keyword_detector(mem)
    cold = [("adult", "FLAG"), ("adult", "FLAG"), ("adult", "are you there"), ("kid", "hi")]
    a = det.scan(conv(cold, "c1"))
    assert a.flagged_authors == ["adult"] and a.first_alert_index == 1
    assert bare(mem.recall("adult", "kid")) == PriorFlag("c1", 1.0)


def test_the_side_flagged_on_its_own_evidence_takes_the_pair_even_when_flagged_second() -> None:
    """The rule cross-validation chose: in a conversation, the first author flagged on their
    own risk is remembered, even after the other side was carried and flagged."""
    mem = RelationshipMemory()
    det = keyword_detector(mem)
    det.scan(conv([("adult", "FLAG"), ("kid", "hi"), ("adult", "FLAG")], "c1"))
    c2 = det.scan(
        conv(
            [
                ("adult", "a"),
                ("kid", "hi"),
                ("adult", "b"),
                ("adult", "c"),
                ("kid", "FLAG"),
                ("kid", "FLAG"),
            ],
            "c2",
        )
    )
    assert set(c2.flagged_authors) == {"adult", "kid"}
    assert bare(mem.recall("kid", "adult")) == PriorFlag("c2", 1.0)
    assert mem.recall("adult", "kid") is None
    assert bare_drain(mem) == [("kid", "adult", PriorFlag("c2", 1.0))]  # (adult, kid) was dropped


def test_drain_leaves_out_entries_dropped_since() -> None:
    mem = RelationshipMemory()
    mem.remember("a", "b", PriorFlag("c1", 0.99))
    mem.remember("b", "a", PriorFlag("c2", 0.98))  # the other side takes the pair
    assert mem.drain() == [("b", "a", PriorFlag("c2", 0.98))]
    mem.remember("x", "y", PriorFlag("c3", 0.99))
    mem.forget("x", "y")
    assert mem.drain() == []


def test_state_round_trip_keeps_remembered() -> None:
    mem = RelationshipMemory()
    det = keyword_detector(mem)
    for m in conv([("a", "FLAG"), ("b", "hi"), ("a", "FLAG")], "c1").messages:
        det.update(m)
    state = json.loads(json.dumps(det.state("c1")))
    assert state["remembered"] is True
    mem.forget("a", "b")
    other = keyword_detector(mem)
    other.restore(state)
    # b's own flag in the same conversation is not remembered: the conversation already was
    other.update(Message("c1", 3, "b", "FLAG"))
    other.update(Message("c1", 4, "b", "FLAG"))
    assert mem.recall("b", "a") is None


# --------------------------------------------------------------------------- expiry


QUIET = [("a", "hi"), ("b", "hey"), ("a", "how was school"), ("b", "ok"), ("a", "cool")]


def carried(det: Detector, pairs: list[tuple[str, str]], cid: str) -> tuple[bool, str | None]:
    """(a flagged, a's prior) after scanning one conversation."""
    res = det.scan(conv(pairs, cid))
    a = next(au for au in res.authors if au.author == "a")
    return a.flagged, a.prior


def test_a_carried_flag_expires_after_max_quiet_conversations_without_own_evidence() -> None:
    mem = RelationshipMemory(max_quiet=2)
    det = keyword_detector(mem)
    det.scan(conv([("a", "FLAG"), ("b", "hi"), ("a", "FLAG")], "c1"))
    assert carried(det, QUIET, "c2") == (True, "c1")
    assert bare(mem.recall("a", "b")) == PriorFlag("c1", 1.0, quiet=1, carried_into="c2")
    assert carried(det, QUIET, "c3") == (True, "c1")
    assert bare(mem.recall("a", "b")) == PriorFlag("c1", 1.0, quiet=2, carried_into="c3")
    # a third quiet conversation would use it: it has expired
    assert carried(det, QUIET, "c4") == (False, None)
    assert mem.recall("a", "b") is None
    # expired entries that were new since the last drain are simply not reported
    assert mem.drain() == [] and mem.drain_updates() == []


def test_own_evidence_in_a_carried_conversation_renews_the_flag() -> None:
    mem = RelationshipMemory(max_quiet=1, renew_risk=0.5)
    det = keyword_detector(mem)
    det.scan(conv([("a", "FLAG"), ("b", "hi"), ("a", "FLAG")], "c1"))
    # c2: a's own risk reaches 0.6 (not enough to alert on its own): the count goes back to 0
    assert carried(det, [*QUIET[:2], ("a", "HALF"), ("a", "ok")], "c2") == (True, "c1")
    assert bare(mem.recall("a", "b")) == PriorFlag("c1", 1.0, quiet=0, carried_into="c2")
    assert carried(det, QUIET, "c3") == (True, "c1")  # quiet 1
    assert carried(det, QUIET, "c4") == (False, None)  # max_quiet=1 reached: expired
    # without the memory's renewal the same own risk alone never alerts
    alone = keyword_detector(None).scan(conv([("a", "hi"), ("b", "hey"), ("a", "HALF")], "x"))
    assert alone.flagged_authors == []


def test_held_flags_and_max_quiet_none_never_expire() -> None:
    for mem, flag in (
        (RelationshipMemory(max_quiet=1), PriorFlag("c1", 1.0, held=True)),
        (RelationshipMemory(max_quiet=None), PriorFlag("c1", 1.0)),
    ):
        mem.load("a", "b", flag)
        det = keyword_detector(mem)
        for i in range(2, 6):
            assert carried(det, QUIET, f"c{i}") == (True, "c1")
        assert bare(mem.recall("a", "b")) == flag  # never counted
        # the only changes are the pair's evidence
        assert all(not u.expired and u.flag.quiet == 0 for u in mem.drain_updates())
    with pytest.raises(ValueError, match="max_quiet"):
        RelationshipMemory(max_quiet=-1)
    with pytest.raises(ValueError, match="renew_risk"):
        RelationshipMemory(renew_risk=1.5)


def test_a_conversation_counts_once_however_its_messages_arrive() -> None:
    mem = RelationshipMemory(max_quiet=2)
    det = keyword_detector(mem)
    det.scan(conv([("a", "FLAG"), ("b", "hi"), ("a", "FLAG")], "c1"))
    msgs = conv(QUIET, "c2").messages
    for m in msgs[:3]:
        det.update(m)
    state = json.loads(json.dumps(det.state("c2")))
    det.close("c2")
    other = keyword_detector(mem)  # another worker resumes c2 from its stored state
    other.restore(state)
    for m in msgs[3:]:
        other.update(m)
    assert bare(mem.recall("a", "b")) == PriorFlag("c1", 1.0, quiet=1, carried_into="c2")


def test_drain_updates_reports_changes_to_held_entries_and_expiry() -> None:
    mem = RelationshipMemory(max_quiet=1)
    mem.load("a", "b", PriorFlag("c1", 0.99))
    assert mem.carry("a", "b", "c2") == PriorFlag("c1", 0.99, quiet=1, carried_into="c2")
    assert mem.carry("a", "b", "c2") == PriorFlag("c1", 0.99, quiet=1, carried_into="c2")
    # each update carries the value the store last had (loaded, then the first update)
    assert mem.drain_updates() == [
        FlagUpdate(
            "a",
            "b",
            PriorFlag("c1", 0.99, quiet=1, carried_into="c2"),
            False,
            PriorFlag("c1", 0.99),
        )
    ]
    assert mem.drain_updates() == []
    assert mem.carry("a", "b", "c3") is None
    carried = PriorFlag("c1", 0.99, quiet=1, carried_into="c2")
    assert mem.drain_updates() == [FlagUpdate("a", "b", carried, True, carried)]
    # a flag remembered in this period and carried since: drain() gives its current value
    mem.remember("x", "y", PriorFlag("d1", 0.98))
    mem.carry("x", "y", "d2")
    assert mem.drain() == [("x", "y", PriorFlag("d1", 0.98, quiet=1, carried_into="d2"))]
    assert mem.drain_updates() == []
    # its own conversation never counts
    assert mem.carry("x", "y", "d1") == PriorFlag("d1", 0.98, quiet=1, carried_into="d2")


def test_memory_round_trips_quiet_counts_and_reads_version_1() -> None:
    mem = RelationshipMemory()
    mem.load("a", "b", PriorFlag("c1", 0.99, ("exclusivity",), quiet=1, carried_into="c2"))
    mem.load("c", "d", PriorFlag("c3", 0.98, held=True))
    data = json.loads(json.dumps(mem.to_dict()))
    assert data["version"] == MEMORY_VERSION == 3
    back = RelationshipMemory.from_dict(data)
    assert back.recall("a", "b") == mem.recall("a", "b")
    assert back.recall("c", "d") == PriorFlag("c3", 0.98, held=True)
    old = {
        "version": 1,
        "pairs": [{"author": "a", "partner": "b", "conversation_id": "c1", "risk": 0.99}],
    }
    assert RelationshipMemory.from_dict(old).recall("a", "b") == PriorFlag("c1", 0.99)
    with pytest.raises(ValueError, match="quiet"):
        RelationshipMemory.from_dict(
            {"version": 2, "pairs": [{**old["pairs"][0], "author": "a", "quiet": -1}]}
        )


#: an ordinary later chat of the same two accounts: the adult's own risk stays under 0.5
PRACTICE = [
    ("kid", "morning"),
    ("sam", "morning, practice is still at four"),
    ("kid", "ok bring the cones?"),
    ("sam", "yes bring the cones and your boots"),
    ("kid", "ok see you there"),
    ("sam", "see you"),
]


def test_scan_carried_flags_expire_and_the_limit_is_an_option(tmp_path: Path) -> None:
    data = tmp_path / "chats.jsonl.gz"
    write_jsonl(data, [conv(GROOMING, "c1")] + [conv(PRACTICE, f"q{i}") for i in (1, 2, 3)])
    runner = CliRunner()
    alerted = {}
    for opt in ([], ["--memory-max-quiet", "1"], ["--memory-max-quiet", "0"]):
        out = tmp_path / f"scan{len(opt) and opt[1]}.jsonl"
        res = runner.invoke(
            app, ["scan", str(data), "--out", str(out), "--relationship-memory", *opt]
        )
        assert res.exit_code == 0, res.output
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        alerted[tuple(opt)] = [r["id"] for r in rows if r["alert"]]
    assert alerted[()] == ["c1", "q1", "q2"]  # default: two quiet conversations, then expired
    assert alerted[("--memory-max-quiet", "1")] == ["c1", "q1"]
    assert alerted[("--memory-max-quiet", "0")] == ["c1", "q1", "q2", "q3"]  # never expires
    # alone, the ordinary chat never alerts
    assert not Detector().scan(conv(PRACTICE, "alone")).alert
    res = runner.invoke(
        app,
        [
            "scan",
            str(data),
            "--out",
            str(tmp_path / "x.jsonl"),
            "--relationship-memory",
            "--memory-max-quiet",
            "-1",
        ],
    )
    assert res.exit_code == 2


def test_simulated_moderators_clear_false_flags_and_hold_true_ones() -> None:
    from guardline.cli.bench import _contenders
    from guardline.evaluate.bench import moderate, run_benchmark

    mem = RelationshipMemory(max_quiet=1)
    det = keyword_detector(mem)
    # the decoy (not a predator) is flagged first: dismissed, so nothing is carried
    c1 = conv([("b", "FLAG"), ("a", "hi"), ("b", "FLAG")], "c1")
    c1.predators = ["a"]
    moderate(det, c1, det.scan(c1))
    assert mem.recall("b", "a") is None
    # the groomer flagged: confirmed, held, never expires however quiet the later chats
    c2 = conv([("a", "FLAG"), ("b", "hi"), ("a", "FLAG")], "c2")
    c2.predators = ["a"]
    moderate(det, c2, det.scan(c2))
    assert bare(mem.recall("a", "b")) == PriorFlag("c2", 1.0, held=True)
    for i in range(3, 6):
        assert carried(det, QUIET, f"c{i}") == (True, "c2")
    # a carried false alert dismissed clears the flag it came from
    c6 = conv(QUIET, "c6")
    c6.predators = []
    moderate(det, c6, det.scan(c6))
    assert mem.recall("a", "b") is None

    (ct,) = _contenders(["learned+memory+moderators"], Path("."), [])
    assert ct.moderated and not ct.hard_cases
    first, later = conv(GROOMING, "g1"), conv(LATER, "g2")
    first.predators = later.predators = ["sam"]
    (run,) = run_benchmark([ct], {"test": [first, later]}, None)
    assert run.error is None
    assert [a.alert for a in run.runs["test"].assessments] == [True, True]


# --------------------------------------------------------------------------- which side: evidence


def test_remember_keeps_the_side_with_more_evidence_and_swaps_it_otherwise() -> None:
    mem = RelationshipMemory()
    mem.remember("adult", "kid", PriorFlag("c1", 0.99, evidence=0.99, partner_evidence=0.3))
    mem.drain()
    mem.add_evidence("adult", "kid", 0.5)  # the entry's own side
    mem.add_evidence("kid", "adult", 0.9)  # the partner's side
    mem.add_evidence("kid", "adult", -1.0)  # a fall is not evidence
    mem.add_evidence("x", "y", 1.0)  # no entry: nothing to add to
    flag = mem.recall("adult", "kid")
    assert flag is not None
    assert (flag.evidence, flag.partner_evidence) == pytest.approx((1.49, 1.2))
    assert [u.flag for u in mem.drain_updates()] == [flag]
    # the kid flagged first in a later chat does not take the pair: the adult has more
    mem.remember("kid", "adult", PriorFlag("c2", 0.98, evidence=1.0, partner_evidence=0.5))
    assert mem.recall("kid", "adult") is None and mem.recall("adult", "kid") == flag
    assert mem.drain() == []
    # once the kid has at least as much, the kid's flag takes it, with the pair's evidence
    mem.add_evidence("kid", "adult", 0.29)
    mem.remember("kid", "adult", PriorFlag("c3", 0.97, evidence=9.0, partner_evidence=9.0))
    assert mem.recall("adult", "kid") is None
    taken = mem.recall("kid", "adult")
    assert taken is not None and taken.conversation_id == "c3"
    assert (taken.evidence, taken.partner_evidence) == pytest.approx((1.49, 1.49))
    assert [(a, p) for a, p, _ in mem.drain()] == [("kid", "adult")]


def test_evidence_round_trips_and_bad_evidence_is_refused() -> None:
    mem = RelationshipMemory()
    mem.load("a", "b", PriorFlag("c1", 0.99, evidence=2.5, partner_evidence=0.75))
    data = json.loads(json.dumps(mem.to_dict()))
    assert data["pairs"][0]["evidence"] == 2.5 and data["pairs"][0]["partner_evidence"] == 0.75
    assert RelationshipMemory.from_dict(data).recall("a", "b") == mem.recall("a", "b")
    v2 = {
        "version": 2,
        "pairs": [{"author": "a", "partner": "b", "conversation_id": "c", "risk": 1}],
    }
    old = RelationshipMemory.from_dict(v2).recall("a", "b")
    assert old is not None and old.evidence == old.partner_evidence == 0.0
    for bad in (-1, "nan"):
        with pytest.raises(ValueError, match="evidence"):
            RelationshipMemory.from_dict(
                {"version": 3, "pairs": [{**v2["pairs"][0], "partner_evidence": bad}]}
            )


def test_a_decoy_flagged_first_once_does_not_take_the_pair_from_the_riskier_adult() -> None:
    mem = RelationshipMemory()
    det = keyword_detector(mem)
    det.scan(conv([("adult", "FLAG"), ("kid", "hi"), ("adult", "FLAG")], "c1"))
    first = mem.recall("adult", "kid")
    assert first is not None and (first.evidence, first.partner_evidence) == (1.0, 0.1)
    # c2: the kid is flagged first on their own risk, but over c1 and c2 the adult's own
    # risk (1.0 + 0.6) is higher than the kid's (0.1 + 1.0)
    c2 = det.scan(conv([("adult", "HALF"), ("kid", "FLAG"), ("adult", "x"), ("kid", "FLAG")], "c2"))
    assert "kid" in c2.flagged_authors
    assert mem.recall("kid", "adult") is None
    kept = mem.recall("adult", "kid")
    assert kept is not None and kept.conversation_id == "c1"
    assert (kept.evidence, kept.partner_evidence) == pytest.approx((1.6, 1.1))
    # c3, an ordinary chat: the adult is carried, the kid is not
    c3 = det.scan(conv([("kid", "a"), ("adult", "b"), ("kid", "c"), ("adult", "d")], "c3"))
    assert c3.flagged_authors == ["adult"]
    assert {a.author: a.prior for a in c3.authors} == {"kid": None, "adult": "c1"}
    # the same c2 with the adult showing nothing of their own: the kid takes the pair (tie)
    mem2 = RelationshipMemory()
    det2 = keyword_detector(mem2)
    det2.scan(conv([("adult", "FLAG"), ("kid", "hi"), ("adult", "FLAG")], "c1"))
    det2.scan(conv([("adult", "hi"), ("kid", "FLAG"), ("adult", "x"), ("kid", "FLAG")], "c2"))
    assert mem2.recall("adult", "kid") is None and mem2.recall("kid", "adult") is not None


def test_state_round_trip_keeps_what_the_memory_was_told() -> None:
    mem = RelationshipMemory()
    det = keyword_detector(mem)
    det.scan(conv([("adult", "FLAG"), ("kid", "hi"), ("adult", "FLAG")], "c1"))
    msgs = conv([("adult", "HALF"), ("kid", "hi"), ("adult", "x"), ("kid", "HALF")], "c2").messages
    for m in msgs[:3]:
        det.update(m)
    state = json.loads(json.dumps(det.state("c2")))
    assert state["version"] == 5 and state["authors"]["adult"]["own"] == 0.6
    det.close("c2")
    other = keyword_detector(mem)
    other.restore(state)
    other.update(msgs[3])
    flag = mem.recall("adult", "kid")
    # each rise counted once across the hand-over: adult 1.0 + 0.6, kid 0.1 + 0.6
    assert flag is not None and (flag.evidence, flag.partner_evidence) == pytest.approx((1.6, 0.7))


def test_a_flag_gathers_the_stages_the_author_shows_with_the_partner_from_then_on() -> None:
    mem = RelationshipMemory()
    mem.load("a", "b", PriorFlag("c1", 0.99, ("sexual",)))
    mem.add_stages("a", "b", ["exclusivity", "no_such_stage", "sexual"])
    mem.add_stages("b", "a", ["risk_assessment"])  # the partner's signs: not a's flag
    mem.add_stages("x", "y", ["exclusivity"])  # no flag: nothing to add to
    assert mem.recall("a", "b") == PriorFlag("c1", 0.99, ("exclusivity", "sexual"))
    assert [u.flag.stages for u in mem.drain_updates()] == [("exclusivity", "sexual")]
    mem.add_stages("a", "b", ["sexual"])  # nothing new: no update
    assert mem.drain_updates() == []

    det = keyword_detector(mem := RelationshipMemory())
    det.scan(conv([("a", "FLAG"), ("b", "hi"), ("a", "FLAG")], "c2"))
    assert mem.recall("a", "b") is not None and mem.recall("a", "b").stages == ()  # type: ignore[union-attr]
    # after the flag, in the same conversation and in a later one it is carried into
    det.update(Message("c2", 3, "a", "dont tell your mum we talk"))
    det.update(Message("c2", 4, "b", "how old are you"))  # b's sign: not a's
    det.update(Message("c2", 5, "a", "ok"))
    assert mem.recall("a", "b").stages == ("exclusivity",)  # type: ignore[union-attr]
    later = det.scan(
        conv([("b", "hi"), ("a", "are your parents home right now?"), ("a", "k")], "c3")
    )
    assert mem.recall("a", "b").stages == ("exclusivity", "risk_assessment")  # type: ignore[union-attr]
    # the carried alert in c3 names the stages known when it was carried into c3
    assert next(x for x in later.authors if x.author == "a").prior_stages == ("exclusivity",)


def _changes(mem: RelationshipMemory) -> int:
    """How many records of changes the memory holds beside its pairs."""
    return len(mem._new) + len(mem._updates) + len(mem._written)


def test_an_in_process_memory_keeps_only_its_pairs_and_scores_the_same() -> None:
    """``track_changes=False`` (scan, Ray, archive scans): nothing is kept for a store to
    write back, however many pairs come and expire, and every row is the same as with a
    tracking memory."""
    tracked = RelationshipMemory(max_pairs=3)
    quiet = RelationshipMemory(max_pairs=3, track_changes=False)
    dets = [keyword_detector(tracked), keyword_detector(quiet)]
    for k in range(6):  # six pairs, each flagged and carried; the even ones until expiry
        names = {"sam": f"sam{k}", "kid": f"kid{k}"}
        first = renamed([("sam", "FLAG"), ("kid", "hi"), ("sam", "FLAG")], names)
        later = renamed([("sam", "hey"), ("kid", "hi"), ("sam", "ok")], names)
        for j, lines in enumerate([first, later, later] + [later] * (k % 2 == 0)):
            a, b = (d.scan(conv(lines, f"p{k}-{j}")) for d in dets)
            assert a.to_dict() == b.to_dict()
            assert any(au.prior for au in a.authors) == (0 < j < 3)
    # the odd pairs are held (two quiet chats), the even ones expired; room for three
    assert len(quiet) == len(tracked) == 3
    assert _changes(quiet) == 0 and quiet.drain() == [] and quiet.drain_updates() == []
    # a tracking memory reports the pairs it holds, nothing of those dropped for room
    assert _changes(tracked) == 3
    assert {a for a, _, _ in tracked.drain()} == {"sam1", "sam3", "sam5"}


def test_pairs_dropped_for_room_are_forgotten_entirely() -> None:
    mem = RelationshipMemory(max_pairs=2)
    for i in range(5):
        mem.remember(f"a{i}", f"b{i}", PriorFlag(f"c{i}", 0.98))
    assert len(mem) == 2 and len(mem._new) == 2
    assert [(a, p) for a, p, _ in mem.drain()] == [("a3", "b3"), ("a4", "b4")]
    for i in range(5, 9):
        mem.load(f"a{i}", f"b{i}", PriorFlag(f"c{i}", 0.98))
    assert len(mem._written) == 2 and len(mem) == 2


def test_the_carried_side_outranks_a_partner_with_less_evidence_over_the_pair() -> None:
    def run(c2: list[tuple[str, str]], outrank: bool = True) -> list[str]:
        mem = RelationshipMemory()
        policy = AlertPolicy(threshold=0.9, k=2, n=3, outrank=outrank)
        det = Detector(model=KeywordModel(), policy=policy, memory=mem)
        det.scan(conv([("adult", "FLAG"), ("kid", "hi"), ("adult", "FLAG")], "c1"))
        a = det.scan(conv(c2, "c2"))
        assert a.alert and a.first_alert_index == 3  # the carried adult's second message
        held = {au.author: au.outranked_by for au in a.authors}
        # the assessment records who held the kid back exactly when the kid is not named
        assert held == {"adult": None, "kid": None if "kid" in a.flagged_authors else "adult"}
        return a.flagged_authors

    # c2: the adult is carried and flagged first; then the kid's own risk fires at the
    # adult's level. Over c1 and c2 the adult has looked riskier (1.0 + 0.6 against
    # 0.1 + 1.0), so the memory keeps the pair on the adult and the kid is not named
    c2 = [("kid", "hi"), ("adult", "HALF"), ("kid", "hi"), ("adult", "x")]
    c2 += [("kid", "FLAG"), ("kid", "FLAG")]
    assert run(c2) == ["adult"]
    assert sorted(run(c2, outrank=False)) == ["adult", "kid"]
    # with the adult showing nothing of their own in c2 the two sides tie (1.0 + 0.1
    # against 0.1 + 1.0): as with the memory's own rule, the kid is named too
    tie = [(a, "x" if t == "HALF" else t) for a, t in c2]
    assert sorted(run(tie)) == ["adult", "kid"]
