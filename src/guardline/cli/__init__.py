"""Command line: thin Typer commands over the library. One module per command group."""

from __future__ import annotations

import importlib

from guardline.cli.app import app

# Each module registers its commands on ``app`` when imported.
for _name in ("scan", "evaluate", "bench", "train"):
    try:
        importlib.import_module(f"guardline.cli.{_name}")
    except ModuleNotFoundError as exc:  # a command module not written yet
        if exc.name != f"guardline.cli.{_name}":
            raise


def main() -> None:
    app()


__all__ = ["app", "main"]
