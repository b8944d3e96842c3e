"""Streaming detection: the Detector runs signs + a risk model + an alert policy per message."""

from guardline.detect.base import RiskModel
from guardline.detect.catalogue import load_model
from guardline.detect.detector import Detector, PrefixView
from guardline.detect.memory import PriorFlag, RelationshipMemory, pair_of
from guardline.detect.policy import AlertPolicy
from guardline.detect.rules import RulesModel

__all__ = [
    "AlertPolicy",
    "Detector",
    "PrefixView",
    "PriorFlag",
    "RelationshipMemory",
    "RiskModel",
    "RulesModel",
    "load_model",
    "pair_of",
]
