"""Read a rectangular table from CSV or ODS, with row numbers for error messages.

No pandas. ODS is streamed from the file's ``content.xml`` (see :func:`_ods_sheets`). The
header row is found among the first rows of a sheet (official spreadsheets put titles and notes
above it). Blank rows are passed over (they hold no data); every other row is
returned with its 1-based row number in the file or sheet, so errors can name it.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

HEADER_SEARCH_ROWS = 30
MAX_REPEAT = 512  # cap on expanded repeated empty ODS cells


class TableError(ValueError):
    """A table could not be read: which file (and sheet), which row, why."""

    def __init__(self, file: str | Path, row: int | None, reason: str, sheet: str | None = None):
        self.file = str(file)
        self.row = row
        self.sheet = sheet
        self.reason = reason
        where = self.file
        if sheet:
            where += f", sheet {sheet!r}"
        if row is not None:
            where += f", row {row}"
        super().__init__(f"{where}: {reason}")


def norm_header(h: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", h.strip().lower()).strip()


@dataclass
class RawTable:
    """Rows of one sheet below its header: ``(row_number, cells)``, cells padded to the header."""

    file: Path
    sheet: str | None
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[str]]]

    def index(self, names: Sequence[str]) -> int | None:
        """Column index of the first header matching any of ``names`` (normalised)."""
        wanted = {norm_header(n) for n in names}
        for i, h in enumerate(self.header):
            if norm_header(h) in wanted:
                return i
        return None


def _decode(path: Path, encoding: str) -> str:
    data = path.read_bytes()
    if encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise TableError(path, 1, "the file is UTF-16 encoded; pass --encoding utf-16")
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TableError(
            path,
            line,
            f"not valid {encoding} text (byte 0x{data[exc.start]:02x}); save the file as UTF-8 "
            "or pass --encoding (e.g. cp1252)",
        ) from None
    except LookupError:
        raise TableError(path, None, f"unknown encoding {encoding!r}") from None


def _blank(cells: Sequence[str]) -> bool:
    return all(not c.strip() for c in cells)


def _csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, list[str]]]:
    text = _decode(path, encoding)
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TableError(path, reader.line_num, f"malformed CSV: {exc}") from None


_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = f"{{{_TABLE_NS}}}table"
_ROW = f"{{{_TABLE_NS}}}table-row"
_CELLS = (f"{{{_TABLE_NS}}}table-cell", f"{{{_TABLE_NS}}}covered-table-cell")
_P = f"{{{_TEXT_NS}}}p"
_S = f"{{{_TEXT_NS}}}s"
_TAB = f"{{{_TEXT_NS}}}tab"


def _text_of(node: ET.Element) -> str:
    """Text of a paragraph, with ``text:s`` (runs of spaces) and ``text:tab`` expanded."""
    out = [node.text or ""]
    for child in node:
        if child.tag == _S:
            out.append(" " * int(child.get(f"{{{_TEXT_NS}}}c", "1")))
        elif child.tag == _TAB:
            out.append("\t")
        else:
            out.append(_text_of(child))
        out.append(child.tail or "")
    return "".join(out)


def _ods_cell_value(cell: ET.Element) -> str:
    vtype = cell.get(f"{{{_OFFICE_NS}}}value-type")
    if vtype in ("float", "percentage", "currency"):
        v = cell.get(f"{{{_OFFICE_NS}}}value")
        if v is not None:
            return v
    if vtype == "boolean":
        return cell.get(f"{{{_OFFICE_NS}}}boolean-value", "")
    if vtype == "date":
        return cell.get(f"{{{_OFFICE_NS}}}date-value", "")
    return "\n".join(_text_of(p) for p in cell if p.tag == _P)


def _ods_sheets(path: Path) -> Iterator[tuple[str, Iterator[tuple[int, list[str]]]]]:
    """Sheets of an ODS file, streamed from ``content.xml`` (constant memory per row).

    Official tables run to hundreds of thousands of rows; loading them as an odfpy document
    took 25 s and 1.1 GB for 53,000 rows, so rows are parsed one at a time with ``iterparse``
    and released. Each sheet's rows must be consumed (or are drained) before the next sheet.
    """
    try:
        zf = zipfile.ZipFile(path)
        fh = zf.open("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise TableError(
            path, None, f"not a readable ODS spreadsheet ({type(exc).__name__})"
        ) from None
    events = ET.iterparse(fh, events=("start", "end"))

    def advance() -> tuple[str, ET.Element] | None:
        try:
            return next(events)
        except StopIteration:
            return None
        except ET.ParseError as exc:
            raise TableError(path, None, f"not a readable ODS spreadsheet (XML: {exc})") from None

    def rows_of() -> Iterator[tuple[int, list[str]]]:
        n = 0
        while (ev := advance()) is not None:
            kind, elem = ev
            if kind != "end":
                continue
            if elem.tag == _TABLE:
                return
            if elem.tag != _ROW:
                continue
            rep = int(elem.get(f"{{{_TABLE_NS}}}number-rows-repeated", "1"))
            cells: list[str] = []
            for cell in elem:
                if cell.tag not in _CELLS:
                    continue
                crep = int(cell.get(f"{{{_TABLE_NS}}}number-columns-repeated", "1"))
                val = _ods_cell_value(cell)
                if not val.strip() and crep > MAX_REPEAT:
                    crep = MAX_REPEAT
                cells.extend([val] * crep)
            elem.clear()
            while cells and not cells[-1].strip():
                cells.pop()
            if not cells:
                n += rep
                continue
            for _ in range(rep):
                n += 1
                yield n, cells

    try:
        current: Iterator[tuple[int, list[str]]] | None = None
        while True:
            if current is not None:
                for _ in current:  # drain the rest of the previous sheet
                    pass
            while (ev := advance()) is not None:
                if ev[0] == "start" and ev[1].tag == _TABLE:
                    break
            if ev is None:
                return
            current = rows_of()
            yield str(ev[1].get(f"{{{_TABLE_NS}}}name", "")), current
    finally:
        fh.close()
        zf.close()


def _find_header(
    rows: Iterator[tuple[int, list[str]]], required: Sequence[Sequence[str]]
) -> tuple[int, list[str]] | None:
    """Advance ``rows`` to the header: the first row holding one name of every ``required``
    group. Returns ``None`` if none of the first rows is a header."""
    for i, (n, cells) in enumerate(rows):
        normed = {norm_header(c) for c in cells}
        if all(any(norm_header(a) in normed for a in group) for group in required):
            return n, cells
        if i >= HEADER_SEARCH_ROWS:
            return None
    return None


def read_tables(
    path: Path, required: Sequence[Sequence[str]], encoding: str = "utf-8"
) -> list[RawTable]:
    """Every sheet of ``path`` (CSV: the one table) whose header has all ``required`` columns.

    ``required`` is a list of alias groups (any one alias satisfies a group). Raises
    :class:`TableError` naming the missing columns when no sheet has them.
    """
    path = Path(path)
    if not path.is_file():
        raise TableError(path, None, "file not found")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        sheets: Iterator[tuple[str | None, Iterator[tuple[int, list[str]]]]] = iter(
            [(None, _csv_rows(path, encoding))]
        )
    elif suffix == ".ods":
        sheets = _ods_sheets(path)  # type: ignore[assignment]
    elif suffix in (".xlsx", ".xls"):
        raise TableError(path, None, "Excel files are not read; save the sheet as CSV or ODS")
    else:
        raise TableError(path, None, f"unsupported file type {suffix!r} (use .csv or .ods)")

    found: list[RawTable] = []
    first_seen: tuple[str | None, list[str]] | None = None
    for name, rows in sheets:
        rows = (r for r in rows if not _blank(r[1]))
        head = _find_header(rows, required)
        if head is None:
            continue
        hrow, header = head
        width = len(header)
        body: list[tuple[int, list[str]]] = []
        for n, cells in rows:
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                raise TableError(
                    path, n, f"{len(cells)} cells but the header has {width}", sheet=name
                )
            body.append((n, [c.strip() for c in (cells + [""] * width)[:width]]))
        found.append(RawTable(path, name, [h.strip() for h in header], hrow, body))
        if first_seen is None:
            first_seen = (name, header)
    if not found:
        names = [g[0] for g in required]
        raise TableError(
            path,
            None,
            "no header row with the required columns "
            + ", ".join(repr(n) for n in names)
            + _header_hint(path, encoding, required),
        )
    return found


def _header_hint(path: Path, encoding: str, required: Sequence[Sequence[str]]) -> str:
    """Name the missing columns for a CSV whose first non-blank row looks like a header."""
    if path.suffix.lower() not in (".csv", ".txt", ".tsv"):
        return ""
    for n, cells in _csv_rows(path, encoding):
        if _blank(cells):
            continue
        normed = {norm_header(c) for c in cells}
        missing = [g[0] for g in required if not any(norm_header(a) in normed for a in g)]
        return f"; the header (row {n}) lacks {', '.join(repr(m) for m in missing)}"
    return "; the file is empty"
