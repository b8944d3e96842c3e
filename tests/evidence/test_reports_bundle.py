"""Report exports against the XSD, the UK referral's shape, and evidence-bundle verification."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from lxml import etree

from guardline.evidence.bundle import BundleError, build_bundle, verify_bundle
from guardline.evidence.casedata import CaseData
from guardline.evidence.reports import (
    XSD_PATH,
    NameMovedError,
    Reporter,
    ReportError,
    check_uk_referral,
    cybertipline_xml,
    uk_referral,
    validate_xml,
)

MESSAGES = [
    ("sam_k", "you seem really mature for your age"),
    ("jo", "thanks"),
    ("sam_k", "how old are you?"),
    ("jo", "13"),
    ("sam_k", "don't tell your mum we talk\x07, ok?"),  # a control character: must not break XML
    ("sam_k", "add me on another app"),
]


def case_data(**kw: object) -> CaseData:
    msgs = [
        {
            "index": i,
            "message_id": f"m{i}",
            "author": a,
            "sent_at": f"2026-11-20T18:0{i}:00+00:00",
            "received_at": f"2026-11-20T18:0{i}:01+00:00",
            "text": t,
        }
        for i, (a, t) in enumerate(MESSAGES)
    ]
    evidence = [
        {
            "sign": "age_probing",
            "stage": "risk_assessment",
            "message_index": 2,
            "author": "sam_k",
            "span": [0, 15],
            "strength": 1.0,
        },
        {
            "sign": "secrecy_request",
            "stage": "exclusivity",
            "message_index": 4,
            "author": "sam_k",
            "span": [0, 26],
            "strength": 1.0,
        },
        {
            "sign": "off_platform_move",
            "stage": "exclusivity",
            "message_index": 5,
            "author": "sam_k",
            "span": [0, 21],
            "strength": 1.0,
        },
    ]
    base: dict[str, object] = dict(
        case_id=7,
        tenant="demo",
        status="confirmed",
        created_at="2026-11-20T18:10:00+00:00",
        confirmed_at="2026-11-20T19:00:00+00:00",
        closed_at=None,
        dismiss_reason=None,
        hold=True,
        victim_age_band="12_15",
        region="Example Constabulary",
        platform="game-chat",
        surface="dm",
        conversation_id="conv-7",
        suspect="sam_k",
        alert={
            "id": 3,
            "author": "sam_k",
            "risk": 0.97,
            "stage": "exclusivity",
            "signs": ["age_probing", "secrecy_request"],
            "status": "confirmed",
            "first_alert_index": 4,
            "created_at": "2026-11-20T18:04:02+00:00",
        },
        assessment={"id": "conv-7", "risk": 0.97, "evidence": evidence},
        messages=msgs,
        participants={"jo": {"age_band": "teen"}},
        notes=[{"id": 1, "author": "mod", "created_at": None, "text": "checked"}],
        events=[{"id": 1, "kind": "opened", "user": "mod", "created_at": None, "detail": {}}],
    )
    base.update(kw)
    return CaseData(**base)  # type: ignore[arg-type]


def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_PATH)))


def test_cybertipline_xml_is_valid_and_complete() -> None:
    xml = cybertipline_xml(case_data(), Reporter())
    validate_xml(xml)
    doc = etree.fromstring(xml)
    assert schema().validate(doc)
    assert doc.findtext("incidentSummary/incidentType") == (
        "Online Enticement of Children for Sexual Acts"
    )
    # the alerting message's time
    assert doc.findtext("incidentSummary/incidentDateTime") == "2026-11-20T18:04:00Z"
    assert doc.findtext("internetDetails/chatImIncident/chatClient") == "game-chat"
    assert doc.findtext("personOrUserReported/espIdentifier") == "sam_k"
    assert doc.findtext("personOrUserReported/screenName") == "sam_k"
    assert [v.findtext("screenName") for v in doc.findall("victim")] == ["jo"]
    assert doc.findtext("victim/ageRange") == "12_15"
    assert doc.findtext("reporter/reportingPerson/email") == "safeguarding@example.org"
    msgs = doc.findall("chatEvidence/message")
    assert len(msgs) == len(MESSAGES)
    assert msgs[2].find("sign").get("name") == "age_probing"
    assert "\x07" not in msgs[4].findtext("text")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.find("incidentSummary/incidentType").__setattr__("text", "Something else"),
        lambda d: d.remove(d.find("personOrUserReported")),
        lambda d: d.find("reporter/reportingPerson/email").__setattr__("text", "not-an-email"),
        lambda d: d.find("incidentSummary/incidentDateTime").__setattr__("text", "yesterday"),
        lambda d: d.remove(d.find("chatEvidence")),
    ],
)
def test_xsd_rejects_broken_reports(mutate: object) -> None:
    doc = etree.fromstring(cybertipline_xml(case_data(), Reporter()))
    mutate(doc)  # type: ignore[operator]
    assert not schema().validate(doc)
    with pytest.raises(ReportError, match="XSD"):
        validate_xml(etree.tostring(doc))


def test_reports_need_messages() -> None:
    with pytest.raises(ReportError, match="no stored messages"):
        cybertipline_xml(case_data(messages=[]), Reporter())
    with pytest.raises(ReportError, match="no stored messages"):
        uk_referral(case_data(messages=[]), Reporter())


def test_uk_referral() -> None:
    doc = uk_referral(case_data(), Reporter(company="Example Games"))
    check_uk_referral(doc)
    assert doc["offence_indicators"][0]["section"] == "s.15A"
    assert doc["urgency"] == "standard"
    assert doc["suspect"]["signs"] == ["age_probing", "off_platform_move", "secrecy_request"]
    assert doc["children"] == [{"platform_account_id": "jo", "age_band": "12_15"}]
    assert doc["reporter"]["organisation"] == "Example Games"
    json.dumps(doc)  # JSON-ready
    meet = case_data()
    meet.assessment["evidence"].append(
        {
            "sign": "meeting_arrangement",
            "stage": "conclusion",
            "message_index": 5,
            "author": "sam_k",
            "span": [0, 3],
            "strength": 1.0,
        }
    )
    doc2 = uk_referral(meet, Reporter())
    assert doc2["urgency"] == "immediate"
    assert "s.15" in [o["section"] for o in doc2["offence_indicators"]]
    broken = dict(doc)
    del broken["suspect"]
    with pytest.raises(ReportError, match="suspect"):
        check_uk_referral(broken)


def test_bundle_manifest_and_tamper_detection() -> None:
    blob, manifest = build_bundle(
        case_data(), [{"seq": 1, "action": "case.opened"}], Reporter(), generated_by="mod"
    )
    assert verify_bundle(blob) == manifest
    names = {f["name"] for f in manifest["files"]}
    assert {
        "case.json",
        "messages.jsonl",
        "assessment.json",
        "signs.json",
        "notes.json",
        "audit.jsonl",
        "report-cybertipline.xml",
        "referral-uk.json",
    } == names
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        lines = z.read("messages.jsonl").decode().splitlines()
        assert [json.loads(x)["text"] for x in lines] == [t for _, t in MESSAGES]
        validate_xml(z.read("report-cybertipline.xml"))
        case = json.loads(z.read("case.json"))
        assert case["preservation_hold"] is True
        files = {n: z.read(n) for n in z.namelist()}
    # change one file, keep the manifest: detected
    files["notes.json"] = b"[]\n"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, b in files.items():
            z.writestr(n, b)
    with pytest.raises(BundleError, match=r"notes\.json"):
        verify_bundle(buf.getvalue())
    import hashlib

    verify_bundle(blob, hashlib.sha256(blob).hexdigest())
    with pytest.raises(BundleError, match="sha256"):
        verify_bundle(blob, "0" * 64)
    with pytest.raises(BundleError, match="not a zip"):
        verify_bundle(b"nope")


def moved_case() -> CaseData:
    """The case of an alert on sam_k after the detector moved the name to jo."""
    data = case_data()
    assert data.alert is not None
    return case_data(alert={**data.alert, "outranked_by": "jo"})


def test_reports_refuse_a_reported_account_the_detector_no_longer_names() -> None:
    assert case_data().name_moved_to is None
    data = moved_case()
    assert data.name_moved_to == "jo"
    with pytest.raises(NameMovedError, match="no longer names the reported account sam_k"):
        cybertipline_xml(data, Reporter())
    with pytest.raises(NameMovedError, match="now names jo"):
        uk_referral(data, Reporter())
    # a moderator who reviewed it can still report sam_k; the reports say whom the
    # detector names instead
    xml = cybertipline_xml(data, Reporter(), moved_name_reviewed=True)
    validate_xml(xml)
    root = etree.fromstring(xml)
    assert root.findtext("personOrUserReported/espIdentifier") == "sam_k"
    assert "the detector named another participant of this conversation (jo)" in (
        root.findtext("additionalInfo") or ""
    )
    doc = uk_referral(data, Reporter(), moved_name_reviewed=True)
    check_uk_referral(doc)
    assert doc["suspect"]["platform_account_id"] == "sam_k"
    assert doc["suspect"]["detector_named_instead"] == "jo"
    # while the suspect is still named, the reports carry no such line
    plain = case_data()
    assert b"named another participant" not in cybertipline_xml(plain, Reporter())
    assert uk_referral(plain, Reporter())["suspect"]["detector_named_instead"] is None


def test_a_bundle_of_a_moved_name_keeps_the_evidence_and_leaves_the_reports_out() -> None:
    def files(reviewed: bool) -> tuple[dict[str, bytes], dict[str, object]]:
        blob, _ = build_bundle(
            moved_case(), [], Reporter(), generated_by="mod", moved_name_reviewed=reviewed
        )
        manifest = verify_bundle(blob)
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            return {n: z.read(n) for n in z.namelist()}, manifest

    unreviewed, _ = files(False)
    assert "report-cybertipline.xml" not in unreviewed and "referral-uk.json" not in unreviewed
    assert {"case.json", "messages.jsonl", "signs.json", "audit.jsonl"} <= set(unreviewed)
    case = json.loads(unreviewed["case.json"])
    assert case["reported_user"] == "sam_k" and case["detector_named_instead"] == "jo"
    reviewed, _ = files(True)
    assert {"report-cybertipline.xml", "referral-uk.json"} <= set(reviewed)
    referral = json.loads(reviewed["referral-uk.json"])
    assert referral["suspect"]["detector_named_instead"] == "jo"


def test_every_damaged_byte_is_a_bundle_error() -> None:
    """A copy with one byte changed (a bad disk, a bad transfer, an edit) either fails as a
    BundleError or, for bytes the zip format does not check (times, attributes), still holds
    exactly the files of the original; it never escapes as another exception
    (BadZipFile on a CRC, zlib.error, a broken manifest)."""
    blob, manifest = build_bundle(
        case_data(), [{"seq": 1, "action": "case.opened"}], Reporter(), generated_by="mod"
    )
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        original = {n: z.read(n) for n in z.namelist()}
    passed = 0
    for i in range(0, len(blob), 3):
        damaged = bytearray(blob)
        damaged[i] ^= 0x41
        try:
            got = verify_bundle(bytes(damaged))
        except BundleError:
            continue
        passed += 1
        assert got == manifest
        with zipfile.ZipFile(io.BytesIO(bytes(damaged))) as z:
            assert {n: z.read(n) for n in z.namelist()} == original
    assert passed < len(blob) // 30
    for broken in (
        {"format": "guardline.evidence-bundle/1"},  # no file list
        {"format": "guardline.evidence-bundle/1", "files": [{"name": 3}]},
        [],
    ):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("manifest.json", json.dumps(broken))
        with pytest.raises(BundleError):
            verify_bundle(buf.getvalue())
