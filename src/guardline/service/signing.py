"""Webhook signatures: HMAC-SHA256 over ``f"{timestamp}.{body}"`` (standard library only).

Every delivery carries::

    X-Guardline-Timestamp: 1767225600
    X-Guardline-Signature: sha256=<hex digest>

A receiving platform checks it with::

    from guardline.service.signing import verify_signature
    verify_signature(secret, request.headers["X-Guardline-Timestamp"],
                     raw_body_bytes, request.headers["X-Guardline-Signature"])

which raises :class:`SignatureError` when the signature does not match or the timestamp is
more than ``tolerance`` seconds away from now (replay protection). Sign the raw body bytes as
received, never a re-serialised copy.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Guardline-Signature"
TIMESTAMP_HEADER = "X-Guardline-Timestamp"
EVENT_HEADER = "X-Guardline-Event"
DELIVERY_HEADER = "X-Guardline-Delivery"
DEFAULT_TOLERANCE_S = 300


class SignatureError(ValueError):
    """The webhook signature is missing, malformed, wrong or too old."""


def _as_bytes(v: str | bytes) -> bytes:
    return v.encode("utf-8") if isinstance(v, str) else v


def sign(secret: str | bytes, timestamp: int | str, body: str | bytes) -> str:
    """The ``X-Guardline-Signature`` value for ``body`` sent at ``timestamp`` (unix seconds)."""
    msg = _as_bytes(str(timestamp)) + b"." + _as_bytes(body)
    return "sha256=" + hmac.new(_as_bytes(secret), msg, hashlib.sha256).hexdigest()


def verify_signature(
    secret: str | bytes,
    timestamp: int | str | None,
    body: str | bytes,
    signature: str | None,
    *,
    tolerance: int | None = DEFAULT_TOLERANCE_S,
    now: float | None = None,
) -> None:
    """Raise :class:`SignatureError` unless ``signature`` is valid for ``timestamp.body``."""
    if not timestamp or not signature:
        raise SignatureError("missing signature or timestamp header")
    try:
        ts = int(timestamp)
    except (TypeError, ValueError) as exc:
        raise SignatureError("timestamp is not an integer") from exc
    if tolerance is not None:
        current = time.time() if now is None else now
        if abs(current - ts) > tolerance:
            raise SignatureError("timestamp outside the tolerance window")
    expected = sign(secret, ts, body)
    if not hmac.compare_digest(expected, signature.strip()):
        raise SignatureError("signature does not match")
