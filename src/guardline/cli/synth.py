"""``guardline synth``: write the synthetic modern-register chats as canonical JSONL.

See :mod:`guardline.corpora.synthetic` (``--generator pairs``, the default) and
:mod:`guardline.corpora.synthetic_group` (``--generator group``: group, long and bursty chats).
The output is deterministic (same ``--per-family`` and ``--seed``, same bytes; ``.gz`` output
too) and is written atomically.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from guardline.cli.app import app


@app.command()
def synth(
    out: Annotated[Path, typer.Option("--out", help="Output file (.jsonl or .jsonl.gz).")],
    per_family: Annotated[
        int, typer.Option("--per-family", min=1, help="Conversations per family.")
    ] = 60,
    seed: Annotated[int, typer.Option("--seed", help="Generator seed.")] = 0,
    generator: Annotated[
        str,
        typer.Option(
            "--generator", help="pairs: two-person chats; group: group, long and bursty chats."
        ),
    ] = "pairs",
) -> None:
    """Write labelled synthetic chats (benign hard negatives and grooming-like, non-explicit)."""
    from guardline.corpora import synthetic, synthetic_group, write_jsonl

    generators = {"pairs": synthetic.generate, "group": synthetic_group.generate}
    if generator not in generators:
        raise typer.BadParameter("choose pairs or group", param_hint="--generator")
    if not out.parent.is_dir():
        raise typer.BadParameter(f"directory {out.parent} does not exist", param_hint="--out")
    convs = generators[generator](per_family=per_family, seed=seed)
    n = write_jsonl(convs, out)
    kinds = Counter(c.extra["kind"] for c in convs)
    families = len({c.extra["family"] for c in convs})
    typer.echo(
        f"wrote {n} conversations ({kinds['grooming']} grooming-like, {kinds['benign']} benign, "
        f"{families} families) to {out}"
    )
