"""Titles above tables and stitching of tables that run on over pages.

A page table gets the title, `表N` label and unit printed in the text between it
and whatever is above it (the previous table or the page top). A table with none of
these at the top of a page continues the previous page's table; its repeated header
rows are dropped and its columns are matched to the first page's by x position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .grid import Grid
from .pdf_cells import PageTable, compact, union_box
from .pdf_chars import group_lines, join_line, looks_numeric, tidy_title

_NUMBER = re.compile(r"^(表\s*\d+)\s*(.*)$")
_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元)")
_TITLE_HINT = re.compile(r"表(?:[（(].*[）)])?$|^目录$|费.{0,4}明细$")  # 会议费培训费明细
_YEAR_START = re.compile(r"^\d{4}年?")
_CONTEXT = 160  # points above a table searched for its title lines


@dataclass
class Caption:
    title: str = ""
    number: str | None = None
    unit: str | None = None

    def __bool__(self) -> bool:
        return bool(self.title or self.number or self.unit)


def text_lines(chars: list[dict], tables: list[PageTable]) -> list[tuple[float, float, str]]:
    """(top, bottom, text) of the printed lines outside every table."""
    def outside(c):
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        return not any(t.bbox[0] <= cx <= t.bbox[2] and t.bbox[1] <= cy <= t.bbox[3] for t in tables)

    free = [c for c in chars if outside(c)]
    return [(min(c["top"] for c in ln), max(c["bottom"] for c in ln), join_line(ln))
            for ln in group_lines(free)]


def _join_title(parts: list[str]) -> str:
    """Title lines top-down: a title wrapped over lines goes on until it ends in 表 or 表（…）."""
    title = parts[0]
    for part in parts[1:]:
        if _TITLE_HINT.search(title) and part[:1] not in "（(":
            break
        title += part
    return title


def caption(lines: list[tuple[float, float, str]], above: float, top: float) -> Caption:
    """Title, 表N label and unit from the lines between `above` and a table's `top`."""
    cap = Caption()
    candidates = []  # nearest the table first
    for ltop, lbottom, text in sorted(lines, key=lambda l: -l[0]):
        if not (above - 1 <= ltop and lbottom <= top + 1) or top - lbottom > _CONTEXT:
            continue
        unit = _UNIT.search(text)
        if unit:
            cap.unit = cap.unit or unit.group(1)
            continue
        num = _NUMBER.match(text)
        if num:
            cap.number = num.group(1).replace(" ", "")
            if num.group(2):
                candidates.append(tidy_title(num.group(2)))
            break
        candidates.append(tidy_title(text))
    if cap.number and candidates:
        cap.title = _join_title(candidates[::-1])
        return cap
    titled = [i for i, t in enumerate(candidates[:4]) if _TITLE_HINT.search(t)]
    if titled:
        i = titled[0]
        if i + 1 < len(candidates) and _YEAR_START.match(candidates[i + 1]) \
                and not _TITLE_HINT.search(candidates[i + 1]):
            i += 1  # repeated title wrapped over two lines, no 表N on this page
        cap.title = _join_title(candidates[i::-1])
    return cap


def repeats(table: PageTable, first: PageTable, cap: Caption, title: str) -> bool:
    """A table continued under a repeated title: same title, no 表N, same first header row.

    The per-project 绩效目标表 also repeat their title but start with a different 项目名称.
    """
    if cap.number or not cap.title or cap.title != title or not table.rows or not first.rows:
        return False
    mine = compact(table.rows[:1], table.col_spans)[0][0]
    theirs = compact(first.rows[:1], first.col_spans)[0][0]
    return mine == theirs and not any(looks_numeric(v) for v in mine)


def title_row(rows: list[list[str]]) -> str:
    """A title printed as the table's first row (Shanghai 财政项目支出绩效目标填报表)."""
    if rows and len([v for v in rows[0] if v]) == 1 and len(rows[0]) > 1:
        text = tidy_title(next(v for v in rows[0] if v))
        if _TITLE_HINT.search(text):
            return text
    return ""


def _boundaries(parts: list[tuple[int, PageTable]]) -> list[float]:
    """Column boundaries of all pages of a table, merged within 2 pt."""
    xs: list[float] = []
    for x in sorted({x for _, t in parts for span in t.col_spans for x in span}):
        if not xs or x - xs[-1] > 2.0:
            xs.append(x)
    return xs


def _on_boundaries(table: PageTable, xs: list[float]) -> list[tuple[list[str], list]]:
    """A page's rows re-expressed in the shared columns (text in the first column a cell covers),
    each with its cells' printed boxes."""
    slot = [min(range(len(xs) - 1), key=lambda i: abs(xs[i] - x0)) for x0, _ in table.col_spans]
    out = []
    for r, row in enumerate(table.rows):
        new = [""] * (len(xs) - 1)
        where: list = [None] * (len(xs) - 1)
        boxes = table.boxes[r] if r < len(table.boxes) else []
        for k, (i, v) in enumerate(zip(slot, row)):
            new[i] += v
            where[i] = union_box([where[i], boxes[k] if k < len(boxes) else None])
        out.append((new, where))
    return out


def build_grid(parts: list[tuple[int, PageTable]], cap: Caption) -> Grid:
    """One grid from a table's page parts: shared columns, repeated headers dropped, compacted."""
    xs = _boundaries(parts)
    rows: list[list[str]] = []
    pages: list[int] = []
    header: list[list[str]] = []
    boxes: list[list] = []
    for k, (page, table) in enumerate(parts):
        part = [(r, b) for r, b in _on_boundaries(table, xs) if any(r)]
        if k == 0:
            for row, _ in part[:6]:
                if any(looks_numeric(v) for v in row):
                    break
                header.append(row)
        else:
            while part and part[0][0] in header:
                part = part[1:]
        rows.extend(r for r, _ in part)
        boxes.extend(b for _, b in part)
        pages.extend([page] * len(part))
    rows, _, boxes = compact(rows, list(zip(xs, xs[1:])), boxes)
    title = cap.title or title_row(rows)
    if title and not cap.title:
        rows, pages, boxes = rows[1:], pages[1:], boxes[1:]
    first, table = parts[0]
    return Grid(title=title, rows=rows, page=first, row_pages=pages, number=cap.number,
                unit_printed=cap.unit or "元", reader="pdfplumber",
                position=f"p{first} bbox({', '.join(f'{v:.0f}' for v in table.bbox)})",
                notes=[] if title else ["no title found above the table"],
                boxes=boxes if any(b for row in boxes for b in row) else [])
