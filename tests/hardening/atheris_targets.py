"""Coverage-guided fuzz targets (atheris / libFuzzer) for the loaders and the detector.

Run by tests/hardening/test_atheris.py in a child process (libFuzzer exits the process when
it is done):  ``python atheris_targets.py TARGET -runs=N -seed=S CORPUS_DIR``.
A target fails by raising: anything but ``CorpusError`` from a loader, or any exception from
the detector, or a loaded string the UTF-8 encoder refuses.
"""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from guardline.core.model import Message
    from guardline.corpora import CorpusError, LoadReport, load
    from guardline.detect import Detector, RulesModel

_TMP = tempfile.mkdtemp(prefix="gl-atheris-")
_DET = Detector(model=RulesModel())


def _load(data: bytes, suffix: str, fmt: str) -> None:
    path = os.path.join(_TMP, "in" + suffix)
    with open(path, "wb") as f:
        f.write(data)
    for skip in (False, True):
        try:
            for conv in load(path, fmt, skip_bad=skip, report=LoadReport()):
                for m in conv.messages:
                    (conv.id + m.author + m.text).encode("utf-8")
        except CorpusError:
            pass


def jsonl(data: bytes) -> None:
    _load(data, ".jsonl", "jsonl")


def csv(data: bytes) -> None:
    _load(data, ".csv", "csv")


def pan12(data: bytes) -> None:
    _load(data, ".xml", "pan12")


def detector(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    cid = "fz"
    _DET.close(cid)
    for i in range(fdp.ConsumeIntInRange(1, 6)):
        author = "ab"[fdp.ConsumeIntInRange(0, 1)]
        text = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 200))
        a = _DET.update(Message(cid, i, author, text))
        assert 0.0 <= a.risk <= 1.0
        for s in a.evidence:
            assert 0 <= s.span[0] <= s.span[1]


TARGETS = {"jsonl": jsonl, "csv": csv, "pan12": pan12, "detector": detector}

if __name__ == "__main__":
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()
