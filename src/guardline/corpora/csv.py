"""CSV conversations: one message per row, with a header row.

Columns: ``conversation_id``, ``author``, ``text`` (required), ``time`` and ``message_id``
(optional; an empty cell gives ``None``). A UTF-8 byte order mark (as Excel writes) is
accepted. Other columns have no place in the data model: they are ignored and listed in
the report's notes. CSV carries no labels: conversations load with ``predators=None``.

**Rows of a conversation must be contiguous.** Rows are grouped by consecutive
``conversation_id`` so the file streams in constant memory; a conversation id that
reappears after another conversation is an error (``CorpusError`` naming the row), not
a silent split into two conversations. With ``skip_bad=True`` the reappearing block is
skipped and reported.

A bad row (empty author or conversation id, wrong number of cells, a cell that is not
UTF-8, a text over ``max_message_chars``) makes its whole conversation bad, since
dropping one row would shift the message indices; with ``skip_bad=True`` the
conversation is skipped and the report names its first bad row. Line numbers are
physical lines of the file (1 is the header); a quoted cell may span several lines,
and the row's first line is given. Quoting is parsed strictly (``csv`` ``strict=True``);
malformed CSV always raises, since the reader cannot resynchronise after it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from guardline.core.model import Conversation, Message
from guardline.corpora._io import PathLike, decode_error, iter_raw_lines, open_binary
from guardline.corpora.errors import CorpusError, Issue, LoadReport, _Policy
from guardline.corpora.records import DEFAULT_MAX_MESSAGE_CHARS

REQUIRED_COLUMNS = ("conversation_id", "author", "text")
OPTIONAL_COLUMNS = ("time", "message_id")


def _has_surrogates(s: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in s)


def iter_csv(
    path: PathLike,
    *,
    skip_bad: bool = False,
    report: LoadReport | None = None,
    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS,
) -> Iterator[Conversation]:
    """Stream the conversations of a CSV file (plain or gzip); see the module docstring."""
    file = str(path)
    policy = _Policy(skip_bad, report, file)

    with open_binary(path) as f:
        lines = (raw.decode("utf-8", "surrogateescape") for _, raw in iter_raw_lines(file, f))
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader)
        except csv.Error as exc:
            raise CorpusError(file, 1, None, f"CSV error in the header: {exc}") from None
        except StopIteration:  # pragma: no cover - iter_raw_lines raises on empty files
            raise CorpusError(file, None, None, "file is empty") from None
        header = [h.strip() for h in header]
        for h in header:
            if _has_surrogates(h):
                raise CorpusError(
                    file, 1, None, "header is not valid UTF-8; convert the file to UTF-8"
                )
        for name in REQUIRED_COLUMNS:
            if name not in header:
                raise CorpusError(file, 1, name, "required column missing from the header")
        dupes = sorted({h for h in header if header.count(h) > 1})
        if dupes:
            raise CorpusError(file, 1, dupes[0], "column appears more than once in the header")
        col = {h: i for i, h in enumerate(header)}
        for h in header:
            if h not in REQUIRED_COLUMNS and h not in OPTIONAL_COLUMNS:
                policy.note(
                    Issue(file, 1, h, "unknown column ignored (the data model has no place for it)")
                )
        i_conv, i_author, i_text = (col[c] for c in REQUIRED_COLUMNS)
        i_time, i_mid = col.get("time"), col.get("message_id")

        cur_id: str | None = None
        cur: list[Message] = []
        cur_bad: CorpusError | None = None
        started: dict[str, int] = {}  # conversation id -> line where its block started
        rows = 0
        prev_line = reader.line_num

        def flush() -> Conversation | None:
            if cur_id is None:
                return None
            if cur_bad is not None:
                policy.bad(cur_bad)
                return None
            policy.loaded(len(cur))
            return Conversation(id=cur_id, messages=cur)

        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise CorpusError(file, prev_line + 1, None, f"CSV error: {exc}") from None
            line = prev_line + 1
            prev_line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line
            rows += 1
            cid = row[i_conv].strip() if len(row) > i_conv else ""
            if cid != cur_id or not cid:
                out = flush()
                if out is not None:
                    yield out
                cur_id, cur, cur_bad = cid, [], None
                if cid in started:
                    cur_bad = CorpusError(
                        file,
                        line,
                        "conversation_id",
                        f"conversation id reappears after another conversation (its rows "
                        f"started at line {started[cid]}); rows of a conversation must be "
                        f"contiguous",
                        cid,
                    )
                elif cid:
                    started[cid] = line
            if cur_bad is not None:
                if not skip_bad:
                    raise cur_bad
                continue
            err = _row_error(file, line, row, header, cid, i_author, i_text, max_message_chars)
            if err is not None:
                cur_bad = err
                if not skip_bad:
                    raise err
                continue
            time = row[i_time] if i_time is not None else ""
            mid = row[i_mid] if i_mid is not None else ""
            cur.append(
                Message(
                    cid, len(cur), row[i_author].strip(), row[i_text], time or None, mid or None
                )
            )
        out = flush()
        if out is not None:
            yield out
        if rows == 0:
            raise CorpusError(file, None, None, "file has a header but no rows")


def _row_error(
    file: str,
    line: int,
    row: list[str],
    header: list[str],
    cid: str,
    i_author: int,
    i_text: int,
    max_chars: int,
) -> CorpusError | None:
    if len(row) != len(header):
        return CorpusError(
            file, line, None, f"expected {len(header)} cells, got {len(row)}", cid or None
        )
    for name, cell in zip(header, row, strict=True):
        if _has_surrogates(cell):
            raw = cell.encode("utf-8", "surrogateescape")
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                err = decode_error(file, line, raw, exc, field=name)
                return CorpusError(
                    file, line, name, err.reason.replace("of the line", "of the cell"), cid or None
                )
    if not cid:
        return CorpusError(file, line, "conversation_id", "empty")
    if not row[i_author].strip():
        return CorpusError(file, line, "author", "empty", cid)
    if len(row[i_text]) > max_chars:
        return CorpusError(
            file,
            line,
            "text",
            f"message is {len(row[i_text])} characters, "
            f"over the limit of {max_chars} "
            f"(max_message_chars)",
            cid,
        )
    return None
