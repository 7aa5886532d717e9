"""Reader for text dumps: tab-separated rows under a title line.

Text dumps (copy-paste or OCR exports of a disclosure) print each table as a
``表N`` label, a title line, a ``金额单位`` line and tab-separated rows. Tables can be
cut short or lose their title; those rows are still yielded, with an empty title,
so the catalog can report them.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import ReadError
from ..normalise.units import stated_unit
from .grid import Grid, RawDocument

_UNIT_LINE = re.compile(r"^(?:金额)?单位")  # a unit line starts with its label; normalise.units reads the unit
_NUMBER = re.compile(r"^表\s*(\d+)\s*$")
_NOT_TITLE = re.compile(r"^(?:-\s*)?注|^\d+\s*[.、．]|^[（(]")


def read_text(path: str | Path) -> RawDocument:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot read file ({exc.strerror})") from exc
    if not raw.strip():
        raise ReadError(path, "empty file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ReadError(path, "not a text file (neither UTF-8 nor GB18030)") from exc
    grids = list(_grids(text.splitlines()))
    return RawDocument(source=str(path), grids=grids, text=[(None, text)], pages=None, reader="text")


def _grids(lines: list[str]):
    """Group tab-separated lines into grids; blank lines do not end a grid, prose does."""
    start = 0          # first line after the previous grid: titles are looked for from here
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            i += 1
            continue
        first = i
        rows: list[list[str]] = []
        while i < len(lines) and ("\t" in lines[i] or not lines[i].strip()):
            if "\t" in lines[i]:
                rows.append([c.strip() for c in lines[i].split("\t")])
            i += 1
        title, number, unit = _heading(lines[start:first])
        notes = [] if title else [f"rows without a title line (line {first + 1})"]
        yield Grid(title=title, rows=_trim(rows), number=number, unit_printed=unit or "", unit_source="caption" if unit else "",
                   reader="text", position=f"line {first + 1}", notes=notes)
        start = i


def _heading(before: list[str]) -> tuple[str, str | None, str | None]:
    """Title, 表N label and printed unit from the lines just above a grid."""
    title, number, unit = "", None, None
    for line in reversed(before):
        s = line.strip()
        if not s:
            continue
        if _UNIT_LINE.match(s) and stated_unit(s):
            unit = stated_unit(s)
        elif m := _NUMBER.match(s):
            number = f"表{m.group(1)}"
            break
        elif not title and not _NOT_TITLE.match(s) and len(s) <= 80 and not s.endswith(("。", "；", "：")):
            title = s
        elif title:
            break
        else:
            break
    return title, number, unit


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop trailing empty cells so widths reflect content, keeping leading blanks (merged cells)."""
    out = []
    for row in rows:
        while row and not row[-1]:
            row = row[:-1]
        out.append(row)
    return out
