"""Evasion perturbations and the evasion benchmark (issue 8), on indicator-level fixtures."""

from __future__ import annotations

import pytest

from guardline.core.model import Conversation, Message
from guardline.detect import Detector, RulesModel
from guardline.evaluate.evasion import TRICKS, evade, evasion_benchmark, render_evasion
from guardline.signs import fold

LINES = [
    ("g", "hey there how old are you"),
    ("c", "im 13 why"),
    ("g", "dont tell your mum about me okay"),
    ("c", "ok"),
    ("g", "add me on snapchat its more private there"),
    ("c", "what is your name there"),
    ("g", "delete our messages after you read them please"),
]


def _conv(cid: str = "c1") -> Conversation:
    msgs = [Message(cid, i, a, t) for i, (a, t) in enumerate(LINES)]
    return Conversation(cid, msgs, predators=["g"])


@pytest.mark.parametrize("trick", TRICKS)
def test_only_the_offender_is_rewritten_and_deterministic(trick: str) -> None:
    conv = _conv()
    a = evade(conv, trick, seed=1)
    b = evade(conv, trick, seed=1)
    assert [m.text for m in a.messages] == [m.text for m in b.messages]
    assert a.predators == ["g"]
    assert [m.text for m in a.messages if m.author == "c"] == [t for x, t in LINES if x == "c"]
    assert [m.text for m in a.messages if m.author == "g"] != [t for x, t in LINES if x == "g"]
    assert [m.index for m in a.messages] == list(range(len(a.messages)))
    assert [m.text for m in conv.messages] == [t for _, t in LINES]  # input untouched


def test_word_tricks_look_as_described() -> None:
    conv = _conv()
    offender = " ".join(m.text for m in evade(conv, "dotted", rate=1.0).messages if m.author == "g")
    assert "t.e.l.l" in offender
    spaced = " ".join(m.text for m in evade(conv, "spaced", rate=1.0).messages if m.author == "g")
    assert "t e l l" in spaced
    leet = " ".join(m.text for m in evade(conv, "leet", rate=1.0).messages if m.author == "g")
    assert "73ll" in leet
    homo = " ".join(m.text for m in evade(conv, "homoglyph", rate=1.0).messages if m.author == "g")
    assert not homo.isascii() and fold(homo) == fold(
        " ".join(t for a, t in LINES if a == "g")
    ).replace("κ", "k")
    zw = " ".join(m.text for m in evade(conv, "zero_width", rate=1.0).messages if m.author == "g")
    assert "\u200b" in zw or "\u200c" in zw or "\u200d" in zw or "\u2060" in zw


def test_split_cuts_long_offender_messages_in_two() -> None:
    conv = _conv()
    s = evade(conv, "split")
    assert len(s.messages) > len(conv.messages)
    g_clean = " ".join(t for a, t in LINES if a == "g").split()
    g_split = " ".join(m.text for m in s.messages if m.author == "g").split()
    assert g_split == g_clean


def test_unknown_trick_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown trick"):
        evade(_conv(), "rot13")


def test_benchmark_reports_clean_and_every_trick() -> None:
    convs = [_conv(f"c{i}") for i in range(4)]
    rows = evasion_benchmark(lambda: Detector(model=RulesModel()), {"fixture": convs})
    assert [r.trick for r in rows] == ["clean", *TRICKS]
    clean = rows[0]
    assert clean.sign_recall == 1.0 and clean.conversations == 4
    for r in rows:
        assert 0.0 <= r.recall <= 1.0 and 0.0 <= r.sign_recall <= 1.0
    # normalisation undoes dotted letters, homoglyphs and zero-width characters entirely
    by = {r.trick: r for r in rows}
    for trick in ("dotted", "homoglyph", "zero_width", "split"):
        assert by[trick].sign_recall == 1.0, trick
    table = render_evasion(rows, "rules")
    assert "| fixture | leet |" in table and "Δ recall" in table


def test_bench_evasion_cli_writes_a_report(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import gzip
    import json

    from typer.testing import CliRunner

    from guardline.cli import app

    gb = tmp_path / "groombench"
    gb.mkdir()
    rows = [
        {
            "id": f"c{i}",
            "source": "fixture",
            "messages": [{"author": a, "time": None, "text": t} for a, t in LINES],
            "predators": ["g"],
        }
        for i in range(3)
    ]
    for name in ("test", "test_sessions"):
        with gzip.open(gb / f"{name}.jsonl.gz", "wt", encoding="utf-8") as fh:
            fh.write("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "evasion.md"
    res = CliRunner().invoke(
        app, ["bench", "--evasion", "--models", "rules", "--data", str(tmp_path), "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "# Evasion benchmark" in text and "| test_sessions | split |" in text
    for line in LINES:  # the report never prints message text
        assert line[1] not in text
