"""Byte-level helpers shared by the loaders: gzip by magic bytes, line numbers, UTF-8 checks."""

from __future__ import annotations

import codecs
import gzip
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from guardline.corpora.errors import CorpusError

GZIP_MAGIC = b"\x1f\x8b"
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "UTF-32 (big-endian)"),
    (codecs.BOM_UTF16_LE, "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "UTF-16 (big-endian)"),
)
GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)

PathLike = str | os.PathLike[str]


def is_gzip(path: PathLike) -> bool:
    """True when the file starts with the gzip magic bytes (whatever its extension)."""
    with open(path, "rb") as f:
        return f.read(2) == GZIP_MAGIC


@contextmanager
def open_binary(path: PathLike) -> Iterator[BinaryIO]:
    """Open a file for reading bytes, decompressing it on the fly when it is gzip."""
    name = str(path)
    if Path(path).is_dir():
        raise CorpusError(name, None, None, "is a directory, not a corpus file")
    if is_gzip(path):
        f: BinaryIO = gzip.open(path, "rb")  # type: ignore[assignment]
    else:
        f = open(path, "rb")
    try:
        yield f
    finally:
        f.close()


def gzip_error(file: str, line: int | None, exc: BaseException) -> CorpusError:
    return CorpusError(
        file, line, None, f"gzip data is corrupt or truncated ({type(exc).__name__})"
    )


def check_bom(file: str, head: bytes) -> int:
    """Raise on a UTF-16/UTF-32 byte order mark; return the length of a UTF-8 BOM (0 or 3)."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            raise CorpusError(
                file,
                1,
                None,
                f"file is {name} (byte order mark found), not UTF-8; convert it to UTF-8",
            )
    return len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0


def encoding_hint(raw: bytes) -> str:
    """Guess what a line that is not UTF-8 is, for the error message."""
    if b"\x00" in raw:
        return "NUL bytes suggest UTF-16 or UTF-32; convert the file to UTF-8"
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return "convert the file to UTF-8"
    return "it may be latin-1 or Windows-1252; convert the file to UTF-8"


def decode_error(
    file: str, line: int | None, raw: bytes, exc: UnicodeDecodeError, field: str | None = None
) -> CorpusError:
    return CorpusError(
        file,
        line,
        field,
        f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1} "
        f"of the line); {encoding_hint(raw)}",
    )


def iter_raw_lines(file: str, f: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line_number, bytes)`` for each line (1-based), BOM-checked, gzip errors wrapped.

    Raises :class:`CorpusError` for an empty file (no bytes at all) and for UTF-16/32 input.
    A UTF-8 BOM on the first line is removed.
    """
    n = 0
    try:
        for raw in f:
            n += 1
            if n == 1:
                raw = raw[check_bom(file, raw) :]
                if b"\x00" in raw:
                    raise CorpusError(
                        file,
                        1,
                        None,
                        "NUL bytes: the file looks like UTF-16 or UTF-32 without "
                        "a byte order mark, not UTF-8; convert it to UTF-8",
                    )
            yield n, raw
    except GZIP_ERRORS as exc:
        raise gzip_error(file, n + 1, exc) from None
    if n == 0:
        raise CorpusError(file, None, None, "file is empty")


def iter_text_lines(file: str, f: BinaryIO) -> Iterator[tuple[int, str | CorpusError]]:
    """Like :func:`iter_raw_lines` but decoded; a line that is not UTF-8 gives a CorpusError
    in place of the text so the caller can raise or skip it."""
    for n, raw in iter_raw_lines(file, f):
        if b"\x00" in raw:
            yield n, CorpusError(file, n, None, "NUL byte in the line; " + encoding_hint(raw))
            continue
        try:
            yield n, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield n, decode_error(file, n, raw, exc)
