"""Command line: thin Typer commands over the library. One module per command group."""

from __future__ import annotations

from guardline.cli import bench, console, db, demo, evaluate, scan, serve, stats, synth, train  # noqa: F401  (register commands)
from guardline.cli.app import app


def main() -> None:
    import sys

    if sys.argv[1:2] == ["train"]:
        from guardline.cli.train import pin_kernels_and_reexec

        pin_kernels_and_reexec(sys.argv[1:])
    # named, since after the kernel pin's re-exec argv[0] is "-c"
    app(prog_name="guardline")


__all__ = ["app", "main"]
