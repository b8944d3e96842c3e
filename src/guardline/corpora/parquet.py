"""Parquet conversations and scan rows (needs pyarrow: ``pip install 'guardline[ray]'``).

pyarrow is imported lazily, so ``guardline.corpora`` imports without it; calling a function
here without pyarrow raises :class:`MissingExtraError` naming the extra to install.

Two layouts are read, told apart by the columns:

- **conversation per row** (a column ``messages``): the canonical record as columns, ``id``,
  ``messages`` (list of structs ``author``, ``text``, ``time``?, ``message_id``?),
  ``participants``?, ``predators``?, ``predator_lines``? and any other columns (kept as
  ``Conversation.extra``). Each row is checked by
  :func:`~guardline.corpora.records.conversation_from_record`, exactly like a JSONL line.
- **message per row** (a column ``conversation_id``, no ``messages``): ``conversation_id``,
  ``author``, ``text`` (required), ``time``, ``message_id``, ``index`` (optional). Rows are
  grouped by ``conversation_id`` within the file (they need not be contiguous), in order of
  each conversation's first row; messages are ordered by ``index`` when the column exists
  (it must number the conversation's messages 0..n-1), else by row order. Shard archives
  by conversation id: a conversation's rows belong in one file.

Errors use the 1-based row number where the other loaders give a line number (for a
message-per-row conversation, the row of its first message), and never quote message text.
A null in an optional field reads as absent.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from guardline.core.model import Conversation
from guardline.corpora._io import PathLike
from guardline.corpora.errors import CorpusError, Issue, LoadReport, _Policy
from guardline.corpora.records import (
    DEFAULT_MAX_MESSAGE_CHARS,
    conversation_from_record,
    conversation_to_record,
)

EXTRA = "ray"
MESSAGE_COLUMNS = ("conversation_id", "author", "text", "time", "message_id", "index")
_BATCH_ROWS = 2048


class MissingExtraError(ImportError):
    """pyarrow (or Ray) is not installed: says which extra to install."""


def require_pyarrow() -> Any:
    """Import pyarrow, or raise :class:`MissingExtraError` naming ``guardline[ray]``."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise MissingExtraError(
            f"Parquet needs pyarrow, which is not installed: pip install 'guardline[{EXTRA}]'"
        ) from exc
    return pyarrow


def is_parquet(path: PathLike) -> bool:
    """True for a ``.parquet`` / ``.pq`` file name, or a file starting with the magic ``PAR1``."""
    name = str(path).lower()
    if name.endswith((".parquet", ".pq")):
        return True
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"PAR1"
    except OSError:
        return False


def _open(path: PathLike) -> Any:
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    file = str(path)
    if Path(path).is_dir():
        raise CorpusError(file, None, None, "is a directory, not a corpus file")
    if not Path(path).exists():
        raise FileNotFoundError(f"corpus file not found: {path}")
    try:
        return pq.ParquetFile(file)
    except (pa.ArrowInvalid, pa.ArrowException, OSError) as exc:
        raise CorpusError(
            file, None, None, f"not a readable Parquet file ({type(exc).__name__})"
        ) from None


def parquet_layout(path: PathLike) -> str:
    """``"conversations"`` (a ``messages`` column) or ``"messages"`` (``conversation_id``)."""
    names = _open(path).schema_arrow.names
    return _layout(str(path), names)


def _layout(file: str, names: list[str]) -> str:
    if "messages" in names:
        if "id" not in names:
            raise CorpusError(
                file,
                None,
                "id",
                "required column missing (a conversation-per-row file needs id and messages)",
            )
        return "conversations"
    if "conversation_id" in names:
        for col in ("author", "text"):
            if col not in names:
                raise CorpusError(
                    file,
                    None,
                    col,
                    "required column missing (a message-per-row "
                    "file needs conversation_id, author, text)",
                )
        return "messages"
    raise CorpusError(
        file,
        None,
        None,
        "cannot tell the layout: expected a 'messages' column "
        "(conversation per row) or 'conversation_id' (message "
        "per row)",
    )


def _drop_nulls(d: Any) -> Any:
    return {k: v for k, v in d.items() if v is not None} if isinstance(d, dict) else d


def _iter_rows(pf: Any, file: str) -> Iterator[tuple[int, dict[str, Any]]]:
    import pyarrow as pa

    n = 0
    try:
        for batch in pf.iter_batches(batch_size=_BATCH_ROWS):
            for row in batch.to_pylist():
                n += 1
                yield n, row
    except (pa.ArrowInvalid, pa.ArrowException, OSError) as exc:
        raise CorpusError(
            file, n + 1, None, f"Parquet data is corrupt or unreadable ({type(exc).__name__})"
        ) from None


def iter_parquet(
    path: PathLike,
    *,
    skip_bad: bool = False,
    report: LoadReport | None = None,
    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS,
) -> Iterator[Conversation]:
    """Stream the conversations of a Parquet file (either layout; see the module docstring)."""
    file = str(path)
    pf = _open(path)
    layout = _layout(file, pf.schema_arrow.names)
    policy = _Policy(skip_bad, report, file)
    if pf.metadata.num_rows == 0:
        raise CorpusError(file, None, None, "file has no rows")
    if layout == "conversations":
        yield from _iter_conversation_rows(pf, file, policy, max_message_chars)
    else:
        yield from _iter_message_rows(pf, file, policy, max_message_chars)


def _iter_conversation_rows(
    pf: Any, file: str, policy: _Policy, max_message_chars: int
) -> Iterator[Conversation]:
    for n, row in _iter_rows(pf, file):
        rec = _drop_nulls(row)
        if isinstance(rec.get("messages"), list):
            rec["messages"] = [_drop_nulls(m) for m in rec["messages"]]
        if isinstance(rec.get("participants"), list):
            rec["participants"] = [_drop_nulls(p) for p in rec["participants"]]
        try:
            conv = conversation_from_record(
                rec, file=file, line=n, max_message_chars=max_message_chars
            )
        except CorpusError as err:
            policy.bad(err)
            continue
        policy.loaded(len(conv.messages))
        yield conv


def _iter_message_rows(
    pf: Any, file: str, policy: _Policy, max_message_chars: int
) -> Iterator[Conversation]:
    names = pf.schema_arrow.names
    for col in names:
        if col not in MESSAGE_COLUMNS:
            policy.note(
                Issue(
                    file, None, col, "unknown column ignored (the data model has no place for it)"
                )
            )
    cols = [c for c in MESSAGE_COLUMNS if c in names]
    has_index = "index" in cols
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    bad_rows: list[CorpusError] = []
    n = 0
    for batch in pf.iter_batches(batch_size=_BATCH_ROWS, columns=cols):
        for row in batch.to_pylist():
            n += 1
            cid = row.get("conversation_id")
            if cid is None or cid == "" or isinstance(cid, bool) or not isinstance(cid, str | int):
                bad_rows.append(
                    CorpusError(
                        file,
                        n,
                        "conversation_id",
                        "missing or empty (expected a string or integer)",
                    )
                )
                continue
            groups.setdefault(str(cid), []).append((n, row))
    for err in bad_rows:
        policy.bad(err)
    for cid, rows in groups.items():
        first = rows[0][0]
        if has_index:
            idx = [r.get("index") for _, r in rows]
            if any(not isinstance(x, int) or isinstance(x, bool) for x in idx) or sorted(
                idx  # type: ignore[type-var]
            ) != list(range(len(rows))):
                policy.bad(
                    CorpusError(
                        file,
                        first,
                        "index",
                        "must number the conversation's messages 0..n-1, each once",
                        cid,
                    )
                )
                continue
            rows = sorted(rows, key=lambda r: r[1]["index"])
        messages = []
        for _, r in rows:
            m = {k: r.get(k) for k in ("author", "text", "time", "message_id")}
            messages.append(_drop_nulls(m) | {"text": r.get("text")})
        try:
            conv = conversation_from_record(
                {"id": cid, "messages": messages},
                file=file,
                line=first,
                max_message_chars=max_message_chars,
            )
        except CorpusError as err:
            policy.bad(err)
            continue
        policy.loaded(len(conv.messages))
        yield conv


def _write_table_atomic(table: Any, path: PathLike) -> None:
    import pyarrow.parquet as pq

    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_parquet(
    conversations: Iterable[Conversation], path: PathLike, layout: str = "conversations"
) -> int:
    """Write conversations as Parquet (``layout`` ``"conversations"`` or ``"messages"``).

    Written to a temporary file and renamed into place: a failed write leaves nothing.
    Builds the table in memory; returns the number of conversations written.
    """
    pa = require_pyarrow()
    n = 0
    if layout == "conversations":
        records = []
        for conv in conversations:
            records.append(conversation_to_record(conv))
            n += 1
        keys: dict[str, None] = {}
        for r in records:  # every field of every record (from_pylist looks at the first only)
            keys.update(dict.fromkeys(r))
        table = pa.Table.from_pylist([{k: r.get(k) for k in keys} for r in records])
    elif layout == "messages":
        cols: dict[str, list[Any]] = {c: [] for c in MESSAGE_COLUMNS}
        for conv in conversations:
            n += 1
            for i, m in enumerate(conv.messages):
                cols["conversation_id"].append(conv.id)
                cols["author"].append(m.author)
                cols["text"].append(m.text)
                cols["time"].append(m.time)
                cols["message_id"].append(m.message_id)
                cols["index"].append(i)
        table = pa.table(
            {
                "conversation_id": pa.array(cols["conversation_id"], pa.string()),
                "author": pa.array(cols["author"], pa.string()),
                "text": pa.array(cols["text"], pa.string()),
                "time": pa.array(cols["time"], pa.string()),
                "message_id": pa.array(cols["message_id"], pa.string()),
                "index": pa.array(cols["index"], pa.int64()),
            }
        )
    else:
        raise ValueError(f"unknown layout {layout!r}; expected 'conversations' or 'messages'")
    _write_table_atomic(table, path)
    return n


def scan_row_schema() -> Any:
    """The Arrow schema of a scan row (the fields ``guardline scan`` writes)."""
    pa = require_pyarrow()
    return pa.schema(
        [
            ("id", pa.string()),
            ("risk", pa.float64()),
            ("alert", pa.bool_()),
            ("first_alert_index", pa.int64()),
            (
                "authors",
                pa.list_(
                    pa.struct(
                        [
                            ("author", pa.string()),
                            ("risk", pa.float64()),
                            ("flagged", pa.bool_()),
                            ("signals", pa.list_(pa.string())),
                            ("prior", pa.string()),  # null unless relationship memory carried it
                        ]
                    )
                ),
            ),
            (
                "evidence",
                pa.list_(
                    pa.struct(
                        [
                            ("message_index", pa.int64()),
                            ("author", pa.string()),
                            ("sign", pa.string()),
                            ("stage", pa.string()),
                            ("span", pa.list_(pa.int64())),
                        ]
                    )
                ),
            ),
        ]
    )


class ScanRowWriter:
    """Stream scan rows into a Parquet file; ``close()`` renames it into place, ``abort()``
    removes the partial file. Use as a context manager (aborts on an exception)."""

    def __init__(self, path: PathLike, batch_rows: int = 2000) -> None:
        require_pyarrow()
        import pyarrow.parquet as pq

        self.path = Path(path)
        self._tmp = self.path.with_name(f".{self.path.name}.tmp{os.getpid()}")
        self._schema = scan_row_schema()
        self._writer = pq.ParquetWriter(self._tmp, self._schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self._batch = batch_rows
        self.count = 0

    def write(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= self._batch:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        try:
            self._writer.close()
        finally:
            self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> ScanRowWriter:
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def read_scan_rows(path: PathLike) -> list[dict[str, Any]]:
    """Scan rows from a Parquet file written by :class:`ScanRowWriter`, as JSON-like dicts:
    the same dicts as the JSONL rows (an author's ``prior`` only where it is set)."""
    require_pyarrow()
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(str(path)).to_pylist()
    for row in rows:
        for author in row.get("authors") or ():
            if author.get("prior", 0) is None:
                del author["prior"]
    return rows


__all__ = [
    "MissingExtraError",
    "ScanRowWriter",
    "is_parquet",
    "iter_parquet",
    "parquet_layout",
    "read_scan_rows",
    "require_pyarrow",
    "scan_row_schema",
    "write_parquet",
]
