"""Corpus loaders and writers: canonical JSONL(.gz), PAN12 XML, CSV.

Every loader streams, one conversation at a time, so memory stays flat on large files::

    from guardline.corpora import LoadReport, load
    report = LoadReport()
    for conv in load("chats.jsonl.gz", skip_bad=True, report=report):
        ...
    print(report)

Bad input raises :class:`CorpusError` (a ``ValueError``) naming the file, the line and the
field, never the message text. With ``skip_bad=True`` bad records are skipped and listed
in the :class:`LoadReport` (or logged when no report is passed): nothing is dropped
silently. Problems with a whole file (missing, empty, UTF-16, corrupt gzip, XML that is
not well-formed) always raise.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from guardline.core.model import Conversation, Message
from guardline.corpora._io import GZIP_ERRORS, PathLike, check_bom, gzip_error, open_binary
from guardline.corpora.csv import iter_csv
from guardline.corpora.errors import CorpusError, Issue, LoadReport
from guardline.corpora.jsonl import dumps_record, iter_jsonl, write_jsonl
from guardline.corpora.pan12 import (
    Pan12Files,
    find_pan12,
    iter_pan12,
    read_predator_lines,
    read_predators,
)
from guardline.corpora.records import (
    DEFAULT_MAX_MESSAGE_CHARS,
    conversation_from_record,
    conversation_to_record,
)

FORMATS = ("jsonl", "pan12", "csv")
_ALIASES = {"xml": "pan12", "ndjson": "jsonl", "json": "jsonl"}
_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".xml": "pan12",
    ".csv": "csv",
}
_SNIFF_BYTES = 4096


def detect_format(path: PathLike) -> str:
    """``"jsonl"``, ``"pan12"`` or ``"csv"``: by extension (``.gz`` stripped), else by content.

    Content sniffing looks at the first non-blank character of the (decompressed) file:
    ``{`` is JSONL, ``<`` is PAN12 XML, and a first line naming ``conversation_id`` is CSV.
    """
    p = Path(path)
    name = p.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    ext = os.path.splitext(name)[1]
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    file = str(path)
    with open_binary(p) as f:
        try:
            head = f.read(_SNIFF_BYTES)
        except GZIP_ERRORS as exc:
            raise gzip_error(file, 1, exc) from None
    if not head:
        raise CorpusError(file, None, None, "file is empty")
    head = head[check_bom(file, head) :]
    stripped = head.lstrip()
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"<"):
        return "pan12"
    if b"conversation_id" in head.split(b"\n", 1)[0]:
        return "csv"
    raise CorpusError(
        file,
        None,
        None,
        "cannot tell the format from the extension or the "
        "content; pass fmt='jsonl', 'pan12' or 'csv'",
    )


def _resolve(path: PathLike, fmt: str) -> str:
    if not Path(path).exists():
        raise FileNotFoundError(f"corpus file not found: {path}")
    if fmt == "auto":
        return detect_format(path)
    fmt = _ALIASES.get(fmt, fmt)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected 'auto' or one of {FORMATS}")
    return fmt


def load(
    path: PathLike,
    fmt: str = "auto",
    *,
    skip_bad: bool = False,
    report: LoadReport | None = None,
    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS,
    **options: Any,
) -> Iterator[Conversation]:
    """Stream the conversations of one corpus file (lazy: wrap in ``list()`` to keep them).

    ``fmt`` is ``"auto"`` (see :func:`detect_format`), ``"jsonl"``, ``"pan12"`` (alias
    ``"xml"``) or ``"csv"``. The file's existence and format are checked now; records are
    read and checked as you iterate. ``options`` go to the PAN12 loader only
    (``predators``, ``predator_lines``, ``split``, ``source``, ``unescape``; see
    :func:`iter_pan12`).
    """
    kind = _resolve(path, fmt)
    common: dict[str, Any] = {
        "skip_bad": skip_bad,
        "report": report,
        "max_message_chars": max_message_chars,
    }
    if kind == "pan12":
        return iter_pan12(path, **common, **options)
    if options:
        raise TypeError(f"options {sorted(options)} apply to PAN12 XML only, not {kind}")
    if kind == "jsonl":
        return iter_jsonl(path, **common)
    return iter_csv(path, **common)


def iter_conversations(
    paths: PathLike | Iterable[PathLike],
    fmt: str = "auto",
    *,
    skip_bad: bool = False,
    report: LoadReport | None = None,
    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS,
    **options: Any,
) -> Iterator[Conversation]:
    """Stream the conversations of one or several files in turn, into one report."""
    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    for p in items:
        _resolve(p, fmt)  # fail early on a missing file or an unknown format
    for p in items:
        yield from load(
            p, fmt, skip_bad=skip_bad, report=report, max_message_chars=max_message_chars, **options
        )


def iter_messages(source: PathLike | Iterable[Conversation], **kwargs: Any) -> Iterator[Message]:
    """Every message of a corpus (a path, loaded with ``kwargs``) or of some conversations,
    conversation after conversation, in order: the stream a detector sees."""
    convs = load(source, **kwargs) if isinstance(source, str | os.PathLike) else source
    for conv in convs:
        yield from conv.messages


__all__ = [
    "DEFAULT_MAX_MESSAGE_CHARS",
    "FORMATS",
    "CorpusError",
    "Issue",
    "LoadReport",
    "Pan12Files",
    "conversation_from_record",
    "conversation_to_record",
    "detect_format",
    "dumps_record",
    "find_pan12",
    "iter_conversations",
    "iter_csv",
    "iter_jsonl",
    "iter_messages",
    "iter_pan12",
    "load",
    "read_predator_lines",
    "read_predators",
    "write_jsonl",
]
