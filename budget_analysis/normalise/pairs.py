"""Summary tables printed as label/amount column pairs (收支总表, 财政拨款收支总表)."""
from __future__ import annotations

import re

from ..readers.grid import Grid
from .cells import clean, is_amount, is_total, label_level, parse_amount, strip_numbering
from .coded import lift_wrapped
from .headers import BREAKDOWN, column_labels, column_measure, is_column_numbers

SIDES = [("gov_economic", r"府.*经济"), ("dept_economic", r"部门.*经济|经济"), ("function", r"功能"),
         ("revenue", r"收入"), ("expenditure", r"支出"), ("revenue", r"项目")]  # 本年支出 › 项目 is no revenue


def _first_data(rows: list[list[str]]) -> int:
    for i, row in enumerate(rows):
        if sum(is_amount(c) for c in row[1:]) >= 1 and any(clean(c) and not is_amount(c) for c in row) \
                and not is_column_numbers(row):
            return i
    return len(rows)


def normalise_pairs(grid: Grid, kind: str) -> list[dict]:
    """A line per amount cell; its label is the nearest text column on its left."""
    start = _first_data(grid.rows)
    if start == len(grid.rows):
        return _headed_amounts(grid, kind)
    labels = column_labels(grid.rows[:start])
    body = grid.rows[start:]
    width = max((len(r) for r in body), default=0)
    numeric = [j for j in range(width)
               if sum(is_amount(r[j]) for r in body if j < len(r)) > 0.5 * sum(1 for r in body if j < len(r) and clean(r[j]))]
    body = _spanned_labels(_label_around(lift_wrapped(body, 0, numeric), numeric), numeric)
    # labels on the left, several amount columns on the right (政府采购支出表: … 采购组织形式 | 一般公共预算资金 |
    # 政府性基金 | 其他资金 | 总计): every amount column is named by the row's label, its measure by its header
    texts = [k for k in range(width) if k not in numeric and any(clean(r[k]) for r in body if k < len(r))]
    one_sided = len(numeric) > 1 and texts and max(texts) < min(numeric)
    out: list[dict] = []
    for j in numeric:
        label_col = next((k for k in range(min(numeric) if one_sided else j - 1, -1, -1) if k not in numeric), None)
        if label_col is None:
            continue
        head = labels[label_col] if label_col < len(labels) else ""
        side = next((s for s, p in SIDES if re.search(p, head)), "amount")
        own = column_measure(labels[j] if j < len(labels) else "")  # 本年支出 › 基本支出 › 人员经费
        side = own if own in BREAKDOWN and side == "expenditure" else side
        if one_sided and j != min(numeric):
            label = labels[j] if j < len(labels) else ""
            side = "total" if re.search(r"总计|合计", label) else (own or side)
        out += label_amounts(grid, body, start, label_col, j, side)
    return out


def _headed_amounts(grid: Grid, kind: str) -> list[dict]:
    """A table of amounts under their column headers and no label column (Jiangsu 支出预算总表: 合计 | 基本支出 |
    项目支出 over one row of figures): each column's header names its amount."""
    rows = grid.rows
    start = next((i for i, r in enumerate(rows) if any(is_amount(c) for c in r)
                  and all(is_amount(c) for c in r if clean(c))), None)
    if not start:
        return []
    labels = column_labels(rows[:start])
    measure = kind if kind in ("revenue", "expenditure") else "amount"
    out = []
    for i in range(start, len(rows)):
        for j, cell in enumerate(rows[i]):
            value, decimals = parse_amount(cell)
            name = labels[j] if j < len(labels) else ""
            if value is None or not name or not clean(cell):
                continue
            out.append(dict(unit_code=grid.unit_code, classification="none", code="", name=name,
                            level=0 if is_total(name) else 1, parent_code="", measure=measure,
                            amount=value, decimals=decimals, page=grid.row_pages[i], row=i + 1))
    return out


def _label_around(body: list[list[str]], numeric: list[int]) -> list[list[str]]:
    """A label wrapped over two lines with its amount set between them (Jiangsu 收支预算总表: `三、单位预留机动经`
    above, `3,258.06` with no label beside it, `费` below) joined into the amount's row, so the amount is not
    taken for the neighbouring pair's (三、国防支出's). The line below must not start a numbered item."""
    out = [list(r) for r in body]
    for b in numeric:
        lab = next((k for k in range(b - 1, -1, -1) if k not in numeric), None)
        if lab is None or any(lab < a < b for a in numeric):
            continue
        for r in range(1, len(out) - 1):
            above, row, below = out[r - 1], out[r], out[r + 1]
            if b >= min(len(above), len(row), len(below)):
                continue
            if not (is_amount(row[b]) and not clean(row[lab]) and not any(clean(row[k]) for k in range(lab + 1, b))):
                continue
            up, down = clean(above[lab]), clean(below[lab])
            if up and down and not clean(above[b]) and not clean(below[b]) and strip_numbering(down) == down:
                row[lab], above[lab], below[lab] = up + down, "", ""
    return out


def _spanned_labels(body: list[list[str]], numeric: list[int]) -> list[list[str]]:
    """A label cell merged over its neighbour pair (Jiangsu 收支预算总表: `当年支出小计` spans 功能分类 and 支出用途, its
    amount printed in the last column) takes the amount that no label of its own claims."""
    out = []
    for row in body:
        row = list(row)
        for a, b in zip(numeric, numeric[1:]):
            if b >= len(row) or clean(row[a]) or not clean(row[b]):
                continue
            label = next((k for k in range(a - 1, -1, -1) if k not in numeric), None)
            if label is not None and clean(row[label]) and not any(clean(row[k]) for k in range(a + 1, b)):
                row[a], row[b] = row[b], ""
        out.append(row)
    return out


def _row_label(row: list[str], label_col: int) -> str:
    """The label cell, or when it is empty the nearest text on its left before any amount (收入预算总表:
    `收入总计 |  | 27,664.22`); a bare 小计 is named by its group (`一般公共预算资金 | 小计` → 一般公共预算资金小计)."""
    cells = [clean(c) for c in row[:label_col + 1]]
    label, k = "", label_col
    while k >= 0 and not label and not is_amount(cells[k] if k < len(cells) else ""):
        label, k = (cells[k] if k < len(cells) else ""), k - 1
    if re.fullmatch(r"小计|合计", label):
        group = next((c for c in reversed(cells[:k + 1]) if c and not is_amount(c)), "")
        label = strip_numbering(group) + label if group else label
    return label


def label_amounts(grid: Grid, body: list[list[str]], start: int, label_col: int, j: int, measure: str) -> list[dict]:
    """One uncoded line per body row that has a label in `label_col` and an amount in column `j` (the 收支总表 of a
    budget and the 决算总表 read the same way; only their column roles differ)."""
    out = []
    for i, row in enumerate(body, start=start):
        label = _row_label(row, label_col)
        if not label or j >= len(row):
            continue
        value, decimals = parse_amount(row[j])
        if value is None:
            continue
        out.append(dict(unit_code=grid.unit_code, classification="none", code="", name=strip_numbering(label),
                        level=0 if is_total(label) else label_level(label), parent_code="", measure=measure,
                        amount=value, decimals=decimals, page=grid.row_pages[i], row=i + 1))
    return out
