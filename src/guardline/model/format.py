"""The learned model's data-only file format: JSON with a format version and a checksum.

A model file is one JSON object::

    {"format_version": 1, "kind": "guardline-learned-model",
     "sha256": "<hex sha256 of the canonical payload>", "payload": {...}}

The canonical payload is ``json.dumps(payload, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)`` encoded as UTF-8. The checksum is verified at load: a file that was
edited, truncated or damaged is refused with a clear error, and so is an unknown version.
No code is ever loaded from a model file (no pickle, no joblib): only numbers and strings.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
KIND = "guardline-learned-model"
SUPPORTED_VERSIONS = frozenset({FORMAT_VERSION})


class ModelFileError(ValueError):
    """The model file is damaged, tampered with, or of an unknown format."""


def canonical_bytes(payload: dict[str, Any]) -> bytes:
    """The exact bytes the checksum is computed over."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def payload_sha256(payload: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(payload)).hexdigest()


def dumps(payload: dict[str, Any]) -> bytes:
    """Serialise a payload into the file's bytes (deterministic: same payload, same bytes)."""
    envelope = {
        "format_version": FORMAT_VERSION,
        "kind": KIND,
        "sha256": payload_sha256(payload),
        "payload": payload,
    }
    return (
        json.dumps(
            envelope, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
        + "\n"
    ).encode("utf-8")


def loads(data: bytes | str, *, source: str = "<bytes>") -> dict[str, Any]:
    """Parse and verify a model file's bytes; return the payload."""
    try:
        envelope = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelFileError(f"{source}: not a guardline model file (invalid JSON: {exc})") from exc
    if not isinstance(envelope, dict) or envelope.get("kind") != KIND:
        raise ModelFileError(f"{source}: not a guardline model file (kind != {KIND!r})")
    version = envelope.get("format_version")
    if version not in SUPPORTED_VERSIONS:
        raise ModelFileError(
            f"{source}: unsupported model format_version {version!r} "
            f"(this guardline reads {sorted(SUPPORTED_VERSIONS)})"
        )
    payload = envelope.get("payload")
    if not isinstance(payload, dict):
        raise ModelFileError(f"{source}: model file has no payload object")
    expected = envelope.get("sha256")
    actual = payload_sha256(payload)
    if expected != actual:
        raise ModelFileError(
            f"{source}: model checksum mismatch (file says {expected!r}, payload hashes to "
            f"{actual!r}); the file is damaged or was modified — rebuild it with `guardline train`"
        )
    return payload


def write(path: str | Path, payload: dict[str, Any]) -> str:
    """Write a model file; return the sha256 of the written file's bytes."""
    data = dumps(payload)
    Path(path).write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def read(path: str | Path) -> dict[str, Any]:
    """Read and verify a model file; return the payload."""
    p = Path(path)
    return loads(p.read_bytes(), source=str(p))
