"""Which build of the streaming hot path runs: mypyc-compiled C extensions, or plain Python.

``setup.py`` compiles the modules in :data:`NATIVE_MODULES` with mypyc when it can (about
1.5x the messages per second; the results are bit-identical, see ``tests/test_native.py``)
and records the sha256 of each compiled source in ``guardline/_native.json``. Python
imports an extension before a ``.py`` of the same name, so ``guardline/__init__.py`` calls
:func:`install` first, which sends *every* hot module back to its Python source when

- ``GUARDLINE_PURE_PYTHON=1`` is set (for debugging, profiling or comparing), or
- any compiled source has changed since the build (an edited checkout of an editable
  install: the extension would run the old code; a warning says to reinstall).

All or none: compiled modules call each other directly in C, so a mix would still run old
code. :func:`status` says which build is running (shown by ``guardline bench`` and
``/readyz``). No imports beyond the standard library: this runs before anything else.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType

#: the modules setup.py compiles (read by setup.py: keep this a tuple literal of strings)
NATIVE_MODULES = (
    "guardline.signs.normalization",
    "guardline.signs.base",
    "guardline.model.features",
    "guardline.model.learned",
    "guardline.detect.policy",
    "guardline.detect.detector",
)

PURE_ENV = "GUARDLINE_PURE_PYTHON"
_PACKAGE_DIR = Path(__file__).resolve().parent
#: why the hot modules run as Python though compiled ones are installed (None: they don't)
_forced: str | None = None


def _source(root: Path, module: str) -> Path:
    return root.joinpath(*module.split(".")[1:]).with_suffix(".py")


def _compiled(root: Path, module: str) -> Path | None:
    src = _source(root, module)
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        p = src.with_suffix(suffix)
        if p.is_file():
            return p
    return None


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def python_reason(root: Path, environ: Mapping[str, str]) -> str | None:
    """Why the hot modules under package directory ``root`` must run from their Python
    sources although compiled ones are there; ``None`` if the compiled ones may run (or
    there are none)."""
    if not any(_compiled(root, m) for m in NATIVE_MODULES):
        return None
    if _truthy(environ.get(PURE_ENV)):
        return f"{PURE_ENV} is set"
    try:
        info = json.loads((root / "_native.json").read_text(encoding="utf-8"))
        recorded = info["sources"]
    except (OSError, ValueError, KeyError, TypeError):
        return "the build record _native.json is missing or unreadable"
    for m in NATIVE_MODULES:
        src = _source(root, m)
        try:
            digest = hashlib.sha256(src.read_bytes()).hexdigest()
        except OSError:
            continue  # an installed wheel may ship extensions only: nothing to compare
        if _compiled(root, m) is None or recorded.get(m) != digest:
            return f"{m} changed since it was compiled"
    return None


class _PythonSources(importlib.abc.MetaPathFinder):
    """Finds the hot modules as their ``.py`` files, ahead of the compiled extensions."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in NATIVE_MODULES:
            return None
        return importlib.util.spec_from_file_location(fullname, _source(self.root, fullname))


def install() -> None:
    """Called once by ``guardline/__init__.py`` before any hot module is imported."""
    global _forced
    reason = python_reason(_PACKAGE_DIR, os.environ)
    if reason is None:
        return
    _forced = reason
    if not _truthy(os.environ.get(PURE_ENV)):
        warnings.warn(
            f"guardline: running the hot path as plain Python ({reason}); reinstall "
            "(pip install -e .) to compile it again",
            RuntimeWarning,
            stacklevel=2,
        )
    sys.meta_path.insert(0, _PythonSources(_PACKAGE_DIR))


def status() -> dict[str, object]:
    """Which build runs: ``{"build": "compiled" | "python", "reason": ..., "modules": {...}}``
    (a module's entry is ``"compiled"``, ``"python"`` or ``"not loaded"``)."""
    modules: dict[str, str] = {}
    for m in NATIVE_MODULES:
        mod = sys.modules.get(m)
        if mod is None:
            modules[m] = "not loaded"
        else:
            f = getattr(mod, "__file__", "") or ""
            modules[m] = "python" if f.endswith(".py") else "compiled"
    loaded = [v for v in modules.values() if v != "not loaded"]
    build = "compiled" if loaded and all(v == "compiled" for v in loaded) else "python"
    if _forced is not None:
        reason = _forced
    elif build == "compiled":
        reason = "mypyc extensions"
    elif any(_compiled(_PACKAGE_DIR, m) for m in NATIVE_MODULES):
        reason = "mixed"
    else:
        reason = "not compiled (pure-Python install)"
    return {"build": build, "reason": reason, "modules": modules}
