"""Resolve a model by name or path: the one place that knows which risk models exist."""

from __future__ import annotations

from guardline.detect.base import RiskModel
from guardline.detect.rules import RulesModel


def load_model(spec: str = "default") -> RiskModel:
    """Resolve a model name or path: ``default`` (shipped learned model, rules if absent),
    ``rules``, ``learned``, or a path to a model file written by ``guardline train``."""
    if spec == "rules":
        return RulesModel()
    try:
        from guardline.model import LearnedModel  # type: ignore[attr-defined]
    except ImportError as exc:
        if spec == "default":
            return RulesModel()
        raise ValueError(f"the learned model is not available ({exc})") from exc
    if spec in ("default", "learned"):
        return LearnedModel.load()  # type: ignore[no-any-return]
    return LearnedModel.load(spec)  # type: ignore[no-any-return]
