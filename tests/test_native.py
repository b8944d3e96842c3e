"""The compiled hot path (mypyc, setup.py) and its plain-Python fallback (guardline/_native.py).

- Both builds give bit-identical assessments, run in fresh processes on conversations with
  signs, typos, group chats and participant context.
- The switch: ``GUARDLINE_PURE_PYTHON=1``, a changed source, or a missing build record sends
  every hot module back to Python; otherwise the compiled modules run.
- With ``GUARDLINE_REQUIRE_NATIVE=1`` (CI) the install under test must be compiled and current.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guardline import _native

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "devsets" / "hard_cases.jsonl"

# a child process: scan the development set and a few inline conversations (with a group
# chat, participant context and bad spelling), print the build and a digest of every
# assessment after every message (risk as repr: bit-identical or not equal)
_DIGEST = r"""
import hashlib, json, sys
from pathlib import Path
from guardline import _native
from guardline.core.model import AgeBand, Message, Participant
from guardline.corpora import load
from guardline.detect import Detector, RelationshipMemory

convs = list(load(Path(sys.argv[1])))
det = Detector(memory=RelationshipMemory())
h = hashlib.sha256()
n = 0
def fold(a):
    for au in a.authors:
        h.update(f"{au.author}|{au.risk!r}|{au.flagged}|{len(au.signals)}|{au.addressee};".encode())
    h.update(f"{a.alert}|{a.risk!r}|{len(a.evidence)}\n".encode())
for c in convs:
    for m in c.messages:
        fold(det.update(m))
        n += 1
    det.close(c.id)
lines = [
    ("coach", "hey how old r u?? where do you live"),
    ("kid", "im 13, near the park"),
    ("coach", "are ur parents around... dont tell ur mum we talk ok"),
    ("mate", "lol whos up for a game"),
    ("coach", "@kid add me on another app, u r so mature 4 ur age"),
    ("kid", "ok"),
    ("coach", "send me a pic of u, it'll be our secret"),
]
ctx = {"kid": Participant("kid", age_band=AgeBand.CHILD, display_name="Kid"),
       "coach": Participant("coach", declared_age=34, display_name="Coach Sam")}
for i, (a, t) in enumerate(lines):
    fold(det.update(Message("inline", i, a, t), ctx.get(a)))
    n += 1
print(_native.status()["build"], n, h.hexdigest())
"""


def _child(env_extra: dict[str, str]) -> tuple[str, int, str]:
    env = {**os.environ, **env_extra}
    proc = subprocess.run(
        [sys.executable, "-c", _DIGEST, str(DEVSET)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    build, n, digest = proc.stdout.split()[-3:]
    return build, int(n), digest


def _compiled_installed() -> bool:
    root = Path(_native.__file__).resolve().parent
    return any(_native._compiled(root, m) is not None for m in _native.NATIVE_MODULES)


def test_both_builds_give_identical_assessments() -> None:
    compiled = _child({_native.PURE_ENV: ""})
    python = _child({_native.PURE_ENV: "1"})
    assert python[0] == "python"
    assert compiled[1] == python[1] > 500  # every message of the set was scored
    assert compiled[2] == python[2]
    if _compiled_installed():
        assert compiled[0] == "compiled"


@pytest.mark.skipif(
    os.environ.get("GUARDLINE_REQUIRE_NATIVE") != "1",
    reason="GUARDLINE_REQUIRE_NATIVE=1 (CI) requires the compiled build",
)
def test_ci_runs_the_compiled_build() -> None:
    import guardline.detect.detector  # the modules under test
    import guardline.model.learned  # noqa: F401

    st = _native.status()
    assert st["build"] == "compiled", st
    assert all(v in ("compiled", "not loaded") for v in st["modules"].values())  # type: ignore[union-attr]


def _fake_install(tmp: Path, compiled: bool = True) -> Path:
    """A package tree with the hot modules' sources, (fake) extensions and a build record."""
    root = tmp / "guardline"
    digests = {}
    suffix = _native.importlib.machinery.EXTENSION_SUFFIXES[0]
    for m in _native.NATIVE_MODULES:
        src = _native._source(root, m)
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text(f"X = {m!r}\n", encoding="utf-8")
        if compiled:
            src.with_suffix(suffix).write_bytes(b"")
        digests[m] = hashlib.sha256(src.read_bytes()).hexdigest()
    (root / "_native.json").write_text(json.dumps({"version": 1, "sources": digests}))
    return root


def test_current_build_runs_compiled(tmp_path: Path) -> None:
    root = _fake_install(tmp_path)
    assert _native.python_reason(root, {}) is None


def test_pure_python_install_needs_no_switch(tmp_path: Path) -> None:
    root = _fake_install(tmp_path, compiled=False)
    assert _native.python_reason(root, {_native.PURE_ENV: "1"}) is None  # nothing to bypass


def test_env_switch_sends_back_to_python(tmp_path: Path) -> None:
    root = _fake_install(tmp_path)
    assert "GUARDLINE_PURE_PYTHON" in (_native.python_reason(root, {_native.PURE_ENV: "1"}) or "")
    assert _native.python_reason(root, {_native.PURE_ENV: "0"}) is None


def test_edited_source_sends_every_module_back_to_python(tmp_path: Path) -> None:
    root = _fake_install(tmp_path)
    src = _native._source(root, "guardline.model.features")
    src.write_text(src.read_text() + "Y = 1\n", encoding="utf-8")
    reason = _native.python_reason(root, {})
    assert reason is not None and "guardline.model.features changed" in reason


def test_missing_or_broken_build_record(tmp_path: Path) -> None:
    root = _fake_install(tmp_path)
    (root / "_native.json").write_text("{not json", encoding="utf-8")
    assert "_native.json" in (_native.python_reason(root, {}) or "")
    (root / "_native.json").unlink()
    assert "_native.json" in (_native.python_reason(root, {}) or "")


def test_a_missing_extension_is_not_run_half_compiled(tmp_path: Path) -> None:
    root = _fake_install(tmp_path)
    suffix = _native.importlib.machinery.EXTENSION_SUFFIXES[0]
    _native._source(root, "guardline.detect.policy").with_suffix(suffix).unlink()
    assert "guardline.detect.policy" in (_native.python_reason(root, {}) or "")


def test_setup_compiles_exactly_the_listed_modules() -> None:
    """setup.py loads _native.py by its path and compiles its NATIVE_MODULES."""
    ns: dict[str, object] = {"PACKAGE": ROOT / "src" / "guardline"}
    code = compile((ROOT / "setup.py").read_text(encoding="utf-8"), "setup.py", "exec")
    fn = next(c for c in code.co_consts if getattr(c, "co_name", "") == "_native")
    from types import FunctionType

    got = FunctionType(fn, ns)().NATIVE_MODULES
    assert got == _native.NATIVE_MODULES
    for m in got:
        assert _native._source(ROOT / "src" / "guardline", m).is_file()
