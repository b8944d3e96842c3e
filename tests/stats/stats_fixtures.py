"""Fixture writers for the stats tests: small synthetic Home Office / FOI tables (CSV, ODS).

Force names are real; every count is made up for the tests.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

HO_HEADER = [
    "Financial Year",
    "Financial Quarter",
    "Force Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
    "Number of Offences",
]


def split_quarters(total: int) -> list[int]:
    """``total`` split into four quarters that sum back to it."""
    base = total // 4
    qs = [base] * 4
    for i in range(total - 4 * base):
        qs[i] += 1
    return qs


def ho_rows(
    figures: dict[str, dict[str, int]],
    code: str = "88A",
    description: str = "Sexual grooming",
) -> list[list[object]]:
    """Long-format rows: force -> {financial year: yearly total}, split into quarters."""
    rows: list[list[object]] = []
    for force, years in figures.items():
        for fy, total in years.items():
            for q, n in enumerate(split_quarters(total), start=1):
                rows.append(
                    [fy, q, force, description, "Sexual offences", "Other sexual offences", code, n]
                )
    return rows


def write_csv(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], encoding: str = "utf-8"
) -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_ods(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], title_rows: int = 2
) -> Path:
    """An ODS file like the Home Office's: a notes sheet, then a data sheet with title lines
    above the header, numeric cells typed as floats, and a block of repeated empty rows."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    notes = Table(name="Notes")
    tr = TableRow()
    c = TableCell(valuetype="string")
    c.addElement(P(text="Synthetic test table; counts are made up."))
    tr.addElement(c)
    notes.addElement(tr)
    doc.spreadsheet.addElement(notes)

    data = Table(name="Data")
    for i in range(title_rows):
        tr = TableRow()
        c = TableCell(valuetype="string")
        c.addElement(P(text=f"Title line {i + 1}"))
        tr.addElement(c)
        data.addElement(tr)
    for values in [list(header), *[list(r) for r in rows]]:
        tr = TableRow()
        for v in values:
            if isinstance(v, int):
                c = TableCell(valuetype="float", value=v)
                c.addElement(P(text=f"{v:,}"))
            else:
                c = TableCell(valuetype="string")
                c.addElement(P(text=str(v)))
            tr.addElement(c)
        tr.addElement(TableCell(numbercolumnsrepeated=1000))
        data.addElement(tr)
    empty = TableRow(numberrowsrepeated=100000)
    empty.addElement(TableCell(numbercolumnsrepeated=1024))
    data.addElement(empty)
    doc.spreadsheet.addElement(data)
    doc.save(str(path))
    return path


SEED = {
    "Leicestershire": {"2021/22": 59, "2022/23": 89},
    "England and Wales": {"2021/22": 3217, "2022/23": 4373},
}
