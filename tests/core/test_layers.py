"""The core layers (data model, signs, model, detection, metrics, loaders) never import web,
database or engine code, not even lazily inside a function (docs/DESIGN.md, "Layers")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "guardline"
CORE_LAYERS = ("core", "signs", "model", "detect", "evaluate", "corpora")
FORBIDDEN = (
    "fastapi",
    "starlette",
    "uvicorn",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "ray",
    "jinja2",
    "guardline.service",
    "guardline.store",
    "guardline.console",
    "guardline.engines",
    "guardline.cli",
)


def _imports(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append(node.module)
    return out


@pytest.mark.parametrize("layer", CORE_LAYERS)
def test_core_layers_import_no_web_database_or_engine_code(layer: str) -> None:
    bad = []
    for path in sorted((SRC / layer).rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        for name in _imports(path):
            hit = next((f for f in FORBIDDEN if name == f or name.startswith(f + ".")), None)
            if hit:
                bad.append(f"{rel}: {name}")
    assert not bad, bad


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    f = tmp_path / "x.py"
    f.write_text("def f():\n    from guardline.store import models\n    import ray.data\n")
    assert _imports(f) == ["guardline.store", "ray.data"]
