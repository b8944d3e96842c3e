"""Core data model: no I/O, no web, database or engine imports."""

from guardline.core.model import (
    AgeBand,
    AuthorAssessment,
    Conversation,
    ConversationAssessment,
    Message,
    Participant,
    Signal,
    Stage,
    to_json,
)

__all__ = [
    "AgeBand",
    "AuthorAssessment",
    "Conversation",
    "ConversationAssessment",
    "Message",
    "Participant",
    "Signal",
    "Stage",
    "to_json",
]
