"""Bad input to the API: junk bodies never cause a 5xx, never echo message text, never write.

hypothesis builds request bodies from valid ones and breaks them: malformed JSON, invalid
UTF-8, NUL and control characters, lone surrogate escapes, right-to-left and zero-width
characters, over-long texts and ids, deep nesting, wrong types, unknown and missing fields,
empty and oversized batches, one bad message inside a good batch. Each is POSTed (or PUT,
PATCHed) with a valid key on SQLite and PostgreSQL. The property:

* the answer is 2xx or 4xx ``application/problem+json`` (never 5xx);
* the answer never contains a message's text;
* a 4xx writes nothing: the row count of every table and every conversation's state
  version are unchanged; a 2xx writes exactly the accepted messages.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hard_support import GROOMING, TenantKeys, new_tenant, payloads, snapshot, wait_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MARK = "QX7-API-MARK"
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
NASTY = ["\x00", "\x01", "\x1b", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u0301"]
NASTY += ["😀", "\U0010ffff", "\ud800", "\udfff", '"', "\\", "<script>", "../", "%00", "' OR 1=1"]
nasty = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=10)), max_size=5).map("".join)
scalar = st.one_of(
    nasty,
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
junk = st.recursive(
    scalar, lambda c: st.lists(c, max_size=3) | st.dictionaries(nasty, c, max_size=3), max_leaves=8
)


@st.composite
def message(draw: st.DrawFn) -> Any:
    """A message dict: mostly valid fields, sometimes broken ones."""
    n = draw(st.integers(0, 10**9))
    m: dict[str, Any] = {
        "message_id": f"fz-{n}",
        "conversation_id": draw(st.sampled_from(["fz-c1", "fz-c2", "hf-base"])),
        "author": draw(st.sampled_from(["jay", "kit", "\u202ekit"])),
        "text": f"{MARK} {draw(nasty)}",
    }
    for _ in range(draw(st.integers(0, 3))):
        field = draw(
            st.sampled_from(
                [
                    "message_id",
                    "conversation_id",
                    "author",
                    "text",
                    "sent_at",
                    "platform",
                    "surface",
                    "unknown",
                ]
            )
        )
        how = draw(st.sampled_from(["junk", "drop", "long", "nasty", "date"]))
        if how == "drop":
            m.pop(field, None)
        elif how == "long":
            m[field] = MARK + "x" * draw(st.sampled_from([199, 201, 5001, 100_001]))
        elif how == "nasty":
            v = draw(nasty)
            m[field] = f"{MARK}{v}" if field == "text" else v
        elif how == "date":
            m[field] = draw(
                st.sampled_from(
                    [
                        "9999-12-31T23:59:59-23:59",
                        "0001-01-01T00:00:00+23:59",
                        "2024-13-40",
                        "1e309",
                        "2024-01-01T00:00:00Z",
                        "",
                    ]
                )
            )
        else:
            m[field] = draw(junk)
    return m


@st.composite
def body(draw: st.DrawFn) -> bytes:
    shape = draw(st.sampled_from(["one", "batch", "batch", "empty", "list", "junk", "deep", "big"]))
    obj: Any
    if shape == "one":
        obj = draw(message())
    elif shape == "batch":
        obj = {"messages": draw(st.lists(message(), min_size=1, max_size=6))}
        if draw(st.booleans()):
            obj[draw(st.sampled_from(["extra", "Messages", "messages "]))] = draw(junk)
    elif shape == "empty":
        obj = {"messages": []}
    elif shape == "list":
        obj = draw(st.lists(message(), max_size=3))
    elif shape == "deep":
        d = draw(st.integers(10, 5000))
        return b'{"messages": ' + b"[" * d + b"]" * d + b"}"
    elif shape == "big":
        obj = {
            "messages": [
                dict(m, message_id=f"big-{i}")
                for i, m in enumerate(
                    [{"message_id": "x", "conversation_id": "c", "author": "a", "text": MARK}]
                    * 1001
                )
            ]
        }
    else:
        obj = draw(junk)
    raw = json.dumps(obj, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    damage = draw(st.sampled_from(["none", "none", "none", "truncate", "utf8", "nul", "trail"]))
    cut = draw(st.integers(0, 10**6)) % max(1, len(raw))
    if damage == "truncate":
        raw = raw[:cut]
    elif damage == "utf8":
        raw = raw[:cut] + b"\xff\xc3(" + raw[cut:]
    elif damage == "nul":
        raw = raw[:cut] + b"\x00" + raw[cut:]
    elif damage == "trail":
        raw = raw + b" garbage"
    return raw


def check_problem(r: Any) -> None:
    assert r.status_code < 500, (r.status_code, r.text[:300])
    assert MARK not in r.text
    if r.status_code >= 400:
        assert r.headers["content-type"] == "application/problem+json", r.headers
        doc = r.json()
        assert doc["status"] == r.status_code and "title" in doc


@pytest.fixture(scope="module")
def fz(svc_app: FastAPI, svc_client: TestClient) -> TenantKeys:
    t = new_tenant(svc_app)
    r = svc_client.post(
        "/v1/messages", json={"messages": payloads("hf-base", GROOMING[:8])}, headers=t.h()
    )
    assert r.status_code == 200
    return t


@SETTINGS
@given(raw=body(), ctype=st.sampled_from(["application/json", "application/json", "text/plain"]))
def test_post_messages_junk(
    svc_app: FastAPI, svc_client: TestClient, fz: TenantKeys, raw: bytes, ctype: str
) -> None:
    before = snapshot(svc_app)
    r = svc_client.post(
        "/v1/messages", content=raw, headers={**fz.h("ingest"), "content-type": ctype}
    )
    check_problem(r)
    after = snapshot(svc_app)
    if r.status_code >= 400:
        assert after == before
    else:
        res = r.json()
        assert after["messages"] == before["messages"] + res["accepted"]
        assert after["alerts"] == before["alerts"] + res["alerts_created"]


def test_one_bad_message_rejects_the_whole_batch(
    svc_app: FastAPI, svc_client: TestClient, fz: TenantKeys
) -> None:
    before = snapshot(svc_app)
    good = payloads("hf-batch", GROOMING, prefix="ok-")
    for bad in ({"text": "x" * 5001}, {"text": "a\x00b"}, {"author": ""}, {"sent_at": "never"}):
        batch = [*good[:5], {**good[5], **bad}, *good[6:]]
        r = svc_client.post("/v1/messages", json={"messages": batch}, headers=fz.h())
        assert r.status_code in (413, 422), r.text
        check_problem(r)
    r = svc_client.post(
        "/v1/messages",
        content=json.dumps({"messages": [*good[:3], {**good[3], "text": "\ud800"}]}).encode(),
        headers={**fz.h(), "content-type": "application/json"},
    )
    assert r.status_code == 422
    assert snapshot(svc_app) == before


@SETTINGS
@given(
    method_path=st.sampled_from(
        [
            ("PUT", "/v1/participants/jay"),
            ("PUT", "/v1/participants/%E2%80%AE"),
            ("POST", "/v1/webhooks"),
            ("PATCH", "/v1/alerts/1"),
            ("PATCH", "/v1/alerts/9223372036854775807"),
        ]
    ),
    obj=st.one_of(
        junk,
        st.fixed_dictionaries(
            {},
            optional={
                "age_band": st.one_of(st.sampled_from(["child", "adult", "x"]), junk),
                "declared_age": st.one_of(st.integers(-(2**70), 2**70), junk),
                "account_age_days": junk,
                "contacts": st.one_of(
                    st.lists(
                        st.fixed_dictionaries(
                            {"participant_id": st.one_of(nasty, junk)},
                            optional={"had_contact_before": junk},
                        ),
                        max_size=3,
                    ),
                    junk,
                ),
                "url": st.one_of(
                    st.sampled_from(
                        [
                            "http://127.0.0.1:9/x",
                            "file:///etc/passwd",
                            "javascript:alert(1)",
                            "http://\x00",
                        ]
                    ),
                    junk,
                ),
                "secret": st.one_of(nasty, junk),
                "events": st.one_of(st.lists(st.sampled_from(["alert.created", "x"])), junk),
                "status": st.one_of(st.sampled_from(["open", "dismissed", "deleted"]), junk),
            },
        ),
    ),
    trunc=st.booleans(),
)
def test_other_writes_junk(
    svc_app: FastAPI,
    svc_client: TestClient,
    fz: TenantKeys,
    method_path: tuple[str, str],
    obj: Any,
    trunc: bool,
) -> None:
    method, path = method_path
    raw = json.dumps(obj).encode()
    if trunc:
        raw = raw[: len(raw) // 2]
    before = snapshot(svc_app)
    r = svc_client.request(
        method, path, content=raw, headers={**fz.h(), "content-type": "application/json"}
    )
    check_problem(r)
    if r.status_code >= 400:
        assert snapshot(svc_app) == before


@SETTINGS
@given(
    params=st.dictionaries(
        st.sampled_from(["cursor", "status", "limit", "since", "conversation_id", "x"]),
        st.one_of(nasty, st.integers(-(2**70), 2**70).map(str), st.sampled_from(["", "NaN"])),
        max_size=4,
    )
)
def test_list_alerts_junk_query(
    svc_client: TestClient, fz: TenantKeys, params: dict[str, str]
) -> None:
    params = {k: v.replace("\ud800", "").replace("\udfff", "") for k, v in params.items()}
    r = svc_client.get("/v1/alerts", params=params, headers=fz.h("read"))
    check_problem(r)


SCAN_FILES = [
    ("nul.csv", b"conversation_id,author,time,text\nc\x00x,a\x00,1,QX7-API-MARK \x00\n"),
    ("ctl.csv", b"conversation_id,author,time,text\n\x1b[31m,\xe2\x80\xae,1,QX7-API-MARK\n"),
    ("bad.jsonl", b'{"id": "x", "messages": [{"author": "a", "text": "QX7-API-MARK"}\n'),
    ("sur.jsonl", b'{"id": "\\ud800", "messages": [{"author": "a", "text": "QX7-API-MARK"}]}\n'),
    (
        "nul.jsonl",
        b'{"id": "a\\u0000", "messages": [{"author": "\\u0000", "text": "QX7-API-MARK\\u0000"}]}\n',
    ),
    ("big.jsonl", b'{"id": 1' + b"0" * 5000 + b', "messages": []}\n'),
    ("deep.jsonl", b'{"id": "d", "messages": ' + b"[" * 5000 + b"]" * 5000 + b"}\n"),
    ("gz.jsonl.gz", b"\x1f\x8b\x08\x00garbage"),
    ("utf16.csv", "conversation_id,author,time,text\n".encode("utf-16")),
]


@pytest.mark.parametrize(("name", "data"), SCAN_FILES, ids=[n for n, _ in SCAN_FILES])
def test_scan_upload_junk(svc_client: TestClient, fz: TenantKeys, name: str, data: bytes) -> None:
    """A bad archive is accepted for scanning, then fails (or succeeds) cleanly: the job
    ends, its error names the problem without the text, and nothing is stuck running."""
    r = svc_client.post("/v1/scans", files={"file": (name, data)}, headers=fz.h())
    check_problem(r)
    assert r.status_code == 202, r.text
    sid = r.json()["id"]
    done = wait_for(
        lambda: (lambda j: j if j["status"] in ("done", "failed") else None)(
            svc_client.get(f"/v1/scans/{sid}", headers=fz.h()).json()
        ),
        timeout=30,
    )
    assert MARK not in json.dumps(done)
    res = svc_client.get(f"/v1/scans/{sid}/results", headers=fz.h())
    check_problem(res)
    if done["status"] == "done":
        for row in res.json()["results"]:
            json.dumps(row, ensure_ascii=False).encode("utf-8")
