"""The package type-checks: ``mypy src/guardline`` with the project's config reports no error.

The config is ``[tool.mypy]`` in pyproject.toml, the same one mypyc reads when setup.py
compiles the hot path in an isolated build environment that has mypy and nothing else. It
therefore names no plugin (``pydantic.mypy`` would not import there, and the build would fall
back to pure Python): the pydantic models type-check without one, their defaults given as
``Field(default=...)``, which type checkers read (a positional default they do not).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"


def test_mypy_config_imports_nothing_the_build_lacks() -> None:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["mypy"]
    assert "plugins" not in config, (
        "[tool.mypy] is read by mypyc in a build environment without third-party packages: "
        "a plugin there breaks the compiled build"
    )


@pytest.mark.slow
def test_mypy_reports_no_errors() -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (it is in the dev extra: pip install -e '.[dev]')")
    # cold, about a minute (the stubs of Ray, SQLAlchemy, numpy...); .mypy_cache makes reruns
    # take seconds
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(PYPROJECT), "src/guardline"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"mypy src/guardline failed:\n{out}"
    assert "Success: no issues found" in proc.stdout, out
