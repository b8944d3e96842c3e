"""Where the research data lives when nobody says: ``$GUARDLINE_SHARED_DATA``, else a
``shared/data`` folder beside the repository, else ``/work/shared/data``."""

from __future__ import annotations

import os
from pathlib import Path

_REPO = Path(__file__).resolve().parents[3]


def shared_data_dir() -> Path:
    """The first existing candidate (or the first candidate, for error messages)."""
    candidates = [Path(p) for p in (os.environ.get("GUARDLINE_SHARED_DATA"),) if p] + [
        _REPO.parent / "shared" / "data",
        Path.cwd().parent / "shared" / "data",
        Path("/work/shared/data"),
    ]
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]
