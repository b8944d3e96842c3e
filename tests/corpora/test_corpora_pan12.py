"""PAN12 XML on synthetic files: labels, line mapping, streaming, errors, directory finder."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from guardline.corpora import (
    CorpusError,
    LoadReport,
    find_pan12,
    iter_pan12,
    load,
    read_predator_lines,
    read_predators,
)
from guardline.corpora.pan12 import (
    TEST_LINES,
    TEST_LINES_RECONSTRUCTED,
    TEST_PREDATORS,
    TEST_XML,
    TRAIN_PREDATORS,
    TRAIN_XML,
)

SECRET = "SENSITIVE-CONTENT-7f3a"


def message(
    line: int | None, author: str | None, text: str | None, time: str | None = "12:00"
) -> str:
    attr = f' line="{line}"' if line is not None else ""
    parts = [f"    <message{attr}>"]
    if author is not None:
        parts.append(f"      <author>{author}</author>")
    if time is not None:
        parts.append(f"      <time>{time}</time>")
    if text is not None:
        parts.append(f"      <text>{text}</text>" if text else "      <text/>")
    parts.append("    </message>")
    return "\n".join(parts)


def conversation(cid: str | None, *messages: str) -> str:
    attr = f' id="{cid}"' if cid is not None else ""
    return "\n".join([f"  <conversation{attr}>", *messages, "  </conversation>"])


def xml(*convs: str) -> str:
    return "\n".join(["<conversations>", *convs, "</conversations>", ""])


SAMPLE = xml(
    conversation(
        "c1",
        message(1, "p1", "hi"),
        message(2, "kid", "I&amp;apos;m ok &amp;amp; you"),
        message(5, "p1", ""),  # lines need not be consecutive
        message(6, "p2", "&lt;email/&gt;", time=""),
    ),
    conversation("c2", message(1, "x", "yo"), message(2, "y", "hey", time=None)),
)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    p = tmp_path / "pan.xml"
    p.write_text(SAMPLE)
    return p


def test_unlabelled_parse(sample: Path) -> None:
    c1, c2 = iter_pan12(sample)
    assert c1.id == "c1" and [m.author for m in c1.messages] == ["p1", "kid", "p1", "p2"]
    assert [m.text for m in c1.messages] == ["hi", "I&apos;m ok &amp; you", "", "<email/>"]
    assert [m.time for m in c1.messages] == ["12:00", "12:00", "12:00", None]
    assert c2.messages[1].time is None
    assert [m.index for m in c1.messages] == [0, 1, 2, 3]
    assert all(m.conversation_id == "c1" for m in c1.messages)
    assert c1.predators is None and c1.predator_lines is None
    assert c1.extra == {"source": "pan12"}


def test_unescape_flag(sample: Path) -> None:
    c1, _ = iter_pan12(sample, unescape=True)
    assert c1.messages[1].text == "I'm ok & you"


def test_labels_from_files(sample: Path, tmp_path: Path) -> None:
    preds = tmp_path / "p1.txt"
    preds.write_text("p2\r\nzzz\n\np1\n")  # CRLF and blank lines as in official files
    lines = tmp_path / "p2.txt"
    lines.write_text("c1\t5\nc1\t1\nother\t3\n")
    rep = LoadReport()
    c1, c2 = iter_pan12(sample, predators=preds, predator_lines=lines, split="test", report=rep)
    assert c1.predators == ["p1", "p2"]  # order of first appearance, not file order
    assert c1.predator_lines == [0, 2]  # XML lines 1 and 5 -> indices 0 and 2
    assert c2.predators == [] and c2.predator_lines == []
    assert c1.extra == {"source": "pan12", "split": "test"}
    assert rep.ok and rep.notes == []


def test_labels_from_objects_and_missing_line_note(sample: Path) -> None:
    rep = LoadReport()
    c1, _ = iter_pan12(sample, predators={"kid"}, predator_lines={"c1": [2, 99]}, report=rep)
    assert c1.predators == ["kid"] and c1.predator_lines == [1]
    (note,) = rep.notes
    assert note.conversation_id == "c1" and "1 labelled line" in note.reason


def test_missing_line_attribute_counts_position(tmp_path: Path) -> None:
    p = tmp_path / "n.xml"
    p.write_text(xml(conversation("c", message(None, "a", "x"), message(None, "b", "y"))))
    (c,) = iter_pan12(p, predator_lines={"c": [2]})
    assert c.predator_lines == [1]


def test_gzip_xml_and_load_dispatch(tmp_path: Path) -> None:
    p = tmp_path / "pan.xml.gz"
    p.write_bytes(gzip.compress(SAMPLE.encode()))
    assert [c.id for c in load(p, predators=["x"])] == ["c1", "c2"]
    assert [c.predators for c in load(p, predators=["x"])] == [[], ["x"]]


def test_streams_before_reaching_broken_xml(tmp_path: Path) -> None:
    p = tmp_path / "broken.xml"
    p.write_text(SAMPLE.replace("</conversations>", conversation("c3", "<message><oops>")))
    it = iter_pan12(p)
    assert next(it).id == "c1" and next(it).id == "c2"
    with pytest.raises(CorpusError, match="not well-formed") as ei:
        next(it)
    assert ei.value.line is not None and ei.value.line > 20


BAD = {
    "no_author": (message(7, None, SECRET), "messages[1].author", "missing"),
    "empty_author": (message(7, "", SECRET), "messages[1].author", "empty"),
    "no_text": (message(7, "a", None), "messages[1].text", "missing"),
    "bad_line": (
        message(None, "a", SECRET).replace("<message>", '<message line="x">'),
        "messages[1].line",
        "positive integer",
    ),
    "huge": (message(7, "a", "z" * 30), "messages[1].text", "over the limit of 25"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_message(tmp_path: Path, case: str) -> None:
    bad, field, reason = BAD[case]
    p = tmp_path / "bad.xml"
    p.write_text(
        xml(
            conversation("ok1", message(1, "a", "fine")),
            conversation("badc", message(1, "a", SECRET), bad),
            conversation("ok2", message(1, "a", "fine")),
        )
    )
    with pytest.raises(CorpusError) as ei:
        list(iter_pan12(p, max_message_chars=25))
    err = ei.value
    # bad message's <message> tag: root 1, ok1 2..8, badc conversation 9, first message 10..14
    assert (err.file, err.line, err.field, err.conversation_id) == (str(p), 15, field, "badc")
    assert reason in err.reason and SECRET not in str(err)
    rep = LoadReport()
    got = list(iter_pan12(p, skip_bad=True, report=rep, max_message_chars=25))
    assert [c.id for c in got] == ["ok1", "ok2"]
    assert [(i.line, i.field) for i in rep.skipped] == [(15, field)]


def test_missing_conversation_id(tmp_path: Path) -> None:
    p = tmp_path / "noid.xml"
    p.write_text(xml(conversation(None, message(1, "a", "x"))))
    with pytest.raises(CorpusError) as ei:
        list(iter_pan12(p))
    assert (ei.value.line, ei.value.field) == (2, "id")


def test_not_pan12_root(tmp_path: Path) -> None:
    p = tmp_path / "other.xml"
    p.write_text("<html><body/></html>")
    with pytest.raises(CorpusError, match="root element"):
        list(iter_pan12(p))


def test_empty_and_not_utf8(tmp_path: Path) -> None:
    empty = tmp_path / "e.xml"
    empty.write_bytes(b"")
    with pytest.raises(CorpusError, match="empty"):
        list(iter_pan12(empty))
    latin = tmp_path / "l.xml"
    latin.write_bytes(xml(conversation("c", message(1, "a", "caf\xe9"))).encode("latin-1"))
    with pytest.raises(CorpusError, match="not valid UTF-8") as ei:
        list(iter_pan12(latin))
    assert ei.value.line == 6


def test_ground_truth_readers(tmp_path: Path) -> None:
    p1 = tmp_path / "p1.txt"
    p1.write_text("a\nb\n\na\n")
    assert read_predators(p1) == {"a", "b"}
    p2 = tmp_path / "p2.txt"
    p2.write_text("c\t3\nc\t1\nd\t2\n")
    assert read_predator_lines(p2) == {"c": {1, 3}, "d": {2}}
    p2.write_text("c\t3\nc\tx\n")
    with pytest.raises(CorpusError) as ei:
        read_predator_lines(p2)
    assert (ei.value.line, ei.value.field) == (2, "line")
    p2.write_text("c 3 4\n")
    with pytest.raises(CorpusError, match="got 3 fields"):
        read_predator_lines(p2)
    p1.write_text("a b\n")
    with pytest.raises(CorpusError, match="one author id"):
        read_predators(p1)


def official_tree(root: Path, problem2: tuple[str, ...]) -> None:
    train = root / "pan12-sexual-predator-identification-training-corpus-2012-05-01"
    test = root / "pan12-sexual-predator-identification-test-corpus-2012-05-17"
    train.mkdir(parents=True)
    test.mkdir(parents=True)
    (train / TRAIN_XML).write_text(SAMPLE)
    (train / TRAIN_PREDATORS).write_text("p1\n")
    (test / TEST_XML).write_text(SAMPLE)
    (test / TEST_PREDATORS).write_text("x\n")
    for i, name in enumerate(problem2):
        (test / name).write_text(f"c1\t{i + 1}\n")


def test_find_pan12_official_layout(tmp_path: Path) -> None:
    official_tree(tmp_path, (TEST_LINES_RECONSTRUCTED, TEST_LINES))
    train = find_pan12(tmp_path, "train")
    assert train.xml.name == TRAIN_XML and train.predators.name == TRAIN_PREDATORS
    assert train.predator_lines is None
    assert [c.predators for c in train] == [["p1"], []]
    assert {c.extra["split"] for c in train.conversations()} == {"train"}
    test = find_pan12(tmp_path, "test")
    assert test.predator_lines is not None and test.predator_lines.name == TEST_LINES
    c1, c2 = test.conversations()
    assert c1.predator_lines == [1]  # official problem 2 (line 2) beats the reconstructed one
    assert c2.predators == ["x"]
    with pytest.raises(ValueError, match="split="):
        find_pan12(tmp_path)


def test_find_pan12_single_split_and_missing_labels(tmp_path: Path) -> None:
    (tmp_path / TEST_XML).write_text(SAMPLE)
    with pytest.raises(FileNotFoundError, match=TEST_PREDATORS):
        find_pan12(tmp_path)
    files = find_pan12(tmp_path, require_labels=False)
    assert files.split == "test" and files.predators is None
    assert [c.predators for c in files] == [None, None]
    (tmp_path / TEST_LINES_RECONSTRUCTED).write_text("c2\t2\n")
    (tmp_path / TEST_PREDATORS).write_text("y\n")
    files = find_pan12(tmp_path)
    assert [c.predator_lines for c in files] == [[], [1]]
    with pytest.raises(FileNotFoundError):
        find_pan12(tmp_path, "train")
    with pytest.raises(FileNotFoundError):
        find_pan12(tmp_path / "nope")


def test_line_numbers_survive_lines_longer_than_a_read_chunk(tmp_path: Path) -> None:
    long_text = "w" * 200_000  # several 64 KiB reads on one line
    ok = tmp_path / "ok.xml"
    ok.write_text(xml(conversation("c", message(1, "a", long_text))))
    (c,) = iter_pan12(ok, max_message_chars=300_000)
    assert c.messages[0].text == long_text
    bad = tmp_path / "long.xml"
    bad.write_text(xml(conversation("c", message(1, "a", long_text), message(2, None, "x"))))
    with pytest.raises(CorpusError) as ei:
        list(iter_pan12(bad, max_message_chars=300_000))
    assert (ei.value.line, ei.value.field) == (8, "messages[1].author")


def test_message_outside_conversation_is_not_dropped_silently(tmp_path: Path) -> None:
    p = tmp_path / "stray.xml"
    p.write_text(xml(message(1, "a", "x"), conversation("c", message(1, "a", "y"))))
    with pytest.raises(CorpusError, match="outside") as ei:
        list(iter_pan12(p))
    assert (ei.value.line, ei.value.field) == (2, "message")
    rep = LoadReport()
    assert [c.id for c in iter_pan12(p, skip_bad=True, report=rep)] == ["c"]
    assert rep.skipped_count == 1 and rep.skipped[0].line == 2
