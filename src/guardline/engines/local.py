"""The local engine: scan archives in this process, one conversation after another.

Also the pieces both engines share, so the Ray engine cannot drift from this one:

- :func:`expand_inputs` turns files, directories and glob patterns into a sorted file list;
- :class:`DetectorSpec` is a small, picklable recipe for the Detector (model + policy
  overrides) that each Ray worker builds once;
- :func:`read_file` streams one file's conversations with the corpus loaders (JSONL(.gz),
  CSV, PAN12 XML, Parquet), with the same errors and skip reports everywhere;
- :func:`open_sink` writes scan rows as JSONL (the exact bytes ``guardline scan`` has always
  written) or Parquet, to a temporary file renamed into place only when the scan succeeded.
"""

from __future__ import annotations

import glob
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from guardline.core.model import Conversation
from guardline.corpora import LoadReport, load
from guardline.corpora.records import DEFAULT_MAX_MESSAGE_CHARS
from guardline.detect import Detector, RelationshipMemory, load_model
from guardline.detect.memory import DEFAULT_MAX_QUIET

CORPUS_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".xml", ".parquet", ".pq")
OUTPUT_FORMATS = ("jsonl", "parquet")
_GLOB_CHARS = frozenset("*?[")

FileDone = Callable[[str, LoadReport], None]


class InputError(ValueError):
    """An input argument names nothing to read (missing file, empty directory, no match)."""


class ScanInputError(Exception):
    """A file could not be read at the operating-system level (permissions, I/O, encoding)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def is_corpus_file(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith("."):
        return False
    if name.endswith(".gz"):
        name = name[:-3]
    return name.endswith(CORPUS_SUFFIXES)


def expand_inputs(items: Sequence[str | Path], skipped: list[Path] | None = None) -> list[Path]:
    """Files as given; a directory gives its corpus files (recursively, sorted by path); a
    pattern with ``*``, ``?`` or ``[`` gives its matches (sorted; ``**`` recurses).

    Duplicates are dropped (first occurrence kept). Raises :class:`InputError` for a missing
    file, a directory without corpus files or a pattern matching nothing. The files of a
    directory that are not corpus files by name (hidden files aside) are appended to
    ``skipped``, so that the caller can say so.
    """
    out: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append(p)

    for item in items:
        p = Path(item)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file())
            found = [f for f in files if is_corpus_file(f)]
            if skipped is not None:
                skipped += [f for f in files if not is_corpus_file(f) and f.name[:1] != "."]
            if not found:
                raise InputError(f"no corpus files (JSONL, CSV, XML, Parquet) in directory: {p}")
            for f in found:
                add(f)
        elif p.exists():
            add(p)
        elif _GLOB_CHARS & set(str(item)):
            matches = sorted(Path(m) for m in glob.glob(str(item), recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                raise InputError(f"no files match: {item}")
            for f in files:
                add(f)
        else:
            raise InputError(f"no such file: {p}")
    return out


@dataclass(frozen=True, slots=True)
class DetectorSpec:
    """How to build the scan's Detector: a model name or path plus policy overrides."""

    model: str = "default"
    threshold: float | None = None
    k: int | None = None
    n: int | None = None
    #: carry flags across conversations of the same two accounts, in input order
    memory: bool = False
    #: a carried flag expires after this many quiet conversations in a row (0: never)
    memory_max_quiet: int = DEFAULT_MAX_QUIET
    #: two-person chats: the second author is flagged only at the flagged one's risk
    #: (``AlertPolicy.outrank``, the default)
    outrank: bool = True

    def new_memory(self) -> RelationshipMemory | None:
        """An empty relationship memory as the spec asks (None: memory off)."""
        if not self.memory:
            return None
        return RelationshipMemory(max_quiet=self.memory_max_quiet or None, track_changes=False)

    def build(self) -> Detector:
        """The Detector; raises ``ValueError``/``OSError`` when the model cannot be loaded."""
        det = Detector(model=load_model(self.model), memory=self.new_memory())
        if self.threshold is not None or self.k is not None or self.n is not None:
            p = det.policy
            kk = self.k if self.k is not None else min(p.k, self.n if self.n is not None else p.n)
            det.policy = replace(
                p,
                threshold=self.threshold if self.threshold is not None else p.threshold,
                k=kk,
                n=self.n if self.n is not None else max(p.n, kk),
            )
        if det.policy.outrank != self.outrank:
            det.policy = replace(det.policy, outrank=self.outrank)
        return det


def read_file(
    path: str | Path,
    *,
    skip_bad: bool,
    report: LoadReport,
    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS,
) -> Iterator[Conversation]:
    """Stream one file's conversations (format by extension or content; Parquet included).

    Bad records raise :class:`~guardline.corpora.CorpusError` or, with ``skip_bad``, land
    in ``report``. An ``OSError``/``UnicodeError`` becomes :class:`ScanInputError`.
    """
    from guardline.corpora.parquet import is_parquet, iter_parquet

    try:
        if is_parquet(path):
            yield from iter_parquet(
                path, skip_bad=skip_bad, report=report, max_message_chars=max_message_chars
            )
        else:
            yield from load(
                path, skip_bad=skip_bad, report=report, max_message_chars=max_message_chars
            )
    except (OSError, UnicodeError) as exc:
        raise ScanInputError(str(path), str(exc)) from exc


def scan_line(det: Detector, conv: Conversation) -> tuple[str, bool]:
    """One conversation's scan row as the exact JSON line text (no newline), and its alert."""
    a = det.scan(conv)
    return json.dumps(a.to_scan_row(), ensure_ascii=False), a.alert


class Sink(Protocol):
    def write_line(self, line: str) -> None: ...
    def close(self) -> None: ...
    def abort(self) -> None: ...


class _JsonlSink:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        self._fh = self._tmp.open("w", encoding="utf-8")

    def write_line(self, line: str) -> None:
        self._fh.write(line + "\n")

    def close(self) -> None:
        self._fh.close()
        self._tmp.replace(self.path)

    def abort(self) -> None:
        self._fh.close()
        self._tmp.unlink(missing_ok=True)


class _ParquetSink:
    def __init__(self, path: Path) -> None:
        from guardline.corpora.parquet import ScanRowWriter

        self._w = ScanRowWriter(path)

    def write_line(self, line: str) -> None:
        self._w.write(json.loads(line))

    def close(self) -> None:
        self._w.close()

    def abort(self) -> None:
        self._w.abort()


def output_format(out: Path, fmt: str | None) -> str:
    """``fmt`` if given, else ``parquet`` for a ``.parquet``/``.pq`` name, else ``jsonl``."""
    if fmt is None:
        fmt = "parquet" if out.name.lower().endswith((".parquet", ".pq")) else "jsonl"
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; expected jsonl or parquet")
    return fmt


def open_sink(out: Path, fmt: str) -> Sink:
    """A sink writing to a temporary file beside ``out``; ``close`` renames it into place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        return _ParquetSink(out)
    return _JsonlSink(out)


@dataclass
class ScanSummary:
    """What a scan did. ``workers`` maps a worker id (``node/pid``) to conversations scored."""

    engine: str
    model: str = ""
    conversations: int = 0
    messages: int = 0
    alerts: int = 0
    seconds: float = 0.0
    files: int = 0
    workers: dict[str, int] = field(default_factory=dict)
    nodes: dict[str, int] = field(default_factory=dict)
    model_loads: dict[str, int] = field(default_factory=dict)

    @property
    def msgs_per_s(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "model": self.model,
            "conversations": self.conversations,
            "messages": self.messages,
            "alerts": self.alerts,
            "seconds": round(self.seconds, 4),
            "files": self.files,
            "msgs_per_s": round(self.msgs_per_s, 1),
            "workers": dict(self.workers),
            "nodes": dict(self.nodes),
        }


def run_local(
    paths: Sequence[Path],
    out: Path,
    *,
    spec: DetectorSpec,
    fmt: str = "jsonl",
    skip_bad: bool = False,
    on_file_done: FileDone | None = None,
    on_conversation: Callable[[], None] | None = None,
    detector: Detector | None = None,
) -> ScanSummary:
    """Scan ``paths`` in order in this process, writing one row per conversation to ``out``.

    Raises ``CorpusError`` / :class:`ScanInputError` on bad input (without ``skip_bad``);
    then no output file is left behind. ``on_file_done(path, report)`` is called after each
    file with its :class:`LoadReport`.
    """
    det = detector if detector is not None else spec.build()
    summary = ScanSummary(engine="local", model=det.model.name, files=len(paths))
    t0 = time.perf_counter()
    sink = open_sink(out, fmt)
    try:
        for path in paths:
            report = LoadReport()
            for conv in read_file(path, skip_bad=skip_bad, report=report):
                line, alert = scan_line(det, conv)
                sink.write_line(line)
                summary.conversations += 1
                summary.messages += len(conv.messages)
                summary.alerts += alert
                if on_conversation is not None:
                    on_conversation()
            if on_file_done is not None:
                on_file_done(str(path), report)
    except BaseException:
        sink.abort()
        raise
    sink.close()
    summary.seconds = time.perf_counter() - t0
    summary.workers = {"local": summary.conversations}
    return summary


__all__ = [
    "CORPUS_SUFFIXES",
    "OUTPUT_FORMATS",
    "DetectorSpec",
    "InputError",
    "ScanInputError",
    "ScanSummary",
    "expand_inputs",
    "is_corpus_file",
    "open_sink",
    "output_format",
    "read_file",
    "run_local",
    "scan_line",
]
