"""Participant-context policy: alert sooner when who is talking to whom makes grooming likelier.

Pure and small: given the base :class:`AlertPolicy`, what the platform knows about the
conversation's participants (age band, declared age, account age) and whether the pair had
contact before, return the policy to apply and the reasons. No web or database imports.

The default rule follows the pattern Ofcom's illegal-harms codes target: an **adult account
messaging a child account it had no contact with before**. In that case the alert threshold is
lowered and one score over it is enough (k=1). A second, milder rule lowers the threshold when a
**new adult account** (younger than ``new_account_days``) talks to a minor. Rules only ever make
alerting easier, never harder: the most sensitive applicable rule wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from guardline.core.model import AgeBand, Participant
from guardline.detect.policy import AlertPolicy

ADULT_AGE = 18


@dataclass(frozen=True, slots=True)
class ContextRules:
    """Configurable thresholds of the context policy (``enabled=False`` turns it off)."""

    enabled: bool = True
    first_contact_threshold: float = 0.85  # adult → minor, no prior contact
    first_contact_k: int = 1
    new_account_days: int = 30
    new_account_threshold: float = 0.92  # new adult account → minor

    def __post_init__(self) -> None:
        for name in ("first_contact_threshold", "new_account_threshold"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise ValueError(f"{name} must be in [0, 1], got {v}")
        if self.first_contact_k < 1:
            raise ValueError("first_contact_k must be >= 1")
        if self.new_account_days < 0:
            raise ValueError("new_account_days must be >= 0")


@dataclass(frozen=True, slots=True)
class ContextDecision:
    policy: AlertPolicy
    reasons: tuple[str, ...] = ()


def is_adult(p: Participant) -> bool:
    if p.age_band == AgeBand.ADULT:
        return True
    return (
        p.age_band == AgeBand.UNKNOWN
        and p.declared_age is not None
        and (p.declared_age >= ADULT_AGE)
    )


def is_minor(p: Participant) -> bool:
    if p.age_band in (AgeBand.CHILD, AgeBand.TEEN):
        return True
    return (
        p.age_band == AgeBand.UNKNOWN
        and p.declared_age is not None
        and (p.declared_age < ADULT_AGE)
    )


def pair_key(a: str, b: str) -> tuple[str, str]:
    """Pairs are unordered: stored and looked up as (smaller id, larger id)."""
    return (a, b) if a <= b else (b, a)


def decide(
    base: AlertPolicy,
    authors: Iterable[str],
    participants: Mapping[str, Participant],
    had_contact_before: Mapping[tuple[str, str], bool | None],
    rules: ContextRules | None = None,
) -> ContextDecision:
    """The policy for a conversation among ``authors`` (unknown authors carry no context)."""
    rules = rules or ContextRules()
    if not rules.enabled:
        return ContextDecision(base)
    people = [participants[a] for a in dict.fromkeys(authors) if a in participants]
    adults = [p for p in people if is_adult(p)]
    minors = [p for p in people if is_minor(p)]
    threshold, k, reasons = base.threshold, base.k, []
    for adult in adults:
        for minor in minors:
            contact = had_contact_before.get(pair_key(adult.author, minor.author))
            if contact is False:
                if rules.first_contact_threshold < threshold or rules.first_contact_k < k:
                    reasons.append("adult_to_minor_first_contact")
                threshold = min(threshold, rules.first_contact_threshold)
                k = min(k, rules.first_contact_k)
            if (
                adult.account_age_days is not None
                and adult.account_age_days < rules.new_account_days
                and rules.new_account_threshold < threshold
            ):
                reasons.append("new_adult_account_to_minor")
                threshold = rules.new_account_threshold
    if threshold == base.threshold and k == base.k:
        return ContextDecision(base)
    policy = replace(base, threshold=threshold, k=k)
    return ContextDecision(policy, tuple(dict.fromkeys(reasons)))
