"""A short, bounded atheris (libFuzzer, coverage-guided) run per target.

Each target runs a fixed number of iterations in a child process, seeded with a small
valid corpus; the test fails when libFuzzer reports a crash (a target raised). Skips when
atheris is not installed (it is in the ``dev`` extra; wheels exist for CPython 3.11 on
x86-64 Linux). Targets live in atheris_targets.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris")

HERE = Path(__file__).parent
RUNS = 3000
SEEDS = {
    "jsonl": [
        b'{"id": "c1", "messages": [{"author": "a", "text": "how old are you"}]}\n',
        b'{"id": 2, "messages": [], "participants": [{"author": "a", "age_band": "child"}]}\n',
    ],
    "csv": [
        b"conversation_id,author,time,text\nc1,a,01:00,how old are you\nc1,b,01:01,13\n",
        b'conversation_id,author,time,text,message_id\n"c,2",a,,"a ""q"" b",m1\n',
    ],
    "pan12": [
        b'<?xml version="1.0"?><conversations><conversation id="c1"><message line="1">'
        b"<author>a</author><time>01:00</time><text>how old are you</text></message>"
        b"</conversation></conversations>",
    ],
    "detector": [b"\x02\x00\x05how old are you\x01\x07don't tell your mum"],
}


@pytest.mark.parametrize("target", sorted(SEEDS))
def test_atheris_target(target: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, seed in enumerate(SEEDS[target]):
        (corpus / f"seed{i}").write_bytes(seed)
    proc = subprocess.run(
        [
            sys.executable,
            str(HERE / "atheris_targets.py"),
            target,
            f"-runs={RUNS}",
            "-seed=1",
            "-max_len=2048",
            "-timeout=20",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    tail = proc.stderr[-3000:]
    assert proc.returncode == 0, tail
    assert "Done" in proc.stderr and f"{RUNS} runs" in proc.stderr, tail
    assert not list(tmp_path.glob("crash-*")), tail
