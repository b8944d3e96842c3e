"""What the held-out hard-case sets (B, C) share: the id rule, the banned-word guard, reading."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

# the project's one guard against explicit words (the synthetic generators raise on it too)
from guardline.corpora._chatgen import BANNED

__all__ = ["BANNED", "check_labels", "devset_id", "read_records"]


def devset_id(prefix: str, messages: list[dict[str, Any]]) -> str:
    """``prefix`` + first 12 hex of sha1 over the messages as compact, key-sorted UTF-8 JSON."""
    blob = json.dumps(messages, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return prefix + hashlib.sha1(blob.encode("utf-8")).hexdigest()[:12]


def read_records(path: Path) -> list[dict[str, Any]]:
    """The file's records: UTF-8 without a BOM (a bad byte fails loudly), no blank lines."""
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "file must be UTF-8 without a BOM"
    lines = raw.decode("utf-8").splitlines()
    assert lines and all(line.strip() for line in lines), "no blank lines, not empty"
    return [json.loads(line) for line in lines]


def check_labels(rec: dict[str, Any]) -> None:
    """``predators`` agrees with ``kind``: empty for benign; otherwise distinct authors who
    each write a message, with someone else in the conversation."""
    authors = {m["author"] for m in rec["messages"]}
    if rec["kind"] == "benign":
        assert rec["predators"] == [], rec["id"]
        return
    assert rec["predators"], rec["id"]
    assert len(set(rec["predators"])) == len(rec["predators"]), rec["id"]
    assert set(rec["predators"]) <= authors, rec["id"]
    assert authors - set(rec["predators"]), rec["id"]
