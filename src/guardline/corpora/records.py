"""Checking canonical records (one JSON object per conversation) and turning them into
core dataclasses, and back.

:func:`conversation_from_record` is the one place that validates untrusted canonical
input; the JSONL loader uses it and so can the service. Rules:

- required: ``id`` (string or integer) and ``messages`` (a list); each message needs
  ``author`` (non-empty string or integer) and ``text`` (string, ``""`` allowed, at most
  ``max_message_chars`` characters: longer is an error, never a silent truncation);
  ``time`` (string or null) and ``message_id`` (string, integer or null) are optional.
  ``index`` and ``conversation_id`` inside a message (as ``Message.to_dict`` writes them)
  are accepted when they agree with the message's position and the conversation id.
- optional: ``participants`` (list of objects: ``author``, ``age_band`` one of
  child/teen/adult/unknown, ``declared_age``, ``account_age_days``, ``prior_contact``),
  ``predators`` (list of author ids or null), ``predator_lines`` (list of 0-based
  message indices or null).
- any other top-level field is kept verbatim in ``Conversation.extra``. Unknown fields
  inside a message or a participant (which the core dataclasses have no slot for) are
  kept too, in ``extra["message_extra"]`` (``{"<index>": {field: value}}``) and
  ``extra["participant_extra"]`` (``{author: {field: value}}``);
  :func:`conversation_to_record` puts them back where they came from.

Error reasons name the field and the expected type, never the value.
"""

from __future__ import annotations

from typing import Any

from guardline.core.model import AgeBand, Conversation, Message, Participant
from guardline.corpora.errors import CorpusError

DEFAULT_MAX_MESSAGE_CHARS = 100_000
MESSAGE_EXTRA = "message_extra"
PARTICIPANT_EXTRA = "participant_extra"
# Extra fields written right after ``id`` (the rest go after the labels); this keeps the
# shared PAN12 and groombench files byte-identical through a load/write round trip.
LEADING_FIELDS = ("source", "split")

_KNOWN = frozenset({"id", "messages", "participants", "predators", "predator_lines"})
_MESSAGE_KNOWN = frozenset({"author", "text", "time", "message_id", "index", "conversation_id"})
_PARTICIPANT_KNOWN = frozenset(
    {"author", "age_band", "declared_age", "account_age_days", "prior_contact", "display_name"}
)
_AGE_BANDS = frozenset(b.value for b in AgeBand)


def _type_name(v: Any) -> str:
    if v is None:
        return "null"
    return {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
    }.get(type(v), type(v).__name__)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class _Checker:
    __slots__ = ("cid", "file", "line")

    def __init__(self, file: str, line: int | None) -> None:
        self.file = file
        self.line = line
        self.cid: str | None = None

    def fail(self, field: str | None, reason: str) -> CorpusError:
        return CorpusError(self.file, self.line, field, reason, self.cid)

    def ident(self, v: Any, field: str, missing: bool = False) -> str:
        """A string or integer identifier (id, author, message_id), as a string."""
        if missing:
            raise self.fail(field, "missing")
        if isinstance(v, str):
            if not v:
                raise self.fail(field, "empty")
            return v
        if _is_int(v):
            return str(v)
        raise self.fail(field, f"expected a string or integer, got {_type_name(v)}")


def conversation_from_record(
    rec: Any,
    *,
    file: str = "<record>",
    line: int | None = None,
    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS,
) -> Conversation:
    """Check one canonical record and build a :class:`Conversation`; raise :class:`CorpusError`."""
    ck = _Checker(file, line)
    if not isinstance(rec, dict):
        raise ck.fail(None, f"expected a JSON object, got {_type_name(rec)}")
    cid = ck.ident(rec.get("id"), "id", missing="id" not in rec)
    ck.cid = cid
    if "messages" not in rec:
        raise ck.fail("messages", "missing")
    raw_msgs = rec["messages"]
    if not isinstance(raw_msgs, list):
        raise ck.fail("messages", f"expected an array, got {_type_name(raw_msgs)}")

    extra = {k: v for k, v in rec.items() if k not in _KNOWN}
    messages: list[Message] = []
    message_extra: dict[str, dict[str, Any]] = {}
    for i, m in enumerate(raw_msgs):
        f = f"messages[{i}]"
        if not isinstance(m, dict):
            raise ck.fail(f, f"expected an object, got {_type_name(m)}")
        author = ck.ident(m.get("author"), f"{f}.author", missing="author" not in m)
        if "text" not in m:
            raise ck.fail(f"{f}.text", "missing")
        text = m["text"]
        if not isinstance(text, str):
            raise ck.fail(f"{f}.text", f"expected a string, got {_type_name(text)}")
        if len(text) > max_message_chars:
            raise ck.fail(
                f"{f}.text",
                f"message is {len(text)} characters, over the limit of "
                f"{max_message_chars} (max_message_chars)",
            )
        time = m.get("time")
        if time is not None and not isinstance(time, str):
            raise ck.fail(f"{f}.time", f"expected a string or null, got {_type_name(time)}")
        mid = m.get("message_id")
        if mid is not None:
            mid = ck.ident(mid, f"{f}.message_id")
        if "index" in m and m["index"] != i:
            raise ck.fail(f"{f}.index", "does not match the message's position")
        if "conversation_id" in m and str(m["conversation_id"]) != cid:
            raise ck.fail(f"{f}.conversation_id", "does not match the conversation id")
        unknown = {k: v for k, v in m.items() if k not in _MESSAGE_KNOWN}
        if unknown:
            message_extra[str(i)] = unknown
        messages.append(Message(cid, i, author, text, time, mid))

    participants: dict[str, Participant] = {}
    participant_extra: dict[str, dict[str, Any]] = {}
    raw_parts = rec.get("participants")
    if raw_parts is not None:
        if not isinstance(raw_parts, list):
            raise ck.fail("participants", f"expected an array, got {_type_name(raw_parts)}")
        for i, p in enumerate(raw_parts):
            _participant_add(ck, i, p, participants, participant_extra)

    predators = rec.get("predators")
    if predators is not None:
        if not isinstance(predators, list):
            raise ck.fail("predators", f"expected an array or null, got {_type_name(predators)}")
        predators = [ck.ident(a, f"predators[{i}]") for i, a in enumerate(predators)]

    lines = rec.get("predator_lines")
    if lines is not None:
        if not isinstance(lines, list):
            raise ck.fail("predator_lines", f"expected an array or null, got {_type_name(lines)}")
        for i, x in enumerate(lines):
            if not _is_int(x):
                raise ck.fail(f"predator_lines[{i}]", f"expected an integer, got {_type_name(x)}")
            if not 0 <= x < len(messages):
                raise ck.fail(
                    f"predator_lines[{i}]",
                    f"message index out of range (the conversation has {len(messages)} messages)",
                )
        lines = list(lines)

    for key, found in ((MESSAGE_EXTRA, message_extra), (PARTICIPANT_EXTRA, participant_extra)):
        if not found:
            continue
        kept = extra.setdefault(key, {})
        if not isinstance(kept, dict):
            raise ck.fail(key, "reserved for unknown nested fields; expected an object")
        for k, v in found.items():
            kept.setdefault(k, {}).update(v)

    return Conversation(
        id=cid,
        messages=messages,
        participants=participants,
        predators=predators,
        predator_lines=lines,
        extra=extra,
    )


def _participant_add(
    ck: _Checker, i: int, p: Any, out: dict[str, Participant], extra: dict[str, dict[str, Any]]
) -> None:
    f = f"participants[{i}]"
    if not isinstance(p, dict):
        raise ck.fail(f, f"expected an object, got {_type_name(p)}")
    author = ck.ident(p.get("author"), f"{f}.author", missing="author" not in p)
    if author in out:
        raise ck.fail(f"{f}.author", "the same author is listed twice")
    band = p.get("age_band")
    if band is not None and band not in _AGE_BANDS:
        raise ck.fail(f"{f}.age_band", "expected one of child, teen, adult, unknown or null")
    for name, lo in (("declared_age", 0), ("account_age_days", 0)):
        v = p.get(name)
        if v is not None and (not _is_int(v) or v < lo):
            raise ck.fail(f"{f}.{name}", "expected a non-negative integer or null")
    prior = p.get("prior_contact")
    if prior is not None and not isinstance(prior, bool):
        raise ck.fail(f"{f}.prior_contact", f"expected a boolean or null, got {_type_name(prior)}")
    display = p.get("display_name")
    if display is not None and (
        not isinstance(display, str) or not display.strip() or len(display) > 200
    ):
        raise ck.fail(f"{f}.display_name", "expected a non-empty string of at most 200 characters")
    out[author] = Participant(
        author=author,
        age_band=AgeBand(band or AgeBand.UNKNOWN),
        declared_age=p.get("declared_age"),
        account_age_days=p.get("account_age_days"),
        prior_contact=prior,
        display_name=display,
    )
    unknown = {k: v for k, v in p.items() if k not in _PARTICIPANT_KNOWN}
    if unknown:
        extra[author] = unknown


def conversation_to_record(conv: Conversation) -> dict[str, Any]:
    """The canonical record of ``conv``: the inverse of :func:`conversation_from_record`.

    Field order: ``id``, ``source``/``split`` when present, ``messages``, ``participants``,
    ``predators``, ``predator_lines``, then the other extra fields in their order.
    """
    d = conv.to_dict()
    extra = conv.extra
    out: dict[str, Any] = {"id": d["id"]}
    for k in LEADING_FIELDS:
        if k in extra:
            out[k] = extra[k]
    messages = d["messages"]
    m_extra = extra.get(MESSAGE_EXTRA)
    if isinstance(m_extra, dict):
        for k, fields in m_extra.items():
            if str(k).isdigit() and int(k) < len(messages) and isinstance(fields, dict):
                messages[int(k)] = {**messages[int(k)], **fields}
    out["messages"] = messages
    if "participants" in d:
        parts = d["participants"]
        p_extra = extra.get(PARTICIPANT_EXTRA)
        if isinstance(p_extra, dict):
            parts = [{**p, **p_extra.get(p["author"], {})} for p in parts]
        out["participants"] = parts
    for k in ("predators", "predator_lines"):
        if k in d:
            out[k] = d[k]
    for k, v in extra.items():
        if k not in out and k not in _KNOWN and k not in (MESSAGE_EXTRA, PARTICIPANT_EXTRA):
            out[k] = v
    return out
