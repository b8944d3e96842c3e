"""Synthetic example tables for ``guardline stats public`` (a fresh clone has no public data).

Real force names, made-up counts, seeded: the same files every time. The national figures are
the seed's (England and Wales 3,217 -> 4,373, Leicestershire 59 -> 89) and the other 42 forces
are a random split of the remainder, so the explicit England and Wales rows agree with the sum
of the forces. File names say "synthetic"; never present these counts as real statistics.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from guardline.stats.forces import NATIONAL, TERRITORIAL_FORCES

HOME_OFFICE_FILE = "synthetic_home_office_88A.csv"
FOI_FILE = "synthetic_foi.csv"
YEARS = ("2020/21", "2021/22", "2022/23")
NATIONAL_TOTALS = {"2020/21": 2890, "2021/22": 3217, "2022/23": 4373}
LEICESTERSHIRE = {"2020/21": 51, "2021/22": 59, "2022/23": 89}
HO_HEADER = (
    "Financial Year",
    "Financial Quarter",
    "Force Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
    "Number of Offences",
)
PLATFORMS = ("Snapchat", "Instagram", "WhatsApp", "Facebook", "Kik")


def _split(
    rng: random.Random, total: int, parts: int, weights: list[float] | None = None
) -> list[int]:
    """``total`` split into ``parts`` non-negative integers in proportion to ``weights``
    (random when not given)."""
    if weights is None:
        weights = [rng.uniform(0.3, 3.0) for _ in range(parts)]
    scale = total / sum(weights)
    out = [int(w * scale) for w in weights]
    for i in rng.sample(range(parts), total - sum(out)):
        out[i] += 1
    return out


def force_figures(seed: int = 88) -> dict[str, dict[str, int]]:
    """Yearly counts by force (and England and Wales), as in the example files."""
    rng = random.Random(seed)
    others = [f for f in TERRITORIAL_FORCES if f != "Leicestershire"]
    size = [rng.uniform(0.3, 3.0) for _ in others]  # a force's share stays roughly the same
    figures: dict[str, dict[str, int]] = {f: {} for f in TERRITORIAL_FORCES}
    for y in YEARS:
        weights = [w * rng.uniform(0.8, 1.25) for w in size]
        rest = NATIONAL_TOTALS[y] - LEICESTERSHIRE[y]
        for f, n in zip(others, _split(rng, rest, len(others), weights), strict=True):
            figures[f][y] = n
        figures["Leicestershire"][y] = LEICESTERSHIRE[y]
    figures[NATIONAL] = dict(NATIONAL_TOTALS)
    return figures


def write_example_tables(out_dir: Path | str, seed: int = 88) -> list[Path]:
    """Write the synthetic Home Office table and FOI table into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + 1)
    figures = force_figures(seed)
    ho = out / HOME_OFFICE_FILE
    with ho.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HO_HEADER)
        for force, years in figures.items():
            for y, total in years.items():
                for q, n in enumerate(_split(rng, total, 4), start=1):
                    w.writerow(
                        [
                            y,
                            q,
                            force,
                            "Sexual grooming",
                            "Sexual offences",
                            "Other sexual offences",
                            "88A",
                            n,
                        ]
                    )
    foi = out / FOI_FILE
    responding = [f for f in TERRITORIAL_FORCES if rng.random() < 0.75 or f == "Leicestershire"]
    with foi.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Force", "Year", "Offences", "Under 12", *PLATFORMS])
        for force in responding:
            for y in YEARS[1:]:
                n = figures[force][y]
                under = int(n * rng.uniform(0.15, 0.35))
                recorded = int(n * rng.uniform(0.4, 0.8))
                plats = _split(rng, recorded, len(PLATFORMS), [5.0, 2.0, 1.6, 0.8, 0.2])
                w.writerow([force, y, n, under, *plats])
    return [ho, foi]
