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

import json
import os
import sys
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
SRC = ROOT / "src"
PACKAGE = SRC / "guardline"


def _native() -> ModuleType:
    """``guardline/_native.py`` (standard library only), loaded without importing the
    package: its ``NATIVE_MODULES``, ``_source`` and ``source_digests``."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_guardline_native", PACKAGE / "_native.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


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
        digests = NATIVE_INFO.source_digests(PACKAGE)
        (package_dir / "_native.json").write_text(
            json.dumps({"version": 1, "compiler": "mypyc", "sources": digests}, indent=1) + "\n",
            encoding="utf-8",
        )


NATIVE_INFO = _native()
NATIVE: tuple[str, ...] = NATIVE_INFO.NATIVE_MODULES


def _extensions() -> list:
    if NATIVE_INFO._truthy(os.environ.get(NATIVE_INFO.PURE_ENV)):
        return []  # the same switch, read the same way, as at run time
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("guardline: mypyc not available; installing the pure-Python version", file=sys.stderr)
        return []
    paths = [str(NATIVE_INFO._source(PACKAGE, m).relative_to(ROOT)) for m in NATIVE]
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
