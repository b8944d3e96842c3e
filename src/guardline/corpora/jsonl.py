"""Canonical JSON Lines: one conversation per line, plain or gzip (detected by magic bytes).

Reading streams one line at a time, so memory stays at one conversation however large the
file. Blank lines are ignored; a file with no bytes at all is an error. Writing is
deterministic: ``ensure_ascii=False`` JSON with the standard separators, and ``.gz``
output has gzip mtime 0 and no file name in its header, so the same conversations
always give the same bytes.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from guardline.core.model import Conversation
from guardline.corpora._io import PathLike, iter_text_lines, open_binary
from guardline.corpora.errors import CorpusError, LoadReport, _Policy
from guardline.corpora.records import (
    DEFAULT_MAX_MESSAGE_CHARS,
    conversation_from_record,
    conversation_to_record,
)

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _has_lone_surrogate(v: object) -> bool:
    """True when some string (or key) in a decoded JSON value cannot be encoded as UTF-8."""
    if isinstance(v, str):
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(v, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(x) for k, x in v.items())
    if isinstance(v, list):
        return any(_has_lone_surrogate(x) for x in v)
    return False


def iter_jsonl(
    path: PathLike,
    *,
    skip_bad: bool = False,
    report: LoadReport | None = None,
    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS,
) -> Iterator[Conversation]:
    """Stream the conversations of a canonical JSONL (or JSONL.gz) file.

    Raises :class:`CorpusError` on the first bad line, unless ``skip_bad`` is true: then bad
    lines are recorded in ``report`` (or logged when no report is given) and skipped.
    File-level problems (empty file, UTF-16 file, corrupt gzip) always raise.
    """
    file = str(path)
    policy = _Policy(skip_bad, report, file)
    with open_binary(path) as f:
        records = 0
        for n, text in iter_text_lines(file, f):
            if isinstance(text, CorpusError):
                policy.bad(text)
                records += 1
                continue
            if not text.strip():
                continue
            records += 1
            try:
                rec = json.loads(text)
            except json.JSONDecodeError as exc:
                policy.bad(
                    CorpusError(file, n, None, f"malformed JSON: {exc.msg} at column {exc.colno}")
                )
                continue
            except RecursionError:
                policy.bad(CorpusError(file, n, None, "malformed JSON: nested too deeply"))
                continue
            except ValueError:  # an integer literal over Python's digit limit
                policy.bad(CorpusError(file, n, None, "malformed JSON: number too large"))
                continue
            try:
                lone = bool(_SURROGATE_ESCAPE.search(text)) and _has_lone_surrogate(rec)
            except RecursionError:
                lone = True
            if lone:
                policy.bad(
                    CorpusError(
                        file,
                        n,
                        None,
                        "not valid Unicode: a \\u escape encodes a lone UTF-16 surrogate",
                    )
                )
                continue
            try:
                conv = conversation_from_record(
                    rec, file=file, line=n, max_message_chars=max_message_chars
                )
            except CorpusError as err:
                policy.bad(err)
                continue
            policy.loaded(len(conv.messages))
            yield conv
        if records == 0:
            raise CorpusError(file, None, None, "file has no records (only blank lines)")


def dumps_record(conv: Conversation) -> str:
    """One canonical JSONL line (without the newline)."""
    return json.dumps(conversation_to_record(conv), ensure_ascii=False)


def write_jsonl(conversations: Iterable[Conversation], path: PathLike) -> int:
    """Write conversations as canonical JSONL; gzip when ``path`` ends in ``.gz``.

    Streams (one conversation in memory at a time), writes to a temporary file next to
    ``path`` and renames it into place, so a failed write leaves no half-written file.
    Returns the number of conversations written.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
    n = 0
    try:
        with open(tmp, "wb") as raw:
            out: io.TextIOWrapper  # over the gzip stream or the raw file
            if target.name.endswith(".gz"):
                # filename="" and mtime=0: no name or time in the header, same bytes each run
                gz = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
                out = io.TextIOWrapper(gz, encoding="utf-8", newline="\n")
            else:
                gz = None
                out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            for conv in conversations:
                out.write(dumps_record(conv))
                out.write("\n")
                n += 1
            out.flush()
            if gz is not None:
                out.detach()
                gz.close()
            else:
                out.detach()
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return n
