"""The unit every table prints its amounts in, found and never assumed: one place for every reader.

A 万元 table read as 元 is 10,000× too small and nothing downstream can tell, so the unit is looked for where
documents print it, in this order, and where it was found is recorded (`Grid.unit_source`):

- ``caption``: a line between the table and what is above it (`金额单位：万元`, also wrapped `单位：万` / `元`);
- ``frame``: a heading row inside the ruled frame (Jiangsu `收支预算总表部门：… 单位：万元`, Beijing);
- ``header``: a header row of the table (`单位：万元` in a header cell);
- ``column``: a column header (`金额（万元）`, `预算数(元)`);
- ``document``: the 目录 or cover states one unit for all tables (`金额单位：万元` once, no other unit).

When none is found the grid's unit is left empty (`unit_printed == ""`), its amounts are taken as printed, and
the `unit_unknown` finding says so; the verification then counts the table as unverified.
"""
from __future__ import annotations

import re

FACTORS = {"元": 1.0, "千元": 1000.0, "万元": 10000.0, "亿元": 100000000.0}
SOURCES = ("caption", "frame", "header", "column", "document")

# `金额单位：万元`, `单位:万元`, `单位 万元` (a colon in another font printed on another baseline, Chongqing),
# `单位：万 元` (wrapped); never `单位名称：…`
_STATED = re.compile(r"(?:金额)?单位\s*[:：]?\s*(万\s*元|千\s*元|亿\s*元|元)")
_COLUMN = re.compile(r"[（(]\s*(万元|千元|亿元|元)\s*[）)]")


def factor(unit: str | None) -> float:
    """元 per printed unit; 1 for an unknown unit (amounts are then taken as printed and flagged)."""
    return FACTORS.get(unit or "", 1.0)


def stated_unit(text: str) -> str | None:
    """The unit a `单位：…` statement in `text` names (spaces and line breaks inside it ignored)."""
    m = _STATED.search(re.sub(r"\s+", " ", text or ""))
    return re.sub(r"\s", "", m.group(1)) if m else None


def column_unit(text: str) -> str | None:
    """The unit a column header names in brackets (`金额（万元）`)."""
    m = _COLUMN.search(text or "")
    return m.group(1) if m else None


def strip_statement(text: str) -> str:
    """`text` without its unit statement (what is left of a heading cell is its title or 部门)."""
    return _STATED.sub(" ", text or "").strip()


_CUT = re.compile(r"单位\s*[:：]?\s*[万千亿]$")


def join_wrapped(rows: list[list[str]], most: int = 6) -> list[list[str]]:
    """The first rows with a unit statement wrapped over two ruled rows put back together (`单位：万` above,
    `元` below in the same column: Jiangsu high court 2019 p14); a copy, the rest unchanged."""
    head = [list(r) for r in rows[:most]]
    for i, row in enumerate(head):
        for c, cell in enumerate(row):
            if not _CUT.search(cell.strip()):
                continue
            below = next((j for j in range(i + 1, min(i + 4, len(head))) if c < len(head[j]) and head[j][c].strip()),
                         None)
            if below is not None and head[below][c].strip().startswith("元"):
                row[c] = cell.strip() + "元"
                head[below][c] = head[below][c].strip()[1:]
    return head + [list(r) for r in rows[most:]]


def _header_rows(rows: list[list[str]], most: int = 6) -> list[list[str]]:
    """The rows above the first one printing an amount: the header."""
    from ..readers.pdf_chars import looks_numeric
    out = []
    for row in rows[:most]:
        if any(looks_numeric(v) for v in row if v):
            break
        out.append(row)
    return out


def grid_unit(rows: list[list[str]]) -> tuple[str | None, str]:
    """(unit, source) from the table's own header: a `单位：` cell, else a bracketed column unit."""
    head = _header_rows(join_wrapped(rows))
    for row in head:
        for cell in row:
            unit = stated_unit(cell)
            if unit:
                return unit, "header"
    found = {column_unit(cell) for row in head for cell in row} - {None}
    if len(found) == 1:
        return found.pop(), "column"
    return None, ""


def document_unit(texts: list[tuple[int | None, str]]) -> tuple[str | None, int | None]:
    """The one unit the whole document states (目录, cover, a note `以下金额单位均为万元`), and its page; None when
    it states none or several."""
    seen: dict[str, int | None] = {}
    for page, text in texts:
        for m in _STATED.finditer(re.sub(r"\s+", " ", text or "")):
            seen.setdefault(re.sub(r"\s", "", m.group(1)), page)
    return (next(iter(seen.items())) if len(seen) == 1 else (None, None))


def resolve_units(raw) -> None:
    """Give every grid of a RawDocument a unit and its source, in place (a grid whose reader found it keeps it).

    A grid printed without any unit statement takes the document's single stated unit; when the document states
    several units (tables in 元 and in 万元) nothing can be inferred and the unit stays unknown.
    """
    doc_unit = None
    for grid in raw.grids:
        if grid.unit_printed and grid.unit_source:
            continue
        unit, source = grid_unit(grid.rows)
        if unit is None:
            if doc_unit is None:
                doc_unit = document_unit(raw.text)
            unit, page = doc_unit
            source = f"document p{page}" if unit and page else ("document" if unit else "")
        grid.unit_printed, grid.unit_source = unit or "", source
