"""Titles above tables and stitching of tables that run on over pages.

A page table gets the title, `表N` label and unit printed in the text between it
and whatever is above it (the previous table or the page top). A table with none of
these at the top of a page continues the previous page's table; its repeated header
rows are dropped and its columns are matched to the first page's by x position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..normalise.units import join_wrapped, stated_unit, strip_statement
from .grid import Grid
from .pdf_cells import PageTable, compact, union_box
from .pdf_chars import group_lines, is_cjk, join_line, looks_numeric, tidy_title

# `表5`, `表一`, `公开01表：`, `预算02表`, `公开表一` — the label printed before (or above) the title
_NUMBER = re.compile(r"^(表\s*\d+|表[一二三四五六七八九十]+|(?:公开|预算)\s*\d+\s*表|公开表\s*[一二三四五六七八九十\d]+)"
                     r"\s*[:：]?\s*(.*)$")
_NUMBER_AFTER = re.compile(r"(?<=[表）)])((?:公开|预算)\s*\d+\s*表|公开表\s*[一二三四五六七八九十\d]+)$")
_LABEL = re.compile(r"(?:部门|部门名称|单位名称|预算单位|编制单位|单位)\s*[:：]\s*(.*)$")  # 部门：… heading cells
_BARE = re.compile(r"(?:部门|部门名称|单位名称|预算单位|编制单位|单位)\s*[:：]")
_HEADING_ROWS = 3  # rows at the top of a frame searched for the title, 部门 and unit printed inside it
_TITLE_HINT = re.compile(r"表(?:[（(].*[）)])?$|^目录$|费.{0,4}明细$")  # 会议费培训费明细
_YEAR_START = re.compile(r"^\d{4}年?")
_CONTEXT = 160  # points above a table searched for its title lines


@dataclass
class Caption:
    title: str = ""
    number: str | None = None
    unit: str | None = None
    unit_source: str = ""
    heading: str = ""  # the 部门/单位 named in a heading row inside the frame
    above_label: bool = False  # the title is the line above the 表N label: a title inside the frame comes first

    def __bool__(self) -> bool:
        return bool(self.title or self.number or self.unit)

    def titled(self) -> bool:
        return bool(self.title or self.number)

    def within(self, frame: "Caption") -> "Caption":
        """This caption completed by the heading printed inside the table's frame."""
        own = self.title and not _NUMBER.fullmatch(self.title) and not (self.above_label and frame.title)
        title = self.title if own else (frame.title or self.title)
        number = self.number or (_NUMBER.match(self.title).group(1) if self.title and _NUMBER.fullmatch(self.title)
                                 else None) or frame.number
        unit, source = (self.unit, self.unit_source) if self.unit else (frame.unit, frame.unit_source)
        return Caption(title=title, number=number and number.replace(" ", ""), unit=unit,
                       unit_source=source if unit else "", heading=frame.heading)


def text_lines(chars: list[dict], tables: list[PageTable]) -> list[tuple[float, float, str]]:
    """(top, bottom, text) of the printed lines outside every table."""
    boxes = [t.bbox for t in tables]
    free = []
    for c in chars:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        for x0, top, x1, bottom in boxes:
            if x0 <= cx <= x1 and top <= cy <= bottom:
                break
        else:
            free.append(c)
    return [(top, bottom, join_line(ln)) for top, bottom, ln in _attach_orphans(group_lines(free))]


def _attach_orphans(lines: list[list[dict]]) -> list[tuple[float, float, list[dict]]]:
    """(top, bottom, chars) of each line; lines of digits and marks only (`2026`, `: :`) that overlap a line
    of text join it and keep its top and bottom.

    Some generators set digits and colons in another font whose box sits lower (Chongqing: `2026` below
    `年部门收支总体情况表`, the colons of `单位名称:… 单位:万元` on a line of their own).
    """
    spans = [(min(c["top"] for c in ln), max(c["bottom"] for c in ln)) for ln in lines]
    text = [i for i, ln in enumerate(lines) if any(is_cjk(c["text"]) and c["text"].isalpha() for c in ln)]
    out = {i: (spans[i][0], spans[i][1], list(lines[i])) for i in text}
    for i, ln in enumerate(lines):
        if i in out:
            continue
        near = [(min(spans[i][1], spans[j][1]) - max(spans[i][0], spans[j][0]), j) for j in text
                if abs(j - i) <= 2]
        overlap, j = max(near, default=(0.0, None))
        if j is not None and overlap > 0:
            out[j][2].extend(ln)
        else:
            out[i] = (spans[i][0], spans[i][1], list(ln))
    return [out[i] for i in sorted(out)]


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
    window = [(t, b, text) for t, b, text in lines
              if above - 1 <= t and (t + b) / 2 <= top + 1 and top - b <= _CONTEXT]
    cap.unit = stated_unit(" ".join(text for _, _, text in window))  # also `单位：万` / `元` wrapped
    cap.unit_source = "caption" if cap.unit else ""
    candidates = []  # nearest the table first
    lines_up = sorted(window, key=lambda l: -l[0])
    for n, (ltop, lbottom, text) in enumerate(lines_up):
        if stated_unit(text) or stated_unit(text + "元"):
            continue
        num = _NUMBER.match(text)
        if num:
            cap.number = num.group(1).replace(" ", "")
            if num.group(2):
                candidates.append(tidy_title(num.group(2)))
            elif not candidates:  # the title above its label (西安 卫健委 2022 决算: `收入决算表` over `公开02表`)
                above_label = [tidy_title(t) for _, _, t in lines_up[n + 1:n + 4]]
                titled = [i for i, t in enumerate(above_label) if _TITLE_HINT.search(t)]
                if titled:  # (江苏 检察院 2019 p14 prints `第二部分 2019年度部门预算表` there, its title in the frame)
                    candidates, cap.above_label = above_label[:titled[0] + 1], True
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


def _heading_cell(text: str, into: Caption) -> bool:
    """Read one cell of a heading row into `into`; False when the cell is no heading (a column header)."""
    text = tidy_title(text)
    unit = stated_unit(text)
    if unit:
        into.unit, into.unit_source = into.unit or unit, "frame"
        text = strip_statement(text)
    label = _LABEL.search(text)
    if label:
        into.heading = into.heading or tidy_title(label.group(1))
        text = text[:label.start()].strip()
    num = _NUMBER.match(text)
    if num:
        into.number = into.number or num.group(1).replace(" ", "")
        text = num.group(2).strip()
    elif (after := _NUMBER_AFTER.search(text)) and after.start():
        into.number = into.number or after.group(1).replace(" ", "")  # `收支预算总表公开表一` (Jiangsu 2019)
        text = text[:after.start()].strip()
    if text and _TITLE_HINT.search(text) and not into.title:
        into.title, text = text, ""
    return bool(unit or label or num or not text)


def _pair_labels(cells: list[str]) -> list[str]:
    """`部门： | 江苏省人大常委会办公厅 | 单位：万元`: a bare label and the next cell, its value, as one cell."""
    out, i = [], 0
    while i < len(cells):
        if _BARE.fullmatch(cells[i].strip()) and i + 1 < len(cells) and not stated_unit(cells[i + 1]):
            out.append(cells[i].strip() + cells[i + 1].strip())
            i += 2
        else:
            out.append(cells[i])
            i += 1
    return out


def frame_heading(table: PageTable) -> tuple[Caption, PageTable]:
    """Title, 表N, 部门 and unit printed in the first rows inside a table's ruled frame, and the table without them.

    Jiangsu prints `收支预算总表部门：… 单位：万元` as the frame's first row, Suzhou/Wuxi a title row and a
    `部门：… | 单位：万元` row, Beijing `预算02表 收入总表` and `金额单位：万元` rows. A heading row has one to three
    cells of text, none an amount, each a title, label, 部门 or unit.
    """
    head = Caption()
    k = 0
    rows = join_wrapped(table.rows, _HEADING_ROWS + 2)
    for row in rows:
        cells = [v for v in row if v.strip()]
        if not cells:
            k += 1
            continue
        if len(cells) > 3 or any(looks_numeric(v) for v in cells) or k >= _HEADING_ROWS + 2:
            break
        if len(cells) > 1 and any((m := _NUMBER.fullmatch(v.strip())) and not m.group(2) for v in cells):
            break  # `表1 | 部门综合预算收支总表`: a row of a 目录, not a heading
        trial = Caption(head.title, head.number, head.unit, head.unit_source, head.heading)
        cells = _pair_labels(cells)
        if not all(_heading_cell(v, trial) for v in cells) or not (
                trial.title != head.title or trial.number != head.number or trial.unit != head.unit
                or trial.heading != head.heading):
            break
        head = trial
        k += 1
    if not head:
        return head, table
    rest = PageTable(table.bbox, rows[k:], table.row_tops[k:], table.col_spans, list(table.notes))
    return head, rest


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


def _titled(part: tuple[Caption, list[tuple[int, PageTable]]]) -> bool:
    cap, pages = part
    return cap.titled() or bool(title_row(pages[0][1].rows))


def place(found: list[tuple[Caption, list[tuple[int, PageTable]]]], pno: int, k: int, table: PageTable,
          cap: Caption, orphan: Caption | None = None) -> None:
    """Add the k-th table of page `pno` to `found`: as a new table, or as the next page of the last one.

    The heading inside the frame completes the caption above it. An untitled table atop a page continues the
    last one only when that one has a title: two untitled grids are never merged (they may be any two tables).
    A title printed inside the frame always starts a table (each Shanghai 绩效目标填报表 prints its own).
    `orphan`: the caption printed below the last table of the page before; a table atop this page without a
    title of its own takes it and starts there (Jiangsu 人大 2017: `一般公共预算机关运行经费支出预算表` at p18's foot,
    its table on p19).
    """
    inside, table = frame_heading(table)
    if orphan is not None and orphan.titled() and not cap.titled() and not inside.titled():
        cap = Caption(orphan.title, orphan.number, cap.unit or orphan.unit,
                      cap.unit_source if cap.unit else orphan.unit_source)
    cap = cap.within(inside)
    runs_on = k == 0 and found and found[-1][1][-1][0] == pno - 1 and not inside.titled() and (
        (not cap and not title_row(table.rows) and _titled(found[-1]))
        or repeats(table, found[-1][1][0][1], cap, found[-1][0].title))
    if runs_on:
        found[-1][1].append((pno, table))
    else:
        found.append((cap, [(pno, table)]))


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
            box = boxes[k] if k < len(boxes) else None
            if box:
                where[i] = box if where[i] is None else union_box((where[i], box))
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
    notes = [] if title else ["no title found above the table"]
    if cap.heading:
        notes.append(f"heading in the frame: {cap.heading}")
    return Grid(title=title, rows=rows, page=first, row_pages=pages, number=cap.number,
                unit_printed=cap.unit or "", reader="pdfplumber",
                position=f"p{first} bbox({', '.join(f'{v:.0f}' for v in table.bbox)})",
                notes=notes, unit_source=cap.unit_source if cap.unit else "",
                frames=[(p, tuple(t.bbox)) for p, t in parts],
                boxes=boxes if any(b for row in boxes for b in row) else [])
