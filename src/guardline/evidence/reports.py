"""Report exports of a case: a CyberTipline-style XML report and a UK law-enforcement referral.

``cybertipline_xml(data, reporter)`` builds the XML (standard library only) for "Online
Enticement of Children for Sexual Acts"; ``validate_xml`` checks it against
``cybertipline.xsd`` (shipped next to this module; needs lxml). ``uk_referral(data, reporter)``
builds a JSON referral for UK law enforcement (NCA CEOP / the local force), naming the offences
the signs point to; ``check_uk_referral`` checks its shape.

When the detector no longer names the case's reported account (in a two-person chat the
alert policy's ``outrank`` rule moved the name to the other participant after the alert was
raised: ``CaseData.name_moved_to``), both exports refuse with :class:`NameMovedError` unless
the caller says a moderator reviewed that (``moved_name_reviewed=True``); the report then
says which participant the detector names instead.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from guardline.evidence.casedata import CaseData

XSD_PATH = Path(__file__).resolve().parent / "cybertipline.xsd"
INCIDENT_TYPE = "Online Enticement of Children for Sexual Acts"
REFERRAL_SCHEMA = "guardline.uk-referral/1"
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class ReportError(ValueError):
    """The case cannot be reported (e.g. no messages), or a report failed validation."""


class NameMovedError(ReportError):
    """The detector now names another participant than the case's reported account, and no
    moderator has said they reviewed that."""


def _check_named(data: CaseData, moved_name_reviewed: bool) -> None:
    moved = data.name_moved_to
    if moved and not moved_name_reviewed:
        raise NameMovedError(
            f"the detector no longer names the reported account {data.suspect}: in this "
            f"two-person chat it now names {moved} (alert policy: outrank). Review the case; "
            f"to report {data.suspect} anyway, export again saying the moved name was reviewed"
        )


def _moved_note(data: CaseData) -> str:
    moved = data.name_moved_to
    if not moved:
        return ""
    return (
        f" After the alert, the detector named another participant of this conversation "
        f"({moved}) instead; a moderator reviewed the case and reports this account."
    )


@dataclass(frozen=True)
class Reporter:
    """Who files the report (the platform's safeguarding contact)."""

    first_name: str = "Safeguarding"
    last_name: str = "Team"
    email: str = "safeguarding@example.org"
    company: str = "Example Platform"


def _xml_text(s: str) -> str:
    return _BAD_XML.sub("\ufffd", s)


def _utc(s: str | None) -> str | None:
    if not s:
        return None
    dt = datetime.fromisoformat(s)
    dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def incident_time(data: CaseData) -> str:
    """When the alert was raised: the alerting message's time, else the alert's creation."""
    idx = data.alert.get("first_alert_index") if data.alert else None
    for m in data.messages:
        if idx is not None and m["index"] == idx:
            t = _utc(m["sent_at"] or m["received_at"])
            if t:
                return t
    t = _utc(data.alert["created_at"] if data.alert else None) or _utc(data.created_at)
    if t is None:
        raise ReportError("the case has no time to report")
    return t


def _sign_summary(data: CaseData) -> list[str]:
    return sorted({s["sign"] for s in data.signs if s.get("author") == data.suspect})


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _xml_text(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = _xml_text(text)
    return el


def cybertipline_xml(
    data: CaseData, reporter: Reporter, *, moved_name_reviewed: bool = False
) -> bytes:
    """The CyberTipline-style XML report of a case (UTF-8 bytes)."""
    if not data.messages:
        raise ReportError("the case has no stored messages (retention may have removed them)")
    if not data.suspect:
        raise ReportError("the case has no reported user")
    _check_named(data, moved_name_reviewed)
    root = ET.Element("report", {"caseId": str(data.case_id), "generatedBy": "guardline"})
    summary = _sub(root, "incidentSummary")
    _sub(summary, "incidentType", INCIDENT_TYPE)
    _sub(summary, "incidentDateTime", incident_time(data))
    _sub(summary, "incidentDateTimeDescription", "Time of the message that raised the alert")
    chat = _sub(_sub(root, "internetDetails"), "chatImIncident")
    _sub(chat, "chatClient", data.platform or data.tenant or "unknown")
    if data.conversation_id:
        _sub(chat, "chatRoomName", (data.surface or "chat") + ":" + data.conversation_id)
    signs = _sign_summary(data)
    if signs:
        _sub(chat, "content", "Grooming signs seen: " + ", ".join(signs))
    rep = _sub(root, "reporter")
    person = _sub(rep, "reportingPerson")
    _sub(person, "firstName", reporter.first_name)
    _sub(person, "lastName", reporter.last_name)
    _sub(person, "email", reporter.email)
    _sub(rep, "companyName", reporter.company)
    reported = _sub(root, "personOrUserReported")
    _sub(reported, "espIdentifier", data.suspect)
    _sub(reported, "screenName", data.suspect)
    for other in data.others():
        v = _sub(root, "victim")
        _sub(v, "espIdentifier", other)
        _sub(v, "screenName", other)
        band = data.victim_age_band
        if band == "unknown":
            band = data.participants.get(other, {}).get("age_band") or "unknown"
        _sub(v, "ageRange", band)
    ev = _sub(root, "chatEvidence", conversationId=data.conversation_id or str(data.case_id))
    by_msg: dict[int, list[dict[str, Any]]] = {}
    for s in data.signs:
        by_msg.setdefault(int(s["message_index"]), []).append(s)
    for m in data.messages:
        attrs = {"index": str(m["index"]), "messageId": m["message_id"]}
        t = _utc(m["sent_at"])
        if t:
            attrs["dateTime"] = t
        me = _sub(ev, "message", **attrs)
        _sub(me, "screenName", m["author"])
        _sub(me, "text", m["text"])
        for s in by_msg.get(m["index"], []):
            a, b = s["span"]
            _sub(me, "sign", name=s["sign"], stage=s["stage"], start=str(a), end=str(b))
    _sub(
        root,
        "additionalInfo",
        f"Raised by guardline (risk {data.alert['risk']:.2f}) and reviewed by a moderator; "
        f"case status {data.status}." + _moved_note(data)
        if data.alert
        else f"Case status {data.status}.",
    )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def validate_xml(xml: bytes) -> None:
    """Raise :class:`ReportError` unless ``xml`` is valid against ``cybertipline.xsd``."""
    try:
        from lxml import etree
    except ImportError as exc:  # pragma: no cover - lxml ships with the service extra
        raise ReportError("validating reports needs lxml (pip install lxml)") from exc
    schema = etree.XMLSchema(etree.parse(str(XSD_PATH)))
    doc = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    if not schema.validate(doc):
        first = schema.error_log.filter_from_errors()[0]
        raise ReportError(f"report does not match the XSD: line {first.line}: {first.message}")


# offences the UK referral names, by the signs seen (England and Wales)
_OFFENCES = [
    (
        {"sexualisation", "desensitisation", "photo_request", "webcam_request"},
        {
            "act": "Sexual Offences Act 2003",
            "section": "s.15A",
            "title": "Sexual communication with a child",
        },
    ),
    (
        {"meeting_arrangement"},
        {
            "act": "Sexual Offences Act 2003",
            "section": "s.15",
            "title": "Meeting a child following sexual grooming etc.",
        },
    ),
]
_DEFAULT_OFFENCE = {
    "act": "Sexual Offences Act 2003",
    "section": "s.15A",
    "title": "Sexual communication with a child (suspected; grooming indicators)",
}


def uk_referral(
    data: CaseData,
    reporter: Reporter,
    now: datetime | None = None,
    *,
    moved_name_reviewed: bool = False,
) -> dict[str, Any]:
    """A JSON referral of the case for UK law enforcement."""
    if not data.messages:
        raise ReportError("the case has no stored messages (retention may have removed them)")
    if not data.suspect:
        raise ReportError("the case has no reported user")
    _check_named(data, moved_name_reviewed)
    signs = _sign_summary(data)
    offences = [o for keys, o in _OFFENCES if keys & set(signs)] or [_DEFAULT_OFFENCE]
    stages = sorted({s["stage"] for s in data.signs if s.get("author") == data.suspect})
    urgent = any(s in ("conclusion", "sexual") for s in stages)
    return {
        "schema": REFERRAL_SCHEMA,
        "created_at": (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "recipient": "NCA CEOP / local police force",
        "referral_type": "online_child_sexual_exploitation",
        "urgency": "immediate" if urgent else "standard",
        "offence_indicators": offences,
        "jurisdiction": "England and Wales",
        "reporter": {
            "organisation": reporter.company,
            "contact_name": f"{reporter.first_name} {reporter.last_name}",
            "email": reporter.email,
        },
        "case": {
            "id": data.case_id,
            "status": data.status,
            "opened_at": data.created_at,
            "confirmed_at": data.confirmed_at,
            "region": data.region,
        },
        "platform": {"name": data.platform or data.tenant, "surface": data.surface},
        "incident_datetime": incident_time(data),
        "suspect": {
            "platform_account_id": data.suspect,
            "risk": data.alert["risk"] if data.alert else None,
            "signs": signs,
            "stages": stages,
            # the participant the detector named instead after the alert (reviewed by a
            # moderator before this referral was made); null while the suspect is named
            "detector_named_instead": data.name_moved_to,
        },
        "children": [
            {
                "platform_account_id": o,
                "age_band": data.victim_age_band
                if data.victim_age_band != "unknown"
                else data.participants.get(o, {}).get("age_band", "unknown"),
            }
            for o in data.others()
        ],
        "evidence": {
            "conversation_id": data.conversation_id,
            "message_count": len(data.messages),
            "messages": [
                {
                    "index": m["index"],
                    "message_id": m["message_id"],
                    "author": m["author"],
                    "sent_at": m["sent_at"],
                    "text": m["text"],
                }
                for m in data.messages
            ],
            "signs": data.signs,
        },
    }


_REQUIRED = {
    "schema": str,
    "created_at": str,
    "referral_type": str,
    "urgency": str,
    "offence_indicators": list,
    "reporter": dict,
    "case": dict,
    "incident_datetime": str,
    "suspect": dict,
    "children": list,
    "evidence": dict,
}


def check_uk_referral(doc: dict[str, Any]) -> None:
    """Raise :class:`ReportError` unless ``doc`` has the referral's fields and types."""
    for k, t in _REQUIRED.items():
        if not isinstance(doc.get(k), t):
            raise ReportError(f"referral field {k!r} missing or not a {t.__name__}")
    if doc["schema"] != REFERRAL_SCHEMA:
        raise ReportError(f"unknown referral schema {doc['schema']!r}")
    if doc["urgency"] not in ("immediate", "standard"):
        raise ReportError("urgency must be immediate or standard")
    if not doc["suspect"].get("platform_account_id"):
        raise ReportError("the suspect has no account id")
    if not doc["evidence"].get("messages"):
        raise ReportError("the referral carries no messages")
