"""The Typer application object. Command modules register themselves on it."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="guardline",
    help="Early-warning detection of online grooming: scan, explain, evaluate, benchmark, train.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
