"""Build hook: compile the streaming hot path with mypyc, when it can (optional speed-up).

Everything else about the package is in ``pyproject.toml``. The modules in
``guardline/_native.py``'s ``NATIVE_MODULES`` (sign matching, the model's per-message fold
and risk, the Detector's step) are plain, type-annotated Python; mypyc turns them into C
extensions with the same behaviour, about 1.5x faster per message (docs/benchmark.md).

- ``GUARDLINE_PURE_PYTHON=1`` at build time builds nothing: the package is pure Python.
- No C compiler, or a compile error: a warning, and the package stays pure Python (a build
  never fails for the speed-up).
- Floating point: ``-ffp-contract=off``, so the C compiler never fuses ``a * b + c`` into one
  rounding (it may on CPUs where FMA is the baseline, e.g. aarch64); the compiled risk is
  then bit-identical to the Python one, and ``guardline train`` keeps its hash.
- Beside the extensions the build writes ``guardline/_native.json``: the sha256 of each
  compiled source. At import, a source that no longer matches (an edited checkout of an
  editable install) sends every hot module back to its Python source, see ``_native.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
SRC = ROOT / "src"


def _native_modules() -> tuple[str, ...]:
    """``NATIVE_MODULES`` from ``guardline/_native.py``, read without importing the package."""
    ns: dict[str, object] = {}
    text = (SRC / "guardline" / "_native.py").read_text(encoding="utf-8")
    start = text.index("\nNATIVE_MODULES = (") + 1
    end = text.index(")", start) + 1
    exec(text[start:end], ns)  # a tuple literal of module names
    return tuple(ns["NATIVE_MODULES"])  # type: ignore[arg-type]


def _source(module: str) -> Path:
    return SRC.joinpath(*module.split(".")).with_suffix(".py")


class OptionalBuildExt(build_ext):
    """Build the mypyc extensions; on any failure drop them all and stay pure Python."""

    def run(self) -> None:
        if not self.extensions:
            return
        try:
            super().run()
        except Exception as exc:  # any failure: fall back, never break the install
            for out in self.get_outputs():
                Path(out).unlink(missing_ok=True)
            print(
                f"guardline: compiling the hot path failed ({type(exc).__name__}: {exc}); "
                "installing the pure-Python version (same results, slower)",
                file=sys.stderr,
            )
            return
        first = Path(self.get_ext_fullpath(NATIVE[0]))
        package_dir = first.parents[len(NATIVE[0].split(".")) - 2]
        digests = {m: hashlib.sha256(_source(m).read_bytes()).hexdigest() for m in NATIVE}
        (package_dir / "_native.json").write_text(
            json.dumps({"version": 1, "compiler": "mypyc", "sources": digests}, indent=1) + "\n",
            encoding="utf-8",
        )


NATIVE = _native_modules()


def _extensions() -> list:
    if os.environ.get("GUARDLINE_PURE_PYTHON", "").strip().lower() in {"1", "true", "yes"}:
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("guardline: mypyc not available; installing the pure-Python version", file=sys.stderr)
        return []
    paths = [str(_source(m).relative_to(ROOT)) for m in NATIVE]
    try:
        exts = mypycify(paths, opt_level="3", group_name="guardline")
    except (Exception, SystemExit) as exc:  # e.g. a type error mypyc refuses
        print(f"guardline: mypyc refused the hot path ({exc}); pure Python", file=sys.stderr)
        return []
    if sys.platform != "win32":
        for ext in exts:
            ext.extra_compile_args = [*(ext.extra_compile_args or []), "-ffp-contract=off"]
    return exts


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
