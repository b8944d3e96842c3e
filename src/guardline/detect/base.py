"""The interface every risk model implements, so the Detector can run any of them.

A model keeps per-conversation state made of per-author accumulators. ``update`` folds in
ONE message (and the signs found in it) and returns the current risk of every author whose
risk may have changed. It must never re-read earlier messages: its cost is proportional to
the new message's length. State must be JSON-serialisable through ``dump_state``/``load_state``
so that the service can persist and resume a conversation.

A model may also offer ``addressee(state, author) -> str | None``: the participant an
author's risk is about (in a group chat, the one child an adult singles out). The Detector
reports it in :class:`~guardline.core.model.AuthorAssessment` when the model has it.
"""

from __future__ import annotations

from typing import Any, Protocol

from guardline.core.model import Message, Participant, Signal


class RiskModel(Protocol):
    name: str

    def new_state(self) -> Any:
        """A fresh, empty per-conversation state."""
        ...

    def update(
        self,
        state: Any,
        message: Message,
        signals: list[Signal],
        participant: Participant | None = None,
    ) -> dict[str, float]:
        """Fold one message in; return {author: risk in 0..1} for authors whose risk changed."""
        ...

    def dump_state(self, state: Any) -> dict[str, Any]:
        """JSON-serialisable copy of the state."""
        ...

    def load_state(self, data: dict[str, Any]) -> Any:
        """Inverse of ``dump_state``."""
        ...
