"""The pure participant-context policy, and docs/service.md listing every setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardline.core.model import AgeBand, Participant
from guardline.detect.context import ContextRules, decide, is_adult, is_minor, pair_key
from guardline.detect.policy import AlertPolicy
from guardline.service.settings import Settings

BASE = AlertPolicy(threshold=0.97, k=2, n=3)
ADULT = Participant("a", AgeBand.ADULT, account_age_days=400)
CHILD = Participant("c", AgeBand.CHILD)


def test_adult_to_child_first_contact_lowers_the_bar() -> None:
    d = decide(BASE, ["a", "c"], {"a": ADULT, "c": CHILD}, {pair_key("c", "a"): False})
    assert d.policy == AlertPolicy(threshold=0.85, k=1, n=3)
    assert d.reasons == ("adult_to_minor_first_contact",)


@pytest.mark.parametrize(
    ("participants", "pairs"),
    [
        ({"a": ADULT, "c": CHILD}, {("a", "c"): True}),  # they knew each other
        ({"a": ADULT, "c": CHILD}, {}),  # contact history unknown
        ({"a": ADULT, "c": Participant("c", AgeBand.ADULT)}, {("a", "c"): False}),  # adults
        ({"c": CHILD}, {("a", "c"): False}),  # nothing known about the other side
    ],
)
def test_no_rule_no_change(participants: dict, pairs: dict) -> None:  # type: ignore[type-arg]
    d = decide(BASE, ["a", "c"], participants, pairs)
    assert d.policy == BASE and d.reasons == ()


def test_new_adult_account_and_declared_ages() -> None:
    new = Participant("a", AgeBand.UNKNOWN, declared_age=35, account_age_days=3)
    teen = Participant("c", AgeBand.UNKNOWN, declared_age=14)
    assert is_adult(new) and is_minor(teen) and not is_minor(new)
    d = decide(BASE, ["a", "c"], {"a": new, "c": teen}, {})
    assert d.policy.threshold == 0.92 and d.policy.k == 2
    assert d.reasons == ("new_adult_account_to_minor",)
    both = decide(BASE, ["a", "c"], {"a": new, "c": teen}, {("a", "c"): False})
    assert both.policy.threshold == 0.85 and both.policy.k == 1  # the most sensitive wins
    assert both.reasons == ("adult_to_minor_first_contact",)  # reasons that changed the policy


def test_rules_never_raise_the_bar_and_can_be_off() -> None:
    low = AlertPolicy(threshold=0.5, k=1, n=1)
    d = decide(low, ["a", "c"], {"a": ADULT, "c": CHILD}, {("a", "c"): False})
    assert d.policy == low
    off = decide(
        BASE, ["a", "c"], {"a": ADULT, "c": CHILD}, {("a", "c"): False}, ContextRules(enabled=False)
    )
    assert off.policy == BASE
    with pytest.raises(ValueError):
        ContextRules(first_contact_threshold=1.5)


def test_docs_list_every_setting() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "service.md").read_text("utf-8")
    missing = [n for n in Settings.model_fields if f"`GUARDLINE_{n.upper()}`" not in doc]
    assert missing == []
