"""Which build of the streaming hot path runs: mypyc-compiled C extensions, or plain Python.

``setup.py`` compiles the modules in :data:`NATIVE_MODULES` with mypyc when it can (about
1.5-1.7x the messages per second; the results are bit-identical, see ``tests/test_native.py``)
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

#: the modules setup.py compiles (it loads this file by path: keep it standard-library only)
NATIVE_MODULES = (
    "guardline.signs.normalization",
    "guardline.signs.patterns",
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
#: "compiled" when current compiled modules are installed and not bypassed (set by install)
_build = "python"


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


def source_digests(root: Path) -> dict[str, str]:
    """The sha256 of each hot module's source under package directory ``root`` (what the
    build records in ``_native.json``; a module without its ``.py`` is left out)."""
    out: dict[str, str] = {}
    for m in NATIVE_MODULES:
        try:
            out[m] = hashlib.sha256(_source(root, m).read_bytes()).hexdigest()
        except OSError:
            continue  # an installed wheel may ship extensions only: nothing to compare
    return out


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
    digests = source_digests(root)
    for m in NATIVE_MODULES:
        if _compiled(root, m) is None or (m in digests and recorded.get(m) != digests[m]):
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
    global _forced, _build
    reason = python_reason(_PACKAGE_DIR, os.environ)
    if reason is None:
        compiled = any(_compiled(_PACKAGE_DIR, m) for m in NATIVE_MODULES)
        _build = "compiled" if compiled else "python"
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
    """Which build runs, as decided at import by :func:`install`:
    ``{"build": "compiled" | "python", "reason": ..., "modules": {...}}`` (a module's entry
    says what is loaded: ``"compiled"``, ``"python"`` or ``"not loaded"``)."""
    modules: dict[str, str] = {}
    for m in NATIVE_MODULES:
        mod = sys.modules.get(m)
        if mod is None:
            modules[m] = "not loaded"
        else:
            f = getattr(mod, "__file__", "") or ""
            modules[m] = "python" if f.endswith(".py") else "compiled"
    if _forced is not None:
        build, reason = "python", _forced
    elif _build == "compiled":
        build, reason = "compiled", "mypyc extensions"
    else:
        build, reason = "python", "not compiled (pure-Python install)"
    return {"build": build, "reason": reason, "modules": modules}
