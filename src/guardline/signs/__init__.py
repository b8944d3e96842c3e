"""Grooming signs: small recognizers, each explaining itself, and the registry that runs them.

>>> from guardline.signs import default_registry
>>> reg = default_registry()
>>> [(s.sign, s.span) for s in reg.find_text("how old r u?")]
[('age_probing', (0, 11))]

Every signal's ``span`` indexes the ORIGINAL message text; matching happens on a normalised
copy (see :mod:`guardline.signs.normalization`). The catalogue is in
:mod:`guardline.signs.recognizers`; add your own with :class:`Recognizer` or
:class:`RegexRecognizer` and ``SignRegistry(recognizers=[...])``.
"""

from __future__ import annotations

from functools import cache

from guardline.signs.base import (
    Recognizer,
    RegexRecognizer,
    SignInfo,
    SignRegistry,
    Tail,
    message_tail,
)
from guardline.signs.normalization import Corrector, NormalizedText, fold, normalize
from guardline.signs.recognizers import default_recognizers

__all__ = [
    "Corrector",
    "NormalizedText",
    "Recognizer",
    "RegexRecognizer",
    "SignInfo",
    "SignRegistry",
    "Tail",
    "default_recognizers",
    "default_registry",
    "fold",
    "message_tail",
    "normalize",
]


@cache
def default_registry() -> SignRegistry:
    """The built-in catalogue (a shared, cached instance: treat it as read-only)."""
    return SignRegistry(default_recognizers())
