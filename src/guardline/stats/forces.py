"""The police forces of England and Wales and the names public tables give them.

43 territorial forces plus British Transport Police. ``canonical_force`` maps the common
variants ("Devon & Cornwall Police", "Metropolitan Police Service", "London, City of",
"Hampshire and Isle of Wight Constabulary", ...) to one name; an unknown name is ``None``
so the caller can raise an error naming the row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

TERRITORIAL_FORCES: tuple[str, ...] = (
    "Avon and Somerset",
    "Bedfordshire",
    "Cambridgeshire",
    "Cheshire",
    "City of London",
    "Cleveland",
    "Cumbria",
    "Derbyshire",
    "Devon and Cornwall",
    "Dorset",
    "Durham",
    "Dyfed-Powys",
    "Essex",
    "Gloucestershire",
    "Greater Manchester",
    "Gwent",
    "Hampshire",
    "Hertfordshire",
    "Humberside",
    "Kent",
    "Lancashire",
    "Leicestershire",
    "Lincolnshire",
    "Merseyside",
    "Metropolitan Police",
    "Norfolk",
    "North Wales",
    "North Yorkshire",
    "Northamptonshire",
    "Northumbria",
    "Nottinghamshire",
    "South Wales",
    "South Yorkshire",
    "Staffordshire",
    "Suffolk",
    "Surrey",
    "Sussex",
    "Thames Valley",
    "Warwickshire",
    "West Mercia",
    "West Midlands",
    "West Yorkshire",
    "Wiltshire",
)
BTP = "British Transport Police"
ALL_FORCES: tuple[str, ...] = (*TERRITORIAL_FORCES, BTP)
NATIONAL = "England and Wales"

#: Bodies that appear in the Home Office tables for fraud offences; not police forces.
OTHER_BODIES: tuple[str, ...] = ("Action Fraud", "CIFAS", "UK Finance")

_SUFFIXES = (
    "police service",
    "police force",
    "constabulary",
    "police",
    "pfa",
)

_EXTRA_VARIANTS: dict[str, str] = {
    "met": "Metropolitan Police",
    "mps": "Metropolitan Police",
    "metropolitan": "Metropolitan Police",
    "london city of": "City of London",
    "london": "Metropolitan Police",
    "city of london": "City of London",
    "hampshire and isle of wight": "Hampshire",
    "hampshire and iow": "Hampshire",
    "county durham": "Durham",
    "dyfed powys": "Dyfed-Powys",
    "gmp": "Greater Manchester",
    "btp": BTP,
    "british transport": BTP,
    "avon somerset": "Avon and Somerset",
    "devon cornwall": "Devon and Cornwall",
}

_NATIONAL_VARIANTS = {
    "england and wales",
    "total england and wales",
    "england and wales total",
    "e and w",
    "national",
    "total",
}


def normalize_name(name: str) -> str:
    """Lower case, '&' to 'and', punctuation to spaces, force suffixes removed."""
    s = name.strip().lower().replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    changed = True
    while changed:
        changed = False
        for suf in _SUFFIXES:
            if s.endswith(" " + suf):
                s = s[: -len(suf) - 1].strip()
                changed = True
    return s


def _table(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    table = {normalize_name(f): f for f in ALL_FORCES}
    table.update(_EXTRA_VARIANTS)
    for k, v in (extra or {}).items():
        if v not in ALL_FORCES:
            raise ValueError(f"force alias {k!r} -> {v!r}: {v!r} is not a force name")
        table[normalize_name(k)] = v
    return table


_DEFAULT_TABLE = _table()


def canonical_force(name: str, extra: Mapping[str, str] | None = None) -> str | None:
    """The canonical force name for ``name``, or ``None`` when it is not a known force.

    ``extra`` adds variants (variant -> canonical name), e.g. for a new force or a local name.
    """
    table = _table(extra) if extra else _DEFAULT_TABLE
    return table.get(normalize_name(name))


def is_national(name: str) -> bool:
    return normalize_name(name) in _NATIONAL_VARIANTS


def other_body(name: str) -> str | None:
    n = normalize_name(name)
    for b in OTHER_BODIES:
        if normalize_name(b) == n:
            return b
    return None


def territorial(names: Iterable[str]) -> list[str]:
    return [n for n in names if n in TERRITORIAL_FORCES]
