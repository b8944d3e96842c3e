"""Evidence bundles: one case as a zip with a manifest of SHA-256 hashes.

The zip holds ``case.json`` (the case and its whole history), ``messages.jsonl`` (the messages
as stored, in order), ``assessment.json``, ``signs.json``, ``notes.json``, ``audit.jsonl`` (the
audit entries about the case, with their chain hashes), the two report exports when the case
has messages, and ``manifest.json``: every file's name, size and sha256, plus
``content_sha256`` over that list. When the detector no longer names the case's reported
account (``CaseData.name_moved_to``), ``case.json`` says whom it names instead and the two
report exports are left out unless a moderator reviewed that (``moved_name_reviewed``); the
rest of the evidence is always bundled. The sha256 of the zip itself cannot sit inside it; the
console returns it in the ``X-Bundle-SHA256`` header and records it in the audit log, so a
copy can be checked later (``verify_bundle``).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from datetime import UTC, datetime
from typing import Any

from guardline.evidence.casedata import CaseData
from guardline.evidence.reports import (
    Reporter,
    ReportError,
    cybertipline_xml,
    uk_referral,
)

BUNDLE_FORMAT = "guardline.evidence-bundle/1"
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


class BundleError(ValueError):
    """A bundle is malformed or a file does not match its manifest hash."""


def _json(v: Any) -> bytes:
    return (json.dumps(v, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def content_hash(files: list[dict[str, Any]]) -> str:
    lines = "".join(f"{f['sha256']}  {f['name']}\n" for f in sorted(files, key=lambda f: f["name"]))
    return _sha(lines.encode("utf-8"))


def build_bundle(
    data: CaseData,
    audit_entries: list[dict[str, Any]],
    reporter: Reporter,
    *,
    generated_by: str,
    now: datetime | None = None,
    moved_name_reviewed: bool = False,
) -> tuple[bytes, dict[str, Any]]:
    """The zip bytes and its manifest."""
    now = now or datetime.now(UTC)
    case = {
        "case_id": data.case_id,
        "tenant": data.tenant,
        "status": data.status,
        "created_at": data.created_at,
        "confirmed_at": data.confirmed_at,
        "closed_at": data.closed_at,
        "dismiss_reason": data.dismiss_reason,
        "preservation_hold": data.hold,
        "victim_age_band": data.victim_age_band,
        "region": data.region,
        "platform": data.platform,
        "surface": data.surface,
        "conversation_id": data.conversation_id,
        "reported_user": data.suspect,
        "detector_named_instead": data.name_moved_to,
        "alert": data.alert,
        "participants": data.participants,
        "history": data.events,
    }
    files: dict[str, bytes] = {
        "case.json": _json(case),
        "messages.jsonl": "".join(
            json.dumps(m, ensure_ascii=False, sort_keys=True) + "\n" for m in data.messages
        ).encode("utf-8"),
        "assessment.json": _json(data.assessment),
        "signs.json": _json(data.signs),
        "notes.json": _json(data.notes),
        "audit.jsonl": "".join(
            json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in audit_entries
        ).encode("utf-8"),
    }
    if data.messages and data.suspect:
        try:
            reviewed = {"moved_name_reviewed": moved_name_reviewed}
            files["report-cybertipline.xml"] = cybertipline_xml(data, reporter, **reviewed)
            files["referral-uk.json"] = _json(uk_referral(data, reporter, now, **reviewed))
        except ReportError:
            pass
    listing = [{"name": n, "bytes": len(b), "sha256": _sha(b)} for n, b in sorted(files.items())]
    manifest = {
        "format": BUNDLE_FORMAT,
        "case_id": data.case_id,
        "generated_at": now.astimezone(UTC).isoformat(timespec="seconds"),
        "generated_by": generated_by,
        "files": listing,
        "content_sha256": content_hash(listing),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, b in [*sorted(files.items()), ("manifest.json", _json(manifest))]:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, b)
    return buf.getvalue(), manifest


def verify_bundle(blob: bytes, expected_sha256: str | None = None) -> dict[str, Any]:
    """Check every file against the manifest (and the zip against ``expected_sha256``).

    Any damage is a :class:`BundleError`. Without ``expected_sha256`` this only shows that the
    files agree with the manifest inside the same zip: whoever rewrites a file can rewrite the
    manifest too, so check a copy against the sha256 recorded in the audit log."""
    if expected_sha256 is not None and _sha(blob) != expected_sha256:
        raise BundleError("the bundle's sha256 differs from the recorded one")
    try:
        return _verify_files(blob)
    except BundleError:
        raise
    except zipfile.BadZipFile as exc:
        raise BundleError(f"damaged zip: {exc}") from exc
    except (
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,
        NotImplementedError,
        ValueError,  # also JSON and UTF-8 errors
        KeyError,
        TypeError,
        AttributeError,
    ) as exc:
        raise BundleError(f"damaged bundle ({type(exc).__name__})") from exc


def _verify_files(blob: bytes) -> dict[str, Any]:
    try:
        z = zipfile.ZipFile(io.BytesIO(blob))
    except zipfile.BadZipFile as exc:
        raise BundleError("not a zip file") from exc
    with z:
        names = set(z.namelist())
        if "manifest.json" not in names:
            raise BundleError("manifest.json missing")
        manifest = json.loads(z.read("manifest.json"))
        if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
            raise BundleError("unknown bundle format")
        listed = {f["name"] for f in manifest["files"]}
        if names - {"manifest.json"} != listed:
            raise BundleError("files in the zip differ from the manifest")
        for f in manifest["files"]:
            if _sha(z.read(f["name"])) != f["sha256"]:
                raise BundleError(f"{f['name']}: sha256 does not match the manifest")
        if content_hash(manifest["files"]) != manifest["content_sha256"]:
            raise BundleError("content_sha256 does not match the file list")
    return manifest
