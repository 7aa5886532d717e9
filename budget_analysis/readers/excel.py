"""Excel reader: one table per sheet, rendered as the sheet prints it.

Budget systems export each table to its own sheet: a `表N` label (in a cell or as
the sheet name), a merged title cell, a `金额单位` line, then the header rows and
the body. Cells are rendered as printed (the number format decides the decimals),
so amounts parse to the same values, with the same printed precision, as in a
text dump of the same document. A sheet holding one column of prose is narrative.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from ..errors import ReadError
from .excel_formulas import fill_formulas, uncached_formulas
from ..normalise.units import stated_unit
from .grid import Grid, RawDocument

_NUMBER = re.compile(r"^表\s*(\d+)\s*(.*)$")
_SHEET_NUMBER = re.compile(r"^(?:表|T)\s*0*(\d+)(?!\d)", re.IGNORECASE)
_NOT_TITLE = re.compile(r"^(?:-\s*)?注|^\d+\s*[.、．]|^[（(]")
_MAX_TITLE = 80

_ZIP = b"PK\x03\x04"
_OLE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # stream of a password-protected .xlsx


def read_excel(path: str | Path) -> RawDocument:
    """Read a workbook (.xlsx or .xls, whatever the suffix says) into grids and narrative text."""
    path = Path(path)
    grids, text, problems = [], [], []
    for name, rows, notes in (s if len(s) == 3 else (*s, []) for s in _sheets(path)):
        problems += [f"sheet {name}: {n}" for n in notes]
        rows = _trim_rows([_trim(r) for r in rows])
        if not rows:
            continue
        if all(sum(bool(c) for c in r) <= 1 for r in rows):
            text.append((None, "\n".join("".join(r) for r in rows)))
        else:
            grids.append(_grid(name, rows))
            grids[-1].notes += notes
    if not grids:
        raise ReadError(path, "no sheet holds a table")
    return RawDocument(source=str(path), grids=grids, text=text, pages=None, reader="excel", problems=problems)


def _sheets(path: Path):
    """(sheet name, rows of printed cell strings) of every visible sheet, by file signature."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot read file ({exc.strerror})") from exc
    if data.startswith(_ZIP):
        return _xlsx_sheets(path)
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise ReadError(path, "password-protected workbook: save it without a password first")
        return _xls_sheets(path)
    if re.match(rb"\s*(?:\xef\xbb\xbf)?\s*<", data[:512]):
        raise ReadError(path, "an HTML or XML page with an Excel suffix: open it and save it as .xlsx")
    raise ReadError(path, "not an Excel workbook (neither an .xlsx zip nor an .xls file)")


def _xlsx_sheets(path: Path) -> list[tuple[str, list[list[str]], list[str]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_unpacked_size(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            out = []
            for ws in wb.worksheets:
                if ws.sheet_state != "visible":
                    continue
                ws.reset_dimensions()  # some exporters write a wrong <dimension>; read every row
                pending = uncached_formulas(wb, ws)
                rows, formats = [], {}
                for i, row in enumerate(ws.iter_rows()):
                    rows.append([_render(c.value, c.number_format) if c.value is not None else "" for c in row])
                    for j, c in enumerate(row):
                        if (i, j) in pending:
                            formats[i, j] = getattr(c, "number_format", None) or "General"
                out.append((ws.title, rows, fill_formulas(rows, pending, formats, _render) if pending else []))
            return out
        finally:
            wb.close()
    except IndexError as exc:  # a cell points past the end of sharedStrings.xml
        raise ReadError(path, f"corrupt .xlsx workbook (a cell refers to a shared string the workbook does not "
                              f"hold: {exc})") from exc
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, SyntaxError,  # XML ParseError
            InvalidFileException) as exc:
        raise ReadError(path, f"corrupt .xlsx workbook ({type(exc).__name__}: {exc})") from exc


def _check_unpacked_size(path: Path) -> None:
    """Refuse a workbook whose parts unpack past the limits before openpyxl loads them into memory."""
    from . import LIMITS
    try:
        with zipfile.ZipFile(path) as z:
            parts = [(i.filename, i.file_size) for i in z.infolist()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReadError(path, f"corrupt .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    total = sum(size for _, size in parts)
    biggest = max(parts, key=lambda p: p[1], default=("", 0))
    strings = sum(size for name, size in parts if name.lower().endswith("sharedstrings.xml"))
    if total > LIMITS["xlsx_unpacked"] or biggest[1] > LIMITS["xlsx_part"] or strings > LIMITS["xlsx_strings"]:
        raise ReadError(path, f"workbook too large to read: its parts unpack to {total / 2**20:.0f} MiB "
                              f"({biggest[0]} {biggest[1] / 2**20:.0f} MiB, shared strings {strings / 2**20:.0f} "
                              f"MiB; limits {LIMITS['xlsx_unpacked'] >> 20}, {LIMITS['xlsx_part'] >> 20} and "
                              f"{LIMITS['xlsx_strings'] >> 20} MiB)")


def _xls_sheets(path: Path) -> list[tuple[str, list[list[str]]]]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise ReadError(path, "password-protected workbook: save it without a password first") from exc
        raise ReadError(path, f"corrupt .xls workbook ({exc})") from exc
    except Exception as exc:  # xlrd raises bare struct/index errors on truncated files
        raise ReadError(path, f"corrupt .xls workbook ({type(exc).__name__}: {exc})") from exc

    def cell(sheet, r, c) -> str:
        ctype, value = sheet.cell_type(r, c), sheet.cell_value(r, c)
        if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return ""
        fmt = book.format_map[book.xf_list[sheet.cell_xf_index(r, c)].format_key].format_str
        if ctype == xlrd.XL_CELL_DATE:
            value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
        elif ctype == xlrd.XL_CELL_BOOLEAN:
            value = bool(value)
        return _render(value, fmt)

    try:
        out = []
        for i in range(book.nsheets):
            sheet = book.sheet_by_index(i)
            if sheet.visibility == 0:
                out.append((sheet.name, [[cell(sheet, r, c) for c in range(sheet.ncols)]
                                         for r in range(sheet.nrows)]))
        return out
    finally:
        book.release_resources()


def _render(value, fmt: str) -> str:
    """A cell's value as the sheet prints it (numbers by their format, line breaks joined)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return _number(value, fmt or "General")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return "".join(part.strip() for part in str(value).splitlines()).strip()


def _number(value: float, fmt: str) -> str:
    """Decimals, percent and thousands separators from the format's first section; General as Excel shows it."""
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", fmt.split(";")[0])
    if section.strip().lower() in ("general", "@", ""):
        s = format(Decimal(f"{value:.15g}"), "f")  # Excel keeps 15 significant digits
        return s.rstrip("0").rstrip(".") if "." in s else s
    percent = "%" in section
    decimals = len(m.group(1)) if (m := re.search(r"\.([0#?]+)", section)) else 0
    sep = "," if re.search(r"[0#?],[0#?]", section) else ""
    return f"{value * (100 if percent else 1):{sep}.{decimals}f}" + ("%" if percent else "")


def _grid(sheet: str, rows: list[list[str]]) -> Grid:
    """Split a sheet into its heading lines (title, 表N, unit) and the table rows below them."""
    start, unit_row, unit = 0, None, None
    for i, row in enumerate(rows):
        cells = [c for c in row if c]
        if found := next((u for c in cells if (u := stated_unit(str(c)))), None):
            unit_row, unit = i, found
        elif len(cells) > 1:
            break
        start = i + 1
    if unit_row is not None:
        start = unit_row + 1  # below the unit line, one-cell rows (项目名称) belong to the table
    title, number = _heading([r for r in rows[:start] if not any(stated_unit(str(c)) for c in r)])
    if number is None and (m := _SHEET_NUMBER.match(sheet.strip())):
        number = f"表{m.group(1)}"
    notes = [] if title else [f"rows without a title line (sheet {sheet})"]
    return Grid(title=title, rows=rows[start:], number=number, unit_printed=unit or "", unit_source="caption" if unit else "",
                reader="excel", position=f"sheet {sheet}", notes=notes)


def _heading(lines: list[list[str]]) -> tuple[str, str | None]:
    """Title (nearest short line above the table) and 表N label from the one-cell rows above it."""
    title, number = "", None
    for row in reversed(lines):
        s = next((c for c in row if c), "")
        if m := _NUMBER.match(s):
            number = f"表{m.group(1)}"
            title = title or m.group(2)
            break
        if s and not title and not _NOT_TITLE.match(s) and len(s) <= _MAX_TITLE \
                and not s.endswith(("。", "；", "：")):
            title = s
    return title, number


def _trim(row: list[str]) -> list[str]:
    """Drop trailing empty cells, keeping leading blanks (merged cells)."""
    while row and not row[-1]:
        row = row[:-1]
    return row


def _trim_rows(rows: list[list[str]]) -> list[list[str]]:
    """Drop the empty rows above and below the sheet's content."""
    while rows and not rows[-1]:
        rows = rows[:-1]
    while rows and not rows[0]:
        rows = rows[1:]
    return rows
