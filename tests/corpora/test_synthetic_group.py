"""The second synthetic generator (group chats, long chats, bursty turns): deterministic,
labelled, non-explicit, variants disjoint, shapes as promised, readable by the detector."""

from __future__ import annotations

import itertools
import random
import re
from collections import defaultdict
from pathlib import Path

import pytest

from guardline.core.model import Conversation
from guardline.corpora import load
from guardline.corpora import synthetic_group as syg
from guardline.corpora._chatgen import BANNED
from guardline.corpora.synthetic_group import (
    FAMILIES,
    GROUP_FAMILIES,
    KINDS,
    LONG_FAMILIES,
    N_VARIANTS,
    generate,
)
from guardline.detect import Detector
from guardline.signs import default_registry

PER_FAMILY = N_VARIANTS * 2

# the test's own, wider list on top of the generator's pattern (non-explicit rule)
WIDER = re.compile(r"\b(?:sexy|nude|kisses|wearing|pretty|gorgeous|hot pic)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def convs() -> list[Conversation]:
    return generate(per_family=PER_FAMILY, seed=0)


@pytest.fixture(scope="module")
def by_family(convs: list[Conversation]) -> dict[str, list[Conversation]]:
    out: dict[str, list[Conversation]] = defaultdict(list)
    for c in convs:
        out[c.extra["family"]].append(c)
    return out


def test_deterministic_and_seed_sensitive(convs: list[Conversation]) -> None:
    again = generate(per_family=PER_FAMILY, seed=0)
    assert [c.to_dict() for c in again] == [c.to_dict() for c in convs]
    other = generate(per_family=PER_FAMILY, seed=1)
    assert len(other) == len(convs)
    assert {c.id for c in other}.isdisjoint({c.id for c in convs})
    # each conversation is seeded on its own: a smaller run is a prefix of each family's list
    small = {c.id for c in generate(per_family=2, seed=0)}
    assert small <= {c.id for c in convs}


def test_negative_per_family_rejected() -> None:
    with pytest.raises(ValueError):
        generate(per_family=-1)
    assert generate(per_family=0) == []


def test_counts_labels_and_ids(by_family: dict[str, list[Conversation]]) -> None:
    kinds = list(KINDS.values())
    assert kinds.count("benign") >= 5 and kinds.count("grooming") >= 5
    assert tuple(KINDS) == FAMILIES and set(by_family) == set(FAMILIES)
    ids: set[str] = set()
    for name, cs in by_family.items():
        assert len(cs) == PER_FAMILY
        for i, c in enumerate(cs):
            assert c.extra == {
                "source": "synthetic_group",
                "family": name,
                "kind": KINDS[name],
                "variant": i % N_VARIANTS,
            }
            assert re.fullmatch(r"syg_[0-9a-f]{12}", c.id)
            assert [m.index for m in c.messages] == list(range(len(c.messages)))
            assert all(m.conversation_id == c.id and m.time is None for m in c.messages)
            ids.add(c.id)
    assert len(ids) == PER_FAMILY * len(FAMILIES)


def test_predators_are_exactly_the_groomer(by_family: dict[str, list[Conversation]]) -> None:
    for name, cs in by_family.items():
        for c in cs:
            if KINDS[name] == "benign":
                assert c.predators == []
                continue
            assert c.predators is not None and len(c.predators) == 1
            groomer = c.predators[0]
            assert groomer in c.authors
            # the groomer opens or takes part in the chat; the others are never labelled
            assert sum(m.author == groomer for m in c.messages) >= 2


def test_group_and_long_shapes(by_family: dict[str, list[Conversation]]) -> None:
    assert len(GROUP_FAMILIES) >= 8 and len(LONG_FAMILIES) >= 3
    assert {KINDS[f] for f in GROUP_FAMILIES} == {"benign", "grooming"}
    assert {KINDS[f] for f in LONG_FAMILIES} == {"benign", "grooming"}
    seen_sizes: set[int] = set()
    for name, cs in by_family.items():
        for c in cs:
            if name in GROUP_FAMILIES:
                assert 3 <= len(c.authors) <= 7, name
                seen_sizes.add(len(c.authors))
            else:
                assert len(c.authors) == 2, name
            if name in LONG_FAMILIES:
                assert len(c.messages) >= 40, name
    assert {3, 7} <= seen_sizes


def test_bursts_reactions_and_photos_in_both_kinds(convs: list[Conversation]) -> None:
    found: dict[str, set[str]] = {"benign": set(), "grooming": set()}
    for c in convs:
        kind = c.extra["kind"]
        texts = [m.text for m in c.messages]
        authors = [m.author for m in c.messages]
        runs = [1]
        for prev, cur in itertools.pairwise(authors):
            runs.append(runs[-1] + 1 if cur == prev else 1)
        if max(runs) >= 3:
            found[kind].add("burst")
        if any(t in syg._PHOTO for t in texts):
            found[kind].add("photo")
        if any(t in syg._REACTIONS for t in texts):
            found[kind].add("reaction")
    assert found["benign"] == found["grooming"] == {"burst", "photo", "reaction"}


def test_variants_share_no_family_specific_line() -> None:
    for name in FAMILIES:
        lines = syg.template_lines(name)
        assert sorted(lines) == list(range(N_VARIANTS))
        for v in range(N_VARIANTS):
            assert len(lines[v]) >= 8, (name, v)
            for w in range(v + 1, N_VARIANTS):
                assert not lines[v] & lines[w], (name, v, w, lines[v] & lines[w])


def test_rendered_family_lines_stay_in_their_variant(
    by_family: dict[str, list[Conversation]],
) -> None:
    # a rendered message that reads as a longer template line (no slots) of another variant of
    # the same family would mean the variants leak into each other
    def norm(text: str) -> str:
        return re.sub(r"[^a-z0-9' ]", "", text.lower()).strip()

    checked = 0
    for name, cs in by_family.items():
        lines = syg.template_lines(name)
        literal = {
            v: {norm(t) for t in ls if "{" not in t and len(t) > 12} for v, ls in lines.items()
        }
        for c in cs:
            v = c.extra["variant"]
            texts = {norm(m.text) for m in c.messages}
            checked += len(texts & literal[v])  # its own lines do show up
            for w, ls in literal.items():
                if w != v:
                    assert not texts & ls, (name, v, w, texts & ls)
    assert checked > 100


def test_no_banned_words(convs: list[Conversation]) -> None:
    for c in generate(per_family=N_VARIANTS * 2, seed=3) + convs:
        for m in c.messages:
            assert not BANNED.search(m.text), (c.extra["family"], m.index)
            assert not WIDER.search(m.text), (c.extra["family"], m.index)
            assert not BANNED.search(m.author)


def test_templates_only_use_known_slots_and_no_banned_words() -> None:
    for name, fam in syg._DEFS.items():
        for v, variant in enumerate(fam.variants):
            slots = set(fam.cast(random.Random(7), v).slots) | {"photo"}
            text = variant + "\n".join(syg._FILLER[fam.filler])
            assert set(re.findall(r"\{(\w+)\}", text)) <= slots, (name, v)
            assert not BANNED.search(text) and not WIDER.search(text), (name, v)


def test_no_sexual_sign_in_any_conversation(convs: list[Conversation]) -> None:
    reg = default_registry()
    for c in convs:
        for m in c.messages:
            assert all(s.sign != "sexualisation" for s in reg.find(m)), c.extra["family"]


def test_detector_scans_every_family(by_family: dict[str, list[Conversation]]) -> None:
    det = Detector()
    for cs in by_family.values():
        for c in cs[:N_VARIANTS]:
            assessment = det.scan(c)
            assert assessment is not None


def test_cli_synth_group_generator(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from guardline.cli import app

    runner = CliRunner()
    outs = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for out in outs:
        args = ["synth", "--out", str(out), "--per-family", "2", "--seed", "4"]
        res = runner.invoke(app, [*args, "--generator", "group"])
        assert res.exit_code == 0, res.output
        assert f"wrote {2 * len(FAMILIES)} conversations" in res.output
    assert outs[0].read_bytes() == outs[1].read_bytes()
    loaded = [c.to_dict() for c in load(outs[0])]
    assert loaded == [c.to_dict() for c in generate(per_family=2, seed=4)]
    bad = runner.invoke(
        app, ["synth", "--out", str(tmp_path / "c.jsonl"), "--generator", "triples"]
    )
    assert bad.exit_code != 0
    assert not (tmp_path / "c.jsonl").exists()


def test_template_guard_rejects_shared_lines_and_banned_words() -> None:
    from dataclasses import replace

    fam = syg._DEFS["class_group"]
    leaky = replace(fam, variants=(fam.variants[0], *fam.variants[:5]))
    with pytest.raises(ValueError, match="shared by variants"):
        syg._parse_family("class_group", leaky)
    rude = replace(fam, variants=(*fam.variants[:5], "a: hi there\n\nb: off to bed now\n\na: bye"))
    with pytest.raises(ValueError, match="banned"):
        syg._parse_family("class_group", rude)
    short = replace(fam, variants=fam.variants[:5])
    with pytest.raises(ValueError, match="variants"):
        syg._parse_family("class_group", short)
    assert syg._parse_family("class_group", fam) == syg._PARSED["class_group"]
