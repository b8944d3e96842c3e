"""Bad input to the corpus loaders (JSONL, CSV, PAN12 XML), generated with hypothesis.

Files are built from valid records and then broken the ways real exports break: malformed
JSON (truncated lines), invalid UTF-8, NUL and other control characters, right-to-left and
zero-width characters, huge lines, deep nesting, wrong types, unknown fields, missing
authors, lone surrogate escapes, numbers too large for Python, XML entities. The property:
loading either yields conversations of well-formed strings, or raises ``CorpusError`` (the
documented error) whose text never contains the message text; ``skip_bad`` never raises for
a bad record and reports every skipped one, again without the text.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guardline.corpora import CorpusError, LoadReport, load

MARK = "QX7-TEXT-MARK"  # carried by every message text; must never appear in an error

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# characters that break naive handling: controls, bidi overrides, zero-width, BOM, surrogates
# of the UTF-8 encoder (lone surrogates cannot be encoded, so they come as JSON escapes)
NASTY = [
    "\x00",
    "\x01",
    "\x1b[31m",
    "\r",
    "\n",
    "\t",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u00a0",
    "\u0301",
    "𝓱𝓸𝔀",
    "😀",
    "\U0010ffff",
    '"',
    "\\",
    ",",
    "<",
    "&amp;",
    "]]>",
]
nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=12)), max_size=6).map(
    "".join
)
ident = st.one_of(
    nasty_text.filter(bool),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _text(extra: str) -> str:
    return f"{MARK} {extra}"


@st.composite
def message_obj(draw: st.DrawFn) -> Any:
    m: dict[str, Any] = {}
    if draw(st.booleans()) or draw(st.booleans()):
        m["author"] = draw(ident)
    if draw(st.integers(0, 9)):
        m["text"] = draw(
            st.one_of(
                nasty_text.map(_text),
                nasty_text.map(_text),
                st.integers(),
                st.none(),
                st.lists(st.text(max_size=3), max_size=2),
            )
        )
    if draw(st.booleans()):
        m["time"] = draw(st.one_of(st.text(max_size=20), st.integers(), st.none()))
    if draw(st.booleans()):
        m["message_id"] = draw(ident)
    if draw(st.booleans()):  # unknown fields are kept, not errors
        m[draw(nasty_text)] = draw(st.one_of(nasty_text, st.integers(), st.none()))
    if not draw(st.integers(0, 15)):
        return draw(st.one_of(st.integers(), st.text(max_size=5), st.none()))
    return m


@st.composite
def record(draw: st.DrawFn) -> Any:
    rec: dict[str, Any] = {}
    if draw(st.integers(0, 9)):
        rec["id"] = draw(ident)
    if draw(st.integers(0, 9)):
        rec["messages"] = draw(
            st.one_of(st.lists(message_obj(), max_size=5), st.text(max_size=4), st.integers())
        )
    if draw(st.booleans()):
        rec["participants"] = draw(
            st.one_of(
                st.lists(
                    st.fixed_dictionaries(
                        {"author": ident},
                        optional={
                            "age_band": st.one_of(
                                st.sampled_from(["child", "teen", "adult", "unknown", "x"]),
                                st.integers(),
                            ),
                            "declared_age": st.one_of(st.integers(-5, 10**6), st.text(max_size=3)),
                            "account_age_days": st.one_of(st.integers(), st.floats()),
                            "prior_contact": st.one_of(st.booleans(), st.text(max_size=3)),
                        },
                    ),
                    max_size=3,
                ),
                st.integers(),
            )
        )
    if draw(st.booleans()):
        rec["predators"] = draw(st.one_of(st.lists(ident, max_size=2), st.text(max_size=3)))
    if draw(st.booleans()):
        rec["predator_lines"] = draw(st.one_of(st.lists(st.integers(-2, 8), max_size=3), ident))
    if draw(st.booleans()):
        rec[draw(nasty_text)] = draw(st.one_of(nasty_text, st.integers()))
    if not draw(st.integers(0, 15)):
        return draw(st.one_of(st.lists(st.integers(), max_size=2), st.text(max_size=5)))
    return rec


# line-level damage: (name, function bytes -> bytes)
def _damage(kind: str, line: bytes, cut: int) -> bytes:
    if kind == "truncate":
        return line[: cut % max(1, len(line))]
    if kind == "bad_utf8":
        i = cut % max(1, len(line))
        return line[:i] + b"\xff\xc3(\xed\xa0\x80" + line[i:]
    if kind == "nul":
        i = cut % max(1, len(line))
        return line[:i] + b"\x00" + line[i:]
    if kind == "deep":
        return b'{"id": "d", "messages": ' + b"[" * (1000 + cut) + b"]" * (1000 + cut) + b"}"
    if kind == "huge":
        return json.dumps(
            {"id": "h", "messages": [{"author": "a", "text": _text("x" * 100_001)}]}
        ).encode()
    if kind == "surrogate":
        return b'{"id": "s\\ud800", "messages": [{"author": "a\\udfff", "text": "' + (
            MARK.encode() + b'"}]}'
        )
    if kind == "bignum":
        return b'{"id": "b", "messages": [{"author": ' + b"9" * 5000 + b', "text": "x"}]}'
    if kind == "nan":
        return b'{"id": NaN, "messages": [{"author": Infinity, "text": "' + MARK.encode() + b'"}]}'
    return line


DAMAGE = ["none", "none", "none", "truncate", "bad_utf8", "nul", "deep", "huge", "surrogate"]
DAMAGE += ["bignum", "nan"]


def _check_text(conv_list: list[Any]) -> None:
    """Every loaded string is a str that the UTF-8 encoder (files, databases) accepts."""
    for c in conv_list:
        for s in [c.id, *(m.author for m in c.messages), *(m.text for m in c.messages)]:
            assert isinstance(s, str)
            s.encode("utf-8")
        json.dumps(c.extra, ensure_ascii=False).encode("utf-8")


def _load_both(path: Path, fmt: str) -> None:
    """Strict load: conversations or CorpusError; skip_bad: never a record error."""
    try:
        convs = list(load(path, fmt))
    except CorpusError as err:
        assert MARK not in str(err) and MARK not in err.reason
    else:
        _check_text(convs)
    report = LoadReport()
    try:
        convs = list(load(path, fmt, skip_bad=True, report=report))
    except CorpusError as err:  # whole-file problems still raise
        assert MARK not in str(err)
        return
    _check_text(convs)
    assert report.loaded == len(convs)
    for issue in report.skipped + report.notes:
        assert MARK not in str(issue)


@SETTINGS
@given(
    records=st.lists(record(), min_size=1, max_size=4),
    damage=st.lists(st.tuples(st.sampled_from(DAMAGE), st.integers(0, 500)), min_size=4),
    gz=st.booleans(),
    blank=st.booleans(),
)
def test_jsonl_loader(
    tmp_path: Path,
    records: list[Any],
    damage: list[tuple[str, int]],
    gz: bool,
    blank: bool,
) -> None:
    lines = []
    for rec, (kind, cut) in zip(records, damage, strict=False):
        try:
            raw = json.dumps(rec, ensure_ascii=bool(cut % 2)).encode("utf-8", "surrogatepass")
        except ValueError:  # NaN etc. are still written by json.dumps; this is belt and braces
            raw = b"{"
        lines.append(_damage(kind, raw, cut))
    body = b"\n".join(lines) + (b"\n\n" if blank else b"\n")
    path = tmp_path / ("f.jsonl.gz" if gz else "f.jsonl")
    path.write_bytes(gzip.compress(body) if gz else body)
    _load_both(path, "jsonl")


csv_cell = st.one_of(
    nasty_text, st.sampled_from(['"', '""', '"a"b', "a\nb", "\r\n", ",", "x" * 140_000])
)


@SETTINGS
@given(
    header=st.one_of(
        st.just(["conversation_id", "author", "time", "text"]),
        st.just(["conversation_id", "author", "time", "text", "message_id"]),
        st.permutations(["conversation_id", "author", "time", "text", "extra"]).map(list),
        st.lists(st.sampled_from(["conversation_id", "author", "text", "x", ""]), max_size=5),
    ),
    rows=st.lists(st.lists(csv_cell, min_size=0, max_size=6), min_size=1, max_size=5),
    raw_damage=st.sampled_from([b"", b"\xff\xfe", b"\x00", b"\xc3(", b'"unterminated']),
)
def test_csv_loader(
    tmp_path: Path, header: list[str], rows: list[list[str]], raw_damage: bytes
) -> None:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    for r in rows:
        cells = list(r)
        if "text" in header and len(cells) > header.index("text"):
            cells[header.index("text")] = _text(cells[header.index("text")])
        w.writerow(cells)
    body = buf.getvalue().encode("utf-8", "surrogatepass") + raw_damage
    path = tmp_path / "f.csv"
    path.write_bytes(body)
    _load_both(path, "csv")


xml_text = nasty_text.map(lambda s: "".join(c for c in s if c not in "\x00"))


def _xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@SETTINGS
@given(
    convs=st.lists(
        st.tuples(
            st.one_of(xml_text, st.none()),
            st.lists(
                st.tuples(st.one_of(xml_text, st.none()), st.one_of(xml_text, st.none())),
                max_size=4,
            ),
        ),
        min_size=1,
        max_size=3,
    ),
    damage=st.sampled_from(
        ["none", "none", "truncate", "bad_utf8", "raw_control", "entity", "laughs", "xxe"]
    ),
    cut=st.integers(0, 10_000),
    escape=st.booleans(),
)
def test_pan12_loader(
    tmp_path: Path,
    convs: list[tuple[str | None, list[tuple[str | None, str | None]]]],
    damage: str,
    cut: int,
    escape: bool,
) -> None:
    parts = []
    dtd = ""
    for cid, msgs in convs:
        attr = "" if cid is None else f' id="{_xml_escape(cid).replace(chr(34), "&quot;")}"'
        inner = []
        for n, (author, text) in enumerate(msgs, 1):
            a = "" if author is None else f"<author>{_xml_escape(author)}</author>"
            t = "" if text is None else f"<text>{_xml_escape(_text(text)) if escape else ''}</text>"
            if text is not None and not escape:
                t = f"<text><![CDATA[{_text(text).replace(']]>', '')}]]></text>"
            inner.append(f'<message line="{n}">{a}<time>01:00</time>{t}</message>')
        parts.append(f"<conversation{attr}>{''.join(inner)}</conversation>")
    if damage == "entity":
        dtd = '<!DOCTYPE c [<!ENTITY e "QX7">]>'
        parts.append(
            '<conversation id="e"><message line="1"><author>a</author>'
            "<text>&e; &undefined;</text></message></conversation>"
        )
    if damage == "laughs":
        ents = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
        dtd = f"<!DOCTYPE c [{ents}]>"
        parts.append(
            '<conversation id="l"><message line="1"><author>a</author>'
            "<text>&l9;</text></message></conversation>"
        )
    if damage == "xxe":
        dtd = '<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        parts.append(
            '<conversation id="x"><message line="1"><author>a</author>'
            "<text>&x;</text></message></conversation>"
        )
    body = "".join(parts)
    doc = f'<?xml version="1.0" encoding="UTF-8"?>{dtd}<conversations>{body}</conversations>'
    raw = doc.encode("utf-8", "surrogatepass")
    if damage == "truncate":
        raw = raw[: cut % max(1, len(raw))]
    elif damage == "bad_utf8":
        i = cut % max(1, len(raw))
        raw = raw[:i] + b"\xff\xfe\xc3(" + raw[i:]
    elif damage == "raw_control":
        i = cut % max(1, len(raw))
        raw = raw[:i] + b"\x01\x00" + raw[i:]
    path = tmp_path / "f.xml"
    path.write_bytes(raw)
    _load_both(path, "pan12")
    try:
        loaded = list(load(path, "pan12", skip_bad=True))
    except CorpusError:
        return
    for c in loaded:  # no external entity is ever fetched
        for m in c.messages:
            assert "root:" not in m.text


# ---------------------------------------------------------------- found by the properties


def test_integer_over_python_digit_limit_is_a_corpus_error(tmp_path: Path) -> None:
    p = tmp_path / "big.jsonl"
    p.write_bytes(_damage("bignum", b"", 0) + b"\n")
    with pytest.raises(CorpusError) as e:
        list(load(p))
    assert e.value.line == 1


def test_lone_surrogate_escapes_are_a_corpus_error(tmp_path: Path) -> None:
    """JSON escapes like \\ud800 decode to strings no UTF-8 file or database accepts."""
    p = tmp_path / "s.jsonl"
    good = json.dumps({"id": "ok", "messages": [{"author": "a", "text": "fine 😀"}]})
    p.write_bytes(_damage("surrogate", b"", 0) + b"\n" + good.encode() + b"\n")
    with pytest.raises(CorpusError) as e:
        list(load(p))
    assert e.value.line == 1 and MARK not in str(e.value)
    report = LoadReport()
    ok = list(load(p, skip_bad=True, report=report))
    assert [c.id for c in ok] == ["ok"] and report.skipped_count == 1
    # a proper surrogate pair (an emoji written as two escapes) is fine
    p.write_text('{"id": "e", "messages": [{"author": "a", "text": "\\ud83d\\ude00"}]}\n')
    assert next(iter(load(p))).messages[0].text == "😀"


def test_scan_of_a_lone_surrogate_file_fails_cleanly(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from guardline.cli import app as cli_app

    p = tmp_path / "s.jsonl"
    p.write_bytes(_damage("surrogate", b"", 0) + b"\n")
    out = tmp_path / "scan.jsonl"
    r = CliRunner().invoke(cli_app, ["scan", str(p), "--out", str(out)])
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.exception
    assert "line 1" in r.output and "lone UTF-16 surrogate" in r.output
    assert not out.exists()
    r = CliRunner().invoke(cli_app, ["scan", str(p), "--out", str(out), "--skip-bad"])
    assert r.exit_code == 0, r.exception
    assert out.read_text() == ""
