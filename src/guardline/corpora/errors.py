"""Errors and load reports for the corpus loaders.

A bad record raises :class:`CorpusError` naming the file, the line (JSONL line, CSV line,
XML line), the field and the reason. With ``skip_bad=True`` the loaders record the same
information as an :class:`Issue` in a :class:`LoadReport` and carry on, so nothing is
dropped silently.

Messages never quote the content of a chat message (this is a sensitive domain): they
name the field and the position only.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any

log = logging.getLogger("guardline.corpora")


def _where(file: str, line: int | None, field_: str | None) -> str:
    parts = [file]
    if line is not None:
        parts.append(f"line {line}")
    if field_:
        parts.append(f"field {field_!r}")
    return ", ".join(parts)


class CorpusError(ValueError):
    """A corpus file could not be read: which file, which line, which field, and why.

    ``line`` is 1-based (JSONL line, CSV line, XML line) or ``None`` when the problem is
    about the whole file. ``field`` names the offending field (e.g. ``messages[3].author``)
    or is ``None`` when the problem is about a whole line (malformed JSON, bad encoding).
    """

    def __init__(
        self,
        file: str,
        line: int | None,
        field: str | None,
        reason: str,
        conversation_id: str | None = None,
    ) -> None:
        super().__init__(file, line, field, reason, conversation_id)
        self.file = str(file)
        self.line = line
        self.field = field
        self.reason = reason
        self.conversation_id = conversation_id

    def __str__(self) -> str:
        return f"{_where(self.file, self.line, self.field)}: {self.reason}"

    def to_issue(self) -> Issue:
        return Issue(self.file, self.line, self.field, self.reason, self.conversation_id)


@dataclass(slots=True, frozen=True)
class Issue:
    """One skipped record (or one note about a file), as kept in a :class:`LoadReport`."""

    file: str
    line: int | None
    field: str | None
    reason: str
    conversation_id: str | None = None

    def __str__(self) -> str:
        conv = f" (conversation {self.conversation_id})" if self.conversation_id else ""
        return f"{_where(self.file, self.line, self.field)}: {self.reason}{conv}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class LoadReport:
    """What a load did: conversations and messages loaded, records skipped, notes.

    ``skipped`` lists every record a ``skip_bad=True`` load left out (``skipped_count`` is
    its length); ``notes``
    lists things that did not stop a record from loading but that a user should know
    (e.g. a CSV column that has no place in the data model, a ground-truth line that
    names a message the conversation does not have).
    """

    files: list[str] = field(default_factory=list)
    loaded: int = 0
    messages: int = 0
    skipped: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)

    @property
    def skipped_count(self) -> int:
        return len(self.skipped)

    @property
    def ok(self) -> bool:
        """True when nothing was skipped."""
        return not self.skipped

    def summary(self) -> str:
        files = ", ".join(self.files) if self.files else "(no file)"
        return (
            f"{files}: loaded {self.loaded} conversations ({self.messages} messages), "
            f"skipped {self.skipped_count}"
        )

    def lines(self) -> list[str]:
        """Human-readable report, one line per entry: summary, skipped records, notes."""
        out = [self.summary()]
        out += [f"  skipped: {i}" for i in self.skipped]
        out += [f"  note: {i}" for i in self.notes]
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": list(self.files),
            "loaded": self.loaded,
            "messages": self.messages,
            "skipped_count": self.skipped_count,
            "skipped": [i.to_dict() for i in self.skipped],
            "notes": [i.to_dict() for i in self.notes],
        }


class _Policy:
    """How a loader treats bad records: raise, or skip and record (internal helper)."""

    __slots__ = ("report", "skip_bad")

    def __init__(self, skip_bad: bool, report: LoadReport | None, file: str) -> None:
        self.skip_bad = skip_bad
        self.report = report
        if report is not None:
            report.files.append(file)

    def bad(self, err: CorpusError) -> None:
        """Raise ``err``, or (with ``skip_bad``) record it and return so the caller skips."""
        if not self.skip_bad:
            raise err
        if self.report is not None:
            self.report.skipped.append(err.to_issue())
        else:  # no report to keep it in: still never silent
            log.warning("skipped: %s", err.to_issue())

    def note(self, issue: Issue) -> None:
        if self.report is not None:
            self.report.notes.append(issue)
        else:
            log.warning("note: %s", issue)

    def loaded(self, n_messages: int) -> None:
        if self.report is not None:
            self.report.loaded += 1
            self.report.messages += n_messages
