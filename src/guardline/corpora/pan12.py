"""PAN 2012 Sexual Predator Identification corpus: XML conversations and ground truth.

The XML (``<conversations><conversation id=..><message line=..><author/><time/><text/>``)
is streamed with an ``XMLPullParser`` fed one line at a time, and every conversation is
cleared once yielded, so memory stays at one conversation on the 900k-message training
file. Errors name the XML line of the ``<conversation>`` or ``<message>`` start tag.

Ground truth:

- problem 1 (and the training predator list): one predator author id per line;
- problem 2: ``conv_id<TAB>line``, where ``line`` is the XML ``line`` attribute (1-based);
  it is mapped to the 0-based index of that message within its conversation.

Labels on each conversation: ``predators`` = the conversation's authors that are in the
predator list, in order of first appearance (``[]`` when labelled and none; ``None``
when no list is given); ``predator_lines`` = sorted message indices when a problem-2
file is given (``[]`` for a conversation without labelled lines), else ``None``.

Texts are kept as parsed: PAN12 escaped some entities twice, so texts hold ``I&apos;ve``
and ``<email/>``; ``unescape=True`` applies :func:`html.unescape` (off by default, to
match the canonical files). Empty ``<text/>`` gives ``""``; empty or missing ``<time>``
gives ``None``; a message without ``<author>`` or ``<text>`` is a bad record. A missing
``line`` attribute counts as the message's position + 1. ``extra`` holds ``source``
(``"pan12"``) and ``split`` when given, as in the canonical PAN12 JSONL files.

:func:`find_pan12` finds the official files in a directory as distributed (or as kept in
``shared/data/pan12``) and returns a :class:`Pan12Files` whose ``conversations()`` loads
them with labels.
"""

from __future__ import annotations

import html
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from xml.parsers import expat

from guardline.core.model import Conversation, Message
from guardline.corpora._io import (
    GZIP_ERRORS,
    PathLike,
    decode_error,
    gzip_error,
    iter_text_lines,
    open_binary,
)
from guardline.corpora.errors import CorpusError, Issue, LoadReport, _Policy
from guardline.corpora.records import DEFAULT_MAX_MESSAGE_CHARS

PREFIX = "pan12-sexual-predator-identification-"
TRAIN_XML = PREFIX + "training-corpus-2012-05-01.xml"
TEST_XML = PREFIX + "test-corpus-2012-05-17.xml"
TRAIN_PREDATORS = PREFIX + "training-corpus-predators-2012-05-01.txt"
TEST_PREDATORS = PREFIX + "groundtruth-problem1.txt"
TEST_LINES = PREFIX + "groundtruth-problem2.txt"
TEST_LINES_RECONSTRUCTED = PREFIX + "groundtruth-problem2.reconstructed.txt"

# split -> (xml names, predator-list names, predator-line names), in order of preference
OFFICIAL_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "train": ((TRAIN_XML, TRAIN_XML + ".gz"), (TRAIN_PREDATORS,), ()),
    "test": (
        (TEST_XML, TEST_XML + ".gz"),
        (TEST_PREDATORS,),
        (TEST_LINES, TEST_LINES_RECONSTRUCTED),
    ),
}
_CHUNK = 1 << 16
_SEARCH_DEPTH = 3

PredatorsArg = PathLike | Iterable[str] | None
PredatorLinesArg = PathLike | Mapping[str, Iterable[int]] | None


# ---------------------------------------------------------------- ground truth


def _ground_truth_rows(path: PathLike) -> Iterator[tuple[int, list[str]]]:
    """(line number, whitespace-separated fields) of every non-blank line of a truth file."""
    file = str(path)
    with open_binary(path) as f:
        for n, text in iter_text_lines(file, f):
            if isinstance(text, CorpusError):
                raise text
            parts = text.split()
            if parts:
                yield n, parts


def read_predators(path: PathLike) -> frozenset[str]:
    """Read a predator id list (problem 1 or the training list): one id per line."""
    file = str(path)
    ids: set[str] = set()
    for n, parts in _ground_truth_rows(path):
        if len(parts) != 1:
            raise CorpusError(file, n, "author", "expected one author id per line")
        ids.add(parts[0])
    return frozenset(ids)


def read_predator_lines(path: PathLike) -> dict[str, frozenset[int]]:
    """Read problem-2 ground truth (``conv_id<TAB>line``): conversation id -> XML line numbers."""
    file = str(path)
    out: dict[str, set[int]] = {}
    for n, parts in _ground_truth_rows(path):
        if len(parts) != 2:
            raise CorpusError(
                file, n, None, f"expected 'conversation_id<TAB>line', got {len(parts)} fields"
            )
        cid, ln = parts
        if not ln.isdigit() or int(ln) < 1:
            raise CorpusError(file, n, "line", "expected a positive integer", cid)
        out.setdefault(cid, set()).add(int(ln))
    return {k: frozenset(v) for k, v in out.items()}


def _predator_set(arg: PredatorsArg) -> frozenset[str] | None:
    if arg is None:
        return None
    if isinstance(arg, str | os.PathLike):
        return read_predators(arg)
    return frozenset(arg)


def _line_map(arg: PredatorLinesArg) -> tuple[Mapping[str, frozenset[int]] | None, str]:
    if arg is None:
        return None, ""
    if isinstance(arg, str | os.PathLike):
        return read_predator_lines(arg), str(arg)
    return {k: frozenset(v) for k, v in arg.items()}, "<predator_lines>"


# ---------------------------------------------------------------- XML


class _Conv:
    """The conversation being read."""

    __slots__ = ("bad", "cid", "line", "lines", "messages")

    def __init__(self, cid: str | None, line: int) -> None:
        self.cid = cid
        self.line = line
        self.messages: list[Message] = []
        self.lines: list[int] = []
        self.bad: CorpusError | None = None


def iter_pan12(
    path: PathLike,
    *,
    predators: PredatorsArg = None,
    predator_lines: PredatorLinesArg = None,
    split: str | None = None,
    source: str | None = "pan12",
    unescape: bool = False,
    skip_bad: bool = False,
    report: LoadReport | None = None,
    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS,
) -> Iterator[Conversation]:
    """Stream the conversations of a PAN12 XML file (plain or gzip), labelled when given
    a predator list (path or ids) and/or problem-2 lines (path or ``{conv_id: lines}``).

    A bad conversation (no id, a message without author or text, a text over
    ``max_message_chars``) raises :class:`CorpusError`, or with ``skip_bad`` is skipped
    and recorded. XML that is not well-formed always raises: the parser cannot resume.
    """
    file = str(path)
    pred_set = _predator_set(predators)
    line_map, lines_file = _line_map(predator_lines)
    policy = _Policy(skip_bad, report, file)
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    extra: dict[str, Any] = {}
    if source is not None:
        extra["source"] = source
    if split is not None:
        extra["split"] = split

    root: ET.Element | None = None
    conv: _Conv | None = None
    msg_line = 0
    n = 0  # current line number
    at_line_start = True
    seen_bytes = False

    def finish(c: _Conv) -> Conversation | None:
        if c.bad is not None:
            policy.bad(c.bad)
            return None
        authors = list(dict.fromkeys(m.author for m in c.messages))
        labels = None if pred_set is None else [a for a in authors if a in pred_set]
        lines = None
        if line_map is not None:
            wanted = line_map.get(c.cid or "", frozenset())
            lines = [i for i, ln in enumerate(c.lines) if ln in wanted]
            missing = len(wanted - set(c.lines))
            if missing:
                policy.note(
                    Issue(
                        lines_file,
                        None,
                        "line",
                        f"{missing} labelled line(s) not found in the conversation",
                        c.cid,
                    )
                )
        out = Conversation(
            id=c.cid or "",
            messages=c.messages,
            predators=labels,
            predator_lines=lines,
            extra=dict(extra),
        )
        policy.loaded(len(out.messages))
        return out

    def on_message_end(c: _Conv, el: ET.Element) -> None:
        i = len(c.messages)
        f = f"messages[{i}]"

        def bad(field: str, reason: str) -> None:
            c.bad = CorpusError(file, msg_line, field, reason, c.cid)

        author_el = el.find("author")
        author = (author_el.text or "").strip() if author_el is not None else None
        if not author:
            return bad(f"{f}.author", "missing" if author_el is None else "empty")
        text_el = el.find("text")
        if text_el is None:
            return bad(f"{f}.text", "missing")
        if len(text_el):  # markup inside <text>: keep its character data, and say so
            text = "".join(text_el.itertext())
            policy.note(
                Issue(
                    file,
                    msg_line,
                    f"{f}.text",
                    "markup inside <text>; only its character data was kept",
                    c.cid,
                )
            )
        else:
            text = text_el.text or ""
        if unescape:
            text = html.unescape(text)
        if len(text) > max_message_chars:
            return bad(
                f"{f}.text",
                f"message is {len(text)} characters, over the limit of "
                f"{max_message_chars} (max_message_chars)",
            )
        time = el.findtext("time") or None
        raw_line = el.get("line")
        if raw_line is None:
            ln = i + 1
        elif raw_line.strip().isdigit():
            ln = int(raw_line)
        else:
            return bad(f"{f}.line", "expected a positive integer attribute")
        c.messages.append(Message(c.cid or "", i, author, text, time))
        c.lines.append(ln)
        return None

    def pull(chunk: bytes) -> list[tuple[str, Any]]:
        try:
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
            # typeshed types read_events for every event kind (the namespace ones are not
            # (event, element) pairs); this parser asked for "start" and "end" only
            pending = cast(Iterator[tuple[str, Any]], parser.read_events())
            return list(pending)  # parse errors surface here, too
        except ET.ParseError as exc:
            raise _parse_error(file, exc, chunk) from None

    def events(pending: list[tuple[str, Any]]) -> Iterator[Conversation]:
        nonlocal root, conv, msg_line
        for event, el in pending:
            tag = el.tag
            if event == "start":
                if root is None:
                    root = el
                    if tag != "conversations":
                        raise CorpusError(
                            file,
                            n,
                            None,
                            "not a PAN12 file: the root element is not <conversations>",
                        )
                elif tag == "conversation":
                    cid = el.get("id")
                    conv = _Conv(cid, n)
                    if not cid:
                        conv.bad = CorpusError(file, n, "id", "missing" if cid is None else "empty")
                elif tag == "message":
                    msg_line = n
            elif tag == "message":
                if conv is None:
                    policy.bad(
                        CorpusError(file, msg_line, "message", "<message> outside a <conversation>")
                    )
                elif conv.bad is None:
                    on_message_end(conv, el)
                el.clear()
            elif conv is not None and tag == "conversation":
                done, conv = conv, None
                out = finish(done)
                root.clear()  # type: ignore[union-attr]  # drop finished conversations
                if out is not None:
                    yield out

    with open_binary(path) as f:
        try:
            while True:
                chunk = f.readline(_CHUNK)
                if not chunk:
                    break
                seen_bytes = True
                if at_line_start:  # chunks are at most one line; count each line once
                    n += 1
                at_line_start = chunk.endswith(b"\n")
                yield from events(pull(chunk))
        except GZIP_ERRORS as exc:
            raise gzip_error(file, n, exc) from None
        if not seen_bytes:
            raise CorpusError(file, None, None, "file is empty")
        yield from events(pull(b""))


def _parse_error(file: str, exc: ET.ParseError, chunk: bytes) -> CorpusError:
    line = exc.position[0] if getattr(exc, "position", None) else None
    if chunk:
        try:
            chunk.decode("utf-8")
        except UnicodeDecodeError as uexc:
            return decode_error(file, line, chunk, uexc)
    reason = expat.ErrorString(exc.code) if getattr(exc, "code", None) else "parse error"
    return CorpusError(file, line, None, f"XML is not well-formed: {reason}")


# ---------------------------------------------------------------- distributed directory


@dataclass(frozen=True, slots=True)
class Pan12Files:
    """The files of one PAN12 split, as found by :func:`find_pan12`."""

    split: str
    xml: Path
    predators: Path | None
    predator_lines: Path | None

    def conversations(self, **kwargs: Any) -> Iterator[Conversation]:
        """Stream the split's conversations with its labels; kwargs go to :func:`iter_pan12`
        (``skip_bad``, ``report``, ``unescape``, ``max_message_chars``)."""
        return iter_pan12(
            self.xml,
            predators=self.predators,
            predator_lines=self.predator_lines,
            split=self.split,
            **kwargs,
        )

    def __iter__(self) -> Iterator[Conversation]:
        return self.conversations()


def _scan(directory: Path) -> dict[str, list[tuple[int, Path]]]:
    wanted = {n for names in OFFICIAL_NAMES.values() for group in names for n in group}
    found: dict[str, list[tuple[int, Path]]] = {}
    base_depth = len(directory.parts)
    for dirpath, dirnames, filenames in os.walk(directory):
        depth = len(Path(dirpath).parts) - base_depth
        if depth >= _SEARCH_DEPTH:
            dirnames[:] = []
        dirnames.sort()
        for name in filenames:
            if name in wanted:
                found.setdefault(name, []).append((depth, Path(dirpath) / name))
    return found


def _pick(found: dict[str, list[tuple[int, Path]]], names: Iterable[str]) -> Path | None:
    for name in names:
        hits = sorted(found.get(name, []))
        if not hits:
            continue
        if len(hits) > 1 and hits[0][0] == hits[1][0]:
            raise ValueError(
                f"several copies of {name} at the same depth: {hits[0][1]} and {hits[1][1]}"
            )
        return hits[0][1]
    return None


def find_pan12(
    directory: PathLike, split: str | None = None, *, require_labels: bool = True
) -> Pan12Files:
    """Find a PAN12 split's XML and ground truth under ``directory`` by their official names.

    Looks up to three directory levels deep (the official zip has one folder per split;
    ``shared/data/pan12`` keeps the XML excerpts in ``xml-excerpts/{train,test}``). XML may
    be gzip-compressed (``.xml.gz``). For problem 2 the official file is preferred over
    the ``.reconstructed.txt`` variant. ``split`` is ``"train"`` or ``"test"``; when
    ``None``, the split whose XML is present is used (an error if both or neither are).
    A missing predator list raises :class:`FileNotFoundError` unless ``require_labels``
    is false; problem-2 lines are optional.
    """
    root = Path(directory)
    if not root.is_dir():
        raise FileNotFoundError(f"PAN12 directory not found: {root}")
    if split is not None and split not in OFFICIAL_NAMES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    found = _scan(root)
    xmls = {s: _pick(found, names[0]) for s, names in OFFICIAL_NAMES.items()}
    if split is None:
        present = [s for s, p in xmls.items() if p is not None]
        if len(present) != 1:
            raise ValueError(
                f"{root}: found PAN12 XML for {present or 'no split'}; pass split='train' or 'test'"
                if present
                else f"{root}: no PAN12 XML found (expected {TRAIN_XML} or {TEST_XML})"
            )
        split = present[0]
    xml_names, pred_names, line_names = OFFICIAL_NAMES[split]
    xml = xmls[split]
    if xml is None:
        raise FileNotFoundError(f"{root}: no {xml_names[0]} found")
    predators = _pick(found, pred_names)
    if predators is None and require_labels:
        raise FileNotFoundError(
            f"{root}: no {pred_names[0]} found (ground truth for the {split} split)"
        )
    return Pan12Files(
        split=split, xml=xml, predators=predators, predator_lines=_pick(found, line_names)
    )
